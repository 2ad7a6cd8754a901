import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalHash } from '../../src/platform/canonical-json.ts';
import { IN_PROGRESS_LEASE_MS } from '../../src/platform/http/idempotency.ts';
import { ApiUser } from '../support/api-client.ts';
import { DATABASE_KINDS } from '../support/databases.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

describe.each(DATABASE_KINDS)('HTTP contract on %s', (database) => {
  let server: TestServer;
  let admin: ApiUser;
  beforeAll(async () => {
    server = await startTestServer({ database });
    admin = await ApiUser.signIn(server.url, 'admin@huaxin.demo');
  });
  afterAll(() => server.close());

  it('answers health without signing in', async () => {
    const res = await new ApiUser(server.url).get('/api/v1/health');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'ok', database });
  });

  it('publishes OpenAPI 3.1 and interactive docs', async () => {
    const doc = await new ApiUser(server.url).get('/api/openapi.json');
    expect(doc.status).toBe(200);
    expect(doc.body.openapi).toBe('3.1.0');
    expect(Object.keys(doc.body.paths)).toContain('/api/v1/orgs/{orgId}/users');
    const docs = await fetch(`${server.url}/api/docs`, { redirect: 'follow' });
    expect(docs.status).toBe(200);
    expect(await docs.text()).toMatch(/swagger/i);
  });

  it('counts the queries of each request apart with TENURE_QUERY_COUNT, and says nothing without it', async () => {
    expect((await admin.get('/api/v1/placements')).headers.get('server-timing')).toBeNull();
    const counting = await startTestServer({ database, config: { queryCount: true } });
    try {
      const hr = await ApiUser.signIn(counting.url, 'hr@huaxin.demo');
      const anonymous = new ApiUser(counting.url);
      const queriesOf = (res: { headers: Headers }) => {
        const m = /^db;dur=(\d+\.\d{2});desc="(\d+) queries"$/.exec(res.headers.get('server-timing') ?? '');
        expect(m, res.headers.get('server-timing') ?? 'no Server-Timing').not.toBeNull();
        return Number(m![2]);
      };
      const alone = { health: queriesOf(await anonymous.get('/api/v1/health')), list: queriesOf(await hr.get('/api/v1/placements')) };
      expect(alone.health).toBeGreaterThan(0);
      expect(alone.list).toBeGreaterThan(alone.health); // the session check and the list's own reads
      // Requests in flight together each count their own queries only.
      const together = await Promise.all(Array.from({ length: 12 }, (_, i) => (i % 2 ? anonymous.get('/api/v1/health') : hr.get('/api/v1/placements'))));
      expect(together.map(queriesOf)).toEqual(Array.from({ length: 12 }, (_, i) => (i % 2 ? alone.health : alone.list)));
    } finally {
      await counting.close();
    }
  });

  it('answers an unknown route with 404 in the one error shape', async () => {
    const res = await admin.get('/api/v1/no-such-thing');
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ error: { code: 'not_found', message: expect.stringContaining('/api/v1/no-such-thing'), details: null } });
  });

  it('names the field of a malformed parameter or body with a 400', async () => {
    const badParam = await admin.get('/api/v1/orgs/not-a-uuid/users');
    expect(badParam.status).toBe(400);
    expect(badParam.body.error.code).toBe('invalid_input');
    expect(badParam.body.error.message).toMatch(/^params\.orgId/);
    const badBody = await admin.post(`/api/v1/orgs/${server.ids.orgs.huaxin}/users`, { email: 'not-an-email', name: 'X', role: 'employer_hr', password: 'maple-cinder-4821' });
    expect(badBody.status).toBe(400);
    expect(badBody.body.error.message).toMatch(/^body\.email/);
  });

  it('refuses a body that is not JSON with a 400, not a 500', async () => {
    const res = await fetch(`${server.url}/api/v1/orgs/${server.ids.orgs.huaxin}/users`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: admin.cookie ?? '', 'x-csrf-token': admin.csrfToken ?? '' },
      body: '{"email": ',
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('invalid_input');
    expect(body.error.message).toMatch(/JSON/);
  });

  it('answers a URL past the header limit with a 431 in the one error shape, not the parser\'s own', async () => {
    const res = await new ApiUser(server.url).get(`/api/v1/placements?cursor=${'x'.repeat(20_000)}`);
    expect(res.status).toBe(431);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(res.body).toEqual({ error: { code: 'headers_too_large', message: expect.stringMatching(/^request: /), details: { field: 'headers' } } });
  });

  it('refuses a body that is too large with a 413', async () => {
    const res = await admin.post(`/api/v1/orgs/${server.ids.orgs.huaxin}/users`, { email: 'a@b.demo', name: 'x'.repeat(2 * 1024 * 1024), role: 'employer_hr', password: 'maple-cinder-4821' });
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe('payload_too_large');
  });

  it('asks who is calling before anything else', async () => {
    const res = await new ApiUser(server.url).get(`/api/v1/orgs/${server.ids.orgs.huaxin}/users`);
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('unauthenticated');
  });

  it('replays the stored response for a repeated Idempotency-Key and refuses the key with another body', async () => {
    const orgId = server.ids.orgs.huaxin;
    const body = { email: 'once@huaxin.demo', name: '一次', role: 'employer_hr', password: 'maple-cinder-4821' };
    const first = await admin.post(`/api/v1/orgs/${orgId}/users`, body, { 'idempotency-key': 'add-once-1' });
    const again = await admin.post(`/api/v1/orgs/${orgId}/users`, body, { 'idempotency-key': 'add-once-1' });
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    const users = await admin.get(`/api/v1/orgs/${orgId}/users`);
    expect(users.body.items.filter((u: { email: string }) => u.email === 'once@huaxin.demo')).toHaveLength(1);
    const other = await admin.post(`/api/v1/orgs/${orgId}/users`, { ...body, email: 'twice@huaxin.demo' }, { 'idempotency-key': 'add-once-1' });
    expect(other.status).toBe(409);
    expect(other.body.error.code).toBe('idempotency_conflict');
  });

  it('runs a retry once when the first request with its key died unanswered (past the lease), and still refuses one in progress', async () => {
    const orgId = server.ids.orgs.huaxin!;
    const path = `/api/v1/orgs/${orgId}/users`;
    const scope = `user:${server.ids.users['admin@huaxin.demo']}`;
    const now = server.deps.wallClock.now().getTime();
    // What a server killed mid-request leaves: the key recorded, no answer, nothing of the request committed.
    const orphan = async (key: string, body: Record<string, unknown>, startedMsAgo: number) =>
      server.deps.db
        .insertInto('idempotency_keys')
        .values({ scope, key, request_hash: canonicalHash({ method: 'POST', url: path, body }), status_code: null, response_body: null, created_at: new Date(now - startedMsAgo).toISOString() })
        .execute();
    const running = { email: 'running@huaxin.demo', name: '进行中', role: 'employer_hr', password: 'maple-cinder-4821' };
    await orphan('still-running', running, 1_000);
    const refused = await admin.post(path, running, { 'idempotency-key': 'still-running' });
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({ code: 'idempotency_conflict', message: expect.stringContaining('still in progress') });

    const died = { email: 'revived@huaxin.demo', name: '重试', role: 'employer_hr', password: 'maple-cinder-4821' };
    await orphan('died-mid-request', died, IN_PROGRESS_LEASE_MS + 1_000);
    // Two retries at once: one runs the request, the other waits its turn (409 in progress) or replays its answer.
    const retries = await Promise.all([1, 2].map(() => admin.post(path, died, { 'idempotency-key': 'died-mid-request' })));
    const ran = retries.filter((r) => r.status === 201 && r.headers.get('idempotent-replayed') === null);
    expect(ran).toHaveLength(1);
    const other = retries.find((r) => r !== ran[0])!;
    if (other.status === 201) expect(other.headers.get('idempotent-replayed')).toBe('true');
    else expect([other.status, other.body.error.code]).toEqual([409, 'idempotency_conflict']);
    const replay = await admin.post(path, died, { 'idempotency-key': 'died-mid-request' });
    expect([replay.status, replay.headers.get('idempotent-replayed'), replay.body]).toEqual([201, 'true', ran[0]!.body]);
    const users = await admin.get(`/api/v1/orgs/${orgId}/users`);
    expect(users.body.items.filter((u: { email: string }) => u.email === died.email)).toHaveLength(1);
    expect(users.body.items.filter((u: { email: string }) => u.email === running.email)).toHaveLength(0);
  });

  it('keeps Idempotency-Keys apart per caller', async () => {
    const other = await ApiUser.signIn(server.url, 'admin@bluepeak.demo');
    const res = await other.post(`/api/v1/orgs/${server.ids.orgs.bluepeak}/users`, { email: 'k@bluepeak.demo', name: 'K', role: 'employer_hr', password: 'maple-cinder-4821' }, { 'idempotency-key': 'add-once-1' });
    expect(res.status).toBe(201);
    expect(res.body.email).toBe('k@bluepeak.demo');
  });
});
