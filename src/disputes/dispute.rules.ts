import { addDays, type CalendarDate } from '../platform/calendar-date.ts';
import type { DisputeOutcome, DisputeState, DisputeType } from '../platform/db/schema.ts';

/**
 * Disputes and arbitration (DESIGN §4.8), as pure decisions. Deadlines are calendar dates in the employer's time
 * zone counted from the day the dispute is raised; the window to raise one counts from the day of the decision it
 * contests.
 */

/** The types that can be raised and decided (docs/disputes.md). */
export const DISPUTE_TYPES = ['claim_decision', 'refund_amount', 'payment', 'service_quality', 'ownership'] as const satisfies readonly DisputeType[];
export type RaisableType = (typeof DISPUTE_TYPES)[number];
export const DISPUTE_OUTCOMES = ['uphold', 'overturn', 'adjust'] as const satisfies readonly DisputeOutcome[];
export const DISPUTE_STATES = ['awaiting_response', 'awaiting_decision', 'decided'] as const satisfies readonly DisputeState[];

export const RAISE_WINDOW_DAYS = 30;
export const ANSWER_DAYS = 7;
export const DECIDE_DAYS = 14;

/**
 * The sides of a dispute: the poster and the deliverer of a placement; for an ownership dispute, the refused
 * consultant's side (`deliverer`: it wanted to deliver) and the `owner`, the side whose submission held the protection.
 */
export type Side = 'poster' | 'deliverer' | 'owner';

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
 * poster (it asked for the remedy), a refund granted by the deliverer (it pays it back); a settled refund's amount
 * by either side (too little, or too much).
 */
export function claimSubjectProblem(type: 'claim_decision' | 'refund_amount', claimState: string, raiserSides: readonly Side[]): { code: 'conflict' | 'forbidden'; message: string } | null {
  if (type === 'claim_decision') {
    if (claimState !== 'rejected' && claimState !== 'refunded') return { code: 'conflict', message: `the claim is ${claimState}: only a rejected or refunded claim's decision can be disputed` };
    if (raiserSides.some((s) => (sidesAllowed(type, claimState) as readonly Side[]).includes(s))) return null;
    return { code: 'forbidden', message: claimState === 'rejected' ? "only the poster's users dispute a claim's rejection" : 'only the delivering side disputes a refund granted' };
  }
  if (claimState !== 'refunded') return { code: 'conflict', message: `the claim is ${claimState}: only a settled refund's amount can be disputed` };
  return null;
}

/** An installment is disputed once issued (before, nothing was asked or paid on it). */
export function installmentSubjectProblem(issued: boolean): { code: 'conflict'; message: string } | null {
  return issued ? null : { code: 'conflict', message: 'the installment is not issued yet: there is no payment to dispute' };
}

/** A placement's service is disputed once the placement is under way (both sides accepted its terms). */
export function placementSubjectProblem(status: string): { code: 'conflict'; message: string } | null {
  return status === 'pending_acceptance' ? { code: 'conflict', message: 'the placement is not accepted yet: there is no service to dispute' } : null;
}

/**
 * The day the service contested counts from: the after-sales service runs through the guarantee, so while it runs
 * the window is open (today), and after it the 30 days count from the day the guarantee ended (`guaranteeEndsOn`,
 * its first day not covered) — for a placement ended early by a claim too.
 */
export function serviceContestedOn(guaranteeEndsOn: CalendarDate, today: CalendarDate): CalendarDate {
  return today < guaranteeEndsOn ? today : guaranteeEndsOn;
}

/**
 * The sides that may raise a dispute of `type` on a subject in `subjectState`, the poster first: a claim's
 * rejection the poster, a refund granted the deliverer; a refund's amount and a payment either side; the service
 * the poster (it received it).
 */
/** The side that raises: never the owner (it answers). */
export type RaisingSide = 'poster' | 'deliverer';

export function sidesAllowed(type: RaisableType, subjectState: string): RaisingSide[] {
  if (type === 'ownership') return ['deliverer'];
  if (type === 'claim_decision') return subjectState === 'refunded' ? ['deliverer'] : ['poster'];
  if (type === 'service_quality') return ['poster'];
  return ['poster', 'deliverer'];
}

/** The side a raiser speaks for: the poster when it holds both (an agency that posted for its client). */
export function raiserSide(type: RaisableType, subjectState: string, sides: readonly Side[]): RaisingSide | null {
  return sidesAllowed(type, subjectState).find((s) => sides.includes(s)) ?? null;
}

/** Who answers a dispute raised by `side`: the other side of the placement; the owner of an ownership dispute. */
export const otherSide = (side: Side, type?: DisputeType): Side => (type === 'ownership' ? 'owner' : side === 'poster' ? 'deliverer' : 'poster');

/**
 * An ownership refusal can be disputed while nothing has made it moot: not once an overturned dispute accepted the
 * submission, and not again once an arbitrator decided on it (the decision is final).
 */
