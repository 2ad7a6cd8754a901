import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keyedHash } from '../../src/platform/auth/keyed-hash.ts';
import { ApiUser } from '../support/api-client.ts';
import { DATABASE_KINDS } from '../support/databases.ts';
import { orderBody, planVersionIdOf, postOrder, takeOrder } from '../support/marketplace-fixture.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { candidate } from '../support/submissions-fixture.ts';

type AuditItem = { type: string; actorUserId: string | null; orgId: string | null; subjectType: string; subjectId: string; payload: unknown };
type InboxItem = { kind: string; subjectId: string; params: Record<string, unknown> };

const NAME = '欧阳娜娜';
const PHONE = '139 8765 4321';
const EMAIL = 'ouyang.nana@example.com';
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/**
 * Apex Search (an agency) posts an order; a TalentBridge consultant submits a candidate to it. What Apex's own
 * consultant reads of that — in the audit feed and the inbox — must not name TalentBridge's candidate, and
 * what Apex's admin reads must not either (ids and keyed hashes only). Security events are for admins.
 */
describe.each(DATABASE_KINDS)('what the audit feed and the inbox tell whom, on %s', (database) => {
  let server: TestServer;
  let apexAdmin: ApiUser;
  let apexConsultant: ApiUser;
  let tbConsultant: ApiUser;
  let submissionId: string;
  let engagementId: string;

  beforeAll(async () => {
    server = await startTestServer({ database });
    apexAdmin = await ApiUser.signIn(server.url, 'admin@apexsearch.demo');
    apexConsultant = await ApiUser.signIn(server.url, 'c1@apexsearch.demo');
    tbConsultant = await ApiUser.signIn(server.url, 'c1@talentbridge.demo');
    const order = await postOrder(apexAdmin, server.ids.orgs.apexsearch!, orderBody(await planVersionIdOf(apexAdmin), { title: '嵌入式工程师', clientName: '某芯片公司' }), { open: true });
    const taken = await takeOrder(tbConsultant, order.id);
    expect(taken.status).toBe(201);
    engagementId = taken.body.id as string;
    const sub = await tbConsultant.post(`/api/v1/orders/${order.id}/submissions`, candidate({ candidateName: NAME, phone: PHONE, email: EMAIL }));
    expect(sub.status).toBe(201);
    submissionId = sub.body.submission.id as string;
    // A security event of Apex: its admin adds a user.
    const added = await apexAdmin.post(`/api/v1/orgs/${server.ids.orgs.apexsearch!}/users`, { email: 'new.c@apexsearch.demo', name: '新顾问 甲', role: 'consultant', password: 'a-long-enough-Passw0rd!' });
    expect(added.status).toBe(201);
  }, 60_000);
  afterAll(() => server.close());

  const auditOf = async (user: ApiUser) => {
    const res = await user.get<{ items: AuditItem[] }>('/api/v1/audit/events?limit=100');
    expect(res.status).toBe(200);
    return res.body.items;
  };
  const inboxOf = async (user: ApiUser) => {
    const res = await user.get<{ items: InboxItem[] }>('/api/v1/notifications?limit=100');
    expect(res.status).toBe(200);
    return res.body.items;
  };
  const leaks = (text: string) => [NAME, '13987654321', EMAIL, sha256('13987654321'), sha256(EMAIL)].filter((secret) => text.includes(secret));

  it("a consultant of the posting agency reads neither another agency's candidate nor its keys, in the audit feed or the inbox", async () => {
    const events = await auditOf(apexConsultant);
    expect(leaks(JSON.stringify(events))).toEqual([]);
    expect(events.filter((e) => e.subjectId === submissionId || e.subjectId === engagementId)).toEqual([]);
    const inbox = await inboxOf(apexConsultant);
    expect(leaks(JSON.stringify(inbox))).toEqual([]);
    expect(inbox.filter((n) => n.subjectId === submissionId)).toEqual([]);
  });

  it("the posting agency's admin is told of the submission by ids and keyed hashes, never by name or contact", async () => {
    const events = await auditOf(apexAdmin);
    const created = events.find((e) => e.type === 'submission.created' && e.subjectId === submissionId);
    expect(created).toBeDefined();
    expect(leaks(JSON.stringify(events))).toEqual([]);
    const keys = (created!.payload as { candidateKeys: { phone: string; email: string } }).candidateKeys;
    expect(keys.phone).toBe(keyedHash(server.deps.keyedHashSecret, '13987654321'));
    expect(keys.email).toBe(keyedHash(server.deps.keyedHashSecret, EMAIL));
    const inbox = await inboxOf(apexAdmin);
    const item = inbox.find((n) => n.subjectId === submissionId);
    expect(item).toMatchObject({ kind: 'submission.created', params: { orderTitle: '嵌入式工程师' } });
    expect(leaks(JSON.stringify(inbox))).toEqual([]);
  });

  it('the ownership keys are stored as keyed hashes, not as the phone number or address', async () => {
    const row = await server.deps.db.selectFrom('submissions').select(['phone_key', 'email_key']).where('id', '=', submissionId).executeTakeFirstOrThrow();
    expect(row).toEqual({ phone_key: keyedHash(server.deps.keyedHashSecret, '13987654321'), email_key: keyedHash(server.deps.keyedHashSecret, EMAIL) });
  });

  it("a consultant reads its own work, even logged under the poster's org, and nobody else's", async () => {
    const events = await auditOf(tbConsultant);
    const tbConsultantId = server.ids.users['c1@talentbridge.demo']!;
    expect(events.map((e) => `${e.type} ${e.subjectId}`)).toEqual(expect.arrayContaining([`engagement.taken ${engagementId}`, `submission.created ${submissionId}`]));
    for (const e of events) expect(e.actorUserId === tbConsultantId || e.subjectId === submissionId || e.subjectId === engagementId, `${e.type} ${e.subjectId}`).toBe(true);
  });

  it("org security events (users, sign-ins) are the admins': a consultant does not see its colleagues'", async () => {
    const apexConsultantId = server.ids.users['c1@apexsearch.demo']!;
    const consultantEvents = await auditOf(apexConsultant);
    expect(consultantEvents.filter((e) => e.type === 'user.created')).toEqual([]);
    expect(consultantEvents.filter((e) => e.type.startsWith('auth.') && e.actorUserId !== apexConsultantId)).toEqual([]);
    const adminEvents = await auditOf(apexAdmin);
    expect(adminEvents.some((e) => e.type === 'user.created')).toBe(true);
    expect(adminEvents.some((e) => e.type === 'auth.signed_in' && e.actorUserId === apexConsultantId)).toBe(true);
    // An inclusion proof is no way around it.
    const userCreated = adminEvents.find((e) => e.type === 'user.created') as AuditItem & { index: number };
    expect((await apexConsultant.get(`/api/v1/audit/proofs/inclusion?index=${userCreated.index}`)).status).toBe(404);
    expect((await apexAdmin.get(`/api/v1/audit/proofs/inclusion?index=${userCreated.index}`)).status).toBe(200);
  });

  it('a new user is logged by role and id, without the address or name', async () => {
    const events = await auditOf(apexAdmin);
    const created = events.find((e) => e.type === 'user.created')!;
    expect(created.payload).toEqual({ role: 'consultant' });
    expect(JSON.stringify(events)).not.toContain('new.c@apexsearch.demo');
  });
});
