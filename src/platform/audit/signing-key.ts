import { createPrivateKey, createPublicKey } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateSigningKey } from './checkpoint.ts';

export type AuditSigningKey = { privateKeyPem: string; publicKeyPem: string };

/**
 * The Ed25519 key that signs checkpoints: given by TENURE_AUDIT_PRIVATE_KEY (PEM), or created once
 * under the data directory on first start and reused after that.
 */
export function loadOrCreateSigningKey(dataDir: string, pemFromEnv: string | undefined): AuditSigningKey {
  if (pemFromEnv) return fromPrivatePem(pemFromEnv.replace(/\\n/g, '\n'));
  const file = join(dataDir, 'audit-signing-key.pem');
  if (existsSync(file)) return fromPrivatePem(readFileSync(file, 'utf8'));
  mkdirSync(dataDir, { recursive: true });
  const key = generateSigningKey();
  writeFileSync(file, key.privateKeyPem, { mode: 0o600 });
  chmodSync(file, 0o600);
  writeFileSync(join(dataDir, 'audit-public-key.pem'), key.publicKeyPem);
  return key;
}

function fromPrivatePem(privateKeyPem: string): AuditSigningKey {
  const publicKeyPem = createPublicKey(createPrivateKey(privateKeyPem)).export({ type: 'spki', format: 'pem' }).toString();
  return { privateKeyPem, publicKeyPem };
}
