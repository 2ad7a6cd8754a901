import type { NewAuditEvent } from '../platform/audit/events.ts';
import { appendAuditEvent } from '../platform/audit/audit-log.ts';
import { record, recordSystem } from '../platform/audit/record.ts';
import { addDays, daysBetween, isCalendarDate, type CalendarDate } from '../platform/calendar-date.ts';
import { cursorCodec, IdKey, pageOf } from '../platform/http/pagination.ts';
import { z } from 'zod';
import { inTransaction, type Dialect, type Tx } from '../platform/db/database.ts';
import type { LedgerAccountsTable, LedgerTransfersTable } from '../platform/db/schema.ts';
import type { AppDeps, Ctx } from '../platform/deps.ts';
import { DomainError, forbidden, notFound } from '../platform/errors.ts';
import { newId } from '../platform/ids.ts';
import { type Currency, formatAmount, parseStoredAmount, percentHundredths } from '../platform/money.ts';
import { scheduleObligation, type ObligationHandler } from '../platform/scheduler/scheduler.ts';
import { calendarDateOf, startOfDayIn } from '../platform/zoned-time.ts';
import { notify } from '../notifications/service.ts';
import { consultantIdsOf, listUsers, lockOrg, orgExists, orgTimeZoneOf } from '../identity/service.ts';
import { decideClaim, type ClaimDecision, type ClaimStatus, type IneligibilityCode } from '../aftercare/claim-evaluation.rules.ts';
import { scheduleInstallmentsFor } from '../plans/installment-schedule.rules.ts';
import { listPlacements, type LabelledPlacement, type Placement } from '../placements/service.ts';
import {
  accountIds,
  checkCurrencySums,
  checkInstallment,
  checkPlacement,
  checkRelease,
  checkTransfer,
  currencyOfAccount,
  figuresOf,
  installmentStatusOf,
  type Leg,
  PAYMENT_LEAD_DAYS,
  paymentProblem,
  percentText,
  refundPlan,
  type RefundPlan,
  releaseSplit,
  splitByWeights,
  transferId,
  type MoneyFigures,
  type Violation,
} from './ledger.rules.ts';
import * as store from './store.ts';

export type { TransferRow } from './store.ts';
type TransferRow = store.TransferRow;

/** Who changes money: a person (their user id) or the system (scheduler), at a business instant. */
export type By = { now: Date; userId: string | null };
const byCtx = (ctx: Ctx): By => ({ now: ctx.deps.clock.now(), userId: ctx.actor.userId });

/** Obligation kinds this area schedules and handles (besides the placements' `installment.due`). */
export const INSTALLMENT_ISSUE = 'installment.issue';
export const INSTALLMENT_OVERDUE = 'installment.overdue';

// ------------------------------------------------------------------------------------ the posting function

export type Posting = {
  /** The business event, e.g. `payment:<paymentId>`; with each leg's name it derives the transfer ids. */
  event: string;
  currency: Currency;
  businessDate: CalendarDate;
  placementId: string | null;
  installmentId?: string | null;
  legs: readonly Leg[];
};

/**
 * THE posting function: every money movement in Tenure goes through here, in the caller's transaction (which
 * also appends the business event's audit record). Legs of zero are skipped; a leg must be positive, between
 * two accounts of the posting's currency. Ids derive from event + leg, so a second posting of one event fails
 * on the primary key in the database itself. Returns the ids posted.
 */
export async function post(tx: Tx, now: Date, p: Posting): Promise<string[]> {
  const at = now.toISOString();
  const rows: LedgerTransfersTable[] = [];
  for (const l of p.legs) {
    if (l.amount === 0n) continue;
    if (l.amount < 0n) throw new RangeError(`posting ${p.event}/${l.leg}: negative amount ${l.amount}`);
    if (l.debit === l.credit) throw new RangeError(`posting ${p.event}/${l.leg}: debit and credit are the same account`);
    if (currencyOfAccount(l.debit) !== p.currency || currencyOfAccount(l.credit) !== p.currency) {
      throw new RangeError(`posting ${p.event}/${l.leg}: ${p.currency} between ${l.debit} and ${l.credit}`);
    }
    rows.push({
      id: transferId(p.event, l.leg),
      event: p.event,
      leg: l.leg,
      currency: p.currency,
      debit_account_id: l.debit,
      credit_account_id: l.credit,
      amount: l.amount,
      reason: l.reason,
      placement_id: p.placementId,
      installment_id: p.installmentId ?? null,
      consultant_id: l.consultantId ?? null,
      business_date: p.businessDate,
      created_at: at,
      posted_order: newId(),
    });
  }
  await store.insertTransfers(tx, rows);
  return rows.map((r) => r.id);
}

/** record() needs a Ctx; the ledger is also driven by the scheduler, so it appends with the explicit actor. */
async function auditAs(tx: Tx, by: By, e: NewAuditEvent): Promise<void> {
  await appendAuditEvent(tx, by.now, { actorUserId: by.userId, ...e });
}

// ---------------------------------------------------------------------------------------------- activation

/**
 * Placement activation (wired by the composition root as the placements area's activation hook): the money
 * facts of the signed terms, the accounts, and every installment as `scheduled`, with an obligation to issue
 * each on its trigger date. `guarantee_passed` installments wait for `passGuarantee`.
 */
export async function createInstallmentsOnActivation(tx: Tx, now: Date, p: Placement): Promise<void> {
  const at = now.toISOString();
  // A replacement runs its own guarantee (newGuarantee), not necessarily the terms' days.
  const g = p.guaranteeDays;
  const inserted = await store.insertMoneyPlacement(tx, {
    placement_id: p.id,
    poster_org_id: p.posterOrgId,
    agency_org_id: p.agencyOrgId,
    consultant_id: p.consultantId,
    currency: p.currency,
    fee: p.fee,
    final_fee: null,
    release: p.terms.release,
    platform_fee_percent: percentText(p.terms.platformFeePercent),
    start_date: p.startDate,
    time_zone: p.timeZone,
    guarantee_ends_on: addDays(p.startDate, g),
    // With no guarantee (Match only) there is nothing to wait for: payments are released on receipt.
    guarantee_over: g === 0 ? 1 : 0,
    successor_placement_id: null,
    created_at: at,
    updated_at: at,
  });
  if (!inserted) return;
  await ensurePlacementAccounts(tx, at, p.id, p.posterOrgId, p.agencyOrgId, p.currency);
  if (p.fee === 0n) return; // a replacement carries no fee of its own
  const schedule = scheduleInstallmentsFor(p.terms, p.startDate, p.fee);
  const rows = schedule
    .map((s, index) => ({ s, index }))
    .filter(({ s }) => s.amount > 0n)
    .map(({ s, index }) => ({
      id: newId(),
      placement_id: p.id,
      sequence: index + 1,
      trigger: s.trigger,
      trigger_date: s.triggerDate,
      due_date: s.dueDate,
      currency: p.currency,
      amount: s.amount,
      paid: 0n,
      voided: 0n,
      status: 'scheduled' as const,
      issued_on: null,
      overdue_notified_on: null,
      created_at: at,
      updated_at: at,
    }));
  await store.insertInstallments(tx, rows);
  for (const r of rows) {
    if (r.trigger === 'guarantee_passed') continue;
    await scheduleObligation(tx, now, { kind: INSTALLMENT_ISSUE, subjectType: 'installment', subjectId: r.id, orgId: p.posterOrgId, dueAt: startOfDayIn(r.trigger_date, p.timeZone), payload: { placementId: p.id, date: r.trigger_date } });
  }
  await recordSystem(tx, now, {
    type: 'installments.scheduled',
    subjectType: 'placement',
    subjectId: p.id,
    orgId: p.posterOrgId,
    payload: { count: rows.length, currency: p.currency, fee: formatAmount(p.fee, p.currency), release: p.terms.release },
  });
}

async function ensurePlacementAccounts(tx: Tx, at: string, placementId: string, posterOrgId: string, agencyOrgId: string, c: Currency): Promise<void> {
  const rows: LedgerAccountsTable[] = [
    { id: accountIds.poster(posterOrgId, c), purpose: 'poster', org_id: posterOrgId, placement_id: null, currency: c, created_at: at },
    { id: accountIds.escrow(placementId, c), purpose: 'escrow', org_id: null, placement_id: placementId, currency: c, created_at: at },
    { id: accountIds.deliverer(agencyOrgId, c), purpose: 'deliverer', org_id: agencyOrgId, placement_id: null, currency: c, created_at: at },
    { id: accountIds.platform(c), purpose: 'platform_revenue', org_id: null, placement_id: null, currency: c, created_at: at },
    { id: accountIds.outside(c), purpose: 'outside', org_id: null, placement_id: null, currency: c, created_at: at },
  ];
  await store.ensureAccounts(tx, rows);
}

async function lockedPlacement(tx: Tx, dialect: Dialect, placementId: string): Promise<store.MoneyPlacement> {
  const p = await store.moneyPlacementForUpdate(tx, dialect, placementId);
  if (!p) throw notFound('placement money');
  return p;
}

