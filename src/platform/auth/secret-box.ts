import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/**
 * Secrets Tenure must use again later — webhook endpoints' signing secrets, DingTalk's and Feishu's robot
 * secrets — stored encrypted: AES-256-GCM under a key derived (HKDF-SHA256) from the server secret
 * (TENURE_KEYED_HASH_SECRET or the one created under the data directory, auth/keyed-hash.ts). A copy of the
 * database alone does not give them away. Stored as `enc:v1:<base64url(iv | tag | ciphertext)>`; the version
 * names the derivation and the cipher, so a later one can be told apart.
 */
const PREFIX = 'enc:v1:';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const keys = new Map<string, Buffer>();

/** The encryption key of a server secret (derived once per secret; HKDF's info keeps it apart from the HMAC uses). */
function keyOf(serverSecret: string): Buffer {
  let key = keys.get(serverSecret);
  if (!key) {
    key = Buffer.from(hkdfSync('sha256', Buffer.from(serverSecret, 'utf8'), Buffer.from('tenure', 'utf8'), Buffer.from('stored channel secrets v1', 'utf8'), 32));
    keys.set(serverSecret, key);
  }
  return key;
}

export const isSealed = (stored: string): boolean => stored.startsWith(PREFIX);

/** `plain` encrypted for storage (a fresh random IV each time). */
export function sealSecret(serverSecret: string, plain: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', keyOf(serverSecret), iv);
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return `${PREFIX}${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url')}`;
}

/**
 * A stored secret in clear. A value without the prefix is read as it is: a row written by an instance still
 * running the previous version during a rolling upgrade (migration 0022 sealed every row there was).
 * A sealed value that does not open (another server secret, a changed byte) throws.
 */
export function openSecret(serverSecret: string, stored: string): string {
  if (!isSealed(stored)) return stored;
  const raw = Buffer.from(stored.slice(PREFIX.length), 'base64url');
  if (raw.length < IV_BYTES + TAG_BYTES) throw new Error('a stored secret is damaged');
  const decipher = createDecipheriv('aes-256-gcm', keyOf(serverSecret), raw.subarray(0, IV_BYTES));
  decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
  return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
}
