import { createHash } from 'node:crypto';
import type { InstallmentStatus } from '../platform/db/schema.ts';
import { type Currency, mulDivRoundHalfUp, percentHundredths } from '../platform/money.ts';

/**
 * The money rules of DESIGN §4.6 as pure functions: account and transfer identities, how a release splits into
 * the platform's fee and the deliverer's share (and its consultants'), installment states, how a refund
 * settles, and the invariants the whole ledger must keep. No I/O: the service and the property test both run these.
 */

// ---------------------------------------------------------------------------------------------- accounts

/**
 * Account ids say what they are and end with their currency, so a transfer's currency can be checked against
 * both accounts without a read. Balance of an account = credits − debits.
 * - poster:<org>:<CUR>: what the poster put in (negative: it paid; refunds bring it back towards zero);
 * - escrow:<placement>:<CUR>: held for one placement;
 * - deliverer:<org>:<CUR>: what the platform owes the delivering agency (negative: it owes after a clawback);
 * - platform:<CUR>: the platform's fees; outside:<CUR>: where payouts go.
 */
export const accountIds = {
  poster: (orgId: string, c: Currency) => `poster:${orgId}:${c}`,
  escrow: (placementId: string, c: Currency) => `escrow:${placementId}:${c}`,
  deliverer: (orgId: string, c: Currency) => `deliverer:${orgId}:${c}`,
  platform: (c: Currency) => `platform:${c}`,
  outside: (c: Currency) => `outside:${c}`,
};

export function currencyOfAccount(accountId: string): string {
  return accountId.slice(accountId.lastIndexOf(':') + 1);
}

// --------------------------------------------------------------------------------------------- transfers

/** Why money moved; statements show it and the invariants add transfers up by it. */
export const TRANSFER_REASONS = [
  'payment',
  'release_fee',
  'release_deliverer',
  'refund_escrow',
  'clawback_platform',
  'clawback_deliverer',
  'payout',
  // A payment recorded wrongly, reversed (a payment dispute): what its release paid out comes back into escrow,
  // then escrow gives the whole payment back to the poster's account. None of it is a refund: it was never paid.
  'release_fee_reversal',
  'release_deliverer_reversal',
  'payment_reversal',
] as const;
export type TransferReason = (typeof TRANSFER_REASONS)[number];

export type Leg = {
  leg: string;
  debit: string;
  credit: string;
  amount: bigint;
  reason: TransferReason;
  consultantId?: string | null;
};

/**
 * A transfer's id is a function of its business event and its leg (e.g. `payment:<id>` + `in`): posting the
 * same event twice produces the same ids, and the database's primary key refuses the second.
 */
