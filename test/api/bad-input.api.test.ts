import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiUser } from '../support/api-client.ts';
import { DATABASE_KINDS } from '../support/databases.ts';
import { minimalExe, minimalPdf } from '../support/file-fixtures.ts';
import { publishCheckpoint } from '../../src/platform/audit/audit-checkpoints.ts';
import { activePlacement, placementWithOpenForms } from '../support/lifecycle-fixture.ts';
import { runDueObligations } from '../../src/platform/scheduler/scheduler.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

/**
 * Bad input, on every route of the OpenAPI document: bad path parameters, bad JSON bodies (wrong shapes,
 * every documented field replaced by wrong types and edge values), bad query strings and wrong content
 * types, sent by a user who legitimately owns the resources, so the input reaches as deep as it can.
 *
 * Every answer must be below 500; a 4xx has the one error shape `{ error: { code, message, details } }`
 * with a message and no stack trace or file path; a 400 `invalid_input` names the field at fault. A
 * rejected write must leave the data unchanged (row counts of the business tables, the audit log
 * included), and values no field may hold (wrong types, text that cannot be stored as sent, numbers out
 * of any range, impossible dates, malformed amounts, unknown time zones) must be rejected, not stored.
 * Every failure is collected, so one run lists every problem.
 *
 * Who sends what (the demo world: `demoMarketplace: true`); ids are found through the API as that user:
 *
 * | path parameter | signed in as | found through | picked |
 * |---|---|---|---|
 * | orgId | hr@huaxin.demo | GET /auth/me | 华信科技 |
 * | userId | admin@huaxin.demo (org admin) | GET /orgs/{orgId}/users | hr@huaxin.demo |
 * | tokenId | admin@huaxin.demo | POST /orgs/{orgId}/api-tokens (the demo has none) | a new token |
 * | orderId | hr@huaxin.demo (poster org HR) | GET /orgs/{orgId}/orders | 高级后端工程师（Go）(open; c1 works on it, so c1 submits to it); PATCH: 法务经理 (the draft) |
 * | orderId (close) | hr@huaxin.demo | GET /orgs/{orgId}/orders; bodies: POST /orgs/{orgId}/orders | 大客户销售总监; each body: a new draft of its own |
 * | orderId (take) | c1@talentbridge.demo | GET /marketplace/orders | 前端工程师（React）(not taken by c1 yet) |
 * | engagementId | c1@talentbridge.demo | GET /engagements | on 高级后端工程师（Go）; drop: on 质量工程师（汽车零部件） |
 * | submissionId | hr@huaxin.demo | GET /submissions?side=received | 刘洋 (interviewing) |
 * | submissionId (stage) | hr@huaxin.demo | GET /submissions; bodies: c1 submits, HR offers | 杨帆 (offered); each body: a new offered candidate on a 华信科技 order for 1,000 hires that c1 took |
 * | submissionId (résumé) | c1@talentbridge.demo | POST /orders/{orderId}/submissions (its demo candidates are all in final stages) | 李娜 |
 * | fileId | c1@talentbridge.demo | POST /submissions/{李娜}/resume (a PDF) | the résumé |
 * | placementId | hr@huaxin.demo | GET /placements | 黄磊 (pending acceptance); accept: c2@talentbridge.demo, its consultant |
 * | placementId (money, installments) | hr@huaxin.demo | GET /placements | 张伟 (active, first installment partly paid) |
 * | installmentId | hr@huaxin.demo (ops pays) | GET /placements/{张伟}/installments | the first, partly paid |
 * | orgId (payouts, consultant shares) | admin@talentbridge.demo (ops pays out) | 张伟's deliverer | TalentBridge |
 * | placementId (aftercare), checkinId, taskId, token | hr@huaxin.demo hires, c1@talentbridge.demo delivers | a Full-lifecycle placement started 6 days ago, accepted, what fell due run | its open day-7 forms (employer's; the candidate's for links), its overdue coaching task, a live candidate link (public routes: no session) |
 * | notificationId | hr@huaxin.demo | GET /notifications | the newest |
 * | refusalId | c2@talentbridge.demo | POST /orders/{bulk order}/submissions of the person c1 submitted first (409) | its ownership refusal |
 * | endpointId, robotId | admin@huaxin.demo | POST /orgs/{orgId}/webhook-endpoints, /robots (the demo has none) | a new endpoint (every kind) and a WeCom robot |
 * | deliveryId, messageId | admin@huaxin.demo (ops resends) | GET /webhook-endpoints/{endpointId}/deliveries | the newest delivery |
 * | planId, planVersionId | ops@tenure.demo | a custom plan published for 华信科技 (the demo has none) | its version 1 |
 * | requestId | admin@huaxin.demo asks, ops@tenure.demo acts | POST /orgs/{orgId}/custom-plan-requests (the demo has none) | the published one; publish and decline: each body a new open request |
 * | placementId (skill plan), assessmentTaskId | hr@huaxin.demo hires and assigns, qa@skillcheck.demo assesses | a Manufacturing-skill placement started 29 days ago, what fell due run | its open day-30 assessment task |
 *
 * Platform routes (clock, orgs, all orders, plans, custom-plan requests, the risk model's fairness report) go as ops@tenure.demo; the
 * marketplace and engagements as c1@talentbridge.demo; audit, users and tokens as admin@huaxin.demo;
 * sign-in without a session; sign-out with a session of its own. Writes that bad input may turn valid (a
 * reason with an emoji, say) do take effect: a write that can happen only once (close, hire, publish,
 * decline) gets a resource of its own for each body, so every field meets a resource in the right state.
 */

type Json = unknown;
type OpenApiOp = {
  parameters?: { in: string; name: string; required?: boolean; schema?: JsonSchema }[];
  requestBody?: { content: Record<string, { schema: JsonSchema }> };
};
type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
};
type Route = { method: string; path: string; key: string; op: OpenApiOp };
type Sent = { status: number; text: string; json: unknown; contentType: string };
type World = Record<string, string>;
type Plan = {
  /** The user who owns the route's resources (null: no session). */
  as: Email | null;
  /** Path parameters other than the defaults of the world (a resource of the route's own). */
  params?: (w: World) => Record<string, string>;
  /** Query parameters the route needs to answer at all. */
  query?: (w: World) => Record<string, string>;
  /** A valid body; each request gets a fresh n, so unique fields stay unique. */
  body?: (w: World, n: number) => Json;
  /**
   * For a write that bad input may turn valid and that can happen only once (a hire, a close): a resource
   * of its own for each body sent, so every field is judged on a resource in the right state.
   */
  fresh?: (w: World, as: (e: Email) => ApiUser, n: number) => Promise<Record<string, string>>;
  /** Walk only the documented fields, not the free-form parts of the valid body (walked on another route). */
  documentedOnly?: true;
};

type Email =
  | 'ops@tenure.demo'
  | 'admin@huaxin.demo'
  | 'hr@huaxin.demo'
  | 'c1@talentbridge.demo'
  | 'c2@talentbridge.demo'
  | 'admin@talentbridge.demo'
  | 'arbitrator@tenure.demo'
  | 'qa@skillcheck.demo'
  | 'logout';

const ORDER_FIELDS = (w: World) => ({
  title: '数据平台工程师',
  city: '上海',
  function: 'data',
  level: 'senior',
  headcount: 1,
  currency: 'CNY',
  salaryMin: '300000.00',
  salaryMax: '450000.00',
  description: '负责数据平台建设。',
  planVersionId: w.standardVersionId!,
});

