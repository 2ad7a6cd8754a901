import { createPublicKey, generateKeyPairSync, verify } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CHECKPOINT_ORIGIN,
  checkpointBody,
  createCheckpoint,
  generateSigningKey,
  publicKeyFingerprint,
  publicKeyFromPrivate,
  signCheckpoint,
  verifyCheckpoint,
  type CheckpointFields,
  type SignedCheckpoint,
} from '../../src/platform/audit/checkpoint.ts';
import { hashToHex, leafHash, rootFromLeafHashes } from '../../src/platform/audit/merkle.ts';

const key = generateSigningKey();
const other = generateSigningKey();

const ROOT = '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328';
const fields: CheckpointFields = { treeSize: 8, rootHash: ROOT, issuedAt: '2025-03-01T12:00:00.000Z' };

describe('checkpoint body', () => {
  it('is the origin, the decimal size, the base64 root and the instant, one per line', () => {
    expect(checkpointBody(fields)).toBe(
      'tenure-audit-log\n8\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n2025-03-01T12:00:00.000Z\n',
    );
    expect(CHECKPOINT_ORIGIN).toBe('tenure-audit-log');
    expect(Buffer.from('XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=', 'base64').toString('hex')).toBe(ROOT);
  });

  it('the empty log has a checkpoint too', () => {
    const root = hashToHex(rootFromLeafHashes([]));
    expect(checkpointBody({ treeSize: 0, rootHash: root, issuedAt: fields.issuedAt })).toBe(
      'tenure-audit-log\n0\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n2025-03-01T12:00:00.000Z\n',
    );
  });

  it('refuses every spelling but the canonical one', () => {
    const bad: Partial<CheckpointFields>[] = [
      { treeSize: -1 },
      { treeSize: 1.5 },
      { treeSize: Number.NaN },
      { treeSize: 2 ** 53 },
      { rootHash: ROOT.toUpperCase() },
      { rootHash: ROOT.slice(2) },
      { rootHash: `${ROOT}00` },
      { rootHash: Buffer.from(ROOT, 'hex').toString('base64') },
      { issuedAt: '2025-03-01T12:00:00Z' },
      { issuedAt: '2025-03-01T12:00:00.000+00:00' },
      { issuedAt: '2025-03-01 12:00:00.000Z' },
      { issuedAt: '2025-02-30T12:00:00.000Z' },
      { issuedAt: 'yesterday' },
    ];
    for (const change of bad) {
      expect(() => checkpointBody({ ...fields, ...change }), JSON.stringify(change)).toThrow(RangeError);
    }
  });
});

