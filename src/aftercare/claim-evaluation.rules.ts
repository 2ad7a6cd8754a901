import { type CalendarDate, dayNumberOrNaNOf, fromDayNumber, toDayNumber } from '../platform/calendar-date.ts';
import { DomainError } from '../platform/errors.ts';
import { type Currency, amountProblem, formatAmount, mulDivRoundHalfUp, tryParseAmount } from '../platform/money.ts';
import {
  type ClaimTerms,
  InputProblem,
  MSG,
  type RemedyKind,
  type TerminationReason,
  isReviewReason,
  isTerminationReason,
  readClaimTerms,
} from '../plans/terms.schema.ts';

/**
 * Claim evaluation (DESIGN §4.3): a pure function of the signed terms, the placement's facts and the claim.
 * The rules run in the order the contract lists them; each step is commented with its number.
 */

export type { ClaimTerms } from '../plans/terms.schema.ts';

export const INELIGIBILITY_CODES = ['reason_excluded', 'outside_guarantee', 'notice_late', 'payment_overdue'] as const;
export type IneligibilityCode = (typeof INELIGIBILITY_CODES)[number];
export const CLAIM_STATUSES = ['eligible', 'needs_review', 'ineligible'] as const;
export type ClaimStatus = (typeof CLAIM_STATUSES)[number];
export type RemedyRejection = 'replacements_exhausted' | 'remedy_not_offered';

export interface PaymentFact {
  date: CalendarDate;
  amount: bigint;
}
export interface InstallmentFacts {
  dueDate: CalendarDate;
  amount: bigint;
  payments: readonly PaymentFact[];
}
export interface PlacementFacts {
  startDate: CalendarDate;
  /** In minor units of the terms' currency. */
  fee: bigint;
  replacementsUsed: number;
  installments: readonly InstallmentFacts[];
}
export interface ClaimFacts {
  reason: TerminationReason;
  /** Ignored for `no_show` (the last working day is then the agreed start date); required otherwise. */
  lastWorkingDay: CalendarDate | null;
  reportedOn: CalendarDate;
  remedy: RemedyKind | null;
  /** Codes an arbitrator set aside (DESIGN §4.8): the claim is decided as if they were absent. */
  setAside?: readonly IneligibilityCode[];
}

/** The decision with amounts in minor units. */
export interface ClaimDecision {
  status: ClaimStatus;
  codes: IneligibilityCode[];
  daysServed: number;
  allowedRemedies: RemedyKind[];
  remedyRejected: RemedyRejection | null;
  refund: { amount: bigint; finalFee: bigint; cashRefund: bigint; stillDue: bigint } | null;
  replacement: { deliverBy: CalendarDate; guaranteeDays: number } | null;
}

/** The decision as the contract writes it: amounts as decimal strings with the currency's digits. */
export interface ClaimEvaluation {
  status: ClaimStatus;
  codes: IneligibilityCode[];
  daysServed: number;
  allowedRemedies: RemedyKind[];
  remedyRejected: RemedyRejection | null;
  refund: { amount: string; finalFee: string; cashRefund: string; stillDue: string } | null;
  replacement: { deliverBy: CalendarDate; guaranteeDays: number } | null;
}

export interface InvalidInputResult {
  error: { code: 'invalid_input'; message: string };
}

// ------------------------------------------------------------------------------------------ the rules

/** The facts with every date as a day number (days since 1970-01-01): what the rules compute on. */
interface DayFacts {
  start: number;
  fee: bigint;
  replacementsUsed: number;
  installments: readonly { due: number; amount: bigint; payments: readonly { day: number; amount: bigint }[] }[];
  reason: TerminationReason;
  /** NaN when not given (allowed only for a no-show). */
  lastWorkingDay: number;
  reported: number;
  remedy: RemedyKind | null;
  setAside: readonly IneligibilityCode[];
}

