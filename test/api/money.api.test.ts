import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signCallback } from '../../src/platform/http/signed-callback.ts';
import { demoActor } from '../../src/demo/seed.ts';
import { checkLedger, statementLines } from '../../src/ledger/service.ts';
import type { CalendarDate } from '../../src/platform/calendar-date.ts';
import { formatAmount } from '../../src/platform/money.ts';
import { ApiUser } from '../support/api-client.ts';
import { DATABASE_KINDS } from '../support/databases.ts';
import { hireThroughApi } from '../support/placement-fixture.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

type Installment = { id: string; sequence: number; trigger: string; triggerDate: string; dueDate: string; amount: string; paid: string; status: string; overdue: boolean };
type Money = Record<string, string>;
const SECRET = 'test-payment-secret';

/** Today in Shanghai (the demo orgs' zone) on the manual clock. */
const todayOf = (server: TestServer) => new Date(server.deps.clock.now().getTime() + 8 * 3_600_000).toISOString().slice(0, 10);

describe.each(DATABASE_KINDS)('money API on %s', (database) => {
  let server: TestServer;
  let ops: ApiUser;
  let employer: ApiUser;
  let agency: ApiUser;
  let consultant: ApiUser;
  let placementId: string;

  const advance = (days: number) => ops.post('/api/v1/clock/advance', { days });
  const installments = async () => (await employer.get<{ items: Installment[] }>(`/api/v1/placements/${placementId}/installments`)).body.items;
  const money = async () => (await employer.get<Money>(`/api/v1/placements/${placementId}/money`)).body;
  const callback = (body: string, at = Math.floor(Date.now() / 1000), secret = SECRET) =>
    fetch(`${server.url}/api/v1/payments/callback`, { method: 'POST', headers: { 'content-type': 'application/json', 'tenure-payment-signature': signCallback(secret, at, body) }, body });

  beforeAll(async () => {
    server = await startTestServer({ database, config: { paymentWebhookSecret: SECRET } });
    ops = await ApiUser.signIn(server.url, 'ops@tenure.demo');
    employer = await ApiUser.signIn(server.url, 'admin@huaxin.demo');
    agency = await ApiUser.signIn(server.url, 'admin@talentbridge.demo');
    consultant = await ApiUser.signIn(server.url, 'c1@talentbridge.demo');
    // Standard plan: fee 20% of 300000.00 = 60000.00; 50% on start (due in 15 days), 50% when the guarantee passes; held in escrow.
    const hired = await hireThroughApi(server, { poster: 'admin@huaxin.demo', consultant: 'c1@talentbridge.demo', plan: 'standard', startDate: todayOf(server), annualSalary: '300000.00' });
    placementId = hired.placementId;
    expect((await employer.post(`/api/v1/placements/${placementId}/accept`, { agreementHash: hired.agreementHash })).status).toBe(200);
    expect((await consultant.post(`/api/v1/placements/${placementId}/accept`, { agreementHash: hired.agreementHash })).status).toBe(200);
  }, 180_000);
  afterAll(async () => server?.close());

  it('creates the installments as scheduled when the placement becomes active, and issues the first on its trigger date', async () => {
    const before = await installments();
    expect(before.map((i) => [i.sequence, i.trigger, i.amount, i.status])).toEqual([
      [1, 'start', '30000.00', 'scheduled'],
      [2, 'guarantee_passed', '30000.00', 'scheduled'],
    ]);
    await advance(1);
    const after = await installments();
    expect(after.map((i) => i.status)).toEqual(['open', 'scheduled']);
    expect(await money()).toEqual({
      currency: 'CNY', fee: '60000.00', finalFee: '60000.00', invoiced: '30000.00', received: '0.00', inEscrow: '0.00',
      releasedToDeliverer: '0.00', platformFees: '0.00', refunded: '0.00', clawedBack: '0.00', delivererOwes: '0.00',
    });
  });

  it('records a partial payment once per Idempotency-Key, refuses overpayment and a future date', async () => {
    const [first] = await installments();
    const pay = (body: Record<string, unknown>, key: string) => ops.post<Installment>(`/api/v1/installments/${first!.id}/payments`, body, { 'idempotency-key': key });
    const a = await pay({ amount: '10000.00', reference: 'BANK-1' }, 'k-1');
    expect(a.status).toBe(201);
    expect(a.body).toMatchObject({ paid: '10000.00', status: 'partially_paid', overdue: false });
    const replay = await pay({ amount: '10000.00', reference: 'BANK-1' }, 'k-1');
    expect(replay.status).toBe(201);
    expect((await money()).received).toBe('10000.00');
    const over = await pay({ amount: '20000.01', reference: 'BANK-2' }, 'k-2');
    expect(over.status).toBe(409);
    expect(over.body).toMatchObject({ error: { code: 'overpayment' } });
    const future = await pay({ amount: '1.00', paidOn: '2999-01-01', reference: 'BANK-3' }, 'k-3');
    expect(future.status).toBe(400);
    expect(future.body).toMatchObject({ error: { code: 'invalid_input', details: { field: 'paidOn' } } });
    expect((await money()).received).toBe('10000.00');
    // Only platform ops record payments.
    expect((await employer.post(`/api/v1/installments/${first!.id}/payments`, { amount: '1.00', reference: 'x' })).status).toBe(403);
  });

  it('takes a signed provider callback once, refusing a bad or stale signature with nothing changed', async () => {
    const [first] = await installments();
    const body = JSON.stringify({ eventId: 'evt-1', installmentId: first!.id, amount: '20000.00', currency: 'CNY', paidOn: todayOf(server), reference: 'PSP-1' });
    expect((await callback(body, Math.floor(Date.now() / 1000), 'wrong-secret')).status).toBe(401);
    expect((await callback(body, Math.floor(Date.now() / 1000) - 301)).status).toBe(401);
    expect((await money()).received).toBe('10000.00');
    const ok = await callback(body);
    expect(ok.status).toBe(200);
    const again = await callback(body);
    expect(again.status).toBe(200);
    expect((await again.json()).paymentId).toBe((await ok.json()).paymentId);
    const m = await money();
    expect(m).toMatchObject({ received: '30000.00', inEscrow: '30000.00', releasedToDeliverer: '0.00' });
    expect((await installments())[0]).toMatchObject({ status: 'paid', paid: '30000.00' });
  });

  it('releases escrow when the guarantee passes: 10% platform fee, the rest to the deliverer; issues the last installment', async () => {
    await advance(90);
    const m = await money();
    expect(m).toMatchObject({ inEscrow: '0.00', releasedToDeliverer: '27000.00', platformFees: '3000.00' });
    const second = (await installments())[1]!;
    expect(second.status).toBe('open');
    // Paid after the guarantee: released on receipt.
    expect((await ops.post(`/api/v1/installments/${second.id}/payments`, { amount: '30000.00', reference: 'BANK-9' })).status).toBe(201);
    expect(await money()).toMatchObject({ received: '60000.00', inEscrow: '0.00', releasedToDeliverer: '54000.00', platformFees: '6000.00' });
  });

  it('pays a deliverer out, never above its balance; shows statements to the org admins only', async () => {
    const agencyId = server.ids.orgs.talentbridge!;
    expect((await ops.post(`/api/v1/orgs/${agencyId}/payouts`, { currency: 'CNY', amount: '54000.01', reference: 'OUT-1' })).status).toBe(409);
    const out = await ops.post(`/api/v1/orgs/${agencyId}/payouts`, { currency: 'CNY', amount: '50000.00', reference: 'OUT-1' });
    expect(out.status).toBe(201);
    expect(out.body).toMatchObject({ balance: '4000.00' });
    const st = await agency.get<{ openingBalance: string; closingBalance: string; items: Array<{ reason: string; change: string }> }>(`/api/v1/orgs/${agencyId}/statement?currency=CNY`);
    expect(st.status).toBe(200);
    expect(st.body.openingBalance).toBe('0.00');
    expect(st.body.closingBalance).toBe('4000.00');
    expect(st.body.items.map((i) => [i.reason, i.change])).toEqual([
      ['release_deliverer', '27000.00'],
      ['release_deliverer', '27000.00'],
      ['payout', '-50000.00'],
    ]);
    expect((await employer.get(`/api/v1/orgs/${agencyId}/statement?currency=CNY`)).status).toBe(404);
    expect((await consultant.get(`/api/v1/orgs/${agencyId}/statement?currency=CNY`)).status).toBe(403);
    const csv = await agency.get<string>(`/api/v1/orgs/${agencyId}/statement?currency=CNY&format=csv`);
    expect(csv.status).toBe(200);
    const text = csv.body;
    expect(text.replace(/^\uFEFF/, '').split('\r\n')[0]).toBe('日期,转账编号,原因,岗位委托编号,分期编号,顾问编号,账户,金额变动,余额,币种');
    const xlsx = await agency.get<string>(`/api/v1/orgs/${agencyId}/statement?currency=CNY&format=xlsx`);
    expect(xlsx.status).toBe(200);
    expect(xlsx.headers.get('content-type')).toContain('spreadsheetml');
    expect(xlsx.body.slice(0, 2)).toBe('PK');
  });

  it('pages a statement: its pages, one line each, are the whole statement with the same running balances, and so is the CSV', async () => {
    type Line = { id: string; balance: string; change: string };
    type Page = { openingBalance: string; closingBalance: string; items: Line[]; nextCursor: string | null };
    const agencyId = server.ids.orgs.talentbridge!;
    const base = `/api/v1/orgs/${agencyId}/statement?currency=CNY`;
    const whole = (await agency.get<Page>(`${base}&limit=100`)).body;
    expect(whole.items.length).toBeGreaterThanOrEqual(3);
    expect(whole.nextCursor).toBeNull();
    const lines: Line[] = [];
    let cursor: string | null = null;
    do {
      const page: Page = (await agency.get<Page>(`${base}&limit=1${cursor ? `&cursor=${cursor}` : ''}`)).body;
      expect(page.items.length).toBe(1);
      expect([page.openingBalance, page.closingBalance]).toEqual([whole.openingBalance, whole.closingBalance]);
      lines.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    expect(lines).toEqual(whole.items);
    expect(lines[lines.length - 1]!.balance).toBe(whole.closingBalance);
    const csv = (await agency.get<string>(`${base}&format=csv`)).body.replace(/^\uFEFF/, '').trim().split('\r\n');
    // Headers, opening, every line, closing.
    expect(csv).toHaveLength(whole.items.length + 3);
    expect(csv.slice(2, -1).map((row) => row.split(',')[1])).toEqual(whole.items.map((l) => l.id));
    expect(csv[csv.length - 1]!.split(',')[8]).toBe(whole.closingBalance);
    // The file's pages carry their balance from one to the next: with pages of one line, the same balances.
    const actor = demoActor(server.ids, 'admin@talentbridge.demo');
    const today = server.deps.clock.now().toISOString().slice(0, 10) as CalendarDate;
    const { pages } = await statementLines({ deps: server.deps, actor }, agencyId, { currency: 'CNY', from: '0001-01-01' as CalendarDate, to: today }, 1);
    const fileLines: Line[] = [];
    for await (const page of pages) fileLines.push(...page.map((l) => ({ id: l.id, balance: formatAmount(l.balance, 'CNY'), change: formatAmount(l.change, 'CNY') })));
    expect(fileLines).toEqual(whole.items.map((l) => ({ id: l.id, balance: l.balance, change: l.change })));
    const bad = await agency.get<{ error: { code: string; details: { field: string } } }>(`${base}&cursor=not-a-cursor!`);
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.field).toBe('cursor');
  });

  it('keeps every ledger invariant', async () => {
    const r = await checkLedger(server.deps.db);
    expect(r.violations).toEqual([]);
    expect(r.counts.transfers).toBeGreaterThan(5);
  });
});
