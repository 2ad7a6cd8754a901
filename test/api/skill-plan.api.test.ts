import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkLedger } from '../../src/ledger/service.ts';
import { DATABASE_KINDS } from '../support/databases.ts';
import { minimalExe, minimalPdf } from '../support/file-fixtures.ts';
import { activePlacement, addDaysTo, advanceTo, businessToday, userOf, type ActivePlacement } from '../support/lifecycle-fixture.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

type Task = { id: string; day: number; passScore: number; opensOn: string; dueOn: string; status: string; dueSoon: boolean; score: number | null; notes: string | null; late: boolean; warningPermille: number | null; evidence: { id: string; sha256: string }[] };
type Assessments = {
  placementId: string;
  assessor: { orgId: string; name: string } | null;
  canAssign: boolean;
  canScore: boolean;
  milestones: Task[];
  curve: {
    status: string;
    targetDay: number;
    threshold: number;
    points: { day: number; score: number }[];
    trend: { slope: number; intercept: number; residualSd: number; residualSdFrom: string; n: number } | null;
    projection: { day: number; score: number; standardError: number; probability: number; unlikely: boolean } | null;
    measured: { score: number; passed: boolean } | null;
    band: { day: number; fit: number; low: number; high: number }[];
  };
};
type Page<T> = { items: T[]; nextCursor: string | null };
type Installment = { sequence: number; trigger: string; amount: string; paid: string; voided: string; status: string; id: string };

/**
 * The manufacturing skill plan through the API with the manual clock (DESIGN §4.11, docs/skill-plan.md): fee 8,000.00
 * CNY (fixed), a 90-day guarantee that covers `skill_milestone_failed`, milestones on days 30 / 60 / 90 with pass
 * scores 60 / 70 / 80, a linear refund or one replacement; half the fee on start (due in 15 days), half when the
 * guarantee passes, held in escrow; the platform keeps 10 %.
 */