/** Every route of the API: who sends it and what a valid request looks like. A new route must join here. */
const PLANS: Record<string, Plan> = {
  'GET /api/v1/health': { as: null },
  'GET /health/live': { as: null },
  'GET /health/ready': { as: null },
  'GET /metrics': { as: null },
  'GET /api/v1/clock': { as: 'ops@tenure.demo' },
  'POST /api/v1/clock/advance': { as: 'ops@tenure.demo', body: () => ({ days: 1 }) },
  'GET /api/v1/audit/checkpoint': { as: 'admin@huaxin.demo' },
  'GET /api/v1/audit/events': { as: 'admin@huaxin.demo' },
  'GET /api/v1/audit/public-key': { as: null },
  'GET /api/v1/audit/proofs/inclusion': { as: 'admin@huaxin.demo', query: (w) => ({ index: w.auditIndex! }) },
  'GET /api/v1/audit/proofs/consistency': { as: 'admin@huaxin.demo', query: () => ({ from: '1', to: '2' }) },
  'POST /api/v1/auth/login': { as: null, body: () => ({ email: 'c3@apexsearch.demo', password: 'tenure-demo' }) },
  'POST /api/v1/auth/logout': { as: 'logout' },
  'GET /api/v1/auth/me': { as: 'hr@huaxin.demo' },
  // Sets c2's password to what it is already (other sessions of c2 end; the walk's own stays).
  'POST /api/v1/auth/password': { as: 'c2@talentbridge.demo', body: () => ({ currentPassword: 'tenure-demo', newPassword: 'tenure-demo' }) },
  'GET /api/v1/auth/sessions': { as: 'hr@huaxin.demo' },
  'POST /api/v1/auth/sessions/{sessionId}/revoke': { as: 'c1@talentbridge.demo', params: () => ({ sessionId: '3f2b1c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d' }) },
  'POST /api/v1/users/{userId}/password-reset': { as: 'admin@huaxin.demo' },
  'POST /api/v1/auth/password-reset': { as: null, body: () => ({ token: 'a-link-nobody-issued', newPassword: 'tenure-demo-1' }) },
  'GET /api/v1/orgs': { as: 'ops@tenure.demo' },
  'GET /api/v1/risk/fairness': { as: 'ops@tenure.demo' },
  'GET /api/v1/ratings/me': { as: 'c1@talentbridge.demo' },
  'GET /api/v1/orgs/{orgId}/ratings': { as: 'admin@talentbridge.demo', params: (w) => ({ orgId: w.agencyOrgId! }) },
  'GET /api/v1/ratings/agencies': { as: 'ops@tenure.demo' },
  'GET /api/v1/risk/settings': { as: 'ops@tenure.demo' },
  'PUT /api/v1/risk/settings': { as: 'ops@tenure.demo', body: () => ({ enabledProtected: [], thresholds: { medium: 0.15, high: 0.35 } }) },
  'GET /api/v1/placements/{placementId}/risk': { as: 'hr@huaxin.demo' },
  'POST /api/v1/orgs': {
    as: 'ops@tenure.demo',
    body: (_w, n) => ({ name: `坏输入测试公司 ${n}`, kind: 'employer', timeZone: 'Asia/Shanghai', admin: { email: `admin${n}@bad-input.demo`, name: '管理员', password: 'tenure-demo-1' } }),
  },
  'GET /api/v1/orgs/{orgId}': { as: 'admin@huaxin.demo' },
  'GET /api/v1/orgs/{orgId}/users': { as: 'admin@huaxin.demo' },
  'POST /api/v1/orgs/{orgId}/users': { as: 'admin@huaxin.demo', body: (_w, n) => ({ email: `user${n}@huaxin.demo`, name: '新同事', role: 'employer_hr', password: 'tenure-demo-1' }) },
  'PATCH /api/v1/users/{userId}': { as: 'admin@huaxin.demo', body: () => ({ name: '华信 HR', locale: 'zh-CN' }) },
  'GET /api/v1/orgs/{orgId}/api-tokens': { as: 'admin@huaxin.demo' },
  'POST /api/v1/orgs/{orgId}/api-tokens': { as: 'admin@huaxin.demo', body: () => ({ name: 'ATS 对接' }) },
  'POST /api/v1/api-tokens/{tokenId}/revoke': { as: 'admin@huaxin.demo' },
  'GET /api/v1/orgs/{orgId}/orders': { as: 'hr@huaxin.demo' },
  'POST /api/v1/orgs/{orgId}/orders': { as: 'hr@huaxin.demo', body: (w) => ({ ...ORDER_FIELDS(w), reward: { type: 'fixed', amount: '50000.00' } }) },
  'GET /api/v1/orders': { as: 'ops@tenure.demo' },
  'GET /api/v1/orders/{orderId}': { as: 'hr@huaxin.demo' },
  'PATCH /api/v1/orders/{orderId}': {
    as: 'hr@huaxin.demo',
    params: (w) => ({ orderId: w.draftOrderId! }),
    body: (w) => ({ ...ORDER_FIELDS(w), clientName: null, reward: { type: 'percent_of_annual_salary', percent: 20 } }),
  },
  'POST /api/v1/orders/{orderId}/open': { as: 'hr@huaxin.demo' },
  'POST /api/v1/orders/{orderId}/pause': { as: 'hr@huaxin.demo' },
  'POST /api/v1/orders/{orderId}/resume': { as: 'hr@huaxin.demo' },
  'POST /api/v1/orders/{orderId}/close': {
    as: 'hr@huaxin.demo',
    params: (w) => ({ orderId: w.closeOrderId! }),
    body: () => ({ reason: '岗位取消' }),
    fresh: async (w, as) => ({ orderId: (await created(as('hr@huaxin.demo'), `/api/v1/orgs/${w.orgId}/orders`, { ...ORDER_FIELDS(w), reward: { type: 'fixed', amount: '50000.00' } })).id }),
  },
  'GET /api/v1/orders/{orderId}/engagements': { as: 'hr@huaxin.demo' },
  'POST /api/v1/orders/{orderId}/engagements': { as: 'c1@talentbridge.demo', params: (w) => ({ orderId: w.takeOrderId! }), body: (w) => ({ acceptedTermsHash: w.takeTermsHash! }) },
  'GET /api/v1/orders/{orderId}/terms': { as: 'hr@huaxin.demo' },
  'GET /api/v1/marketplace/orders': { as: 'c1@talentbridge.demo' },
  'GET /api/v1/marketplace/cities': { as: 'c1@talentbridge.demo' },
  'GET /api/v1/engagements': { as: 'c1@talentbridge.demo' },
  'GET /api/v1/engagements/{engagementId}': { as: 'c1@talentbridge.demo' },
  'POST /api/v1/engagements/{engagementId}/drop': { as: 'c1@talentbridge.demo', params: (w) => ({ engagementId: w.dropEngagementId! }), body: () => ({ reason: '候选人资源不匹配' }) },
  'GET /api/v1/placements': { as: 'hr@huaxin.demo' },
  'GET /api/v1/placements/{placementId}': { as: 'hr@huaxin.demo' },
  'POST /api/v1/placements/{placementId}/accept': { as: 'c2@talentbridge.demo', body: (w) => ({ agreementHash: w.placementAgreementHash! }) },
  'POST /api/v1/placements/{placementId}/correct': { as: 'hr@huaxin.demo', body: (w) => ({ annualSalary: w.placementSalary!, confirmOutsideRange: true }) },
  'GET /api/v1/placements/{placementId}/installments': { as: 'hr@huaxin.demo', params: (w) => ({ placementId: w.activePlacementId! }) },
  'GET /api/v1/placements/{placementId}/money': { as: 'hr@huaxin.demo', params: (w) => ({ placementId: w.activePlacementId! }) },
  'GET /api/v1/placements/{placementId}/record': { as: 'hr@huaxin.demo', params: (w) => ({ placementId: w.activePlacementId! }) },
  'POST /api/v1/installments/{installmentId}/payments': { as: 'ops@tenure.demo', body: () => ({ amount: '1.00', paidOn: '2026-01-01', reference: 'BANK-1' }) },
  'GET /api/v1/orgs/{orgId}/statement': { as: 'admin@huaxin.demo', query: () => ({ currency: 'CNY', from: '2026-01-01', to: '2030-12-31', format: 'json' }) },
  'POST /api/v1/orgs/{orgId}/payouts': { as: 'ops@tenure.demo', params: (w) => ({ orgId: w.agencyOrgId! }), body: () => ({ currency: 'CNY', amount: '0.01', reference: 'OUT-1' }) },
  'GET /api/v1/orgs/{orgId}/consultant-shares': { as: 'admin@talentbridge.demo', params: (w) => ({ orgId: w.agencyOrgId! }) },
  'PUT /api/v1/orgs/{orgId}/consultant-shares': { as: 'admin@talentbridge.demo', params: (w) => ({ orgId: w.agencyOrgId! }), body: (w) => ({ shares: [{ consultantId: w.consultantId!, percent: '60' }] }) },
  'GET /api/v1/ledger/check': { as: 'ops@tenure.demo' },
  'GET /api/v1/analytics': { as: 'ops@tenure.demo', query: () => ({ from: '2026-01-01', to: '2030-12-31' }) },
  'GET /api/v1/analytics/export': { as: 'ops@tenure.demo', query: () => ({ table: 'claims', format: 'csv', from: '2026-01-01', to: '2030-12-31' }) },
  'GET /api/v1/orgs/{orgId}/analytics': { as: 'hr@huaxin.demo', query: () => ({ from: '2026-01-01', to: '2030-12-31' }) },
  'GET /api/v1/orgs/{orgId}/analytics/export': { as: 'hr@huaxin.demo', query: () => ({ table: 'survival', format: 'xlsx' }) },
  'GET /api/v1/money/overview': { as: 'admin@talentbridge.demo' },
  'POST /api/v1/payments/callback': { as: null, body: (w) => ({ eventId: 'evt-1', installmentId: w.installmentId!, amount: '1.00', currency: 'CNY', paidOn: '2026-01-01', reference: 'PSP-1' }) },
  'POST /api/v1/benchmarks/imports': {
    as: 'ops@tenure.demo',
    body: (_w, n) => ({ fileName: `market-${n}.csv`, csv: `city,function,level,currency,p25,p50,p75,p90\n上海,software_engineering,senior,CNY,300000,400000,500000,${650000 + n}` }),
  },
  'GET /api/v1/benchmarks/imports': { as: 'ops@tenure.demo' },
  'GET /api/v1/benchmarks': { as: 'hr@huaxin.demo', query: () => ({ city: '上海', function: 'software_engineering', level: 'senior', currency: 'CNY' }) },
  'GET /api/v1/benchmarks/position': { as: 'hr@huaxin.demo', query: () => ({ city: '上海', function: 'software_engineering', level: 'senior', currency: 'CNY', salary: '450000.00' }) },
  'GET /api/v1/placements/{placementId}/benchmark': { as: 'hr@huaxin.demo' },
  // 刘洋 is interviewing and 黄磊's plan offers no re-verification: both orders are refused (409), so no provider is called.
  'POST /api/v1/submissions/{submissionId}/background-checks': { as: 'hr@huaxin.demo', body: () => ({}) },
  'GET /api/v1/submissions/{submissionId}/background-checks': { as: 'hr@huaxin.demo' },
  'POST /api/v1/placements/{placementId}/background-checks': { as: 'hr@huaxin.demo', body: () => ({}) },
  'GET /api/v1/placements/{placementId}/background-checks': { as: 'hr@huaxin.demo' },
  'GET /api/v1/background-checks/{checkId}': { as: 'hr@huaxin.demo' },
  'POST /api/v1/background-checks/{checkId}/resend': { as: 'hr@huaxin.demo', body: () => ({}) },
  'POST /api/v1/integrations/background-checks/callback': { as: null, body: (w) => ({ eventId: 'evt-1', checkId: w.checkId!, reference: 'PRV-1', outcome: 'clear', items: [] }) },
  'GET /api/v1/plans': { as: 'ops@tenure.demo' },
  'GET /api/v1/plans/comparison': { as: 'ops@tenure.demo' },
  'GET /api/v1/plans/{planId}': { as: 'ops@tenure.demo' },
  'POST /api/v1/plans/{planId}/versions': { as: 'ops@tenure.demo', body: (w) => ({ terms: JSON.parse(w.customTerms!), note: '调整保证期' }) },
  'GET /api/v1/plan-versions/{planVersionId}': { as: 'ops@tenure.demo' },
  'POST /api/v1/orgs/{orgId}/custom-plan-requests': { as: 'admin@huaxin.demo', body: () => ({ description: '需要 180 天保证期' }) },
  'GET /api/v1/orgs/{orgId}/custom-plan-requests': { as: 'admin@huaxin.demo' },
  'GET /api/v1/custom-plan-requests': { as: 'ops@tenure.demo' },
  'GET /api/v1/custom-plan-requests/{requestId}': { as: 'ops@tenure.demo' },
  'POST /api/v1/custom-plan-requests/{requestId}/publish': {
    as: 'ops@tenure.demo',
    params: (w) => ({ requestId: w.publishRequestId! }),
    body: (w) => ({ name: { zh: '华信定制', en: 'Huaxin custom' }, terms: JSON.parse(w.customTerms!), note: '按需求发布' }),
    fresh: async (w, as) => ({ requestId: (await created(as('admin@huaxin.demo'), `/api/v1/orgs/${w.orgId}/custom-plan-requests`, { description: '定制方案' })).id }),
    // Its terms go through the same terms engine as a new version's, whose every field is walked there.
    documentedOnly: true,
  },
  'POST /api/v1/custom-plan-requests/{requestId}/decline': {
    as: 'ops@tenure.demo',
    params: (w) => ({ requestId: w.declineRequestId! }),
    body: () => ({ note: '标准方案已满足' }),
    fresh: async (w, as) => ({ requestId: (await created(as('admin@huaxin.demo'), `/api/v1/orgs/${w.orgId}/custom-plan-requests`, { description: '定制方案' })).id }),
  },
  'GET /api/v1/notifications': { as: 'hr@huaxin.demo' },
  'POST /api/v1/notifications/{notificationId}/read': { as: 'hr@huaxin.demo' },
  'POST /api/v1/notifications/read-all': { as: 'hr@huaxin.demo' },
  'GET /api/v1/orgs/{orgId}/notification-settings': { as: 'admin@huaxin.demo' },
  'PUT /api/v1/orgs/{orgId}/notification-settings': { as: 'admin@huaxin.demo', body: () => ({ emailEvents: ['*'] }) },
  'GET /api/v1/me/notification-settings': { as: 'hr@huaxin.demo' },
  'PUT /api/v1/me/notification-settings': { as: 'hr@huaxin.demo', body: () => ({ emailEnabled: true, language: 'zh-CN' }) },
  'GET /api/v1/orgs/{orgId}/webhook-endpoints': { as: 'admin@huaxin.demo' },
  // A public address literal: the walk's server does not allow private targets, and needs no DNS.
  'POST /api/v1/orgs/{orgId}/webhook-endpoints': { as: 'admin@huaxin.demo', body: (_w, n) => ({ url: `https://203.0.114.10/hooks/${n}`, events: ['*'] }) },
  'POST /api/v1/webhook-endpoints/{endpointId}/rotate-secret': { as: 'admin@huaxin.demo', body: () => ({ overlapHours: 1 }) },
  'DELETE /api/v1/webhook-endpoints/{endpointId}': { as: 'admin@huaxin.demo' },
  'GET /api/v1/webhook-endpoints/{endpointId}/deliveries': { as: 'admin@huaxin.demo' },
  'POST /api/v1/webhook-deliveries/{deliveryId}/replay': { as: 'admin@huaxin.demo' },
  'GET /api/v1/orgs/{orgId}/robots': { as: 'admin@huaxin.demo' },
  'POST /api/v1/orgs/{orgId}/robots': { as: 'admin@huaxin.demo', body: (_w, n) => ({ provider: 'dingtalk', name: `钉钉群 ${n}`, url: `https://203.0.114.10/robot/send?access_token=t${n}`, secret: 'SECsecret', events: ['*'], language: 'zh-CN' }) },
  'DELETE /api/v1/robots/{robotId}': { as: 'admin@huaxin.demo' },
  'POST /api/v1/robots/{robotId}/test': { as: 'admin@huaxin.demo' },
  'GET /api/v1/outbox': { as: 'ops@tenure.demo' },
  'POST /api/v1/outbox/{messageId}/resend': { as: 'ops@tenure.demo' },
  'POST /api/v1/orders/{orderId}/submissions': {
    as: 'c1@talentbridge.demo',
    body: (_w, n) => ({
      candidateName: '王芳',
      phone: `186${String(n).padStart(8, '0')}`,
      email: `wang.fang.${n}@example.com`,
      currentEmployer: '某科技公司',
      currentTitle: '后端工程师',
      yearsExperience: 5,
      expectedSalary: '500000.00',
      currency: 'CNY',
      notes: '可一个月内到岗。',
    }),
  },
  'GET /api/v1/orders/{orderId}/submissions': { as: 'hr@huaxin.demo' },
  'GET /api/v1/submissions': { as: 'hr@huaxin.demo' },
  'GET /api/v1/submissions/{submissionId}': { as: 'hr@huaxin.demo' },
  'GET /api/v1/ownership-refusals': { as: 'c2@talentbridge.demo' },
  'GET /api/v1/ownership-refusals/{refusalId}': { as: 'c2@talentbridge.demo' },
  'POST /api/v1/submissions/{submissionId}/stage': {
    as: 'hr@huaxin.demo',
    params: (w) => ({ submissionId: w.stageSubmissionId! }),
    body: (w) => ({ to: 'hired', comment: '确认入职', hire: { startDate: w.startDate!, annualSalary: '380000.00' } }),
    // An offered candidate of its own on an order with room for many hires.
    fresh: async (w, as, n) => {
      const sub = await created<{ submission: { id: string } }>(as('c1@talentbridge.demo'), `/api/v1/orders/${w.bulkOrderId}/submissions`, { candidateName: '赵磊', phone: `187${String(n).padStart(8, '0')}` });
      const moved = await as('hr@huaxin.demo').post(`/api/v1/submissions/${sub.submission.id}/stage`, { to: 'offered' });
      if (moved.status !== 200) throw new Error(`offering failed: ${moved.status} ${JSON.stringify(moved.body)}`);
      return { submissionId: sub.submission.id };
    },
  },
  'POST /api/v1/submissions/{submissionId}/comments': { as: 'hr@huaxin.demo', body: () => ({ comment: '请补充项目经历' }) },
  'POST /api/v1/submissions/{submissionId}/resume': { as: 'c1@talentbridge.demo', params: (w) => ({ submissionId: w.resumeSubmissionId! }) },
  'GET /api/v1/files/{fileId}': { as: 'hr@huaxin.demo' },
  'GET /api/v1/placements/{placementId}/checkins': { as: 'hr@huaxin.demo', params: (w) => ({ placementId: w.servicePlacementId! }) },
  'GET /api/v1/placements/{placementId}/flags': { as: 'hr@huaxin.demo', params: (w) => ({ placementId: w.servicePlacementId! }) },
  'GET /api/v1/placements/{placementId}/tasks': { as: 'c1@talentbridge.demo', params: (w) => ({ placementId: w.servicePlacementId! }) },
  'POST /api/v1/checkins/{checkinId}/answers': { as: 'hr@huaxin.demo', body: () => ({ performance: 4, teamFit: 4, dismissalRisk: false, comment: '表现稳定' }) },
  'POST /api/v1/checkins/{checkinId}/candidate-link': { as: 'c1@talentbridge.demo', params: (w) => ({ checkinId: w.linkFormId! }), body: () => ({}) },
  'GET /api/v1/public/checkins/{token}': { as: null },
  // The first valid answer spends its link: a placement of its own, so the form read above stays live.
  'POST /api/v1/public/checkins/{token}': {
    as: null,
    params: (w) => ({ token: w.answerToken! }),
    body: () => ({ overallSatisfaction: 4, jobSatisfaction: 3, environmentSatisfaction: 3, relationshipSatisfaction: 3, workLifeBalance: 3, jobInvolvement: 3, overTime: false, intentToStay: 4, comment: '还不错' }),
  },
  'POST /api/v1/tasks/{taskId}/complete': { as: 'c1@talentbridge.demo', body: () => ({ note: '已完成' }) },
  'GET /api/v1/orgs/{orgId}/task-rates': { as: 'hr@huaxin.demo' },
  'GET /api/v1/aftercare/dashboard': { as: 'hr@huaxin.demo' },
  // The first valid claim stays open (a claim waits for the remedy); later ones meet 409, after their fields are judged.
  'POST /api/v1/placements/{placementId}/claims': { as: 'hr@huaxin.demo', params: (w) => ({ placementId: w.claimPlacementId! }), body: (w) => ({ reason: 'voluntary_resignation', lastWorkingDay: w.startDate!, remedy: null, comment: '个人原因' }) },
  'GET /api/v1/placements/{placementId}/claims': { as: 'hr@huaxin.demo', params: (w) => ({ placementId: w.servicePlacementId! }) },
  'GET /api/v1/claims': { as: 'ops@tenure.demo' },
  'GET /api/v1/claims/{claimId}': { as: 'hr@huaxin.demo' },
  'POST /api/v1/claims/{claimId}/remedy': { as: 'hr@huaxin.demo', body: () => ({ remedy: 'replacement' }) },
  'POST /api/v1/claims/{claimId}/review': { as: 'ops@tenure.demo', body: () => ({ covered: false, reason: '证据不足' }) },
  'POST /api/v1/claims/{claimId}/convert-to-refund': { as: 'hr@huaxin.demo', body: () => ({}) },
  'POST /api/v1/claims/{claimId}/extend': { as: 'hr@huaxin.demo', body: () => ({}) },
  // Evidence: uploaded for the placement in service (before a claim), and added to the claim in review.
  'POST /api/v1/placements/{placementId}/evidence': { as: 'hr@huaxin.demo', params: (w) => ({ placementId: w.servicePlacementId! }) },
  'POST /api/v1/claims/{claimId}/evidence': { as: 'hr@huaxin.demo' },
  'GET /api/v1/claims/{claimId}/evidence': { as: 'hr@huaxin.demo' },
  // Disputes: the first valid raise opens one on its rejected claim (later ones meet 409 dispute_open, after their
  // fields are judged); the walk's dispute (on another rejected claim) is answered, assigned and decided.
  'POST /api/v1/disputes': { as: 'hr@huaxin.demo', body: (w) => ({ type: 'claim_decision', subjectId: w.rejectedClaimId!, statement: '通知并未迟延', evidenceFileIds: [] }) },
  'GET /api/v1/disputes': { as: 'hr@huaxin.demo', query: () => ({ state: 'awaiting_response' }) },
  'GET /api/v1/disputes/{disputeId}': { as: 'hr@huaxin.demo' },
  'POST /api/v1/disputes/{disputeId}/responses': { as: 'c1@talentbridge.demo', body: () => ({ statement: '我方意见', evidenceFileIds: [] }) },
  'POST /api/v1/disputes/{disputeId}/evidence': { as: 'hr@huaxin.demo' },
  'POST /api/v1/disputes/{disputeId}/assign': { as: 'ops@tenure.demo', body: (w) => ({ arbitratorUserId: w.arbitratorId! }) },
  'POST /api/v1/disputes/{disputeId}/decision': { as: 'arbitrator@tenure.demo', body: () => ({ outcome: 'uphold', reasons: '证据不足' }) },
  'GET /api/v1/arbitrators': { as: 'ops@tenure.demo' },
  'PUT /api/v1/arbitrators/me/ties': { as: 'arbitrator@tenure.demo', body: () => ({ orgIds: [] }) },
  // Skill plan: a manufacturing placement on its day 30 (its first assessment open), assigned to SkillCheck; the
  // first valid score is recorded, later ones meet 409 after their fields are judged.
  'GET /api/v1/assessor-orgs': { as: 'hr@huaxin.demo' },
  'GET /api/v1/placements/{placementId}/assessments': { as: 'hr@huaxin.demo', params: (w) => ({ placementId: w.skillPlacementId! }) },
  'PUT /api/v1/placements/{placementId}/assessor': { as: 'hr@huaxin.demo', params: (w) => ({ placementId: w.skillPlacementId! }), body: (w) => ({ assessorOrgId: w.skillcheckOrgId! }) },
  'GET /api/v1/assessments/placements': { as: 'qa@skillcheck.demo' },
  'GET /api/v1/assessments/tasks': { as: 'qa@skillcheck.demo', query: () => ({ dueSoon: 'true' }) },
  'POST /api/v1/assessment-tasks/{assessmentTaskId}/evidence': { as: 'qa@skillcheck.demo' },
  'POST /api/v1/assessment-tasks/{assessmentTaskId}/score': { as: 'qa@skillcheck.demo', body: () => ({ score: 72, notes: '设备操作规范，安全意识良好', evidenceFileIds: [] }) },
};

