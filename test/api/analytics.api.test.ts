import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiUser } from '../support/api-client.ts';
import { DATABASE_KINDS } from '../support/databases.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

/**
 * Analytics over the demo world (three placements: 张伟 in service for 华信, 孙建国 left 蓝峰 and was refunded, 黄磊 not
 * accepted yet), by role: each user's figures are checked against what the same user reads through the
 * placements and claims APIs, never against numbers written here.
 */
type Placement = { id: string; status: string; startDate: string; poster: { orgId: string }; deliverer: { orgId: string; consultantId: string } };
type Group = { key: string; label: string; curve: { n: number; points: unknown[] } };
type Report = {
  scope: { kind: string; orgId: string | null; consultantId: string | null };
  today: string;
  survival: { overall: { n: number; departures: number; points: { time: number; survival: number; lower: number | null; upper: number | null }[] }; byPlan: Group[]; byAgency: Group[]; byConsultant: Group[] };
  guarantee: { overall: { passed: number; failed: number; running: number; rate: number | null } };
  claims: { total: number; byReason: { reason: string; total: number }[] };
  refunds: { currency: string; count: number; cashRefund: string }[];
  checkins: { employer: { answered: number; missed: number } };
  renewal: { employers: number };
};

describe.each(DATABASE_KINDS)('analytics on %s', (database) => {
  let server: TestServer;
  const as = (email: string) => ApiUser.signIn(server.url, email);
  const org = (key: string) => server.ids.orgs[key]!;

  beforeAll(async () => {
    server = await startTestServer({ database, demoMarketplace: true });
  }, 180_000);
  afterAll(async () => server?.close());

  /** What the user's own placement and claim lists say the analytics must show. */
  async function expected(user: ApiUser, today: string) {
    const placements = (await user.get<{ items: Placement[] }>('/api/v1/placements?limit=100')).body.items.filter((p) => p.status !== 'pending_acceptance');
    const claims = (await user.get<{ items: { placementId: string; reason: string }[] }>('/api/v1/claims?limit=100')).body.items.filter((c) => placements.some((p) => p.id === c.placementId));
    return {
      observed: placements.filter((p) => p.startDate <= today).length,
      departed: new Set(claims.map((c) => c.placementId)).size,
      claims: claims.length,
      failed: placements.filter((p) => ['refunded', 'replaced', 'replacing'].includes(p.status)).length,
      passed: placements.filter((p) => p.status === 'guarantee_passed').length,
      running: placements.filter((p) => p.status === 'active').length,
      agencies: new Set(placements.map((p) => p.deliverer.orgId)),
      consultants: new Set(placements.map((p) => p.deliverer.consultantId)),
      employers: new Set(placements.map((p) => p.poster.orgId)).size,
    };
  }

  it.each([
    ['ops@tenure.demo', null],
    ['admin@huaxin.demo', 'huaxin'],
    ['admin@bluepeak.demo', 'bluepeak'],
    ['admin@talentbridge.demo', 'talentbridge'],
    ['c1@talentbridge.demo', 'talentbridge'],
    ['c2@talentbridge.demo', 'talentbridge'],
    ['admin@apexsearch.demo', 'apexsearch'],
  ])('shows %s the figures of its own placements', async (email, orgKey) => {
    const user = await as(email);
    const res = await user.get<Report>(orgKey ? `/api/v1/orgs/${org(orgKey)}/analytics` : '/api/v1/analytics');
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const r = res.body;
    const e = await expected(user, r.today);
    expect(r.scope.kind).toBe(orgKey === null ? 'all' : email.startsWith('c') ? 'consultant' : 'org');
    expect(r.survival.overall.n).toBe(e.observed);
    expect(r.survival.overall.departures).toBe(e.departed);
    expect(r.claims.total).toBe(e.claims);
    expect(r.guarantee.overall).toMatchObject({ passed: e.passed, failed: e.failed, running: e.running });
    expect(new Set(r.survival.byAgency.map((g) => g.key))).toEqual(new Set([...e.agencies].filter(() => e.observed > 0)));
    for (const g of r.survival.byConsultant) expect(e.consultants.has(g.key)).toBe(true);
    expect(r.renewal.employers).toBe(e.employers);
    // A departure brings the curve below 1, inside its band.
    const last = r.survival.overall.points.at(-1);
    if (e.departed > 0) {
      expect(last!.survival).toBeLessThan(1);
      // Where no one is left (S = 0) the band is undefined.
      if (last!.survival > 0) {
        expect(last!.lower!).toBeLessThanOrEqual(last!.survival);
        expect(last!.upper!).toBeGreaterThanOrEqual(last!.survival);
      } else expect([last!.lower, last!.upper]).toEqual([null, null]);
    }
  });

  it('shows the refund of 孙建国 to its employer and its agency, and to nobody else', async () => {
    const refundsOf = async (email: string, key: string) => (await (await as(email)).get<Report>(`/api/v1/orgs/${org(key)}/analytics`)).body.refunds;
    const blue = await refundsOf('admin@bluepeak.demo', 'bluepeak');
    expect(blue).toHaveLength(1);
    expect(blue[0]).toMatchObject({ currency: 'CNY', count: 1 });
    expect(await refundsOf('admin@talentbridge.demo', 'talentbridge')).toEqual(blue);
    expect(await refundsOf('admin@huaxin.demo', 'huaxin')).toEqual([]);
    expect(await refundsOf('admin@apexsearch.demo', 'apexsearch')).toEqual([]);
  });

  it("refuses another org's analytics and the platform-wide figures to everyone but ops", async () => {
    const apex = await as('admin@apexsearch.demo');
    expect((await apex.get(`/api/v1/orgs/${org('talentbridge')}/analytics`)).status).toBe(404);
    expect((await apex.get(`/api/v1/orgs/${org('talentbridge')}/analytics/export?table=claims&format=csv`)).status).toBe(404);
    expect((await apex.get('/api/v1/analytics')).status).toBe(403);
    const hr = await as('hr@huaxin.demo');
    expect((await hr.get(`/api/v1/orgs/${org('bluepeak')}/analytics`)).status).toBe(404);
    expect((await hr.get('/api/v1/analytics/export?table=claims&format=xlsx')).status).toBe(403);
  });

  it('exports every table as CSV and as Excel with the header in the reader’s language', async () => {
    const ops = await as('ops@tenure.demo');
    const report = (await ops.get<Report>('/api/v1/analytics')).body;
    const csv = await ops.get<string>('/api/v1/analytics/export?table=claims&format=csv');
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const lines = csv.body.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]!.split(',').slice(0, 2)).toEqual(['原因', '合计']);
    expect(lines).toHaveLength(1 + report.claims.byReason.length);
    for (const table of ['survival', 'guarantee', 'claims', 'refunds', 'disputes', 'checkins', 'satisfaction', 'renewal', 'sla']) {
      const res = await fetch(`${server.url}/api/v1/analytics/export?table=${table}&format=xlsx`, { headers: { cookie: ops.cookie! } });
      expect(res.status, table).toBe(200);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(await res.arrayBuffer());
      const header = wb.worksheets[0]!.getRow(1).values as unknown[];
      expect(header.filter((v) => v !== undefined).length, table).toBeGreaterThan(1);
      if (table === 'survival') {
        expect(header.slice(1, 4)).toEqual(['维度', '分组', '在职天数']);
        expect(wb.worksheets[0]!.rowCount).toBe(1 + countSurvivalRows(report));
      }
    }
    const bad = await ops.get('/api/v1/analytics/export?table=everything&format=xlsx');
    expect(bad.status).toBe(400);
    const backwards = await ops.get('/api/v1/analytics?from=2026-12-01&to=2026-01-01');
    expect(backwards.status).toBe(400);
  });
});

function countSurvivalRows(r: Report): number {
  const s = r.survival;
  return [s.overall, ...s.byPlan.map((g) => g.curve), ...s.byAgency.map((g) => g.curve), ...s.byConsultant.map((g) => g.curve)].reduce((n, c) => n + c.points.length, 0);
}
