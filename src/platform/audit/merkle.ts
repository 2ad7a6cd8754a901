/**
 * The audit log's Merkle tree, exactly as RFC 9162 (Certificate Transparency v2) §2.1 defines it, with SHA-256.
 *
 *   leaf hash  = SHA-256(0x00 ‖ leaf bytes)
 *   node hash  = SHA-256(0x01 ‖ left ‖ right)
 *   MTH({})    = SHA-256("")
 *   MTH(D[n])  = node hash of MTH(D[0:k]) and MTH(D[k:n]), k the largest power of two below n
 *
 * Everything here is pure: no I/O, no clock. Hashes are 32-byte Buffers; tree sizes and indices are non-negative
 * safe integers (the bit arithmetic below uses division, not 32-bit operators, so sizes beyond 2^31 work too).
 *
 * What lives here:
 * - hashing primitives (`leafHash`, `nodeHash`, `emptyRoot`);
 * - `rootFromLeafHashes`, `inclusionProof`, `consistencyProof` over all leaf hashes of a tree (an array, or a
 *   function `i => leafHash(i)` for the database side);
 * - `verifyInclusion`, `verifyConsistency`: the RFC 9162 §2.1.3.2 and §2.1.4.2 algorithms, which need nothing but
 *   the proof, the sizes and the roots, so an offline verifier can use them;
 * - `MerkleAccumulator`: the "compact range" of a tree, its O(log n) frontier of perfect subtree roots, which
 *   appends leaves one at a time, yields the current root, and round-trips through JSON so the server can persist
 *   it and append new events without reading the log back.
 */
import { createHash } from 'node:crypto';

/** Length in bytes of every hash in the tree. */
export const HASH_SIZE = 32;

const LEAF_PREFIX = Buffer.from([0x00]);
const NODE_PREFIX = Buffer.from([0x01]);

/** A tree's leaf hashes: an array, or a function giving the hash of leaf `i` (called only for `0 <= i < size`). */
export type LeafHashSource = readonly Uint8Array[] | ((index: number) => Uint8Array);

/** SHA-256(0x00 ‖ leaf): the hash of one leaf (one canonical audit event). */
export function leafHash(leafBytes: Uint8Array): Buffer {
  return createHash('sha256').update(LEAF_PREFIX).update(leafBytes).digest();
}

/** SHA-256(0x01 ‖ left ‖ right): the hash of an interior node. */
export function nodeHash(left: Uint8Array, right: Uint8Array): Buffer {
  return createHash('sha256').update(NODE_PREFIX).update(left).update(right).digest();
}

/** MTH({}) = SHA-256 of the empty string: the root of a tree with no leaves. */
export function emptyRoot(): Buffer {
  return createHash('sha256').digest();
}

/** Lowercase hex of a hash, for JSON and text. */
export function hashToHex(hash: Uint8Array): string {
  return Buffer.from(hash.buffer, hash.byteOffset, hash.byteLength).toString('hex');
}

/** Parses a 64-character hex hash (either case); throws on anything else. */
export function hashFromHex(hex: string): Buffer {
  if (!/^[0-9a-fA-F]{64}$/.test(hex)) throw new Error(`not a SHA-256 hash in hex: ${JSON.stringify(hex)}`);
  return Buffer.from(hex, 'hex');
}

// ---------------------------------------------------------------------------------------------------------------
// Integer helpers (safe for sizes up to 2^53, unlike the 32-bit bitwise operators)

function assertSize(name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`${name} must be a non-negative safe integer, got ${String(value)}`);
  }
}

/** The largest power of two strictly less than n, for n >= 2 (RFC 9162's split point k). */
function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

const isOdd = (x: number): boolean => x % 2 === 1;
const half = (x: number): number => Math.floor(x / 2);

function isPowerOfTwo(x: number): boolean {
  if (x < 1) return false;
  while (x % 2 === 0) x /= 2;
  return x === 1;
}

/** Number of set bits. */
function popCount(x: number): number {
  let count = 0;
  while (x > 0) {
    if (isOdd(x)) count += 1;
    x = half(x);
  }
  return count;
}

function toBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function isHash(value: unknown): value is Uint8Array {
  return value instanceof Uint8Array && value.byteLength === HASH_SIZE;
}

function sameHash(a: Uint8Array, b: Uint8Array): boolean {
  return isHash(a) && isHash(b) && toBuffer(a).equals(toBuffer(b));
}

// ---------------------------------------------------------------------------------------------------------------
// Roots and proofs over a tree's leaf hashes

function leafGetter(source: LeafHashSource, size: number): (index: number) => Uint8Array {
  if (typeof source === 'function') return source;
  if (source.length < size) throw new RangeError(`need ${String(size)} leaf hashes, have ${String(source.length)}`);
  return (index) => {
    const hash = source[index];
    if (hash === undefined) throw new RangeError(`no leaf hash at index ${String(index)}`);
    return hash;
  };
}

/**
 * MTH of the leaves [lo, hi), hi > lo, computed bottom-up with a stack of perfect subtree roots (the same compact
 * range as MerkleAccumulator) rather than by recursion: O(hi - lo) hashing, O(log(hi - lo)) memory.
 *
 * Merging the stack right to left at the end reproduces RFC 9162's "largest power of two" split: the leftmost
 * perfect subtree of [lo, hi) is exactly D[lo:lo+k].
 */
function subtreeHash(get: (index: number) => Uint8Array, lo: number, hi: number): Buffer {
  const stack: Buffer[] = [];
  for (let i = lo; i < hi; i += 1) {
    const leaf = get(i);
    if (!isHash(leaf)) throw new TypeError(`leaf hash ${String(i)} is not ${String(HASH_SIZE)} bytes`);
    let node = toBuffer(leaf);
    // Leaves counted so far in this range, after this one: each trailing 1 bit closes a perfect subtree.
    for (let count = i - lo + 1; count % 2 === 0; count /= 2) {
      const left = stack.pop();
      if (left === undefined) throw new Error('unreachable: compact range underflow');
      node = nodeHash(left, node);
    }
    stack.push(node);
  }
  let root = stack.pop();
  if (root === undefined) throw new RangeError('empty range');
  for (let left = stack.pop(); left !== undefined; left = stack.pop()) root = nodeHash(left, root);
  return root;
}

/**
 * MTH (RFC 9162 §2.1.1) of a whole tree given its leaf hashes; the empty tree's root is SHA-256("").
 * O(n) hashing, O(log n) memory.
 */
export function rootFromLeafHashes(hashes: readonly Uint8Array[]): Buffer {
  return rootOfSize(hashes, hashes.length);
}

/** MTH of the first `treeSize` leaves of `source`. */
export function rootOfSize(source: LeafHashSource, treeSize: number): Buffer {
  assertSize('treeSize', treeSize);
  if (treeSize === 0) return emptyRoot();
  return subtreeHash(leafGetter(source, treeSize), 0, treeSize);
}

/**
 * The inclusion proof (audit path, RFC 9162 §2.1.3.1 PATH) of leaf `index` in the tree of the first `treeSize`
 * leaves, ordered from the leaf's sibling up to the root's other child.
 *
 * Cost: every leaf of the tree is hashed once (the proof's nodes are roots of disjoint subtrees that together
 * cover every leaf but `index`), so O(treeSize) hashing and O(log treeSize) memory: about a second for a
 * million leaves. Callers that serve many proofs of a large log should cache, or store interior nodes.
 */
export function inclusionProof(source: LeafHashSource, index: number, treeSize: number): Buffer[] {
  assertSize('treeSize', treeSize);
  assertSize('index', index);
  if (index >= treeSize) throw new RangeError(`index ${String(index)} is outside a tree of ${String(treeSize)} leaves`);
  const get = leafGetter(source, treeSize);
  // Walk from the root down to the leaf, collecting the sibling subtree at each level, then reverse.
  const topDown: Buffer[] = [];
  let lo = 0;
  let hi = treeSize;
  while (hi - lo > 1) {
    const mid = lo + splitPoint(hi - lo);
    if (index < mid) {
      topDown.push(subtreeHash(get, mid, hi));
      hi = mid;
    } else {
      topDown.push(subtreeHash(get, lo, mid));
      lo = mid;
    }
  }
  return topDown.reverse();
}

