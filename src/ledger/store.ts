import type { Db, Dialect, Tx } from '../platform/db/database.ts';
import {
  toBigInt,
  type InstallmentPaymentsTable,
  type InstallmentsTable,
  type LedgerAccountsTable,
  type LedgerPlacementsTable,
  type LedgerTransfersTable,
  type RefundSettlementsTable,
} from '../platform/db/schema.ts';
import type { CalendarDate } from '../platform/calendar-date.ts';
import type { Currency } from '../platform/money.ts';
import type { ConsultantShare, TransferFacts, TransferReason } from './ledger.rules.ts';

type Q = Db | Tx;

// -------------------------------------------------------------------------------------------- placements

export type MoneyPlacement = {
  placementId: string;
  posterOrgId: string;
  agencyOrgId: string;
  consultantId: string;
  currency: Currency;
  fee: bigint;
  finalFee: bigint | null;
  release: 'on_payment' | 'after_guarantee';
  platformFeePercent: string;
  startDate: CalendarDate;
  timeZone: string;
  guaranteeEndsOn: CalendarDate;
  guaranteeOver: boolean;
  successorPlacementId: string | null;
};

const toMoneyPlacement = (r: LedgerPlacementsTable): MoneyPlacement => ({
  placementId: r.placement_id,
  posterOrgId: r.poster_org_id,
  agencyOrgId: r.agency_org_id,
  consultantId: r.consultant_id,
  currency: r.currency as Currency,
  fee: toBigInt(r.fee),
  finalFee: r.final_fee === null ? null : toBigInt(r.final_fee),
  release: r.release,
  platformFeePercent: r.platform_fee_percent,
  startDate: r.start_date as CalendarDate,
  timeZone: r.time_zone,
  guaranteeEndsOn: r.guarantee_ends_on as CalendarDate,
  guaranteeOver: Number(r.guarantee_over) === 1,
  successorPlacementId: r.successor_placement_id,
});

export async function insertMoneyPlacement(tx: Tx, row: LedgerPlacementsTable): Promise<boolean> {
  const r = await tx.insertInto('ledger_placements').values(row).onConflict((oc) => oc.column('placement_id').doNothing()).executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) === 1;
}

/** The money row of a placement, locked for the rest of the transaction (PostgreSQL; SQLite serializes writers). */
export async function moneyPlacementForUpdate(tx: Tx, dialect: Dialect, placementId: string): Promise<MoneyPlacement | null> {
  if (dialect === 'sqlite') {
    // Take the write lock before reading, as the scheduler does: a read-then-write transaction could not upgrade.
    await tx.updateTable('ledger_placements').set((eb) => ({ updated_at: eb.ref('updated_at') })).where('placement_id', '=', placementId).execute();
  }
  let q = tx.selectFrom('ledger_placements').selectAll().where('placement_id', '=', placementId);
  if (dialect === 'postgres') q = q.forUpdate();
  const r = await q.executeTakeFirst();
  return r ? toMoneyPlacement(r) : null;
}

export async function findMoneyPlacement(db: Q, placementId: string): Promise<MoneyPlacement | null> {
  const r = await db.selectFrom('ledger_placements').selectAll().where('placement_id', '=', placementId).executeTakeFirst();
  return r ? toMoneyPlacement(r) : null;
}

export async function updateMoneyPlacement(tx: Tx, placementId: string, set: Partial<Pick<LedgerPlacementsTable, 'final_fee' | 'guarantee_over' | 'guarantee_ends_on'>>, now: string): Promise<void> {
  await tx.updateTable('ledger_placements').set({ ...set, updated_at: now }).where('placement_id', '=', placementId).execute();
}

export async function listMoneyPlacements(db: Q, filter: { posterOrgId?: string; agencyOrgId?: string; consultantId?: string }): Promise<MoneyPlacement[]> {
  let q = db.selectFrom('ledger_placements').selectAll();
  if (filter.posterOrgId) q = q.where('poster_org_id', '=', filter.posterOrgId);
  if (filter.agencyOrgId) q = q.where('agency_org_id', '=', filter.agencyOrgId);
  if (filter.consultantId) q = q.where('consultant_id', '=', filter.consultantId);
  const rows = await q.orderBy('created_at', 'desc').orderBy('placement_id').execute();
  return rows.map(toMoneyPlacement);
}

