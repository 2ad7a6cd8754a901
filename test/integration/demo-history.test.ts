import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HISTORY_AGENCY } from '../../src/demo/demo-history.ts';
import { checkLedger } from '../../src/ledger/service.ts';
import { verifyAuditLog } from '../../src/platform/audit/audit-verify.ts';
import { loadConfig } from '../../src/platform/config.ts';
import { ApiUser } from '../support/api-client.ts';
import { DATABASE_KINDS } from '../support/databases.ts';
import { startTestServer, TEST_TODAY, type TestServer } from '../support/server.ts';

/**
 * The demo world as `npm start` seeds it: first months of the demo orgs' own simulated history (src/demo/demo-history.ts,
 * with the real traffic waves), then the demo's hand-made orders, placements and story. The analytics and the ratings
 * have content from that history; the story still plays out on its days once ops advance the clock.
 */
type Curve = { n: number; departures: number; points: { time: number; survival: number }[] };
type Report = {
  today: string;
  survival: { overall: Curve; byPlan: { key: string; curve: Curve }[]; byConsultant: { key: string }[] };
  guarantee: { overall: { passed: number; failed: number; running: number; rate: number | null } };
  claims: { total: number; byReason: { reason: string; total: number }[] };
  checkins: { candidate: { answered: number; missed: number; rate: number | null } };
  renewal: { employers: number; eligible: number; renewed: number; rate: number | null };
  sla: { tasks: { onTime: number; late: number; overdue: number; rate: number | null } };
};
type Rating = { tier: 'S' | 'A' | 'B' | 'C'; sampleSize: number; score: number };
type OrgRatings = { agency: (Rating & { orgId: string }) | null; items: (Rating & { consultantId: string; name: string })[] };

describe.each(DATABASE_KINDS)('demo world with its history on %s', (database) => {
  let server: TestServer;
  const realTraffic = loadConfig({}).traffic;

  beforeAll(async () => {
    server = await startTestServer({ database, demoMarketplace: true, demoHistory: true, clock: 'manual', config: { traffic: realTraffic } });
  }, 300_000);
  afterAll(async () => server?.close());

  it('gives ops analytics from months of the demo orgs’ own history, ending on the demo’s date', async () => {
    const ops = await ApiUser.signIn(server.url, 'ops@tenure.demo');
    const res = await ops.get<Report>('/api/v1/analytics');
    expect(res.status).toBe(200);
    const r = res.body;
    expect(r.today).toBe(TEST_TODAY);
    expect(server.deps.clock.now().toISOString()).toBe(`${TEST_TODAY}T09:00:00.000Z`);
    // A retention curve with steps, by plan, with departures and people still in post (censored).
    expect(r.survival.overall.n).toBeGreaterThan(40);
    expect(r.survival.overall.departures).toBeGreaterThan(3);
    expect(r.survival.overall.points.length).toBeGreaterThan(20);
    expect(r.survival.byPlan.length).toBeGreaterThanOrEqual(2);
    expect(r.guarantee.overall.passed).toBeGreaterThan(10);
    expect(r.claims.byReason.length).toBeGreaterThanOrEqual(2);
    expect(r.checkins.candidate.answered).toBeGreaterThan(50);
    expect(r.renewal.renewed).toBeGreaterThan(0);
    expect(r.sla.tasks.onTime).toBeGreaterThan(10);
    // Every placement of the history lies in the past of the demo's date.
    const future = await server.deps.db.selectFrom('placements').select('id').where('created_at', '>', server.deps.clock.now().toISOString()).execute();
    expect(future).toEqual([]);

    // 华信's own page has its own history.
    const huaxin = await (await ApiUser.signIn(server.url, 'admin@huaxin.demo')).get<Report>(`/api/v1/orgs/${server.ids.orgs.huaxin}/analytics`);
    expect(huaxin.body.survival.overall.n).toBeGreaterThan(15);
    expect(huaxin.body.survival.overall.n).toBeLessThan(r.survival.overall.n);
  });

  it('spreads the consultants over the tiers S, A, B and C, each with its sample size', async () => {
    const ops = await ApiUser.signIn(server.url, 'ops@tenure.demo');
    const agencies = (await ops.get<{ items: (Rating & { orgId: string; name: string })[] }>('/api/v1/ratings/agencies?limit=50')).body.items;
    expect(agencies.map((a) => a.name).sort()).toEqual(['英桥猎头 TalentBridge', '锐寻顾问 Apex Search', HISTORY_AGENCY.name].sort());
    const consultants: Rating[] = [];
    for (const a of agencies) {
      const page = await ops.get<OrgRatings>(`/api/v1/orgs/${a.orgId}/ratings?limit=50`);
      expect(page.status).toBe(200);
      consultants.push(...page.body.items);
    }
    expect(consultants).toHaveLength(8);
    expect(new Set(consultants.map((c) => c.tier))).toEqual(new Set(['S', 'A', 'B', 'C']));
    for (const c of consultants) expect(c.sampleSize).toBeGreaterThan(10);
    // A consultant sees its own rating and its sample size.
    const mine = await (await ApiUser.signIn(server.url, 'c1@talentbridge.demo')).get<Rating>('/api/v1/ratings/me');
    expect(mine.body.sampleSize).toBeGreaterThan(50);
  });

  it('leaves the demo’s inboxes with the history read, and plays the demo’s story on its days', async () => {
    const hr = await ApiUser.signIn(server.url, 'hr@huaxin.demo');
    const inbox = await hr.get<{ items: { readAt: string | null; createdAt: string }[] }>('/api/v1/notifications?limit=100');
    expect(inbox.status).toBe(200);
    const historyStart = new Date(server.deps.clock.now().getTime() - 24 * 3600 * 1000).toISOString();
    for (const n of inbox.body.items.filter((i) => i.createdAt < historyStart)) expect(n.readAt).not.toBeNull();

    const ops = await ApiUser.signIn(server.url, 'ops@tenure.demo');
    const advanced = await ops.post<{ obligationsRun: number }>('/api/v1/clock/advance', { days: 61 });
    expect(advanced.status).toBe(200);
    const db = server.deps.db;
    expect((await db.selectFrom('obligations').select('status').where('kind', '=', 'demo.story').execute()).map((o) => o.status)).toEqual(Array(8).fill('done'));
    const failed = await db.selectFrom('obligations').select(['kind', 'last_error']).where('status', '=', 'failed').execute();
    expect(failed).toEqual([]);
    const byName = Object.fromEntries((await db.selectFrom('placements').select(['candidate_name', 'status']).where('candidate_name', 'in', ['杨帆', '李娜', '黄磊']).execute()).map((p) => [p.candidate_name, p.status]));
    expect(byName).toEqual({ 杨帆: 'replaced', 李娜: 'active', 黄磊: 'refunded' });
    expect((await checkLedger(db)).violations).toEqual([]);
    expect(await verifyAuditLog(db, server.deps.signingKey.publicKeyPem)).toMatchObject({ ok: true });
  });
});
