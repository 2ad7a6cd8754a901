import type { CalendarDate } from '../platform/calendar-date.ts';
import type { Dialect } from '../platform/db/database.ts';
import type { ObligationHandler } from '../platform/scheduler/scheduler.ts';
import { passGuaranteeAs } from '../ledger/service.ts';
import { lockPlacementFactsById, markGuaranteePassed } from '../placements/service.ts';
import type { GuaranteeEndPayload } from '../placements/obligation-schedule.rules.ts';
import { hasOpenClaim } from './claim.service.ts';

/**
 * The `guarantee.end` obligation (DESIGN §4.5): on start + G the placement's guarantee passes: the placement
 * becomes `guarantee_passed` and the ledger issues the `guarantee_passed` installments and releases what
 * `after_guarantee` held. A placement in another status (claimed, replacing, …) does not pass here, nor one with
 * a claim open: the guarantee waits for it, and a claim ending without a refund schedules a fresh `guarantee.end`.
 */
export function guaranteeEndHandler(dialect: Dialect): ObligationHandler {
  return async ({ tx, now, obligation }) => {
    const payload = obligation.payload as Partial<GuaranteeEndPayload>;
    // Lock, then check: a claim filed concurrently takes the same placement lock first.
    if (!(await lockPlacementFactsById(tx, dialect, obligation.subjectId))) return;
    if (await hasOpenClaim(tx, obligation.subjectId)) return;
    const passed = await markGuaranteePassed(tx, now, obligation.subjectId, dialect);
    if (!passed) return;
    await passGuaranteeAs(tx, dialect, { now, userId: null }, { placementId: obligation.subjectId, on: (payload.passesOn ?? obligation.dueAt.slice(0, 10)) as CalendarDate });
  };
}