/** Throws InputProblem when the last working day is missing or before the start (rule 1). */
function decide(terms: ClaimTerms, f: DayFacts): ClaimDecision {
  const { guarantee, remedies } = terms;
  const G = guarantee.days;

  // 1. Days served (§4.2). For a no-show, d = 0 and the last working day is the agreed start date.
  let lastDay: number;
  let d: number;
  if (f.reason === 'no_show') {
    lastDay = f.start;
    d = 0;
  } else {
    if (Number.isNaN(f.lastWorkingDay)) throw new InputProblem('claim.lastWorkingDay', 'is required unless the reason is no_show');
    lastDay = f.lastWorkingDay;
    if (lastDay < f.start) throw new InputProblem('claim.lastWorkingDay', 'must not be before placement.startDate');
    d = lastDay - f.start + 1;
  }

  // 2. Ineligibility codes, each checked on its own, listed in this order.
  const codes: IneligibilityCode[] = [];
  const covered = guarantee.covered.includes(f.reason);
  const reviewReason = isReviewReason(f.reason);
  if (!covered && !reviewReason) codes.push('reason_excluded');
  if (d > G) codes.push('outside_guarantee');
  // Reported before the last working day (notice handed in) gives a negative count, which is never late.
  if (f.reported - lastDay > guarantee.noticeDays) codes.push('notice_late');
  if (guarantee.requireTimelyPayment && hasOverdueInstallment(f, guarantee.paymentGraceDays)) codes.push('payment_overdue');

  // An arbitrator's decision sets codes aside: the rest of the rules run as if they had not been found.
  if (f.setAside.length > 0) codes.splice(0, codes.length, ...codes.filter((c) => !f.setAside.includes(c)));

  // 3. Status.
  const status: ClaimStatus = codes.length > 0 ? 'ineligible' : reviewReason && !covered ? 'needs_review' : 'eligible';

  // 4. Allowed remedies, replacement first.
  const allowedRemedies: RemedyKind[] = [];
  if (codes.length === 0) {
    if (remedies.replacement !== null && f.replacementsUsed < remedies.replacement.maxReplacements) allowedRemedies.push('replacement');
    if (remedies.refund !== null) allowedRemedies.push('refund');
  }

  // 5. A requested remedy that is not allowed. "Offered" means the terms have that remedy at all (even with
  //    maxReplacements 0), so a replacement asked for under such terms is "exhausted", not "not offered".
  let remedyRejected: RemedyRejection | null = null;
  if (status !== 'ineligible' && f.remedy !== null && !allowedRemedies.includes(f.remedy)) {
    remedyRejected =
      f.remedy === 'replacement' && remedies.replacement !== null && f.replacementsUsed >= remedies.replacement.maxReplacements
        ? 'replacements_exhausted'
        : 'remedy_not_offered';
  }

  // 6. Refund, whenever the terms offer one and the claim is not ineligible (also while it awaits review).
  let refund: ClaimDecision['refund'] = null;
  if (remedies.refund !== null && status !== 'ineligible') {
    const fee = f.fee;
    let amount = 0n;
    if (remedies.refund.schedule === 'linear') {
      // fee × (G − d) / G, the whole fee when d = 0. With G = 0 only a no-show (d = 0) gets here, since any
      // d ≥ 1 is outside the guarantee; it gets the whole fee, and there is never a division by zero.
      amount = d === 0 ? fee : G === 0 ? 0n : mulDivRoundHalfUp(fee, BigInt(Math.max(0, G - d)), BigInt(G));
    } else {
      // The first step with d ≤ uptoDay; past the last step, nothing. Percents have at most 2 decimals, so
      // percent × 100 is a whole number of hundredths (Math.round only removes the binary representation error).
      for (const step of remedies.refund.steps) {
        if (d <= step.uptoDay) {
          amount = mulDivRoundHalfUp(fee, BigInt(Math.round(step.percent * 100)), 10_000n);
          break;
        }
      }
    }
    const finalFee = fee - amount;
    let paid = 0n;
    for (const installment of f.installments) {
      for (const payment of installment.payments) paid += payment.amount;
    }
    refund = {
      amount,
      finalFee,
      cashRefund: paid > finalFee ? paid - finalFee : 0n,
      stillDue: finalFee > paid ? finalFee - paid : 0n,
    };
  }

  // 7. Replacement, when allowed.
  let replacement: ClaimDecision['replacement'] = null;
  if (allowedRemedies[0] === 'replacement' && remedies.replacement !== null) {
    const deliverBy = f.reported + remedies.replacement.deliveryDays;
    if (deliverBy > MAX_DAY) throw new InputProblem('terms.remedies.replacement.deliveryDays', 'puts the delivery date past the year 9999');
    replacement = {
      deliverBy: fromDayNumber(deliverBy),
      guaranteeDays: remedies.replacement.newGuarantee === 'fresh' ? G : Math.max(0, G - d),
    };
  }

  return { status, codes, daysServed: d, allowedRemedies, remedyRejected, refund, replacement };
}

