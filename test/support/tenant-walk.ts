import { planTemplate } from '../../src/plans/plan-templates.ts';
import { termsHash } from '../../src/plans/terms-hash.ts';
import { ApiUser } from './api-client.ts';
import { minimalPdf } from './file-fixtures.ts';
import { buildVictimOrders, orderBody, planVersionIdOf, postOrder, takeOrder } from './marketplace-fixture.ts';
import { activePlacement, businessToday as todayOf, placementWithOpenForms } from './lifecycle-fixture.ts';
import { runDueObligations } from '../../src/platform/scheduler/scheduler.ts';
import { hireThroughApi } from './placement-fixture.ts';
import type { TestServer } from './server.ts';
import { buildVictimRefusal, buildVictimSubmission } from './submissions-fixture.ts';

/**
 * The victim tenant's resources, by the path-parameter name that addresses them. Every route's path
 * parameters must be listed here, so a new endpoint cannot join the API without joining the walk.
 */
export type VictimWorld = { params: Record<string, string>; query: Record<string, Record<string, string>>; privateIds: string[] };

export async function buildVictimWorld(server: TestServer): Promise<VictimWorld> {
  const admin = await ApiUser.signIn(server.url, 'admin@huaxin.demo');
  const orgId = server.ids.orgs.huaxin!;
  const token = await admin.post(`/api/v1/orgs/${orgId}/api-tokens`, { name: 'victim ATS' });
  // The victim's webhook endpoint (every kind: what follows gives it deliveries) and group robot.
  const endpoint = await admin.post<{ id: string }>(`/api/v1/orgs/${orgId}/webhook-endpoints`, { url: 'https://203.0.114.10/hooks/victim', events: ['*'] });
  const robot = await admin.post<{ id: string }>(`/api/v1/orgs/${orgId}/robots`, { provider: 'feishu', name: '飞书群', url: 'https://203.0.114.10/open-apis/bot/v2/hook/victim', secret: 'victim-secret', events: ['*'] });
  if (endpoint.status !== 201 || robot.status !== 201) throw new Error(`the victim's channels: ${endpoint.status} ${robot.status} ${JSON.stringify(endpoint.body)}`);
  const hrId = server.ids.users['hr@huaxin.demo']!;
  // One of the victim HR's own sessions: only its user may end it.
  const hr = await ApiUser.signIn(server.url, 'hr@huaxin.demo');
  const sessionId = ((await hr.get('/api/v1/auth/sessions')).body.items as { id: string; current: boolean }[]).find((x) => x.current)!.id;
  const events = await admin.get('/api/v1/audit/events?limit=5');
  const victimEvent = (events.body.items as { index: number }[])[0]!.index;
  // A candidate a TalentBridge consultant submitted to an open order of the victim, its résumé, and the inbox item it sent the victim.
  const { submissionId, fileId, notificationId } = await buildVictimSubmission(server);
  // Another TalentBridge consultant refused that candidate by ownership protection: the refusal it may dispute.
  const refusalId = await buildVictimRefusal(server);
  // A placement of the victim (Standard plan) hired through the real flow, delivered by TalentBridge: no attacker is a party to it.
  const placement = await hireThroughApi(server, { poster: 'admin@huaxin.demo', consultant: 'c1@talentbridge.demo', plan: 'standard' });
  // Attackers try to accept it with the real hash of its terms: only the party check can stop them.
  WALK_BODIES['POST /api/v1/placements/{placementId}/accept'] = { agreementHash: placement.agreementHash };
  WALK_BODIES['POST /api/v1/placements/{placementId}/correct'] = { annualSalary: '450000.00' };
  // An active placement of the victim (both sides accepted): its installments exist, and one is the walk's installmentId.
  const active = await hireThroughApi(server, { poster: 'admin@huaxin.demo', consultant: 'c1@talentbridge.demo', plan: 'standard' });
  const deliverer = await ApiUser.signIn(server.url, 'c1@talentbridge.demo');
  await admin.post(`/api/v1/placements/${active.placementId}/accept`, { agreementHash: active.agreementHash });
  await deliverer.post(`/api/v1/placements/${active.placementId}/accept`, { agreementHash: active.agreementHash });
  const installments = await admin.get<{ items: { id: string }[] }>(`/api/v1/placements/${active.placementId}/installments`);
  const installmentId = installments.body.items[0]?.id;
  if (!installmentId) throw new Error(`the victim's active placement has no installments: ${JSON.stringify(installments.body).slice(0, 300)}`);
  // A custom plan published for the victim alone (its request, plan and version 1): invisible to every other tenant.
  const ops = await ApiUser.signIn(server.url, 'ops@tenure.demo');
  const planRequest = await admin.post(`/api/v1/orgs/${orgId}/custom-plan-requests`, { description: 'victim custom plan' });
  const customPlan = await ops.post(`/api/v1/custom-plan-requests/${planRequest.body.id}/publish`, {
    name: { zh: '华信定制', en: 'Huaxin custom' },
    terms: planTemplate('custom').terms as unknown as Record<string, unknown>,
  });
  const victimPlan = { planId: customPlan.body.plan.id as string, planVersionId: customPlan.body.version.id as string, requestId: planRequest.body.id as string };
  // Job orders: a draft of the victim, and a TalentBridge consultant's engagement on an open order of the victim.
  const market = await buildVictimOrders(server);
  // A placement of the victim in service: its day-7 check-in forms open, a support task, a live candidate link.
  const aftercare = await placementWithOpenForms(server, 'admin@huaxin.demo', 'c1@talentbridge.demo');
  // A claim of the victim waiting in the review queue (a review reason): attackers try to decide and move it.
  const claim = await admin.post<{ id: string }>(`/api/v1/placements/${aftercare.placementId}/claims`, { reason: 'mutual_agreement', lastWorkingDay: await todayOf(server), remedy: 'refund' });
  if (claim.status !== 201) throw new Error(`filing the victim's claim: ${claim.status} ${JSON.stringify(claim.body)}`);
  // Evidence the victim added to that claim: no attacker may list or download it.
  const evidence = await admin.upload<{ id: string }>(`/api/v1/claims/${claim.body.id}/evidence`, { name: '离职证明.pdf', type: 'application/pdf', data: minimalPdf('resignation') });
  if (evidence.status !== 201) throw new Error(`adding the victim's evidence: ${evidence.status} ${JSON.stringify(evidence.body)}`);
  // A dispute of the victim: its rejected claim on the active placement, contested by the victim and not assigned
  // to anyone (the platform's arbitrator is among the attackers: it sees only disputes assigned to it).
  const rejected = await admin.post<{ id: string; state: string }>(`/api/v1/placements/${active.placementId}/claims`, { reason: 'layoff', lastWorkingDay: await todayOf(server), remedy: 'refund' });
  if (rejected.body.state !== 'rejected') throw new Error(`the victim's layoff claim: ${rejected.status} ${JSON.stringify(rejected.body)}`);
  const dispute = await admin.post<{ id: string }>('/api/v1/disputes', { type: 'claim_decision', subjectId: rejected.body.id, statement: 'victim statement' });
  if (dispute.status !== 201) throw new Error(`raising the victim's dispute: ${dispute.status} ${JSON.stringify(dispute.body)}`);
  WALK_BODIES['POST /api/v1/disputes'] = { type: 'claim_decision', subjectId: rejected.body.id, statement: 'planted' };
  // A skill-plan placement of the victim on its day 30: the day-30 assessment task open, assigned to GaugeWorks
  // (the attacking assessor org, SkillCheck, is not assigned: it must neither see it nor score it).
  const skill = await activePlacement(server, { poster: 'admin@huaxin.demo', consultant: 'c1@talentbridge.demo', plan: 'manufacturing_skill', daysAhead: -29 });
  await runDueObligations({ db: server.deps.db, dialect: server.deps.dialect, now: () => server.deps.clock.now(), handlers: server.deps.obligationHandlers });
  const assigned = await admin.request<{ milestones: { id: string; day: number; status: string }[] }>('PUT', `/api/v1/placements/${skill.placementId}/assessor`, { assessorOrgId: server.ids.orgs.gaugeworks! });
  const assessmentTaskId = assigned.body.milestones?.find((m) => m.day === 30 && m.status === 'open')?.id;
  if (!assessmentTaskId) throw new Error(`the victim's day-30 assessment: ${assigned.status} ${JSON.stringify(assigned.body).slice(0, 300)}`);
  WALK_BODIES['PUT /api/v1/placements/{placementId}/assessor'] = { assessorOrgId: server.ids.orgs.skillcheck! };
  // A background check the victim ordered at offer for a candidate TalentBridge delivered (its result is the victim's and c1's alone).
  const checkId = await victimBackgroundCheck(server);
  const deliveryId = (await admin.get<{ items: { id: string }[] }>(`/api/v1/webhook-endpoints/${endpoint.body.id}/deliveries?limit=1`)).body.items[0]?.id;
  if (!deliveryId) throw new Error("the victim's webhook endpoint has no delivery");
  return {
    params: { endpointId: endpoint.body.id, robotId: robot.body.id, deliveryId, messageId: deliveryId, installmentId, disputeId: dispute.body.id, orgId, userId: hrId, sessionId, tokenId: token.body.id, notificationId, submissionId, fileId, placementId: placement.placementId, ...victimPlan, orderId: market.orderId, engagementId: market.engagementId,
      checkinId: aftercare.employerFormId, taskId: aftercare.taskId, token: aftercare.token, claimId: claim.body.id, assessmentTaskId, refusalId, checkId },
    query: {
      'GET /api/v1/audit/proofs/inclusion': { index: String(victimEvent) },
      'GET /api/v1/orgs/{orgId}/statement': { currency: 'CNY' },
      'GET /api/v1/orgs/{orgId}/analytics/export': { table: 'survival', format: 'csv' },
      'GET /api/v1/analytics/export': { table: 'survival', format: 'csv' },
    },
    privateIds: [endpoint.body.id, robot.body.id, deliveryId, hrId, sessionId, server.ids.users['admin@huaxin.demo']!, token.body.id, ...Object.values(victimPlan), market.orderId, market.engagementId, submissionId, fileId, notificationId, placement.placementId,
      aftercare.placementId, aftercare.employerFormId, aftercare.candidateFormId, aftercare.taskId, claim.body.id, evidence.body.id, active.placementId, installmentId, rejected.body.id, dispute.body.id, skill.placementId, assessmentTaskId, checkId, refusalId],
  };
}

