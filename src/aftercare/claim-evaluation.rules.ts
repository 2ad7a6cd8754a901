import { type CalendarDate, dayNumberOrNaNOf, fromDayNumber, toDayNumber } from '../platform/calendar-date.ts';
import { DomainError } from '../platform/errors.ts';
import { type Currency, amountProblem, formatAmount, mulDivRoundHalfUp, tryParseAmount } from '../platform/money.ts';
import {
  type EngineTerms,
  MSG,
  type RemedyKind,
  type TerminationReason,
  isReviewReason,
  isTerminationReason,
  parseEngineTerms,
} from '../plans/terms.schema.ts';

/**
 * Claim evaluation (DESIGN §4.3): a pure function of the signed terms, the placement's facts and the claim.
 * The rules run in the order the contract lists them; each step is commented with its number.
 */

export const INELIGIBILITY_CODES = ['reason_excluded', 'outside_guarantee', 'notice_late', 'payment_overdue'] as const;
export type IneligibilityCode = (typeof INELIGIBILITY_CODES)[number];
export type ClaimStatus = 'eligible' | 'needs_review' | 'ineligible';
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
}
export type ClaimTerms = Pick<EngineTerms, 'currency' | 'guarantee' | 'remedies'>;

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

function invalid(field: string, message: string): DomainError {
  return new DomainError('invalid_input', `${field} ${message}`, { field });
}

