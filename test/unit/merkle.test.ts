import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  consistencyProof,
  emptyRoot,
  hashFromHex,
  hashToHex,
  inclusionProof,
  inclusionProofs,
  inclusionProofsFromNodes,
  leafHash,
  nodesForProofs,
  MerkleAccumulator,
  nodeHash,
  rootFromLeafHashes,
  rootOfSize,
  verifyConsistency,
  verifyInclusion,
} from '../../src/platform/audit/merkle.ts';

// =================================================================================================================
// Reference: RFC 9162 §2.1 written as literally as possible, independently of the library. It works on the leaf
// *data* D[n] (not on leaf hashes), recurses on array slices exactly like the RFC's definitions, computes the split
// with logarithms instead of a loop, and verifies proofs by rebuilding the roots along the definitions instead of
// running the RFC's bit-shifting verification algorithms.
// (The known-answer tests below check the reference itself against published values.)

const sha256 = (...parts: Uint8Array[]): Buffer => createHash('sha256').update(Buffer.concat(parts)).digest();
const ZERO = Uint8Array.of(0x00);
const ONE = Uint8Array.of(0x01);

/** The largest power of two smaller than n (n > 1). */
const refSplit = (n: number): number => 2 ** Math.floor(Math.log2(n - 1));

const at = <T>(xs: readonly T[], i: number): T => {
  const x = xs[i];
  if (x === undefined) throw new Error(`index ${String(i)} out of range`);
  return x;
};

/**
 * MTH, PATH and SUBPROOF over D[lo:hi] of one fixed list of leaf data D, recursing exactly as RFC 9162 §2.1.1,
 * §2.1.3.1 and §2.1.4.1 write them. MTH results are memoized per range so that checking every index of a
 * 300-leaf tree stays fast; the memo changes no result.
 */
class Reference {
  readonly #memo = new Map<string, Buffer>();

  constructor(readonly D: readonly Uint8Array[]) {}

  /** MTH(D[lo:hi]). */
  MTH(lo = 0, hi = this.D.length): Buffer {
    const n = hi - lo;
    if (n === 0) return sha256();
    if (n === 1) return sha256(ZERO, at(this.D, lo));
    const key = `${String(lo)}:${String(hi)}`;
    const known = this.#memo.get(key);
    if (known) return known;
    const k = refSplit(n);
    const value = sha256(ONE, this.MTH(lo, lo + k), this.MTH(lo + k, hi));
    this.#memo.set(key, value);
    return value;
  }

  /** PATH(m, D[lo:hi]), m counted from lo. */
  PATH(m: number, lo = 0, hi = this.D.length): Buffer[] {
    const n = hi - lo;
    if (n === 1) return [];
    const k = refSplit(n);
    return m < k
      ? [...this.PATH(m, lo, lo + k), this.MTH(lo + k, hi)]
      : [...this.PATH(m - k, lo + k, hi), this.MTH(lo, lo + k)];
  }

  /** SUBPROOF(m, D[lo:hi], b), m counted from lo. */
  SUBPROOF(m: number, lo: number, hi: number, b: boolean): Buffer[] {
    const n = hi - lo;
    if (m === n) return b ? [] : [this.MTH(lo, hi)];
    const k = refSplit(n);
    return m <= k
      ? [...this.SUBPROOF(m, lo, lo + k, b), this.MTH(lo + k, hi)]
      : [...this.SUBPROOF(m - k, lo + k, hi, false), this.MTH(lo, lo + k)];
  }

  /** PROOF(m, D[0:n]) for 0 < m < n; empty for the trivial m = 0 and m = n. */
  PROOF(m: number, n = this.D.length): Buffer[] {
    return m > 0 && m < n ? this.SUBPROOF(m, 0, n, true) : [];
  }
}

const refMTH = (D: readonly Uint8Array[]): Buffer => new Reference(D).MTH();
const refPATH = (m: number, D: readonly Uint8Array[]): Buffer[] => new Reference(D).PATH(m);
const refPROOF = (m: number, D: readonly Uint8Array[]): Buffer[] => new Reference(D).PROOF(m);

const is32 = (h: Uint8Array): boolean => h.length === 32;
const eq = (a: Uint8Array, b: Uint8Array): boolean => Buffer.compare(a, b) === 0;

/** Rebuilds MTH from a leaf hash and PATH(m, D[n]) by following the PATH definition backwards; null if it cannot. */
function refRootFromPath(leaf: Uint8Array, m: number, n: number, path: readonly Uint8Array[]): Uint8Array | null {
  if (n === 1) return path.length === 0 ? leaf : null;
  if (path.length === 0) return null;
  const k = refSplit(n);
  const last = at(path, path.length - 1);
  const rest = path.slice(0, -1);
  if (m < k) {
    const left = refRootFromPath(leaf, m, k, rest);
    return left && sha256(ONE, left, last);
  }
  const right = refRootFromPath(leaf, m - k, n - k, rest);
  return right && sha256(ONE, last, right);
}

