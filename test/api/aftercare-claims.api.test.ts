import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkLedger } from '../../src/ledger/service.ts';
import { runDueObligations } from '../../src/platform/scheduler/scheduler.ts';
import { DATABASE_KINDS } from '../support/databases.ts';
import { activePlacement, addDaysTo, advanceDays, advanceTo, businessToday, userOf, type ActivePlacement } from '../support/lifecycle-fixture.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

type Claim = {
  id: string;
  placementId: string;
  state: string;
  reportedOn: string;
  remedy: string | null;
  deliverBy: string | null;
  termsHash: string;
  decision: { status: string; codes: string[]; daysServed: number; allowedRemedies: string[]; refund: { amount: string; finalFee: string; cashRefund: string; stillDue: string } | null; replacement: { deliverBy: string; guaranteeDays: number } | null };
  inWords: { 'zh-CN': { clause: string; met: boolean | null; text: string }[]; en: { clause: string; met: boolean | null; text: string }[] };
};
type Installment = { id: string; sequence: number; trigger: string; dueDate: string; amount: string; paid: string; voided: string; status: string };

/**
 * Claims through the API (DESIGN §4.5, §4.13) on Standard placements: fee 60,000.00 CNY (20 % of 300,000.00),
 * a 90-day guarantee, 7 days to report, one free replacement within 30 days or a linear refund. Installments:
 * 30,000.00 on start (due in 15 days, 5 days' grace, paid on the start day here) and 30,000.00 when the guarantee
 * passes; payments held in escrow until then; the platform keeps 10 % of each release.
 */