// ------------------------------------------------------------------------------------------ values

type Kind = { label: string; value: Json; group: 'wrong' | 'text' | 'format' | 'number' | 'shape' };
const LONG_TEXT = 'x'.repeat(100_000);
const deep = (depth: number): Json => (depth === 0 ? 'bottom' : { a: deep(depth - 1) });

const WRONG: Kind[] = [
  { label: 'a string', value: 'wrong type', group: 'wrong' },
  { label: 'a number', value: 7, group: 'wrong' },
  { label: 'a boolean', value: true, group: 'wrong' },
  { label: 'an object', value: { unexpected: 'x' }, group: 'wrong' },
  { label: 'an array', value: ['x', 1], group: 'wrong' },
  { label: 'null', value: null, group: 'wrong' },
];
/** Always sent to text fields: the values a database cannot store as sent, and one far over any limit. */
const TEXT_ALWAYS: Kind[] = [
  { label: 'text with NUL', value: 'a\u0000b', group: 'text' },
  { label: 'a lone surrogate', value: 'a\ud800b', group: 'text' },
  { label: 'a 100k string', value: LONG_TEXT, group: 'text' },
];
const TEXT_SAMPLED: Kind[] = [
  { label: 'emoji', value: '👩🏽‍💻 招聘🎉', group: 'text' },
  { label: 'right-to-left text', value: '\u202Eمرحبا بالعالم', group: 'text' },
  { label: 'SQL metacharacters', value: "x' OR '1'='1'; --", group: 'text' },
  { label: 'JSON metacharacters', value: '{"$ne":null}\\"', group: 'text' },
  { label: 'an empty string', value: '', group: 'text' },
  { label: 'whitespace only', value: '   \t ', group: 'text' },
  { label: 'a zero-width space', value: '\u200B', group: 'text' },
];
const MONEY_STRINGS: Kind[] = [
  { label: 'money "1e5"', value: '1e5', group: 'format' },
  { label: 'money "-1"', value: '-1', group: 'format' },
  { label: 'money "1.234"', value: '1.234', group: 'format' },
  { label: 'money " 1"', value: ' 1', group: 'format' },
  { label: 'money "1,000"', value: '1,000', group: 'format' },
  { label: 'money "99999999999999999999"', value: '99999999999999999999', group: 'format' },
  // 2^53 + 1 minor units: past what a JavaScript number holds exactly (issue 7.7).
  { label: 'money "90071992547409.93"', value: '90071992547409.93', group: 'format' },
];
const DATE_STRINGS: Kind[] = [
  { label: 'date "2026-02-30"', value: '2026-02-30', group: 'format' },
  { label: 'date "2026-13-01"', value: '2026-13-01', group: 'format' },
  { label: 'date "yesterday"', value: 'yesterday', group: 'format' },
  { label: 'date "0000-00-00"', value: '0000-00-00', group: 'format' },
  // Real calendar dates far outside any record's range (issue 7.7).
  { label: 'date "0001-01-01"', value: '0001-01-01', group: 'format' },
  { label: 'date "9999-12-31"', value: '9999-12-31', group: 'format' },
];
/** Dates that are calendar dates, only out of range: refused where a documented range applies. */
const FAR_DATES = new Set(['0001-01-01', '9999-12-31']);
const NUMBERS: Kind[] = [
  { label: '-1', value: -1, group: 'number' },
  { label: '1.5', value: 1.5, group: 'number' },
  { label: '0', value: 0, group: 'number' },
  { label: '1e308', value: 1e308, group: 'number' },
  { label: '-1e308', value: -1e308, group: 'number' },
  { label: '2^63', value: 2 ** 63, group: 'number' },
  // A whole number inside every type's range but past any sensible count of days (issue 7.7).
  { label: '10^9', value: 1e9, group: 'number' },
];
const DEEP: Kind = { label: 'an object nested 200 deep', value: deep(200), group: 'shape' };
/** Deeper than any recursive code (hashing, copying) could follow; spliced into the JSON text in place of its marker. */
const VERY_DEEP_JSON = `${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}`;
const VERY_DEEP: Kind = { label: 'an object nested 10,000 deep', value: '\u0001very-deep\u0001', group: 'shape' };
const jsonText = (body: Json): string => JSON.stringify(body).replace(JSON.stringify(VERY_DEEP.value), VERY_DEEP_JSON);