function refVerifyInclusion(leaf: Uint8Array, m: number, n: number, path: readonly Uint8Array[], root: Uint8Array): boolean {
  if (!(m >= 0 && m < n) || !is32(leaf) || !is32(root) || !path.every(is32)) return false;
  const rebuilt = refRootFromPath(leaf, m, n, path);
  return rebuilt !== null && eq(rebuilt, root);
}

/** Rebuilds (old root, new root) from SUBPROOF(m, D[n], b) following the definition backwards; null if it cannot. */
function refRootsFromSubproof(
  m: number,
  n: number,
  proof: readonly Uint8Array[],
  b: boolean,
  oldRoot: Uint8Array,
): { old: Uint8Array; new: Uint8Array } | null {
  if (m === n) {
    if (b) return proof.length === 0 ? { old: oldRoot, new: oldRoot } : null;
    return proof.length === 1 ? { old: at(proof, 0), new: at(proof, 0) } : null;
  }
  if (proof.length === 0) return null;
  const k = refSplit(n);
  const last = at(proof, proof.length - 1);
  const rest = proof.slice(0, -1);
  if (m <= k) {
    const sub = refRootsFromSubproof(m, k, rest, b, oldRoot);
    return sub && { old: sub.old, new: sha256(ONE, sub.new, last) };
  }
  const sub = refRootsFromSubproof(m - k, n - k, rest, false, oldRoot);
  return sub && { old: sha256(ONE, last, sub.old), new: sha256(ONE, last, sub.new) };
}

function refVerifyConsistency(m: number, n: number, rootM: Uint8Array, rootN: Uint8Array, proof: readonly Uint8Array[]): boolean {
  if (!(m >= 0 && m <= n) || !is32(rootM) || !is32(rootN) || !proof.every(is32)) return false;
  if (m === n) return proof.length === 0 && eq(rootM, rootN);
  if (m === 0) return proof.length === 0;
  const roots = refRootsFromSubproof(m, n, proof, true, rootM);
  return roots !== null && eq(roots.old, rootM) && eq(roots.new, rootN);
}

// =================================================================================================================
// Helpers

const hex = (hs: readonly Uint8Array[]): string[] => hs.map((h) => Buffer.from(h).toString('hex'));
const unhex = (h: string): Buffer => Buffer.from(h, 'hex');

/** Distinct leaves (distinct data, so distinct leaf hashes): a wrong index cannot coincide with a duplicate. */
const distinctLeaves = (seed: number, n: number): Uint8Array[] =>
  Array.from({ length: n }, (_, i) => Buffer.from(`event ${String(seed)}/${String(i)}`));

/** A copy of `proof` with one bit flipped in one byte of one element. */
function flipped(proof: readonly Uint8Array[], element: number, byte: number, bit: number): Buffer[] {
  return proof.map((h, i) => {
    const copy = Buffer.from(h);
    if (i === element) copy[byte] = (copy[byte] ?? 0) ^ (1 << bit);
    return copy;
  });
}

interface Tree {
  data: Uint8Array[];
  ref: Reference;
  hashes: Buffer[];
  /** Reference MTH of every prefix: roots[s] is the root of size s. */
  roots: Buffer[];
}

function makeTree(data: Uint8Array[]): Tree {
  const ref = new Reference(data);
  return { data, ref, hashes: data.map(leafHash), roots: Array.from({ length: data.length + 1 }, (_, s) => ref.MTH(0, s)) };
}

// =================================================================================================================
// Known answers