export async function setSuccessor(tx: Tx, placementId: string, successorId: string): Promise<void> {
  await tx.updateTable('ledger_placements').set({ successor_placement_id: successorId }).where('placement_id', '=', placementId).execute();
}

/** Placements whose pending money waits for `placementId` (it replaced them). */
export async function movedTo(db: Q, placementId: string): Promise<string[]> {
  const rows = await db.selectFrom('ledger_placements').select('placement_id').where('successor_placement_id', '=', placementId).execute();
  return rows.map((r) => r.placement_id);
}

// ------------------------------------------------------------------------------------- accounts, transfers

export async function ensureAccounts(tx: Tx, rows: LedgerAccountsTable[]): Promise<void> {
  if (rows.length === 0) return;
  await tx.insertInto('ledger_accounts').values(rows).onConflict((oc) => oc.column('id').doNothing()).execute();
}

export async function insertTransfers(tx: Tx, rows: LedgerTransfersTable[]): Promise<void> {
  if (rows.length === 0) return;
  await tx.insertInto('ledger_transfers').values(rows).execute();
}

/** Credits − debits of one account. */
export async function balanceOf(db: Q, accountId: string): Promise<bigint> {
  const credit = await db.selectFrom('ledger_transfers').select((eb) => eb.fn.sum<string | number | null>('amount').as('s')).where('credit_account_id', '=', accountId).executeTakeFirst();
  const debit = await db.selectFrom('ledger_transfers').select((eb) => eb.fn.sum<string | number | null>('amount').as('s')).where('debit_account_id', '=', accountId).executeTakeFirst();
  return toBigInt(credit?.s ?? 0) - toBigInt(debit?.s ?? 0);
}

export type TransferRow = {
  id: string;
  event: string;
  reason: TransferReason;
  currency: Currency;
  debit: string;
  credit: string;
  amount: bigint;
  placementId: string | null;
  installmentId: string | null;
  consultantId: string | null;
  businessDate: CalendarDate;
  createdAt: string;
  /** The order of transfers that share a business date (a time-ordered id). */
  postedOrder: string;
};

const toTransfer = (r: LedgerTransfersTable): TransferRow => ({
  id: r.id,
  event: r.event,
  reason: r.reason as TransferReason,
  currency: r.currency as Currency,
  debit: r.debit_account_id,
  credit: r.credit_account_id,
  amount: toBigInt(r.amount),
  placementId: r.placement_id,
  installmentId: r.installment_id,
  consultantId: r.consultant_id,
  businessDate: r.business_date as CalendarDate,
  createdAt: r.created_at,
  postedOrder: r.posted_order,
});

export async function transfersOfPlacement(db: Q, placementId: string): Promise<TransferRow[]> {
  const rows = await db.selectFrom('ledger_transfers').selectAll().where('placement_id', '=', placementId).orderBy('business_date').orderBy('posted_order').execute();
  return rows.map(toTransfer);
}

/** Accounts of an org in one currency. */
export async function accountsOfOrg(db: Q, orgId: string, currency: Currency): Promise<string[]> {
  const rows = await db.selectFrom('ledger_accounts').select('id').where('org_id', '=', orgId).where('currency', '=', currency).execute();
  return rows.map((r) => r.id);
}

/** Where a statement line sits: its business date, then the order it was posted in. */
export type StatementKey = { date: CalendarDate; order: string };

/**
 * The net change (credits − debits) of `accounts` from the transfers dated before `before`, or dated up to and
 * including `through`, or up to and including the line at `upTo`. Sums over the account indexes, which carry the
 * amount: no row of the table is read.
 */
