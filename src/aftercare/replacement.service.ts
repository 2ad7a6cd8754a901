import { notFound } from '../platform/errors.ts';
import { DomainError } from '../platform/errors.ts';
import { addDays, type CalendarDate } from '../platform/calendar-date.ts';
import type { Tx } from '../platform/db/database.ts';
import type { Ctx } from '../platform/deps.ts';
import { cancelPendingObligations } from '../platform/scheduler/scheduler.ts';
import { lockPlacementFor, movePlacementStatus, type Placement } from '../placements/service.ts';
import type { ReplacementHire } from '../submissions/service.ts';
import { moveOrConflict, notifyBoth, recordClaim, SERVICE_KINDS, toClaim } from './claim.service.ts';
import { replacementHireRefusal } from './claim.rules.ts';
import { todayOf } from './checkin.service.ts';
import * as ledger from './ledger-link.ts';
import * as store from './store.ts';

/**
 * The replacement remedy (DESIGN §4.5, §4.6) once the order has reopened for the delivering agency:
 * - a hire of a replacement submission before `deliverBy` creates the linked placement (fee 0, the same terms
 *   snapshot, the guarantee per `newGuarantee`), and in the same transaction the claim becomes `replaced` and the
 *   placement it replaces `replaced` (its remaining check-ins, tasks and guarantee end are called off);
 * - once both sides have accepted the replacement (its start date is then final), the ledger moves the original's
 *   pending `guarantee_passed` installments and `after_guarantee` release to the replacement's guarantee end.
 * The submissions area calls `replacementHire` through the composition root (it cannot import this area).
 */

/** Locks the replaced placement (before the order, like every claim use case) and decides whether the claim takes the hire. */
async function lock(tx: Tx, ctx: Ctx, claimId: string): Promise<{ claimId: string; placementId: string; guaranteeDays: number; today: CalendarDate }> {
  const row = await store.findClaim(tx, claimId);
  if (!row) throw notFound('claim');
  const placement = await lockPlacementFor(tx, ctx, row.placement_id);
  const claim = toClaim((await store.findClaim(tx, claimId))!);
  const today = todayOf(ctx.deps.clock.now(), placement);
  const refusal = replacementHireRefusal({ state: claim.state, deliverBy: claim.deliverBy, today, hasReplacement: claim.replacementPlacementId !== null });
  if (refusal) throw refusal;
  const guaranteeDays = claim.decision.replacement?.guaranteeDays;
  if (guaranteeDays === undefined) throw new DomainError('conflict', 'the claim has no replacement in its decision', { claimId });
  return { claimId: claim.id, placementId: placement.id, guaranteeDays, today };
}

/** The replacement placement exists: the claim is `replaced`, the original `replaced`; both sides are told. */
async function hired(tx: Tx, ctx: Ctx, hire: { claimId: string; submissionId: string; placementId: string; hiredOn: CalendarDate }): Promise<void> {
  const claim = toClaim((await store.findClaim(tx, hire.claimId))!);
  const placement = await lockPlacementFor(tx, ctx, claim.placementId);
  const now = ctx.deps.clock.now();
  await moveOrConflict(tx, claim.id, 'replacement_pending', { state: 'replaced', is_open: 0, replacement_placement_id: hire.placementId, updated_at: now.toISOString() });
  if (!(await movePlacementStatus(tx, placement.id, ['replacing'], 'replaced'))) {
    throw new DomainError('invalid_transition', `the placement is ${placement.status}, not replacing`, { status: placement.status });
  }
  // Its replacement carries on: what the original still had to do stops here.
  await cancelPendingObligations(tx, now, 'placement', placement.id, SERVICE_KINDS);
  await cancelPendingObligations(tx, now, 'claim', claim.id, ['claim.replacement_due']);
  await recordClaim(tx, ctx, placement, claim.id, 'claim.replaced', {
    replacementPlacementId: hire.placementId,
    submissionId: hire.submissionId,
    hiredOn: hire.hiredOn,
    deliverBy: claim.deliverBy!,
    guaranteeDays: claim.decision.replacement!.guaranteeDays,
  });
  await notifyBoth(tx, now, placement, 'claim.replaced', { hiredOn: hire.hiredOn });
}

export const replacementHire: ReplacementHire = { lock, hired };

/**
 * Activation hook (wired by the composition root after the ledger's): a replacement accepted by both sides takes
 * over the money still waiting on the placement it replaces — moved to its own guarantee end, start + its days.
 */
export async function replacementActivated(tx: Tx, _now: Date, p: Placement, ctx: Ctx): Promise<void> {
  if (!p.replacesPlacementId) return;
  await ledger.moveToReplacement(tx, ctx, { originalPlacementId: p.replacesPlacementId, replacementPlacementId: p.id, guaranteeEndsOn: addDays(p.startDate, p.guaranteeDays) });
}
