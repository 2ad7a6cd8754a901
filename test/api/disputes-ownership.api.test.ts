import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiUser } from '../support/api-client.ts';
import { DATABASE_KINDS } from '../support/databases.ts';
import { addDaysTo, advanceTo, businessToday, userOf } from '../support/lifecycle-fixture.ts';
import { orderBody, planVersionIdOf, postOrder, takeOrder } from '../support/marketplace-fixture.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { candidate } from '../support/submissions-fixture.ts';

type Refusal = { id: string; orderId: string; orderTitle: string; candidateName: string; refusedOn: string; protectedUntil: string; disputeWindowClosesOn: string; acceptedSubmissionId: string | null };
type Dispute = {
  id: string;
  type: string;
  state: string;
  subjectId: string;
  placementId: string | null;
  refusal: { id: string; orderId: string; protectedUntil: string; acceptedSubmissionId: string | null } | null;
  raisedBy: { side: string };
  respondent: { side: string };
  mySide: string | null;
  deadlines: { contestedOn: string; windowClosesOn: string; answerBy: string };
  response: { statement: string | null; missed: boolean };
  decision: { outcome: string; effects: Record<string, unknown> } | null;
  can: { respond: boolean; decide: boolean };
};

const OWNER = 'c1@talentbridge.demo';
const OWNER_ADMIN = 'admin@talentbridge.demo';
const REFUSED = 'c1@apexsearch.demo';
const REFUSED_ADMIN = 'admin@apexsearch.demo';
const OPS = 'ops@tenure.demo';
const ARB = 'arbitrator@tenure.demo';

/**
 * Ownership disputes (DESIGN §4.4, §4.8): TalentBridge's c1 submits a person to 华信科技 first; Apex's c1 is refused
 * for the same person. The refusal is stored and disputed by Apex; TalentBridge answers; the arbitrator decides.
 * Apex never reads who holds the protection.
 */
