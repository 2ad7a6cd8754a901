import { verifyAuditLog } from '../platform/audit/audit-verify.ts';
import type { Config } from '../platform/config.ts';
import { openTenure } from '../tenure.ts';
import { progressReporter } from './progress.ts';

/** Recomputes the audit log and its checkpoints, prints the outcome; true when the log is intact. */
export async function verifyAudit(cfg: Config): Promise<boolean> {
  const tenure = await openTenure(cfg);
  try {
    const bar = progressReporter('verifying');
    const result = await verifyAuditLog(tenure.deps.db, tenure.deps.signingKey.publicKeyPem, (done, total) => bar.update('events', done, total));
    bar.stop();
    if (result.ok) {
      console.log(`audit log verified: ${result.verified} events, ${result.checkpoints} signed checkpoints`);
      return true;
    }
    console.error(`audit log ALTERED: ${result.reason}${result.firstAlteredSeq !== null ? ` (first altered event: #${result.firstAlteredSeq})` : ''}`);
    return false;
  } finally {
    await tenure.close();
  }
}
