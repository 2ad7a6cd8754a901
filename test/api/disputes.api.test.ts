import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkLedger } from '../../src/ledger/service.ts';
import { DATABASE_KINDS } from '../support/databases.ts';
import { minimalExe, minimalPdf } from '../support/file-fixtures.ts';
import { activePlacement, addDaysTo, advanceTo, businessToday, userOf, type ActivePlacement } from '../support/lifecycle-fixture.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

type Dispute = {
  id: string;
  type: string;
  state: string;
  claimId: string | null;
  raisedBy: { side: string };
  respondent: { side: string };
  arbitratorUserId: string | null;
  deadlines: { contestedOn: string; windowClosesOn: string; raisedOn: string; answerBy: string; decideBy: string };
  statement: string;
  response: { statement: string | null; missed: boolean };
  evidence: { fileId: string; side: string; sha256: string; mediaType: string; downloadUrl: string }[];
  decision: { outcome: string; amount: string | null; reasons: string; decidedOn: string; effects: Record<string, unknown> } | null;
  overdue: boolean;
  overdueOn: string | null;
  can: { respond: boolean; decide: boolean; assign: boolean };
};
type Claim = { id: string; state: string; setAsideCodes: string[]; decision: { status: string; codes: string[]; refund: { amount: string; cashRefund: string; stillDue: string } | null } };

const HR = 'hr@huaxin.demo';
const C1 = 'c1@talentbridge.demo';
const OPS = 'ops@tenure.demo';
const ARB = 'arbitrator@tenure.demo';

/**
 * Disputes through the API (DESIGN §4.8, §4.13) on Standard placements: fee 60,000.00 CNY, 90-day guarantee, 7 days
 * to report, a linear refund; 30,000.00 paid on the start day and held in escrow; the platform keeps 10 % of a
 * release. Every claim is reported on day 40.
 */