const todayOf = (p: { timeZone: string }, now: Date): CalendarDate => calendarDateOf(now, p.timeZone);

// ----------------------------------------------------------------------------------------------- issuing

/** scheduled → open on the trigger date; the overdue check is scheduled for the day after the due date. */
async function issue(tx: Tx, by: By, p: store.MoneyPlacement, inst: store.Installment, on: CalendarDate): Promise<void> {
  if (inst.status !== 'scheduled') return;
  const at = by.now.toISOString();
  await store.updateInstallment(tx, inst.id, { status: 'open', issued_on: on }, at);
  await scheduleObligation(tx, by.now, {
    kind: INSTALLMENT_OVERDUE,
    subjectType: 'installment',
    subjectId: inst.id,
    orgId: p.posterOrgId,
    dueAt: startOfDayIn(addDays(inst.dueDate, 1), p.timeZone),
    payload: { placementId: p.placementId, date: addDays(inst.dueDate, 1) },
  });
  await auditAs(tx, by, {
    type: 'installment.issued',
    subjectType: 'installment',
    subjectId: inst.id,
    orgId: p.posterOrgId,
    payload: { placementId: p.placementId, sequence: inst.sequence, amount: formatAmount(inst.amount, p.currency), currency: p.currency, dueDate: inst.dueDate },
  });
  await notify(tx, by.now, {
    orgId: p.posterOrgId,
    kind: 'installment.issued',
    subjectType: 'placement',
    subjectId: p.placementId,
    params: { sequence: inst.sequence, amount: formatAmount(inst.amount, p.currency), currency: p.currency, dueDate: inst.dueDate },
  });
}

/** The `installment.issue` obligation (trigger date) and the placements' `installment.due` (due date): issue once. */
export async function issueDueInstallment(tx: Tx, now: Date, dialect: Dialect, installmentId: string): Promise<void> {
  const found = await store.findInstallment(tx, installmentId);
  if (!found) return;
  const p = await lockedPlacement(tx, dialect, found.placementId);
  const inst = await store.findInstallment(tx, installmentId);
  if (!inst || inst.status !== 'scheduled' || inst.trigger === 'guarantee_passed') return;
  await issue(tx, { now, userId: null }, p, inst, inst.triggerDate);
}

/** The placements' `installment.due` obligation names the installment by its position in the terms. */
export async function issueByIndex(tx: Tx, now: Date, dialect: Dialect, placementId: string, index: number): Promise<void> {
  const rows = await store.installmentsOf(tx, placementId);
  const inst = rows.find((r) => r.sequence === index + 1);
  if (inst) await issueDueInstallment(tx, now, dialect, inst.id);
}

/** The day after the due date: still something open → overdue, and the poster is told in-app (once). */
export async function markOverdue(tx: Tx, now: Date, dialect: Dialect, installmentId: string): Promise<void> {
  const found = await store.findInstallment(tx, installmentId);
  if (!found) return;
  const p = await lockedPlacement(tx, dialect, found.placementId);
  const inst = await store.findInstallment(tx, installmentId);
  if (!inst || inst.overdueNotifiedOn !== null) return;
  if (inst.status !== 'open' && inst.status !== 'partially_paid') return;
  const today = todayOf(p, now);
  if (today <= inst.dueDate) return;
  await store.updateInstallment(tx, inst.id, { overdue_notified_on: today }, now.toISOString());
  const open = inst.amount - inst.voided - inst.paid;
  await recordSystem(tx, now, {
    type: 'installment.overdue',
    subjectType: 'installment',
    subjectId: inst.id,
    orgId: p.posterOrgId,
    payload: { placementId: p.placementId, sequence: inst.sequence, open: formatAmount(open, p.currency), currency: p.currency, dueDate: inst.dueDate },
  });
  await notify(tx, now, {
    orgId: p.posterOrgId,
    kind: 'installment.overdue',
    subjectType: 'placement',
    subjectId: p.placementId,
    params: { sequence: inst.sequence, open: formatAmount(open, p.currency), currency: p.currency, dueDate: inst.dueDate },
  });
}

// ------------------------------------------------------------------------------------------------ release

async function releaseLegs(tx: Tx, p: store.MoneyPlacement, amount: bigint, legPrefix = ''): Promise<Leg[]> {
  if (amount <= 0n) return [];
  const shares = await store.sharesOf(tx, p.agencyOrgId);
  const split = releaseSplit(amount, p.platformFeePercent, shares);
  const escrow = accountIds.escrow(p.placementId, p.currency);
  const legs: Leg[] = [{ leg: `${legPrefix}fee`, debit: escrow, credit: accountIds.platform(p.currency), amount: split.fee, reason: 'release_fee' }];
  for (const part of split.parts) {
    legs.push({
      leg: `${legPrefix}deliverer:${part.consultantId ?? 'agency'}`,
      debit: escrow,
      credit: accountIds.deliverer(p.agencyOrgId, p.currency),
      amount: part.amount,
      reason: 'release_deliverer',
      consultantId: part.consultantId,
    });
  }
  return legs;
}

// ----------------------------------------------------------------------------------------------- payments

export type PaymentInput = { amount: bigint; paidOn: CalendarDate | null; reference: string };

/**
 * A payment on an issued installment (§4.6): partial allowed, never more than is open (409 `overpayment`),
 * never dated in the future. Posted into escrow; released at once when the terms release on payment or the
 * guarantee is over. Returns the payment id.
 */
async function applyPayment(
  tx: Tx,
  deps: AppDeps,
  by: By,
  installmentId: string,
  input: PaymentInput & { source: 'ops' | 'provider'; providerEventId: string | null },
): Promise<{ paymentId: string; placementId: string }> {
  const found = await store.findInstallment(tx, installmentId);
  if (!found) throw notFound('installment');
  const p = await lockedPlacement(tx, deps.dialect, found.placementId);
  if (input.providerEventId !== null) {
    const seen = await store.findPaymentByProviderEvent(tx, input.providerEventId);
    if (seen) return { paymentId: seen.id, placementId: p.placementId };
  }
  const inst = await store.findInstallment(tx, installmentId);
  if (!inst) throw notFound('installment');
  const today = todayOf(p, by.now);
  const paidOn = input.paidOn ?? today;
  const earliest = addDays(p.startDate, -PAYMENT_LEAD_DAYS);
  const problem = paymentProblem({ amount: inst.amount, paid: inst.paid, voided: inst.voided, issued: inst.status !== 'scheduled' }, input.amount, paidOn, today, earliest);
  if (problem?.code === 'not_positive') throw new DomainError('invalid_input', 'amount must be above zero', { field: 'amount' });
  if (problem?.code === 'future_date') throw new DomainError('invalid_input', `paidOn ${paidOn} is after today (${today})`, { field: 'paidOn' });
  if (problem?.code === 'too_early') throw new DomainError('invalid_input', `paidOn ${paidOn} is more than a year before the start date: from ${earliest}`, { field: 'paidOn', earliest });
  if (problem?.code === 'overpayment') {
    throw new DomainError('overpayment', `amount ${formatAmount(input.amount, p.currency)} is more than the ${formatAmount(problem.open, p.currency)} ${p.currency} open on this installment`, {
      field: 'amount',
      open: formatAmount(problem.open, p.currency),
    });
  }
  const at = by.now.toISOString();
  const paymentId = newId();
  await store.insertPayment(tx, {
    id: paymentId,
    installment_id: inst.id,
    placement_id: p.placementId,
    currency: p.currency,
    amount: input.amount,
    paid_on: paidOn,
    reference: input.reference,
    source: input.source,
    provider_event_id: input.providerEventId,
    recorded_by: by.userId,
    created_at: at,
  });
  const paid = inst.paid + input.amount;
  await store.updateInstallment(tx, inst.id, { paid, status: installmentStatusOf({ amount: inst.amount, paid, voided: inst.voided, issued: true }) }, at);
  const released = p.release === 'on_payment' || p.guaranteeOver;
  const legs: Leg[] = [{ leg: 'in', debit: accountIds.poster(p.posterOrgId, p.currency), credit: accountIds.escrow(p.placementId, p.currency), amount: input.amount, reason: 'payment' }];
  if (released) legs.push(...(await releaseLegs(tx, p, input.amount)));
  const transferIds = await post(tx, by.now, { event: `payment:${paymentId}`, currency: p.currency, businessDate: paidOn, placementId: p.placementId, installmentId: inst.id, legs });
  await auditAs(tx, by, {
    type: 'payment.recorded',
    subjectType: 'installment',
    subjectId: inst.id,
    orgId: p.posterOrgId,
    payload: { placementId: p.placementId, paymentId, amount: formatAmount(input.amount, p.currency), currency: p.currency, paidOn, source: input.source, released, transferIds },
  });
  return { paymentId, placementId: p.placementId };
}