export async function netOf(db: Q, accounts: readonly string[], bound: { before: CalendarDate } | { through: CalendarDate } | { upTo: StatementKey }): Promise<bigint> {
  if (accounts.length === 0) return 0n;
  const side = async (column: 'credit_account_id' | 'debit_account_id') => {
    let q = db.selectFrom('ledger_transfers').select((eb) => eb.fn.sum<string | number | null>('amount').as('s')).where(column, 'in', accounts);
    if ('before' in bound) q = q.where('business_date', '<', bound.before);
    else if ('through' in bound) q = q.where('business_date', '<=', bound.through);
    else q = q.where((eb) => eb(eb.refTuple('business_date', 'posted_order'), '<=', eb.tuple(bound.upTo.date, bound.upTo.order)));
    return toBigInt((await q.executeTakeFirst())?.s ?? 0);
  };
  return (await side('credit_account_id')) - (await side('debit_account_id'));
}

/**
 * The first `limit` transfers touching `accounts`, dated from..to (inclusive), after `after`, in statement order.
 * One ordered range scan of an account index per account and side, each stopping after `limit` rows, merged:
 * a page costs the same at the start of a statement of 100,000 lines as at its end.
 */
export async function statementPage(db: Q, accounts: readonly string[], range: { from: CalendarDate; to: CalendarDate }, after: StatementKey | null, limit: number): Promise<TransferRow[]> {
  const scans: Array<() => Promise<LedgerTransfersTable[]>> = [];
  for (const account of accounts) {
    for (const column of ['credit_account_id', 'debit_account_id'] as const) {
      let q = db.selectFrom('ledger_transfers').selectAll().where(column, '=', account).where('business_date', '>=', range.from).where('business_date', '<=', range.to);
      if (after) q = q.where((eb) => eb(eb.refTuple('business_date', 'posted_order'), '>', eb.tuple(after.date, after.order)));
      scans.push(() => q.orderBy('business_date').orderBy('posted_order').limit(limit).execute());
    }
  }
  const seen = new Set<string>();
  const rows: LedgerTransfersTable[] = [];
  // In turn, not at once: one connection (SQLite) or one transaction serves them all.
  for (const scan of scans) {
    for (const r of await scan()) {
      if (seen.has(r.id)) continue; // a transfer between two of the org's own accounts appears on both sides
      seen.add(r.id);
      rows.push(r);
    }
  }
  rows.sort((a, b) => (a.business_date !== b.business_date ? (a.business_date < b.business_date ? -1 : 1) : a.posted_order < b.posted_order ? -1 : a.posted_order > b.posted_order ? 1 : 0));
  return rows.slice(0, limit).map(toTransfer);
}

// ------------------------------------------------------------------------------------------ installments

export type Installment = {
  id: string;
  placementId: string;
  sequence: number;
  trigger: string;
  triggerDate: CalendarDate;
  dueDate: CalendarDate;
  currency: Currency;
  amount: bigint;
  paid: bigint;
  voided: bigint;
  status: InstallmentsTable['status'];
  issuedOn: CalendarDate | null;
  overdueNotifiedOn: CalendarDate | null;
};

const toInstallment = (r: InstallmentsTable): Installment => ({
  id: r.id,
  placementId: r.placement_id,
  sequence: Number(r.sequence),
  trigger: r.trigger,
  triggerDate: r.trigger_date as CalendarDate,
  dueDate: r.due_date as CalendarDate,
  currency: r.currency as Currency,
  amount: toBigInt(r.amount),
  paid: toBigInt(r.paid),
  voided: toBigInt(r.voided),
  status: r.status,
  issuedOn: r.issued_on as CalendarDate | null,
  overdueNotifiedOn: r.overdue_notified_on as CalendarDate | null,
});

export async function insertInstallments(tx: Tx, rows: InstallmentsTable[]): Promise<void> {
  if (rows.length > 0) await tx.insertInto('installments').values(rows).execute();
}

export async function installmentsOf(db: Q, placementId: string): Promise<Installment[]> {
  const rows = await db.selectFrom('installments').selectAll().where('placement_id', '=', placementId).orderBy('sequence').execute();
  return rows.map(toInstallment);
}

export async function findInstallment(db: Q, id: string): Promise<Installment | null> {
  const r = await db.selectFrom('installments').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? toInstallment(r) : null;
}