/** Decide a claim from already-validated facts. Throws invalid_input when the last working day precedes the start. */
export function decideClaim(terms: ClaimTerms, placement: PlacementFacts, claim: ClaimFacts): ClaimDecision {
  const { guarantee, remedies } = terms;
  const G = guarantee.days;
  const start = toDayNumber(placement.startDate);
  const reported = toDayNumber(claim.reportedOn);

  // 1. Days served (§4.2). For a no-show, d = 0 and the last working day is the agreed start date.
  let lastDay: number;
  let d: number;
  if (claim.reason === 'no_show') {
    lastDay = start;
    d = 0;
  } else {
    if (claim.lastWorkingDay === null) throw invalid('claim.lastWorkingDay', 'is required unless the reason is no_show');
    lastDay = toDayNumber(claim.lastWorkingDay);
    if (lastDay < start) throw invalid('claim.lastWorkingDay', 'must not be before placement.startDate');
    d = lastDay - start + 1;
  }

  // 2. Ineligibility codes, each checked on its own, listed in this order.
  const codes: IneligibilityCode[] = [];
  const covered = guarantee.covered.includes(claim.reason);
  const reviewReason = isReviewReason(claim.reason);
  if (!covered && !reviewReason) codes.push('reason_excluded');
  if (d > G) codes.push('outside_guarantee');
  // Reported before the last working day (notice handed in) gives a negative count, which is never late.
  if (reported - lastDay > guarantee.noticeDays) codes.push('notice_late');
  if (guarantee.requireTimelyPayment && hasOverdueInstallment(placement.installments, guarantee.paymentGraceDays, reported)) {
    codes.push('payment_overdue');
  }

  // 3. Status.
  const status: ClaimStatus = codes.length > 0 ? 'ineligible' : reviewReason && !covered ? 'needs_review' : 'eligible';

  // 4. Allowed remedies, replacement first.
  const allowedRemedies: RemedyKind[] = [];
  if (codes.length === 0) {
    if (remedies.replacement !== null && placement.replacementsUsed < remedies.replacement.maxReplacements) {
      allowedRemedies.push('replacement');
    }
    if (remedies.refund !== null) allowedRemedies.push('refund');
  }

  // 5. A requested remedy that is not allowed. "Offered" means the terms have that remedy at all (even with
  //    maxReplacements 0), so a replacement asked for under such terms is "exhausted", not "not offered".
  let remedyRejected: RemedyRejection | null = null;
  if (status !== 'ineligible' && claim.remedy !== null && !allowedRemedies.includes(claim.remedy)) {
    remedyRejected =
      claim.remedy === 'replacement' &&
      remedies.replacement !== null &&
      placement.replacementsUsed >= remedies.replacement.maxReplacements
        ? 'replacements_exhausted'
        : 'remedy_not_offered';
  }

  // 6. Refund, whenever the terms offer one and the claim is not ineligible (also while it awaits review).
  let refund: ClaimDecision['refund'] = null;
  if (remedies.refund !== null && status !== 'ineligible') {
    const fee = placement.fee;
    let amount: bigint;
    if (remedies.refund.schedule === 'linear') {
      // fee × (G − d) / G, the whole fee when d = 0. With G = 0 only a no-show (d = 0) gets here, since any
      // d ≥ 1 is outside the guarantee; it gets the whole fee, and there is never a division by zero.
      amount = d === 0 ? fee : G === 0 ? 0n : mulDivRoundHalfUp(fee, BigInt(Math.max(0, G - d)), BigInt(G));
    } else {
      // The first step with d ≤ uptoDay; past the last step, nothing.
      amount = 0n;
      for (const step of remedies.refund.steps) {
        if (d <= step.uptoDay) {
          amount = mulDivRoundHalfUp(fee, BigInt(Math.round(step.percent * 100)), 10_000n);
          break;
        }
      }
    }
    const finalFee = fee - amount;
    let paid = 0n;
    for (const installment of placement.installments) {
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
    replacement = {
      deliverBy: fromDayNumber(reported + remedies.replacement.deliveryDays),
      guaranteeDays: remedies.replacement.newGuarantee === 'fresh' ? G : Math.max(0, G - d),
    };
  }

  return { status, codes, daysServed: d, allowedRemedies, remedyRejected, refund, replacement };
}

/**
 * An installment is overdue when its deadline (due date + grace days) is strictly before the report date and
 * the payments dated on or before that deadline add up to less than its amount.
 */
function hasOverdueInstallment(installments: readonly InstallmentFacts[], graceDays: number, reported: number): boolean {
  for (const installment of installments) {
    const deadline = toDayNumber(installment.dueDate) + graceDays;
    if (deadline >= reported) continue;
    let paidInTime = 0n;
    for (const payment of installment.payments) {
      if (toDayNumber(payment.date) <= deadline) paidInTime += payment.amount;
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

/** The typed core the app calls with parsed values; the answer has the contract's shape. */
export function evaluateClaimFacts(terms: ClaimTerms, placement: PlacementFacts, claim: ClaimFacts): ClaimEvaluation {
  return formatClaimDecision(decideClaim(terms, placement, claim), terms.currency);
}

// ------------------------------------------------------------------------------------------ parsing the input

type Obj = Record<string, unknown>;
const isObject = (value: unknown): value is Obj => typeof value === 'object' && value !== null && !Array.isArray(value);

function objectAt(value: unknown, field: string): Obj {
  if (!isObject(value)) throw invalid(field, MSG.object);
  return value;
}
function dateAt(value: unknown, field: string): CalendarDate {
  if (Number.isNaN(dayNumberOrNaNOf(value))) throw invalid(field, 'must be a real calendar date written YYYY-MM-DD');
  return value as CalendarDate;
}
function amountAt(value: unknown, currency: Currency, field: string): bigint {
  const minor = tryParseAmount(value, currency);
  if (minor === null) throw invalid(field, amountProblem(value, currency) ?? MSG.amount);
  return minor;
}
/** Absent or null means none. */
function listAt(value: unknown, field: string): readonly unknown[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw invalid(field, MSG.array);
  return value;
}

export function parsePlacementFacts(value: unknown, currency: Currency, field = 'placement'): PlacementFacts {
  const p = objectAt(value, field);
  const startDate = dateAt(p.startDate, `${field}.startDate`);
  const fee = amountAt(p.fee, currency, `${field}.fee`);
  let replacementsUsed = 0;
  if (p.replacementsUsed !== undefined) {
    const used = p.replacementsUsed;
    if (typeof used !== 'number' || !Number.isSafeInteger(used) || used < 0) throw invalid(`${field}.replacementsUsed`, MSG.whole0);
    replacementsUsed = used;
  }
  const list = listAt(p.installments, `${field}.installments`);
  const installments: InstallmentFacts[] = new Array<InstallmentFacts>(list.length);
  for (let i = 0; i < list.length; i++) {
    const at = `${field}.installments[${i}]`;
    const item = objectAt(list[i], at);
    const dueDate = dateAt(item.dueDate, `${at}.dueDate`);
    const amount = amountAt(item.amount, currency, `${at}.amount`);
    const paymentList = listAt(item.payments, `${at}.payments`);
    const payments: PaymentFact[] = new Array<PaymentFact>(paymentList.length);
    for (let j = 0; j < paymentList.length; j++) {
      const pat = `${at}.payments[${j}]`;
      const payment = objectAt(paymentList[j], pat);
      payments[j] = { date: dateAt(payment.date, `${pat}.date`), amount: amountAt(payment.amount, currency, `${pat}.amount`) };
    }
    installments[i] = { dueDate, amount, payments };
  }
  return { startDate, fee, replacementsUsed, installments };
}

export function parseClaimFacts(value: unknown, field = 'claim'): ClaimFacts {
  const c = objectAt(value, field);
  const reason = c.reason;
  if (!isTerminationReason(reason)) throw invalid(`${field}.reason`, MSG.reason);
  let lastWorkingDay: CalendarDate | null = null;
  if (reason !== 'no_show' || (c.lastWorkingDay !== undefined && c.lastWorkingDay !== null)) {
    lastWorkingDay = dateAt(c.lastWorkingDay, `${field}.lastWorkingDay`);
  }
  const reportedOn = dateAt(c.reportedOn, `${field}.reportedOn`);
  const remedy = c.remedy;
  if (remedy !== undefined && remedy !== null && remedy !== 'refund' && remedy !== 'replacement') {
    throw invalid(`${field}.remedy`, 'must be "replacement", "refund" or null');
  }
  return { reason, lastWorkingDay, reportedOn, remedy: remedy ?? null };
}

/**
 * `npx tenure claims evaluate` for one item: `{ terms, placement, claim }` → the evaluation, or
 * `{ error: { code: 'invalid_input', message } }` naming what is wrong and where.
 */
export function evaluateClaim(input: unknown): ClaimEvaluation | InvalidInputResult {
  try {
    const o = objectAt(input, 'input');
    const terms = parseEngineTerms(o.terms, 'terms');
    const placement = parsePlacementFacts(o.placement, terms.currency);
    const claim = parseClaimFacts(o.claim);
    return evaluateClaimFacts(terms, placement, claim);
  } catch (error) {
    if (error instanceof DomainError && error.code === 'invalid_input') {
      return { error: { code: 'invalid_input', message: error.message } };
    }
    throw error;
  }
}
