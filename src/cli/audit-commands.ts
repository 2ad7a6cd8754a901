import type { Command } from 'commander';
import { verifyAuditLog } from '../platform/audit/audit-verify.ts';
import type { Config } from '../platform/config.ts';
import { openTenure } from '../tenure.ts';
import { progressReporter } from './progress.ts';

export function registerAuditCommands(program: Command, config: () => Config): void {
  const audit = program.command('audit').description('The verifiable audit log');
  audit
    .command('verify')
    .description('Recompute the whole log and its signed checkpoints; exit 1 naming the first altered event')
    .action(async () => {
      const tenure = await openTenure(config());
      try {
        const bar = progressReporter('verifying');
        const result = await verifyAuditLog(tenure.deps.db, tenure.deps.signingKey.publicKeyPem, (done, total) => bar.update('events', done, total));
        bar.stop();
        if (result.ok) {
          console.log(`audit log verified: ${result.verified} events, ${result.checkpoints} signed checkpoints`);
        } else {
          console.error(`audit log ALTERED: ${result.reason}${result.firstAlteredSeq !== null ? ` (first altered event: #${result.firstAlteredSeq})` : ''}`);
          process.exitCode = 1;
        }
      } finally {
        await tenure.close();
      }
    });
}