const MONEY_FIELDS = new Set(['salaryMin', 'salaryMax', 'amount', 'expectedSalary', 'annualSalary', 'minReward']);
const DATE_FIELDS = new Set(['startDate', 'postedSince', 'lastWorkingDay', 'paidOn']);
/** Text people type as a name, title or city: a value of only invisible characters is empty (issue 7). */
const LINE_TEXT_FIELDS = new Set(['name', 'title', 'city', 'candidateName']);
const WHOLE_NUMBER_FIELDS = /(days|Days|day|Day|headcount|yearsExperience|expectedVersion|maxReplacements)$/;

/** Why a value must be refused in this field, or null when it may be valid. */
function mustRefuse(field: Field, kind: Kind): string | null {
  const name = String([...field.path].reverse().find((s) => typeof s === 'string') ?? '');
  // null may mean "none" where the schema does not document the field (inside terms): only documented fields are sure.
  if (kind.group === 'wrong' && !(kind.value === null && (field.nullable || !field.documented))) return 'a value of the wrong type';
  if (kind.label === 'text with NUL' || kind.label === 'a lone surrogate') return 'text that cannot be stored as sent';
  if (kind.group === 'number' && ['-1', '1e308', '-1e308', '2^63'].includes(kind.label)) return 'a number out of range';
  if (kind.label === '1.5' && WHOLE_NUMBER_FIELDS.test(name)) return 'a fraction where a whole number belongs';
  if (DATE_FIELDS.has(name) && typeof kind.value === 'string' && !/^\d{4}-\d{2}-\d{2}$/.test(kind.value)) return 'not a date';
  if (DATE_FIELDS.has(name) && DATE_STRINGS.some((d) => d.value === kind.value) && !FAR_DATES.has(kind.value as string)) return 'not a calendar date';
  if (['startDate', 'paidOn', 'lastWorkingDay'].includes(name) && FAR_DATES.has(kind.value as string)) return 'a date outside the documented range';
  if (MONEY_FIELDS.has(name) && ['1e5', '-1', '1.234', '1,000', '99999999999999999999', '90071992547409.93'].includes(kind.value as string)) return 'not an amount';
  if (kind.label === '10^9' && /(days|Days)$/.test(name)) return 'a count of days past any documented maximum';
  if (name === 'timeZone' && typeof kind.value === 'string') return 'not a time zone';
  if (LINE_TEXT_FIELDS.has(name) && field.documented && kind.label === 'a zero-width space') return 'a name, title or city of only invisible characters';
  return null;
}

