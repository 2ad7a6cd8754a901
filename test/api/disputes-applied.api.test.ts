import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkLedger } from '../../src/ledger/service.ts';
import { DATABASE_KINDS } from '../support/databases.ts';
import { activePlacement, addDaysTo, advanceTo, businessToday, userOf, type ActivePlacement } from '../support/lifecycle-fixture.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

type Dispute = {
  id: string;
  type: string;
  state: string;
  subjectId: string;
  installmentId: string | null;
  raisedBy: { side: string };
  respondent: { side: string };
  deadlines: { contestedOn: string; windowClosesOn: string };
  decision: { outcome: string; amount: string | null; effects: Record<string, unknown> } | null;
};
type Installment = { id: string; sequence: number; trigger: string; amount: string; paid: string; dueDate: string; status: string };
type Claim = { id: string; state: string; decision: { refund: { amount: string; cashRefund: string; stillDue: string } | null } };
type Money = Record<string, string>;

const HR = 'hr@huaxin.demo';
const C1 = 'c1@talentbridge.demo';
const OPS = 'ops@tenure.demo';
const ARB = 'arbitrator@tenure.demo';

/**
 * Decisions applied to money (DESIGN §4.8, §4.6) on Standard placements: fee 60,000.00 CNY in two installments of
 * 30,000.00 (the first issued on the start day, the second when the guarantee passes), held in escrow until the
 * guarantee passes, the platform keeping 10 % of a release. `refunded` is a refund reversed, then a payment
 * reversed, then a service credit clawed back; `found` is a payment found, then a credit from escrow.
 */