/** Platform ops record a payment they saw arrive. */
export async function recordPayment(ctx: Ctx, installmentId: string, input: { amount: string; paidOn?: CalendarDate | undefined; reference: string }): Promise<store.Installment> {
  if (ctx.actor.role !== 'platform_ops') throw forbidden('only platform ops record payments');
  return inTransaction(ctx.deps.db, async (tx) => {
    const inst = await store.findInstallment(tx, installmentId);
    if (!inst) throw notFound('installment');
    const amount = parseAmountOf(input.amount, inst.currency);
    await applyPayment(tx, ctx.deps, byCtx(ctx), installmentId, { amount, paidOn: input.paidOn ?? null, reference: input.reference, source: 'ops', providerEventId: null });
    return (await store.findInstallment(tx, installmentId)) as store.Installment;
  });
}

/** A payment provider's (already authenticated) callback: one payment per provider event, however often it comes. */
export async function recordProviderPayment(
  deps: AppDeps,
  input: { eventId: string; installmentId: string; amount: string; currency: string; paidOn: CalendarDate; reference: string },
): Promise<{ paymentId: string; installment: store.Installment }> {
  return inTransaction(deps.db, async (tx) => {
    const inst = await store.findInstallment(tx, input.installmentId);
    if (!inst) throw notFound('installment');
    if (input.currency !== inst.currency) throw new DomainError('invalid_input', `currency: the installment is in ${inst.currency}, not ${input.currency}`, { field: 'currency' });
    const amount = parseAmountOf(input.amount, inst.currency);
    const r = await applyPayment(tx, deps, { now: deps.clock.now(), userId: null }, input.installmentId, {
      amount,
      paidOn: input.paidOn,
      reference: input.reference,
      source: 'provider',
      providerEventId: input.eventId,
    });
    return { paymentId: r.paymentId, installment: (await store.findInstallment(tx, input.installmentId)) as store.Installment };
  });
}

const parseAmountOf = (text: string, currency: Currency): bigint => parseStoredAmount(text, currency, 'amount');


// ------------------------------------------------------------------------------------------------- payouts

/**
 * Ops pay a deliverer out: never more than its balance (a deliverer that owes has its payouts offset first).
 * Naming a consultant pays that consultant's part, never more than it holds; otherwise the payout is the
 * agency's and is attributed to its consultants and itself in proportion to what each holds (half up, the
 * agency's own part taking the remainder), so what each was paid out adds up to the payout exactly.
 */
export async function recordPayout(
  ctx: Ctx,
  agencyOrgId: string,
  input: { currency: Currency; amount: string; reference: string; consultantId?: string | undefined },
): Promise<{ payoutId: string; balance: bigint }> {
  if (ctx.actor.role !== 'platform_ops') throw forbidden('only platform ops record payouts');
  const amount = parseStoredAmount(input.amount, input.currency, 'amount');
  if (amount <= 0n) throw new DomainError('invalid_input', 'amount must be above zero', { field: 'amount' });
  return inTransaction(ctx.deps.db, async (tx) => {
    if (!(await lockOrg(tx, ctx.deps.dialect, agencyOrgId))) throw notFound('org');
    const account = accountIds.deliverer(agencyOrgId, input.currency);
    const balance = await store.balanceOf(tx, account);
    const short = (what: string, held: bigint) =>
      new DomainError('insufficient_balance', `amount ${input.amount} is more than ${what} of ${formatAmount(held, input.currency)} ${input.currency}`, { field: 'amount', balance: formatAmount(held, input.currency) });
    if (amount > balance) throw short("the deliverer's balance", balance);
    const parts = await store.labelBalances(tx, account);
    let split: Array<{ consultantId: string | null; amount: bigint }>;
    if (input.consultantId !== undefined) {
      if (!(await consultantIdsOf(tx, agencyOrgId)).has(input.consultantId)) throw new DomainError('invalid_input', 'consultantId: not a consultant of this agency', { field: 'consultantId' });
      const held = parts.get(input.consultantId) ?? 0n;
      if (amount > held) throw short("this consultant's part", held);
      split = [{ consultantId: input.consultantId, amount }];
    } else {
      split = splitByWeights(amount, [...parts].map(([consultantId, weight]) => ({ consultantId, weight })));
    }
    const now = ctx.deps.clock.now();
    const payoutId = newId();
    const transferIds = await post(tx, now, {
      event: `payout:${payoutId}`,
      currency: input.currency,
      businessDate: calendarDateOf(now, await orgTimeZoneOf(tx, agencyOrgId)),
      placementId: null,
      legs: split.map((x) => ({ leg: `out:${x.consultantId ?? 'agency'}`, debit: account, credit: accountIds.outside(input.currency), amount: x.amount, reason: 'payout' as const, consultantId: x.consultantId })),
    });
    await auditAs(tx, byCtx(ctx), { type: 'payout.recorded', subjectType: 'org', subjectId: agencyOrgId, orgId: agencyOrgId, payload: { payoutId, amount: input.amount, currency: input.currency, transferIds } });
    return { payoutId, balance: balance - amount };
  });
}

// ------------------------------------------------------------------------------------------- the guarantee

/**
 * The guarantee passed (§4.5, §4.6): `guarantee_passed` installments are issued, what `after_guarantee` held in
 * escrow is released, and later payments are released on receipt. Idempotent. An original placement whose
 * pending money moved to a replacement passes with that replacement.
 */
export async function passGuarantee(tx: Tx, ctx: Ctx, input: { placementId: string; on: CalendarDate }): Promise<void> {
  await passGuaranteeAs(tx, ctx.deps.dialect, byCtx(ctx), input);
}

export async function passGuaranteeAs(tx: Tx, dialect: Dialect, by: By, input: { placementId: string; on: CalendarDate }): Promise<void> {
  const p = await store.moneyPlacementForUpdate(tx, dialect, input.placementId);
  if (!p) return;
  if (!p.guaranteeOver) {
    const at = by.now.toISOString();
    for (const inst of await store.installmentsOf(tx, p.placementId)) {
      if (inst.trigger === 'guarantee_passed' && inst.status === 'scheduled') await issue(tx, by, p, inst, input.on);
    }
    await store.updateMoneyPlacement(tx, p.placementId, { guarantee_over: 1 }, at);
    const escrow = await store.balanceOf(tx, accountIds.escrow(p.placementId, p.currency));
    const legs = await releaseLegs(tx, p, escrow);
    const transferIds = await post(tx, by.now, { event: `guarantee:${p.placementId}`, currency: p.currency, businessDate: input.on, placementId: p.placementId, legs });
    await auditAs(tx, by, {
      type: 'escrow.released',
      subjectType: 'placement',
      subjectId: p.placementId,
      orgId: p.posterOrgId,
      payload: { on: input.on, amount: formatAmount(escrow, p.currency), currency: p.currency, transferIds },
    });
  }
  for (const original of await store.movedTo(tx, p.placementId)) await passGuaranteeAs(tx, dialect, by, { placementId: original, on: input.on });
}

// ------------------------------------------------------------------------------------------------- refunds

/**
 * The installments a claim is decided on (§4.5): those issued so far (not the scheduled ones, nor the voided
 * part of any), with their payments, in sequence order.
 */
export async function installmentFactsForClaim(
  tx: Tx,
  placementId: string,
): Promise<ClaimInstallmentFacts> {
  return claimFactsFrom(await store.installmentsOf(tx, placementId), await store.paymentsOfPlacement(tx, placementId));
}

type ClaimInstallmentFacts = Array<{ dueDate: CalendarDate; amount: bigint; payments: Array<{ date: CalendarDate; amount: bigint }> }>;

function claimFactsFrom(installments: readonly store.Installment[], payments: readonly store.Payment[]): ClaimInstallmentFacts {
  return installments
    .filter((i) => i.issuedOn !== null)
    .map((i) => ({
      dueDate: i.dueDate,
      amount: i.amount - i.voided,
      payments: payments.filter((x) => x.installmentId === i.id).map((x) => ({ date: x.paidOn, amount: x.amount })),
    }))
    .filter((i) => i.amount > 0n || i.payments.length > 0);
}

/**
 * A claim ended in a refund (§4.6 steps 1–4): unpaid parts and unissued installments are voided; `stillDue` is
 * invoiced as one final installment due 15 days after the decision; `cashRefund` goes back to the poster from
 * escrow first, the rest clawed back (the platform its fee share, half up, the deliverer the rest, owing what
 * its balance cannot cover); what remains in escrow is released. Idempotent by claim id.
 */
export async function settleRefund(tx: Tx, ctx: Ctx, input: { placementId: string; claimId: string; decision: ClaimDecision; decidedOn: CalendarDate }): Promise<void> {
  await settleRefundAs(tx, ctx.deps.dialect, byCtx(ctx), input);
}

