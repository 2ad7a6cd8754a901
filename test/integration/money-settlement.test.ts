import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decideClaim } from '../../src/aftercare/claim-evaluation.rules.ts';
import { demoActor } from '../../src/demo/seed.ts';
import * as ledger from '../../src/ledger/service.ts';
import { moneyView } from '../../src/ledger/routes.ts';
import { addDays, type CalendarDate } from '../../src/platform/calendar-date.ts';
import { calendarDateOf } from '../../src/platform/clock.ts';
import { inTransaction } from '../../src/platform/db/database.ts';
import type { Ctx } from '../../src/platform/deps.ts';
import type { Terms } from '../../src/plans/terms.schema.ts';
import { DATABASE_KINDS } from '../support/databases.ts';
import { activePlacement, customPlanVersion } from '../support/money-fixture.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

/**
 * The worked cases of refund settlement (DESIGN §4.6), each a placement with fee 60000.00 CNY, platform fee 10%,
 * a linear refund over a 90-day guarantee, and a departure on day 47 (refund 60000 × 43/90 = 28666.67, final fee
 * 31333.33), decided by the terms engine from the real installments and settled by the ledger.
 */
type Case = {
  name: string;
  release: 'on_payment' | 'after_guarantee';
  installments: Terms['installments'];
  /** Paid on the first installment before the departure. */
  paid: string;
  /** Paid out to the deliverer before the departure. */
  payoutBefore?: string;
  decision: { cashRefund: string; stillDue: string };
  money: Record<string, string>;
  after?: 'pay_final' | 'offset_payout';
};

const FULL = [{ trigger: 'start' as const, percent: 100, dueDays: 15 }];
const HALVES = [
  { trigger: 'start' as const, percent: 50, dueDays: 15 },
  { trigger: 'guarantee_passed' as const, percent: 50, dueDays: 15 },
];

const CASES: Case[] = [
  {
    name: 'a refund fully covered by escrow (after_guarantee): the rest of escrow is released, fee half up',
    release: 'after_guarantee', installments: FULL, paid: '60000.00',
    decision: { cashRefund: '28666.67', stillDue: '0.00' },
    money: { finalFee: '31333.33', invoiced: '60000.00', received: '60000.00', inEscrow: '0.00', releasedToDeliverer: '28200.00', platformFees: '3133.33', refunded: '28666.67', clawedBack: '0.00', delivererOwes: '0.00' },
  },
  {
    name: 'a refund needing clawback from an on_payment deliverer, with the platform fee reversed half up',
    release: 'on_payment', installments: FULL, paid: '60000.00',
    decision: { cashRefund: '28666.67', stillDue: '0.00' },
    // Escrow is empty: 28666.67 clawed back, the platform 2866.67 (half up of 2866.667), the deliverer 25800.00.
    money: { finalFee: '31333.33', invoiced: '60000.00', received: '60000.00', inEscrow: '0.00', releasedToDeliverer: '28200.00', platformFees: '3133.33', refunded: '28666.67', clawedBack: '28666.67', delivererOwes: '0.00' },
  },
  {
    name: 'a deliverer short of balance owes the rest, offset against its next payout',
    release: 'on_payment', installments: FULL, paid: '60000.00', payoutBefore: '50000.00',
    decision: { cashRefund: '28666.67', stillDue: '0.00' },
    // Balance 54000.00 − 50000.00 paid out = 4000.00; clawback 25800.00 → owes 21800.00.
    money: { finalFee: '31333.33', invoiced: '60000.00', received: '60000.00', inEscrow: '0.00', releasedToDeliverer: '28200.00', platformFees: '3133.33', refunded: '28666.67', clawedBack: '28666.67', delivererOwes: '21800.00' },
    after: 'offset_payout',
  },
  {
    name: 'a final installment after a refund with stillDue, released on receipt',
    release: 'after_guarantee', installments: HALVES, paid: '30000.00',
    decision: { cashRefund: '0.00', stillDue: '1333.33' },
    money: { finalFee: '31333.33', invoiced: '31333.33', received: '30000.00', inEscrow: '0.00', releasedToDeliverer: '27000.00', platformFees: '3000.00', refunded: '0.00', clawedBack: '0.00', delivererOwes: '0.00' },
    after: 'pay_final',
  },
];

