import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiUser } from '../support/api-client.ts';
import { DATABASE_KINDS } from '../support/databases.ts';
import { activePlacement, addDaysTo, advanceTo, placementWithOpenForms, userOf } from '../support/lifecycle-fixture.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

type Score = { trigger: string; day: number | null; probability: number; band: string; factors: { input: string; contribution: number | null; words: { zh: string; en: string } }[] };
type Risk = { thresholds: { medium: number; high: number }; current: Score | null; history: Score[] };

const WORST = { overallSatisfaction: 1, jobSatisfaction: 1, environmentSatisfaction: 1, relationshipSatisfaction: 1, workLifeBalance: 1, jobInvolvement: 1, overTime: true, intentToStay: 1 };

/**
 * Retention risk on placements (DESIGN §4.7) through the API: scored at hire and after each candidate check-in
 * (answered or missed) with its factors in words; a rise to high flags the placement, tells both sides and gives
 * the consultant a retention-intervention task. Both sides and ops read it; nobody else.
 */
describe.each(DATABASE_KINDS)('risk on placements on %s', (database) => {
  let server: TestServer;
  let answered: Awaited<ReturnType<typeof placementWithOpenForms>>;
  let missed: Awaited<ReturnType<typeof placementWithOpenForms>>;
  const risk = async (email: string, placementId: string) => (await userOf(server, email)).get<Risk>(`/api/v1/placements/${placementId}/risk`);

  beforeAll(async () => {
    server = await startTestServer({ database });
    answered = await placementWithOpenForms(server, 'admin@huaxin.demo', 'c1@talentbridge.demo');
    missed = await placementWithOpenForms(server, 'admin@huaxin.demo', 'c2@talentbridge.demo');
  }, 120_000);
  afterAll(() => server.close());

  it('scores a placement at hire, and both sides and ops read it; another agency does not', async () => {
    const poster = await risk('hr@huaxin.demo', answered.placementId);
    expect(poster.status).toBe(200);
    expect(poster.body.history.map((s) => s.trigger)).toEqual(['hire']);
    const atHire = poster.body.current!;
    expect(atHire.probability).toBeGreaterThan(0);
    expect(atHire.probability).toBeLessThan(poster.body.thresholds.high);
    expect((await risk('c1@talentbridge.demo', answered.placementId)).body).toEqual(poster.body);
    expect((await risk('ops@tenure.demo', answered.placementId)).status).toBe(200);
    for (const outsider of ['c1@apexsearch.demo', 'admin@apexsearch.demo', 'hr@bluepeak.demo']) expect((await risk(outsider, answered.placementId)).status, outsider).toBe(404);
  });

  it("reads the candidate's background at hire: a restless history scores above a settled one and is named; the submission shows it", async () => {
    const restless = await activePlacement(server, {
      poster: 'admin@huaxin.demo',
      consultant: 'c1@talentbridge.demo',
      plan: 'full_lifecycle',
      background: { yearsExperience: 1, education: 'college', educationField: 'marketing', previousEmployers: 8, commuteKm: 40 },
    });
    const settled = await activePlacement(server, {
      poster: 'admin@huaxin.demo',
      consultant: 'c1@talentbridge.demo',
      plan: 'full_lifecycle',
      background: { yearsExperience: 20, education: 'master', educationField: 'technical', previousEmployers: 1, commuteKm: 3 },
    });
    const high = (await risk('hr@huaxin.demo', restless.placementId)).body.current!;
    const low = (await risk('hr@huaxin.demo', settled.placementId)).body.current!;
    expect(high.probability).toBeGreaterThan(low.probability);
    const named = high.factors.map((f) => f.words.en).join('; ');
    expect(named).toMatch(/many previous employers \(8\)|long commute \(distance 29\)|little work experience \(1 years\)/);
    const seen = await (await userOf(server, 'hr@huaxin.demo')).get<{ submission: { education: string | null; educationField: string | null; previousEmployers: number | null; commuteKm: number | null } }>(`/api/v1/submissions/${restless.submissionId}`);
    expect(seen.body.submission).toMatchObject({ education: 'college', educationField: 'marketing', previousEmployers: 8, commuteKm: 40 });
  });

  it('refuses a background it cannot read, naming the field, and stores nothing', async () => {
    const consultant = await userOf(server, 'c1@talentbridge.demo');
    const orders = (await consultant.get<{ items: { orderId: string }[] }>('/api/v1/engagements?status=active')).body.items;
    const orderId = orders[0]!.orderId;
    const before = (await consultant.get<{ items: unknown[] }>(`/api/v1/submissions?limit=100`)).body.items.length;
    for (const [field, value] of [['education', 'phd'], ['educationField', 'law'], ['previousEmployers', -1], ['commuteKm', 12.5], ['commuteKm', 301]] as const) {
      const res = await consultant.post<{ error: { code: string; details?: { field?: string } } }>(`/api/v1/orders/${orderId}/submissions`, { candidateName: '王五', phone: '13900000000', [field]: value });
      expect(res.status, `${field}=${value}`).toBe(400);
      expect(JSON.stringify(res.body), field).toContain(field);
    }
    expect((await consultant.get<{ items: unknown[] }>(`/api/v1/submissions?limit=100`)).body.items.length).toBe(before);
  });

  it('scores again after a worrying candidate check-in: high, with its factors in words, a flag, a task and both sides told', async () => {
    const res = await fetch(`${server.url}/api/v1/public/checkins/${answered.token}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(WORST) });
    expect(res.status).toBeLessThan(300);
    const r = (await risk('hr@huaxin.demo', answered.placementId)).body;
    expect(r.history.map((s) => s.trigger)).toEqual(['hire', 'checkin_answered']);
    const [atHire, after] = r.history as [Score, Score];
    expect(after.probability).toBeGreaterThan(atHire.probability);
    expect(after.band).toBe('high');
    expect(after.probability).toBeGreaterThanOrEqual(r.thresholds.high);
    const en = after.factors.map((f) => f.words.en);
    expect(en).toContain('intent to stay low at day 7');
    expect(en.some((w) => w.endsWith('low at day 7'))).toBe(true);
    expect(after.factors.every((f) => f.words.zh.length > 0)).toBe(true);
    // The model's factors come strongest first, each raising the score.
    const weights = after.factors.flatMap((f) => (f.contribution === null ? [] : [f.contribution]));
    expect(weights.length).toBeGreaterThan(0);
    expect(weights).toEqual([...weights].sort((a, b) => b - a));
    expect(weights.every((w) => w > 0)).toBe(true);

    const hr = await userOf(server, 'hr@huaxin.demo');
    const flags = (await hr.get<{ items: { reasons: string[] }[] }>(`/api/v1/placements/${answered.placementId}/flags`)).body.items;
    expect(flags.map((f) => f.reasons)).toContainEqual(['risk_high']);
    const tasks = (await hr.get<{ items: { kind: string; source: string; status: string }[] }>(`/api/v1/placements/${answered.placementId}/tasks`)).body.items;
    // One intervention for the day, however many flags it had (the worrying answers flag it too).
    expect(tasks.filter((t) => t.kind === 'retention_intervention' && t.source === 'flag')).toHaveLength(1);
    for (const email of ['hr@huaxin.demo', 'c1@talentbridge.demo']) {
      const inbox = (await (await userOf(server, email)).get<{ items: { kind: string; subjectId: string; params: Record<string, unknown> }[] }>('/api/v1/notifications')).body.items;
      expect(inbox.some((n) => n.kind === 'placement.flagged' && n.subjectId === answered.placementId && String(n.params.reasons).includes('risk_high')), email).toBe(true);
    }
  });

  it('scores a missed candidate check-in too, naming it as a factor when it raises the score', async () => {
    const forms = (await (await userOf(server, 'hr@huaxin.demo')).get<{ items: { id: string; closesOn: string }[] }>(`/api/v1/placements/${missed.placementId}/checkins`)).body.items;
    const form = forms.find((f) => f.id === missed.candidateFormId)!;
    await advanceTo(server, addDaysTo(form.closesOn, 1));
    const r = (await risk('c2@talentbridge.demo', missed.placementId)).body;
    expect(r.history.map((s) => s.trigger)).toEqual(['hire', 'checkin_missed']);
    const last = r.current!;
    expect(last.day).toBe(7);
    for (const f of last.factors) expect(f.words.en).not.toMatch(/^(job satisfaction|work–life balance) (low|\d)/); // no answer is made up
  });

  it('keeps an agency that is not a party out of the history even through a fresh sign-in', async () => {
    const outsider = await ApiUser.signIn(server.url, 'c2@apexsearch.demo');
    expect((await outsider.get(`/api/v1/placements/${answered.placementId}/risk`)).status).toBe(404);
  });
});