// RFC 6962 test data as published by transparency-dev/merkle (testonly/constants.go, proof/verify_test.go),
// used as data only: leaf inputs, the root of every prefix size 0..8, and proofs (their 1-based leaf numbers
// converted to 0-based indices here).
const CT_LEAVES = ['', '00', '10', '2021', '3031', '40414243', '5051525354555657', '606162636465666768696a6b6c6d6e6f'].map(
  unhex,
);
const CT_ROOTS = [
  'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
  'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
  'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
  '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
  'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
  '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
];
// Perfect subtree hashes by level: CT_NODES[level][i] is the root of leaves [i·2^level, (i+1)·2^level).
const CT_NODES = [
  [
    '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
    '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
    '0298d122906dcfc10892cb53a73992fc5b9f493ea4c9badb27b791b4127a7fe7',
    '07506a85fd9dd2f120eb694f86011e5bb4662e5c415a62917033d4a9624487e7',
    'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
    '4271a26be0d8a84f0bd54c8c302e7cb3a3b5d1fa6780a40bcce2873477dab658',
    'b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f',
    '46f6ffadd3d06a09ff3c5860d2755c8b9819db7df44251788c7d8e3180de8eb1',
  ],
  [
    'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
    '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
    '0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a',
    'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
  ],
  [
    'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
  ],
  ['5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328'],
];
const node = (level: number, i: number): string => at(at(CT_NODES, level), i);
// The compact range (frontier) of every prefix size 0..8, from testonly/constants.go CompactTrees().
const CT_FRONTIERS: string[][] = [
  [],
  [node(0, 0)],
  [node(1, 0)],
  [node(1, 0), node(0, 2)],
  [node(2, 0)],
  [node(2, 0), node(0, 4)],
  [node(2, 0), node(1, 2)],
  [node(2, 0), node(1, 2), node(0, 6)],
  [node(3, 0)],
];
const CT_INCLUSION: { index: number; size: number; proof: string[] }[] = [
  { index: 0, size: 1, proof: [] },
  { index: 0, size: 8, proof: [node(0, 1), node(1, 1), node(2, 1)] },
  { index: 5, size: 8, proof: [node(0, 4), node(1, 3), node(2, 0)] },
  { index: 2, size: 3, proof: [node(1, 0)] },
  { index: 1, size: 5, proof: [node(0, 0), node(1, 1), node(0, 4)] },
];
const CT_CONSISTENCY: { m: number; n: number; proof: string[] }[] = [
  { m: 1, n: 1, proof: [] },
  { m: 1, n: 8, proof: [node(0, 1), node(1, 1), node(2, 1)] },
  { m: 6, n: 8, proof: [node(1, 2), node(1, 3), node(2, 0)] },
  { m: 2, n: 5, proof: [node(1, 1), node(0, 4)] },
  { m: 6, n: 7, proof: [node(1, 2), node(0, 6), node(2, 0)] },
];

describe('RFC 9162 known answers (Certificate Transparency test data)', () => {
  const hashes = CT_LEAVES.map(leafHash);

  it('the published node values spell out the proofs the vectors list', () => {
    // Guards the transcription above: the proof vectors were copied as hex, here they are node names.
    expect(hashToHex(at(hashes, 1))).toBe(node(0, 1));
    expect(hashToHex(nodeHash(at(hashes, 2), at(hashes, 3)))).toBe(node(1, 1));
  });

  it('leaf and node hashing, and the empty tree', () => {
    expect(hashToHex(emptyRoot())).toBe(CT_ROOTS[0]);
    expect(hashToHex(rootFromLeafHashes([]))).toBe(CT_ROOTS[0]);
    expect(hex(hashes)).toEqual(CT_NODES[0]);
    expect(hashToHex(nodeHash(at(hashes, 0), at(hashes, 1)))).toBe(node(1, 0));
  });

  it('root of every prefix 0..8, by the library, the accumulator and the reference', () => {
    const acc = new MerkleAccumulator();
    for (let size = 0; size <= CT_LEAVES.length; size += 1) {
      expect(hashToHex(rootFromLeafHashes(hashes.slice(0, size))), `size ${String(size)}`).toBe(CT_ROOTS[size]);
      expect(hashToHex(rootOfSize(hashes, size))).toBe(CT_ROOTS[size]);
      expect(hashToHex(refMTH(CT_LEAVES.slice(0, size)))).toBe(CT_ROOTS[size]);
      expect(hashToHex(acc.root())).toBe(CT_ROOTS[size]);
      expect(hex(acc.frontier)).toEqual(CT_FRONTIERS[size]);
      const next = CT_LEAVES[size];
      if (next !== undefined) acc.appendLeaf(next);
    }
  });

  it('inclusion proofs', () => {
    for (const { index, size, proof } of CT_INCLUSION) {
      expect(hex(inclusionProof(hashes, index, size))).toEqual(proof);
      expect(hex(refPATH(index, CT_LEAVES.slice(0, size)))).toEqual(proof);
      expect(verifyInclusion(at(hashes, index), index, size, proof.map(unhex), unhex(at(CT_ROOTS, size)))).toBe(true);
    }
  });

  it('consistency proofs', () => {
    for (const { m, n, proof } of CT_CONSISTENCY) {
      expect(hex(consistencyProof(hashes, m, n))).toEqual(proof);
      expect(hex(refPROOF(m, CT_LEAVES.slice(0, n)))).toEqual(proof);
      const [rootM, rootN] = [unhex(at(CT_ROOTS, m)), unhex(at(CT_ROOTS, n))];
      expect(verifyConsistency(m, n, rootM, rootN, proof.map(unhex))).toBe(true);
    }
  });

  it('the reference split is the largest power of two below n', () => {
    for (let n = 2; n <= 5000; n += 1) {
      const k = refSplit(n);
      expect(k < n && 2 * k >= n && Number.isInteger(Math.log2(k)), `n = ${String(n)}`).toBe(true);
    }
  });
});

