/**
 * An independent, deliberately plain reading of RFC 9162 (Certificate Transparency v2) §2.1, for tests only.
 *
 * It imports nothing from `src/`: the tests use it to check what the server says (proofs, roots, checkpoints)
 * without trusting the server's own Merkle code. The verification algorithms are transcribed step by step from
 * §2.1.3.2 (inclusion) and §2.1.4.2 (consistency), with the tree sizes and indices held as bigint so that the
 * bit operations are exactly the RFC's "LSB" and "right-shift" at any size.
 *
 *   leaf hash = SHA-256(0x00 ‖ leaf bytes)          node hash = SHA-256(0x01 ‖ left ‖ right)
 */
import { createHash } from 'node:crypto';

export type Bytes = Uint8Array;

const sha256 = (...parts: Bytes[]): Buffer => {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest();
};

/** SHA-256(0x00 ‖ data): RFC 9162 §2.1.1 MTH of a one-element list. */
export function refLeafHash(data: Bytes): Buffer {
  return sha256(Uint8Array.of(0x00), data);
}

/** SHA-256(0x01 ‖ left ‖ right). */
export function refNodeHash(left: Bytes, right: Bytes): Buffer {
  return sha256(Uint8Array.of(0x01), left, right);
}

/**
 * MTH over leaf *hashes* (RFC 9162 §2.1.1, recursive definition, k = largest power of two smaller than n).
 * O(n log n) hashing with array slices: fine for the few hundred leaves a test holds.
 */
export function refRoot(leafHashes: readonly Bytes[]): Buffer {
  const n = leafHashes.length;
  if (n === 0) return sha256();
  if (n === 1) return Buffer.from(leafHashes[0]!);
  let k = 1;
  while (k * 2 < n) k *= 2;
  return refNodeHash(refRoot(leafHashes.slice(0, k)), refRoot(leafHashes.slice(k)));
}

const lsb = (x: bigint): boolean => (x & 1n) === 1n;
const same = (a: Bytes, b: Bytes): boolean => a.length === b.length && Buffer.compare(Buffer.from(a), Buffer.from(b)) === 0;
const isHash = (h: unknown): h is Bytes => h instanceof Uint8Array && h.length === 32;

/**
 * RFC 9162 §2.1.3.2 — verifying an inclusion proof of `hash` (a leaf hash) at `leafIndex` in the tree of
 * `treeSize` leaves whose root is `rootHash`.
 */
export function refVerifyInclusion(hash: Bytes, leafIndex: number, treeSize: number, inclusionPath: readonly Bytes[], rootHash: Bytes): boolean {
  if (!Number.isSafeInteger(leafIndex) || !Number.isSafeInteger(treeSize) || leafIndex < 0) return false;
  if (!isHash(hash) || !isHash(rootHash) || !inclusionPath.every(isHash)) return false;
  // 1. If leaf_index is greater than or equal to tree_size, fail.
  if (leafIndex >= treeSize) return false;
  // 2. Set fn to leaf_index and sn to tree_size - 1.
  let fn = BigInt(leafIndex);
  let sn = BigInt(treeSize) - 1n;
  // 3. Set r to hash.
  let r: Bytes = hash;
  // 4. For each value p in the inclusion_path array:
  for (const p of inclusionPath) {
    // a. If sn is 0, stop the iteration and fail.
    if (sn === 0n) return false;
    // b. If LSB(fn) is set, or if fn is equal to sn, then:
    if (lsb(fn) || fn === sn) {
      // 1. Set r to HASH(0x01 || p || r).
      r = refNodeHash(p, r);
      // 2. If LSB(fn) is not set, right-shift both fn and sn equally until either LSB(fn) is set or fn is 0.
      if (!lsb(fn)) {
        while (!lsb(fn) && fn !== 0n) {
          fn >>= 1n;
          sn >>= 1n;
        }
      }
    } else {
      // Otherwise: set r to HASH(0x01 || r || p).
      r = refNodeHash(r, p);
    }
    // c. Finally, right-shift both fn and sn one time.
    fn >>= 1n;
    sn >>= 1n;
  }
  // 5. sn must be 0 and r must equal the root hash.
  return sn === 0n && same(r, rootHash);
}

/**
 * RFC 9162 §2.1.4.2 — verifying a consistency proof between the tree of `first` leaves (root `firstHash`) and
 * the tree of `second` leaves (root `secondHash`). The RFC states the algorithm for 0 < first < second; the two
 * degenerate cases are decided the usual way: first = second needs an empty path and equal roots, first = 0
 * needs an empty path.
 */
export function refVerifyConsistency(first: number, second: number, firstHash: Bytes, secondHash: Bytes, consistencyPath: readonly Bytes[]): boolean {
  if (!Number.isSafeInteger(first) || !Number.isSafeInteger(second) || first < 0 || first > second) return false;
  if (!isHash(firstHash) || !isHash(secondHash) || !consistencyPath.every(isHash)) return false;
  if (first === second) return consistencyPath.length === 0 && same(firstHash, secondHash);
  if (first === 0) return consistencyPath.length === 0;
  // 1. If consistency_path is an empty array, fail.
  if (consistencyPath.length === 0) return false;
  // 2. If first is an exact power of 2, prepend first_hash to the consistency_path array.
  const f = BigInt(first);
  const path: Bytes[] = (f & (f - 1n)) === 0n ? [firstHash, ...consistencyPath] : [...consistencyPath];
  // 3. Set fn to first - 1 and sn to second - 1.
  let fn = f - 1n;
  let sn = BigInt(second) - 1n;
  // 4. If LSB(fn) is set, right-shift both fn and sn equally until LSB(fn) is not set.
  while (lsb(fn)) {
    fn >>= 1n;
    sn >>= 1n;
  }
  // 5. Set both fr and sr to the first value in the consistency_path array.
  let fr: Bytes = path[0]!;
  let sr: Bytes = path[0]!;
  // 6. For each subsequent value c in the consistency_path array:
  for (const c of path.slice(1)) {
    // a. If sn is 0, stop the iteration and fail.
    if (sn === 0n) return false;
    // b. If LSB(fn) is set, or if fn is equal to sn, then:
    if (lsb(fn) || fn === sn) {
      // 1. fr = HASH(0x01 || c || fr)   2. sr = HASH(0x01 || c || sr)
      fr = refNodeHash(c, fr);
      sr = refNodeHash(c, sr);
      // 3. If LSB(fn) is not set, right-shift both fn and sn equally until either LSB(fn) is set or fn is 0.
      if (!lsb(fn)) {
        while (!lsb(fn) && fn !== 0n) {
          fn >>= 1n;
          sn >>= 1n;
        }
      }
    } else {
      // Otherwise: sr = HASH(0x01 || sr || c).
      sr = refNodeHash(sr, c);
    }
    // c. Finally, right-shift both fn and sn one time.
    fn >>= 1n;
    sn >>= 1n;
  }
  // 7. fr must equal first_hash, sr must equal second_hash, and sn must be 0.
  return same(fr, firstHash) && same(sr, secondHash) && sn === 0n;
}

/** Parses lowercase/uppercase hex into bytes (tests pass hashes around as hex, as the API does). */
export const fromHex = (hex: string): Buffer => Buffer.from(hex, 'hex');