describe.each(DATABASE_KINDS)('disputes on %s', (database) => {
  let server: TestServer;
  const p: Record<string, ActivePlacement> = {};
  const claims: Record<string, Claim> = {};
  const disputes: Record<string, Dispute> = {};
  let arbitratorId: string;
  const day = (key: string, n: number) => addDaysTo(p[key]!.startDate, n - 1);
  const as = (email: string) => userOf(server, email);
  const money = async (key: string) => (await (await as(HR)).get<Record<string, string>>(`/api/v1/placements/${p[key]!.placementId}/money`)).body;
  const claimOf = async (key: string) => (await (await as(HR)).get<Claim>(`/api/v1/claims/${claims[key]!.id}`)).body;
  const raise = async (email: string, body: Record<string, unknown>) => (await as(email)).post<Dispute>('/api/v1/disputes', body);
  const ledgerClean = async () => expect((await checkLedger(server.deps.db)).violations).toEqual([]);

  beforeAll(async () => {
    server = await startTestServer({ database });
    for (const key of ['overturn', 'more', 'less', 'late', 'silent']) p[key] = await activePlacement(server, { poster: 'admin@huaxin.demo', consultant: C1, plan: 'standard', annualSalary: '300000.00' });
    await advanceTo(server, day('overturn', 1));
    const ops = await as(OPS);
    for (const key of Object.keys(p)) {
      const open = (await (await as(HR)).get<{ items: { id: string; status: string; amount: string }[] }>(`/api/v1/placements/${p[key]!.placementId}/installments`)).body.items.filter((i) => i.status === 'open');
      expect((await ops.post(`/api/v1/installments/${open[0]!.id}/payments`, { amount: open[0]!.amount, reference: `BANK-${key}` })).status).toBe(201);
    }
    await advanceTo(server, day('overturn', 40));
    const hr = await as(HR);
    // Last day 30, reported on day 40: 10 days late, the terms allow 7.
    for (const key of ['overturn', 'late', 'silent']) {
      const res = await hr.post<Claim>(`/api/v1/placements/${p[key]!.placementId}/claims`, { reason: 'voluntary_resignation', lastWorkingDay: day(key, 30), remedy: 'refund' });
      expect(res.body).toMatchObject({ state: 'rejected', decision: { codes: ['notice_late'] } });
      claims[key] = res.body;
    }
    for (const key of ['more', 'less']) {
      const res = await hr.post<Claim>(`/api/v1/placements/${p[key]!.placementId}/claims`, { reason: 'voluntary_resignation', lastWorkingDay: day(key, 40), remedy: 'refund' });
      expect(res.body).toMatchObject({ state: 'refunded', decision: { refund: { amount: '33333.33', cashRefund: '3333.33', stillDue: '0.00' } } });
      claims[key] = res.body;
    }
    arbitratorId = server.ids.users[ARB]!;
  }, 180_000);
  afterAll(() => server.close());

  it('a party raises a dispute within the window, with a statement and evidence of its own; deadlines count from the day raised', async () => {
    const hr = await as(HR);
    const today = await businessToday(server);
    const pdf = await hr.post<Dispute>('/api/v1/disputes', { type: 'claim_decision', subjectId: claims.overturn!.id, statement: '员工提前递交了辞职信，通知并未迟延' });
    expect(pdf.status).toBe(201);
    expect(pdf.body).toMatchObject({
      type: 'claim_decision',
      claimId: claims.overturn!.id,
      state: 'awaiting_response',
      raisedBy: { side: 'poster' },
      respondent: { side: 'deliverer' },
      arbitratorUserId: null,
      deadlines: { contestedOn: today, windowClosesOn: addDaysTo(today, 30), raisedOn: today, answerBy: addDaysTo(today, 7), decideBy: addDaysTo(today, 14) },
      response: { statement: null, missed: false },
      decision: null,
      overdue: false,
    });
    disputes.overturn = pdf.body;
    // Evidence: sniffed, hashed, readable by both parties; an executable is refused.
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(minimalPdf())], { type: 'application/octet-stream' }), 'letter.pdf');
    const up = await fetch(`${server.url}/api/v1/disputes/${pdf.body.id}/evidence`, { method: 'POST', headers: { cookie: hr.cookie!, 'x-csrf-token': hr.csrfToken! }, body: form });
    expect(up.status).toBe(201);
    const withEvidence = (await up.json()) as Dispute;
    expect(withEvidence.evidence).toHaveLength(1);
    expect(withEvidence.evidence[0]).toMatchObject({ side: 'poster', mediaType: 'application/pdf', sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    const bad = new FormData();
    bad.append('file', new Blob([new Uint8Array(minimalExe())]), 'letter.pdf');
    const refused = await fetch(`${server.url}/api/v1/disputes/${pdf.body.id}/evidence`, { method: 'POST', headers: { cookie: hr.cookie!, 'x-csrf-token': hr.csrfToken! }, body: bad });
    expect(refused.status).toBe(415);
    expect((await (await as(C1)).get(withEvidence.evidence[0]!.downloadUrl)).status).toBe(200);
    expect((await (await as('hr@bluepeak.demo')).get(withEvidence.evidence[0]!.downloadUrl)).status).toBe(404);

    // The deliverer disputes a refund it finds too large; the poster one it finds too small.
    const more = await raise(HR, { type: 'refund_amount', subjectId: claims.more!.id, statement: '退款金额应按实际服务天数重新计算' });
    expect(more.status).toBe(201);
    disputes.more = more.body;
    const less = await raise(C1, { type: 'refund_amount', subjectId: claims.less!.id, statement: 'The candidate worked longer than reported.' });
    expect(less.status).toBe(201);
    expect(less.body).toMatchObject({ raisedBy: { side: 'deliverer' }, respondent: { side: 'poster' } });
    disputes.less = less.body;
    const silent = await raise(HR, { type: 'claim_decision', subjectId: claims.silent!.id, statement: '通知并未迟延' });
    expect(silent.status).toBe(201);
    disputes.silent = silent.body;
  });

  it('one open dispute per subject; only a party raises, and only the poster disputes a rejection', async () => {
    const again = await raise(HR, { type: 'claim_decision', subjectId: claims.overturn!.id, statement: 'again' });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ error: { code: 'dispute_open', details: { disputeId: disputes.overturn!.id } } });
    const otherType = await raise(HR, { type: 'refund_amount', subjectId: claims.more!.id, statement: 'again' });
    expect(otherType.body).toMatchObject({ error: { code: 'dispute_open' } });
    expect((await raise(C1, { type: 'claim_decision', subjectId: claims.late!.id, statement: 'x' })).status).toBe(403);
    for (const email of ['hr@bluepeak.demo', 'c1@apexsearch.demo', ARB, OPS]) {
      const res = await raise(email, { type: 'claim_decision', subjectId: claims.late!.id, statement: 'x' });
      expect(res.status, email).toBe(404);
    }
    // A refund amount is disputed on a refunded claim, a rejection on a rejected one.
    expect((await raise(HR, { type: 'refund_amount', subjectId: claims.late!.id, statement: 'x' })).body).toMatchObject({ error: { code: 'conflict' } });
  });

  it('ops assign an arbitrator; one tied to a party is refused with arbitrator_conflict; the arbitrator sees only what is assigned to it', async () => {
    const arb = await as(ARB);
    const ops = await as(OPS);
    expect((await arb.get(`/api/v1/disputes/${disputes.overturn!.id}`)).status).toBe(404);
    expect((await arb.get<{ items: Dispute[] }>('/api/v1/disputes')).body.items).toEqual([]);
    const huaxin = server.ids.orgs.huaxin!;
    const tied = await arb.put('/api/v1/arbitrators/me/ties', { orgIds: [huaxin] });
    expect(tied.status).toBe(200);
    expect(tied.body).toMatchObject({ id: arbitratorId, tiedOrgIds: [huaxin] });
    expect((await ops.get<{ items: { id: string; tiedOrgIds: string[] }[] }>('/api/v1/arbitrators')).body.items).toContainEqual({ id: arbitratorId, name: expect.any(String), tiedOrgIds: [huaxin] });
    const conflict = await ops.post(`/api/v1/disputes/${disputes.overturn!.id}/assign`, { arbitratorUserId: arbitratorId });
    expect(conflict.status).toBe(409);
    expect(conflict.body).toMatchObject({ error: { code: 'arbitrator_conflict' } });
    expect((await arb.put('/api/v1/arbitrators/me/ties', { orgIds: [] })).status).toBe(200);
    // Only ops assign; only arbitrators are assigned.
    expect((await (await as(HR)).post(`/api/v1/disputes/${disputes.overturn!.id}/assign`, { arbitratorUserId: arbitratorId })).status).toBe(403);
    expect((await ops.post(`/api/v1/disputes/${disputes.overturn!.id}/assign`, { arbitratorUserId: server.ids.users[HR]! })).body).toMatchObject({ error: { code: 'invalid_input', details: { field: 'arbitratorUserId' } } });
    for (const key of ['overturn', 'more', 'less', 'silent']) {
      const res = await ops.post<Dispute>(`/api/v1/disputes/${disputes[key]!.id}/assign`, { arbitratorUserId: arbitratorId });
      expect(res.status, key).toBe(200);
      expect(res.body.arbitratorUserId).toBe(arbitratorId);
    }
    expect((await arb.get(`/api/v1/disputes/${disputes.overturn!.id}`)).status).toBe(200);
    expect((await arb.get<{ items: Dispute[] }>('/api/v1/disputes')).body.items.map((d) => d.id).sort()).toEqual(['overturn', 'more', 'less', 'silent'].map((k) => disputes[k]!.id).sort());
  });

  it('the arbitrator waits for the answer; the other party answers once', async () => {
    const arb = await as(ARB);
    const early = await arb.post(`/api/v1/disputes/${disputes.overturn!.id}/decision`, { outcome: 'overturn', reasons: 'x' });
    expect(early.status).toBe(409);
    expect(early.body).toMatchObject({ error: { code: 'invalid_transition' } });
    // The raiser cannot answer itself.
    expect((await (await as(HR)).post(`/api/v1/disputes/${disputes.overturn!.id}/responses`, { statement: 'x' })).status).toBe(403);
    for (const [key, email] of [['overturn', C1], ['more', C1], ['less', HR]] as const) {
      const res = await (await as(email)).post<Dispute>(`/api/v1/disputes/${disputes[key]!.id}/responses`, { statement: '我方意见如下' });
      expect(res.status, key).toBe(200);
      expect(res.body).toMatchObject({ state: 'awaiting_decision', response: { statement: '我方意见如下', missed: false } });
    }
    expect((await (await as(C1)).post(`/api/v1/disputes/${disputes.overturn!.id}/responses`, { statement: 'again' })).status).toBe(409);
  });

  it('a notice_late rejection overturned: the claim goes on as eligible without the code and the refund asked for is settled, once', async () => {
    const arb = await as(ARB);
    expect((await (await as(C1)).post(`/api/v1/disputes/${disputes.overturn!.id}/decision`, { outcome: 'overturn', reasons: 'x' })).status).toBe(403);
    expect((await arb.post(`/api/v1/disputes/${disputes.overturn!.id}/decision`, { outcome: 'adjust', amount: '1.00', reasons: 'x' })).body).toMatchObject({ error: { code: 'invalid_input', details: { field: 'outcome' } } });
    const before = await money('overturn');
    expect(before).toMatchObject({ received: '30000.00', inEscrow: '30000.00', refunded: '0.00' });
    const res = await arb.post<Dispute>(`/api/v1/disputes/${disputes.overturn!.id}/decision`, { outcome: 'overturn', reasons: '辞职信日期证明通知及时' });
    expect(res.status).toBe(200);
    const today = await businessToday(server);
    expect(res.body).toMatchObject({ state: 'decided', decision: { outcome: 'overturn', amount: null, reasons: '辞职信日期证明通知及时', decidedOn: today, effects: { claimState: 'refunded', setAside: ['notice_late'] } } });
    // Decided as if notice_late were absent: 30 days served, refund 60,000.00 × 60 / 90 = 40,000.00, final fee
    // 20,000.00; 30,000.00 paid, so 10,000.00 comes back from escrow and the other 20,000.00 is released
    // (platform 10 % = 2,000.00, deliverer 18,000.00).
    const claim = await claimOf('overturn');
    expect(claim).toMatchObject({ state: 'refunded', setAsideCodes: ['notice_late'], decision: { status: 'eligible', codes: [], refund: { amount: '40000.00', cashRefund: '10000.00', stillDue: '0.00' } } });
    expect(await money('overturn')).toMatchObject({ finalFee: '20000.00', received: '30000.00', inEscrow: '0.00', refunded: '10000.00', releasedToDeliverer: '18000.00', platformFees: '2000.00', clawedBack: '0.00' });
    await ledgerClean();
    // Posted again: refused, nothing moves twice.
    const again = await arb.post(`/api/v1/disputes/${disputes.overturn!.id}/decision`, { outcome: 'overturn', reasons: 'again' });
    expect(again.status).toBe(409);
    expect(await money('overturn')).toMatchObject({ refunded: '10000.00', releasedToDeliverer: '18000.00' });
    // Both parties are told; the subject is free for a new dispute now.
    const inbox = (await (await as(HR)).get<{ items: { kind: string; subjectId: string }[] }>('/api/v1/notifications')).body.items;
    expect(inbox).toContainEqual(expect.objectContaining({ kind: 'dispute.decided', subjectId: disputes.overturn!.id }));
  });

  it('a refund adjusted upwards: only the difference is paid back, clawed back when escrow is empty', async () => {
    const arb = await as(ARB);
    expect((await arb.post(`/api/v1/disputes/${disputes.more!.id}/decision`, { outcome: 'adjust', reasons: 'x' })).body).toMatchObject({ error: { details: { field: 'amount' } } });
    expect((await arb.post(`/api/v1/disputes/${disputes.more!.id}/decision`, { outcome: 'adjust', amount: '60000.01', reasons: 'x' })).body).toMatchObject({ error: { details: { field: 'amount' } } });
    expect(await money('more')).toMatchObject({ refunded: '3333.33', inEscrow: '0.00', releasedToDeliverer: '24000.00', platformFees: '2666.67' });
    const res = await arb.post<Dispute>(`/api/v1/disputes/${disputes.more!.id}/decision`, { outcome: 'adjust', amount: '40000.00', reasons: '按实际服务 30 天计算' });
    expect(res.status).toBe(200);
    expect(res.body.decision).toMatchObject({ outcome: 'adjust', amount: '40000.00', effects: { refundFromMinor: '3333333', refundToMinor: '4000000', cashRefundMinor: '666667', newInstallmentMinor: '0' } });
    // 6,666.67 more: escrow is empty, so it is clawed back: the platform 10 % = 666.667 → 666.67, the deliverer 6,000.00.
    expect(await money('more')).toMatchObject({ finalFee: '20000.00', refunded: '10000.00', clawedBack: '6666.67', releasedToDeliverer: '18000.00', platformFees: '2000.00', inEscrow: '0.00' });
    await ledgerClean();
  });

  it('a refund adjusted downwards: the poster owes the difference as a new installment due 15 days after the decision', async () => {
    const arb = await as(ARB);
    const res = await arb.post<Dispute>(`/api/v1/disputes/${disputes.less!.id}/decision`, { outcome: 'adjust', amount: '30000.00', reasons: 'Served 45 days.' });
    expect(res.status).toBe(200);
    const today = await businessToday(server);
    const items = (await (await as(HR)).get<{ items: { sequence: number; trigger: string; amount: string; dueDate: string; status: string }[] }>(`/api/v1/placements/${p.less!.placementId}/installments`)).body.items;
    expect(items.map((i) => [i.sequence, i.amount, i.status])).toEqual([
      [1, '30000.00', 'paid'],
      [2, '30000.00', 'void'],
      [3, '3333.33', 'open'],
    ]);
    expect(items[2]!.dueDate).toBe(addDaysTo(today, 15));
    expect(await money('less')).toMatchObject({ finalFee: '30000.00', refunded: '3333.33' });
    await ledgerClean();
  });

  it('the answer deadline passes in silence (noted); the decision deadline passes (flagged to ops)', async () => {
    const raisedOn = disputes.silent!.deadlines.raisedOn;
    await advanceTo(server, addDaysTo(raisedOn, 7));
    expect((await (await as(ARB)).get<Dispute>(`/api/v1/disputes/${disputes.silent!.id}`)).body).toMatchObject({ state: 'awaiting_response', response: { missed: false } });
    await advanceTo(server, addDaysTo(raisedOn, 8));
    const silent = (await (await as(ARB)).get<Dispute>(`/api/v1/disputes/${disputes.silent!.id}`)).body;
    expect(silent).toMatchObject({ state: 'awaiting_decision', response: { statement: null, missed: true }, overdue: false, can: { decide: true } });
    expect((await (await as(C1)).post(`/api/v1/disputes/${disputes.silent!.id}/responses`, { statement: 'late' })).status).toBe(409);
    await advanceTo(server, addDaysTo(raisedOn, 14));
    expect((await (await as(OPS)).get<Dispute>(`/api/v1/disputes/${disputes.silent!.id}`)).body.overdue).toBe(false);
    await advanceTo(server, addDaysTo(raisedOn, 15));
    expect((await (await as(OPS)).get<Dispute>(`/api/v1/disputes/${disputes.silent!.id}`)).body).toMatchObject({ overdue: true, overdueOn: addDaysTo(raisedOn, 15) });
    const opsInbox = (await (await as(OPS)).get<{ items: { kind: string; subjectId: string }[] }>('/api/v1/notifications')).body.items;
    expect(opsInbox).toContainEqual(expect.objectContaining({ kind: 'dispute.overdue', subjectId: disputes.silent!.id }));
    // Upheld late, with reasons: the claim stays rejected.
    const res = await (await as(ARB)).post<Dispute>(`/api/v1/disputes/${disputes.silent!.id}/decision`, { outcome: 'uphold', reasons: '未提供证据' });
    expect(res.body).toMatchObject({ state: 'decided', decision: { outcome: 'uphold' } });
    expect((await (await as(HR)).get<Claim>(`/api/v1/claims/${claims.silent!.id}`)).body.state).toBe('rejected');
  });

  it('30 days after the decision the window is closed: 409 dispute_window_closed', async () => {
    const closes = addDaysTo(disputes.overturn!.deadlines.contestedOn, 30);
    await advanceTo(server, addDaysTo(closes, 1));
    const res = await raise(HR, { type: 'claim_decision', subjectId: claims.late!.id, statement: '通知并未迟延' });
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ error: { code: 'dispute_window_closed', details: { closedOn: closes } } });
  });

  it('a third party sees nothing of a dispute; each step is on the placement’s record', async () => {
    for (const email of ['hr@bluepeak.demo', 'admin@apexsearch.demo', 'c1@apexsearch.demo', 'c2@talentbridge.demo']) {
      const u = await as(email);
      expect((await u.get(`/api/v1/disputes/${disputes.overturn!.id}`)).status, email).toBe(404);
      const list = await u.get<{ items: Dispute[] }>('/api/v1/disputes');
      expect(list.body.items.map((d) => d.id).filter((id) => Object.values(disputes).some((d) => d.id === id)), email).toEqual([]);
    }
    const bundle = (await (await as(HR)).get<{ events: { event: { type: string; payload: Record<string, unknown> } }[] }>(`/api/v1/placements/${p.overturn!.placementId}/record`)).body;
    const types = bundle.events.map((e) => e.event.type);
    for (const t of ['dispute.raised', 'dispute.evidence_added', 'dispute.answered', 'dispute.assigned', 'dispute.decided', 'dispute.applied', 'claim.decision_overturned', 'claim.refunded', 'refund.paid']) expect(types, t).toContain(t);
    // No statement or reason text in the log.
    expect(JSON.stringify(bundle)).not.toContain('辞职信日期证明通知及时');
  });
});