describe.each(DATABASE_KINDS)('disputes applied to money on %s', (database) => {
  let server: TestServer;
  const p: Record<string, ActivePlacement> = {};
  const d: Record<string, Dispute> = {};
  let claim: Claim;
  const day = (n: number) => addDaysTo(p.refunded!.startDate, n - 1);
  const as = (email: string) => userOf(server, email);
  const money = async (key: string) => (await (await as(HR)).get<Money>(`/api/v1/placements/${p[key]!.placementId}/money`)).body;
  const installments = async (key: string) => (await (await as(HR)).get<{ items: Installment[] }>(`/api/v1/placements/${p[key]!.placementId}/installments`)).body.items;
  const ledgerClean = async () => expect((await checkLedger(server.deps.db)).violations).toEqual([]);
  const raise = async (email: string, body: Record<string, unknown>) => (await as(email)).post<Dispute>('/api/v1/disputes', body);
  /** The other side answers, ops assign the arbitrator: the dispute awaits its decision. */
  async function toDecision(id: string, respondent: string): Promise<void> {
    expect((await (await as(respondent)).post(`/api/v1/disputes/${id}/responses`, { statement: '我方不同意' })).status).toBe(200);
    expect((await (await as(OPS)).post(`/api/v1/disputes/${id}/assign`, { arbitratorUserId: server.ids.users[ARB]! })).status).toBe(200);
  }
  const decide = async (id: string, body: Record<string, unknown>) => (await as(ARB)).post<Dispute>(`/api/v1/disputes/${id}/decision`, { reasons: '依据双方证据', ...body });

  beforeAll(async () => {
    server = await startTestServer({ database });
    for (const key of ['refunded', 'found']) p[key] = await activePlacement(server, { poster: 'admin@huaxin.demo', consultant: C1, plan: 'standard', annualSalary: '300000.00' });
    await advanceTo(server, day(1));
    const first = (await installments('refunded'))[0]!;
    expect((await (await as(OPS)).post(`/api/v1/installments/${first.id}/payments`, { amount: '30000.00', reference: 'BANK-1' })).status).toBe(201);
    await advanceTo(server, day(40));
    // Left on day 40, reported the same day: 39 days served, refund 60,000.00 × 51 / 90 = 33,333.33 (half up);
    // 30,000.00 paid, final fee 26,666.67: 3,333.33 back from escrow, the other 26,666.67 released.
    const res = await (await as(HR)).post<Claim>(`/api/v1/placements/${p.refunded!.placementId}/claims`, { reason: 'voluntary_resignation', lastWorkingDay: day(40), remedy: 'refund' });
    expect(res.body).toMatchObject({ state: 'refunded', decision: { refund: { amount: '33333.33', cashRefund: '3333.33', stillDue: '0.00' } } });
    claim = res.body;
  }, 180_000);
  afterAll(() => server.close());

  it('a refund granted is disputed by the deliverer, not the poster; overturned, the claim is rejected and the poster owes the refund again', async () => {
    expect((await raise(HR, { type: 'claim_decision', subjectId: claim.id, statement: 'x' })).status).toBe(403);
    expect((await raise('hr@bluepeak.demo', { type: 'claim_decision', subjectId: claim.id, statement: 'x' })).status).toBe(404);
    const raised = await raise(C1, { type: 'claim_decision', subjectId: claim.id, statement: '候选人离职系雇主违约所致，不应退款' });
    expect(raised.status).toBe(201);
    expect(raised.body).toMatchObject({ type: 'claim_decision', raisedBy: { side: 'deliverer' }, respondent: { side: 'poster' } });
    d.reversal = raised.body;
    await toDecision(d.reversal.id, HR);
    expect(await money('refunded')).toMatchObject({ finalFee: '26666.67', received: '30000.00', inEscrow: '0.00', refunded: '3333.33', releasedToDeliverer: '24000.00', platformFees: '2666.67' });
    const res = await decide(d.reversal.id, { outcome: 'overturn' });
    expect(res.status).toBe(200);
    const today = await businessToday(server);
    expect(res.body.decision).toMatchObject({ outcome: 'overturn', effects: { claimState: 'rejected', refundFromMinor: '3333333', refundToMinor: '0', newInstallmentMinor: '3333333' } });
    expect((await (await as(HR)).get<Claim>(`/api/v1/claims/${claim.id}`)).body.state).toBe('rejected');
    expect((await (await as(HR)).get<{ status: string }>(`/api/v1/placements/${p.refunded!.placementId}`)).body.status).toBe('closed');
    // The cash refund stays where it went; the whole refund is owed again as installment 3, due 15 days on.
    const items = await installments('refunded');
    expect(items.map((i) => [i.sequence, i.trigger, i.amount, i.paid, i.status])).toEqual([
      [1, 'start', '30000.00', '30000.00', 'paid'],
      [2, 'guarantee_passed', '30000.00', '0.00', 'void'],
      [3, 'refund_settlement', '33333.33', '0.00', 'open'],
    ]);
    expect(items[2]!.dueDate).toBe(addDaysTo(today, 15));
    expect(await money('refunded')).toMatchObject({ finalFee: '60000.00', received: '30000.00', refunded: '3333.33', inEscrow: '0.00' });
    await ledgerClean();
    // Paid: released at once (the guarantee is over), 10 % to the platform. The poster has paid 60,000.00 net.
    expect((await (await as(OPS)).post(`/api/v1/installments/${items[2]!.id}/payments`, { amount: '33333.33', reference: 'BANK-3' })).status).toBe(201);
    expect(await money('refunded')).toMatchObject({ received: '63333.33', refunded: '3333.33', inEscrow: '0.00', releasedToDeliverer: '54000.00', platformFees: '6000.00' });
    await ledgerClean();
    // The arbitrator's decision on the claim is final: the poster cannot dispute the rejection it led to.
    expect((await raise(HR, { type: 'claim_decision', subjectId: claim.id, statement: 'x' })).body).toMatchObject({ error: { code: 'conflict', details: { disputeId: d.reversal.id } } });
  });

  it('a payment recorded wrongly, overturned: the release comes back into escrow and escrow gives it all back; the installment is open again', async () => {
    const third = (await installments('refunded'))[2]!;
    const raised = await raise(HR, { type: 'payment', subjectId: third.id, statement: '银行已退回该笔转账' });
    expect(raised.status).toBe(201);
    expect(raised.body).toMatchObject({ type: 'payment', installmentId: third.id, raisedBy: { side: 'poster' } });
    d.reverse = raised.body;
    await toDecision(d.reverse.id, C1);
    const arb = await as(ARB);
    // The dispute shows the arbitrator the payments recorded on its installment.
    const seen = (await arb.get<Dispute & { payments: { id: string; amount: string; reversedOn: string | null }[] }>(`/api/v1/disputes/${d.reverse.id}`)).body.payments;
    expect(seen).toEqual([{ id: expect.any(String), amount: '33333.33', paidOn: await businessToday(server), reversedOn: null }]);
    const id = seen[0]!.id;
    // Overturning needs the payment; one of another installment is refused, nothing moves.
    expect((await decide(d.reverse.id, { outcome: 'overturn' })).body).toMatchObject({ error: { code: 'invalid_input', details: { field: 'paymentId' } } });
    expect((await decide(d.reverse.id, { outcome: 'overturn', paymentId: third.id })).body).toMatchObject({ error: { code: 'invalid_input', details: { field: 'paymentId' } } });
    const res = await decide(d.reverse.id, { outcome: 'overturn', paymentId: id });
    expect(res.status).toBe(200);
    expect(res.body.decision).toMatchObject({ effects: { reversedPaymentId: id, reversedMinor: '3333333' } });
    // Escrow was empty: the platform gives back 10 % of 33,333.33 = 3,333.33, the deliverer 30,000.00; then escrow
    // returns the 33,333.33 to the poster's account. Received is net of the reversal, refunded unchanged.
    expect(await money('refunded')).toMatchObject({ received: '30000.00', refunded: '3333.33', inEscrow: '0.00', releasedToDeliverer: '24000.00', platformFees: '2666.67', clawedBack: '0.00' });
    expect((await installments('refunded'))[2]).toMatchObject({ paid: '0.00', status: 'open' });
    await ledgerClean();
    expect((await arb.post(`/api/v1/disputes/${d.reverse.id}/decision`, { outcome: 'overturn', paymentId: id, reasons: 'again' })).status).toBe(409);
    expect(await money('refunded')).toMatchObject({ received: '30000.00' });
  });

  it('a service credit of X goes from the deliverer to the poster: clawed back when escrow is empty, never above what was kept paid', async () => {
    expect((await raise(C1, { type: 'service_quality', subjectId: p.refunded!.placementId, statement: 'x' })).status).toBe(403);
    const raised = await raise(HR, { type: 'service_quality', subjectId: p.refunded!.placementId, statement: '顾问未按约完成入职辅导' });
    expect(raised.status).toBe(201);
    // While the guarantee runs the window is open from today; after it, 30 days from its end.
    expect(raised.body.deadlines.contestedOn).toBe(await businessToday(server));
    d.credit = raised.body;
    await toDecision(d.credit.id, C1);
    // 30,000.00 received, 3,333.33 already back: at most 26,666.67.
    expect((await decide(d.credit.id, { outcome: 'adjust', amount: '26666.68' })).body).toMatchObject({ error: { code: 'invalid_input', details: { field: 'amount' } } });
    expect((await decide(d.credit.id, { outcome: 'overturn' })).body).toMatchObject({ error: { details: { field: 'outcome' } } });
    const res = await decide(d.credit.id, { outcome: 'adjust', amount: '10000.00' });
    expect(res.status).toBe(200);
    expect(res.body.decision).toMatchObject({ outcome: 'adjust', amount: '10000.00', effects: { creditMinor: '1000000', fromEscrowMinor: '0', clawedBackMinor: '1000000', delivererShortfallMinor: '0' } });
    // Clawed back: the platform 10 % = 1,000.00, the deliverer 9,000.00.
    expect(await money('refunded')).toMatchObject({ received: '30000.00', refunded: '13333.33', clawedBack: '10000.00', releasedToDeliverer: '15000.00', platformFees: '1666.67', inEscrow: '0.00' });
    await ledgerClean();
  });

  it('a payment the arbitrator finds was made is recorded on its date, never above what is open; then a credit comes from escrow first', async () => {
    const first = (await installments('found'))[0]!;
    expect(first).toMatchObject({ status: 'open', paid: '0.00' });
    const raised = await raise(HR, { type: 'payment', subjectId: first.id, statement: '我方已于入职当日付款' });
    expect(raised.status).toBe(201);
    d.found = raised.body;
    await toDecision(d.found.id, C1);
    // More than is open: 409 overpayment, and nothing is written (the dispute still awaits its decision).
    const over = await decide(d.found.id, { outcome: 'adjust', amount: '30000.01', paidOn: day(1) });
    expect(over.status).toBe(409);
    expect(over.body).toMatchObject({ error: { code: 'overpayment' } });
    expect((await decide(d.found.id, { outcome: 'adjust', amount: '30000.00', paidOn: addDaysTo(await businessToday(server), 1) })).body).toMatchObject({ error: { details: { field: 'paidOn' } } });
    expect((await decide(d.found.id, { outcome: 'adjust', amount: '30000.00' })).body).toMatchObject({ error: { details: { field: 'paidOn' } } });
    expect((await (await as(HR)).get<Dispute>(`/api/v1/disputes/${d.found.id}`)).body.state).toBe('awaiting_decision');
    const res = await decide(d.found.id, { outcome: 'adjust', amount: '30000.00', paidOn: day(1) });
    expect(res.status).toBe(200);
    expect(res.body.decision).toMatchObject({ effects: { paymentMinor: '3000000', paidOn: day(1) } });
    expect((await installments('found'))[0]).toMatchObject({ paid: '30000.00', status: 'paid' });
    expect(await money('found')).toMatchObject({ received: '30000.00', inEscrow: '30000.00', releasedToDeliverer: '0.00' });
    await ledgerClean();

    const credit = await raise(HR, { type: 'service_quality', subjectId: p.found!.placementId, statement: '服务不到位' });
    expect(credit.status).toBe(201);
    await toDecision(credit.body.id, C1);
    expect((await decide(credit.body.id, { outcome: 'adjust', amount: '5000.00' })).status).toBe(200);
    expect(await money('found')).toMatchObject({ received: '30000.00', inEscrow: '25000.00', refunded: '5000.00', clawedBack: '0.00' });
    await ledgerClean();
    // That payment cannot be reversed now: 5,000.00 of it went back as the credit (refunded would exceed received).
    const reverse = await raise(C1, { type: 'payment', subjectId: first.id, statement: '该笔付款并未到账' });
    expect(reverse.status).toBe(201);
    await toDecision(reverse.body.id, HR);
    const paymentId = (await (await as(ARB)).get<{ payments: { id: string }[] }>(`/api/v1/disputes/${reverse.body.id}`)).body.payments[0]!.id;
    const refused = await decide(reverse.body.id, { outcome: 'overturn', paymentId });
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ error: { code: 'conflict', details: { kept: '25000.00' } } });
    expect(await money('found')).toMatchObject({ received: '30000.00', inEscrow: '25000.00', refunded: '5000.00' });
    await ledgerClean();
  });

  it('a third party sees none of these disputes; the arbitrator sees those assigned to it', async () => {
    for (const email of ['hr@bluepeak.demo', 'admin@apexsearch.demo', 'c1@apexsearch.demo', 'c2@talentbridge.demo']) {
      const u = await as(email);
      for (const x of Object.values(d)) expect((await u.get(`/api/v1/disputes/${x.id}`)).status, email).toBe(404);
      const list = (await u.get<{ items: Dispute[] }>('/api/v1/disputes')).body.items.map((x) => x.id);
      expect(list.filter((id) => Object.values(d).some((x) => x.id === id)), email).toEqual([]);
    }
    const mine = (await (await as(ARB)).get<{ items: Dispute[] }>('/api/v1/disputes')).body.items.map((x) => x.id);
    for (const x of Object.values(d)) expect(mine).toContain(x.id);
  });
});