// =================================================================================================================
// Library against reference, over random trees

/** Random tree sizes 1..300 with distinct leaves. */
const arbTree = fc
  .record({ seed: fc.nat(), n: fc.integer({ min: 1, max: 300 }) })
  .map(({ seed, n }) => makeTree(distinctLeaves(seed, n)));

describe('inclusion proofs agree with the reference and verify', () => {
  it('for every index of random trees of size 1..300', () => {
    fc.assert(
      fc.property(arbTree, fc.nat(), fc.nat(), fc.nat({ max: 7 }), (tree, r1, r2, bit) => {
        const n = tree.data.length;
        const root = at(tree.roots, n);
        expect(rootFromLeafHashes(tree.hashes).equals(root)).toBe(true);
        for (let i = 0; i < n; i += 1) {
          const leaf = at(tree.hashes, i);
          const proof = inclusionProof(tree.hashes, i, n);
          expect(hex(proof)).toEqual(hex(tree.ref.PATH(i)));
          expect(verifyInclusion(leaf, i, n, proof, root)).toBe(true);
          expect(refVerifyInclusion(leaf, i, n, proof, root)).toBe(true);

          // One flipped bit anywhere in the proof.
          if (proof.length > 0) {
            const bad = flipped(proof, (r1 + i) % proof.length, (r2 + i) % 32, bit);
            expect(verifyInclusion(leaf, i, n, bad, root)).toBe(false);
          }
          // A wrong index: every wrong index is rejected (the leaves are distinct).
          for (const j of [i - 1, i + 1, i ^ 1, i ^ 2, (i + 1 + r1) % n, -1, n]) {
            if (j !== i) expect(verifyInclusion(leaf, j, n, proof, root), `leaf ${String(i)} as ${String(j)}`).toBe(false);
          }
          // A wrong root (the previous tree's, the next one's, the empty tree's), a wrong leaf.
          for (const wrongRoot of [at(tree.roots, n - 1), emptyRoot(), nodeHash(root, root)]) {
            expect(verifyInclusion(leaf, i, n, proof, wrongRoot)).toBe(false);
          }
          expect(verifyInclusion(leafHash(Buffer.from('not an event')), i, n, proof, root)).toBe(false);
          // Truncated, extended, shortened hashes.
          if (proof.length > 0) expect(verifyInclusion(leaf, i, n, proof.slice(0, -1), root)).toBe(false);
          expect(verifyInclusion(leaf, i, n, [...proof, root], root)).toBe(false);
          expect(verifyInclusion(leaf, i, n, [root, ...proof], root)).toBe(false);
          if (proof.length > 0) expect(verifyInclusion(leaf, i, n, [Buffer.alloc(0), ...proof.slice(1)], root)).toBe(false);

          // A wrong tree size: the library decides exactly as the reference does, and the verdict is "no"
          // whenever the other size gives the leaf a path of another length (always for 2n, and for n/2 when
          // the leaf is in it). It can be "yes" only where both sizes give the leaf the same path shape: see
          // the dedicated test below.
          for (const size of [n - 1, n + 1, 2 * n, Math.floor(n / 2), n + 1 + (r2 % 300)]) {
            if (size === n) continue;
            const verdict = verifyInclusion(leaf, i, size, proof, root);
            expect(verdict, `leaf ${String(i)} of ${String(n)} checked as size ${String(size)}`).toBe(
              refVerifyInclusion(leaf, i, size, proof, root),
            );
            if (i >= size || refPathLength(i, size) !== proof.length) expect(verdict).toBe(false);
          }
        }
      }),
      { numRuns: 25 },
    );
  });

  it('proofs computed together (record bundles) equal the one-at-a-time proofs and the reference, for every index', () => {
    fc.assert(
      fc.property(arbTree, (tree) => {
        const n = tree.data.length;
        const all = Array.from({ length: n }, (_, i) => i);
        const together = inclusionProofs(tree.hashes, all, n);
        for (const i of all) {
          expect(hex(together[i]!)).toEqual(hex(inclusionProof(tree.hashes, i, n)));
          expect(hex(together[i]!)).toEqual(hex(tree.ref.PATH(i, 0, n)));
        }
        // A prefix of a longer log, some indices only.
        const m = Math.max(1, n - 3);
        expect(inclusionProofs(tree.hashes, [0, m - 1], m).map(hex)).toEqual([hex(inclusionProof(tree.hashes, 0, m)), hex(inclusionProof(tree.hashes, m - 1, m))]);
      }),
      { numRuns: 40 },
    );
    expect(() => inclusionProofs([emptyRoot()], [1], 1)).toThrow(RangeError);
  });

  it('proofs from a getLeafHash function equal proofs from the array', () => {
    fc.assert(
      fc.property(arbTree, fc.nat(), (tree, r) => {
        const n = tree.data.length;
        const get = (i: number): Buffer => at(tree.hashes, i);
        const i = r % n;
        expect(hex(inclusionProof(get, i, n))).toEqual(hex(inclusionProof(tree.hashes, i, n)));
        expect(hex(consistencyProof(get, i, n))).toEqual(hex(consistencyProof(tree.hashes, i, n)));
        expect(rootOfSize(get, i).equals(at(tree.roots, i))).toBe(true);
        // Proofs for an older tree from the leaves of a newer one.
        expect(hex(inclusionProof(tree.hashes, 0, i + 1))).toEqual(hex(tree.ref.PATH(0, 0, i + 1)));
        expect(hex(consistencyProof(tree.hashes, i, i + 1))).toEqual(hex(tree.ref.PROOF(i, i + 1)));
      }),
      { numRuns: 100 },
    );
  });

  it('accepting another tree size happens exactly when the paths have the same shape, e.g. leaf 0 in sizes 5 and 6', () => {
    // RFC 9162's verifier binds the proof to the root, and the size only through the path's shape; where two
    // sizes route a leaf identically the proof and root of one pass as the other. Harmless, because a
    // checkpoint signs size and root together, but worth pinning down.
    const tree = makeTree(distinctLeaves(7, 6));
    const proof5 = inclusionProof(tree.hashes, 0, 5);
    const root5 = at(tree.roots, 5);
    expect(verifyInclusion(at(tree.hashes, 0), 0, 5, proof5, root5)).toBe(true);
    expect(verifyInclusion(at(tree.hashes, 0), 0, 6, proof5, root5)).toBe(true);
    expect(refVerifyInclusion(at(tree.hashes, 0), 0, 6, proof5, root5)).toBe(true);
    // ... and not against size 6's own root.
    expect(verifyInclusion(at(tree.hashes, 0), 0, 6, proof5, at(tree.roots, 6))).toBe(false);
  });
});