export async function updateInstallment(
  tx: Tx,
  id: string,
  set: Partial<Pick<InstallmentsTable, 'paid' | 'voided' | 'status' | 'issued_on' | 'overdue_notified_on' | 'trigger_date' | 'due_date'>>,
  now: string,
): Promise<void> {
  await tx.updateTable('installments').set({ ...set, updated_at: now }).where('id', '=', id).execute();
}

export type Payment = { id: string; installmentId: string; placementId: string; amount: bigint; paidOn: CalendarDate; reference: string; source: 'ops' | 'provider'; createdAt: string; reversedOn: CalendarDate | null };

const toPayment = (r: InstallmentPaymentsTable): Payment => ({
  id: r.id,
  installmentId: r.installment_id,
  placementId: r.placement_id,
  amount: toBigInt(r.amount),
  paidOn: r.paid_on as CalendarDate,
  reference: r.reference,
  source: r.source,
  createdAt: r.created_at,
  reversedOn: (r.reversed_on ?? null) as CalendarDate | null,
});

export async function insertPayment(tx: Tx, row: InstallmentPaymentsTable): Promise<void> {
  await tx.insertInto('installment_payments').values(row).execute();
}

/** The payments that count (a reversed one does not: it was recorded wrongly). */
export async function paymentsOfPlacement(db: Q, placementId: string): Promise<Payment[]> {
  const rows = await db.selectFrom('installment_payments').selectAll().where('placement_id', '=', placementId).where('reversed_on', 'is', null).orderBy('paid_on').orderBy('created_at').orderBy('id').execute();
  return rows.map(toPayment);
}

/** Every payment recorded on an installment, reversed ones included (a dispute names the one it contests). */
export async function paymentsOfInstallment(db: Q, installmentId: string): Promise<Payment[]> {
  const rows = await db.selectFrom('installment_payments').selectAll().where('installment_id', '=', installmentId).orderBy('paid_on').orderBy('created_at').orderBy('id').execute();
  return rows.map(toPayment);
}