async function victimBackgroundCheck(server: TestServer): Promise<string> {
  const admin = await ApiUser.signIn(server.url, 'admin@huaxin.demo');
  const c1 = await ApiUser.signIn(server.url, 'c1@talentbridge.demo');
  const order = await postOrder(admin, server.ids.orgs.huaxin!, orderBody(await planVersionIdOf(admin), { title: '架构师（背调）' }), { open: true });
  await takeOrder(c1, order.id);
  const sub = await c1.post<{ submission: { id: string } }>(`/api/v1/orders/${order.id}/submissions`, { candidateName: '背调候选人', phone: '13912345678', email: 'bg-victim@example.com' });
  if (sub.status !== 201) throw new Error(`submitting the victim's candidate: ${sub.status} ${JSON.stringify(sub.body)}`);
  await admin.post(`/api/v1/submissions/${sub.body.submission.id}/stage`, { to: 'offered' });
  const check = await admin.post<{ id: string }>(`/api/v1/submissions/${sub.body.submission.id}/background-checks`, {});
  if (check.status !== 201) throw new Error(`ordering the victim's background check: ${check.status} ${JSON.stringify(check.body)}`);
  return check.body.id;
}

/** Bodies that would do harm if the tenant check were missing: valid in shape, aimed at the victim. */
export const WALK_BODIES: Record<string, unknown> = {
  'POST /api/v1/orgs/{orgId}/users': { email: 'intruder@evil.demo', name: 'Intruder', role: 'employer_hr', password: 'intruder-quartz-91' },
  'PATCH /api/v1/users/{userId}': { disabled: true },
  'POST /api/v1/orgs/{orgId}/api-tokens': { name: 'stolen' },
  'POST /api/v1/api-tokens/{tokenId}/revoke': {},
  'POST /api/v1/users/{userId}/password-reset': {},
  'POST /api/v1/auth/sessions/{sessionId}/revoke': {},
  'POST /api/v1/orgs': { name: 'Evil Corp', kind: 'employer', admin: { email: 'evil@evil.demo', name: 'Evil', password: 'evil-lantern-77' } },
  'POST /api/v1/clock/advance': { days: 1 },
  'POST /api/v1/orgs/{orgId}/orders': {
    title: 'Fake order in the victim\'s name', city: '上海', function: 'sales', level: 'senior', headcount: 1, currency: 'CNY',
    salaryMin: '100000.00', salaryMax: '200000.00', description: '', reward: { type: 'fixed', amount: '1.00' }, planVersionId: '00000000-0000-4000-8000-000000000000',
  },
  'PATCH /api/v1/orders/{orderId}': { title: 'Hijacked' },
  'POST /api/v1/orders/{orderId}/close': { reason: 'sabotage' },
  'POST /api/v1/orders/{orderId}/engagements': { acceptedTermsHash: '0'.repeat(64) },
  'POST /api/v1/engagements/{engagementId}/drop': { reason: 'sabotage' },
  'POST /api/v1/plans/{planId}/versions': { terms: planTemplate('standard').terms, note: 'hijacked terms' },
  'POST /api/v1/orgs/{orgId}/custom-plan-requests': { description: 'a request in the victim’s name' },
  'POST /api/v1/custom-plan-requests/{requestId}/publish': { name: { zh: '劫持', en: 'Hijack' }, terms: planTemplate('custom').terms },
  'POST /api/v1/custom-plan-requests/{requestId}/decline': { note: 'declined by an intruder' },
  // Replaced by the victim placement's real terms hash in buildVictimWorld: a missing party check would let the attacker sign them.
  'POST /api/v1/placements/{placementId}/accept': { termsHash: termsHash(planTemplate('standard').terms) },
  'POST /api/v1/orders/{orderId}/submissions': { candidateName: 'Planted', phone: '13000000000', email: 'planted@evil.demo' },
  'POST /api/v1/submissions/{submissionId}/stage': { to: 'rejected', comment: 'sabotage' },
  'POST /api/v1/submissions/{submissionId}/comments': { comment: 'sabotage' },
  'POST /api/v1/submissions/{submissionId}/resume': { file: 'planted' },
  'POST /api/v1/installments/{installmentId}/payments': { amount: '1.00', reference: 'forged' },
  'POST /api/v1/orgs/{orgId}/payouts': { currency: 'CNY', amount: '1.00', reference: 'stolen' },
  'PUT /api/v1/orgs/{orgId}/consultant-shares': { shares: [] },
  'POST /api/v1/checkins/{checkinId}/answers': { performance: 1, teamFit: 1, dismissalRisk: true, comment: 'planted' },
  'POST /api/v1/checkins/{checkinId}/candidate-link': {},
  'POST /api/v1/tasks/{taskId}/complete': { note: 'planted' },
  'POST /api/v1/placements/{placementId}/claims': { reason: 'voluntary_resignation', lastWorkingDay: '2026-02-20', remedy: 'refund' },
  'POST /api/v1/claims/{claimId}/remedy': { remedy: 'refund' },
  'POST /api/v1/claims/{claimId}/review': { covered: true, reason: 'planted' },
  'POST /api/v1/claims/{claimId}/convert-to-refund': {},
  'POST /api/v1/claims/{claimId}/extend': {},
  'POST /api/v1/placements/{placementId}/evidence': { file: 'planted' },
  'POST /api/v1/claims/{claimId}/evidence': { file: 'planted' },
  'POST /api/v1/disputes': { type: 'claim_decision', subjectId: '00000000-0000-4000-8000-000000000000', statement: 'planted' },
  'POST /api/v1/disputes/{disputeId}/responses': { statement: 'planted' },
  'POST /api/v1/disputes/{disputeId}/evidence': { file: 'planted' },
  'POST /api/v1/disputes/{disputeId}/assign': { arbitratorUserId: '00000000-0000-4000-8000-000000000000' },
  'POST /api/v1/disputes/{disputeId}/decision': { outcome: 'overturn', reasons: 'planted' },
  'PUT /api/v1/orgs/{orgId}/notification-settings': { emailEvents: [] },
  'POST /api/v1/orgs/{orgId}/webhook-endpoints': { url: 'https://203.0.114.66/steal', events: ['*'] },
  'POST /api/v1/webhook-endpoints/{endpointId}/rotate-secret': { overlapHours: 0 },
  'POST /api/v1/orgs/{orgId}/robots': { provider: 'wecom', name: 'intruder', url: 'https://203.0.114.66/cgi-bin/webhook/send?key=x', events: ['*'] },
  // Replaced by the attacking assessor org's real id in buildVictimWorld: a missing party check would hand it the placement.
  'PUT /api/v1/placements/{placementId}/assessor': { assessorOrgId: '00000000-0000-4000-8000-000000000000' },
  'POST /api/v1/assessment-tasks/{assessmentTaskId}/score': { score: 1, notes: 'planted', evidenceFileIds: [] },
  'POST /api/v1/assessment-tasks/{assessmentTaskId}/evidence': { file: 'planted' },
  'POST /api/v1/benchmarks/imports': { fileName: 'planted.csv', csv: 'city,function,level,currency,p25,p50,p75,p90\n上海,software_engineering,senior,CNY,1,2,3,4' },
  'POST /api/v1/submissions/{submissionId}/background-checks': {},
  'POST /api/v1/placements/{placementId}/background-checks': {},
  'POST /api/v1/background-checks/{checkId}/resend': {},
  'PUT /api/v1/risk/settings': { enabledProtected: ['Gender', 'Age', 'MaritalStatus'], thresholds: { medium: 0.01, high: 0.02 } },
};