export async function settleRefundAs(tx: Tx, dialect: Dialect, by: By, input: { placementId: string; claimId: string; decision: ClaimDecision; decidedOn: CalendarDate }): Promise<void> {
  const refund = input.decision.refund;
  if (refund === null) throw new DomainError('invalid_input', 'decision: it has no refund to settle', { field: 'decision' });
  const p = await lockedPlacement(tx, dialect, input.placementId);
  if (await store.findSettlement(tx, input.claimId)) return;
  if (!(await lockOrg(tx, dialect, p.agencyOrgId))) throw notFound('org');
  const at = by.now.toISOString();
  const c = p.currency;
  // Each call's payload is the catalog's for its type less claimId and currency, added here.
  const audit = (type: 'installments.voided' | 'refund.paid' | 'escrow.released', payload: Record<string, unknown>) =>
    auditAs(tx, by, { type, subjectType: 'placement', subjectId: p.placementId, orgId: p.posterOrgId, payload: { claimId: input.claimId, currency: c, ...payload } } as NewAuditEvent);

  // 1. Void what is unpaid, and what was never issued.
  const installments = await store.installmentsOf(tx, p.placementId);
  const voided: Array<{ sequence: number; amount: string }> = [];
  for (const i of installments) {
    if (i.status === 'paid' || i.status === 'void') continue;
    const rest = i.amount - i.paid;
    await store.updateInstallment(tx, i.id, { voided: rest, status: 'void' }, at);
    voided.push({ sequence: i.sequence, amount: formatAmount(rest, c) });
  }
  await audit('installments.voided', { installments: voided });

  // 2. What is still due becomes one final installment.
  if (refund.stillDue > 0n) {
    const id = newId();
    const sequence = installments.reduce((m, i) => Math.max(m, i.sequence), 0) + 1;
    const dueDate = addDays(input.decidedOn, 15);
    await store.insertInstallments(tx, [
      { id, placement_id: p.placementId, sequence, trigger: 'refund_settlement', trigger_date: input.decidedOn, due_date: dueDate, currency: c, amount: refund.stillDue, paid: 0n, voided: 0n, status: 'scheduled', issued_on: null, overdue_notified_on: null, created_at: at, updated_at: at },
    ]);
    const fresh = (await store.findInstallment(tx, id)) as store.Installment;
    await issue(tx, by, p, fresh, input.decidedOn);
  }

  // 3. The cash refund: from escrow, then clawed back from what was released.
  const { plan, legs: refundLegs } = await cashRefundLegs(tx, p, refund.cashRefund);
  const refundIds = await post(tx, by.now, { event: `settlement:${input.claimId}`, currency: c, businessDate: input.decidedOn, placementId: p.placementId, legs: refundLegs });
  await audit('refund.paid', {
    cashRefund: formatAmount(refund.cashRefund, c),
    fromEscrow: formatAmount(plan.fromEscrow, c),
    clawbackPlatform: formatAmount(plan.clawbackPlatform, c),
    clawbackDeliverer: formatAmount(plan.clawbackDeliverer, c),
    delivererShortfall: formatAmount(plan.delivererShortfall, c),
    transferIds: refundIds,
  });

  // 4. The guarantee is over: release what remains; the final installment's payments are released on receipt.
  const releaseIds = await post(tx, by.now, { event: `settlement:${input.claimId}:release`, currency: c, businessDate: input.decidedOn, placementId: p.placementId, legs: await releaseLegs(tx, p, plan.releaseRest) });
  await audit('escrow.released', { on: input.decidedOn, amount: formatAmount(plan.releaseRest, c), transferIds: releaseIds });

  await store.updateMoneyPlacement(tx, p.placementId, { guarantee_over: 1, final_fee: refund.finalFee }, at);
  await store.insertSettlement(tx, {
    claim_id: input.claimId,
    placement_id: p.placementId,
    decided_on: input.decidedOn,
    refund: refund.amount,
    final_fee: refund.finalFee,
    cash_refund: refund.cashRefund,
    still_due: refund.stillDue,
    deliverer_shortfall: plan.delivererShortfall,
    created_at: at,
  });
}

/**
 * The legs of a cash refund to the poster (§4.6 step 3): from escrow first, then clawed back from the platform
 * and from whom the placement paid — in proportion to what each consultant (and the agency) got from it, so a
 * change of shares since then does not move the clawback onto someone else.
 */
async function cashRefundLegs(tx: Tx, p: store.MoneyPlacement, cash: bigint): Promise<{ plan: RefundPlan; legs: Leg[] }> {
  const c = p.currency;
  const escrowAccount = accountIds.escrow(p.placementId, c);
  const deliverer = accountIds.deliverer(p.agencyOrgId, c);
  const plan = refundPlan(cash, await store.balanceOf(tx, escrowAccount), await store.balanceOf(tx, deliverer), p.platformFeePercent);
  const poster = accountIds.poster(p.posterOrgId, c);
  const legs: Leg[] = [
    { leg: 'refund_escrow', debit: escrowAccount, credit: poster, amount: plan.fromEscrow, reason: 'refund_escrow' },
    { leg: 'clawback_platform', debit: accountIds.platform(c), credit: poster, amount: plan.clawbackPlatform, reason: 'clawback_platform' },
  ];
  const released = await store.releasedByConsultant(tx, p.placementId);
  for (const part of splitByWeights(plan.clawbackDeliverer, released.map((r) => ({ consultantId: r.consultantId, weight: r.net })))) {
    legs.push({ leg: `clawback_deliverer:${part.consultantId ?? 'agency'}`, debit: deliverer, credit: poster, amount: part.amount, reason: 'clawback_deliverer', consultantId: part.consultantId });
  }
  return { plan, legs };
}

/**
 * An arbitrator adjusted a settled refund to `newRefund` (DESIGN §4.8, a `refund_amount` dispute): only the
 * difference D = new − old is settled. More refund: the unpaid rest of any open installment (the final one) is
 * voided first — if that rest exceeds D, the difference is invoiced again as a new installment — and what is left
 * goes back to the poster as cash, from escrow then clawed back, as in a settlement. Less refund: the poster owes
 * −D as a new installment due 15 days after the decision. Posted once per dispute (transfer ids from its id).
 */
export async function adjustRefund(
  tx: Tx,
  ctx: Ctx,
  input: { placementId: string; claimId: string; disputeId: string; newRefund: bigint; decidedOn: CalendarDate },
): Promise<{ from: bigint; to: bigint; cashRefund: bigint; newInstallment: bigint; transferIds: string[] }> {
  const by = byCtx(ctx);
  const p = await lockedPlacement(tx, ctx.deps.dialect, input.placementId);
  const settlement = await store.findSettlement(tx, input.claimId);
  if (!settlement) throw new DomainError('conflict', 'the claim has no refund settled to adjust');
  if (!(await lockOrg(tx, ctx.deps.dialect, p.agencyOrgId))) throw notFound('org');
  const c = p.currency;
  const at = by.now.toISOString();
  const old = toMinor(settlement.refund);
  if (input.newRefund < 0n || input.newRefund > p.fee) throw new DomainError('invalid_input', `amount: a refund is between 0 and the fee ${formatAmount(p.fee, c)}`, { field: 'amount' });
  const delta = input.newRefund - old;
  let owedAgain = delta < 0n ? -delta : 0n;
  let cash = 0n;
  const voided: Array<{ sequence: number; amount: string }> = [];
  const installments = await store.installmentsOf(tx, p.placementId);
  if (delta > 0n) {
    let unpaid = 0n;
    for (const i of installments) {
      if (i.status === 'paid' || i.status === 'void') continue;
      const rest = i.amount - i.paid;
      await store.updateInstallment(tx, i.id, { voided: rest, status: 'void' }, at);
      voided.push({ sequence: i.sequence, amount: formatAmount(rest, c) });
      unpaid += rest;
    }
    if (unpaid > delta) owedAgain = unpaid - delta;
    else cash = delta - unpaid;
  }
  let newInstallment: { sequence: number; amount: string; dueDate: string } | null = null;
  if (owedAgain > 0n) {
    const id = newId();
    const sequence = installments.reduce((m, i) => Math.max(m, i.sequence), 0) + 1;
    const dueDate = addDays(input.decidedOn, 15);
    await store.insertInstallments(tx, [
      { id, placement_id: p.placementId, sequence, trigger: 'refund_settlement', trigger_date: input.decidedOn, due_date: dueDate, currency: c, amount: owedAgain, paid: 0n, voided: 0n, status: 'scheduled', issued_on: null, overdue_notified_on: null, created_at: at, updated_at: at },
    ]);
    await issue(tx, by, p, (await store.findInstallment(tx, id)) as store.Installment, input.decidedOn);
    newInstallment = { sequence, amount: formatAmount(owedAgain, c), dueDate };
  }
  const { plan, legs } = await cashRefundLegs(tx, p, cash);
  const transferIds = await post(tx, by.now, { event: `dispute:${input.disputeId}:refund`, currency: c, businessDate: input.decidedOn, placementId: p.placementId, legs });
  await store.updateSettlement(tx, input.claimId, { refund: input.newRefund, final_fee: p.fee - input.newRefund, deliverer_shortfall: toMinor(settlement.deliverer_shortfall) + plan.delivererShortfall });
  await store.updateMoneyPlacement(tx, p.placementId, { final_fee: p.fee - input.newRefund }, at);
  await auditAs(tx, by, {
    type: 'refund.adjusted',
    subjectType: 'placement',
    subjectId: p.placementId,
    orgId: p.posterOrgId,
    payload: {
      claimId: input.claimId,
      disputeId: input.disputeId,
      currency: c,
      from: formatAmount(old, c),
      to: formatAmount(input.newRefund, c),
      voided,
      newInstallment,
      cashRefund: formatAmount(cash, c),
      fromEscrow: formatAmount(plan.fromEscrow, c),
      clawbackPlatform: formatAmount(plan.clawbackPlatform, c),
      clawbackDeliverer: formatAmount(plan.clawbackDeliverer, c),
      delivererShortfall: formatAmount(plan.delivererShortfall, c),
      transferIds,
    },
  });
  return { from: old, to: input.newRefund, cashRefund: cash, newInstallment: owedAgain, transferIds };
}