/** Query and path values, already URL-encoded (some are not valid UTF-8 on purpose). */
type RawKind = { label: string; raw: string };
const enc = (label: string, v: string): RawKind => ({ label, raw: encodeURIComponent(v) });
const QUERY_VALUES: RawKind[] = [
  enc('a word', 'abc'),
  enc('empty', ''),
  enc('-1', '-1'),
  enc('1.5', '1.5'),
  enc('1e308', '1e308'),
  enc('2^63', '9223372036854775808'),
  enc('money "1e5"', '1e5'),
  enc('money " 1"', ' 1'),
  enc('money "1.234"', '1.234'),
  enc('money "99999999999999999999"', '99999999999999999999'),
  enc('date "2026-02-30"', '2026-02-30'),
  enc('date "2026-13-01"', '2026-13-01'),
  enc('date "yesterday"', 'yesterday'),
  enc('date "0001-01-01"', '0001-01-01'),
  enc('date "9999-12-31"', '9999-12-31'),
  enc('a 5000-char string', 'q'.repeat(5000)),
  enc('emoji', '👩🏽‍💻🎉'),
  enc('right-to-left text', '\u202Eمرحبا'),
  { label: 'NUL', raw: 'a%00b' },
  { label: 'a lone surrogate (CESU-8 bytes)', raw: 'a%ED%A0%80b' },
  { label: 'invalid percent-encoding', raw: '%E0%A4%A' },
  enc('SQL metacharacters', "' OR 1=1 --"),
  enc('LIKE wildcards', '%_\\'),
  enc('JSON metacharacters', '{"a":[1]}'),
  enc('null', 'null'),
  enc('true', 'true'),
];
const PATH_VALUES: RawKind[] = [
  enc('not a UUID', 'not-a-uuid'),
  enc('a space', ' '),
  enc('null', 'null'),
  enc('undefined', 'undefined'),
  enc('0', '0'),
  enc('-1', '-1'),
  enc('1e308', '1e308'),
  enc('a 5000-char string', 'a'.repeat(5000)),
  enc('SQL metacharacters', "' OR '1'='1"),
  enc('JSON metacharacters', '{"$ne":null}'),
  { label: 'NUL', raw: '%00' },
  { label: 'a lone surrogate (CESU-8 bytes)', raw: '%ED%A0%80' },
  enc('emoji', '🎉'),
  enc('a UUID with a tail', '00000000-0000-4000-8000-000000000000x'),
  enc('the nil UUID', '00000000-0000-0000-0000-000000000000'),
  enc('an unknown UUID', '3f2b1c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d'),
  enc('a path traversal', '../../etc/passwd'),
];

// ------------------------------------------------------------------------------------------ the walk

const TABLES = ['orgs', 'users', 'api_tokens', 'audit_events', 'obligations', 'plans', 'plan_versions', 'custom_plan_requests', 'job_orders', 'engagements', 'files', 'submissions', 'submission_events', 'placements', 'notifications', 'checkin_forms', 'checkin_links', 'support_tasks', 'placement_flags', 'claims', 'aftercare_outbox', 'ledger_transfers', 'installments', 'installment_payments', 'consultant_shares', 'outbox_messages', 'webhook_endpoints', 'robot_channels', 'org_notification_settings', 'user_notification_settings', 'placement_assessors', 'assessment_tasks', 'assessment_evidence'];