export function refusalSubjectProblem(r: { accepted: boolean; decidedBefore: boolean }): { code: 'conflict'; message: string } | null {
  if (r.accepted) return { code: 'conflict', message: 'the refused submission has been accepted already' };
  if (r.decidedBefore) return { code: 'conflict', message: 'an arbitrator decided on this refusal already: it is final' };
  return null;
}

export type DecisionFields = { amount: bigint | null; paidOn: CalendarDate | null; paymentId: string | null };
export type DecisionBounds = { fee: bigint; creditable: bigint; today: CalendarDate };
type OutcomeProblem = { field: 'outcome' | 'amount' | 'paidOn' | 'paymentId'; message: string };

/** The fields an outcome of a type takes; any other one given is a problem (a 400 naming it). */
function extraField(f: DecisionFields, allowed: ReadonlyArray<keyof DecisionFields>): OutcomeProblem | null {
  for (const k of ['amount', 'paidOn', 'paymentId'] as const) {
    if (f[k] !== null && !allowed.includes(k)) return { field: k, message: `this outcome takes no ${k}` };
  }
  return null;
}

/**
 * What an outcome means for a type, or the problem with it (a 400 naming the field). Reasons are always due.
 * - `claim_decision`: upheld, or overturned (a rejection goes on as eligible; a refund is reversed);
 * - `refund_amount`: upheld, or adjusted to an amount between 0 and the fee;
 * - `payment`: upheld; adjusted: a payment of `amount` (> 0) found made on `paidOn` (not after today) is recorded;
 *   overturned: the payment `paymentId`, recorded wrongly, is reversed;
 * - `service_quality`: upheld, or adjusted to a credit above 0 and at most what the poster paid and kept paid.
 */
export function outcomeProblem(type: DisputeType, outcome: DisputeOutcome, f: DecisionFields, b: DecisionBounds): OutcomeProblem | null {
  if (outcome === 'uphold') return extraField(f, []);
  if (type === 'claim_decision') {
    if (outcome === 'adjust') return { field: 'outcome', message: 'a claim decision is upheld or overturned (to change a refund, dispute its amount)' };
    return extraField(f, []);
  }
  if (type === 'refund_amount' || type === 'service_quality') {
    if (outcome === 'overturn') return { field: 'outcome', message: type === 'refund_amount' ? 'a refund amount is upheld or adjusted to the amount found' : 'the service is upheld or adjusted to a credit' };
    const extra = extraField(f, ['amount']);
    if (extra) return extra;
    if (f.amount === null) return { field: 'amount', message: type === 'refund_amount' ? 'an adjustment needs the amount found' : 'an adjustment needs the credit' };
    if (type === 'refund_amount') return f.amount < 0n || f.amount > b.fee ? { field: 'amount', message: 'a refund is between 0 and the placement fee' } : null;
    return f.amount <= 0n || f.amount > b.creditable ? { field: 'amount', message: 'a credit is above 0 and at most what the placement received less what went back' } : null;
  }
  if (type === 'payment') {
    if (outcome === 'overturn') {
      const extra = extraField(f, ['paymentId']);
      if (extra) return extra;
      return f.paymentId === null ? { field: 'paymentId', message: 'name the payment recorded wrongly, to reverse it' } : null;
    }
    const extra = extraField(f, ['amount', 'paidOn']);
    if (extra) return extra;
    if (f.amount === null || f.amount <= 0n) return { field: 'amount', message: 'an adjustment records the payment found: its amount, above 0' };
    if (f.paidOn === null) return { field: 'paidOn', message: 'an adjustment records the payment found on the day it was made' };
    return f.paidOn > b.today ? { field: 'paidOn', message: `is after today (${b.today})` } : null;
  }
  // ownership: upheld (the refusal stands) or overturned (the submission is accepted); nothing else to say.
  if (outcome === 'adjust') return { field: 'outcome', message: 'an ownership refusal is upheld or overturned' };
  return extraField(f, []);
}

/** An arbitrator tied to either party may not arbitrate (DESIGN §4.8). */
export function isTied(tiedOrgIds: readonly string[], parties: { posterOrgId: string; agencyOrgId: string; respondentOrgId?: string | null }): boolean {
  return tiedOrgIds.includes(parties.posterOrgId) || tiedOrgIds.includes(parties.agencyOrgId) || (parties.respondentOrgId != null && tiedOrgIds.includes(parties.respondentOrgId));
}

/** Not decided by its date: flagged to operations the day after `decideBy`. */
export function isDecisionOverdue(d: { state: DisputeState; decideBy: CalendarDate }, today: CalendarDate): boolean {
  return d.state !== 'decided' && today > d.decideBy;
}

/** The arbitrator decides once the answer is in, or its deadline has passed in silence. */
export function canDecide(state: DisputeState): boolean {
  return state === 'awaiting_decision';
}
