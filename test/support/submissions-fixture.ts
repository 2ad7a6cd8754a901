import { ApiUser, type ApiResponse } from './api-client.ts';
import { minimalPdf } from './file-fixtures.ts';
import { orderBody, planVersionIdOf, postOrder, takeOrder } from './marketplace-fixture.ts';
import type { TestServer } from './server.ts';

/** Sends one file as multipart/form-data (field "file"), with the user's session and CSRF token. */
export async function uploadFile(user: ApiUser, path: string, bytes: Uint8Array, fileName: string, mediaType = 'application/octet-stream', extraHeaders: Record<string, string> = {}): Promise<ApiResponse<any>> {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(bytes)], { type: mediaType }), fileName);
  const headers: Record<string, string> = { ...extraHeaders };
  if (user.cookie) headers.cookie = user.cookie;
  if (user.bearer) headers.authorization = `Bearer ${user.bearer}`;
  if (user.csrfToken) headers['x-csrf-token'] = user.csrfToken;
  const res = await fetch(user.baseUrl + path, { method: 'POST', headers, body: form });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    /* not JSON */
  }
  return { status: res.status, body, headers: res.headers };
}

export function candidate(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    candidateName: '张伟',
    phone: '138 0013 8000',
    email: 'zhang.wei@example.com',
    currentEmployer: '蚂蚁集团',
    currentTitle: '高级 Java 工程师',
    yearsExperience: 8,
    expectedSalary: '550000.00',
    notes: '熟悉支付清结算，可一个月内到岗。',
    ...overrides,
  };
}

/**
 * The victim's submission resources for the cross-tenant walk: an open 华信科技 order taken by a TalentBridge
 * consultant (no attacker works for TalentBridge or 华信科技), one candidate submitted to it with a résumé, and
 * the inbox item that submission sent 华信科技.
 */
export async function buildVictimSubmission(server: TestServer): Promise<{ submissionId: string; fileId: string; notificationId: string }> {
  const admin = await ApiUser.signIn(server.url, 'admin@huaxin.demo');
  const orgId = server.ids.orgs.huaxin!;
  const order = await postOrder(admin, orgId, orderBody(await planVersionIdOf(admin), { title: '数据平台负责人', city: '杭州' }), { open: true });
  const consultant = await ApiUser.signIn(server.url, 'c1@talentbridge.demo');
  const taken = await takeOrder(consultant, order.id);
  if (taken.status !== 201) throw new Error(`taking the victim order failed: ${taken.status} ${JSON.stringify(taken.body)}`);
  const sub = await consultant.post(`/api/v1/orders/${order.id}/submissions`, candidate({ candidateName: '周敏', phone: '139 1111 2222', email: 'zhou.min@example.com' }));
  if (sub.status !== 201) throw new Error(`submitting the victim candidate failed: ${sub.status} ${JSON.stringify(sub.body)}`);
  const submissionId = sub.body.submission.id as string;
  const up = await uploadFile(consultant, `/api/v1/submissions/${submissionId}/resume`, minimalPdf('Zhou Min'), '周敏简历.pdf', 'application/pdf');
  if (up.status !== 200) throw new Error(`uploading the victim résumé failed: ${up.status} ${JSON.stringify(up.body)}`);
  const inbox = await admin.get<{ items: { id: string; subjectId: string }[] }>('/api/v1/notifications?limit=100');
  const notificationId = inbox.body.items.find((n) => n.subjectId === submissionId)?.id;
  if (!notificationId) throw new Error('the victim submission sent no notification to 华信科技');
  return { submissionId, fileId: up.body.resume.id as string, notificationId };
}

/**
 * An ownership refusal on a 华信科技 order for the cross-tenant walk: TalentBridge's c2 submits 周敏, whom c1 submitted
 * first (buildVictimSubmission), and is refused. No attacker is the refused side or the poster.
 */
export async function buildVictimRefusal(server: TestServer): Promise<string> {
  const admin = await ApiUser.signIn(server.url, 'admin@huaxin.demo');
  const order = await postOrder(admin, server.ids.orgs.huaxin!, orderBody(await planVersionIdOf(admin), { title: '数据治理专家', city: '杭州' }), { open: true });
  const consultant = await ApiUser.signIn(server.url, 'c2@talentbridge.demo');
  const taken = await takeOrder(consultant, order.id);
  if (taken.status !== 201) throw new Error(`taking the victim order as c2 failed: ${taken.status} ${JSON.stringify(taken.body)}`);
  const res = await consultant.post(`/api/v1/orders/${order.id}/submissions`, candidate({ candidateName: '周敏', phone: '139 1111 2222', email: 'zhou.min@example.com' }));
  const refusalId = (res.body as { error?: { details?: { refusalId?: string } } }).error?.details?.refusalId;
  if (res.status !== 409 || !refusalId) throw new Error(`the victim refusal: ${res.status} ${JSON.stringify(res.body)}`);
  return refusalId;
}
