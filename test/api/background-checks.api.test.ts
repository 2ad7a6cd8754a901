import { createServer, type Server } from 'node:http';
import { randomInt } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planTemplate } from '../../src/plans/plan-templates.ts';
import { signCallback, signatureProblem } from '../../src/platform/http/signed-callback.ts';
import { ApiUser } from '../support/api-client.ts';
import { DATABASE_KINDS } from '../support/databases.ts';
import { orderBody, planVersionIdOf, postOrder, takeOrder } from '../support/marketplace-fixture.ts';
import { hireThroughApi } from '../support/placement-fixture.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

type Check = { id: string; stage: string; status: string; outcome: string | null; items: { code: string; note?: string }[]; provider: string; providerRef: string | null; lastError: string | null };

const CALLBACK = '/api/v1/integrations/background-checks/callback';

/** A candidate submitted by c1@talentbridge.demo to a new order of 华信科技, moved to offered by its HR. */
async function offeredSubmission(server: TestServer, email: string): Promise<string> {
  const hr = await ApiUser.signIn(server.url, 'hr@huaxin.demo');
  const c1 = await ApiUser.signIn(server.url, 'c1@talentbridge.demo');
  const me = await hr.get<{ org: { id: string } }>('/api/v1/auth/me');
  const order = await postOrder(hr, me.body.org.id, orderBody(await planVersionIdOf(hr, 'standard')), { open: true });
  expect((await takeOrder(c1, order.id)).status).toBe(201);
  const phone = `138${String(randomInt(0, 100_000_000)).padStart(8, '0')}`;
  const sub = await c1.post<{ submission: { id: string } }>(`/api/v1/orders/${order.id}/submissions`, { candidateName: '王强', phone, email, currentEmployer: '某公司', currentTitle: '工程师', yearsExperience: 5, notes: '' });
  expect(sub.status).toBe(201);
  expect((await hr.post(`/api/v1/submissions/${sub.body.submission.id}/stage`, { to: 'offered' })).status).toBe(200);
  return sub.body.submission.id;
}

async function waitForCompletion(user: ApiUser, checkId: string): Promise<Check> {
  for (let i = 0; i < 100; i++) {
    const res = await user.get<Check>(`/api/v1/background-checks/${checkId}`);
    if (res.body.status === 'completed') return res.body;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`background check ${checkId} never completed`);
}

const countOf = async (server: TestServer, table: string) => Number((await sql<{ n: string | number }>`select count(*) as n from ${sql.table(table)}`.execute(server.deps.db)).rows[0]!.n);

