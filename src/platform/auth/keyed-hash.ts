import { createHmac, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The server secret that turns identifiers of people (a candidate's phone number or e-mail address) into
 * keys that can be compared and logged but not reversed: a plain SHA-256 of a phone number is undone for a
 * whole number range in minutes, an HMAC without the secret is not. Given by TENURE_KEYED_HASH_SECRET (at least
 * 32 characters), or created once under the data directory (like the audit signing key) and reused after that.
 * Every instance of one deployment needs the same secret; changing it orphans every stored key.
 */
export function loadOrCreateKeyedHashSecret(dataDir: string, fromEnv: string | undefined): string {
  if (fromEnv) return fromEnv;
  const file = join(dataDir, 'keyed-hash-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(file, secret, { mode: 0o600 });
  chmodSync(file, 0o600);
  return secret;
}

/** HMAC-SHA256 of `value` under the server secret, hex. */
export function keyedHash(secret: string, value: string): string {
  return createHmac('sha256', secret).update(value, 'utf8').digest('hex');
}