describe.each(DATABASE_KINDS)('bad input on %s', (database) => {
  let server: TestServer;
  let routes: Route[];
  let world: World;
  const users = new Map<Email, ApiUser>();

  beforeAll(async () => {
    // A background-check provider that is never reachable: orders stay requested, and no callback arrives while the walk counts rows.
    server = await startTestServer({ database, demoMarketplace: true, config: { backgroundChecks: { url: 'http://127.0.0.1:9/unreachable', secret: 'bad-input-walk-provider-secret', demoDelayMs: 0 } } });
    const emails: Email[] = ['ops@tenure.demo', 'admin@huaxin.demo', 'hr@huaxin.demo', 'c1@talentbridge.demo', 'c2@talentbridge.demo', 'admin@talentbridge.demo', 'qa@skillcheck.demo'];
    for (const email of emails) users.set(email, await ApiUser.signIn(server.url, email));
    users.set('logout', await ApiUser.signIn(server.url, 'hr@huaxin.demo'));
    world = await discoverWorld(server, (e) => users.get(e)!);
    const doc = (await (await fetch(`${server.url}/api/openapi.json`)).json()) as { paths: Record<string, Record<string, OpenApiOp>> };
    routes = Object.entries(doc.paths).flatMap(([path, ops]) => Object.entries(ops).map(([method, op]) => ({ method: method.toUpperCase(), path, key: `${method.toUpperCase()} ${path}`, op })));
  }, 120_000);
  afterAll(() => server?.close());

  const userOf = (plan: Plan): ApiUser | null => (plan.as ? users.get(plan.as)! : null);
  const planOf = (route: Route): Plan => PLANS[route.key]!;
  const urlOf = (route: Route, override: Record<string, string> = {}, query?: string): string => {
    const own = planOf(route).params?.(world) ?? {};
    const path = route.path.replace(/\{(\w+)\}/g, (_, name: string) => override[name] ?? own[name] ?? world[name] ?? `<no ${name}>`);
    return query === undefined ? path : `${path}?${query}`;
  };
  const jsonSchemaOf = (route: Route): JsonSchema | undefined => route.op.requestBody?.content['application/json']?.schema;
  const fingerprint = async (): Promise<string> => {
    const row = (await sql.raw<Record<string, unknown>>(`select ${TABLES.map((t) => `(select count(*) from ${t}) as ${t}`).join(', ')}`).execute(server.deps.db)).rows[0]!;
    return TABLES.map((t) => `${t}=${String(row[t])}`).join(' ');
  };
  let counter = 0;

  /** Sends one request and judges the answer; returns the problems found. */
  async function probe(route: Route, url: string, input: string, body: { type: string; data: string | Buffer } | undefined, expect: { field?: string; refuse?: string | null }, headers: Record<string, string> = {}): Promise<string[]> {
    const user = userOf(planOf(route));
    const writes = route.method !== 'GET';
    const before = writes ? await fingerprint() : '';
    const res = await send(server.url, user, route.method, url, body, headers);
    const problems = judge(res, expect);
    if (writes && res.status >= 400) {
      const after = await fingerprint();
      if (after !== before) problems.push(`a refused request changed data: ${diff(before, after)}`);
    }
    if (expect.refuse && res.status < 400) problems.push(`accepted ${expect.refuse} (${res.status})`);
    return problems.map((p) => `${route.key} ${input} → ${p}\n    ${res.status} ${res.text.slice(0, 300)}`);
  }

  it('has a plan for every route of the OpenAPI document', () => {
    expect(routes.length).toBeGreaterThan(50);
    expect(routes.map((r) => r.key).filter((k) => !PLANS[k])).toEqual([]);
  });

  it('answers bad path parameters with a coded 4xx', async () => {
    const failures: string[] = [];
    for (const route of routes.filter((r) => r.path.includes('{'))) {
      const plan = planOf(route);
      for (const name of [...route.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!)) {
        for (const kind of PATH_VALUES) {
          const url = urlOf(route, { [name]: kind.raw });
          // The body is valid, so only the parameter is at fault.
          const body = plan.body ? { type: 'application/json', data: JSON.stringify(plan.body(world, ++counter)) } : undefined;
          // The answer names the parameter, or "path" when the router cannot read the URL at all (bad percent-encoding).
          const problems = await probe(route, url, `path ${name} = ${kind.label}`, body, { field: `${name}.path` });
          failures.push(...problems);
        }
      }
    }
    report(failures);
  }, 180_000);

  it('answers bad JSON bodies with a coded 4xx and stores no value a field may not hold', async () => {
    const failures: string[] = [];
    let rotation = 0;
    const pick = <T,>(list: T[], count: number): T[] => Array.from({ length: count }, () => list[rotation++ % list.length]!);
    for (const route of routes.filter((r) => r.op.requestBody?.content['application/json'])) {
      const plan = planOf(route);
      if (!plan.body) {
        failures.push(`${route.key}: give it a valid body in PLANS so its fields can be walked`);
        continue;
      }
      const sendJson = async (input: string, body: Json, expect: { field?: string; refuse?: string | null }, headers: Record<string, string> = {}) => {
        const url = urlOf(route, plan.fresh ? await plan.fresh(world, (e) => users.get(e)!, ++counter) : {});
        failures.push(...(await probe(route, url, input, { type: 'application/json', data: jsonText(body) }, expect, headers)));
      };
      // Each documented field (and each field of the valid body, terms included) replaced in turn.
      const schema = jsonSchemaOf(route)!;
      const base = plan.body(world, ++counter);
      for (const field of fieldsOf(schema, base, !plan.documentedOnly)) {
        const current = getAt(base, field.path);
        const type = current === undefined ? field.type : typeOf(current);
        const kinds: Kind[] = WRONG.filter((k) => typeOf(k.value) !== type && !(k.value === null && current === null));
        const name = String(field.path[field.path.length - 1]);
        if (type === 'string') {
          kinds.push(...TEXT_ALWAYS, ...pick(TEXT_SAMPLED, 2));
          if (MONEY_FIELDS.has(name)) kinds.push(...MONEY_STRINGS);
          else if (DATE_FIELDS.has(name)) kinds.push(...DATE_STRINGS);
          else kinds.push(...pick([...MONEY_STRINGS, ...DATE_STRINGS], 2));
        }
        if (type === 'number') kinds.push(...NUMBERS);
        if (type === 'object') kinds.push(DEEP, VERY_DEEP);
        for (const kind of kinds) {
          const body = setAt(plan.body(world, ++counter), field.path, kind.value);
          // Deep values also go through the Idempotency-Key machinery, which hashes the whole body.
          const headers: Record<string, string> = kind.group === 'shape' ? { 'idempotency-key': `bad-input-${++counter}` } : {};
          await sendJson(`${field.path.join('.')} = ${kind.label}`, body, { field: field.path.filter((s) => typeof s === 'string').join('.'), refuse: mustRefuse(field, kind) }, headers);
        }
      }
      // Whole bodies of the wrong shape, with an Idempotency-Key so its machinery meets them too (last: {} is a
      // valid body for some routes, and may use up their resource).
      const shapes: [string, Json][] = [['[]', []], ['null', null], ['a string', 'body'], ['a number', 42], [DEEP.label, DEEP.value], [VERY_DEEP.label, VERY_DEEP.value], ['{}', {}]];
      for (const [label, body] of shapes) {
        await sendJson(`body ${label}`, body, {}, { 'idempotency-key': `bad-input-${++counter}` });
      }
    }
    report(failures);
  }, 300_000);

  it('answers bad query strings with a coded 4xx', async () => {
    const failures: string[] = [];
    for (const route of routes.filter((r) => r.method === 'GET')) {
      const plan = planOf(route);
      const names = (route.op.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name);
      // Routes without a documented query still meet an unknown parameter.
      if (names.length === 0) names.push('unexpected');
      const base = plan.query?.(world) ?? {};
      for (const name of names) {
        for (const kind of [...QUERY_VALUES, { label: 'the parameter twice', raw: `1&${name}=2` }]) {
          const rest = Object.entries(base).filter(([k]) => k !== name).map(([k, v]) => `${k}=${encodeURIComponent(v)}`);
          const url = urlOf(route, {}, [...rest, `${name}=${kind.raw}`].join('&'));
          failures.push(...(await probe(route, url, `query ${name} = ${kind.label}`, undefined, { field: name === 'unexpected' ? undefined : name })));
        }
      }
    }
    report(failures);
  }, 180_000);

  it('answers a body of the wrong content type, or a broken one, with a coded 4xx', async () => {
    const failures: string[] = [];
    const form = multipart([{ name: 'file', fileName: 'cv.pdf', type: 'application/pdf', data: minimalPdf('CV') }]);
    for (const route of routes.filter((r) => r.method !== 'GET')) {
      const plan = planOf(route);
      const isJson = !!route.op.requestBody?.content['application/json'];
      const url = urlOf(route);
      const bodies: [string, { type: string; data: string | Buffer }][] = [
        ['an XML body', { type: 'application/xml', data: '<order><title>x</title></order>' }],
        ['broken JSON', { type: 'application/json', data: '{"title": "x",' }],
        ['a JSON body that is empty', { type: 'application/json', data: '' }],
        ['a content type with an unknown charset', { type: 'application/json; charset=klingon', data: '{"a":' }],
      ];
      if (isJson) {
        bodies.push(['a text/plain body', { type: 'text/plain', data: JSON.stringify(plan.body?.(world, ++counter) ?? {}) }]);
        bodies.push(['a multipart body', { type: form.type, data: form.data }]);
        bodies.push(['a form-urlencoded body', { type: 'application/x-www-form-urlencoded', data: 'title=x&headcount=1' }]);
      }
      if (route.key === 'POST /api/v1/auth/logout') continue;
      for (const [label, body] of bodies) failures.push(...(await probe(route, url, label, body, {})));
      // A valid body with an Idempotency-Key no request may use.
      const valid = { type: 'application/json', data: JSON.stringify(plan.body?.(world, ++counter) ?? {}) };
      for (const [label, key] of [['an empty Idempotency-Key', ''], ['an Idempotency-Key of 201 characters', 'k'.repeat(201)]] as const) {
        if (plan.body) failures.push(...(await probe(route, url, label, valid, {}, { 'idempotency-key': key })));
      }
    }
    report(failures);
  }, 180_000);

  it.each(['POST /api/v1/submissions/{submissionId}/resume', 'POST /api/v1/placements/{placementId}/evidence', 'POST /api/v1/claims/{claimId}/evidence', 'POST /api/v1/assessment-tasks/{assessmentTaskId}/evidence'])('answers bad uploads with a coded 4xx: %s', async (key) => {
    const failures: string[] = [];
    const route = routes.find((r) => r.key === key)!;
    const url = urlOf(route);
    const pdf = minimalPdf('CV');
    const uploads: [string, { type: string; data: string | Buffer }, string | null][] = [
      ['a JSON body', { type: 'application/json', data: '{"file":"cv"}' }, null],
      ['a text/plain body', { type: 'text/plain', data: 'cv' }, null],
      ['a multipart body without a file', multipart([{ name: 'note', data: 'no file here' }]), null],
      ['a multipart body with the file under another name', multipart([{ name: 'resume', fileName: 'cv.pdf', type: 'application/pdf', data: pdf }]), null],
      ['an empty file', multipart([{ name: 'file', fileName: 'cv.pdf', type: 'application/pdf', data: Buffer.alloc(0) }]), 'an empty file'],
      ['an executable', multipart([{ name: 'file', fileName: 'cv.pdf', type: 'application/pdf', data: minimalExe() }]), 'an executable'],
      ['two files', multipart([{ name: 'file', fileName: 'a.pdf', type: 'application/pdf', data: pdf }, { name: 'file', fileName: 'b.pdf', type: 'application/pdf', data: pdf }]), null],
      ['a file name with NUL', multipart([{ name: 'file', fileName: 'cv\u0000.pdf', type: 'application/pdf', data: pdf }]), null],
      ['a file name of 5000 characters', multipart([{ name: 'file', fileName: `${'简'.repeat(5000)}.pdf`, type: 'application/pdf', data: pdf }]), null],
      ['a file name with path separators', multipart([{ name: 'file', fileName: '../../etc/passwd', type: 'application/pdf', data: pdf }]), null],
      ['a broken multipart body', { type: 'multipart/form-data; boundary=XYZ', data: '--XYZ\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\n\r\n%PDF-1.4' }, null],
      ['a multipart type without a boundary', { type: 'multipart/form-data', data: 'abc' }, null],
    ];
    for (const [label, body, refuse] of uploads) failures.push(...(await probe(route, url, label, body, { refuse })));
    report(failures);
  }, 60_000);

  it('still answers every read of the walked resources afterwards (nothing stored that breaks them)', async () => {
    const failures: string[] = [];
    // The résumé walk replaced the résumé (a valid upload replaces it): read the one it has now.
    const resume = await users.get('hr@huaxin.demo')!.get<{ resume: { id: string } | null }>(`/api/v1/submissions/${world.resumeSubmissionId}`);
    world.fileId = resume.body.resume?.id ?? world.fileId!;
    // The worker signs the grown log on its schedule (off in tests): sign it as it would, so the checkpoint reads.
    await publishCheckpoint(server.deps.db, server.deps.signingKey, server.deps.wallClock.now());
    for (const route of routes.filter((r) => r.method === 'GET')) {
      const res = await send(server.url, userOf(planOf(route)), 'GET', urlOf(route, {}, new URLSearchParams(planOf(route).query?.(world) ?? {}).toString()), undefined);
      if (res.status !== 200) failures.push(`${route.key} → ${res.status} ${res.text.slice(0, 300)}`);
    }
    // Every org, as ops, including any the walk opened.
    const ops = users.get('ops@tenure.demo')!;
    const orgs = (await ops.get<{ items: { id: string }[] }>('/api/v1/orgs')).body.items;
    for (const org of orgs) {
      const res = await ops.get(`/api/v1/orgs/${org.id}/users`);
      if (res.status !== 200) failures.push(`GET /api/v1/orgs/${org.id}/users → ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`);
    }
    const orders = await ops.get('/api/v1/orders?limit=50');
    if (orders.status !== 200) failures.push(`GET /api/v1/orders → ${orders.status} ${JSON.stringify(orders.body).slice(0, 300)}`);
    report(failures);
  }, 60_000);
});

// ------------------------------------------------------------------------------------------ helpers

function report(failures: string[]): void {
  if (failures.length > 0) console.error(`${failures.length} problems:\n${failures.join('\n')}`);
  expect(failures).toEqual([]);
}