const toMinor = (v: bigint | number | string): bigint => BigInt(v);

// ------------------------------------------------------------------------------------------ for disputes

/** For the disputes area: an installment with every payment recorded on it (reversed ones marked), unscoped. */
export async function installmentForDispute(db: AppDeps['db'], installmentId: string): Promise<{ installment: store.Installment; payments: store.Payment[]; updatedOn: string } | null> {
  const row = await db.selectFrom('installments').select('updated_at').where('id', '=', installmentId).executeTakeFirst();
  const installment = await store.findInstallment(db, installmentId);
  if (!row || !installment) return null;
  return { installment, payments: await store.paymentsOfInstallment(db, installmentId), updatedOn: row.updated_at };
}

/**
 * A payment dispute adjusted (DESIGN §4.8): the payment the arbitrator finds was made is recorded on its date, as
 * ops would record it (never more than is open, never in the future), with the dispute as its reference.
 */
export async function recordPaymentFound(tx: Tx, ctx: Ctx, input: { installmentId: string; disputeId: string; amount: bigint; paidOn: CalendarDate }): Promise<{ paymentId: string }> {
  const r = await applyPayment(tx, ctx.deps, byCtx(ctx), input.installmentId, { amount: input.amount, paidOn: input.paidOn, reference: `dispute:${input.disputeId}`, source: 'ops', providerEventId: null });
  return { paymentId: r.paymentId };
}

/**
 * A payment dispute overturned a payment recorded wrongly (DESIGN §4.8, corrections are new transfers, §4.6):
 * what of it escrow still holds goes back to the poster's account; what was released comes back first, the
 * platform its fee share (half up) and the deliverer the rest in proportion to what each consultant got (a
 * deliverer whose balance is short owes it). The payment is marked reversed and no longer counts as paid: the
 * installment is open for it again. Refused on an installment a refund settled (dispute the refund instead), and
 * when more than the payment went back to the poster already (a credit from it).
 */
export async function reversePayment(tx: Tx, ctx: Ctx, input: { installmentId: string; paymentId: string; disputeId: string; decidedOn: CalendarDate }): Promise<{ amount: bigint; transferIds: string[] }> {
  const by = byCtx(ctx);
  const found = await store.findInstallment(tx, input.installmentId);
  if (!found) throw notFound('installment');
  const p = await lockedPlacement(tx, ctx.deps.dialect, found.placementId);
  if (!(await lockOrg(tx, ctx.deps.dialect, p.agencyOrgId))) throw notFound('org');
  const inst = (await store.findInstallment(tx, input.installmentId))!;
  const payment = (await store.paymentsOfInstallment(tx, inst.id)).find((x) => x.id === input.paymentId);
  if (!payment) throw new DomainError('invalid_input', 'paymentId: not a payment recorded on this installment', { field: 'paymentId' });
  if (payment.reversedOn !== null) throw new DomainError('invalid_input', `paymentId: that payment was reversed on ${payment.reversedOn}`, { field: 'paymentId' });
  if (inst.status === 'void') throw new DomainError('conflict', 'the installment was settled by a refund: its payments are part of the refund (dispute the refund amount instead)', { status: inst.status });
  // What went back to the poster (refunds, credits) came out of what it paid: reversing more than it kept paid would
  // have it refunded more than it paid (§4.6: refunded ≤ received).
  const kept = await creditableOf(tx, p.placementId);
  if (payment.amount > kept) {
    throw new DomainError('conflict', `the payment of ${formatAmount(payment.amount, p.currency)} is more than the placement kept of what it received, ${formatAmount(kept, p.currency)}: part of it went back to the poster already`, { kept: formatAmount(kept, p.currency) });
  }
  const c = p.currency;
  const escrowAccount = accountIds.escrow(p.placementId, c);
  const deliverer = accountIds.deliverer(p.agencyOrgId, c);
  // The same split as a clawback: escrow first, then the released part, its fee share half up.
  const plan = refundPlan(payment.amount, await store.balanceOf(tx, escrowAccount), await store.balanceOf(tx, deliverer), p.platformFeePercent);
  const legs: Leg[] = [{ leg: 'fee_back', debit: accountIds.platform(c), credit: escrowAccount, amount: plan.clawbackPlatform, reason: 'release_fee_reversal' }];
  const released = await store.releasedByConsultant(tx, p.placementId);
  for (const part of splitByWeights(plan.clawbackDeliverer, released.map((r) => ({ consultantId: r.consultantId, weight: r.net })))) {
    legs.push({ leg: `deliverer_back:${part.consultantId ?? 'agency'}`, debit: deliverer, credit: escrowAccount, amount: part.amount, reason: 'release_deliverer_reversal', consultantId: part.consultantId });
  }
  legs.push({ leg: 'out', debit: escrowAccount, credit: accountIds.poster(p.posterOrgId, c), amount: payment.amount, reason: 'payment_reversal' });
  const transferIds = await post(tx, by.now, { event: `payment-reversal:${payment.id}`, currency: c, businessDate: input.decidedOn, placementId: p.placementId, installmentId: inst.id, legs });
  if (!(await store.markPaymentReversed(tx, payment.id, input.disputeId, input.decidedOn))) throw new DomainError('invalid_transition', 'the payment was reversed in the meantime');
  const paid = inst.paid - payment.amount;
  await store.updateInstallment(tx, inst.id, { paid, status: installmentStatusOf({ amount: inst.amount, paid, voided: inst.voided, issued: true }) }, by.now.toISOString());
  await auditAs(tx, by, {
    type: 'payment.reversed',
    subjectType: 'installment',
    subjectId: inst.id,
    orgId: p.posterOrgId,
    payload: {
      placementId: p.placementId,
      paymentId: payment.id,
      disputeId: input.disputeId,
      amount: formatAmount(payment.amount, c),
      currency: c,
      paidOn: payment.paidOn,
      fromEscrow: formatAmount(plan.fromEscrow, c),
      fromPlatform: formatAmount(plan.clawbackPlatform, c),
      fromDeliverer: formatAmount(plan.clawbackDeliverer, c),
      delivererShortfall: formatAmount(plan.delivererShortfall, c),
      transferIds,
    },
  });
  return { amount: payment.amount, transferIds };
}

/** What a placement could credit its poster: what it received, less what went back already (refunds, credits). */
export async function creditableOf(db: AppDeps['db'], placementId: string): Promise<bigint> {
  const p = await store.findMoneyPlacement(db, placementId);
  if (!p) return 0n;
  const f = (await moneySummaryOf(db, p));
  return f.received - f.refunded;
}

/**
 * A service-quality dispute adjusted to a credit of X (DESIGN §4.8): X goes from the deliverer to the poster by the
 * clawback rules of §4.6 step 3 — from escrow first, then clawed back from what was released (the platform its
 * fee share, half up; the deliverer the rest, owing what its balance cannot cover). Never more than the placement
 * received less what already went back. Posted once per dispute (transfer ids from its id).
 */
export async function creditService(tx: Tx, ctx: Ctx, input: { placementId: string; disputeId: string; amount: bigint; decidedOn: CalendarDate }): Promise<{ transferIds: string[]; fromEscrow: bigint; clawedBack: bigint; delivererShortfall: bigint }> {
  const by = byCtx(ctx);
  const p = await lockedPlacement(tx, ctx.deps.dialect, input.placementId);
  if (!(await lockOrg(tx, ctx.deps.dialect, p.agencyOrgId))) throw notFound('org');
  const c = p.currency;
  const most = await creditableOf(tx, p.placementId);
  if (input.amount <= 0n || input.amount > most) throw new DomainError('invalid_input', `amount: a credit is above 0 and at most what the placement received less what went back, ${formatAmount(most, c)}`, { field: 'amount', max: formatAmount(most, c) });
  const { plan, legs } = await cashRefundLegs(tx, p, input.amount);
  const transferIds = await post(tx, by.now, { event: `dispute:${input.disputeId}:credit`, currency: c, businessDate: input.decidedOn, placementId: p.placementId, legs });
  await auditAs(tx, by, {
    type: 'service.credited',
    subjectType: 'placement',
    subjectId: p.placementId,
    orgId: p.posterOrgId,
    payload: {
      disputeId: input.disputeId,
      amount: formatAmount(input.amount, c),
      currency: c,
      fromEscrow: formatAmount(plan.fromEscrow, c),
      clawbackPlatform: formatAmount(plan.clawbackPlatform, c),
      clawbackDeliverer: formatAmount(plan.clawbackDeliverer, c),
      delivererShortfall: formatAmount(plan.delivererShortfall, c),
      transferIds,
    },
  });
  return { transferIds, fromEscrow: plan.fromEscrow, clawedBack: plan.clawbackPlatform + plan.clawbackDeliverer, delivererShortfall: plan.delivererShortfall };
}

