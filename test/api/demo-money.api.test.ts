import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiUser } from '../support/api-client.ts';
import { DATABASE_KINDS } from '../support/databases.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

/**
 * The demo world's money (what `npm start` shows) keeps every ledger invariant, before and after platform ops move
 * the manual clock 200 days through the Time page's endpoint, which runs what fell due: installments issued and
 * marked overdue, guarantees passed and their escrow released.
 */
type Check = { ok: boolean; counts: Record<string, number>; violations: Array<{ rule: string; message: string }> };
type Overview = { items: Array<{ placementId: string; money: Record<string, string>; installments: Array<{ status: string; overdue: boolean }> }> };

describe.each(DATABASE_KINDS)('the demo money on %s', (database) => {
  let server: TestServer;
  let ops: ApiUser;
  const check = async () => {
    const res = await ops.get<Check>('/api/v1/ledger/check');
    expect(res.status).toBe(200);
    expect(res.body.violations).toEqual([]);
    expect(res.body.ok).toBe(true);
    return res.body.counts;
  };
  const overview = async () => (await ops.get<Overview>('/api/v1/money/overview?limit=100')).body.items;

  beforeAll(async () => {
    server = await startTestServer({ database, demoMarketplace: true });
    ops = await ApiUser.signIn(server.url, 'ops@tenure.demo');
  }, 180_000);
  afterAll(async () => server?.close());

  it('has invoices paid, one overdue and money in escrow, and a ledger that checks', async () => {
    const before = await check();
    expect(before.transfers).toBeGreaterThan(0);
    const items = await overview();
    const installments = items.flatMap((r) => r.installments);
    expect(installments.some((i) => i.status === 'paid')).toBe(true);
    expect(installments.some((i) => i.overdue)).toBe(true);
    expect(items.some((r) => r.money.inEscrow !== '0.00')).toBe(true);
  });

  it('has one dispute decided and applied and one waiting for an answer, seen by the parties and the arbitrator only', async () => {
    type D = { type: string; state: string; raisedBy: { side: string }; decision: { outcome: string; amount: string | null; effects: Record<string, unknown> } | null };
    const seen = async (email: string) => (await (await ApiUser.signIn(server.url, email)).get<{ items: D[] }>('/api/v1/disputes')).body.items;
    const arbitrator = await seen('arbitrator@tenure.demo');
    expect(arbitrator).toHaveLength(1);
    const decided = arbitrator[0]!;
    expect(decided).toMatchObject({ type: 'refund_amount', state: 'decided', raisedBy: { side: 'deliverer' }, decision: { outcome: 'adjust' } });
    // Adjusted down by a tenth: the poster owes the tenth as a new installment.
    expect(BigInt(decided.decision!.effects.newInstallmentMinor as string)).toBeGreaterThan(0n);
    expect((await seen('admin@bluepeak.demo')).map((d) => d.state)).toEqual(['decided']);
    expect((await seen('admin@huaxin.demo')).map((d) => [d.type, d.state])).toEqual([['payment', 'awaiting_response']]);
    expect((await seen('c1@talentbridge.demo')).map((d) => d.state).sort()).toEqual(['awaiting_response', 'decided']);
    expect(await seen('admin@apexsearch.demo')).toEqual([]);
    expect((await ops.get<{ items: D[] }>('/api/v1/disputes')).body.items).toHaveLength(2);
    await check();
  });

  it('still checks after 200 days: every guarantee passed and released its escrow', async () => {
    const before = await check();
    const moved = await ops.post<{ obligationsRun: number }>('/api/v1/clock/advance', { days: 200 });
    expect(moved.status).toBe(200);
    expect(moved.body.obligationsRun).toBeGreaterThan(0);
    const after = await check();
    expect(after.releases).toBeGreaterThan(before.releases!);
    const items = await overview();
    expect(items.every((r) => r.money.inEscrow === '0.00')).toBe(true);
    // The last installments were issued when the guarantees passed.
    expect(items.flatMap((r) => r.installments).some((i) => i.status === 'scheduled')).toBe(false);
  });
});