/** Length of PATH(m, D[n]): computed from the definition without hashing. */
function refPathLength(m: number, n: number): number {
  if (n === 1) return 0;
  const k = refSplit(n);
  return 1 + (m < k ? refPathLength(m, k) : refPathLength(m - k, n - k));
}

describe('consistency proofs agree with the reference and verify', () => {
  it('for every m of random trees of size 1..300', () => {
    fc.assert(
      fc.property(arbTree, fc.nat(), fc.nat(), fc.nat({ max: 7 }), (tree, r1, r2, bit) => {
        const n = tree.data.length;
        const rootN = at(tree.roots, n);
        for (let m = 0; m <= n; m += 1) {
          const rootM = at(tree.roots, m);
          const proof = consistencyProof(tree.hashes, m, n);
          expect(hex(proof), `${String(m)} -> ${String(n)}`).toEqual(hex(tree.ref.PROOF(m)));
          expect(verifyConsistency(m, n, rootM, rootN, proof)).toBe(true);
          expect(refVerifyConsistency(m, n, rootM, rootN, proof)).toBe(true);
          if (m === 0 || m === n) {
            expect(proof).toEqual([]);
            continue;
          }

          // One flipped bit anywhere in the proof.
          const bad = flipped(proof, (r1 + m) % proof.length, (r2 + m) % 32, bit);
          expect(verifyConsistency(m, n, rootM, rootN, bad)).toBe(false);
          // Wrong roots.
          expect(verifyConsistency(m, n, at(tree.roots, m - 1), rootN, proof)).toBe(false);
          expect(verifyConsistency(m, n, rootM, at(tree.roots, n - 1), proof)).toBe(false);
          expect(verifyConsistency(m, n, rootN, rootM, proof)).toBe(false);
          expect(verifyConsistency(m, n, emptyRoot(), rootN, proof)).toBe(false);
          // Empty, truncated, extended proofs.
          expect(verifyConsistency(m, n, rootM, rootN, [])).toBe(false);
          expect(verifyConsistency(m, n, rootM, rootN, proof.slice(0, -1))).toBe(false);
          expect(verifyConsistency(m, n, rootM, rootN, [...proof, rootN])).toBe(false);
          expect(verifyConsistency(m, n, rootM, rootN, [rootM, ...proof])).toBe(false);
          expect(verifyConsistency(m, n, rootM, rootN, [at(proof, 0), ...proof])).toBe(false);
          // Wrong sizes, with the roots the proof was made for: same verdict as the reference, and never "yes"
          // for an old size that does not fit the proof or a new size smaller than the old.
          const sizes: [number, number][] = [
            [m - 1, n],
            [m + 1, n],
            [m ^ 2, n],
            [m, n - 1],
            [m, n + 1],
            [m, 2 * n],
            [m, Math.floor(n / 2)],
            [(m + 1 + r1) % n, n],
            [m, n + 1 + (r2 % 300)],
          ];
          for (const [m2, n2] of sizes) {
            if (m2 === m && n2 === n) continue;
            const verdict = verifyConsistency(m2, n2, rootM, rootN, proof);
            expect(verdict, `${String(m)} -> ${String(n)} checked as ${String(m2)} -> ${String(n2)}`).toBe(
              refVerifyConsistency(m2, n2, rootM, rootN, proof),
            );
            if (m2 > n2 || m2 < 0) expect(verdict).toBe(false);
            if (n2 === n) expect(verdict, `wrong old size ${String(m2)} for ${String(m)} -> ${String(n)}`).toBe(false);
          }
        }
      }),
      { numRuns: 25 },
    );
  }, 120_000); // every m of 25 trees up to 300 leaves: CPU-bound, slow on a loaded 2-core machine

  it('every (m, n) pair with n <= 40, exhaustively', () => {
    for (let n = 1; n <= 40; n += 1) {
      const tree = makeTree(distinctLeaves(n, n));
      for (let m = 0; m <= n; m += 1) {
        const proof = consistencyProof(tree.hashes, m, n);
        expect(hex(proof)).toEqual(hex(tree.ref.PROOF(m)));
        expect(verifyConsistency(m, n, at(tree.roots, m), at(tree.roots, n), proof)).toBe(true);
        if (m < n) expect(verifyInclusion(at(tree.hashes, m), m, n, inclusionProof(tree.hashes, m, n), at(tree.roots, n))).toBe(true);
      }
    }
  });

  it('trivial cases follow transparency-dev/merkle: m = n needs equal roots, m = 0 anything, m > n nothing', () => {
    const tree = makeTree(distinctLeaves(3, 5));
    const [r0, r3, r5] = [at(tree.roots, 0), at(tree.roots, 3), at(tree.roots, 5)];
    expect(verifyConsistency(3, 3, r3, r3, [])).toBe(true);
    expect(verifyConsistency(3, 3, r3, r5, [])).toBe(false);
    expect(verifyConsistency(3, 3, r3, r3, [r3])).toBe(false);
    expect(verifyConsistency(0, 5, r0, r5, [])).toBe(true);
    expect(verifyConsistency(0, 5, r0, r5, [r5])).toBe(false);
    expect(verifyConsistency(0, 0, r0, r0, [])).toBe(true);
    expect(verifyConsistency(5, 3, r5, r3, consistencyProof(tree.hashes, 3, 5))).toBe(false);
    expect(verifyConsistency(3, 5, r3, r5, consistencyProof(tree.hashes, 3, 5))).toBe(true);
  });
});

