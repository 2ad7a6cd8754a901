import { ApiUser } from './api-client.ts';
import type { TestServer } from './server.ts';

/** Job orders and engagements for tests, made through the API as people make them. */

type PlanItem = { key: string; latest: { id: string } };

/** The latest version of a built-in plan, as a poster picks it. */
export async function planVersionIdOf(user: ApiUser, key = 'standard'): Promise<string> {
  const res = await user.get<{ items: PlanItem[] }>('/api/v1/plans');
  const plan = res.body.items.find((p) => p.key === key);
  if (!plan) throw new Error(`no plan ${key}: ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`);
  return plan.latest.id;
}

export function orderBody(planVersionId: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    title: '高级后端工程师',
    city: '上海',
    function: 'software_engineering',
    level: 'senior',
    headcount: 1,
    currency: 'CNY',
    salaryMin: '400000.00',
    salaryMax: '600000.00',
    description: '负责支付核心系统的设计与开发。',
    reward: { type: 'percent_of_annual_salary', percent: 20 },
    planVersionId,
    ...overrides,
  };
}

export async function postOrder(user: ApiUser, orgId: string, body: Record<string, unknown>, opts: { open?: boolean } = {}): Promise<{ id: string }> {
  const res = await user.post<{ id: string }>(`/api/v1/orgs/${orgId}/orders`, body);
  if (res.status !== 201) throw new Error(`posting an order failed: ${res.status} ${JSON.stringify(res.body)}`);
  if (opts.open) {
    const opened = await user.post(`/api/v1/orders/${res.body.id}/open`);
    if (opened.status !== 200) throw new Error(`opening an order failed: ${opened.status} ${JSON.stringify(opened.body)}`);
  }
  return res.body;
}

/** A consultant reads the order's terms and takes it with their hash. */
export async function takeOrder(consultant: ApiUser, orderId: string): Promise<{ status: number; body: any }> {
  const terms = await consultant.get<{ termsHash: string }>(`/api/v1/orders/${orderId}/terms`);
  if (terms.status !== 200) return terms;
  return consultant.post(`/api/v1/orders/${orderId}/engagements`, { acceptedTermsHash: terms.body.termsHash });
}

/**
 * The victim's marketplace resources for the cross-tenant walk: a draft order of 华信科技 (no other tenant may
 * see it) and the engagement of a TalentBridge consultant on another, open 华信科技 order (no attacker works for
 * TalentBridge or 华信科技).
 */
export async function buildVictimOrders(server: TestServer): Promise<{ orderId: string; engagementId: string }> {
  const admin = await ApiUser.signIn(server.url, 'admin@huaxin.demo');
  const orgId = server.ids.orgs.huaxin!;
  const planVersionId = await planVersionIdOf(admin);
  const draft = await postOrder(admin, orgId, orderBody(planVersionId, { title: '财务总监（保密）', function: 'finance', level: 'director' }));
  const open = await postOrder(admin, orgId, orderBody(planVersionId, { title: '嵌入式软件工程师', city: '深圳' }), { open: true });
  const consultant = await ApiUser.signIn(server.url, 'c1@talentbridge.demo');
  const taken = await takeOrder(consultant, open.id);
  if (taken.status !== 201) throw new Error(`taking the victim order failed: ${taken.status} ${JSON.stringify(taken.body)}`);
  return { orderId: draft.id, engagementId: taken.body.id };
}