describe.each(DATABASE_KINDS)('background checks with the demo provider on %s', (database) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ database, config: { backgroundChecks: { url: undefined, secret: undefined, demoDelayMs: 50 } } });
  });
  afterAll(() => server.close());

  it('orders at offer, the demo provider calls back signed, and the result is the poster’s and the consultant’s alone', async () => {
    const submissionId = await offeredSubmission(server, `wq-${randomInt(0, 1e9)}+discrepancy@example.com`);
    const hr = await ApiUser.signIn(server.url, 'hr@huaxin.demo');
    const ordered = await hr.post<Check>(`/api/v1/submissions/${submissionId}/background-checks`, {});
    expect(ordered.status).toBe(201);
    expect(ordered.body).toMatchObject({ stage: 'offer', provider: 'demo', status: 'in_progress', outcome: null, lastError: null });
    expect(ordered.body.providerRef).toMatch(/^DEMO-/);
    const done = await waitForCompletion(hr, ordered.body.id);
    expect(done).toMatchObject({ status: 'completed', outcome: 'discrepancies', items: [{ code: 'employment_history', note: expect.stringContaining('4 months') }] });

    for (const who of ['hr@huaxin.demo', 'admin@huaxin.demo', 'c1@talentbridge.demo']) {
      const user = await ApiUser.signIn(server.url, who);
      const list = await user.get<{ items: Check[] }>(`/api/v1/submissions/${submissionId}/background-checks`);
      expect(list.status, who).toBe(200);
      expect(list.body.items.map((c) => c.outcome), who).toEqual(['discrepancies']);
    }
    // Nobody else: not the delivering agency's admin or other consultants, not other tenants, not platform ops.
    for (const who of ['admin@talentbridge.demo', 'c2@talentbridge.demo', 'admin@bluepeak.demo', 'c1@apexsearch.demo', 'ops@tenure.demo']) {
      const user = await ApiUser.signIn(server.url, who);
      expect((await user.get(`/api/v1/submissions/${submissionId}/background-checks`)).status, who).toBe(404);
      expect((await user.get(`/api/v1/background-checks/${ordered.body.id}`)).status, who).toBe(404);
    }
    // Only the poster orders.
    const c1 = await ApiUser.signIn(server.url, 'c1@talentbridge.demo');
    expect((await c1.post(`/api/v1/submissions/${submissionId}/background-checks`, {})).status).toBe(403);

    // The audit log has the order, the provider's acceptance and the result: ids and codes, no personal data.
    const rows = await server.deps.db.selectFrom('audit_events').select(['type', 'payload']).where('subject_id', '=', submissionId).where('type', 'like', 'background_check.%').orderBy('seq').execute();
    expect(rows.map((r) => r.type)).toEqual(['background_check.ordered', 'background_check.sent', 'background_check.completed']);
    const text = rows.map((r) => String(r.payload)).join(' ');
    expect(text).toContain('employment_history');
    expect(text).not.toMatch(/王强|example\.com|4 months/);
  });

  it('refuses a check before the offer', async () => {
    const hr = await ApiUser.signIn(server.url, 'hr@huaxin.demo');
    const hired = await hireThroughApi(server, { poster: 'admin@huaxin.demo', consultant: 'c1@talentbridge.demo' });
    const res = await hr.post<{ error: { code: string } }>(`/api/v1/submissions/${hired.submissionId}/background-checks`, {});
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('invalid_transition');
  });

  it('refuses a callback with a bad or stale signature, and changes nothing', async () => {
    const submissionId = await offeredSubmission(server, `bad-sig-${randomInt(0, 1e9)}@example.com`);
    const hr = await ApiUser.signIn(server.url, 'hr@huaxin.demo');
    const ordered = await hr.post<Check>(`/api/v1/submissions/${submissionId}/background-checks`, {});
    // Let the demo provider finish first, so the forged calls below meet a settled check.
    const settled = await waitForCompletion(hr, ordered.body.id);
    expect(settled.outcome).toBe('clear');
    const before = { checks: await countOf(server, 'background_checks'), events: await countOf(server, 'audit_events') };
    const body = JSON.stringify({ eventId: 'forged-1', checkId: ordered.body.id, reference: settled.providerRef, outcome: 'failed', items: [] });
    const now = Math.floor(Date.now() / 1000);
    const post = (signature: string | null) =>
      fetch(`${server.url}${CALLBACK}`, { method: 'POST', headers: { 'content-type': 'application/json', ...(signature ? { 'tenure-signature': signature } : {}) }, body });
    for (const signature of [signCallback('not-the-secret-at-all', now, body), null, 't=1,v1=abc', signCallback('not-the-secret-at-all', now - 3600, body)]) {
      const res = await post(signature);
      expect(res.status, String(signature)).toBe(401);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('bad_signature');
    }
    expect({ checks: await countOf(server, 'background_checks'), events: await countOf(server, 'audit_events') }).toEqual(before);
    expect((await hr.get<Check>(`/api/v1/background-checks/${ordered.body.id}`)).body.outcome).toBe('clear');
  });

  it('re-verifies a senior hire after hire when the plan offers it, and not otherwise', async () => {
    const ops = await ApiUser.signIn(server.url, 'ops@tenure.demo');
    const admin = await ApiUser.signIn(server.url, 'admin@huaxin.demo');
    const orgId = (await admin.get<{ org: { id: string } }>('/api/v1/auth/me')).body.org.id;
    const request = await admin.post<{ id: string }>(`/api/v1/orgs/${orgId}/custom-plan-requests`, { description: 'senior hires re-verified' });
    const terms = { ...planTemplate('standard').terms, backgroundChecks: { reverificationLevels: ['senior', 'manager', 'director', 'executive'] } };
    const published = await ops.post<{ version: { id: string; terms: { backgroundChecks?: unknown } } }>(`/api/v1/custom-plan-requests/${request.body.id}/publish`, { name: { zh: '高管复核', en: 'Senior re-verification' }, terms });
    expect(published.status).toBe(201);
    expect(published.body.version.terms.backgroundChecks).toEqual({ reverificationLevels: ['senior', 'manager', 'director', 'executive'] });

    const senior = await hireThroughApi(server, { poster: 'admin@huaxin.demo', consultant: 'c1@talentbridge.demo', planVersionId: published.body.version.id });
    const ordered = await admin.post<Check>(`/api/v1/placements/${senior.placementId}/background-checks`, {});
    expect(ordered.status).toBe(201);
    expect(ordered.body).toMatchObject({ stage: 'reverification', provider: 'demo' });
    expect((await waitForCompletion(admin, ordered.body.id)).outcome).toBe('clear');
    const c1 = await ApiUser.signIn(server.url, 'c1@talentbridge.demo');
    const list = await c1.get<{ items: Check[]; reverificationOffered: boolean }>(`/api/v1/placements/${senior.placementId}/background-checks`);
    expect(list.body.items.map((c) => [c.stage, c.outcome])).toEqual([['reverification', 'clear']]);
    // The list says whether the terms offer a re-verification (the page shows the button only then).
    expect(list.body.reverificationOffered).toBe(true);
    expect((await (await ApiUser.signIn(server.url, 'admin@talentbridge.demo')).get(`/api/v1/placements/${senior.placementId}/background-checks`)).status).toBe(404);

    // A mid-level hire on the same plan, and a senior hire on the Standard plan: the terms offer no re-verification.
    const mid = await hireThroughApi(server, { poster: 'admin@huaxin.demo', consultant: 'c1@talentbridge.demo', planVersionId: published.body.version.id, order: { level: 'mid' } });
    const standard = await hireThroughApi(server, { poster: 'admin@huaxin.demo', consultant: 'c1@talentbridge.demo' });
    for (const p of [mid, standard]) {
      const res = await admin.post<{ error: { code: string; details: { reason: string } } }>(`/api/v1/placements/${p.placementId}/background-checks`, {});
      expect(res.status).toBe(409);
      expect(res.body.error.details.reason).toBe('not_in_terms');
      expect((await admin.get<{ reverificationOffered: boolean }>(`/api/v1/placements/${p.placementId}/background-checks`)).body.reverificationOffered).toBe(false);
    }
  });
});