describe('arbitrary leaf data (duplicates and empty leaves included)', () => {
  it('roots and proofs equal the reference', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 6 }), { minLength: 1, maxLength: 70 }), fc.nat(), (data, r) => {
        const hashes = data.map(leafHash);
        const n = data.length;
        const i = r % n;
        expect(rootFromLeafHashes(hashes).equals(refMTH(data))).toBe(true);
        expect(hex(inclusionProof(hashes, i, n))).toEqual(hex(refPATH(i, data)));
        expect(hex(consistencyProof(hashes, i, n))).toEqual(hex(refPROOF(i, data)));
        expect(MerkleAccumulator.fromLeafHashes(hashes).root().equals(refMTH(data))).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});

describe('input checking', () => {
  const hashes = distinctLeaves(1, 10).map(leafHash);

  it('proof builders refuse impossible requests', () => {
    expect(() => inclusionProof(hashes, 10, 10)).toThrow(RangeError);
    expect(() => inclusionProof(hashes, -1, 10)).toThrow(RangeError);
    expect(() => inclusionProof(hashes, 0, 11)).toThrow(RangeError);
    expect(() => inclusionProof(hashes, 0.5, 10)).toThrow(RangeError);
    expect(() => consistencyProof(hashes, 4, 3)).toThrow(RangeError);
    expect(() => consistencyProof(hashes, 3, 11)).toThrow(RangeError);
    expect(() => rootOfSize(hashes, 11)).toThrow(RangeError);
    expect(() => rootFromLeafHashes([Buffer.alloc(31)])).toThrow(TypeError);
  });

  it('verifiers answer false, never throw, on malformed input', () => {
    const root = rootFromLeafHashes(hashes);
    const leaf = at(hashes, 3);
    const proof = inclusionProof(hashes, 3, 10);
    expect(verifyInclusion(leaf, 3, 10, proof, root)).toBe(true);
    expect(verifyInclusion(leaf, 3, 10, proof, root.subarray(0, 31))).toBe(false);
    expect(verifyInclusion(leaf.subarray(1), 3, 10, proof, root)).toBe(false);
    expect(verifyInclusion(leaf, 3.5, 10, proof, root)).toBe(false);
    expect(verifyInclusion(leaf, 3, Number.NaN, proof, root)).toBe(false);
    expect(verifyInclusion(leaf, 0, 0, [], emptyRoot())).toBe(false);
    expect(verifyConsistency(Number.NaN, 10, root, root, [])).toBe(false);
    expect(verifyConsistency(-1, 10, root, root, [])).toBe(false);
    expect(verifyConsistency(10, 10, root, root.subarray(1), [])).toBe(false);
  });

  it('accepts plain Uint8Arrays as well as Buffers', () => {
    const plain = hashes.map((h) => new Uint8Array(h));
    const root = rootFromLeafHashes(hashes);
    expect(rootFromLeafHashes(plain).equals(root)).toBe(true);
    const proof = inclusionProof(plain, 2, 10).map((h) => new Uint8Array(h));
    expect(verifyInclusion(at(plain, 2), 2, 10, proof, new Uint8Array(root))).toBe(true);
    expect(hashToHex(new Uint8Array(root))).toBe(root.toString('hex'));
    expect(hashFromHex(root.toString('hex').toUpperCase()).equals(root)).toBe(true);
    expect(() => hashFromHex('abc')).toThrow();
  });
});