async function send(baseUrl: string, user: ApiUser | null, method: string, url: string, body: { type: string; data: string | Buffer } | undefined, extra: Record<string, string> = {}): Promise<Sent> {
  const headers: Record<string, string> = { ...extra };
  if (user?.cookie) headers.cookie = user.cookie;
  if (user?.csrfToken && method !== 'GET') headers['x-csrf-token'] = user.csrfToken;
  if (body) headers['content-type'] = body.type;
  const data = body === undefined ? undefined : typeof body.data === 'string' ? body.data : new Uint8Array(body.data);
  const res = await fetch(baseUrl + url, { method, headers, body: data });
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, text, json, contentType: res.headers.get('content-type') ?? '' };
}

/** The rules every answer to bad input keeps. */
function judge(res: Sent, expect: { field?: string }): string[] {
  const problems: string[] = [];
  if (res.status >= 500) problems.push(`server error ${res.status}`);
  if (/\n\s+at |\bat [\w$.<>]+ \(|\/work\/|node_modules|file:\/\/|\.ts:\d+/.test(res.status >= 300 ? res.text : '')) problems.push('leaks a stack trace or a file path');
  if (res.status < 400) return problems;
  const error = (res.json as { error?: { code?: unknown; message?: unknown; details?: unknown } } | undefined)?.error;
  if (!res.contentType.includes('application/json') || !error || typeof error !== 'object') return [...problems, 'the answer is not the error shape { error: { code, message, details } }'];
  if (typeof error.code !== 'string' || error.code === '') problems.push('the error has no code');
  if (typeof error.message !== 'string' || error.message.trim() === '') problems.push('the error has no message');
  if (!('details' in error)) problems.push('the error has no details');
  if (res.status === 400 && error.code === 'invalid_input' && typeof error.message === 'string') {
    if (expect.field && !namesField(error.message, expect.field, error.details)) problems.push(`the invalid_input message does not name the field ${expect.field}`);
    if (!expect.field && !/^[\w$.[\]-]+: \S/.test(error.message) && !(error.details as { field?: unknown } | null)?.field) problems.push('the invalid_input message names no field ("field: …")');
  }
  return problems;
}

/** The message (or its details) names the field, a part of it, or the object it belongs to. */
function namesField(message: string, field: string, details: unknown): boolean {
  const d = details as { issues?: { field?: string }[]; field?: string } | null;
  const named = [message, d?.field ?? '', ...(d?.issues?.map((i) => i.field ?? '') ?? [])].join(' ');
  return field.split('.').filter(Boolean).some((p) => new RegExp(`(^|[^\\w])${p}([^\\w]|$)`).test(named));
}

function diff(before: string, after: string): string {
  const a = before.split(' ');
  return after.split(' ').filter((p, i) => p !== a[i]).join(', ');
}

type FieldPath = (string | number)[];
type Field = { path: FieldPath; type: string; nullable: boolean; documented: boolean };

function typeOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v;
}

function schemaType(s: JsonSchema): { type: string; nullable: boolean } {
  const variants = s.anyOf ?? s.oneOf ?? [s];
  const types = variants.flatMap((v) => (Array.isArray(v.type) ? v.type : v.type ? [v.type] : v.properties ? ['object'] : []));
  const nonNull = types.find((t) => t !== 'null') ?? 'object';
  return { type: nonNull === 'integer' ? 'number' : nonNull, nullable: types.includes('null') };
}

/**
 * The fields to walk: every property the schema documents (in the union variant the valid body uses) and
 * every field of the valid body itself (free-form parts like terms are walked through their example).
 */
function fieldsOf(schema: JsonSchema, base: unknown, walkBody: boolean): Field[] {
  const out = new Map<string, Field>();
  const add = (path: FieldPath, type: string, nullable: boolean, documented: boolean) => {
    const key = JSON.stringify(path);
    if (!out.has(key)) out.set(key, { path, type, nullable, documented });
  };
  const walkSchema = (s: JsonSchema, path: FieldPath, value: unknown) => {
    let variants = s.anyOf ?? s.oneOf ?? [s];
    const discriminator = (value as { type?: unknown } | null)?.type;
    if (variants.length > 1 && typeof discriminator === 'string') {
      const matching = variants.filter((v) => (v.properties?.type?.enum ?? [v.properties?.type?.const]).includes(discriminator));
      if (matching.length > 0) variants = matching;
    }
    for (const v of variants) {
      for (const [name, sub] of Object.entries(v.properties ?? {})) {
        const p = [...path, name];
        const t = schemaType(sub);
        add(p, t.type, t.nullable, true);
        walkSchema(sub, p, (value as Record<string, unknown> | null | undefined)?.[name]);
      }
    }
  };
  const walkValue = (value: unknown, path: FieldPath) => {
    if (Array.isArray(value)) {
      if (value.length > 0) {
        add([...path, 0], typeOf(value[0]), false, false);
        walkValue(value[0], [...path, 0]);
      }
    } else if (value && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) {
        add([...path, k], typeOf(v), false, false);
        walkValue(v, [...path, k]);
      }
    }
  };
  walkSchema(schema, [], base);
  if (walkBody) walkValue(base, []);
  return [...out.values()];
}

function getAt(obj: unknown, path: FieldPath): unknown {
  let cur: unknown = obj;
  for (const p of path) cur = cur === null || cur === undefined ? undefined : (cur as Record<string | number, unknown>)[p];
  return cur;
}

function setAt(obj: unknown, path: FieldPath, value: unknown): unknown {
  const root = structuredClone(obj) as Record<string | number, unknown>;
  let cur: Record<string | number, unknown> = root;
  path.forEach((p, i) => {
    if (i === path.length - 1) cur[p] = value;
    else {
      if (cur[p] === null || typeof cur[p] !== 'object') cur[p] = {};
      cur = cur[p] as Record<string | number, unknown>;
    }
  });
  return root;
}

