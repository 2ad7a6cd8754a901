import { addDays, type CalendarDate } from '../platform/calendar-date.ts';
import type { DisputeOutcome, DisputeState, DisputeType } from '../platform/db/schema.ts';

/**
 * Disputes and arbitration (DESIGN §4.8), as pure decisions. Deadlines are calendar dates in the employer's time
 * zone counted from the day the dispute is raised; the window to raise one counts from the day of the decision it
 * contests.
 */

/** The types that can be raised and decided today; `payment` and `ownership` are not yet (docs/disputes.md). */
export const DISPUTE_TYPES = ['claim_decision', 'refund_amount'] as const satisfies readonly DisputeType[];
export type RaisableType = (typeof DISPUTE_TYPES)[number];
export const DISPUTE_OUTCOMES = ['uphold', 'overturn', 'adjust'] as const satisfies readonly DisputeOutcome[];
export const DISPUTE_STATES = ['awaiting_response', 'awaiting_decision', 'decided'] as const satisfies readonly DisputeState[];

export const RAISE_WINDOW_DAYS = 30;
export const ANSWER_DAYS = 7;
export const DECIDE_DAYS = 14;

export type Side = 'poster' | 'deliverer';

/** The last day a decision made on `contestedOn` may be disputed: day 30 after it, inclusive. */
export function raiseWindowClosesOn(contestedOn: CalendarDate): CalendarDate {
  return addDays(contestedOn, RAISE_WINDOW_DAYS);
}

export function isRaiseWindowOpen(contestedOn: CalendarDate, today: CalendarDate): boolean {
  return today <= raiseWindowClosesOn(contestedOn);
}

/** The answer is due by day +7 and the decision by day +14, counted from the day the dispute is raised. */
export function deadlinesFrom(raisedOn: CalendarDate): { answerBy: CalendarDate; decideBy: CalendarDate } {
  return { answerBy: addDays(raisedOn, ANSWER_DAYS), decideBy: addDays(raisedOn, DECIDE_DAYS) };
}

/**
 * Whether a claim in `claimState` can be contested by a dispute of `type`, and by which side: a rejection by the
 * poster (it asked for the remedy); a settled refund's amount by either side (too little, or too much).
 */
export function claimSubjectProblem(type: RaisableType, claimState: string, raiserSides: readonly Side[]): { code: 'conflict' | 'forbidden'; message: string } | null {
  if (type === 'claim_decision') {
    if (claimState !== 'rejected') return { code: 'conflict', message: `the claim is ${claimState}: only a rejected claim's decision can be disputed` };
    if (!raiserSides.includes('poster')) return { code: 'forbidden', message: "only the poster's users dispute a claim's rejection" };
    return null;
  }
  if (claimState !== 'refunded') return { code: 'conflict', message: `the claim is ${claimState}: only a settled refund's amount can be disputed` };
  return null;
}

/** The side a raiser speaks for: the poster when it holds both (an agency that posted for its client). */
export function raiserSide(type: RaisableType, sides: readonly Side[]): Side | null {
  if (sides.includes('poster')) return 'poster';
  if (type === 'refund_amount' && sides.includes('deliverer')) return 'deliverer';
  return null;
}

export const otherSide = (side: Side): Side => (side === 'poster' ? 'deliverer' : 'poster');

/**
 * What an outcome means for a type, or the problem with it (a 400 naming the field): a rejection is upheld or
 * overturned; a refund amount is upheld or adjusted to an amount between 0 and the fee. Reasons are always due.
 */
export function outcomeProblem(type: DisputeType, outcome: DisputeOutcome, amount: bigint | null, fee: bigint): { field: 'outcome' | 'amount'; message: string } | null {
  if (type === 'claim_decision') {
    if (outcome === 'adjust') return { field: 'outcome', message: 'a claim decision is upheld or overturned (to change a refund, dispute its amount)' };
    if (amount !== null) return { field: 'amount', message: 'only an adjustment takes an amount' };
    return null;
  }
  if (type === 'refund_amount') {
    if (outcome === 'overturn') return { field: 'outcome', message: 'a refund amount is upheld or adjusted to the amount found' };
    if (outcome === 'uphold') return amount === null ? null : { field: 'amount', message: 'only an adjustment takes an amount' };
    if (amount === null) return { field: 'amount', message: 'an adjustment needs the amount found' };
    if (amount < 0n || amount > fee) return { field: 'amount', message: 'a refund is between 0 and the placement fee' };
    return null;
  }
  return { field: 'outcome', message: `${type} disputes cannot be decided yet` };
}

/** An arbitrator tied to either party may not arbitrate (DESIGN §4.8). */
export function isTied(tiedOrgIds: readonly string[], parties: { posterOrgId: string; agencyOrgId: string }): boolean {
  return tiedOrgIds.includes(parties.posterOrgId) || tiedOrgIds.includes(parties.agencyOrgId);
}

/** Not decided by its date: flagged to operations the day after `decideBy`. */
export function isDecisionOverdue(d: { state: DisputeState; decideBy: CalendarDate }, today: CalendarDate): boolean {
  return d.state !== 'decided' && today > d.decideBy;
}

/** The arbitrator decides once the answer is in, or its deadline has passed in silence. */
export function canDecide(state: DisputeState): boolean {
  return state === 'awaiting_decision';
}