describe.each(DATABASE_KINDS)('claims on %s', (database) => {
  let server: TestServer;
  const placements: Record<string, ActivePlacement> = {};
  const day = (p: ActivePlacement, n: number) => addDaysTo(p.startDate, n - 1);
  const file = async (key: string, body: Record<string, unknown>) => (await userOf(server, 'hr@huaxin.demo')).post<Claim>(`/api/v1/placements/${placements[key]!.placementId}/claims`, body);
  const placementStatus = async (key: string) => (await (await userOf(server, 'hr@huaxin.demo')).get<{ status: string }>(`/api/v1/placements/${placements[key]!.placementId}`)).body.status;
  const installmentsOf = async (key: string) => (await (await userOf(server, 'hr@huaxin.demo')).get<{ items: Installment[] }>(`/api/v1/placements/${placements[key]!.placementId}/installments`)).body.items;
  const moneyOf = async (key: string) => (await (await userOf(server, 'hr@huaxin.demo')).get<Record<string, string>>(`/api/v1/placements/${placements[key]!.placementId}/money`)).body;

  beforeAll(async () => {
    server = await startTestServer({ database });
    for (const key of ['refund', 'layoff', 'late', 'review', 'replacement', 'notCovered', 'overdue']) {
      placements[key] = await activePlacement(server, { poster: 'admin@huaxin.demo', consultant: 'c1@talentbridge.demo', plan: 'standard', annualSalary: '300000.00' });
    }
    // On the start day the first installment is issued; every placement but `overdue` pays it in full that day.
    await advanceTo(server, day(placements.refund!, 1));
    const ops = await userOf(server, 'ops@tenure.demo');
    for (const key of Object.keys(placements).filter((k) => k !== 'overdue')) {
      const open = (await installmentsOf(key)).filter((i) => i.status === 'open');
      expect(open.map((i) => [i.sequence, i.amount])).toEqual([[1, '30000.00']]);
      const paid = await ops.post(`/api/v1/installments/${open[0]!.id}/payments`, { amount: open[0]!.amount, reference: `BANK-${key}` });
      if (paid.status !== 201) throw new Error(`paying ${key}: ${paid.status} ${JSON.stringify(paid.body)}`);
    }
    // Day 40 of every placement.
    await advanceTo(server, day(placements.refund!, 40));
  }, 120_000);
  afterAll(() => server.close());

  it('a covered resignation on day 40 asking for a refund is decided and refunded at once; the placement ends refunded', async () => {
    const p = placements.refund!;
    const res = await file('refund', { reason: 'voluntary_resignation', lastWorkingDay: day(p, 40), remedy: 'refund', comment: '个人原因离职' });
    expect(res.status).toBe(201);
    const detail = await (await userOf(server, 'hr@huaxin.demo')).get<{ termsHash: string }>(`/api/v1/placements/${p.placementId}`);
    expect(res.body).toMatchObject({ state: 'refunded', remedy: 'refund', reportedOn: await businessToday(server), termsHash: detail.body.termsHash });
    // §4.3: refund 60,000.00 × (90 − 40) / 90 = 33,333.333… → 33,333.33 (half up); finalFee 60,000.00 − 33,333.33
    // = 26,666.67; paid 30,000.00, so cashRefund 30,000.00 − 26,666.67 = 3,333.33 and nothing is still due.
    expect(res.body.decision).toEqual({
      status: 'eligible',
      codes: [],
      daysServed: 40,
      allowedRemedies: ['replacement', 'refund'],
      remedyRejected: null,
      refund: { amount: '33333.33', finalFee: '26666.67', cashRefund: '3333.33', stillDue: '0.00' },
      replacement: { deliverBy: addDaysTo(res.body.reportedOn, 30), guaranteeDays: 90 },
    });
    expect(res.body.inWords.en.find((c) => c.clause === 'guarantee')!.text).toContain('40 days served');
    expect(res.body.inWords['zh-CN'].find((c) => c.clause === 'refund')!.text).toContain('33333.33 CNY');
    expect(await placementStatus('refund')).toBe('refunded');
    // §4.6: the unissued second installment is voided whole; no final installment (nothing still due). The cash
    // refund comes out of escrow (30,000.00 held); the remaining 26,666.67 is released: the platform 10 % =
    // 2,666.667 → 2,666.67 (half up), the deliverer 26,666.67 − 2,666.67 = 24,000.00. Nothing is clawed back.
    expect((await installmentsOf('refund')).map((i) => [i.sequence, i.trigger, i.amount, i.paid, i.voided, i.status])).toEqual([
      [1, 'start', '30000.00', '30000.00', '0.00', 'paid'],
      [2, 'guarantee_passed', '30000.00', '0.00', '30000.00', 'void'],
    ]);
    expect(await moneyOf('refund')).toEqual({
      currency: 'CNY', fee: '60000.00', finalFee: '26666.67', invoiced: '30000.00', received: '30000.00', inEscrow: '0.00',
      releasedToDeliverer: '24000.00', platformFees: '2666.67', refunded: '3333.33', clawedBack: '0.00', delivererOwes: '0.00',
    });
    expect((await checkLedger(server.deps.db)).violations).toEqual([]);
    // An ended placement takes no claim; its remaining check-ins are called off.
    expect((await file('refund', { reason: 'voluntary_resignation', lastWorkingDay: day(p, 40), remedy: 'refund' })).status).toBe(409);
    const forms = (await (await userOf(server, 'hr@huaxin.demo')).get<{ items: { status: string }[] }>(`/api/v1/placements/${p.placementId}/checkins`)).body.items;
    expect(forms.some((f) => f.status === 'scheduled')).toBe(false);
    // Both sides hear of it; the audit log holds every step with the decision and the terms hash.
    const c1 = await userOf(server, 'c1@talentbridge.demo');
    expect((await c1.get<{ items: { kind: string }[] }>('/api/v1/notifications?limit=50')).body.items.map((n) => n.kind)).toEqual(expect.arrayContaining(['claim.filed', 'claim.refunded']));
    const events = await server.deps.db.selectFrom('audit_events').select(['type', 'payload']).where('subject_id', '=', p.placementId).where('type', 'like', 'claim.%').orderBy('seq').execute();
    expect(events.map((e) => e.type)).toEqual(['claim.filed', 'claim.refunded']);
    expect(JSON.parse(events[0]!.payload)).toMatchObject({ claimId: res.body.id, termsHash: detail.body.termsHash, decision: res.body.decision });
  });

  it('a layoff is refused with reason_excluded; a claim reported 10 days after the last day with notice_late', async () => {
    const layoff = await file('layoff', { reason: 'layoff', lastWorkingDay: day(placements.layoff!, 40), remedy: 'refund' });
    expect(layoff.status).toBe(201);
    expect(layoff.body).toMatchObject({ state: 'rejected', decision: { status: 'ineligible', codes: ['reason_excluded'], allowedRemedies: [], refund: null } });
    expect(await placementStatus('layoff')).toBe('active');
    const late = await file('late', { reason: 'voluntary_resignation', lastWorkingDay: day(placements.late!, 30), remedy: null });
    expect(late.body).toMatchObject({ state: 'rejected', decision: { status: 'ineligible', codes: ['notice_late'] } });
    const notice = late.body.inWords.en.find((c) => c.clause === 'notice')!;
    expect(notice).toEqual({ clause: 'notice', met: false, text: 'Reported 10 days after the last working day; the terms allow 7.' });
    expect(late.body.inWords['zh-CN'].find((c) => c.clause === 'notice')!.text).toBe('在最后工作日后 10 天申报；条款允许 7 天。');
  });

  it('an installment unpaid past its due date and grace makes a claim ineligible with payment_overdue', async () => {
    const p = placements.overdue!;
    // 30,000.00 due on day 16, 5 days' grace: still unpaid when reported on day 40.
    expect((await installmentsOf('overdue'))[0]).toMatchObject({ dueDate: addDaysTo(p.startDate, 15), paid: '0.00', status: 'open' });
    const res = await file('overdue', { reason: 'voluntary_resignation', lastWorkingDay: day(p, 40), remedy: 'refund' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ state: 'rejected', decision: { status: 'ineligible', codes: ['payment_overdue'], allowedRemedies: [], refund: null, replacement: null } });
    expect(await placementStatus('overdue')).toBe('active');
    expect((await installmentsOf('overdue')).map((i) => i.status)).toEqual(['open', 'scheduled']);
  });

  it('a review reason waits in the ops queue; covered, it goes on and the poster picks the refund; a second open claim is refused', async () => {
    const filed = await file('review', { reason: 'mutual_agreement', lastWorkingDay: day(placements.review!, 39), remedy: null });
    expect(filed.body).toMatchObject({ state: 'pending_review', decision: { status: 'needs_review', codes: [] } });
    expect((await file('review', { reason: 'voluntary_resignation', lastWorkingDay: day(placements.review!, 39), remedy: 'refund' })).status).toBe(409);
    const ops = await userOf(server, 'ops@tenure.demo');
    const queue = await ops.get<{ items: Claim[] }>('/api/v1/claims?state=pending_review');
    expect(queue.body.items.map((c) => c.id)).toContain(filed.body.id);
    const hr = await userOf(server, 'hr@huaxin.demo');
    expect((await hr.post(`/api/v1/claims/${filed.body.id}/review`, { covered: true, reason: 'x' })).status).toBe(403);
    const reviewed = await ops.post<Claim & { review: { covered: boolean; reason: string } }>(`/api/v1/claims/${filed.body.id}/review`, { covered: true, reason: '双方协商系因岗位调整，按主动离职处理' });
    expect(reviewed.status).toBe(200);
    expect(reviewed.body).toMatchObject({ state: 'awaiting_remedy', review: { covered: true, reason: '双方协商系因岗位调整，按主动离职处理' } });
    expect((await ops.post(`/api/v1/claims/${filed.body.id}/review`, { covered: false, reason: 'again' })).status).toBe(409);
    expect((await hr.post(`/api/v1/claims/${filed.body.id}/remedy`, { remedy: 'bogus' })).status).toBe(400);
    const chosen = await hr.post<Claim>(`/api/v1/claims/${filed.body.id}/remedy`, { remedy: 'refund' });
    expect(chosen.body).toMatchObject({ state: 'refunded', remedy: 'refund', decision: { daysServed: 39, refund: { amount: '34000.00' } } });
    expect(await placementStatus('review')).toBe('refunded');
  });

  it('not covered by review, the claim is rejected and the placement carries on (a new claim may be filed)', async () => {
    const filed = await file('notCovered', { reason: 'other', lastWorkingDay: day(placements.notCovered!, 40), remedy: 'refund' });
    const ops = await userOf(server, 'ops@tenure.demo');
    const reviewed = await ops.post<Claim>(`/api/v1/claims/${filed.body.id}/review`, { covered: false, reason: '证据显示为用人单位单方调岗' });
    expect(reviewed.body.state).toBe('rejected');
    expect(await placementStatus('notCovered')).toBe('active');
  });

  it('a replacement not hired by deliverBy is overdue; the poster converts it to a refund as of the original report', async () => {
    const p = placements.replacement!;
    const filed = await file('replacement', { reason: 'probation_failed', lastWorkingDay: day(p, 40), remedy: 'replacement' });
    expect(filed.body).toMatchObject({ state: 'replacement_pending', deliverBy: addDaysTo(filed.body.reportedOn, 30) });
    expect(await placementStatus('replacement')).toBe('replacing');
    const hr = await userOf(server, 'hr@huaxin.demo');
    expect((await hr.post(`/api/v1/claims/${filed.body.id}/convert-to-refund`)).status).toBe(409);
    await advanceTo(server, filed.body.deliverBy!);
    expect((await hr.get<Claim>(`/api/v1/claims/${filed.body.id}`)).body.state).toBe('replacement_pending');
    await advanceDays(server, 1);
    expect((await hr.get<Claim>(`/api/v1/claims/${filed.body.id}`)).body.state).toBe('replacement_overdue');
    const c1 = await userOf(server, 'c1@talentbridge.demo');
    expect((await c1.get<{ items: { kind: string }[] }>('/api/v1/notifications?limit=50')).body.items.map((n) => n.kind)).toContain('claim.replacement_overdue');
    expect((await c1.post(`/api/v1/claims/${filed.body.id}/convert-to-refund`)).status).toBe(403);
    const converted = await hr.post<Claim>(`/api/v1/claims/${filed.body.id}/convert-to-refund`);
    expect(converted.status).toBe(200);
    expect(converted.body).toMatchObject({ state: 'refunded', reportedOn: filed.body.reportedOn, decision: { daysServed: 40, refund: { amount: '33333.33' } } });
    expect(await placementStatus('replacement')).toBe('refunded');
  });

  it('a claim open when the guarantee falls due holds it; ended without a refund, the guarantee passes and escrow is released', async () => {
    const p = placements.layoff!;
    const filed = await file('layoff', { reason: 'other', lastWorkingDay: await businessToday(server), remedy: null });
    expect(filed.body.state).toBe('pending_review');
    await advanceTo(server, day(p, 92));
    // start + 90 has come and gone: the placement waits, its payment still in escrow, the last installment unissued.
    expect(await placementStatus('layoff')).toBe('active');
    expect(await moneyOf('layoff')).toMatchObject({ received: '30000.00', inEscrow: '30000.00', releasedToDeliverer: '0.00', platformFees: '0.00' });
    expect((await installmentsOf('layoff')).map((i) => i.status)).toEqual(['paid', 'scheduled']);
    const guaranteeEnds = async () =>
      server.deps.db.selectFrom('obligations').select(['status', 'due_at']).where('subject_id', '=', p.placementId).where('kind', '=', 'guarantee.end').orderBy('created_at').execute();
    expect(await guaranteeEnds()).toHaveLength(1);
    const ops = await userOf(server, 'ops@tenure.demo');
    expect((await ops.post<Claim>(`/api/v1/claims/${filed.body.id}/review`, { covered: false, reason: '非保障原因' })).body.state).toBe('rejected');
    const after = await guaranteeEnds();
    expect(after).toHaveLength(2);
    expect(after[1]!.due_at <= server.deps.clock.now().toISOString()).toBe(true);
    await runDueObligations({ db: server.deps.db, dialect: server.deps.dialect, now: () => server.deps.clock.now(), handlers: server.deps.obligationHandlers });
    expect(await placementStatus('layoff')).toBe('guarantee_passed');
    // The 30,000.00 held is released: the platform 10 % = 3,000.00, the deliverer 27,000.00; the second installment is issued.
    expect(await moneyOf('layoff')).toMatchObject({ received: '30000.00', inEscrow: '0.00', releasedToDeliverer: '27000.00', platformFees: '3000.00', refunded: '0.00' });
    expect((await installmentsOf('layoff')).map((i) => [i.sequence, i.status, i.amount])).toEqual([[1, 'paid', '30000.00'], [2, 'open', '30000.00']]);
    expect((await checkLedger(server.deps.db)).violations).toEqual([]);
  });

  it('lists claims by state for each side; another tenant sees none of them', async () => {
    const hr = await userOf(server, 'hr@huaxin.demo');
    const mine = await hr.get<{ items: Claim[] }>('/api/v1/claims?state=refunded');
    expect(mine.body.items.length).toBe(3);
    const other = await userOf(server, 'admin@bluepeak.demo');
    expect((await other.get<{ items: Claim[] }>('/api/v1/claims')).body.items).toEqual([]);
    expect((await other.get(`/api/v1/claims/${mine.body.items[0]!.id}`)).status).toBe(404);
  });
});