describe.each(DATABASE_KINDS)('the skill plan on %s', (database) => {
  let server: TestServer;
  let p: ActivePlacement;
  let other: ActivePlacement;
  const day = (n: number) => addDaysTo(p.startDate, n - 1);
  const as = (email: string) => userOf(server, email);
  const assessments = async (email: string, placementId = p.placementId) => (await as(email)).get<Assessments>(`/api/v1/placements/${placementId}/assessments`);
  const milestone = async (n: number) => (await assessments('hr@huaxin.demo')).body.milestones.find((m) => m.day === n)!;
  const kindsOf = async (email: string) => (await (await as(email)).get<Page<{ kind: string; params: Record<string, unknown> }>>('/api/v1/notifications?limit=100')).body.items;
  const eventsOf = async (type: string) =>
    (await server.deps.db.selectFrom('audit_events').select(['payload']).where('subject_id', '=', p.placementId).where('type', '=', type).orderBy('seq').execute()).map((e) => JSON.parse(e.payload) as Record<string, unknown>);

  beforeAll(async () => {
    server = await startTestServer({ database });
    const order = { reward: { type: 'fixed', amount: '8000.00' }, title: '数控机床操作工', salaryMin: '80000.00', salaryMax: '120000.00' };
    p = await activePlacement(server, { poster: 'hr@huaxin.demo', consultant: 'c1@talentbridge.demo', plan: 'manufacturing_skill', annualSalary: '96000.00', order, candidateName: '陈师傅' });
    other = await activePlacement(server, { poster: 'admin@bluepeak.demo', consultant: 'c2@talentbridge.demo', plan: 'manufacturing_skill', annualSalary: '96000.00', order });
  }, 120_000);
  afterAll(() => server.close());

  it('the poster assigns an assessor org; nobody else may, and only an assessor org is taken', async () => {
    const before = await assessments('hr@huaxin.demo');
    expect(before.status).toBe(200);
    expect(before.body).toMatchObject({ assessor: null, canAssign: true, canScore: false, curve: { status: 'no_scores', targetDay: 90, threshold: 80 } });
    expect(before.body.milestones.map((m) => [m.day, m.passScore, m.status, m.opensOn])).toEqual([[30, 60, 'scheduled', day(30)], [60, 70, 'scheduled', day(60)], [90, 80, 'scheduled', day(90)]]);
    // Not assigned yet: the assessor org does not see it.
    expect((await assessments('qa@skillcheck.demo')).status).toBe(404);

    const orgs = (await (await as('hr@huaxin.demo')).get<Page<{ id: string; name: string }>>('/api/v1/assessor-orgs')).body.items;
    expect(orgs.map((o) => o.id).sort()).toEqual([server.ids.orgs.skillcheck!, server.ids.orgs.gaugeworks!].sort());
    const assign = (email: string, assessorOrgId: string, placementId = p.placementId) => as(email).then((u) => u.request<Assessments>('PUT', `/api/v1/placements/${placementId}/assessor`, { assessorOrgId }));
    expect((await assign('c1@talentbridge.demo', server.ids.orgs.skillcheck!)).status).toBe(403);
    expect((await assign('admin@bluepeak.demo', server.ids.orgs.skillcheck!)).status).toBe(404);
    const notAssessor = await assign('hr@huaxin.demo', server.ids.orgs.huaxin!);
    expect(notAssessor.status).toBe(400);
    expect(notAssessor.body).toMatchObject({ error: { code: 'invalid_input', details: { field: 'assessorOrgId' } } });

    const done = await assign('hr@huaxin.demo', server.ids.orgs.skillcheck!);
    expect(done.status).toBe(200);
    expect(done.body.assessor).toMatchObject({ orgId: server.ids.orgs.skillcheck });
    // Ops assign too: the other placement goes to GaugeWorks.
    expect((await assign('ops@tenure.demo', server.ids.orgs.gaugeworks!, other.placementId)).status).toBe(200);
    expect((await eventsOf('assessment.assessor_assigned'))).toEqual([{ assessorOrgId: server.ids.orgs.skillcheck, previousAssessorOrgId: null }]);
    expect((await kindsOf('qa@skillcheck.demo')).map((n) => n.kind)).toContain('assessment.assigned');
  });

  it('the day-30 milestone opens a task on the workbench; the assessor scores it with notes and evidence', async () => {
    // The first installment (4,000.00, due on day 16) is paid on the start day, so a claim later is not refused for it.
    await advanceTo(server, day(1));
    const ops = await as('ops@tenure.demo');
    const first = (await (await as('hr@huaxin.demo')).get<Page<Installment>>(`/api/v1/placements/${p.placementId}/installments`)).body.items[0]!;
    expect(first).toMatchObject({ sequence: 1, amount: '4000.00', status: 'open' });
    expect((await ops.post(`/api/v1/installments/${first.id}/payments`, { amount: '4000.00', reference: 'BANK-SKILL' })).status).toBe(201);

    await advanceTo(server, day(30));
    const qa = await as('qa@skillcheck.demo');
    const task = await milestone(30);
    expect(task).toMatchObject({ status: 'open', opensOn: day(30), dueOn: day(36), dueSoon: true, score: null });
    const soon = (await qa.get<Page<Task & { candidateName: string }>>('/api/v1/assessments/tasks?dueSoon=true')).body.items;
    expect(soon.map((t) => [t.id, t.day, t.candidateName])).toEqual([[task.id, 30, '陈师傅']]);
    const mine = (await qa.get<Page<{ placementId: string; scored: number; milestones: number; nextTask: { id: string } | null }>>('/api/v1/assessments/placements')).body.items;
    expect(mine).toEqual([expect.objectContaining({ placementId: p.placementId, scored: 0, milestones: 3, nextTask: expect.objectContaining({ id: task.id }) })]);

    // Evidence: the type is read from the bytes (an executable is refused); then named in the score.
    expect((await qa.upload(`/api/v1/assessment-tasks/${task.id}/evidence`, { name: 'x.pdf', type: 'application/pdf', data: minimalExe() })).status).toBe(415);
    const file = await qa.upload<{ id: string; sha256: string }>(`/api/v1/assessment-tasks/${task.id}/evidence`, { name: '实操考核记录.pdf', type: 'application/pdf', data: minimalPdf('day 30 practical test') });
    expect(file.status).toBe(201);
    // The sides do not read it before the score names it; the assessor org does.
    expect((await (await as('hr@huaxin.demo')).get(`/api/v1/files/${file.body.id}`)).status).toBe(404);
    expect((await qa.get(`/api/v1/files/${file.body.id}`)).status).toBe(200);

    const badScore = await qa.post(`/api/v1/assessment-tasks/${task.id}/score`, { score: 101, notes: 'x' });
    expect(badScore.status).toBe(400);
    const scored = await qa.post<Task>(`/api/v1/assessment-tasks/${task.id}/score`, { score: 70, notes: '设备操作规范，安全意识良好', evidenceFileIds: [file.body.id] });
    expect(scored.status).toBe(200);
    expect(scored.body).toMatchObject({ status: 'passed', score: 70, notes: '设备操作规范，安全意识良好', late: false, warningPermille: null, evidence: [{ id: file.body.id, sha256: file.body.sha256 }] });
    expect((await qa.post(`/api/v1/assessment-tasks/${task.id}/score`, { score: 90, notes: 'again' })).status).toBe(409);
    expect((await (await as('hr@huaxin.demo')).get(`/api/v1/files/${file.body.id}`)).status).toBe(200);
    // One score: no trend yet, so no projection and no warning.
    expect((await assessments('hr@huaxin.demo')).body.curve).toMatchObject({ status: 'one_score', projection: null, points: [{ day: 30, score: 70 }] });
    expect((await kindsOf('hr@huaxin.demo')).map((n) => n.kind)).toContain('assessment.scored');
    expect(await eventsOf('assessment.scored')).toEqual([{ taskId: task.id, day: 30, score: 70, passScore: 60, passed: true, scoredOn: day(30), assessorOrgId: server.ids.orgs.skillcheck, evidenceFileIds: [file.body.id] }]);
    // A claim for a failed milestone needs one on record.
    const early = await (await as('hr@huaxin.demo')).post(`/api/v1/placements/${p.placementId}/claims`, { reason: 'skill_milestone_failed', lastWorkingDay: day(30), remedy: null });
    expect(early.status).toBe(409);
    expect(early.body).toMatchObject({ error: { code: 'conflict', details: { field: 'reason' } } });
  });

  it('the assessor org sees only its own placements: not another org’s, not other placements', async () => {
    const gauge = await as('assessor@gaugeworks.demo');
    const qa = await as('qa@skillcheck.demo');
    expect((await assessments('assessor@gaugeworks.demo')).status).toBe(404);
    expect((await assessments('assessor@gaugeworks.demo', other.placementId)).status).toBe(200);
    expect((await assessments('qa@skillcheck.demo', other.placementId)).status).toBe(404);
    expect((await qa.get(`/api/v1/placements/${p.placementId}`)).status).toBe(404);
    const task = await milestone(30);
    expect((await gauge.post(`/api/v1/assessment-tasks/${task.id}/score`, { score: 1, notes: 'x' })).status).toBe(404);
    expect((await gauge.upload(`/api/v1/assessment-tasks/${task.id}/evidence`, { name: 'x.pdf', type: 'application/pdf', data: minimalPdf('x') })).status).toBe(404);
    expect((await gauge.get(`/api/v1/files/${task.evidence[0]!.id}`)).status).toBe(404);
    const theirs = (await gauge.get<Page<{ placementId: string }>>('/api/v1/assessments/placements')).body.items.map((i) => i.placementId);
    expect(theirs).toEqual([other.placementId]);
    const ours = (await qa.get<Page<{ placementId: string }>>('/api/v1/assessments/placements')).body.items.map((i) => i.placementId);
    expect(ours).toEqual([p.placementId]);
    expect((await gauge.get<Page<{ placementId: string }>>('/api/v1/assessments/tasks')).body.items.every((t) => t.placementId === other.placementId)).toBe(true);
    // The sides see the task and are told why they may not score it.
    expect((await (await as('hr@huaxin.demo')).post(`/api/v1/assessment-tasks/${task.id}/score`, { score: 1, notes: 'x' })).status).toBe(403);
  });

  it('day 60: a passing score whose trend makes day 90 unlikely warns both sides', async () => {
    await advanceTo(server, day(60));
    const qa = await as('qa@skillcheck.demo');
    const task = await milestone(60);
    expect(task.status).toBe('open');
    const scored = await qa.post<Task>(`/api/v1/assessment-tasks/${task.id}/score`, { score: 71, notes: '工艺掌握进步缓慢' });
    expect(scored.status).toBe(200);
    // (30, 70), (60, 71): 1/30 point a day → day 90: 72. Two scores: s = σ₀ = 6; se = 6·√(1 + 1/2 + 45²/450) = 6√6
    // ≈ 14.697; P(≥ 80) = 1 − Φ(8 / 14.697) = 1 − Φ(0.5443) ≈ 0.293 < 1/3: unlikely.
    expect(scored.body).toMatchObject({ status: 'passed', score: 71, warningPermille: 293 });
    const curve = (await assessments('hr@huaxin.demo')).body.curve;
    expect(curve).toMatchObject({ status: 'projected', trend: { residualSdFrom: 'prior', residualSd: 6, n: 2 }, projection: { day: 90, score: 72, standardError: 14.697, probability: 0.293, unlikely: true } });
    for (const email of ['hr@huaxin.demo', 'c1@talentbridge.demo']) {
      const warning = (await kindsOf(email)).find((n) => n.kind === 'assessment.projection_warning');
      expect(warning?.params).toEqual({ targetDay: 90, threshold: 80, projected: 72, probabilityPercent: 29 });
    }
    expect(await eventsOf('assessment.projection_warned')).toEqual([{ taskId: task.id, targetDay: 90, threshold: 80, projectedTenths: 720, standardErrorTenths: 147, probabilityPermille: 293 }]);
  });

  it('day 90: a failed milestone is claimed as skill_milestone_failed and decided by the engine, money and all', async () => {
    await advanceTo(server, day(90));
    const qa = await as('qa@skillcheck.demo');
    const task = await milestone(90);
    const scored = await qa.post<Task>(`/api/v1/assessment-tasks/${task.id}/score`, { score: 74, notes: '尚不能独立上岗' });
    expect(scored.body).toMatchObject({ status: 'failed', score: 74, warningPermille: null });
    expect((await assessments('hr@huaxin.demo')).body.curve).toMatchObject({ status: 'measured', measured: { score: 74, passed: false }, projection: null });
    expect((await kindsOf('c1@talentbridge.demo')).map((n) => n.kind)).toContain('assessment.milestone_failed');

    const hr = await as('hr@huaxin.demo');
    const today = await businessToday(server);
    expect(today).toBe(day(90));
    const claim = await hr.post<{ id: string; state: string; decision: Record<string, unknown> }>(`/api/v1/placements/${p.placementId}/claims`, { reason: 'skill_milestone_failed', lastWorkingDay: day(90), remedy: null, comment: '第90天技能考核未通过' });
    expect(claim.status).toBe(201);
    // §4.3: covered reason, d = 90 ≤ G = 90, reported the same day, the first installment paid in time: eligible.
    // Linear refund: 8,000.00 × (90 − 90) / 90 = 0.00, so finalFee 8,000.00; paid 4,000.00: stillDue 4,000.00.
    expect(claim.body.state).toBe('awaiting_remedy');
    expect(claim.body.decision).toEqual({
      status: 'eligible',
      codes: [],
      daysServed: 90,
      allowedRemedies: ['replacement', 'refund'],
      remedyRejected: null,
      refund: { amount: '0.00', finalFee: '8000.00', cashRefund: '0.00', stillDue: '4000.00' },
      replacement: { deliverBy: addDaysTo(today, 30), guaranteeDays: 90 },
    });
    const refunded = await hr.post<{ state: string }>(`/api/v1/claims/${claim.body.id}/remedy`, { remedy: 'refund' });
    expect(refunded.body.state).toBe('refunded');
    // §4.6: the unissued second installment is voided; a final installment of the 4,000.00 still due is issued;
    // escrow (4,000.00) is released at once: the platform 400.00, the deliverer 3,600.00. Nothing goes back.
    const installments = (await hr.get<Page<Installment>>(`/api/v1/placements/${p.placementId}/installments`)).body.items;
    expect(installments.map((i) => [i.sequence, i.trigger, i.amount, i.paid, i.voided, i.status])).toEqual([
      [1, 'start', '4000.00', '4000.00', '0.00', 'paid'],
      [2, 'guarantee_passed', '4000.00', '0.00', '4000.00', 'void'],
      [3, 'refund_settlement', '4000.00', '0.00', '0.00', 'open'],
    ]);
    expect((await hr.get(`/api/v1/placements/${p.placementId}/money`)).body).toEqual({
      currency: 'CNY', fee: '8000.00', finalFee: '8000.00', invoiced: '8000.00', received: '4000.00', inEscrow: '0.00',
      releasedToDeliverer: '3600.00', platformFees: '400.00', refunded: '0.00', clawedBack: '0.00', delivererOwes: '0.00',
    });
    expect((await hr.get<{ status: string }>(`/api/v1/placements/${p.placementId}`)).body.status).toBe('refunded');
    expect((await checkLedger(server.deps.db)).violations).toEqual([]);
    // The placement ended: its assessments are over.
    expect((await assessments('qa@skillcheck.demo')).body.canScore).toBe(false);
  });
});