describe.each(DATABASE_KINDS)('refund settlement, the worked cases, on %s', (database) => {
  let server: TestServer;
  let ops: Ctx;
  let n = 0;
  // Each case gets an agency of its own balance: TalentBridge and Apex take turns, and balances are checked per case.
  const agencies = ['c1@talentbridge.demo', 'c1@apexsearch.demo'];

  beforeAll(async () => {
    server = await startTestServer({ database });
    ops = { deps: server.deps, actor: demoActor(server.ids, 'ops@tenure.demo') };
  }, 180_000);
  afterAll(async () => server?.close());

  it.each(CASES)('$name', async (c) => {
    const today = calendarDateOf(server.deps.clock.now(), 'Asia/Shanghai');
    const start = addDays(today, -46); // today is day 47
    const poster = n % 2 === 0 ? 'admin@huaxin.demo' : 'admin@bluepeak.demo';
    const consultant = agencies[n++ % 2]!;
    const version = await customPlanVersion(server, poster, {
      currency: 'CNY', platformFeePercent: 10, release: c.release, installments: c.installments,
      guarantee: { days: 90, covered: ['voluntary_resignation'], noticeDays: 7, requireTimelyPayment: false, paymentGraceDays: 5 },
      remedies: { replacement: null, refund: { schedule: 'linear' } },
    });
    const placementId = await activePlacement(server, { poster, consultant, planVersionId: version, startDate: start, order: { reward: { type: 'fixed', amount: '60000.00' } } });
    const agencyOrgId = demoActor(server.ids, consultant).orgId;
    // Start from a clean deliverer balance: pay out whatever earlier cases left.
    const existing = await inTransaction(server.deps.db, async (tx) => (await import('../../src/ledger/store.ts')).balanceOf(tx, `deliverer:${agencyOrgId}:CNY`));
    if (existing > 0n) await ledger.recordPayout(ops, agencyOrgId, { currency: 'CNY', amount: ledger.formatFor(existing, 'CNY'), reference: 'clean' });

    const [first] = await ledger.installmentsView(server.deps, placementId);
    await ledger.recordPayment(ops, first!.id, { amount: c.paid, paidOn: addDays(start, 10), reference: 'BANK' });
    if (c.payoutBefore) await ledger.recordPayout(ops, agencyOrgId, { currency: 'CNY', amount: c.payoutBefore, reference: 'OUT' });

    const claimId = crypto.randomUUID();
    const placement = await ledger.placementMoney(server.deps, placementId);
    await inTransaction(server.deps.db, async (tx) => {
      const facts = await ledger.installmentFactsForClaim(tx, placementId);
      const terms = { currency: 'CNY' as const, guarantee: { days: 90, covered: ['voluntary_resignation' as const], noticeDays: 7, requireTimelyPayment: false, paymentGraceDays: 5 }, remedies: { replacement: null, refund: { schedule: 'linear' as const } } };
      const decision = decideClaim(terms, { startDate: start, fee: placement!.fee, replacementsUsed: 0, installments: facts }, { reason: 'voluntary_resignation', lastWorkingDay: today, reportedOn: today, remedy: 'refund' });
      expect({ cashRefund: ledger.formatFor(decision.refund!.cashRefund, 'CNY'), stillDue: ledger.formatFor(decision.refund!.stillDue, 'CNY') }).toEqual(c.decision);
      await ledger.settleRefund(tx, ops, { placementId, claimId, decision, decidedOn: today });
      // Posted twice, settled once.
      await ledger.settleRefund(tx, ops, { placementId, claimId, decision, decidedOn: today });
    });
    const summary = async () => moneyView(await ledger.moneySummaryOf(server.deps.db, (await ledger.placementMoney(server.deps, placementId))!));
    expect(await summary()).toEqual({ currency: 'CNY', fee: '60000.00', ...c.money });
    const installments = await ledger.installmentsView(server.deps, placementId);
    if (c.after === 'pay_final') {
      expect(installments.map((i) => [i.trigger, i.status, ledger.formatFor(i.amount, 'CNY'), ledger.formatFor(i.paid, 'CNY'), i.dueDate])).toEqual([
        ['start', 'paid', '30000.00', '30000.00', addDays(start, 15)],
        ['guarantee_passed', 'void', '30000.00', '0.00', addDays(start, 90 + 15)],
        ['refund_settlement', 'open', '1333.33', '0.00', addDays(today, 15)],
      ]);
      await ledger.recordPayment(ops, installments[2]!.id, { amount: '1333.33', reference: 'FINAL' });
      expect(await summary()).toMatchObject({ received: '31333.33', inEscrow: '0.00', releasedToDeliverer: '28200.00', platformFees: '3133.33' });
    }
    if (c.after === 'offset_payout') {
      // Nothing can be paid out while it owes; a new release first fills the hole, and only the rest is payable.
      await expect(ledger.recordPayout(ops, agencyOrgId, { currency: 'CNY', amount: '0.01', reference: 'X' })).rejects.toMatchObject({ code: 'insufficient_balance' });
      const version2 = await customPlanVersion(server, poster, { currency: 'CNY', platformFeePercent: 10, release: 'on_payment', installments: FULL });
      const next = await activePlacement(server, { poster, consultant, planVersionId: version2, startDate: today, order: { reward: { type: 'fixed', amount: '60000.00' } } });
      const [inst] = await ledger.installmentsView(server.deps, next);
      await ledger.recordPayment(ops, inst!.id, { amount: '60000.00', reference: 'BANK-2' });
      // Released 54000.00 − owed 21800.00 = 32200.00 payable.
      await expect(ledger.recordPayout(ops, agencyOrgId, { currency: 'CNY', amount: '32200.01', reference: 'X' })).rejects.toMatchObject({ code: 'insufficient_balance' });
      expect((await ledger.recordPayout(ops, agencyOrgId, { currency: 'CNY', amount: '32200.00', reference: 'OUT-2' })).balance).toBe(0n);
      expect((await summary()).delivererOwes).toBe('0.00');
    }
    expect((await ledger.checkLedger(server.deps.db)).violations).toEqual([]);
  }, 180_000);

  it('the posting function refuses the same business event twice in the database itself', async () => {
    const legs = [{ leg: 'in', debit: 'outside:CNY', credit: 'platform:CNY', amount: 1n, reason: 'payment' as const }];
    const posting = { event: `test:${crypto.randomUUID()}`, currency: 'CNY' as const, businessDate: '2026-01-01' as CalendarDate, placementId: null, legs };
    await inTransaction(server.deps.db, (tx) => ledger.post(tx, new Date(), posting));
    await expect(inTransaction(server.deps.db, (tx) => ledger.post(tx, new Date(), posting))).rejects.toThrow();
    const rows = await server.deps.db.selectFrom('ledger_transfers').select('id').where('event', '=', posting.event).execute();
    expect(rows).toHaveLength(1);
  });
});