const MAX_DAY = toDayNumber('9999-12-31' as CalendarDate);

/**
 * An installment is overdue when its deadline (due date + grace days) is strictly before the report date and
 * the payments dated on or before that deadline add up to less than its amount.
 */
function hasOverdueInstallment(f: DayFacts, graceDays: number): boolean {
  for (const installment of f.installments) {
    const deadline = installment.due + graceDays;
    if (deadline >= f.reported) continue;
    let paidInTime = 0n;
    for (const payment of installment.payments) {
      if (payment.day <= deadline) paidInTime += payment.amount;
    }
    if (paidInTime < installment.amount) return true;
  }
  return false;
}

export function formatClaimDecision(decision: ClaimDecision, currency: Currency): ClaimEvaluation {
  const r = decision.refund;
  return {
    status: decision.status,
    codes: decision.codes,
    daysServed: decision.daysServed,
    allowedRemedies: decision.allowedRemedies,
    remedyRejected: decision.remedyRejected,
    refund:
      r === null
        ? null
        : {
            amount: formatAmount(r.amount, currency),
            finalFee: formatAmount(r.finalFee, currency),
            cashRefund: formatAmount(r.cashRefund, currency),
            stillDue: formatAmount(r.stillDue, currency),
          },
    replacement: decision.replacement,
  };
}

/**
 * The typed core the app calls with parsed values. Throws DomainError('invalid_input') when the last working day
 * is missing (other than for a no-show) or before the start date.
 */
export function decideClaim(terms: ClaimTerms, placement: PlacementFacts, claim: ClaimFacts): ClaimDecision {
  const facts: DayFacts = {
    start: toDayNumber(placement.startDate),
    fee: placement.fee,
    replacementsUsed: placement.replacementsUsed,
    installments: placement.installments.map((i) => ({
      due: toDayNumber(i.dueDate),
      amount: i.amount,
      payments: i.payments.map((p) => ({ day: toDayNumber(p.date), amount: p.amount })),
    })),
    reason: claim.reason,
    lastWorkingDay: claim.lastWorkingDay === null ? Number.NaN : toDayNumber(claim.lastWorkingDay),
    reported: toDayNumber(claim.reportedOn),
    remedy: claim.remedy,
    setAside: claim.setAside ?? [],
  };
  try {
    return decide(terms, facts);
  } catch (error) {
    throw error instanceof InputProblem ? error.toDomainError() : error;
  }
}

/** `decideClaim` with the answer in the contract's shape. */
export function evaluateClaimFacts(terms: ClaimTerms, placement: PlacementFacts, claim: ClaimFacts): ClaimEvaluation {
  return formatClaimDecision(decideClaim(terms, placement, claim), terms.currency);
}

// ------------------------------------------------------------------------------------------ reading the input
// Hand-written for speed (it runs per item of large batches); every problem names its place. Paths are built only
// when something is wrong.

type Obj = Record<string, unknown>;
const isObject = (value: unknown): value is Obj => typeof value === 'object' && value !== null && !Array.isArray(value);
const DATE_PROBLEM = 'must be a real calendar date written YYYY-MM-DD';

const installmentPath = (i: number, key?: string): string => `placement.installments[${i}]${key === undefined ? '' : `.${key}`}`;
const paymentPath = (i: number, j: number, key?: string): string =>
  `placement.installments[${i}].payments[${j}]${key === undefined ? '' : `.${key}`}`;

function dateProblem(field: string): InputProblem {
  return new InputProblem(field, DATE_PROBLEM);
}
function amountProblemAt(value: unknown, currency: Currency, field: string): InputProblem {
  return new InputProblem(field, amountProblem(value, currency) ?? MSG.amount);
}
const EMPTY: readonly unknown[] = Object.freeze([]);

