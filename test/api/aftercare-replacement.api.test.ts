import { randomInt } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkLedger } from '../../src/ledger/service.ts';
import { DATABASE_KINDS } from '../support/databases.ts';
import { activePlacement, addDaysTo, advanceTo, businessToday, userOf, type ActivePlacement } from '../support/lifecycle-fixture.ts';
import { orderBody, planVersionIdOf, postOrder, takeOrder } from '../support/marketplace-fixture.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

type Claim = {
  id: string;
  placementId: string;
  state: string;
  reportedOn: string;
  deliverBy: string | null;
  remedy: string | null;
  remedyRejected?: never;
  replacementPlacementId: string | null;
  decision: { status: string; daysServed: number; allowedRemedies: string[]; remedyRejected: string | null; refund: { amount: string; finalFee: string; cashRefund: string; stillDue: string } | null; replacement: { deliverBy: string; guaranteeDays: number } | null };
  placement: { fee: string; guaranteeDays: number; replacesPlacementId: string | null };
  replacement: { orderId: string; submissions: { id: string; stage: string; placementId: string | null }[]; placement: { id: string; status: string; startDate: string; guaranteeDays: number } | null } | null;
};
type Placement = { id: string; status: string; fee: string; termsHash: string; agreementHash: string; agreement: Record<string, string>; guaranteeDays: number; replacesPlacementId: string | null; replacedBy: { id: string; status: string } | null; installments: unknown[]; obligations: { kind: string; date: string | null; status: string }[] };
type Installment = { id: string; sequence: number; trigger: string; triggerDate: string; dueDate: string; amount: string; paid: string; voided: string; status: string };
type Order = { id: string; status: string; hiredCount: number; reopenedForReplacement: { claimId: string | null; forYourAgency: boolean } | null };

const HR = 'hr@huaxin.demo';
const OPS = 'ops@tenure.demo';
const DELIVERER = 'c1@talentbridge.demo';
const COLLEAGUE = 'c2@talentbridge.demo';
const RIVAL = 'c1@apexsearch.demo';
const OUTSIDER = 'c2@apexsearch.demo';

/**
 * The replacement remedy through the API (DESIGN §4.5, §4.6) on Standard placements: fee 60,000.00 CNY (20 % of
 * 300,000.00), a 90-day guarantee, one free replacement delivered within 30 days with a fresh guarantee, or a linear
 * refund; 30,000.00 on start (paid on day 1 here) and 30,000.00 when the guarantee passes, held in escrow until then.
 */
