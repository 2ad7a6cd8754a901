import type { Config } from '../platform/config.ts';
import { checkLedger } from '../ledger/service.ts';
import { openTenure } from '../tenure.ts';

/** Verifies every money invariant; prints each violation with its placement and transfer. True when none. */
export async function checkLedgerCommand(cfg: Config): Promise<boolean> {
  const tenure = await openTenure(cfg);
  try {
    const started = Date.now();
    const result = await checkLedger(tenure.deps.db);
    const counts = Object.entries(result.counts).map(([k, v]) => `${v} ${k}`).join(', ');
    if (result.violations.length === 0) {
      console.log(`ledger check passed: ${counts} (${Date.now() - started} ms)`);
      return true;
    }
    for (const v of result.violations) console.error(`${v.rule}: placement ${v.placementId ?? '-'} transfer ${v.transferId ?? '-'}: ${v.message}`);
    console.error(`ledger check FAILED: ${result.violations.length} violation(s) over ${counts}`);
    return false;
  } finally {
    await tenure.close();
  }
}