/**
 * The consistency proof (RFC 9162 §2.1.4.1 PROOF = SUBPROOF(m, D[n], true)) that the tree of the first `m` leaves
 * is a prefix of the tree of the first `n` leaves. Empty when m = 0 or m = n. Same cost as `inclusionProof`:
 * O(n) hashing.
 */
export function consistencyProof(source: LeafHashSource, m: number, n: number): Buffer[] {
  assertSize('m', m);
  assertSize('n', n);
  if (m > n) throw new RangeError(`old size ${String(m)} exceeds new size ${String(n)}`);
  if (m === 0 || m === n) return [];
  const get = leafGetter(source, n);
  // SUBPROOF unrolled: descend through [lo, hi) while the old tree's right edge (lo + rest) is not hi.
  const topDown: Buffer[] = [];
  let lo = 0;
  let hi = n;
  let rest = m; // leaves of the old tree inside [lo, hi)
  let wholeOldTree = true; // the "b" flag: [lo, hi) still starts at the old tree's root
  while (rest !== hi - lo) {
    const k = splitPoint(hi - lo);
    if (rest <= k) {
      topDown.push(subtreeHash(get, lo + k, hi));
      hi = lo + k;
    } else {
      topDown.push(subtreeHash(get, lo, lo + k));
      lo += k;
      rest -= k;
      wholeOldTree = false;
    }
  }
  const proof = topDown.reverse();
  // At m == size of the current subtree: nothing if it is the old root itself (the verifier has it), else MTH.
  if (!wholeOldTree) proof.unshift(subtreeHash(get, lo, hi));
  return proof;
}

// ---------------------------------------------------------------------------------------------------------------
// Verification (needs no leaves)

/**
 * RFC 9162 §2.1.3.2: does `proof` show that `leafHash` is leaf `index` of the tree of size `treeSize` whose root is
 * `root`? Never throws; any malformed input is simply `false`.
 *
 * As in the RFC, the pair (treeSize, root) is what is vouched for: a proof is checked against the root it claims.
 * Note that the same proof and root can also verify under another tree size when both sizes give the leaf the
 * same path shape (e.g. leaf 0 in sizes 5 and 6); this is inherent to the algorithm and harmless, since the root
 * of the other size would differ — always take size and root together from one signed checkpoint.
 */