/** Routes for platform operations alone: every other user, whatever its org, gets 403. */
export const OPS_ONLY: ReadonlySet<string> = new Set(['GET /api/v1/risk/fairness', 'GET /api/v1/ratings/agencies', 'GET /api/v1/risk/settings', 'PUT /api/v1/risk/settings', 'GET /api/v1/analytics', 'GET /api/v1/analytics/export', 'POST /api/v1/benchmarks/imports', 'GET /api/v1/benchmarks/imports', 'GET /api/v1/outbox', 'POST /api/v1/outbox/{messageId}/resend']);

/** Routes that act on the caller's own session or are open to every signed-in user, with the reason. */
export const WALK_EXEMPT: Record<string, string> = {
  'POST /api/v1/auth/login': 'public: signing in',
  'GET /api/v1/health': 'public: liveness',
  'GET /api/v1/audit/public-key': 'public: the key that signs checkpoints and record bundles (the same for everyone)',
  'POST /api/v1/auth/logout': "ends the caller's own session",
  'POST /api/v1/auth/password': "changes the caller's own password (needs the current one)",
  'GET /api/v1/auth/sessions': "lists the caller's own sessions",
  'POST /api/v1/auth/password-reset': 'public: spends a reset link (256-bit token) issued by an admin',
  'POST /api/v1/notifications/read-all': "marks the caller's own inbox read",
  'PUT /api/v1/me/notification-settings': "sets the caller's own e-mail switch and language",
  'PUT /api/v1/arbitrators/me/ties': "declares the calling arbitrator's own ties (anyone else: 403; tested in disputes.api.test.ts)",
  'POST /api/v1/integrations/background-checks/callback': 'public: the background-check provider, authenticated by the HMAC signature of its body (tested in background-checks.api.test.ts)',
  'POST /api/v1/payments/callback': 'public: the payment provider, authenticated by the HMAC signature of its body (tested in money.api.test.ts)',
  // The token is the capability: whoever holds the link may answer (its refusals are tested in aftercare-checkins).
  'GET /api/v1/public/checkins/{token}': 'public: anyone with the candidate link',
  'POST /api/v1/public/checkins/{token}': 'public: anyone with the candidate link',
};