describe.each(DATABASE_KINDS)('background checks with a configured HTTP provider on %s', (database) => {
  const SECRET = 'provider-shared-secret-0123456789';
  let server: TestServer;
  let provider: Server;
  const orders: { body: Record<string, unknown>; signatureOk: boolean }[] = [];
  let answer = 200;
  beforeAll(async () => {
    // The provider's side, written from docs/integrations.md: check Tenure's signature over the raw body, answer a reference.
    provider = createServer((req, res) => {
      let raw = '';
      req.on('data', (c: Buffer) => (raw += c.toString('utf8')));
      req.on('end', () => {
        orders.push({ body: JSON.parse(raw) as Record<string, unknown>, signatureOk: signatureProblem(req.headers['tenure-signature'], raw, SECRET, Math.floor(Date.now() / 1000)) === null });
        res.writeHead(answer, { 'content-type': 'application/json' }).end(JSON.stringify({ reference: `PRV-${orders.length}` }));
      });
    });
    await new Promise<void>((r) => provider.listen(0, '127.0.0.1', r));
    const address = provider.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    server = await startTestServer({ database, config: { backgroundChecks: { url: `http://127.0.0.1:${port}/orders`, secret: SECRET, demoDelayMs: 0 } } });
  });
  afterAll(async () => {
    await server.close();
    await new Promise((r) => provider.close(r));
  });

  it('sends the signed order to the provider and takes its signed result', async () => {
    const email = `gp-${randomInt(0, 1e9)}@example.com`;
    const submissionId = await offeredSubmission(server, email);
    const hr = await ApiUser.signIn(server.url, 'hr@huaxin.demo');
    const ordered = await hr.post<Check>(`/api/v1/submissions/${submissionId}/background-checks`, {});
    expect(ordered.body).toMatchObject({ provider: 'http', status: 'in_progress', providerRef: `PRV-${orders.length}` });
    const sent = orders[orders.length - 1]!;
    // A second order while one runs is a conflict.
    expect((await hr.post(`/api/v1/submissions/${submissionId}/background-checks`, {})).status).toBe(409);
    expect(sent.signatureOk).toBe(true);
    expect(sent.body).toMatchObject({ checkId: ordered.body.id, stage: 'offer', callbackUrl: `${server.url}${CALLBACK}`, candidate: { name: '王强', email } });

    const body = JSON.stringify({ eventId: 'prv-evt-1', checkId: ordered.body.id, reference: ordered.body.providerRef, outcome: 'clear', items: [] });
    const post = () => fetch(String(sent.body.callbackUrl), { method: 'POST', headers: { 'content-type': 'application/json', 'tenure-signature': signCallback(SECRET, Math.floor(Date.now() / 1000), body) }, body });
    const res = await post();
    expect(res.status).toBe(200);
    expect(((await res.json()) as Check).outcome).toBe('clear');
    // The same event again is a replay: 200, nothing new.
    const events = await countOf(server, 'audit_events');
    expect((await post()).status).toBe(200);
    expect(await countOf(server, 'audit_events')).toBe(events);
    // A second, different result for the same check is refused.
    const other = JSON.stringify({ eventId: 'prv-evt-2', checkId: ordered.body.id, reference: ordered.body.providerRef, outcome: 'failed', items: [] });
    const conflict = await fetch(`${server.url}${CALLBACK}`, { method: 'POST', headers: { 'content-type': 'application/json', 'tenure-signature': signCallback(SECRET, Math.floor(Date.now() / 1000), other) }, body: other });
    expect(conflict.status).toBe(409);
    // The demo provider is not there when a provider is configured.
    expect((await fetch(`${server.url}/demo-provider/background-checks`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).status).toBe(404);
  });

  it('keeps an order the provider refused as requested, with the reason, and sends it again on request', async () => {
    const submissionId = await offeredSubmission(server, `rf-${randomInt(0, 1e9)}@example.com`);
    const hr = await ApiUser.signIn(server.url, 'hr@huaxin.demo');
    answer = 503;
    const ordered = await hr.post<Check>(`/api/v1/submissions/${submissionId}/background-checks`, {});
    expect(ordered.body).toMatchObject({ status: 'requested', lastError: 'provider answered 503' });
    answer = 200;
    const again = await hr.post<Check>(`/api/v1/background-checks/${ordered.body.id}/resend`, {});
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ status: 'in_progress', lastError: null });
    expect((await hr.post(`/api/v1/background-checks/${ordered.body.id}/resend`, {})).status).toBe(409);
  });
});