// =================================================================================================================
// Accumulator

describe('MerkleAccumulator', () => {
  it('appending one at a time gives the root of every prefix', () => {
    fc.assert(
      fc.property(fc.nat(), fc.integer({ min: 0, max: 300 }), (seed, n) => {
        const data = distinctLeaves(seed, n);
        const hashes = data.map(leafHash);
        const acc = new MerkleAccumulator();
        expect(acc.root().equals(emptyRoot())).toBe(true);
        for (let i = 0; i < n; i += 1) {
          expect(acc.append(at(hashes, i))).toBe(i);
          expect(acc.size).toBe(i + 1);
          expect(acc.root().equals(rootFromLeafHashes(hashes.slice(0, i + 1)))).toBe(true);
          // O(log n): one frontier hash per set bit of the size.
          expect(acc.frontier.length).toBe((i + 1).toString(2).replaceAll('0', '').length);
        }
        expect(acc.root().equals(refMTH(data))).toBe(true);
      }),
      { numRuns: 30 },
    );
  });

  it('survives a JSON round trip at every size, and keeps appending to the same roots', () => {
    fc.assert(
      fc.property(fc.nat(), fc.integer({ min: 1, max: 200 }), (seed, n) => {
        const hashes = distinctLeaves(seed, n).map(leafHash);
        let acc = new MerkleAccumulator();
        for (let i = 0; i < n; i += 1) {
          const text = JSON.stringify(acc); // what the server writes
          const parsed = JSON.parse(text) as { size: number; frontier: string[] };
          expect(parsed.size).toBe(i);
          expect(parsed.frontier.every((h) => /^[0-9a-f]{64}$/.test(h))).toBe(true);
          acc = MerkleAccumulator.fromJSON(parsed); // what the next transaction reads
          expect(MerkleAccumulator.fromJSON(text).root().equals(acc.root())).toBe(true);
          acc.append(at(hashes, i));
          expect(acc.root().equals(rootFromLeafHashes(hashes.slice(0, i + 1)))).toBe(true);
        }
      }),
      { numRuns: 30 },
    );
  });

  it('a large log: the accumulator and the batch root agree at 2^15 + 3 leaves', () => {
    const n = 2 ** 15 + 3;
    const hashes = Array.from({ length: n }, (_, i) => leafHash(Buffer.from(String(i))));
    const acc = MerkleAccumulator.fromLeafHashes(hashes);
    expect(acc.root().equals(rootFromLeafHashes(hashes))).toBe(true);
    expect(acc.frontier.length).toBe(3);
    const proof = inclusionProof((i) => at(hashes, i), n - 2, n);
    expect(verifyInclusion(at(hashes, n - 2), n - 2, n, proof, acc.root())).toBe(true);
    const cons = consistencyProof(hashes, 30_000, n);
    expect(verifyConsistency(30_000, n, rootOfSize(hashes, 30_000), acc.root(), cons)).toBe(true);
  });

  it('refuses malformed JSON', () => {
    const good = MerkleAccumulator.fromLeafHashes(distinctLeaves(0, 5).map(leafHash)).toJSON();
    expect(() => MerkleAccumulator.fromJSON(good)).not.toThrow();
    const bad: unknown[] = [
      null,
      [],
      '[]',
      { size: 5 },
      { frontier: good.frontier },
      { size: 4, frontier: good.frontier }, // 4 has one set bit, the frontier has two hashes
      { size: -1, frontier: [] },
      { size: 1.5, frontier: [] },
      { size: '5', frontier: good.frontier },
      { size: 5, frontier: [good.frontier[0], 'zz'] },
      { size: 5, frontier: [good.frontier[0], 7] },
    ];
    for (const value of bad) expect(() => MerkleAccumulator.fromJSON(value), JSON.stringify(value)).toThrow();
  });

  it('is not changed through its inputs or outputs, and clones are independent', () => {
    const hashes = distinctLeaves(2, 3).map(leafHash);
    const acc = new MerkleAccumulator();
    const input = Buffer.from(at(hashes, 0));
    acc.append(input);
    input.fill(0);
    at(acc.frontier, 0).fill(0);
    acc.root().fill(0);
    expect(acc.root().equals(rootFromLeafHashes(hashes.slice(0, 1)))).toBe(true);
    const copy = acc.clone();
    copy.append(at(hashes, 1));
    expect(acc.size).toBe(1);
    expect(copy.root().equals(rootFromLeafHashes(hashes.slice(0, 2)))).toBe(true);
    expect(() => acc.append(Buffer.alloc(33))).toThrow(TypeError);
    expect(MerkleAccumulator.empty().toJSON()).toEqual({ size: 0, frontier: [] });
    const { index, leafHash: h } = acc.appendLeaf(Buffer.from('x'));
    expect(index).toBe(1);
    expect(h.equals(leafHash(Buffer.from('x')))).toBe(true);
  });
});