export function verifyInclusion(
  leafHash: Uint8Array,
  index: number,
  treeSize: number,
  proof: readonly Uint8Array[],
  root: Uint8Array,
): boolean {
  if (!Number.isSafeInteger(index) || !Number.isSafeInteger(treeSize) || index < 0 || index >= treeSize) return false;
  if (!isHash(leafHash) || !isHash(root) || !proof.every(isHash)) return false;
  let fn = index;
  let sn = treeSize - 1;
  let r: Buffer = toBuffer(leafHash);
  for (const p of proof) {
    if (sn === 0) return false;
    if (isOdd(fn) || fn === sn) {
      r = nodeHash(p, r);
      if (!isOdd(fn)) {
        while (!isOdd(fn) && fn !== 0) {
          fn = half(fn);
          sn = half(sn);
        }
      }
    } else {
      r = nodeHash(r, p);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0 && r.equals(toBuffer(root));
}

/**
 * RFC 9162 §2.1.4.2: does `proof` show that the tree of size `m` with root `rootM` is a prefix of the tree of size
 * `n` with root `rootN`? Never throws; any malformed input is `false`.
 *
 * Edge cases the RFC leaves to the caller (0 < m < n there), decided as in transparency-dev/merkle:
 * m = n needs an empty proof and equal roots; m = 0 needs an empty proof (every tree extends the empty one);
 * m > n is false.
 */
export function verifyConsistency(
  m: number,
  n: number,
  rootM: Uint8Array,
  rootN: Uint8Array,
  proof: readonly Uint8Array[],
): boolean {
  if (!Number.isSafeInteger(m) || !Number.isSafeInteger(n) || m < 0 || m > n) return false;
  if (!isHash(rootM) || !isHash(rootN) || !proof.every(isHash)) return false;
  if (m === n) return proof.length === 0 && sameHash(rootM, rootN);
  if (m === 0) return proof.length === 0;
  // 1. An empty path proves nothing.
  if (proof.length === 0) return false;
  // 2. When m is a power of two the old root is itself a node of the new tree: it starts the path.
  const path: Uint8Array[] = isPowerOfTwo(m) ? [rootM, ...proof] : [...proof];
  // 3.
  let fn = m - 1;
  let sn = n - 1;
  // 4.
  while (isOdd(fn)) {
    fn = half(fn);
    sn = half(sn);
  }
  // 5.
  const first = path[0];
  if (first === undefined) return false;
  let fr = toBuffer(first);
  let sr = fr;
  // 6.
  for (const c of path.slice(1)) {
    if (sn === 0) return false;
    if (isOdd(fn) || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      if (!isOdd(fn)) {
        while (!isOdd(fn) && fn !== 0) {
          fn = half(fn);
          sn = half(sn);
        }
      }
    } else {
      sr = nodeHash(sr, c);
    }
    fn = half(fn);
    sn = half(sn);
  }
  // 7.
  return sn === 0 && fr.equals(toBuffer(rootM)) && sr.equals(toBuffer(rootN));
}

// ---------------------------------------------------------------------------------------------------------------
// Incremental tree

/** The persisted form of a MerkleAccumulator. */
export interface MerkleAccumulatorJson {
  /** Number of leaves appended so far. */
  size: number;
  /** Roots of the perfect subtrees that make up the tree, largest (leftmost) first, lowercase hex; one per set bit of size. */
  frontier: string[];
}

/**
 * The right frontier ("compact range" [0, size)) of an RFC 9162 tree: the roots of the perfect subtrees whose sizes
 * are the powers of two in the binary expansion of `size`, left to right. Appending a leaf is amortized O(1)
 * hashing (at most log n merges); the root costs O(log n); memory is O(log n), whatever the number of leaves.
 *
 * The server persists `toJSON()` next to the log (in the transaction that appends the events) and resumes with
 * `MerkleAccumulator.fromJSON`, so appending never rereads the log. Proofs still need the leaf hashes: see
 * `inclusionProof` / `consistencyProof`.
 */
export class MerkleAccumulator {
  #size: number;
  readonly #frontier: Buffer[];
  /** The perfect subtrees the last append completed, level 1 first. */
  #lastMerges: Buffer[] = [];

  /** `new MerkleAccumulator()` is the empty tree; to resume a persisted one use `MerkleAccumulator.fromJSON`. */
  constructor() {
    this.#size = 0;
    this.#frontier = [];
  }

  /** An accumulator for the empty tree (same as `new MerkleAccumulator()`). */
  static empty(): MerkleAccumulator {
    return new MerkleAccumulator();
  }

  static #of(size: number, frontier: Buffer[]): MerkleAccumulator {
    const acc = new MerkleAccumulator();
    acc.#size = size;
    acc.#frontier.push(...frontier);
    return acc;
  }

  /** An accumulator that has appended the given leaf hashes, in order. */
  static fromLeafHashes(hashes: Iterable<Uint8Array>): MerkleAccumulator {
    const acc = MerkleAccumulator.empty();
    for (const hash of hashes) acc.append(hash);
    return acc;
  }

  /** Restores a persisted accumulator; throws if the JSON is malformed or the frontier does not fit the size. */
  static fromJSON(json: unknown): MerkleAccumulator {
    const value = typeof json === 'string' ? (JSON.parse(json) as unknown) : json;
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      throw new TypeError('Merkle accumulator JSON must be an object { size, frontier }');
    }
    const { size, frontier } = value as { size?: unknown; frontier?: unknown };
    if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0) {
      throw new TypeError('Merkle accumulator size must be a non-negative safe integer');
    }
    if (!Array.isArray(frontier) || !frontier.every((h): h is string => typeof h === 'string')) {
      throw new TypeError('Merkle accumulator frontier must be an array of hex hashes');
    }
    if (frontier.length !== popCount(size)) {
      throw new TypeError(
        `Merkle accumulator of size ${String(size)} needs ${String(popCount(size))} frontier hashes, has ${String(frontier.length)}`,
      );
    }
    return MerkleAccumulator.#of(size, frontier.map(hashFromHex));
  }

  /** Number of leaves appended. */
  get size(): number {
    return this.#size;
  }

  /** The frontier hashes, largest subtree first (copies). */
  get frontier(): Buffer[] {
    return this.#frontier.map((h) => Buffer.from(h));
  }

  /** Appends one leaf hash (32 bytes); returns the index the leaf got. */
  append(leafHash: Uint8Array): number {
    if (!isHash(leafHash)) throw new TypeError(`a leaf hash is ${String(HASH_SIZE)} bytes`);
    if (this.#size >= Number.MAX_SAFE_INTEGER) throw new RangeError('Merkle accumulator is full');
    const index = this.#size;
    let node: Buffer = Buffer.from(leafHash); // a copy: the caller may reuse its buffer
    this.#lastMerges = [];
    // Every trailing 1 bit of the old size is a perfect subtree the same size as the one being carried: merge.
    for (let s = index; isOdd(s); s = half(s)) {
      const left = this.#frontier.pop();
      if (left === undefined) throw new Error('unreachable: frontier underflow');
      node = nodeHash(left, node);
      this.#lastMerges.push(node);
    }
    this.#frontier.push(node);
    this.#size = index + 1;
    return index;
  }

  /**
   * Appends one leaf hash and returns the perfect subtrees it completed, above the leaf (level ≥ 1): the subtree of
   * 2^level leaves starting at leaf `index × 2^level`. Stored, they let a proof read O(log n) nodes (see
   * `inclusionProofsFromNodes`) instead of every leaf.
   */
  appendCollect(leafHash: Uint8Array): StoredNode[] {
    const index = this.append(leafHash);
    // The merge at level l closed the subtree of leaves [(index + 1) − 2^l, index + 1), the (index + 1) / 2^l − 1-th of its level.
    return this.#lastMerges.map((hash, i) => ({ level: i + 1, index: (index + 1) / 2 ** (i + 1) - 1, hash: Buffer.from(hash) }));
  }

  /** Hashes `leafBytes` as a leaf and appends it; returns the leaf hash and its index. */
  appendLeaf(leafBytes: Uint8Array): { index: number; leafHash: Buffer } {
    const hash = leafHash(leafBytes);
    return { index: this.append(hash), leafHash: hash };
  }

  /** MTH of the leaves appended so far. */
  root(): Buffer {
    const last = this.#frontier.length - 1;
    let root = this.#frontier[last];
    if (root === undefined) return emptyRoot();
    for (let i = last - 1; i >= 0; i -= 1) {
      const left = this.#frontier[i];
      if (left === undefined) throw new Error('unreachable: frontier hole');
      root = nodeHash(left, root);
    }
    return Buffer.from(root);
  }

  /** An independent copy. */
  clone(): MerkleAccumulator {
    return MerkleAccumulator.#of(this.#size, this.frontier);
  }

  toJSON(): MerkleAccumulatorJson {
    return { size: this.#size, frontier: this.#frontier.map(hashToHex) };
  }
}

/**
 * Inclusion proofs of several leaves in the tree of the first `treeSize` leaves, computed together: the tree's
 * levels are built once (an RFC 9162 tree is the tree whose last node of an odd-length level moves up unchanged),
 * then each proof is read off them. O(treeSize) hashing in all, instead of O(treeSize) per proof; memory about
 * 2 × treeSize hashes. Each proof equals `inclusionProof(source, index, treeSize)`.
 */
export function inclusionProofs(source: LeafHashSource, indices: readonly number[], treeSize: number): Buffer[][] {
  assertSize('treeSize', treeSize);
  for (const index of indices) {
    assertSize('index', index);
    if (index >= treeSize) throw new RangeError(`index ${String(index)} is outside a tree of ${String(treeSize)} leaves`);
  }
  if (indices.length === 0) return [];
  const get = leafGetter(source, treeSize);
  const levels: Buffer[][] = [[]];
  for (let i = 0; i < treeSize; i += 1) levels[0]!.push(toBuffer(get(i)));
  for (let level = levels[0]!; level.length > 1; ) {
    const up: Buffer[] = [];
    for (let i = 0; i + 1 < level.length; i += 2) up.push(nodeHash(level[i]!, level[i + 1]!));
    if (isOdd(level.length)) up.push(level[level.length - 1]!);
    levels.push(up);
    level = up;
  }
  return indices.map((leafIndex) => {
    const proof: Buffer[] = [];
    let i = leafIndex;
    for (const level of levels.slice(0, -1)) {
      const sibling = isOdd(i) ? i - 1 : i + 1;
      if (sibling < level.length) proof.push(Buffer.from(level[sibling]!));
      i = half(i);
    }
    return proof;
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Proofs from stored nodes

/**
 * A perfect subtree of the tree: the 2^level leaves starting at leaf index × 2^level (level 0: a leaf). Once
 * complete it never changes, so it can be stored when the append that completes it commits.
 */
export type StoredNode = { level: number; index: number; hash: Buffer };
export type NodeRef = { level: number; index: number };

/** [lo, hi) as the perfect subtrees it is made of, largest (leftmost) first: RFC 9162's split, all the way down. */
function perfectCover(lo: number, hi: number): NodeRef[] {
  const out: NodeRef[] = [];
  while (hi > lo) {
    const n = hi - lo;
    const size = isPowerOfTwo(n) ? n : splitPoint(n);
    let level = 0;
    for (let s = size; s > 1; s /= 2) level += 1;
    out.push({ level, index: lo / size });
    lo += size;
  }
  return out;
}

/** The siblings on the path of leaf `index` in a tree of `treeSize` leaves, leaf first: each as the range it covers. */
function pathRanges(index: number, treeSize: number): Array<[number, number]> {
  const topDown: Array<[number, number]> = [];
  let lo = 0;
  let hi = treeSize;
  while (hi - lo > 1) {
    const mid = lo + splitPoint(hi - lo);
    if (index < mid) {
      topDown.push([mid, hi]);
      hi = mid;
    } else {
      topDown.push([lo, mid]);
      lo = mid;
    }
  }
  return topDown.reverse();
}

/**
 * The perfect subtrees the inclusion proofs of `indices` in a tree of `treeSize` leaves are computed from: at most
 * O(log² n) per proof (O(log n) siblings, each a compact range of O(log n) perfect subtrees; in practice far fewer,
 * since only the path's right edge is ragged). Fetch them, then call `inclusionProofsFromNodes`.
 */
export function nodesForProofs(indices: readonly number[], treeSize: number): NodeRef[] {
  assertSize('treeSize', treeSize);
  const seen = new Map<string, NodeRef>();
  for (const index of indices) {
    assertSize('index', index);
    if (index >= treeSize) throw new RangeError(`index ${String(index)} is outside a tree of ${String(treeSize)} leaves`);
    for (const [lo, hi] of pathRanges(index, treeSize)) for (const ref of perfectCover(lo, hi)) seen.set(`${String(ref.level)}:${String(ref.index)}`, ref);
  }
  return [...seen.values()];
}

/**
 * Inclusion proofs read off stored perfect subtrees (`node(level, index)`, level 0 being the leaf hashes): each
 * sibling on the path is the root of its compact range, folded right to left as RFC 9162 splits it. Equal, byte for
 * byte, to `inclusionProof(leaves, index, treeSize)`.
 */
export function inclusionProofsFromNodes(indices: readonly number[], treeSize: number, node: (level: number, index: number) => Uint8Array): Buffer[][] {
  assertSize('treeSize', treeSize);
  return indices.map((index) => {
    if (index >= treeSize) throw new RangeError(`index ${String(index)} is outside a tree of ${String(treeSize)} leaves`);
    return pathRanges(index, treeSize).map(([lo, hi]) => {
      const parts = perfectCover(lo, hi).map((ref) => {
        const hash = node(ref.level, ref.index);
        if (!isHash(hash)) throw new RangeError(`no stored node at level ${String(ref.level)}, index ${String(ref.index)}`);
        return toBuffer(hash);
      });
      let root = parts.pop()!;
      for (let left = parts.pop(); left !== undefined; left = parts.pop()) root = nodeHash(left, root);
      return Buffer.from(root);
    });
  });
}
