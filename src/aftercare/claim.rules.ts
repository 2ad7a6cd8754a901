import { type CalendarDate, addDays, checkDateWindow } from '../platform/calendar-date.ts';
import type { ClaimState } from '../platform/db/schema.ts';
import { DomainError } from '../platform/errors.ts';
import type { RemedyKind } from '../plans/terms.schema.ts';
import type { ClaimEvaluation } from './claim-evaluation.rules.ts';

/**
 * The states of a claim (DESIGN §4.5) and what moves it. The engine's decision (§4.3) says whether the claim is
 * covered; these rules say what happens next.
 */

export const CLAIM_STATES = ['rejected', 'pending_review', 'awaiting_remedy', 'refunded', 'replacement_pending', 'replacement_overdue', 'replaced'] as const;
export const OPEN_CLAIM_STATES: readonly ClaimState[] = ['pending_review', 'awaiting_remedy', 'replacement_pending', 'replacement_overdue'];

export const isOpenState = (s: ClaimState): boolean => OPEN_CLAIM_STATES.includes(s);

/** The next step of an eligible (or reviewed-as-covered) claim: the remedy asked, when allowed; else the poster picks. */
export type NextStep = { state: 'rejected' } | { state: 'pending_review' } | { state: 'awaiting_remedy' } | { state: 'apply'; remedy: RemedyKind };

export function nextStepAfterDecision(decision: Pick<ClaimEvaluation, 'status' | 'allowedRemedies'>, remedy: RemedyKind | null): NextStep {
  if (decision.status === 'ineligible') return { state: 'rejected' };
  if (decision.status === 'needs_review') return { state: 'pending_review' };
  return stepForRemedy(decision, remedy);
}

/** After ops decide a `pending_review` claim: not covered is rejected; covered goes on as an eligible claim. */
export function nextStepAfterReview(decision: Pick<ClaimEvaluation, 'allowedRemedies'>, covered: boolean, remedy: RemedyKind | null): NextStep {
  return covered ? stepForRemedy(decision, remedy) : { state: 'rejected' };
}

function stepForRemedy(decision: Pick<ClaimEvaluation, 'allowedRemedies'>, remedy: RemedyKind | null): NextStep {
  if (remedy !== null && decision.allowedRemedies.includes(remedy)) return { state: 'apply', remedy };
  return decision.allowedRemedies.length > 0 ? { state: 'awaiting_remedy' } : { state: 'rejected' };
}

/** A departure is reported at most a year ahead of the last working day (a notice longer than that is a slip). */
export const LAST_WORKING_DAY_LEAD_DAYS = 366;

/**
 * A last working day is no later than a year after the report; how long before it falls is the engine's
 * question (before the start date is invalid input there, and a late report is `notice_late`).
 */
export function checkLastWorkingDay(lastWorkingDay: CalendarDate, reportedOn: CalendarDate): void {
  checkDateWindow(lastWorkingDay, reportedOn, { after: LAST_WORKING_DAY_LEAD_DAYS }, 'lastWorkingDay', 'must be at most a year after today');
}

/** `deliverBy` is the last day a replacement may be hired; the claim is overdue the day after. */
export function replacementOverdueOn(deliverBy: CalendarDate): CalendarDate {
  return addDays(deliverBy, 1);
}

/** Extending once moves `deliverBy` by the terms' `deliveryDays`. */
export function extendedDeliverBy(deliverBy: CalendarDate, deliveryDays: number): CalendarDate {
  return addDays(deliverBy, deliveryDays);
}

/**
 * Whether a claim takes a replacement hire today (§4.5): only while `replacement_pending` and no later than
 * `deliverBy` (the scheduler marks it overdue the next morning; a hire in between is refused all the same), and
 * once. The refusal to answer with, or null.
 */
export function replacementHireRefusal(c: { state: ClaimState; deliverBy: CalendarDate | null; today: CalendarDate; hasReplacement: boolean }): DomainError | null {
  const late = c.state === 'replacement_overdue' || (c.state === 'replacement_pending' && c.deliverBy !== null && c.today > c.deliverBy);
  if (late) {
    return new DomainError('replacement_overdue', `the replacement was due by ${c.deliverBy ?? '?'}: the claim is overdue and takes no hire (the poster may extend it once, or convert it to a refund)`, { deliverBy: c.deliverBy });
  }
  if (c.state !== 'replacement_pending' || c.hasReplacement) {
    return new DomainError('conflict', `the claim is ${c.state}: it takes no replacement hire`, { state: c.state });
  }
  return null;
}