// ---------------------------------------------------------------------------------------------- replacement

/**
 * A replacement was hired (§4.6): the original's pending `guarantee_passed` installments and its
 * `after_guarantee` release move to the replacement's guarantee end. They stay on the original placement,
 * with their trigger and due dates moved (each keeps its `dueDays`); the original passes when the replacement
 * does. Along a chain (a replacement replaced in turn) the money of every earlier placement still waiting moves
 * too. Money whose guarantee is already over (it passed before the claim) stays as it is. Idempotent.
 */
export async function moveToReplacement(tx: Tx, ctx: Ctx, input: { originalPlacementId: string; replacementPlacementId: string; guaranteeEndsOn: CalendarDate }): Promise<void> {
  await moveToReplacementAs(tx, ctx.deps.dialect, byCtx(ctx), input);
}

export async function moveToReplacementAs(tx: Tx, dialect: Dialect, by: By, input: { originalPlacementId: string; replacementPlacementId: string; guaranteeEndsOn: CalendarDate }): Promise<void> {
  const original = await lockedPlacement(tx, dialect, input.originalPlacementId);
  if (original.successorPlacementId === input.replacementPlacementId) return;
  if (original.successorPlacementId !== null) {
    throw new DomainError('conflict', `the money of placement ${original.placementId} has moved to another replacement already`, { successorPlacementId: original.successorPlacementId });
  }
  await store.setSuccessor(tx, original.placementId, input.replacementPlacementId);
  const at = by.now.toISOString();
  for (const p of await waitingAlong(tx, dialect, original)) {
    const moved: Array<{ sequence: number; triggerDate: string; dueDate: string }> = [];
    for (const inst of await store.installmentsOf(tx, p.placementId)) {
      if (inst.trigger !== 'guarantee_passed' || inst.status !== 'scheduled') continue;
      const dueDate = addDays(input.guaranteeEndsOn, daysBetween(inst.triggerDate, inst.dueDate));
      await store.updateInstallment(tx, inst.id, { trigger_date: input.guaranteeEndsOn, due_date: dueDate }, at);
      moved.push({ sequence: inst.sequence, triggerDate: input.guaranteeEndsOn, dueDate });
    }
    await store.updateMoneyPlacement(tx, p.placementId, { guarantee_ends_on: input.guaranteeEndsOn }, at);
    await auditAs(tx, by, {
      type: 'money.moved_to_replacement',
      subjectType: 'placement',
      subjectId: p.placementId,
      orgId: p.posterOrgId,
      payload: { replacementPlacementId: input.replacementPlacementId, guaranteeEndsOn: input.guaranteeEndsOn, installments: moved },
    });
  }
}