describe.each(DATABASE_KINDS)('replacements on %s', (database) => {
  let server: TestServer;
  const placements: Record<string, ActivePlacement> = {};
  const claims: Record<string, Claim> = {};
  let reportedOn = '';
  const day = (start: string, n: number) => addDaysTo(start, n - 1);
  const as = (email: string) => userOf(server, email);
  const getPlacement = async (id: string) => (await (await as(HR)).get<Placement>(`/api/v1/placements/${id}`)).body;
  const getClaim = async (id: string) => (await (await as(HR)).get<Claim>(`/api/v1/claims/${id}`)).body;
  const getOrder = async (email: string, id: string) => (await as(email)).get<Order>(`/api/v1/orders/${id}`);
  const installmentsOf = async (id: string) => (await (await as(HR)).get<{ items: Installment[] }>(`/api/v1/placements/${id}/installments`)).body.items;
  const moneyOf = async (id: string) => (await (await as(HR)).get<Record<string, string>>(`/api/v1/placements/${id}/money`)).body;
  const ledgerHolds = async () => expect((await checkLedger(server.deps.db)).violations).toEqual([]);

  async function submit(consultant: string, orderId: string) {
    const phone = `138${String(randomInt(0, 100_000_000)).padStart(8, '0')}`;
    return (await as(consultant)).post<{ submission: { id: string; replacementClaimId: string | null } }>(`/api/v1/orders/${orderId}/submissions`, {
      candidateName: '替补候选人',
      phone,
      email: `replacement-${phone}@example.com`,
      notes: '',
    });
  }

  async function hire(submissionId: string, startDate: string) {
    const hr = await as(HR);
    expect((await hr.post(`/api/v1/submissions/${submissionId}/stage`, { to: 'offered' })).status).toBe(200);
    return hr.post<{ placementId: string | null }>(`/api/v1/submissions/${submissionId}/stage`, { to: 'hired', hire: { startDate, annualSalary: '320000.00', confirmOutsideRange: true } });
  }

  async function acceptBoth(placementId: string, deliverer: string) {
    const p = await getPlacement(placementId);
    for (const email of [HR, deliverer]) expect((await (await as(email)).post(`/api/v1/placements/${placementId}/accept`, { agreementHash: p.agreementHash })).status).toBe(200);
  }

  /** Like activePlacement, but a consultant of another agency takes the order too before the hire. */
  async function placementWithRival(): Promise<ActivePlacement> {
    const hr = await as(HR);
    const admin = await as('admin@huaxin.demo');
    const startDate = addDaysTo(await businessToday(server), 1);
    const order = await postOrder(admin, server.ids.orgs.huaxin!, orderBody(await planVersionIdOf(admin, 'standard')), { open: true });
    expect((await takeOrder(await as(DELIVERER), order.id)).status).toBe(201);
    expect((await takeOrder(await as(RIVAL), order.id)).status).toBe(201);
    const submitted = await submit(DELIVERER, order.id);
    expect(submitted.status).toBe(201);
    const hired = await hr.post<{ placementId: string }>(`/api/v1/submissions/${submitted.body.submission.id}/stage`, { to: 'offered' }).then(() =>
      hr.post<{ placementId: string }>(`/api/v1/submissions/${submitted.body.submission.id}/stage`, { to: 'hired', hire: { startDate, annualSalary: '300000.00', confirmOutsideRange: true } }),
    );
    expect(hired.status).toBe(200);
    await acceptBoth(hired.body.placementId, DELIVERER);
    const p = await getPlacement(hired.body.placementId);
    return { placementId: p.id, termsHash: p.termsHash, orderId: order.id, submissionId: submitted.body.submission.id, startDate };
  }

  beforeAll(async () => {
    server = await startTestServer({ database });
    placements.replace = await placementWithRival();
    for (const key of ['chain', 'missed']) placements[key] = await activePlacement(server, { poster: 'admin@huaxin.demo', consultant: DELIVERER, plan: 'standard', annualSalary: '300000.00' });
    // Day 1: the first installment is issued, and paid in full that day.
    await advanceTo(server, placements.replace.startDate);
    const ops = await as(OPS);
    for (const p of Object.values(placements)) {
      const open = (await installmentsOf(p.placementId)).filter((i) => i.status === 'open');
      expect(open.map((i) => i.amount)).toEqual(['30000.00']);
      expect((await ops.post(`/api/v1/installments/${open[0]!.id}/payments`, { amount: '30000.00', reference: 'BANK' })).status).toBe(201);
    }
    // Day 40: each hire resigns that day, and the poster asks for the free replacement.
    await advanceTo(server, day(placements.replace.startDate, 40));
    reportedOn = await businessToday(server);
    for (const [key, p] of Object.entries(placements)) {
      const res = await (await as(HR)).post<Claim>(`/api/v1/placements/${p.placementId}/claims`, { reason: 'voluntary_resignation', lastWorkingDay: reportedOn, remedy: 'replacement' });
      expect(res.status).toBe(201);
      claims[key] = res.body;
    }
  }, 180_000);
  afterAll(() => server.close());

  it('a covered resignation with remedy replacement reopens the order for the delivering agency alone', async () => {
    const p = placements.replace!;
    const claim = claims.replace!;
    expect(claim).toMatchObject({ state: 'replacement_pending', deliverBy: addDaysTo(reportedOn, 30), decision: { daysServed: 40, replacement: { deliverBy: addDaysTo(reportedOn, 30), guaranteeDays: 90 } } });
    expect((await getPlacement(p.placementId)).status).toBe('replacing');
    // The poster sees the order open again, reserved for the claim; its own people may not pause or close it meanwhile.
    const asPoster = await getOrder(HR, p.orderId);
    expect(asPoster.body).toMatchObject({ status: 'open', hiredCount: 1, reopenedForReplacement: { claimId: claim.id, forYourAgency: false } });
    expect((await (await as('admin@huaxin.demo')).post(`/api/v1/orders/${p.orderId}/pause`)).status).toBe(409);
    // Another consultant of the delivering agency finds it in the marketplace and takes it.
    const colleague = await as(COLLEAGUE);
    const market = await colleague.get<{ items: { id: string }[] }>('/api/v1/marketplace/orders?sort=newest&limit=100');
    expect(market.body.items.map((o) => o.id)).toContain(p.orderId);
    expect((await getOrder(COLLEAGUE, p.orderId)).body.reopenedForReplacement).toEqual({ claimId: claim.id, forYourAgency: true });
    expect((await takeOrder(colleague, p.orderId)).status).toBe(201);
    // Another agency neither sees it nor takes it; its consultant engaged before the hire may not submit to it.
    const outsider = await as(OUTSIDER);
    expect((await outsider.get<{ items: { id: string }[] }>('/api/v1/marketplace/orders?sort=newest&limit=100')).body.items.map((o) => o.id)).not.toContain(p.orderId);
    expect((await getOrder(OUTSIDER, p.orderId)).status).toBe(404);
    expect((await takeOrder(outsider, p.orderId)).status).toBe(404);
    const rivalTry = await submit(RIVAL, p.orderId);
    expect(rivalTry.status).toBe(403);
    expect(rivalTry.body).toMatchObject({ error: { code: 'forbidden', details: { reason: 'reopened_for_replacement' } } });
    // The deliverer's consultants hear of it: the claim (the delivering consultant), the order (the agency's admins).
    const kinds = async (email: string) => (await (await as(email)).get<{ items: { kind: string }[] }>('/api/v1/notifications?limit=50')).body.items.map((n) => n.kind);
    expect(await kinds(DELIVERER)).toContain('claim.replacement_pending');
    expect(await kinds('admin@talentbridge.demo')).toContain('job_order.reopened_for_replacement');
  });

  it('a replacement hired before deliverBy is a linked placement with no fee; the claim and the original are replaced; the order fills again', async () => {
    const p = placements.replace!;
    const claim = claims.replace!;
    const submitted = await submit(COLLEAGUE, p.orderId);
    expect(submitted.status).toBe(201);
    expect(submitted.body.submission.replacementClaimId).toBe(claim.id);
    const startDate = addDaysTo(reportedOn, 5);
    const hired = await hire(submitted.body.submission.id, startDate);
    expect(hired.status).toBe(200);
    const replacementId = hired.body.placementId!;
    const original = await getPlacement(p.placementId);
    const replacement = await getPlacement(replacementId);
    expect(replacement).toMatchObject({ status: 'pending_acceptance', fee: '0.00', termsHash: original.termsHash, guaranteeDays: 90, replacesPlacementId: p.placementId, installments: [] });
    // Both sides accept the replacement as such: what it replaces and the guarantee it runs are in the agreement.
    expect(replacement.agreement).toMatchObject({ replaces: p.placementId, guaranteeDays: '90', fee: '0.00' });
    // The list shows the replacement with the same agreement hash as its page (the list reads no terms).
    const listed = (await (await as(HR)).get<{ items: { id: string; agreementHash: string }[] }>('/api/v1/placements?limit=100')).body.items.find((i) => i.id === replacementId);
    expect(listed?.agreementHash).toBe(replacement.agreementHash);
    expect(original).toMatchObject({ status: 'replaced', replacedBy: { id: replacementId, status: 'pending_acceptance' } });
    // The original's remaining check-ins and guarantee end are called off: its replacement carries on.
    expect(original.obligations.filter((o) => o.kind === 'guarantee.end').map((o) => o.status)).toEqual(['cancelled']);
    const after = await getClaim(claim.id);
    expect(after).toMatchObject({ state: 'replaced', replacementPlacementId: replacementId, replacement: { orderId: p.orderId, placement: { id: replacementId, startDate, guaranteeDays: 90 } } });
    expect(after.replacement!.submissions.map((s) => [s.id, s.stage, s.placementId])).toEqual([[submitted.body.submission.id, 'hired', replacementId]]);
    // The hire takes the place of the one it replaces: the order is filled again, and no longer reserved.
    expect((await getOrder(HR, p.orderId)).body).toMatchObject({ status: 'filled', hiredCount: 1, reopenedForReplacement: null });
    expect((await getOrder(OUTSIDER, p.orderId)).status).toBe(404);
    // Once replaced, a second hire for the same claim is refused.
    const late = await submit(COLLEAGUE, p.orderId);
    expect(late.status).toBe(409);

    // Both sides accept like any placement; then the original's pending money moves to the replacement's guarantee end.
    await acceptBoth(replacementId, COLLEAGUE);
    expect((await getPlacement(replacementId)).status).toBe('active');
    const guaranteeEnd = addDaysTo(startDate, 90);
    expect((await installmentsOf(p.placementId)).map((i) => [i.sequence, i.trigger, i.triggerDate, i.dueDate, i.amount, i.status])).toEqual([
      [1, 'start', p.startDate, addDaysTo(p.startDate, 15), '30000.00', 'paid'],
      [2, 'guarantee_passed', guaranteeEnd, addDaysTo(guaranteeEnd, 15), '30000.00', 'scheduled'],
    ]);
    expect(await installmentsOf(replacementId)).toEqual([]);
    expect(await moneyOf(p.placementId)).toMatchObject({ fee: '60000.00', received: '30000.00', inEscrow: '30000.00', releasedToDeliverer: '0.00' });
    expect(await moneyOf(replacementId)).toMatchObject({ fee: '0.00', received: '0.00', inEscrow: '0.00' });
    const events = await server.deps.db.selectFrom('audit_events').select(['type', 'payload']).where('subject_id', '=', p.placementId).where('type', 'in', ['claim.replaced', 'money.moved_to_replacement']).orderBy('seq').execute();
    expect(events.map((e) => e.type)).toEqual(['claim.replaced', 'money.moved_to_replacement']);
    expect(JSON.parse(events[1]!.payload)).toEqual({ replacementPlacementId: replacementId, guaranteeEndsOn: guaranteeEnd, installments: [{ sequence: 2, triggerDate: guaranteeEnd, dueDate: addDaysTo(guaranteeEnd, 15) }] });
    expect((await (await as(HR)).get<{ items: { kind: string }[] }>('/api/v1/notifications?limit=50')).body.items.map((n) => n.kind)).toContain('claim.replaced');
    await ledgerHolds();
  });

  it('a second claim on a replacement counts the replacement used along the chain; its refund settles on the first hire’s money', async () => {
    const p = placements.chain!;
    const submitted = await submit(DELIVERER, p.orderId);
    const replacementStart = addDaysTo(reportedOn, 1);
    const hired = await hire(submitted.body.submission.id, replacementStart);
    expect(hired.status).toBe(200);
    const replacementId = hired.body.placementId!;
    await acceptBoth(replacementId, DELIVERER);
    // Day 10 of the replacement: it resigns too, and the poster asks for another replacement.
    await advanceTo(server, day(replacementStart, 10));
    const second = await (await as(HR)).post<Claim>(`/api/v1/placements/${replacementId}/claims`, { reason: 'voluntary_resignation', lastWorkingDay: day(replacementStart, 10), remedy: 'replacement' });
    expect(second.status).toBe(201);
    // §4.3 on the chain: one replacement allowed, one used → exhausted; decided on the first hire's fee (the
    // replacement has none): refund 60,000.00 × (90 − 10) / 90 = 53,333.33; finalFee 6,666.67; paid 30,000.00, so
    // 23,333.33 comes back in cash.
    expect(second.body).toMatchObject({
      state: 'awaiting_remedy',
      placement: { fee: '60000.00', guaranteeDays: 90, replacesPlacementId: p.placementId },
      decision: { status: 'eligible', daysServed: 10, allowedRemedies: ['refund'], remedyRejected: 'replacements_exhausted', refund: { amount: '53333.33', finalFee: '6666.67', cashRefund: '23333.33', stillDue: '0.00' }, replacement: null },
    });
    const refunded = await (await as(HR)).post<Claim>(`/api/v1/claims/${second.body.id}/remedy`, { remedy: 'refund' });
    expect(refunded.body.state).toBe('refunded');
    expect((await getPlacement(replacementId)).status).toBe('refunded');
    // The first hire's money settles: its moved installment is voided, the cash refund comes out of escrow and the
    // remaining 6,666.67 is released (the platform 10 % = 666.67, the deliverer 6,000.00).
    expect((await installmentsOf(p.placementId)).map((i) => [i.sequence, i.status, i.voided])).toEqual([[1, 'paid', '0.00'], [2, 'void', '30000.00']]);
    expect(await moneyOf(p.placementId)).toMatchObject({ finalFee: '6666.67', received: '30000.00', inEscrow: '0.00', refunded: '23333.33', releasedToDeliverer: '6000.00', platformFees: '666.67' });
    await ledgerHolds();

    // The poster disputes the amount; the arbitrator adjusts it to 56,666.67. The replacement has no fee of its own:
    // the bound and the settlement are the chain's first hire's (before: refused as above the replacement's 0.00).
    const raised = await (await as(HR)).post<{ id: string }>('/api/v1/disputes', { type: 'refund_amount', subjectId: second.body.id, statement: '替补人选只工作了一周' });
    expect(raised.status).toBe(201);
    expect((await (await as(DELIVERER)).post(`/api/v1/disputes/${raised.body.id}/responses`, { statement: '按条款计算无误' })).status).toBe(200);
    const arbitratorId = server.ids.users['arbitrator@tenure.demo']!;
    expect((await (await as(OPS)).post(`/api/v1/disputes/${raised.body.id}/assign`, { arbitratorUserId: arbitratorId })).status).toBe(200);
    const decided = await (await as('arbitrator@tenure.demo')).post(`/api/v1/disputes/${raised.body.id}/decision`, { outcome: 'adjust', amount: '56666.67', reasons: '替补人选服务天数较短' });
    expect(decided.status, JSON.stringify(decided.body)).toBe(200);
    // Only the difference (3,333.34) moves: nothing is left in escrow, so it is clawed back.
    expect(await moneyOf(p.placementId)).toMatchObject({ finalFee: '3333.33', refunded: '26666.67', inEscrow: '0.00' });
    await ledgerHolds();
  });

  it('a replacement missed by deliverBy is overdue: a hire is refused with replacement_overdue; converted, it is refunded and the order closes again', async () => {
    const p = placements.missed!;
    const claim = claims.missed!;
    const submitted = await submit(DELIVERER, p.orderId);
    expect(submitted.body.submission.replacementClaimId).toBe(claim.id);
    await advanceTo(server, addDaysTo(claim.deliverBy!, 1));
    expect((await getClaim(claim.id)).state).toBe('replacement_overdue');
    const refused = await hire(submitted.body.submission.id, addDaysTo(claim.deliverBy!, 3));
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ error: { code: 'replacement_overdue', details: { deliverBy: claim.deliverBy } } });
    // Nothing was written: no placement, the submission still offered, the order still reserved.
    expect((await (await as(HR)).get<{ submission: { stage: string }; placementId: string | null }>(`/api/v1/submissions/${submitted.body.submission.id}`)).body).toMatchObject({ submission: { stage: 'offered' }, placementId: null });
    expect((await getOrder(HR, p.orderId)).body).toMatchObject({ status: 'open', reopenedForReplacement: { claimId: claim.id } });
    const converted = await (await as(HR)).post<Claim>(`/api/v1/claims/${claim.id}/convert-to-refund`);
    expect(converted.body).toMatchObject({ state: 'refunded', decision: { daysServed: 40, refund: { amount: '33333.33', cashRefund: '3333.33' } } });
    expect((await getOrder(HR, p.orderId)).body).toMatchObject({ status: 'filled', reopenedForReplacement: null });
    await ledgerHolds();
  });

  it('the replacement’s guarantee passes on its own start + 90: the original’s moved installment is issued and its escrow released', async () => {
    const claim = await getClaim(claims.replace!.id);
    const replacement = claim.replacement!.placement!;
    const original = placements.replace!.placementId;
    const passesOn = addDaysTo(replacement.startDate, 90);
    await advanceTo(server, addDaysTo(passesOn, -1));
    expect((await getPlacement(replacement.id)).status).toBe('active');
    expect(await moneyOf(original)).toMatchObject({ inEscrow: '30000.00' });
    await advanceTo(server, passesOn);
    expect((await getPlacement(replacement.id)).status).toBe('guarantee_passed');
    expect((await getPlacement(original)).status).toBe('replaced');
    // 30,000.00 held is released: the platform 3,000.00, the deliverer 27,000.00; the second installment is invoiced.
    expect(await moneyOf(original)).toMatchObject({ received: '30000.00', inEscrow: '0.00', releasedToDeliverer: '27000.00', platformFees: '3000.00', refunded: '0.00' });
    expect((await installmentsOf(original)).map((i) => [i.sequence, i.status, i.triggerDate, i.dueDate])).toEqual([
      [1, 'paid', placements.replace!.startDate, addDaysTo(placements.replace!.startDate, 15)],
      [2, 'open', passesOn, addDaysTo(passesOn, 15)],
    ]);
    await ledgerHolds();
  });
});