// Inline checks rather than helpers taking a path: the path is only built when something is wrong.
function readFacts(placementIn: unknown, claimIn: unknown, currency: Currency): DayFacts {
  if (!isObject(placementIn)) throw new InputProblem('placement', MSG.object);
  const p = placementIn;
  const start = dayNumberOrNaNOf(p.startDate);
  if (Number.isNaN(start)) throw dateProblem('placement.startDate');
  const fee = tryParseAmount(p.fee, currency);
  if (fee === null) throw amountProblemAt(p.fee, currency, 'placement.fee');
  let replacementsUsed = 0; // absent or null: none used yet
  if (p.replacementsUsed !== undefined && p.replacementsUsed !== null) {
    const used = p.replacementsUsed;
    if (typeof used !== 'number' || !Number.isSafeInteger(used) || used < 0) throw new InputProblem('placement.replacementsUsed', MSG.whole0);
    replacementsUsed = used;
  }
  // Installments and payments: absent or null means none.
  let installmentsIn: readonly unknown[] = EMPTY;
  if (p.installments !== undefined && p.installments !== null) {
    if (!Array.isArray(p.installments)) throw new InputProblem('placement.installments', MSG.array);
    installmentsIn = p.installments;
  }
  const installments: DayFacts['installments'][number][] = new Array(installmentsIn.length);
  for (let i = 0; i < installmentsIn.length; i++) {
    const item = installmentsIn[i];
    if (!isObject(item)) throw new InputProblem(installmentPath(i), MSG.object);
    const due = dayNumberOrNaNOf(item.dueDate);
    if (Number.isNaN(due)) throw dateProblem(installmentPath(i, 'dueDate'));
    const amount = tryParseAmount(item.amount, currency);
    if (amount === null) throw amountProblemAt(item.amount, currency, installmentPath(i, 'amount'));
    let paymentsIn: readonly unknown[] = EMPTY;
    if (item.payments !== undefined && item.payments !== null) {
      if (!Array.isArray(item.payments)) throw new InputProblem(installmentPath(i, 'payments'), MSG.array);
      paymentsIn = item.payments;
    }
    const payments: { day: number; amount: bigint }[] = new Array(paymentsIn.length);
    for (let j = 0; j < paymentsIn.length; j++) {
      const payment = paymentsIn[j];
      if (!isObject(payment)) throw new InputProblem(paymentPath(i, j), MSG.object);
      const paidOn = dayNumberOrNaNOf(payment.date);
      if (Number.isNaN(paidOn)) throw dateProblem(paymentPath(i, j, 'date'));
      const paidAmount = tryParseAmount(payment.amount, currency);
      if (paidAmount === null) throw amountProblemAt(payment.amount, currency, paymentPath(i, j, 'amount'));
      payments[j] = { day: paidOn, amount: paidAmount };
    }
    installments[i] = { due, amount, payments };
  }

  if (!isObject(claimIn)) throw new InputProblem('claim', MSG.object);
  const c = claimIn;
  const reason = c.reason;
  if (!isTerminationReason(reason)) throw new InputProblem('claim.reason', MSG.reason);
  // A no-show may leave the last working day out (it is the start date); if given, it must still be a date.
  let lastWorkingDay = Number.NaN;
  if (reason !== 'no_show' || (c.lastWorkingDay !== undefined && c.lastWorkingDay !== null)) {
    lastWorkingDay = dayNumberOrNaNOf(c.lastWorkingDay);
    if (Number.isNaN(lastWorkingDay)) throw dateProblem('claim.lastWorkingDay');
  }
  const reported = dayNumberOrNaNOf(c.reportedOn);
  if (Number.isNaN(reported)) throw dateProblem('claim.reportedOn');
  const remedy = c.remedy;
  if (remedy !== undefined && remedy !== null && remedy !== 'refund' && remedy !== 'replacement') {
    throw new InputProblem('claim.remedy', 'must be "replacement", "refund" or null');
  }
  return { start, fee, replacementsUsed, installments, reason, lastWorkingDay, reported, remedy: remedy ?? null, setAside: [] };
}

/** Reads `{ terms, placement, claim }`; throws InputProblem naming the first problem. */
function evaluate(input: unknown): ClaimEvaluation {
  if (!isObject(input)) throw new InputProblem('input', MSG.object);
  const terms = readClaimTerms(input.terms, 'terms');
  return formatClaimDecision(decide(terms, readFacts(input.placement, input.claim, terms.currency)), terms.currency);
}

/**
 * `npx tenure claims evaluate` for one item: `{ terms, placement, claim }` → the evaluation, or
 * `{ error: { code: 'invalid_input', message } }` naming what is wrong and where. Every call validates its whole
 * input, terms included.
 */
export function evaluateClaim(input: unknown): ClaimEvaluation | InvalidInputResult {
  try {
    return evaluate(input);
  } catch (error) {
    if (error instanceof InputProblem) return { error: { code: 'invalid_input', message: error.message } };
    if (error instanceof DomainError && error.code === 'invalid_input') return { error: { code: 'invalid_input', message: error.message } };
    throw error;
  }
}