/** The placement and every earlier one whose money moved to it (transitively), each locked, whose guarantee is not over. */
async function waitingAlong(tx: Tx, dialect: Dialect, p: store.MoneyPlacement): Promise<store.MoneyPlacement[]> {
  const out: store.MoneyPlacement[] = [];
  const seen = new Set([p.placementId]);
  const queue = [p];
  for (let at = queue.shift(); at; at = queue.shift()) {
    if (!at.guaranteeOver) out.push(at);
    for (const id of await store.movedTo(tx, at.placementId)) {
      if (seen.has(id)) continue; // a replacement is always newer than what it replaces; never loop on bad data
      seen.add(id);
      queue.push(await lockedPlacement(tx, dialect, id));
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------- reads

export type MoneySummary = MoneyFigures & { currency: Currency; fee: bigint; finalFee: bigint; invoiced: bigint; delivererOwes: bigint; clawedBackFromDeliverer: bigint };

/** The money of one placement (§4.13), from its transfers and installments. */
export async function moneySummaryOf(db: AppDeps['db'], p: store.MoneyPlacement): Promise<MoneySummary> {
  return (await moneyOfPlacements(db, [p])).get(p.placementId)!.summary;
}

type PlacementMoneyFacts = { summary: MoneySummary; installments: store.Installment[]; payments: store.Payment[] };

/**
 * The money of many placements in a fixed number of queries (whatever their number): their transfers' sums by
 * reason, escrow balances, installments, payments, refund shortfalls and, where one is owed, the deliverers'
 * balances.
 */
async function moneyOfPlacements(db: AppDeps['db'], ps: readonly store.MoneyPlacement[]): Promise<Map<string, PlacementMoneyFacts>> {
  const ids = ps.map((p) => p.placementId);
  const byReason = await store.sumsByPlacementAndReason(db, ids);
  const escrows = await store.balancesOf(db, ps.map((p) => accountIds.escrow(p.placementId, p.currency)));
  const installments = groupBy(await store.installmentsIn(db, ids), (i) => i.placementId);
  const payments = groupBy(await store.paymentsIn(db, ids), (x) => x.placementId);
  const shortfalls = await store.shortfallsIn(db, ids);
  const owing = ps.filter((p) => (shortfalls.get(p.placementId) ?? 0n) > 0n);
  const delivererBalances = await store.balancesOf(db, [...new Set(owing.map((p) => accountIds.deliverer(p.agencyOrgId, p.currency)))]);
  const out = new Map<string, PlacementMoneyFacts>();
  for (const p of ps) {
    const reasons = byReason.get(p.placementId) ?? {};
    const escrowBalance = escrows.get(accountIds.escrow(p.placementId, p.currency)) ?? 0n;
    const figures = figuresOf({ placementId: p.placementId, currency: p.currency, escrowBalance, byReason: reasons });
    const own = installments.get(p.placementId) ?? [];
    const invoiced = own.filter((i) => i.issuedOn !== null).reduce((sum, i) => sum + i.amount - i.voided, 0n);
    const shortfall = shortfalls.get(p.placementId) ?? 0n;
    const balance = shortfall > 0n ? (delivererBalances.get(accountIds.deliverer(p.agencyOrgId, p.currency)) ?? 0n) : 0n;
    const owedNow = balance < 0n ? -balance : 0n;
    out.set(p.placementId, {
      summary: { currency: p.currency, fee: p.fee, finalFee: p.finalFee ?? p.fee, invoiced, ...figures, delivererOwes: shortfall < owedNow ? shortfall : owedNow, clawedBackFromDeliverer: reasons.clawback_deliverer ?? 0n },
      installments: own,
      payments: payments.get(p.placementId) ?? [],
    });
  }
  return out;
}

function groupBy<T>(rows: readonly T[], key: (row: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const r of rows) {
    const k = key(r);
    const list = out.get(k);
    if (list) list.push(r);
    else out.set(k, [r]);
  }
  return out;
}

export type InstallmentView = store.Installment & { overdue: boolean };

export function withOverdue(i: store.Installment, today: CalendarDate): InstallmentView {
  const open = i.status === 'open' || i.status === 'partially_paid';
  return { ...i, overdue: open && today > i.dueDate };
}

export async function placementMoney(deps: AppDeps, placementId: string): Promise<store.MoneyPlacement | null> {
  return store.findMoneyPlacement(deps.db, placementId);
}

export async function installmentsView(deps: AppDeps, placementId: string): Promise<InstallmentView[]> {
  const p = await store.findMoneyPlacement(deps.db, placementId);
  if (!p) return [];
  const today = todayOf(p, deps.clock.now());
  return (await store.installmentsOf(deps.db, placementId)).map((i) => withOverdue(i, today));
}

// ----------------------------------------------------------------------------------------------- handlers

/** The obligations this area runs: issue on the trigger date (also on the placements' due-date obligation), overdue. */
export function ledgerObligationHandlers(dialect: Dialect): Record<string, ObligationHandler> {
  return {
    [INSTALLMENT_ISSUE]: ({ tx, now, obligation }) => issueDueInstallment(tx, now, dialect, obligation.subjectId),
    [INSTALLMENT_OVERDUE]: ({ tx, now, obligation }) => markOverdue(tx, now, dialect, obligation.subjectId),
    'installment.due': ({ tx, now, obligation }) => {
      const index = (obligation.payload as { index?: unknown }).index;
      return typeof index === 'number' ? issueByIndex(tx, now, dialect, obligation.subjectId, index) : Promise.resolve();
    },
  };
}

// ---------------------------------------------------------------------------------------------- statements

export type StatementLine = TransferRow & { change: bigint; balance: bigint; account: string };
export type StatementQuery = { currency: Currency | null; from: CalendarDate; to: CalendarDate };
export type Statement = { orgId: string; currency: Currency; from: CalendarDate; to: CalendarDate; opening: bigint; closing: bigint; lines: StatementLine[]; nextCursor: string | null };

/** A statement page's cursor: the business date and posting order of its last line. */
const statementCursor = cursorCodec(z.strictObject({ d: z.string().refine(isCalendarDate), o: IdKey }));

/**
 * A page of an org's statement in one currency (§4.6): its accounts' balance before `from` (opening) and at the
 * end of `to` (closing), and `limit` of the transfers touching them dated from..to, after the cursor, each with
 * its placement, consultant and reason and the balance after it. Its admins and platform ops only. Every figure
 * comes from indexed sums and one ordered range scan per account side, whatever the statement's length.
 */
export async function statementOf(ctx: Ctx, orgId: string, query: StatementQuery & { limit: number; cursor?: string | undefined }): Promise<Statement> {
  const s = await openStatement(ctx, orgId, query);
  const after = query.cursor === undefined ? null : statementCursor.decode(query.cursor);
  const key = after && after.d >= s.from && after.d <= s.to ? { date: after.d, order: after.o } : null;
  return { ...s, ...(await linesOf(ctx.deps.db, s, key, query.limit)) };
}

export type StatementHead = Omit<Statement, 'lines' | 'nextCursor'>;

/**
 * A whole statement for the CSV and Excel files: who may read it and the query are checked, and the opening and
 * closing balances read, before this returns (so a refusal is an error, not a broken file); its lines then come a
 * page at a time.
 */
export async function statementLines(ctx: Ctx, orgId: string, query: StatementQuery, pageSize = 2000): Promise<{ head: StatementHead; pages: AsyncGenerator<StatementLine[]> }> {
  const s = await openStatement(ctx, orgId, query);
  const db = ctx.deps.db;
  async function* pages(): AsyncGenerator<StatementLine[]> {
    let from: { key: store.StatementKey; balance: bigint } | null = null;
    for (;;) {
      const page = await linesOf(db, s, from?.key ?? null, pageSize, from?.balance);
      yield page.lines;
      const last = page.lines[page.lines.length - 1];
      if (page.nextCursor === null || !last) return;
      // The next page starts from this one's last balance: no sum over what came before.
      from = { key: { date: last.businessDate, order: last.postedOrder }, balance: last.balance };
    }
  }
  const { accounts: _accounts, ...head } = s;
  return { head, pages: pages() };
}

type OpenStatement = Omit<Statement, 'lines' | 'nextCursor'> & { accounts: string[] };

async function openStatement(ctx: Ctx, orgId: string, query: StatementQuery): Promise<OpenStatement> {
  const a = ctx.actor;
  if (a.role !== 'platform_ops') {
    if (a.orgId !== orgId) throw notFound('org');
    if (a.role !== 'employer_admin' && a.role !== 'agency_admin') throw forbidden("only the org's admins read its statement");
  } else if (!(await orgExists(ctx.deps.db, orgId))) {
    throw notFound('org');
  }
  if (query.currency === null) throw new DomainError('invalid_input', 'currency: required (a statement is in one currency)', { field: 'currency' });
  if (query.from > query.to) throw new DomainError('invalid_input', `from ${query.from} is after to ${query.to}`, { field: 'from' });
  const db = ctx.deps.db;
  const accounts = await store.accountsOfOrg(db, orgId, query.currency);
  const opening = await store.netOf(db, accounts, { before: query.from });
  const closing = await store.netOf(db, accounts, { through: query.to });
  return { orgId, currency: query.currency, from: query.from, to: query.to, opening, closing, accounts };
}

async function linesOf(db: AppDeps['db'], s: OpenStatement, after: store.StatementKey | null, limit: number, balanceAfter?: bigint): Promise<{ lines: StatementLine[]; nextCursor: string | null }> {
  const own = new Set(s.accounts);
  let balance = balanceAfter ?? (after ? await store.netOf(db, s.accounts, { upTo: after }) : s.opening);
  const rows = await store.statementPage(db, s.accounts, { from: s.from, to: s.to }, after, limit + 1);
  const page = pageOf(rows, limit, statementCursor, (t) => ({ d: t.businessDate, o: t.postedOrder }));
  const lines = page.items.map((t) => {
    const change = (own.has(t.credit) ? t.amount : 0n) - (own.has(t.debit) ? t.amount : 0n);
    balance += change;
    return { ...t, change, balance, account: own.has(t.credit) ? t.credit : t.debit };
  });
  return { lines, nextCursor: page.nextCursor };
}

export const parseAmountFor = (text: string, currency: Currency): bigint => parseStoredAmount(text, currency, 'amount');

// ----------------------------------------------------------------------------------------- consultant shares

/** Members of the org (and ops) read its shares; only the agency's admin sets them. */
function assertAgencyAdmin(ctx: Ctx, orgId: string, write: boolean): void {
  const a = ctx.actor;
  if (a.role === 'platform_ops' && !write) return;
  if (a.orgId !== orgId) throw notFound('org');
  if (write && a.role !== 'agency_admin') throw forbidden("only the agency's admin sets its consultants' shares");
}

export async function consultantShares(ctx: Ctx, orgId: string): Promise<Array<{ consultantId: string; percent: string }>> {
  assertAgencyAdmin(ctx, orgId, false);
  return store.sharesOf(ctx.deps.db, orgId);
}

/** The agency's admin splits the deliverer share: its own consultants, each percent > 0 with ≤ 2 decimals, together ≤ 100. */
export async function setConsultantShares(ctx: Ctx, orgId: string, shares: Array<{ consultantId: string; percent: string }>): Promise<Array<{ consultantId: string; percent: string }>> {
  assertAgencyAdmin(ctx, orgId, true);
  let total = 0;
  const seen = new Set<string>();
  const clean = shares.map((s, i) => {
    const h = percentHundredths(s.percent);
    if (h === null || h <= 0 || h > 10_000) throw new DomainError('invalid_input', `shares.${i}.percent: must be a percent above 0 and at most 100 with at most 2 decimals`, { field: `shares.${i}.percent` });
    if (seen.has(s.consultantId)) throw new DomainError('invalid_input', `shares.${i}.consultantId: listed twice`, { field: `shares.${i}.consultantId` });
    seen.add(s.consultantId);
    total += h;
    return { consultantId: s.consultantId, percent: percentText(s.percent) };
  });
  if (total > 10_000) throw new DomainError('invalid_input', 'shares: the percents add up to more than 100', { field: 'shares' });
  return inTransaction(ctx.deps.db, async (tx) => {
    if (!(await lockOrg(tx, ctx.deps.dialect, orgId))) throw notFound('org');
    const consultants = await consultantIdsOf(tx, orgId);
    clean.forEach((s, i) => {
      if (!consultants.has(s.consultantId)) throw new DomainError('invalid_input', `shares.${i}.consultantId: not a consultant of this agency`, { field: `shares.${i}.consultantId` });
    });
    await store.replaceShares(tx, orgId, clean, ctx.deps.clock.now().toISOString());
    await record(tx, ctx, { type: 'consultant_shares.set', subjectType: 'org', subjectId: orgId, orgId, payload: { shares: clean } });
    return clean;
  });
}

// ------------------------------------------------------------------------------------------- ledger check

export type CheckResult = { counts: Record<string, number>; violations: Violation[] };

/**
 * Every invariant of §4.6 over the whole database: each transfer on its own (derived id, positive, two accounts,
 * one currency, accounts that exist in that currency), every currency's balances summing to zero, every placement's
 * escrow and its received = escrow + released + fees + refunded, every release's half-up fee, every installment's
 * paid amount against its payments and payment transfers.
 */
export async function checkLedger(db: AppDeps['db'], onProgress?: (done: number) => void): Promise<CheckResult> {
  const violations: Violation[] = [];
  const accountCurrency = new Map<string, string>();
  for (const a of await store.allAccounts(db)) accountCurrency.set(a.id, a.currency);
  let transfers = 0;
  const balances = new Map<string, bigint>();
  const add = (account: string, v: bigint) => balances.set(account, (balances.get(account) ?? 0n) + v);
  for await (const batch of store.allTransfers(db, 20_000)) {
    for (const t of batch) {
      transfers++;
      violations.push(...checkTransfer(t));
      for (const acc of [t.debit, t.credit]) {
        const c = accountCurrency.get(acc);
        if (c === undefined) violations.push({ rule: 'transfer_account', placementId: t.placementId, transferId: t.id, message: `account ${acc} does not exist` });
        else if (c !== t.currency) violations.push({ rule: 'transfer_currency', placementId: t.placementId, transferId: t.id, message: `account ${acc} is in ${c}, the transfer in ${t.currency}` });
      }
      add(t.credit, t.amount);
      add(t.debit, -t.amount);
    }
    onProgress?.(transfers);
  }
  const sums = new Map<string, bigint>();
  for (const [account, b] of balances) {
    const c = currencyOfAccount(account);
    sums.set(c, (sums.get(c) ?? 0n) + b);
  }
  violations.push(...checkCurrencySums(sums));

  const placements = await store.allMoneyPlacements(db);
  const byReason = await store.sumsByPlacementAndReason(db);
  for (const p of placements) {
    const escrowBalance = balances.get(accountIds.escrow(p.placementId, p.currency)) ?? 0n;
    violations.push(...checkPlacement({ placementId: p.placementId, currency: p.currency, escrowBalance, byReason: byReason.get(p.placementId) ?? {} }));
  }
  const percentOf = new Map(placements.map((p) => [p.placementId, p.platformFeePercent]));
  const releases = await store.releaseEvents(db);
  for (const r of releases) {
    const feePercent = r.placementId === null ? undefined : percentOf.get(r.placementId);
    if (feePercent === undefined) {
      violations.push({ rule: 'release_placement', placementId: r.placementId, transferId: null, message: `release ${r.event} has no placement with money` });
      continue;
    }
    violations.push(...checkRelease({ ...r, feePercent }));
  }
  const installments = await store.installmentTotals(db);
  for (const i of installments) violations.push(...checkInstallment(i));
  return {
    counts: { transfers, accounts: accountCurrency.size, currencies: sums.size, placements: placements.length, releases: releases.length, installments: installments.length },
    violations,
  };
}

export const formatFor = (minor: bigint, currency: Currency): string => formatAmount(minor, currency);

// ------------------------------------------------------------------------------------------------ overview

export type PlacementMoneyRow = {
  placement: LabelledPlacement;
  money: MoneySummary;
  installments: InstallmentView[];
  /** What the claim engine would refund if the hire left today (placements in guarantee with a refund remedy). */
  refundIfLeftToday: { status: ClaimStatus; codes: IneligibilityCode[]; daysServed: number; refund: bigint; cashRefund: bigint; stillDue: bigint } | null;
};

export type AgencyTotals = {
  currency: Currency;
  earned: bigint;
  inEscrow: bigint;
  released: bigint;
  clawedBack: bigint;
  owed: bigint;
  paidOut: bigint;
  balance: bigint;
};

/** One consultant's part of an agency's money (consultantId null: the agency's own part), in one currency. */
export type ConsultantMoney = AgencyTotals & { consultantId: string | null; name: string | null };

export type MoneyOverview = {
  today: CalendarDate;
  rows: PlacementMoneyRow[];
  nextCursor: string | null;
  agency: {
    totals: AgencyTotals[];
    consultants: ConsultantMoney[];
    shares: Array<{ consultantId: string; percent: string }>;
    timeline: Array<{ date: CalendarDate; currency: Currency; inEscrow: bigint; released: bigint }>;
  } | null;
};

/**
 * What the money pages show the caller: a page of the placements it is a party to (ops: all) with their money,
 * installments and, in guarantee, the refund the engine would decide if the hire left today; on the first page,
 * for an agency, its totals, each consultant's part, and escrow and releases over time. A bounded number of
 * queries whatever the page holds.
 */
export async function moneyOverview(ctx: Ctx, opts: { limit: number; cursor?: string | undefined }): Promise<MoneyOverview> {
  const db = ctx.deps.db;
  const now = ctx.deps.clock.now();
  const page = await listPlacements(ctx, { limit: opts.limit, cursor: opts.cursor });
  const moneyRows = await store.moneyPlacementsIn(db, page.items.map((p) => p.id));
  const byId = new Map(moneyRows.map((m) => [m.placementId, m]));
  const facts = await moneyOfPlacements(db, moneyRows);
  const rows: PlacementMoneyRow[] = [];
  for (const placement of page.items) {
    const mp = byId.get(placement.id);
    const f = mp && facts.get(mp.placementId);
    if (!mp || !f) continue;
    const today = todayOf(mp, now);
    rows.push({ placement, money: f.summary, installments: f.installments.map((i) => withOverdue(i, today)), refundIfLeftToday: refundIfLeftToday(placement, mp, f, today) });
  }
  const a = ctx.actor;
  const agencyOrg = opts.cursor === undefined && (a.role === 'agency_admin' || a.role === 'consultant') ? a.orgId : null;
  return {
    today: calendarDateOf(now, 'Asia/Shanghai'),
    rows,
    nextCursor: page.nextCursor,
    agency: agencyOrg ? await agencyOverview(ctx, agencyOrg, a.role === 'consultant' ? a.userId : null) : null,
  };
}

function refundIfLeftToday(p: LabelledPlacement, mp: store.MoneyPlacement, f: PlacementMoneyFacts, today: CalendarDate): PlacementMoneyRow['refundIfLeftToday'] {
  if (p.status !== 'active' || mp.guaranteeOver || !p.terms.remedies.refund || today < p.startDate) return null;
  const facts = claimFactsFrom(f.installments, f.payments);
  const d = decideClaim(p.terms, { startDate: p.startDate, fee: p.fee, replacementsUsed: 0, installments: facts }, { reason: 'voluntary_resignation', lastWorkingDay: today, reportedOn: today, remedy: 'refund' });
  return { status: d.status, codes: d.codes, daysServed: d.daysServed, refund: d.refund?.amount ?? 0n, cashRefund: d.refund?.cashRefund ?? 0n, stillDue: d.refund?.stillDue ?? 0n };
}

/**
 * An agency's money over all its placements (a consultant: the placements it delivers, and its own part):
 * totals per currency, and per consultant (and the agency's own part) what was released, clawed back, paid out,
 * what it holds or owes, and its part of what escrow holds now (the split the shares would give if it were
 * released today).
 */
async function agencyOverview(ctx: Ctx, orgId: string, consultantId: string | null): Promise<NonNullable<MoneyOverview['agency']>> {
  const db = ctx.deps.db;
  const placements = await store.moneyPlacementsOfAgency(db, orgId, consultantId);
  const escrows = await store.escrowOfAgency(db, orgId, consultantId);
  const reasonSums = await store.agencyReasonSums(db, orgId, consultantId);
  const shares = await store.sharesOf(db, orgId);
  const labels = await store.delivererLabelSums(db, orgId, consultantId);

  // Each consultant's part of what escrow holds, as a release today would split it.
  const escrowParts = new Map<string, bigint>();
  const escrowTotals = new Map<Currency, bigint>();
  for (const p of placements) {
    const held = escrows.get(p.placementId) ?? 0n;
    if (held <= 0n) continue;
    escrowTotals.set(p.currency, (escrowTotals.get(p.currency) ?? 0n) + held);
    for (const part of releaseSplit(held, p.platformFeePercent, shares).parts) {
      const key = `${part.consultantId ?? ''}|${p.currency}`;
      escrowParts.set(key, (escrowParts.get(key) ?? 0n) + part.amount);
    }
  }

  const currencies = [...new Set<Currency>([...placements.map((p) => p.currency), ...labels.map((l) => l.currency)])].sort();
  const totals: AgencyTotals[] = [];
  for (const c of currencies) {
    const sum = (r: TransferRow['reason']) => reasonSums.filter((x) => x.currency === c && x.reason === r).reduce((acc, x) => acc + x.sum, 0n);
    const released = sum('release_deliverer');
    const clawedBack = sum('clawback_deliverer') + sum('release_deliverer_reversal');
    // A consultant sees the placements it delivers, not the agency's balance or payouts.
    const balance = consultantId ? 0n : await store.balanceOf(db, accountIds.deliverer(orgId, c));
    const paidOut = consultantId ? 0n : labels.filter((l) => l.currency === c).reduce((acc, l) => acc + l.paidOut, 0n);
    totals.push({ currency: c, earned: released - clawedBack, inEscrow: escrowTotals.get(c) ?? 0n, released, clawedBack, owed: balance < 0n ? -balance : 0n, paidOut, balance });
  }

  const names = await consultantNames(ctx, orgId);
  const rows = new Map<string, ConsultantMoney>();
  const rowOf = (id: string | null, c: Currency): ConsultantMoney => {
    const key = `${id ?? ''}|${c}`;
    let r = rows.get(key);
    if (!r) {
      r = { consultantId: id, name: id === null ? null : (names.get(id) ?? null), currency: c, earned: 0n, inEscrow: escrowParts.get(key) ?? 0n, released: 0n, clawedBack: 0n, owed: 0n, paidOut: 0n, balance: 0n };
      rows.set(key, r);
    }
    return r;
  };
  for (const l of labels) {
    const r = rowOf(l.consultantId, l.currency);
    r.released = l.released;
    r.clawedBack = l.clawedBack;
    r.paidOut = l.paidOut;
  }
  for (const key of escrowParts.keys()) {
    const [id, c] = key.split('|') as [string, Currency];
    if (consultantId === null || id === consultantId) rowOf(id === '' ? null : id, c);
  }
  for (const s of shares) for (const c of currencies) if (consultantId === null || s.consultantId === consultantId) rowOf(s.consultantId, c);
  const consultants = [...rows.values()]
    .map((r) => {
      const earned = r.released - r.clawedBack;
      const balance = earned - r.paidOut;
      return { ...r, earned, balance, owed: balance < 0n ? -balance : 0n };
    })
    .sort((x, y) => (x.currency !== y.currency ? (x.currency < y.currency ? -1 : 1) : x.consultantId === null ? 1 : y.consultantId === null ? -1 : (x.name ?? '').localeCompare(y.name ?? '', 'zh-CN')));
  const timeline = await store.escrowTimeline(db, orgId, consultantId);
  return { totals, consultants, shares: consultantId === null ? shares : shares.filter((s) => s.consultantId === consultantId), timeline };
}

async function consultantNames(ctx: Ctx, orgId: string): Promise<Map<string, string>> {
  const users = await listUsers(ctx, orgId);
  return new Map(users.map((u) => [u.id, u.name]));
}
