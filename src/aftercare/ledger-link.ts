import type { CalendarDate } from '../platform/calendar-date.ts';
import type { Tx } from '../platform/db/database.ts';
import type { Ctx } from '../platform/deps.ts';
import type { ClaimDecision, InstallmentFacts } from './claim-evaluation.rules.ts';

/**
 * What claims need from the money area (src/ledger): the installments issued so far with their payments, the
 * refund settlement (§4.6) and the move of pending money to a replacement. The ledger's functions with these
 * names and shapes exist (src/ledger/service.ts); switching these stubs to them makes claims see the real,
 * issued installments (unpaid ones count as payment_overdue), so the claims tests' placements must pay them first.
 */
export async function installmentFactsForClaim(_tx: Tx, _placementId: string): Promise<InstallmentFacts[]> {
  return [];
}

export async function settleRefund(_tx: Tx, _ctx: Ctx, _input: { placementId: string; claimId: string; decision: ClaimDecision; decidedOn: CalendarDate }): Promise<void> {}

export async function moveToReplacement(_tx: Tx, _ctx: Ctx, _input: { originalPlacementId: string; replacementPlacementId: string; guaranteeEndsOn: CalendarDate }): Promise<void> {}