describe.each(DATABASE_KINDS)('ownership disputes on %s', (database) => {
  let server: TestServer;
  let orders: Record<'overturn' | 'uphold' | 'late' | 'edge', string>;
  const refusals: Partial<Record<keyof typeof orders, Refusal>> = {};
  let ownerSubmission: string;
  let arbitratorId: string;
  const as = (email: string) => userOf(server, email);
  /** What the refused side must never read: the owning consultant, its agency, its submission. */
  const secrets = () => [server.ids.orgs.talentbridge!, server.ids.users[OWNER]!, server.ids.users[OWNER_ADMIN]!, ownerSubmission, 'TalentBridge', '才桥', '英桥'];
  const hidesOwner = (body: unknown) => {
    const text = JSON.stringify(body);
    for (const s of secrets()) expect(text).not.toContain(s);
  };
  const person = (n: number) => candidate({ candidateName: `候选人${n}`, phone: `1390000000${n}`, email: `person${n}@example.com` });

  beforeAll(async () => {
    server = await startTestServer({ database });
    const admin = await ApiUser.signIn(server.url, 'admin@huaxin.demo');
    const plan = await planVersionIdOf(admin, 'standard');
    const post = async (title: string) => (await postOrder(admin, server.ids.orgs.huaxin!, orderBody(plan, { title }), { open: true })).id;
    orders = { overturn: await post('Java 架构师'), uphold: await post('支付产品经理'), late: await post('数据平台负责人'), edge: await post('安全架构师') };
    for (const email of [OWNER, REFUSED]) for (const id of Object.values(orders)) expect((await takeOrder(await as(email), id)).status).toBe(201);
    // The owner submits persons 1–4 to the first order: the protection covers every order of the poster.
    const owner = await as(OWNER);
    for (const n of [1, 2, 3, 4]) {
      const res = await owner.post(`/api/v1/orders/${orders.overturn}/submissions`, person(n));
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      if (n === 1) ownerSubmission = res.body.submission.id;
    }
    arbitratorId = server.ids.users[ARB]!;
  }, 120_000);
  afterAll(() => server.close());

  it('a refused submission is stored and answered with the same 409, naming the end date and the refusal, never the owner', async () => {
    const refused = await as(REFUSED);
    const today = await businessToday(server);
    const keys = { overturn: 1, uphold: 2, late: 3, edge: 4 } as const;
    for (const [key, n] of Object.entries(keys) as [keyof typeof orders, number][]) {
      const res = await refused.post(`/api/v1/orders/${orders[key]}/submissions`, person(n));
      expect(res.status).toBe(409);
      expect(res.body.error).toMatchObject({ code: 'ownership_protected', details: { protectedUntil: addDaysTo(today, 90), refusalId: expect.any(String) } });
      hidesOwner(res.body);
      const again = await refused.post(`/api/v1/orders/${orders[key]}/submissions`, person(n));
      // Trying again is the same refusal, not a new one.
      expect(again.body.error.details.refusalId).toBe(res.body.error.details.refusalId);
      const got = await refused.get<Refusal>(`/api/v1/ownership-refusals/${res.body.error.details.refusalId as string}`);
      expect(got.status).toBe(200);
      refusals[key] = got.body;
    }
    expect(refusals.overturn).toMatchObject({ orderId: orders.overturn, candidateName: '候选人1', refusedOn: today, protectedUntil: addDaysTo(today, 90), disputeWindowClosesOn: addDaysTo(today, 30), acceptedSubmissionId: null });
    const list = await refused.get<{ items: Refusal[] }>('/api/v1/ownership-refusals');
    expect(list.body.items.map((r) => r.id).sort()).toEqual(Object.values(refusals).map((r) => r.id).sort());
    hidesOwner(list.body);
    // The refused agency's admin and the poster (its orders) see them; the owner's side and strangers do not.
    expect((await (await as(REFUSED_ADMIN)).get<{ items: Refusal[] }>('/api/v1/ownership-refusals')).body.items).toHaveLength(4);
    expect((await (await as('hr@huaxin.demo')).get<{ items: Refusal[] }>('/api/v1/ownership-refusals')).body.items).toHaveLength(4);
    for (const email of [OWNER, OWNER_ADMIN, 'admin@bluepeak.demo']) {
      expect((await (await as(email)).get(`/api/v1/ownership-refusals/${refusals.overturn!.id}`)).status).toBe(404);
      expect((await (await as(email)).get<{ items: Refusal[] }>('/api/v1/ownership-refusals')).body.items).toEqual([]);
    }
    // On the log under the refused agency, with ids and dates only: no holder, no phone, no name.
    const events = await server.deps.db.selectFrom('audit_events').select(['type', 'payload', 'org_id']).where('subject_id', '=', refusals.overturn!.id).execute();
    expect(events.map((e) => [e.type, e.org_id])).toEqual([['submission.ownership_refused', server.ids.orgs.apexsearch]]);
    for (const s of [...secrets(), '13900000001', 'person1@example.com', '候选人1']) expect(events[0]!.payload).not.toContain(s);
  });

  it('the refused consultant disputes a refusal; one open dispute per refusal; the owner answers; the refused side never reads who', async () => {
    const refused = await as(REFUSED);
    const res = await refused.post<Dispute>('/api/v1/disputes', { type: 'ownership', subjectId: refusals.overturn!.id, statement: '候选人是我们先联系的，有沟通记录' });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({ type: 'ownership', placementId: null, state: 'awaiting_response', raisedBy: { side: 'deliverer' }, respondent: { side: 'owner' }, mySide: 'deliverer', refusal: { id: refusals.overturn!.id, orderId: orders.overturn, acceptedSubmissionId: null } });
    expect(res.body.deadlines.contestedOn).toBe(refusals.overturn!.refusedOn);
    hidesOwner(res.body);
    expect((await (await as(REFUSED_ADMIN)).post('/api/v1/disputes', { type: 'ownership', subjectId: refusals.overturn!.id, statement: '再提一次' })).body.error.code).toBe('dispute_open');
    // Only the refused side raises: the owner (it does not see the refusal) and strangers get 404.
    for (const email of [OWNER, 'admin@huaxin.demo', 'admin@bluepeak.demo']) {
      expect((await (await as(email)).post('/api/v1/disputes', { type: 'ownership', subjectId: refusals.uphold!.id, statement: 'x' })).status).toBe(404);
    }

    const owner = await as(OWNER);
    const seen = await owner.get<Dispute>(`/api/v1/disputes/${res.body.id}`);
    expect(seen.body).toMatchObject({ mySide: 'owner', can: { respond: true } });
    const inbox = (await owner.get<{ items: { kind: string; subjectId: string }[] }>('/api/v1/notifications?limit=100')).body.items;
    expect(inbox.some((n) => n.kind === 'dispute.raised' && n.subjectId === res.body.id)).toBe(true);
    expect((await refused.post(`/api/v1/disputes/${res.body.id}/responses`, { statement: 'x' })).status).toBe(403);
    const answered = await owner.post<Dispute>(`/api/v1/disputes/${res.body.id}/responses`, { statement: '我们 9 月已推荐过此人' });
    expect(answered.status, JSON.stringify(answered.body)).toBe(200);
    expect(answered.body.state).toBe('awaiting_decision');
    const afterAnswer = await refused.get<Dispute>(`/api/v1/disputes/${res.body.id}`);
    expect(afterAnswer.body.response.statement).toBe('我们 9 月已推荐过此人');
    hidesOwner(afterAnswer.body);
    hidesOwner((await refused.get('/api/v1/disputes')).body);
    // A stranger sees nothing of it.
    expect((await (await as('admin@bluepeak.demo')).get(`/api/v1/disputes/${res.body.id}`)).status).toBe(404);
  });

  it('overturned: the refused submission is accepted for that order, once, even when the decision is posted twice', async () => {
    const ops = await as(OPS);
    const d = (await (await as(REFUSED)).get<{ items: Dispute[] }>('/api/v1/disputes')).body.items.find((x) => x.subjectId === refusals.overturn!.id)!;
    expect((await ops.post(`/api/v1/disputes/${d.id}/assign`, { arbitratorUserId: arbitratorId })).status).toBe(200);
    const arb = await as(ARB);
    const body = { outcome: 'overturn', reasons: '沟通记录早于对方推荐' };
    const [first, second] = await Promise.all([arb.post<Dispute>(`/api/v1/disputes/${d.id}/decision`, body), arb.post<Dispute>(`/api/v1/disputes/${d.id}/decision`, body)]);
    expect([first.status, second.status].sort()).toEqual([200, 409]);
    const decided = (first.status === 200 ? first : second).body;
    expect(decided.decision).toMatchObject({ outcome: 'overturn', effects: { refusalId: refusals.overturn!.id, orderId: orders.overturn, created: true } });
    const submissionId = decided.decision!.effects.submissionId as string;
    expect(decided.refusal!.acceptedSubmissionId).toBe(submissionId);
    expect((await arb.post(`/api/v1/disputes/${d.id}/decision`, body)).status).toBe(409);

    const refused = await as(REFUSED);
    const mine = (await refused.get<{ items: { id: string; orderId: string; candidateName: string; stage: string }[] }>(`/api/v1/submissions?orderId=${orders.overturn}`)).body.items;
    expect(mine).toEqual([expect.objectContaining({ id: submissionId, orderId: orders.overturn, candidateName: '候选人1', stage: 'submitted' })]);
    expect((await refused.get<Refusal>(`/api/v1/ownership-refusals/${refusals.overturn!.id}`)).body.acceptedSubmissionId).toBe(submissionId);
    // The poster sees it in the order's pipeline beside the owner's.
    const pipeline = (await (await as('admin@huaxin.demo')).get<{ items: { id: string; candidateName: string }[] }>(`/api/v1/orders/${orders.overturn}/submissions?limit=100`)).body.items;
    expect(pipeline.filter((s) => s.candidateName === '候选人1').map((s) => s.id).sort()).toEqual([ownerSubmission, submissionId].sort());
    // Settled: the refusal cannot be disputed again.
    expect((await refused.post('/api/v1/disputes', { type: 'ownership', subjectId: refusals.overturn!.id, statement: 'x' })).status).toBe(409);
    const created = await server.deps.db.selectFrom('audit_events').select('payload').where('subject_id', '=', submissionId).where('type', '=', 'submission.created').execute();
    expect(created).toHaveLength(1);
    expect(JSON.parse(created[0]!.payload)).toMatchObject({ ownershipDisputeId: d.id, refusalId: refusals.overturn!.id });
  });

  it('upheld after the owner stays silent: the silence is noted and nothing changes', async () => {
    const refused = await as(REFUSED);
    const raised = await refused.post<Dispute>('/api/v1/disputes', { type: 'ownership', subjectId: refusals.uphold!.id, statement: '我们更早推荐' });
    expect(raised.status).toBe(201);
    await advanceTo(server, addDaysTo(raised.body.deadlines.answerBy, 1));
    const silent = await refused.get<Dispute>(`/api/v1/disputes/${raised.body.id}`);
    expect(silent.body).toMatchObject({ state: 'awaiting_decision', response: { missed: true } });
    expect((await (await as(OPS)).post(`/api/v1/disputes/${raised.body.id}/assign`, { arbitratorUserId: arbitratorId })).status).toBe(200);
    const arb = await as(ARB);
    expect((await arb.post(`/api/v1/disputes/${raised.body.id}/decision`, { outcome: 'adjust', amount: '1.00', reasons: 'x' })).body.error).toMatchObject({ code: 'invalid_input', details: { field: 'outcome' } });
    const upheld = await arb.post<Dispute>(`/api/v1/disputes/${raised.body.id}/decision`, { outcome: 'uphold', reasons: '对方推荐在先' });
    expect(upheld.status).toBe(200);
    expect(upheld.body.decision).toMatchObject({ outcome: 'uphold', effects: { applied: 'nothing: the refusal stands' } });
    expect((await refused.get<{ items: unknown[] }>(`/api/v1/submissions?orderId=${orders.uphold}`)).body.items).toEqual([]);
    expect((await refused.get<Refusal>(`/api/v1/ownership-refusals/${refusals.uphold!.id}`)).body.acceptedSubmissionId).toBeNull();
  });

  it('the window: day 30 after the refusal is open, day 31 is 409 dispute_window_closed', async () => {
    const refused = await as(REFUSED);
    await advanceTo(server, addDaysTo(refusals.edge!.refusedOn, 30));
    expect((await refused.post('/api/v1/disputes', { type: 'ownership', subjectId: refusals.edge!.id, statement: '第 30 天' })).status).toBe(201);
    await advanceTo(server, addDaysTo(refusals.late!.refusedOn, 31));
    const late = await refused.post('/api/v1/disputes', { type: 'ownership', subjectId: refusals.late!.id, statement: '第 31 天' });
    expect(late.status).toBe(409);
    expect(late.body.error).toMatchObject({ code: 'dispute_window_closed', details: { closedOn: addDaysTo(refusals.late!.refusedOn, 30) } });
  });
});