/** The demo world (src/demo/demo-assessments.ts): after a fresh start, the growth curve already shows and warns. */
describe.each(DATABASE_KINDS)('the demo skill plan on %s', (database) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ database, demoMarketplace: true });
  }, 180_000);
  afterAll(() => server.close());

  it('陈建华 is on SkillCheck’s workbench with day 30 and 60 scored and a warning that day 90 is unlikely', async () => {
    const qa = await userOf(server, 'qa@skillcheck.demo');
    const mine = (await qa.get<Page<{ placementId: string; candidateName: string; scored: number }>>('/api/v1/assessments/placements')).body.items;
    expect(mine.map((p) => [p.candidateName, p.scored])).toEqual([['陈建华', 2]]);
    const a = (await qa.get<Assessments>(`/api/v1/placements/${mine[0]!.placementId}/assessments`)).body;
    expect(a.curve.points).toEqual([{ day: 30, score: 67 }, { day: 60, score: 70 }]);
    // 67 → 70: 0.1 a day, day 90 at 73; se = 6√6; P(≥ 80) = 1 − Φ(7/14.697) ≈ 0.317 < 1/3.
    expect(a.curve).toMatchObject({ status: 'projected', projection: { score: 73, probability: 0.317, unlikely: true } });
    expect(a.milestones.map((m) => [m.day, m.status, m.late, m.evidence.length])).toEqual([[30, 'passed', false, 1], [60, 'passed', false, 1], [90, 'scheduled', false, 0]]);
    const poster = await userOf(server, 'hr@bluepeak.demo');
    expect((await poster.get<Page<{ kind: string }>>('/api/v1/notifications?limit=100')).body.items.map((n) => n.kind)).toContain('assessment.projection_warning');
  });
});
