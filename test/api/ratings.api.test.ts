import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recomputeRatings } from '../../src/ratings/recompute.service.ts';
import { DATABASE_KINDS } from '../support/databases.ts';
import { activePlacement, addDaysTo, advanceTo, userOf, type ActivePlacement } from '../support/lifecycle-fixture.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

type MetricView = { metric: string; raw: number | null; shrunk: number; successes: number; trials: number };
type RatingView = { score: number; platformScore: number; tier: string; sampleSize: number; metrics: MetricView[]; consultantId: string; name: string };
type OrgRatings = { kind: string; agency: (RatingView & { orgId: string }) | null; items: RatingView[]; nextCursor: string | null };

const metric = (r: RatingView, m: string): MetricView => r.metrics.find((x) => x.metric === m)!;

/**
 * Ratings from outcomes through the API (DESIGN §4.9): a consultant's score does not fall for what is not its doing
 * (a layoff, a rejected claim), falls for a covered claim, and each side sees only what it may.
 */
describe.each(DATABASE_KINDS)('ratings on %s', (database) => {
  let server: TestServer;
  const placements: Record<string, ActivePlacement> = {};
  const me = async (email: string) => (await (await userOf(server, email)).get<RatingView>('/api/v1/ratings/me')).body;
  const fileClaim = async (key: string, body: Record<string, unknown>) =>
    (await userOf(server, 'hr@huaxin.demo')).post<{ state: string }>(`/api/v1/placements/${placements[key]!.placementId}/claims`, body);
  const day = (p: ActivePlacement, n: number) => addDaysTo(p.startDate, n - 1);

  beforeAll(async () => {
    server = await startTestServer({ database });
    for (const key of ['layoff', 'late', 'covered']) {
      placements[key] = await activePlacement(server, { poster: 'admin@huaxin.demo', consultant: 'c1@talentbridge.demo', plan: 'standard', annualSalary: '300000.00' });
    }
    // c1@apexsearch's placement passes its guarantee: the platform has a mean above nothing-went-wrong's 1 for some metrics.
    placements.passes = await activePlacement(server, { poster: 'admin@huaxin.demo', consultant: 'c1@apexsearch.demo', plan: 'standard', annualSalary: '300000.00' });
    // The covered placement's first installment is paid on the start day (a claim on an unpaid fee is not covered).
    await advanceTo(server, day(placements.covered!, 1));
    const ops = await userOf(server, 'ops@tenure.demo');
    const installments = await ops.get<{ items: { id: string; amount: string; status: string }[] }>(`/api/v1/placements/${placements.covered!.placementId}/installments`);
    const open = installments.body.items.find((i) => i.status === 'open')!;
    expect((await ops.post(`/api/v1/installments/${open.id}/payments`, { amount: open.amount, reference: 'BANK-1' })).status).toBe(201);
    await advanceTo(server, day(placements.layoff!, 40));
  }, 120_000);
  afterAll(() => server.close());

  it('starts a newcomer at the platform mean: tier B, sample size 0', async () => {
    const r = await me('c2@talentbridge.demo');
    expect(r).toMatchObject({ tier: 'B', sampleSize: 0 });
    expect(r.score).toBeCloseTo(r.platformScore, 9);
  });

  it('does not lower the rating for a layoff (rejected: an excluded reason) or a claim rejected for a late report', async () => {
    const before = await me('c1@talentbridge.demo');
    const layoff = await fileClaim('layoff', { reason: 'layoff', lastWorkingDay: day(placements.layoff!, 40), remedy: 'refund' });
    expect(layoff.body.state).toBe('rejected');
    const afterLayoff = await me('c1@talentbridge.demo');
    expect(afterLayoff.score).toBeGreaterThanOrEqual(before.score);
    expect(metric(afterLayoff, 'claimFree')).toMatchObject({ successes: 1, trials: 1 });
    expect(metric(afterLayoff, 'guaranteePass').trials).toBe(0);
    expect(metric(afterLayoff, 'retention180').trials).toBe(0);

    const late = await fileClaim('late', { reason: 'voluntary_resignation', lastWorkingDay: day(placements.late!, 30), remedy: 'refund' });
    expect(late.body.state).toBe('rejected');
    const afterLate = await me('c1@talentbridge.demo');
    expect(afterLate.score).toBeGreaterThanOrEqual(afterLayoff.score);
    expect(metric(afterLate, 'claimFree')).toMatchObject({ successes: 2, trials: 2 });
    expect(afterLate.sampleSize).toBe(afterLayoff.sampleSize + 1);
  });

  it('lowers it for a covered resignation refunded: the guarantee failed and the hire left before day 180', async () => {
    const before = await me('c1@talentbridge.demo');
    const covered = await fileClaim('covered', { reason: 'voluntary_resignation', lastWorkingDay: day(placements.covered!, 40), remedy: 'refund' });
    expect(covered.body.state).toBe('refunded');
    const after = await me('c1@talentbridge.demo');
    expect(after.score).toBeLessThan(before.score);
    expect(metric(after, 'guaranteePass')).toMatchObject({ successes: 0, trials: 1 });
    expect(metric(after, 'retention180')).toMatchObject({ successes: 0, trials: 1 });
    expect(metric(after, 'claimFree')).toMatchObject({ successes: 2, trials: 3 });
  });

  it("shows an agency's admin its agency and its consultants, never another agency's; ops see every agency", async () => {
    const orgId = server.ids.orgs.talentbridge!;
    const own = await (await userOf(server, 'admin@talentbridge.demo')).get<OrgRatings>(`/api/v1/orgs/${orgId}/ratings`);
    expect(own.status).toBe(200);
    expect(own.body.kind).toBe('agency');
    expect(own.body.agency!.sampleSize).toBeGreaterThanOrEqual(5);
    const c1 = own.body.items.find((i) => i.consultantId === server.ids.users['c1@talentbridge.demo'])!;
    expect(c1.sampleSize).toBeGreaterThanOrEqual(5);
    expect(own.body.items.map((i) => i.consultantId)).toContain(server.ids.users['c2@talentbridge.demo']);

    const other = await (await userOf(server, 'admin@apexsearch.demo')).get(`/api/v1/orgs/${orgId}/ratings`);
    expect([403, 404]).toContain(other.status);
    expect(JSON.stringify(other.body)).not.toContain(server.ids.users['c1@talentbridge.demo']!);
    const colleague = await (await userOf(server, 'c2@talentbridge.demo')).get(`/api/v1/orgs/${orgId}/ratings`);
    expect(colleague.status).toBe(403);
    expect((await (await userOf(server, 'admin@talentbridge.demo')).get('/api/v1/ratings/agencies')).status).toBe(403);
    expect((await (await userOf(server, 'admin@talentbridge.demo')).get('/api/v1/ratings/me')).status).toBe(403);

    const all = await (await userOf(server, 'ops@tenure.demo')).get<{ items: { orgId: string; sampleSize: number }[] }>('/api/v1/ratings/agencies');
    expect(all.status).toBe(200);
    expect(all.body.items.find((a) => a.orgId === orgId)!.sampleSize).toBe(own.body.agency!.sampleSize);
    expect(all.body.items.map((a) => a.orgId)).toContain(server.ids.orgs.apexsearch);
  });

  it('recomputes drifted sums from the outcomes, leaving every rating as the outcomes say, and nothing on a second run', async () => {
    const ops = await userOf(server, 'ops@tenure.demo');
    const agencyId = server.ids.orgs.talentbridge!;
    const before = (await ops.get<OrgRatings>(`/api/v1/orgs/${agencyId}/ratings`)).body;
    const c1 = server.ids.users['c1@talentbridge.demo']!;
    await server.deps.db.updateTable('rating_counters').set((eb) => ({ trials: eb('trials', '+', 5) })).where('scope', 'in', ['consultant', 'agency']).where('scope_id', 'in', [c1, agencyId]).where('metric', '=', 'onTime').execute();
    expect((await ops.get<OrgRatings>(`/api/v1/orgs/${agencyId}/ratings`)).body).not.toEqual(before);

    const first = await recomputeRatings(server.deps);
    expect(first).toMatchObject({ corrected: 2, platformCorrected: 0 });
    expect((await ops.get<OrgRatings>(`/api/v1/orgs/${agencyId}/ratings`)).body).toEqual(before);
    expect(await recomputeRatings(server.deps)).toMatchObject({ corrected: 0, platformCorrected: 0 });
    const audited = await server.deps.db.selectFrom('audit_events').select(['type', 'subject_id']).where('type', 'in', ['rating.consultant_recomputed', 'rating.agency_recomputed', 'rating.recompute_run']).orderBy('seq').execute();
    expect(audited.map((e) => e.type)).toEqual(['rating.consultant_recomputed', 'rating.agency_recomputed', 'rating.recompute_run', 'rating.recompute_run']);
  });

  it('counts a guarantee passed for the consultant who delivered it', async () => {
    await advanceTo(server, day(placements.passes!, 92));
    const r = await me('c1@apexsearch.demo');
    expect(metric(r, 'guaranteePass')).toMatchObject({ successes: 1, trials: 1 });
  });
});
