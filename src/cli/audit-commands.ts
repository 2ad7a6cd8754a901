import type { Command } from 'commander';
import type { Config } from '../platform/config.ts';

export function registerAuditCommands(program: Command, config: () => Promise<Config>): void {
  const audit = program.command('audit').description('The verifiable audit log');
  audit
    .command('verify')
    .description('Recompute the whole log and its signed checkpoints; exit 1 naming the first altered event')
    .action(async () => {
      const { verifyAudit } = await import('./audit-actions.ts');
      if (!(await verifyAudit(await config()))) process.exitCode = 1;
    });
}
