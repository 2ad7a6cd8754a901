import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decideClaim } from '../../src/aftercare/claim-evaluation.rules.ts';
import { demoActor } from '../../src/demo/seed.ts';
import * as ledger from '../../src/ledger/service.ts';
import { addDays } from '../../src/platform/calendar-date.ts';
import { calendarDateOf } from '../../src/platform/clock.ts';
import { inTransaction } from '../../src/platform/db/database.ts';
import { ApiUser } from '../support/api-client.ts';
import { DATABASE_KINDS } from '../support/databases.ts';
import { activePlacement, customPlanVersion } from '../support/money-fixture.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

/**
 * The deliverer's share split among an agency's consultants (DESIGN §4.6): TalentBridge's admin gives 张伟's
 * consultant c1 70% and c2 20.5% (the agency keeps the rest); a payment of 10000.01 CNY released on payment
 * (platform fee 10%: 1000.001 → 1000.00) leaves 9000.01 for the deliverer: c1 6300.007 → 6300.01,
 * c2 1845.00205 → 1845.00, the agency the remaining 855.00 — exact to the fen. Then payouts (to one consultant,
 * and to the agency, attributed in proportion to what each holds) and a refund clawed back from whom the
 * placement paid, not from whom the shares name today.
 */
type ConsultantRow = { consultantId: string | null; name: string | null; currency: string; earned: string; inEscrow: string; released: string; clawedBack: string; owed: string; paidOut: string; balance: string };
type Overview = { items: unknown[]; nextCursor: string | null; agency: { totals: Array<Record<string, string>>; consultants: ConsultantRow[]; shares: Array<{ consultantId: string; percent: string }> } | null };
type Statement = { items: Array<{ reason: string; consultantId: string | null; change: string; placementId: string | null }>; closingBalance: string };