export function transferId(event: string, leg: string): string {
  const h = createHash('sha256').update(event).update('\u0000').update(leg).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

// ------------------------------------------------------------------------------------------------ release

export type ConsultantShare = { consultantId: string; percent: string };

/**
 * A release of X from escrow (§4.6): the platform's fee is X × feePercent / 100 rounded half up, the deliverer
 * gets the rest. With consultant shares, each named consultant is attributed its percent of the deliverer's
 * rest (half up, never more than what is left), and the agency keeps the remainder; all of it lands in the
 * agency's one deliverer account, the consultant only labels the leg.
 */
export function releaseSplit(x: bigint, feePercent: string, shares: readonly ConsultantShare[]): { fee: bigint; parts: Array<{ consultantId: string | null; amount: bigint }> } {
  const fee = percentOfText(x, feePercent);
  return { fee, parts: splitAmong(x - fee, shares) };
}

/** `amount` split by the consultants' percents; the agency (consultantId null) keeps what is not attributed. */
export function splitAmong(amount: bigint, shares: readonly ConsultantShare[]): Array<{ consultantId: string | null; amount: bigint }> {
  const parts: Array<{ consultantId: string | null; amount: bigint }> = [];
  let left = amount;
  const total = shares.reduce((s, x) => s + (percentHundredths(x.percent) ?? 0), 0);
  shares.forEach((share, i) => {
    const isLastOfFull = total === 10_000 && i === shares.length - 1;
    const wanted = isLastOfFull ? left : percentOfText(amount, share.percent);
    const got = wanted > left ? left : wanted;
    if (got > 0n) parts.push({ consultantId: share.consultantId, amount: got });
    left -= got;
  });
  if (left > 0n) parts.push({ consultantId: null, amount: left });
  return parts;
}

/**
 * `amount` split in proportion to `weights` (each label's weight ≥ 0; a label is a consultant, or null for the
 * agency's own part), in a fixed order — consultants by id, the agency last: each label but the last gets
 * amount × weight / total rounded half up (never more than is left), the last takes what remains, so the parts
 * add up to `amount` exactly. Used where money follows what each already has: a clawback in proportion to what
 * each was released from the placement, a payout in proportion to what each holds. With no positive weight the
 * agency takes all of it.
 */
export function splitByWeights(amount: bigint, weights: ReadonlyArray<{ consultantId: string | null; weight: bigint }>): Array<{ consultantId: string | null; amount: bigint }> {
  if (amount <= 0n) return [];
  const key = (id: string | null) => (id === null ? '\uffff' : id);
  const positive = weights.filter((w) => w.weight > 0n).sort((a, b) => (key(a.consultantId) < key(b.consultantId) ? -1 : key(a.consultantId) > key(b.consultantId) ? 1 : 0));
  const total = positive.reduce((s, w) => s + w.weight, 0n);
  if (total === 0n) return [{ consultantId: null, amount }];
  const parts: Array<{ consultantId: string | null; amount: bigint }> = [];
  let left = amount;
  positive.forEach((w, i) => {
    const wanted = i === positive.length - 1 ? left : mulDivRoundHalfUp(amount, w.weight, total);
    const got = wanted > left ? left : wanted;
    if (got > 0n) parts.push({ consultantId: w.consultantId, amount: got });
    left -= got;
  });
  return parts;
}

/** `percent` (text with at most 2 decimals) of `minor`, half up: the one rounding rule of money.ts. */
export function percentOfText(minor: bigint, percent: string): bigint {
  const h = percentHundredths(percent);
  if (h === null) throw new RangeError(`not a percent with at most 2 decimals: ${percent}`);
  return mulDivRoundHalfUp(minor, BigInt(h), 10_000n);
}

/** A percent as the terms hold it (a number such as 10 or 12.5) in the text form stored beside the placement. */
export function percentText(percent: number | string): string {
  const h = percentHundredths(percent);
  if (h === null) throw new RangeError(`not a percent with at most 2 decimals: ${String(percent)}`);
  return h % 100 === 0 ? String(h / 100) : `${Math.floor(h / 100)}.${String(h % 100).padStart(2, '0')}`;
}

// ------------------------------------------------------------------------------------------- installments

export type InstallmentMoney = { amount: bigint; paid: bigint; voided: bigint; issued: boolean };

/** What can still be paid on an installment: nothing before it is issued, nothing of its voided part. */
export function openAmountOf(i: InstallmentMoney): bigint {
  if (!i.issued) return 0n;
  return i.amount - i.voided - i.paid;
}

/** The state an installment is in, from its amounts (§4.6). A voided one stays `void`, whatever was paid of it. */
export function installmentStatusOf(i: InstallmentMoney): InstallmentStatus {
  if (i.voided > 0n) return 'void';
  if (!i.issued) return 'scheduled';
  if (i.paid >= i.amount) return 'paid';
  return i.paid > 0n ? 'partially_paid' : 'open';
}


export type PaymentProblem = { code: 'overpayment' | 'not_positive' | 'future_date' | 'too_early'; open: bigint };

/** How long before its start date a payment for a hire may be dated: no money for a hire arrives earlier. */
export const PAYMENT_LEAD_DAYS = 366;

/**
 * Whether a payment of `amount` dated `paidOn` may be recorded on the installment today; `earliest` is the first
 * date a payment for this hire may carry (its start date less PAYMENT_LEAD_DAYS).
 */
export function paymentProblem(i: InstallmentMoney, amount: bigint, paidOn: string, today: string, earliest: string): PaymentProblem | null {
  const open = openAmountOf(i);
  if (amount <= 0n) return { code: 'not_positive', open };
  if (paidOn > today) return { code: 'future_date', open };
  if (paidOn < earliest) return { code: 'too_early', open };
  if (amount > open) return { code: 'overpayment', open };
  return null;
}

// ------------------------------------------------------------------------------------------------ refunds

export type RefundPlan = {
  /** Step 3: from escrow back to the poster. */
  fromEscrow: bigint;
  /** Step 3: the rest R′, clawed back: the platform's part (half up) and the deliverer's. */
  clawbackPlatform: bigint;
  clawbackDeliverer: bigint;
  /** What the deliverer could not cover from its balance: it owes this, offset against later payouts. */
  delivererShortfall: bigint;
  /** Step 4: what remains in escrow, released. */
  releaseRest: bigint;
};

/** Steps 3 and 4 of a refund settlement (§4.6) from the cash refund R and the balances before it. */
export function refundPlan(cashRefund: bigint, escrow: bigint, delivererBalance: bigint, feePercent: string): RefundPlan {
  const fromEscrow = cashRefund < escrow ? cashRefund : escrow;
  const rest = cashRefund - fromEscrow;
  const clawbackPlatform = percentOfText(rest, feePercent);
  const clawbackDeliverer = rest - clawbackPlatform;
  const available = delivererBalance > 0n ? delivererBalance : 0n;
  const delivererShortfall = clawbackDeliverer > available ? clawbackDeliverer - available : 0n;
  return { fromEscrow, clawbackPlatform, clawbackDeliverer, delivererShortfall, releaseRest: escrow - fromEscrow };
}

// ----------------------------------------------------------------------------------------------- invariants

/** The sums by reason of one placement's transfers, and its escrow balance. */
export type PlacementSums = {
  placementId: string;
  currency: string;
  escrowBalance: bigint;
  byReason: Partial<Record<TransferReason, bigint>>;
};

export type MoneyFigures = {
  received: bigint;
  inEscrow: bigint;
  releasedToDeliverer: bigint;
  platformFees: bigint;
  refunded: bigint;
  clawedBack: bigint;
};

export function figuresOf(s: PlacementSums): MoneyFigures {
  const r = (k: TransferReason): bigint => s.byReason[k] ?? 0n;
  const clawedBack = r('clawback_platform') + r('clawback_deliverer');
  return {
    received: r('payment') - r('payment_reversal'),
    inEscrow: s.escrowBalance,
    releasedToDeliverer: r('release_deliverer') - r('clawback_deliverer') - r('release_deliverer_reversal'),
    platformFees: r('release_fee') - r('clawback_platform') - r('release_fee_reversal'),
    refunded: r('refund_escrow') + clawedBack,
    clawedBack,
  };
}

export type Violation = { rule: string; placementId: string | null; transferId: string | null; message: string };

/** Every currency's balances sum to zero. */
export function checkCurrencySums(sums: ReadonlyMap<string, bigint>): Violation[] {
  const out: Violation[] = [];
  for (const [currency, total] of sums) {
    if (total !== 0n) out.push({ rule: 'currency_sum', placementId: null, transferId: null, message: `the ${currency} balances sum to ${total}, not 0` });
  }
  return out;
}

/** Per placement: escrow not negative; received = in escrow + released + fees + refunded (each net of clawbacks). */
export function checkPlacement(s: PlacementSums): Violation[] {
  const out: Violation[] = [];
  const f = figuresOf(s);
  if (f.inEscrow < 0n) out.push({ rule: 'escrow_negative', placementId: s.placementId, transferId: null, message: `escrow is ${f.inEscrow} ${s.currency}` });
  const accounted = f.inEscrow + f.releasedToDeliverer + f.platformFees + f.refunded;
  if (f.received !== accounted) {
    out.push({
      rule: 'placement_balance',
      placementId: s.placementId,
      transferId: null,
      message: `received ${f.received} ≠ in escrow ${f.inEscrow} + released ${f.releasedToDeliverer} + fees ${f.platformFees} + refunded ${f.refunded} (${s.currency})`,
    });
  }
  if (f.refunded > f.received) out.push({ rule: 'refund_above_received', placementId: s.placementId, transferId: null, message: `refunded ${f.refunded} > received ${f.received}` });
  return out;
}

export type TransferFacts = {
  id: string;
  event: string;
  leg: string;
  currency: string;
  debit: string;
  credit: string;
  amount: bigint;
  placementId: string | null;
};

/** One transfer on its own: id derived from event and leg, positive, two accounts, one currency. */
export function checkTransfer(t: TransferFacts): Violation[] {
  const out: Violation[] = [];
  const v = (rule: string, message: string) => out.push({ rule, placementId: t.placementId, transferId: t.id, message });
  if (t.id !== transferId(t.event, t.leg)) v('transfer_id', `id is not derived from ${t.event} / ${t.leg}`);
  if (t.amount <= 0n) v('transfer_amount', `amount ${t.amount} is not positive`);
  if (t.debit === t.credit) v('transfer_accounts', 'debit and credit are the same account');
  if (currencyOfAccount(t.debit) !== t.currency || currencyOfAccount(t.credit) !== t.currency) v('transfer_currency', `${t.currency} transfer between ${t.debit} and ${t.credit}`);
  return out;
}

/** A release event: its fee leg is exactly the half-up fee of the whole release. */
export function checkRelease(r: { event: string; placementId: string | null; total: bigint; fee: bigint; feePercent: string }): Violation[] {
  const expected = percentOfText(r.total, r.feePercent);
  return expected === r.fee
    ? []
    : [{ rule: 'release_fee', placementId: r.placementId, transferId: null, message: `release ${r.event} of ${r.total}: fee ${r.fee}, expected ${expected}` }];
}

/** An installment's paid amount is its payments (less those reversed), posted as payment transfers (less reversals), never above its unvoided amount. */
export function checkInstallment(i: { id: string; placementId: string; amount: bigint; paid: bigint; voided: bigint; payments: bigint; posted: bigint }): Violation[] {
  const out: Violation[] = [];
  const v = (rule: string, message: string) => out.push({ rule, placementId: i.placementId, transferId: null, message: `installment ${i.id}: ${message}` });
  if (i.paid !== i.payments) v('installment_paid', `paid ${i.paid} but its payments add up to ${i.payments}`);
  if (i.posted !== i.payments) v('installment_posted', `payments ${i.payments} but payment transfers ${i.posted}`);
  if (i.paid + i.voided > i.amount) v('installment_over', `paid ${i.paid} + voided ${i.voided} > amount ${i.amount}`);
  return out;
}