export async function markPaymentReversed(tx: Tx, paymentId: string, disputeId: string, on: CalendarDate): Promise<boolean> {
  const r = await tx.updateTable('installment_payments').set({ reversed_by_dispute_id: disputeId, reversed_on: on }).where('id', '=', paymentId).where('reversed_on', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function findPaymentByProviderEvent(db: Q, eventId: string): Promise<Payment | null> {
  const r = await db.selectFrom('installment_payments').selectAll().where('provider_event_id', '=', eventId).executeTakeFirst();
  return r ? toPayment(r) : null;
}

// ------------------------------------------------------------------------------------------- settlements

export async function findSettlement(db: Q, claimId: string) {
  return db.selectFrom('refund_settlements').selectAll().where('claim_id', '=', claimId).executeTakeFirst();
}

export async function updateSettlement(tx: Tx, claimId: string, set: Pick<RefundSettlementsTable, 'refund' | 'final_fee' | 'deliverer_shortfall'>): Promise<void> {
  await tx.updateTable('refund_settlements').set(set).where('claim_id', '=', claimId).execute();
}

export async function insertSettlement(tx: Tx, row: RefundSettlementsTable): Promise<void> {
  await tx.insertInto('refund_settlements').values(row).execute();
}

// ------------------------------------------------------------------------------------- consultant shares

export async function sharesOf(db: Q, agencyOrgId: string): Promise<ConsultantShare[]> {
  const rows = await db.selectFrom('consultant_shares').select(['consultant_id', 'percent']).where('agency_org_id', '=', agencyOrgId).orderBy('consultant_id').execute();
  return rows.map((r) => ({ consultantId: r.consultant_id, percent: r.percent }));
}

export async function replaceShares(tx: Tx, agencyOrgId: string, shares: ConsultantShare[], now: string): Promise<void> {
  await tx.deleteFrom('consultant_shares').where('agency_org_id', '=', agencyOrgId).execute();
  if (shares.length > 0) {
    await tx.insertInto('consultant_shares').values(shares.map((s) => ({ agency_org_id: agencyOrgId, consultant_id: s.consultantId, percent: s.percent, updated_at: now }))).execute();
  }
}

// ------------------------------------------------------------------------------------------ whole ledger

export async function allAccounts(db: Q): Promise<Array<{ id: string; currency: string }>> {
  return db.selectFrom('ledger_accounts').select(['id', 'currency']).execute();
}

export async function allMoneyPlacements(db: Q): Promise<MoneyPlacement[]> {
  return (await db.selectFrom('ledger_placements').selectAll().execute()).map(toMoneyPlacement);
}

/** Every transfer, in pages by id (keyset), for checks that must see them all without holding them all. */
export async function* allTransfers(db: Q, pageSize: number): AsyncGenerator<TransferFacts[]> {
  let after = '';
  for (;;) {
    const rows = await db
      .selectFrom('ledger_transfers')
      .select(['id', 'event', 'leg', 'currency', 'debit_account_id', 'credit_account_id', 'amount', 'placement_id'])
      .where('id', '>', after)
      .orderBy('id')
      .limit(pageSize)
      .execute();
    if (rows.length === 0) return;
    yield rows.map((r) => ({ id: r.id, event: r.event, leg: r.leg, currency: r.currency, debit: r.debit_account_id, credit: r.credit_account_id, amount: toBigInt(r.amount), placementId: r.placement_id }));
    after = rows[rows.length - 1]!.id;
  }
}

/** Per placement (all, or those of `placementIds`), the sums of its transfers by reason. */
export async function sumsByPlacementAndReason(db: Q, placementIds?: readonly string[]): Promise<Map<string, Partial<Record<TransferReason, bigint>>>> {
  if (placementIds?.length === 0) return new Map();
  let q = db
    .selectFrom('ledger_transfers')
    .select(['placement_id', 'reason', (eb) => eb.fn.sum<string | number>('amount').as('s')])
    .where('placement_id', 'is not', null);
  if (placementIds) q = q.where('placement_id', 'in', placementIds);
  const rows = await q.groupBy(['placement_id', 'reason']).execute();
  const out = new Map<string, Partial<Record<TransferReason, bigint>>>();
  for (const r of rows) {
    const id = r.placement_id as string;
    const m = out.get(id) ?? {};
    m[r.reason as TransferReason] = toBigInt(r.s);
    out.set(id, m);
  }
  return out;
}

/** Each release event (its fee and deliverer legs together). */
export async function releaseEvents(db: Q): Promise<Array<{ event: string; placementId: string | null; total: bigint; fee: bigint }>> {
  const rows = await db
    .selectFrom('ledger_transfers')
    .select([
      'event',
      (eb) => eb.fn.max('placement_id').as('placement_id'),
      (eb) => eb.fn.sum<string | number>('amount').as('total'),
      (eb) => eb.fn.sum<string | number>(eb.case().when('reason', '=', 'release_fee').then(eb.ref('amount')).else(0).end()).as('fee'),
    ])
    .where('reason', 'in', ['release_fee', 'release_deliverer'])
    .groupBy('event')
    .execute();
  return rows.map((r) => ({ event: r.event, placementId: (r.placement_id) ?? null, total: toBigInt(r.total), fee: toBigInt(r.fee) }));
}

/** Per installment: its cached paid and voided amounts, its payments, and its payment transfers. */
export async function installmentTotals(db: Q): Promise<Array<{ id: string; placementId: string; amount: bigint; paid: bigint; voided: bigint; payments: bigint; posted: bigint }>> {
  const rows = await db
    .selectFrom('installments')
    .select((eb) => [
      'installments.id',
      'installments.placement_id',
      'installments.amount',
      'installments.paid',
      'installments.voided',
      eb
        .selectFrom('installment_payments')
        .select((e) => e.fn.sum<string | number | null>('amount').as('s'))
        .whereRef('installment_payments.installment_id', '=', 'installments.id')
        .where('installment_payments.reversed_on', 'is', null)
        .as('payments'),
      eb
        .selectFrom('ledger_transfers')
        .select((e) => e.fn.sum<string | number | null>('amount').as('s'))
        .whereRef('ledger_transfers.installment_id', '=', 'installments.id')
        .where('ledger_transfers.reason', '=', 'payment')
        .as('posted'),
      eb
        .selectFrom('ledger_transfers')
        .select((e) => e.fn.sum<string | number | null>('amount').as('s'))
        .whereRef('ledger_transfers.installment_id', '=', 'installments.id')
        .where('ledger_transfers.reason', '=', 'payment_reversal')
        .as('reversed'),
    ])
    .execute();
  return rows.map((r) => ({
    id: r.id,
    placementId: r.placement_id,
    amount: toBigInt(r.amount),
    paid: toBigInt(r.paid),
    voided: toBigInt(r.voided),
    payments: toBigInt(r.payments ?? 0),
    posted: toBigInt(r.posted ?? 0) - toBigInt(r.reversed ?? 0),
  }));
}

export type LabelSums = { consultantId: string | null; currency: Currency; released: bigint; clawedBack: bigint; paidOut: bigint };

/**
 * What an agency's deliverer accounts were credited and debited, per consultant the legs name (null: the agency's
 * own part) and currency: released, clawed back, paid out. With `consultantId`, that consultant's legs only.
 */
export async function delivererLabelSums(db: Q, agencyOrgId: string, consultantId: string | null = null): Promise<LabelSums[]> {
  const accounts = (await db.selectFrom('ledger_accounts').select('id').where('org_id', '=', agencyOrgId).where('purpose', '=', 'deliverer').execute()).map((r) => r.id);
  if (accounts.length === 0) return [];
  let q = db
    .selectFrom('ledger_transfers')
    .select(['consultant_id', 'currency', 'reason', (eb) => eb.fn.sum<string | number>('amount').as('s')])
    .where((eb) => eb.or([eb('credit_account_id', 'in', accounts), eb('debit_account_id', 'in', accounts)]))
    .where('reason', 'in', ['release_deliverer', 'clawback_deliverer', 'release_deliverer_reversal', 'payout']);
  if (consultantId !== null) q = q.where('consultant_id', '=', consultantId);
  const rows = await q.groupBy(['consultant_id', 'currency', 'reason']).execute();
  const out = new Map<string, LabelSums>();
  for (const r of rows) {
    const key = `${r.consultant_id ?? ''}|${r.currency}`;
    const e = out.get(key) ?? { consultantId: r.consultant_id, currency: r.currency as Currency, released: 0n, clawedBack: 0n, paidOut: 0n };
    const v = toBigInt(r.s);
    if (r.reason === 'release_deliverer') e.released += v;
    else if (r.reason === 'clawback_deliverer' || r.reason === 'release_deliverer_reversal') e.clawedBack += v;
    else e.paidOut += v;
    out.set(key, e);
  }
  return [...out.values()];
}

/** An account's balance (credits − debits) per consultant its legs name (null: unnamed, the agency's own part). */
export async function labelBalances(db: Q, accountId: string): Promise<Map<string | null, bigint>> {
  const side = (column: 'credit_account_id' | 'debit_account_id') =>
    db.selectFrom('ledger_transfers').select(['consultant_id', (eb) => eb.fn.sum<string | number>('amount').as('s')]).where(column, '=', accountId).groupBy('consultant_id').execute();
  const out = new Map<string | null, bigint>();
  for (const r of await side('credit_account_id')) out.set(r.consultant_id, (out.get(r.consultant_id) ?? 0n) + toBigInt(r.s));
  for (const r of await side('debit_account_id')) out.set(r.consultant_id, (out.get(r.consultant_id) ?? 0n) - toBigInt(r.s));
  return out;
}

/** Per consultant (null: the agency), what a placement released to them net of what was clawed back. */
export async function releasedByConsultant(db: Q, placementId: string): Promise<Array<{ consultantId: string | null; net: bigint }>> {
  const rows = await db
    .selectFrom('ledger_transfers')
    .select(['consultant_id', 'reason', (eb) => eb.fn.sum<string | number>('amount').as('s')])
    .where('placement_id', '=', placementId)
    .where('reason', 'in', ['release_deliverer', 'clawback_deliverer', 'release_deliverer_reversal'])
    .groupBy(['consultant_id', 'reason'])
    .execute();
  const out = new Map<string | null, bigint>();
  for (const r of rows) out.set(r.consultant_id, (out.get(r.consultant_id) ?? 0n) + (r.reason === 'release_deliverer' ? 1n : -1n) * toBigInt(r.s));
  return [...out.entries()].map(([consultantId, net]) => ({ consultantId, net }));
}

// ------------------------------------------------------------------------------- many placements at once

/** The money rows of `placementIds` (one query, for a page of placements). */
export async function moneyPlacementsIn(db: Q, placementIds: readonly string[]): Promise<MoneyPlacement[]> {
  if (placementIds.length === 0) return [];
  return (await db.selectFrom('ledger_placements').selectAll().where('placement_id', 'in', placementIds).execute()).map(toMoneyPlacement);
}

/** The money rows of an agency's placements (of one of its consultants, with `consultantId`). */
export async function moneyPlacementsOfAgency(db: Q, agencyOrgId: string, consultantId: string | null): Promise<MoneyPlacement[]> {
  let q = db.selectFrom('ledger_placements').selectAll().where('agency_org_id', '=', agencyOrgId);
  if (consultantId !== null) q = q.where('consultant_id', '=', consultantId);
  return (await q.execute()).map(toMoneyPlacement);
}

export async function installmentsIn(db: Q, placementIds: readonly string[]): Promise<Installment[]> {
  if (placementIds.length === 0) return [];
  const rows = await db.selectFrom('installments').selectAll().where('placement_id', 'in', placementIds).orderBy('placement_id').orderBy('sequence').execute();
  return rows.map(toInstallment);
}

export async function paymentsIn(db: Q, placementIds: readonly string[]): Promise<Payment[]> {
  if (placementIds.length === 0) return [];
  const rows = await db.selectFrom('installment_payments').selectAll().where('placement_id', 'in', placementIds).where('reversed_on', 'is', null).orderBy('paid_on').orderBy('created_at').orderBy('id').execute();
  return rows.map(toPayment);
}

/** Balances (credits − debits) of `accountIds`, two grouped queries; an account with no transfer is absent. */
export async function balancesOf(db: Q, accountIds: readonly string[]): Promise<Map<string, bigint>> {
  const out = new Map<string, bigint>();
  if (accountIds.length === 0) return out;
  const credits = await db.selectFrom('ledger_transfers').select(['credit_account_id as a', (eb) => eb.fn.sum<string | number>('amount').as('s')]).where('credit_account_id', 'in', accountIds).groupBy('credit_account_id').execute();
  const debits = await db.selectFrom('ledger_transfers').select(['debit_account_id as a', (eb) => eb.fn.sum<string | number>('amount').as('s')]).where('debit_account_id', 'in', accountIds).groupBy('debit_account_id').execute();
  for (const r of credits) out.set(r.a, (out.get(r.a) ?? 0n) + toBigInt(r.s));
  for (const r of debits) out.set(r.a, (out.get(r.a) ?? 0n) - toBigInt(r.s));
  return out;
}

/** The escrow balance of each of an agency's placements that holds something (of one consultant's, with `consultantId`). */
export async function escrowOfAgency(db: Q, agencyOrgId: string, consultantId: string | null): Promise<Map<string, bigint>> {
  const side = (column: 'credit_account_id' | 'debit_account_id') => {
    let q = db
      .selectFrom('ledger_transfers')
      .innerJoin('ledger_accounts', 'ledger_accounts.id', `ledger_transfers.${column}`)
      .innerJoin('ledger_placements', 'ledger_placements.placement_id', 'ledger_accounts.placement_id')
      .select(['ledger_placements.placement_id as p', (eb) => eb.fn.sum<string | number>('ledger_transfers.amount').as('s')])
      .where('ledger_accounts.purpose', '=', 'escrow')
      .where('ledger_placements.agency_org_id', '=', agencyOrgId);
    if (consultantId !== null) q = q.where('ledger_placements.consultant_id', '=', consultantId);
    return q.groupBy('ledger_placements.placement_id').execute();
  };
  const out = new Map<string, bigint>();
  for (const r of await side('credit_account_id')) out.set(r.p, (out.get(r.p) ?? 0n) + toBigInt(r.s));
  for (const r of await side('debit_account_id')) out.set(r.p, (out.get(r.p) ?? 0n) - toBigInt(r.s));
  for (const [k, v] of out) if (v === 0n) out.delete(k);
  return out;
}

/** Per currency and reason, the sums of the transfers of an agency's placements (of one consultant's, with `consultantId`). */
export async function agencyReasonSums(db: Q, agencyOrgId: string, consultantId: string | null): Promise<Array<{ currency: Currency; reason: TransferReason; sum: bigint }>> {
  let q = db
    .selectFrom('ledger_transfers')
    .innerJoin('ledger_placements', 'ledger_placements.placement_id', 'ledger_transfers.placement_id')
    .select(['ledger_transfers.currency', 'ledger_transfers.reason', (eb) => eb.fn.sum<string | number>('ledger_transfers.amount').as('s')])
    .where('ledger_placements.agency_org_id', '=', agencyOrgId);
  if (consultantId !== null) q = q.where('ledger_placements.consultant_id', '=', consultantId);
  const rows = await q.groupBy(['ledger_transfers.currency', 'ledger_transfers.reason']).execute();
  return rows.map((r) => ({ currency: r.currency as Currency, reason: r.reason as TransferReason, sum: toBigInt(r.s) }));
}

/** Per placement, the shortfall its refund settlements left the deliverer owing. */
export async function shortfallsIn(db: Q, placementIds: readonly string[]): Promise<Map<string, bigint>> {
  if (placementIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('refund_settlements')
    .select(['placement_id', (eb) => eb.fn.sum<string | number>('deliverer_shortfall').as('s')])
    .where('placement_id', 'in', placementIds)
    .groupBy('placement_id')
    .execute();
  return new Map(rows.map((r) => [r.placement_id, toBigInt(r.s)]));
}

/** Per business date and currency: the escrow of `placementIds` at the end of the day and what was released that day. */
export async function escrowTimeline(db: Q, agencyOrgId: string, consultantId: string | null): Promise<Array<{ date: CalendarDate; currency: Currency; inEscrow: bigint; released: bigint }>> {
  let q = db
    .selectFrom('ledger_transfers')
    .innerJoin('ledger_placements', 'ledger_placements.placement_id', 'ledger_transfers.placement_id')
    .select(['ledger_transfers.business_date', 'ledger_transfers.currency', 'ledger_transfers.reason', (eb) => eb.fn.sum<string | number>('ledger_transfers.amount').as('s')])
    .where('ledger_placements.agency_org_id', '=', agencyOrgId);
  if (consultantId !== null) q = q.where('ledger_placements.consultant_id', '=', consultantId);
  const rows = await q.groupBy(['ledger_transfers.business_date', 'ledger_transfers.currency', 'ledger_transfers.reason']).orderBy('ledger_transfers.business_date').execute();
  const byDay = new Map<string, { date: CalendarDate; currency: Currency; into: bigint; out: bigint; released: bigint }>();
  for (const r of rows) {
    const key = `${r.business_date}|${r.currency}`;
    const e = byDay.get(key) ?? { date: r.business_date as CalendarDate, currency: r.currency as Currency, into: 0n, out: 0n, released: 0n };
    const v = toBigInt(r.s);
    if (r.reason === 'payment' || r.reason === 'release_fee_reversal' || r.reason === 'release_deliverer_reversal') e.into += v;
    if (r.reason === 'release_fee' || r.reason === 'release_deliverer' || r.reason === 'refund_escrow' || r.reason === 'payment_reversal') e.out += v;
    if (r.reason === 'release_fee' || r.reason === 'release_deliverer') e.released += v;
    if (r.reason === 'release_fee_reversal' || r.reason === 'release_deliverer_reversal') e.released -= v;
    byDay.set(key, e);
  }
  const running = new Map<string, bigint>();
  return [...byDay.values()]
    .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0))
    .map((e) => {
      const level = (running.get(e.currency) ?? 0n) + e.into - e.out;
      running.set(e.currency, level);
      return { date: e.date, currency: e.currency, inEscrow: level, released: e.released };
    });
}
