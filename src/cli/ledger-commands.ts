import type { Command } from 'commander';
import type { Config } from '../platform/config.ts';
import { checkLedger } from '../ledger/service.ts';
import { openTenure } from '../tenure.ts';

export function registerLedgerCommands(program: Command, config: () => Config): void {
  const ledger = program.command('ledger').description('The double-entry money ledger');
  ledger
    .command('check')
    .description('Verify every money invariant over the whole database; exit 1 naming each violation with its placement and transfer')
    .action(async () => {
      const tenure = await openTenure(config());
      try {
        const started = Date.now();
        const result = await checkLedger(tenure.deps.db);
        const counts = Object.entries(result.counts).map(([k, v]) => `${v} ${k}`).join(', ');
        if (result.violations.length === 0) {
          console.log(`ledger check passed: ${counts} (${Date.now() - started} ms)`);
          return;
        }
        for (const v of result.violations) {
          console.error(`${v.rule}: placement ${v.placementId ?? '-'} transfer ${v.transferId ?? '-'}: ${v.message}`);
        }
        console.error(`ledger check FAILED: ${result.violations.length} violation(s) over ${counts}`);
        process.exitCode = 1;
      } finally {
        await tenure.close();
      }
    });
}