describe.each(DATABASE_KINDS)("consultants' shares of the deliverer's money on %s", (database) => {
  let server: TestServer;
  let ops: ApiUser;
  let admin: ApiUser;
  let placementId: string;
  let agencyId: string;
  let c1: string;
  let c2: string;
  const rowOf = (o: Overview, id: string | null) => o.agency!.consultants.find((r) => r.consultantId === id);

  beforeAll(async () => {
    server = await startTestServer({ database });
    ops = await ApiUser.signIn(server.url, 'ops@tenure.demo');
    admin = await ApiUser.signIn(server.url, 'admin@talentbridge.demo');
    agencyId = server.ids.orgs.talentbridge!;
    c1 = server.ids.users['c1@talentbridge.demo']!;
    c2 = server.ids.users['c2@talentbridge.demo']!;
    const today = calendarDateOf(server.deps.clock.now(), 'Asia/Shanghai');
    const version = await customPlanVersion(server, 'admin@huaxin.demo', {
      currency: 'CNY', platformFeePercent: 10, release: 'on_payment', installments: [{ trigger: 'start', percent: 100, dueDays: 15 }],
      guarantee: { days: 90, covered: ['voluntary_resignation'], noticeDays: 7, requireTimelyPayment: false, paymentGraceDays: 5 },
      remedies: { replacement: null, refund: { schedule: 'linear' } },
    });
    placementId = await activePlacement(server, { poster: 'admin@huaxin.demo', consultant: 'c1@talentbridge.demo', planVersionId: version, startDate: addDays(today, -46), order: { reward: { type: 'fixed', amount: '10000.01' } } });
  }, 180_000);
  afterAll(async () => server?.close());

  it("splits a release exactly by the admin's percentages, the agency keeping the remainder", async () => {
    const set = await admin.put(`/api/v1/orgs/${agencyId}/consultant-shares`, { shares: [{ consultantId: c1, percent: '70' }, { consultantId: c2, percent: '20.5' }] });
    expect(set.status).toBe(200);
    // Only the agency's admin sets them; a consultant cannot, nor can the admin name someone else's consultant.
    const consultant = await ApiUser.signIn(server.url, 'c1@talentbridge.demo');
    expect((await consultant.put(`/api/v1/orgs/${agencyId}/consultant-shares`, { shares: [] })).status).toBe(403);
    const outsider = server.ids.users['c1@apexsearch.demo']!;
    const wrong = await admin.put(`/api/v1/orgs/${agencyId}/consultant-shares`, { shares: [{ consultantId: outsider, percent: '10' }] });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.details.field).toBe('shares.0.consultantId');

    const [inst] = (await ops.get<{ items: Array<{ id: string }> }>(`/api/v1/placements/${placementId}/installments`)).body.items;
    expect((await ops.post(`/api/v1/installments/${inst!.id}/payments`, { amount: '10000.01', reference: 'BANK-ODD' })).status).toBe(201);

    const st = (await admin.get<Statement>(`/api/v1/orgs/${agencyId}/statement?currency=CNY`)).body;
    const releases = st.items.filter((l) => l.placementId === placementId && l.reason === 'release_deliverer').map((l) => [l.consultantId, l.change]);
    expect(releases.sort()).toEqual([[c1, '6300.01'], [c2, '1845.00'], [null, '855.00']].sort());

    const o = (await admin.get<Overview>('/api/v1/money/overview')).body;
    expect(o.agency!.shares).toEqual(expect.arrayContaining([{ consultantId: c1, percent: '70' }, { consultantId: c2, percent: '20.50' }]));
    expect(rowOf(o, c1)).toMatchObject({ name: expect.any(String), released: '6300.01', earned: '6300.01', inEscrow: '0.00', paidOut: '0.00', balance: '6300.01', owed: '0.00' });
    expect(rowOf(o, c2)).toMatchObject({ released: '1845.00', balance: '1845.00' });
    expect(rowOf(o, null)).toMatchObject({ name: null, released: '855.00', balance: '855.00' });
    expect(o.agency!.totals.find((t) => t.currency === 'CNY')).toMatchObject({ released: '9000.01', balance: '9000.01' });
  });

  it("pays one consultant's part out, never more than it holds; an agency payout is attributed in proportion", async () => {
    const pay = (body: Record<string, unknown>) => ops.post<{ balance: string; error: { code: string; details: unknown } }>(`/api/v1/orgs/${agencyId}/payouts`, { currency: 'CNY', reference: 'OUT', ...body });
    const tooMuch = await pay({ amount: '1845.01', consultantId: c2 });
    expect(tooMuch.status).toBe(409);
    expect(tooMuch.body.error).toMatchObject({ code: 'insufficient_balance', details: { balance: '1845.00' } });
    expect((await pay({ amount: '1845.00', consultantId: c2 })).body.balance).toBe('7155.01');
    // 1000.00 over c1 (6300.01) and the agency (855.00), c2 holding nothing: c1 100000 × 630001 / 715501 = 88050.33 → 880.50.
    expect((await pay({ amount: '1000.00' })).body.balance).toBe('6155.01');
    const o = (await admin.get<Overview>('/api/v1/money/overview')).body;
    expect(rowOf(o, c1)).toMatchObject({ paidOut: '880.50', balance: '5419.51' });
    expect(rowOf(o, c2)).toMatchObject({ paidOut: '1845.00', balance: '0.00', owed: '0.00' });
    expect(rowOf(o, null)).toMatchObject({ paidOut: '119.50', balance: '735.50' });
    expect(o.agency!.totals.find((t) => t.currency === 'CNY')).toMatchObject({ paidOut: '2845.00', balance: '6155.01' });
    // A consultant reads its own part only.
    const consultant = await ApiUser.signIn(server.url, 'c2@talentbridge.demo');
    expect((await consultant.get<Overview>('/api/v1/money/overview')).body.agency!.consultants.map((r) => r.consultantId)).toEqual([c2]);
  });

  it('claws a refund back from whom the placement released money to, even after the shares changed', async () => {
    // From now on c1 takes everything: the refund must still come back from c1, c2 and the agency as they were paid.
    expect((await admin.put(`/api/v1/orgs/${agencyId}/consultant-shares`, { shares: [{ consultantId: c1, percent: '100' }] })).status).toBe(200);
    const opsCtx = { deps: server.deps, actor: demoActor(server.ids, 'ops@tenure.demo') };
    const today = calendarDateOf(server.deps.clock.now(), 'Asia/Shanghai');
    const claimId = crypto.randomUUID();
    const p = (await ledger.placementMoney(server.deps, placementId))!;
    await inTransaction(server.deps.db, async (tx) => {
      const facts = await ledger.installmentFactsForClaim(tx, placementId);
      const terms = { currency: 'CNY' as const, guarantee: { days: 90, covered: ['voluntary_resignation' as const], noticeDays: 7, requireTimelyPayment: false, paymentGraceDays: 5 }, remedies: { replacement: null, refund: { schedule: 'linear' as const } } };
      const decision = decideClaim(terms, { startDate: p.startDate, fee: p.fee, replacementsUsed: 0, installments: facts }, { reason: 'voluntary_resignation', lastWorkingDay: today, reportedOn: today, remedy: 'refund' });
      await ledger.settleRefund(tx, opsCtx, { placementId, claimId, decision, decidedOn: today });
    });
    const st = (await admin.get<Statement>(`/api/v1/orgs/${agencyId}/statement?currency=CNY`)).body;
    const claws = st.items.filter((l) => l.placementId === placementId && l.reason === 'clawback_deliverer');
    const minor = (s: string) => BigInt(s.replace('-', '').replace('.', ''));
    const released = new Map<string | null, bigint>([[c1, 630001n], [c2, 184500n], [null, 85500n]]);
    const total = [...claws].reduce((s, l) => s + minor(l.change), 0n);
    expect(total).toBeGreaterThan(0n);
    expect(claws.map((l) => l.consultantId).sort()).toEqual([c1, c2, null].sort());
    // Each part is the refund's deliverer share in proportion to what that one was released, within a fen.
    for (const l of claws) {
      const exact = total * released.get(l.consultantId)!;
      const got = minor(l.change) * 900001n;
      expect(got - exact <= 900001n && exact - got <= 900001n, `${l.consultantId}: ${l.change}`).toBe(true);
    }
    const o = (await admin.get<Overview>('/api/v1/money/overview')).body;
    const c2Row = rowOf(o, c2)!;
    // c2 was paid out all it had: the clawback leaves it owing, offset against its next releases.
    expect(c2Row.clawedBack).not.toBe('0.00');
    expect(c2Row.owed).toBe(c2Row.clawedBack);
    expect((await ledger.checkLedger(server.deps.db)).violations).toEqual([]);
  });
});
