import type { Command } from 'commander';
import type { Config } from '../platform/config.ts';

export function registerLedgerCommands(program: Command, config: () => Promise<Config>): void {
  const ledger = program.command('ledger').description('The double-entry money ledger');
  ledger
    .command('check')
    .description('Verify every money invariant over the whole database; exit 1 naming each violation with its placement and transfer')
    .action(async () => {
      const { checkLedgerCommand } = await import('./ledger-actions.ts');
      if (!(await checkLedgerCommand(await config()))) process.exitCode = 1;
    });
}