describe('signing and verifying', () => {
  it('a signed checkpoint verifies with its key and not with another', () => {
    const signature = signCheckpoint(checkpointBody(fields), key.privateKeyPem);
    const cp: SignedCheckpoint = { ...fields, signature };
    expect(Buffer.from(signature, 'base64')).toHaveLength(64);
    expect(verifyCheckpoint(cp, key.publicKeyPem)).toBe(true);
    expect(verifyCheckpoint(cp, other.publicKeyPem)).toBe(false);
    expect(createCheckpoint(fields, key.privateKeyPem)).toEqual(cp); // Ed25519 is deterministic
  });

  it('is a plain Ed25519 signature over the UTF-8 body: any Ed25519 verifier can check it', () => {
    const cp = createCheckpoint(fields, key.privateKeyPem);
    const ok = verify(
      null,
      Buffer.from(checkpointBody(fields), 'utf8'),
      createPublicKey(key.publicKeyPem),
      Buffer.from(cp.signature, 'base64'),
    );
    expect(ok).toBe(true);
  });

  it('any change to a field or the signature is rejected', () => {
    fc.assert(
      fc.property(
        fc.nat({ max: 2 ** 40 }),
        fc.uint8Array({ minLength: 32, maxLength: 32 }),
        fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true }),
        fc.nat({ max: 63 }),
        fc.nat({ max: 7 }),
        (treeSize, root, date, byte, bit) => {
          const cp = createCheckpoint(
            { treeSize, rootHash: Buffer.from(root).toString('hex'), issuedAt: date.toISOString() },
            key.privateKeyPem,
          );
          expect(verifyCheckpoint(cp, key.publicKeyPem)).toBe(true);
          const flippedRoot = Buffer.from(root);
          flippedRoot[byte % 32] = (flippedRoot[byte % 32] ?? 0) ^ (1 << bit);
          const sig = Buffer.from(cp.signature, 'base64');
          sig[byte] = (sig[byte] ?? 0) ^ (1 << bit);
          const tampered: SignedCheckpoint[] = [
            { ...cp, treeSize: treeSize + 1 },
            { ...cp, treeSize: treeSize === 0 ? 1 : treeSize - 1 },
            { ...cp, rootHash: flippedRoot.toString('hex') },
            { ...cp, issuedAt: new Date(date.getTime() + 1).toISOString() },
            { ...cp, signature: sig.toString('base64') },
          ];
          for (const t of tampered) expect(verifyCheckpoint(t, key.publicKeyPem), JSON.stringify(t)).toBe(false);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('malformed checkpoints are false, not errors', () => {
    const cp = createCheckpoint(fields, key.privateKeyPem);
    const malformed: unknown[] = [
      { ...cp, signature: '' },
      { ...cp, signature: 'not base64!' },
      { ...cp, signature: `${cp.signature}AA==` },
      { ...cp, signature: cp.signature.replace(/=+$/, '') }, // unpadded: not the canonical spelling
      { ...cp, signature: 42 },
      { ...cp, rootHash: cp.rootHash.toUpperCase() },
      { ...cp, treeSize: '8' },
      { ...cp, issuedAt: '2025-03-01T12:00:00Z' },
      { ...cp, issuedAt: undefined },
    ];
    for (const value of malformed) {
      expect(verifyCheckpoint(value as SignedCheckpoint, key.publicKeyPem), JSON.stringify(value)).toBe(false);
    }
  });

  it('signs a root computed by the Merkle module', () => {
    const root = rootFromLeafHashes(['a', 'b', 'c'].map((s) => leafHash(Buffer.from(s))));
    const cp = createCheckpoint(
      { treeSize: 3, rootHash: hashToHex(root), issuedAt: new Date(0).toISOString() },
      key.privateKeyPem,
    );
    expect(verifyCheckpoint(cp, key.publicKeyPem)).toBe(true);
  });
});

describe('keys', () => {
  it('are Ed25519 PEM, and the public half can be derived from the private', () => {
    expect(key.privateKeyPem).toMatch(/^-----BEGIN PRIVATE KEY-----\n[\s\S]+\n-----END PRIVATE KEY-----\n$/);
    expect(key.publicKeyPem).toMatch(/^-----BEGIN PUBLIC KEY-----\n[\s\S]+\n-----END PUBLIC KEY-----\n$/);
    expect(createPublicKey(key.publicKeyPem).asymmetricKeyType).toBe('ed25519');
    expect(publicKeyFromPrivate(key.privateKeyPem)).toBe(key.publicKeyPem);
    expect(key.privateKeyPem).not.toBe(other.privateKeyPem);
  });

  it('fingerprints are the SHA-256 of the SPKI encoding and tell keys apart', () => {
    const fp = publicKeyFingerprint(key.publicKeyPem);
    expect(fp).toMatch(/^[0-9a-f]{64}$/);
    expect(publicKeyFingerprint(key.publicKeyPem)).toBe(fp);
    expect(publicKeyFingerprint(other.publicKeyPem)).not.toBe(fp);
  });

  it('keys of another type are refused loudly', () => {
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const ecPrivate = ec.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const ecPublic = ec.publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const cp = createCheckpoint(fields, key.privateKeyPem);
    expect(() => signCheckpoint(checkpointBody(fields), ecPrivate)).toThrow(TypeError);
    expect(() => verifyCheckpoint(cp, ecPublic)).toThrow(TypeError);
    expect(() => verifyCheckpoint(cp, 'not a key')).toThrow();
    expect(() => publicKeyFromPrivate(ecPrivate)).toThrow(TypeError);
  });
});
