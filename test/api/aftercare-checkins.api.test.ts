import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiUser } from '../support/api-client.ts';
import { DATABASE_KINDS } from '../support/databases.ts';
import { activePlacement, addDaysTo, advanceTo, userOf, type ActivePlacement } from '../support/lifecycle-fixture.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

type Form = { id: string; day: number; respondent: string; opensOn: string; closesOn: string; status: string; answeredAt: string | null; answers: Record<string, unknown> | null };
type Task = { id: string; kind: string; dueOn: string; status: string; note: string | null; source: string };

const calmCandidate = { overallSatisfaction: 4, jobSatisfaction: 3, environmentSatisfaction: 3, relationshipSatisfaction: 4, workLifeBalance: 3, jobInvolvement: 3, overTime: false, intentToStay: 4 };

describe.each(DATABASE_KINDS)('check-ins and support tasks on %s', (database) => {
  let server: TestServer;
  let p: ActivePlacement;
  const forms = async () => (await (await userOf(server, 'hr@huaxin.demo')).get<{ items: Form[] }>(`/api/v1/placements/${p.placementId}/checkins`)).body.items;
  const tasks = async () => (await (await userOf(server, 'c1@talentbridge.demo')).get<{ items: Task[] }>(`/api/v1/placements/${p.placementId}/tasks`)).body.items;
  const flags = async () => (await (await userOf(server, 'hr@huaxin.demo')).get<{ items: { reasons: string[]; flaggedOn: string }[] }>(`/api/v1/placements/${p.placementId}/flags`)).body.items;

  beforeAll(async () => {
    server = await startTestServer({ database });
    // Full lifecycle: check-ins on days 7/30/60/90/120/180 (window 5) for both sides, support tasks of the terms.
    p = await activePlacement(server, { poster: 'admin@huaxin.demo', consultant: 'c1@talentbridge.demo', plan: 'full_lifecycle', candidateName: '王小明' });
  });
  afterAll(() => server.close());

  it('lists every form from acceptance on, scheduled, with opensOn = start + N − 1 and closesOn = opensOn + window − 1', async () => {
    const list = await forms();
    expect(list).toHaveLength(12);
    expect(list.every((f) => f.status === 'scheduled')).toBe(true);
    expect(list.slice(0, 2).map((f) => [f.day, f.respondent, f.opensOn, f.closesOn])).toEqual([
      [7, 'employer', addDaysTo(p.startDate, 6), addDaysTo(p.startDate, 10)],
      [7, 'candidate', addDaysTo(p.startDate, 6), addDaysTo(p.startDate, 10)],
    ]);
    const hr = await userOf(server, 'hr@huaxin.demo');
    const early = await hr.post(`/api/v1/checkins/${list[0]!.id}/answers`, { performance: 4, teamFit: 4, dismissalRisk: false });
    expect(early.status).toBe(409);
  });

  it('opens the day-7 forms on their day, reminds, and the employer answers in the app', async () => {
    await advanceTo(server, addDaysTo(p.startDate, 6));
    const list = await forms();
    const [employer, candidate] = list;
    expect([employer!.status, candidate!.status]).toEqual(['open', 'open']);
    expect(list.slice(2).every((f) => f.status === 'scheduled')).toBe(true);
    const hr = await userOf(server, 'hr@huaxin.demo');
    const inbox = await hr.get<{ items: { kind: string }[] }>('/api/v1/notifications?limit=50');
    expect(inbox.body.items.some((n) => n.kind === 'checkin.opened')).toBe(true);
    // The consultant may not answer for the employer; the employer cannot answer the candidate's form.
    const c1 = await userOf(server, 'c1@talentbridge.demo');
    expect((await c1.post(`/api/v1/checkins/${employer!.id}/answers`, { performance: 4, teamFit: 4, dismissalRisk: false })).status).toBe(403);
    expect((await hr.post(`/api/v1/checkins/${candidate!.id}/answers`, { performance: 4, teamFit: 4, dismissalRisk: false })).status).toBe(409);
    const answered = await hr.post<Form>(`/api/v1/checkins/${employer!.id}/answers`, { performance: 4, teamFit: 5, dismissalRisk: false, comment: '融入很快' });
    expect(answered.status).toBe(200);
    expect(answered.body).toMatchObject({ status: 'answered', answers: { performance: 4, teamFit: 5, dismissalRisk: false, comment: '融入很快' } });
    expect((await hr.post(`/api/v1/checkins/${employer!.id}/answers`, { performance: 4, teamFit: 5, dismissalRisk: false })).status).toBe(409);
    expect(await flags()).toEqual([]);
  });

  it('the candidate answers through a link the consultant copies; the link then is spent, and every bad token gets the same answer', async () => {
    const candidate = (await forms())[1]!;
    const c1 = await userOf(server, 'c1@talentbridge.demo');
    const first = await c1.post<{ url: string; token: string; expiresAt: string }>(`/api/v1/checkins/${candidate.id}/candidate-link`);
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(Buffer.from(first.body.token, 'base64url').length).toBeGreaterThanOrEqual(16);
    expect(first.body.url.endsWith(`/checkin/${first.body.token}`)).toBe(true);
    const second = await c1.post<{ token: string }>(`/api/v1/checkins/${candidate.id}/candidate-link`);
    const anonymous = new ApiUser(server.url);
    const refused = async (token: string) => {
      const got = await anonymous.get(`/api/v1/public/checkins/${token}`);
      const posted = await anonymous.post(`/api/v1/public/checkins/${token}`, calmCandidate);
      return [got.status, posted.status, got.body, posted.body];
    };
    const revoked = await refused(first.body.token);
    expect(revoked.slice(0, 2)).toEqual([404, 404]);
    expect(revoked[2]).toEqual({ error: { code: 'not_found', message: 'this check-in link is not valid', details: null } });
    expect(await refused('A'.repeat(43))).toEqual(revoked);
    expect(await refused('x')).toEqual(revoked);
    // Only the token is stored as a hash: the database never holds the token.
    const stored = await server.deps.db.selectFrom('checkin_links').select('token_hash').execute();
    expect(stored.some((r) => r.token_hash.includes(second.body.token))).toBe(false);

    const page = await anonymous.get(`/api/v1/public/checkins/${second.body.token}`);
    expect(page.status).toBe(200);
    expect(page.body).toEqual({ firstName: '小明', jobTitle: expect.any(String), day: 7, closesOn: candidate.closesOn });
    const text = JSON.stringify(page.body);
    expect(text).not.toContain('王小明');
    expect(text).not.toMatch(/@|139\d{8}|华信|TalentBridge|英桥/);
    const answered = await anonymous.post(`/api/v1/public/checkins/${second.body.token}`, { ...calmCandidate, comment: '挺好' });
    expect(answered.status).toBe(200);
    expect(await refused(second.body.token)).toEqual(revoked);
    const after = (await forms())[1]!;
    expect(after).toMatchObject({ status: 'answered', answers: { ...calmCandidate, comment: '挺好' } });
    expect(await flags()).toEqual([]);
  });

  it('support tasks: the one past its day is overdue and done late; one done before its day counts on time; the consultant alone completes them', async () => {
    const list = await tasks();
    const first = list[0]!;
    expect(first).toMatchObject({ kind: 'onboarding_coaching', dueOn: addDaysTo(p.startDate, 2), status: 'overdue' });
    const upcoming = list[1]!;
    expect(upcoming.status).toBe('open');
    const hr = await userOf(server, 'hr@huaxin.demo');
    expect((await hr.post(`/api/v1/tasks/${first.id}/complete`, { note: 'x' })).status).toBe(403);
    const c1 = await userOf(server, 'c1@talentbridge.demo');
    expect((await c1.post(`/api/v1/tasks/${first.id}/complete`, { note: '' })).status).toBe(400);
    const done = await c1.post<Task>(`/api/v1/tasks/${first.id}/complete`, { note: '已完成入职辅导' });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ status: 'done', note: '已完成入职辅导' });
    expect((await c1.post(`/api/v1/tasks/${first.id}/complete`, { note: 'again' })).status).toBe(409);
    const early = await c1.post<Task>(`/api/v1/tasks/${upcoming.id}/complete`, { note: '融入计划已制定' });
    expect(early.body).toMatchObject({ status: 'done', dueOn: upcoming.dueOn });
  });

  it('a missed candidate form and a worrying answer flag the placement with a task due in 3 days, which goes overdue', async () => {
    const day30 = (await forms()).filter((f) => f.day === 30);
    // Day 30 opens; nobody answers the candidate's form; it is missed the day after its last day.
    await advanceTo(server, addDaysTo(day30[0]!.closesOn, 1));
    const after = (await forms()).filter((f) => f.day === 30);
    expect(after.map((f) => f.status)).toEqual(['missed', 'missed']);
    const flagged = await flags();
    expect(flagged.map((f) => f.reasons)).toEqual([['candidate_form_missed']]);
    const missedOn = flagged[0]!.flaggedOn;
    const intervention = (await tasks()).find((t) => t.source === 'flag');
    expect(intervention).toMatchObject({ kind: 'retention_intervention', dueOn: addDaysTo(missedOn, 3), status: 'open' });

    // Day 60: the employer fears a dismissal.
    const day60 = (await forms()).find((f) => f.day === 60 && f.respondent === 'employer')!;
    await advanceTo(server, day60.opensOn);
    const hr = await userOf(server, 'hr@huaxin.demo');
    expect((await hr.post(`/api/v1/checkins/${day60.id}/answers`, { performance: 2, teamFit: 2, dismissalRisk: true })).status).toBe(200);
    const reasons = (await flags()).map((f) => f.reasons);
    expect(reasons).toEqual([['candidate_form_missed'], ['dismissal_risk']]);
    // The first intervention was never done: it is overdue and counts against the consultant's on-time rate.
    const overdue = (await tasks()).find((t) => t.id === intervention!.id)!;
    expect(overdue.status).toBe('overdue');
    const admin = await userOf(server, 'admin@talentbridge.demo');
    const rates = await admin.get<{ items: { consultantId: string; onTime: number; overdue: number; rate: number | null }[] }>(`/api/v1/orgs/${server.ids.orgs.talentbridge}/task-rates`);
    expect(rates.status).toBe(200);
    const mine = rates.body.items.find((r) => r.consultantId === server.ids.users['c1@talentbridge.demo'])!;
    // On time: the integration plan; late: the onboarding coaching; overdue: the first intervention and the day-45 return visit.
    expect(mine).toMatchObject({ onTime: 1, late: 1, overdue: 2, counted: 4, rate: 0.25 });
    const other = await userOf(server, 'admin@apexsearch.demo');
    expect((await other.get(`/api/v1/orgs/${server.ids.orgs.talentbridge}/task-rates`)).status).toBe(404);
  });
});
