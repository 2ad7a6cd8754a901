import { readFileSync } from 'node:fs';
import { publicKeyFingerprint } from '../platform/audit/checkpoint.ts';
import { verifyRecordBundle } from '../platform/audit/record-bundle.ts';
import { loadOrCreateSigningKey } from '../platform/audit/signing-key.ts';
import type { Config } from '../platform/config.ts';

/** Verifies a record bundle file with nothing but the file (and the trusted key, if given); prints the outcome. */
export function verifyBundleFile(file: string, trustedKeyFile: string | undefined): boolean {
  let bundle: unknown;
  try {
    bundle = JSON.parse(readFileSync(file, 'utf8')) as unknown;
  } catch (err) {
    console.error(`bundle NOT verified: cannot read ${file} as JSON (${err instanceof Error ? err.message : String(err)})`);
    return false;
  }
  const trusted = trustedKeyFile === undefined ? undefined : readFileSync(trustedKeyFile, 'utf8');
  const result = verifyRecordBundle(bundle, trusted);
  if (!result.ok) {
    const where = result.failedEvent ? ` — first failing event: #${result.failedEvent.index} (${result.failedEvent.type})` : '';
    console.error(`bundle NOT verified${where}: ${result.reason}`);
    return false;
  }
  const types = Object.entries(result.types).map(([t, n]) => `${t} ×${n}`).join(', ');
  console.log(`bundle verified: ${result.subject.type} ${result.subject.id}`);
  console.log(`  ${result.events} events${result.first ? ` from ${result.first} to ${result.last ?? ''}` : ''}, each included in the log of ${result.treeSize} events`);
  console.log(`  checkpoint signed at ${result.checkpointIssuedAt} by key ${result.keyFingerprint}${trusted ? ' (the trusted key)' : ' (the bundle’s own key: pass --public-key to pin the one you trust)'}`);
  if (types) console.log(`  ${types}`);
  return true;
}

/** The checkpoint signing key of this installation (TENURE_AUDIT_PRIVATE_KEY or the data directory's). */
export function printPublicKey(cfg: Config): void {
  const key = loadOrCreateSigningKey(cfg.dataDir, cfg.auditPrivateKeyPem);
  process.stdout.write(key.publicKeyPem);
  console.error(`fingerprint (SHA-256 of the SPKI DER): ${publicKeyFingerprint(key.publicKeyPem)}`);
}