// =================================================================================================================
// Proofs from stored perfect subtrees (what the server keeps in audit_nodes): byte-identical to RFC 9162's PATH.

describe('inclusion proofs from stored nodes', () => {
  /** The leaf data, its leaf hashes, and every node appendCollect returned while appending them. */
  function grown(n: number) {
    const D = Array.from({ length: n }, (_, i) => Buffer.from(`event ${String(i)}`));
    const leaves = D.map((d) => leafHash(d));
    const acc = MerkleAccumulator.empty();
    const stored = new Map<string, Buffer>(leaves.map((h, i) => [`0:${String(i)}`, h]));
    for (const h of leaves) for (const node of acc.appendCollect(h)) stored.set(`${String(node.level)}:${String(node.index)}`, node.hash);
    return { D, leaves, acc, stored };
  }

  it('appendCollect returns each perfect subtree once, when its last leaf arrives', () => {
    const { stored } = grown(64);
    // 64 leaves make 32 + 16 + 8 + 4 + 2 + 1 inner subtrees; the top one is the root.
    expect([...stored.keys()].filter((k) => !k.startsWith('0:'))).toHaveLength(63);
    expect(stored.get('6:0')).toEqual(rootFromLeafHashes(grown(64).leaves));
  });

  it('equals PATH(m, D[n]) for every leaf of every tree up to 70 leaves, using only the nodes it asks for', () => {
    for (let n = 1; n <= 70; n += 1) {
      const { D, stored } = grown(n);
      // A tree checkpointed at n: later appends add nodes, never change these.
      const indices = Array.from({ length: n }, (_, i) => i);
      const asked = new Set(nodesForProofs(indices, n).map((r) => `${String(r.level)}:${String(r.index)}`));
      const proofs = inclusionProofsFromNodes(indices, n, (level, index) => {
        const key = `${String(level)}:${String(index)}`;
        expect(asked.has(key), key).toBe(true);
        return stored.get(key)!;
      });
      for (const m of indices) expect(proofs[m]!.map(hashToHex)).toEqual(refPATH(m, D).map(hashToHex));
    }
  });

  it('proves a leaf of a large tree from O(log n) nodes, after the tree has grown past the checkpoint', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 3000 }), fc.integer({ min: 0, max: 500 }), fc.nat(), (size, extra, pick) => {
        const { leaves, stored } = grown(size + extra);
        const m = pick % size;
        const refs = nodesForProofs([m], size);
        expect(refs.length).toBeLessThanOrEqual(2 * Math.ceil(Math.log2(size + 1)) ** 2);
        const [proof] = inclusionProofsFromNodes([m], size, (level, index) => stored.get(`${String(level)}:${String(index)}`)!);
        expect(proof).toEqual(inclusionProof(leaves, m, size));
      }),
      { numRuns: 40 },
    );
  });

  it('refuses to make up a node it was not given', () => {
    expect(() => inclusionProofsFromNodes([0], 4, () => new Uint8Array())).toThrow(RangeError);
  });
});

