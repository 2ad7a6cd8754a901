/**
 * Signed checkpoints of the audit log: "the log had `treeSize` events and root `rootHash` at `issuedAt`", signed
 * with Ed25519 (node:crypto). Pure: keys come in and out as PEM text; storing them is the caller's business.
 *
 * The signed body is a short text laid out like a C2SP tlog checkpoint (origin line, decimal size, base64 root),
 * with the issue time as an extra line:
 *
 *   tenure-audit-log
 *   1234
 *   3q2+7wAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=
 *   2025-03-01T12:00:00.000Z
 *
 * Every value has exactly one accepted spelling (decimal without leading zeros, lowercase hex root in the object,
 * `Date.prototype.toISOString()` time), so a checkpoint has one body and a signature cannot be replayed onto
 * a differently-spelled twin.
 */
import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  sign,
  verify,
  type KeyObject,
} from 'node:crypto';

/** First line of every checkpoint body: names what is being signed. */
export const CHECKPOINT_ORIGIN = 'tenure-audit-log';

/** What a checkpoint states. */
export interface CheckpointFields {
  /** Number of events (leaves) in the log. */
  treeSize: number;
  /** RFC 9162 root of the first `treeSize` leaves: 64 lowercase hex characters. */
  rootHash: string;
  /** When the checkpoint was issued, exactly as `Date.prototype.toISOString()` writes it (UTC, milliseconds). */
  issuedAt: string;
}

/** A checkpoint with its Ed25519 signature over `checkpointBody(fields)`, base64. */
export interface SignedCheckpoint extends CheckpointFields {
  signature: string;
}

export interface SigningKeyPair {
  /** PKCS#8 PEM. */
  privateKeyPem: string;
  /** SPKI PEM. */
  publicKeyPem: string;
}

/** A fresh Ed25519 key pair as PEM text. */
export function generateSigningKey(): SigningKeyPair {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

/** The public key (SPKI PEM) of an Ed25519 private key given as PEM, e.g. when only the private key is configured. */
export function publicKeyFromPrivate(privateKeyPem: string): string {
  const key = ed25519Key(createPrivateKey(privateKeyPem), 'private');
  return createPublicKey(key).export({ type: 'spki', format: 'pem' }).toString();
}

/** SHA-256 of the public key's DER (SPKI) encoding, lowercase hex: a short name for the key, to show and compare. */
export function publicKeyFingerprint(publicKeyPem: string): string {
  const key = ed25519Key(createPublicKey(publicKeyPem), 'public');
  return createHash('sha256').update(key.export({ type: 'spki', format: 'der' })).digest('hex');
}

/**
 * The canonical text a checkpoint's signature covers. Throws a RangeError if a field is not in its one accepted
 * spelling (see `CheckpointFields`).
 */
export function checkpointBody(fields: CheckpointFields): string {
  const { treeSize, rootHash, issuedAt } = fields;
  if (!Number.isSafeInteger(treeSize) || treeSize < 0) {
    throw new RangeError(`checkpoint treeSize must be a non-negative safe integer, got ${String(treeSize)}`);
  }
  if (typeof rootHash !== 'string' || !/^[0-9a-f]{64}$/.test(rootHash)) {
    throw new RangeError('checkpoint rootHash must be 64 lowercase hex characters');
  }
  if (typeof issuedAt !== 'string' || !isCanonicalInstant(issuedAt)) {
    throw new RangeError(`checkpoint issuedAt must be an ISO instant as toISOString() writes it, got ${JSON.stringify(issuedAt)}`);
  }
  const rootBase64 = Buffer.from(rootHash, 'hex').toString('base64');
  return `${CHECKPOINT_ORIGIN}\n${String(treeSize)}\n${rootBase64}\n${issuedAt}\n`;
}

/** Ed25519 signature of `body` (UTF-8) with the PEM private key, base64. Throws if the key is not Ed25519. */
export function signCheckpoint(body: string, privateKeyPem: string): string {
  const key = ed25519Key(createPrivateKey(privateKeyPem), 'private');
  return sign(null, Buffer.from(body, 'utf8'), key).toString('base64');
}

/** Builds the body of `fields`, signs it, and returns the signed checkpoint. */
export function createCheckpoint(fields: CheckpointFields, privateKeyPem: string): SignedCheckpoint {
  const { treeSize, rootHash, issuedAt } = fields;
  const signature = signCheckpoint(checkpointBody({ treeSize, rootHash, issuedAt }), privateKeyPem);
  return { treeSize, rootHash, issuedAt, signature };
}

/**
 * Whether `checkpoint.signature` is a valid Ed25519 signature, by the key `publicKeyPem`, of the checkpoint's
 * canonical body. A malformed checkpoint (wrong field types, non-canonical spellings, a signature that is not
 * 64 bytes of canonical base64) is `false`. Throws only if `publicKeyPem` is not an Ed25519 public key: that is
 * a configuration error, not a bad checkpoint.
 */
export function verifyCheckpoint(checkpoint: SignedCheckpoint, publicKeyPem: string): boolean {
  const key = ed25519Key(createPublicKey(publicKeyPem), 'public');
  let body: string;
  try {
    body = checkpointBody(checkpoint);
  } catch {
    return false;
  }
  const { signature } = checkpoint;
  if (typeof signature !== 'string') return false;
  const bytes = Buffer.from(signature, 'base64');
  if (bytes.length !== 64 || bytes.toString('base64') !== signature) return false;
  return verify(null, Buffer.from(body, 'utf8'), key, bytes);
}

function ed25519Key(key: KeyObject, kind: 'private' | 'public'): KeyObject {
  if (key.asymmetricKeyType !== 'ed25519') {
    throw new TypeError(`expected an Ed25519 ${kind} key, got ${key.asymmetricKeyType ?? 'a symmetric key'}`);
  }
  return key;
}

function isCanonicalInstant(text: string): boolean {
  // toISOString() form only: YYYY-MM-DDTHH:mm:ss.sssZ (the 4-digit year range; expanded years are refused).
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(text)) return false;
  const time = Date.parse(text);
  return Number.isFinite(time) && new Date(time).toISOString() === text;
}