/** A multipart/form-data body built by hand, so file names can hold what browsers would never send. */
function multipart(parts: { name: string; fileName?: string; type?: string; data: string | Buffer }[]): { type: string; data: Buffer } {
  const boundary = '----bad-input-walk-7MA4YWxkTrZu0gW';
  const chunks: Buffer[] = [];
  for (const part of parts) {
    const disposition = `form-data; name="${part.name}"${part.fileName !== undefined ? `; filename="${part.fileName}"` : ''}`;
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: ${disposition}\r\n${part.type ? `Content-Type: ${part.type}\r\n` : ''}\r\n`, 'utf8'));
    chunks.push(typeof part.data === 'string' ? Buffer.from(part.data, 'utf8') : part.data);
    chunks.push(Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { type: `multipart/form-data; boundary=${boundary}`, data: Buffer.concat(chunks) };
}

// ------------------------------------------------------------------------------------------ the world

/** POSTs a body that must be accepted, and returns what was made. */
async function created<T = { id: string }>(user: ApiUser, path: string, body: Record<string, unknown>): Promise<T> {
  const res = await user.post<T>(path, body);
  if (res.status !== 201) throw new Error(`${path}: ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`);
  return res.body;
}

type Item = Record<string, unknown> & { id: string };
async function list(user: ApiUser, path: string): Promise<Item[]> {
  const res = await user.get<{ items: Item[] }>(path);
  if (res.status !== 200) throw new Error(`${path}: ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`);
  return res.body.items;
}
function pickOne(items: Item[], what: string, test: (i: Item) => boolean): Item {
  const found = items.find(test);
  if (!found) throw new Error(`the demo world has no ${what}`);
  return found;
}

/** Finds (or, where the demo has none, makes) the resources of the table at the top, through the API. */
async function discoverWorld(server: TestServer, as: (e: Email) => ApiUser): Promise<World> {
  const ops = as('ops@tenure.demo');
  const admin = as('admin@huaxin.demo');
  const hr = as('hr@huaxin.demo');
  const c1 = as('c1@talentbridge.demo');
  const orgId = ((await hr.get('/api/v1/auth/me')).body as { org: { id: string } }).org.id;
  const userId = pickOne(await list(admin, `/api/v1/orgs/${orgId}/users`), 'HR of 华信科技', (u) => u.email === 'hr@huaxin.demo').id;
  const token = await admin.post<{ id: string }>(`/api/v1/orgs/${orgId}/api-tokens`, { name: 'bad-input walk' });
  // A webhook endpoint and a robot of 华信科技 (the demo has none): the events below give the endpoint deliveries.
  const endpoint = await created<{ id: string }>(admin, `/api/v1/orgs/${orgId}/webhook-endpoints`, { url: 'https://203.0.114.10/hooks/walk', events: ['*'] });
  const robot = await created<{ id: string }>(admin, `/api/v1/orgs/${orgId}/robots`, { provider: 'wecom', name: '招聘群', url: 'https://203.0.114.10/cgi-bin/webhook/send?key=walk', events: ['*'] });
  const orders = await list(hr, `/api/v1/orgs/${orgId}/orders?limit=50`);
  const orderId = pickOne(orders, 'open backend order', (o) => o.title === '高级后端工程师（Go）').id;
  const draftOrderId = pickOne(orders, 'draft order', (o) => o.status === 'draft').id;
  const closeOrderId = pickOne(orders, 'open sales order', (o) => o.title === '大客户销售总监' && o.status === 'open').id;
  const market = await list(c1, '/api/v1/marketplace/orders?limit=50');
  const takeOrderId = pickOne(market, 'open order c1 has not taken', (o) => o.title === '前端工程师（React）' && o.engaged === false).id;
  const takeTermsHash = ((await c1.get(`/api/v1/orders/${takeOrderId}/terms`)).body as { termsHash: string }).termsHash;
  const engagements = await list(c1, '/api/v1/engagements?status=active&limit=50');
  const engagementId = pickOne(engagements, "c1's engagement on the backend order", (e) => e.orderId === orderId).id;
  const dropEngagementId = pickOne(engagements, "c1's engagement on the quality engineer order", (e) => e.orderTitle === '质量工程师（汽车零部件）').id;
  const received = await list(hr, '/api/v1/submissions?side=received&limit=100');
  const submissionId = pickOne(received, '刘洋', (s) => s.candidateName === '刘洋').id;
  const stageSubmissionId = pickOne(received, '杨帆 (offered)', (s) => s.candidateName === '杨帆' && s.stage === 'offered').id;
  // c1's demo candidates are all hired or offered (a final stage keeps its résumé): c1 submits one more.
  const submitted = await c1.post<{ submission: { id: string } }>(`/api/v1/orders/${orderId}/submissions`, { candidateName: '李娜', phone: '139 0000 1234', email: 'li.na@example.com' });
  if (submitted.status !== 201) throw new Error(`submitting 李娜 failed: ${submitted.status} ${JSON.stringify(submitted.body)}`);
  const resumeSubmissionId = submitted.body.submission.id;
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(minimalPdf('Li Na'))], { type: 'application/pdf' }), '李娜简历.pdf');
  const uploaded = await fetch(`${server.url}/api/v1/submissions/${resumeSubmissionId}/resume`, { method: 'POST', headers: { cookie: c1.cookie!, 'x-csrf-token': c1.csrfToken! }, body: form });
  const fileId = ((await uploaded.json()) as { resume: { id: string } }).resume.id;
  const placement = pickOne(await list(hr, '/api/v1/placements?limit=50'), 'pending placement of 黄磊', (p) => p.candidateName === '黄磊' && p.status === 'pending_acceptance');
  const notificationId = (await list(hr, '/api/v1/notifications?limit=5'))[0]!.id;
  // Money: 张伟's placement is active (the demo paid part of its first installment); TalentBridge delivers it.
  const active = pickOne(await list(hr, '/api/v1/placements?limit=50'), 'active placement of 张伟', (p) => p.candidateName === '张伟' && p.status === 'active');
  const installmentId = pickOne(await list(hr, `/api/v1/placements/${active.id}/installments`), 'open installment', (i) => i.status === 'partially_paid' || i.status === 'open').id;
  const agencyOrgId = (active.deliverer as { orgId: string }).orgId;
  const consultantId = (active.deliverer as { consultantId: string }).consultantId;
  const requests: string[] = [];
  for (const description of ['定制方案 A', '定制方案 B', '定制方案 C']) requests.push((await admin.post<{ id: string }>(`/api/v1/orgs/${orgId}/custom-plan-requests`, { description })).body.id);
  const template = pickOne(await list(ops, '/api/v1/plans'), 'custom template', (p) => p.key === 'custom');
  const customTerms = ((await ops.get(`/api/v1/plan-versions/${(template.latest as { id: string }).id}`)).body as { terms: unknown }).terms;
  const published = await ops.post<{ plan: { id: string }; version: { id: string } }>(`/api/v1/custom-plan-requests/${requests[0]}/publish`, { name: { zh: '华信定制', en: 'Huaxin custom' }, terms: customTerms as Record<string, unknown> });
  const standardVersionId = (pickOne(await list(hr, '/api/v1/plans'), 'standard plan', (p) => p.key === 'standard').latest as { id: string }).id;
  // An order of 华信科技 with room for many hires, taken by c1: the stage walk hires a fresh candidate on it each time.
  const bulk = await created(hr, `/api/v1/orgs/${orgId}/orders`, { ...ORDER_FIELDS({ standardVersionId }), title: '客服专员（批量招聘）', headcount: 1000, reward: { type: 'fixed', amount: '3000.00' } });
  if ((await hr.post(`/api/v1/orders/${bulk.id}/open`)).status !== 200) throw new Error('opening the bulk order failed');
  const bulkTerms = ((await c1.get(`/api/v1/orders/${bulk.id}/terms`)).body as { termsHash: string }).termsHash;
  await created(c1, `/api/v1/orders/${bulk.id}/engagements`, { acceptedTermsHash: bulkTerms });
  // An ownership refusal: c2 takes the bulk order too and submits the person c1 submitted first.
  const c2 = as('c2@talentbridge.demo');
  await created(c2, `/api/v1/orders/${bulk.id}/engagements`, { acceptedTermsHash: bulkTerms });
  await created(c1, `/api/v1/orders/${bulk.id}/submissions`, { candidateName: '王强', phone: '139 0000 5678' });
  const refused = await c2.post<{ error: { details: { refusalId: string } } }>(`/api/v1/orders/${bulk.id}/submissions`, { candidateName: '王强', phone: '139 0000 5678' });
  if (refused.status !== 409) throw new Error(`the walk's ownership refusal: ${refused.status} ${JSON.stringify(refused.body)}`);
  const refusalId = refused.body.error.details.refusalId;
  const auditIndex = String(((await admin.get('/api/v1/audit/events?limit=1')).body as { items: { index: number }[] }).items[0]!.index);
  const today = ((await hr.get('/api/v1/clock')).body as { today: string }).today;
  // A placement in service: its day-7 forms open today, an overdue support task, a live candidate link.
  const service = await placementWithOpenForms(server, 'hr@huaxin.demo', 'c1@talentbridge.demo');
  const answering = await placementWithOpenForms(server, 'hr@huaxin.demo', 'c1@talentbridge.demo');
  // Issuing a link revokes the form's previous one: the link route gets a candidate form of its own.
  const linking = await placementWithOpenForms(server, 'hr@huaxin.demo', 'c1@talentbridge.demo');
  // Claims: a placement to file on, and a claim in the review queue (a review reason) to move.
  const claiming = await placementWithOpenForms(server, 'hr@huaxin.demo', 'c1@talentbridge.demo');
  const reviewed = await created<{ id: string }>(hr, `/api/v1/placements/${service.placementId}/claims`, { reason: 'mutual_agreement', lastWorkingDay: today, remedy: 'refund' });
  // Disputes: two rejected claims (a layoff is excluded): one for the raise walk, one disputed for the dispute routes.
  const rejectedClaims: string[] = [];
  for (let i = 0; i < 2; i += 1) {
    const p = await placementWithOpenForms(server, 'hr@huaxin.demo', 'c1@talentbridge.demo');
    rejectedClaims.push((await created<{ id: string }>(hr, `/api/v1/placements/${p.placementId}/claims`, { reason: 'layoff', lastWorkingDay: today, remedy: 'refund' })).id);
  }
  const dispute = await created<{ id: string }>(hr, '/api/v1/disputes', { type: 'claim_decision', subjectId: rejectedClaims[1]!, statement: '裁员并非真实原因' });
  const arbitratorId = pickOne(((await ops.get('/api/v1/arbitrators')).body as { items: { id: string; name: string }[] }).items, 'the demo arbitrator', () => true).id;
  // Skill plan: a manufacturing placement on its day 30, its first assessment task open, assigned to SkillCheck.
  const skill = await activePlacement(server, { poster: 'hr@huaxin.demo', consultant: 'c1@talentbridge.demo', plan: 'manufacturing_skill', daysAhead: -29 });
  await runDueObligations({ db: server.deps.db, dialect: server.deps.dialect, now: () => server.deps.clock.now(), handlers: server.deps.obligationHandlers });
  const skillcheckOrgId = server.ids.orgs.skillcheck!;
  const assigned = await hr.request<{ milestones: { id: string; day: number; status: string }[] }>('PUT', `/api/v1/placements/${skill.placementId}/assessor`, { assessorOrgId: skillcheckOrgId });
  const assessmentTaskId = assigned.body.milestones?.find((m) => m.day === 30 && m.status === 'open')?.id;
  if (!assessmentTaskId) throw new Error(`the day-30 assessment: ${assigned.status} ${JSON.stringify(assigned.body).slice(0, 300)}`);
  // The background check the demo world ordered for 杨帆 at offer.
  const checkId = pickOne(await list(hr, `/api/v1/submissions/${stageSubmissionId}/background-checks`), "杨帆's background check", () => true).id;
  const deliveryId = (await list(admin, `/api/v1/webhook-endpoints/${endpoint.id}/deliveries?limit=1`))[0]!.id;
  const world: World = {
    endpointId: endpoint.id,
    robotId: robot.id,
    deliveryId,
    messageId: deliveryId,
    skillPlacementId: skill.placementId,
    skillcheckOrgId,
    assessmentTaskId,
    checkId,
    rejectedClaimId: rejectedClaims[0]!,
    disputeId: dispute.id,
    arbitratorId,
    claimPlacementId: claiming.placementId,
    claimId: reviewed.id,
    linkFormId: linking.candidateFormId,
    answerToken: answering.token,
    servicePlacementId: service.placementId,
    checkinId: service.employerFormId,
    taskId: service.taskId,
    token: service.token,
    orgId,
    userId,
    tokenId: token.body.id,
    orderId,
    draftOrderId,
    closeOrderId,
    takeOrderId,
    takeTermsHash,
    engagementId,
    dropEngagementId,
    submissionId,
    stageSubmissionId,
    resumeSubmissionId,
    fileId,
    placementId: placement.id,
    placementAgreementHash: placement.agreementHash as string,
    placementSalary: placement.annualSalary as string,
    activePlacementId: active.id,
    installmentId,
    agencyOrgId,
    consultantId,
    notificationId,
    planId: published.body.plan.id,
    planVersionId: published.body.version.id,
    requestId: requests[0]!,
    publishRequestId: requests[1]!,
    declineRequestId: requests[2]!,
    customTerms: JSON.stringify(customTerms),
    standardVersionId,
    bulkOrderId: bulk.id,
    refusalId,
    auditIndex,
    startDate: today,
  };
  for (const [k, v] of Object.entries(world)) if (!v) throw new Error(`the walk found no ${k}`);
  return world;
}
