import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalHash } from '../../src/platform/canonical-json.ts';
import { IDEMPOTENCY_LEASE_MS } from '../../src/platform/http/idempotency.ts';
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

  it('after a crash, a key whose request took effect is never run again, and one whose request committed nothing runs again once its lease is over', async () => {
    const orgId = server.ids.orgs.huaxin!;
    const url = `/api/v1/orgs/${orgId}/users`;
    const db = server.deps.db;
    const keyRow = (key: string) => db.selectFrom('idempotency_keys').selectAll().where('key', '=', key).executeTakeFirstOrThrow();
    const usersNamed = async (email: string) => (await admin.get(url)).body.items.filter((u: { email: string }) => u.email === email).length;

    // Took effect: the user was created, then the process died before the answer was stored.
    const kept = { email: 'kept@huaxin.demo', name: '留存', role: 'employer_hr', password: 'maple-cinder-4821' };
    expect((await admin.post(url, kept, { 'idempotency-key': 'crash-kept' })).status).toBe(201);
    const written = await keyRow('crash-kept');
    // Marked in the transaction that created the user, not afterwards.
    expect(written.effect_committed_at).not.toBeNull();
    await db.updateTable('idempotency_keys').set({ status_code: null, response_body: null }).where('key', '=', 'crash-kept').execute();
    const retried = await admin.post(url, kept, { 'idempotency-key': 'crash-kept' });
    expect(retried.status).toBe(409);
    expect(retried.body.error.code).toBe('idempotency_answer_lost');
    expect(await usersNamed('kept@huaxin.demo')).toBe(1);

    // Committed nothing: the process died before the user was created. The key is as the first request left it.
    const lost = { email: 'lost@huaxin.demo', name: '重试', role: 'employer_hr', password: 'maple-cinder-4821' };
    expect(canonicalHash({ method: 'POST', url, body: kept })).toBe(written.request_hash);
    const startedAt = (ms: number) => new Date(server.deps.wallClock.now().getTime() - ms).toISOString();
    await db
      .insertInto('idempotency_keys')
      .values({ scope: written.scope, key: 'crash-lost', request_hash: canonicalHash({ method: 'POST', url, body: lost }), status_code: null, response_body: null, created_at: startedAt(1_000), effect_committed_at: null })
      .execute();
    const early = await admin.post(url, lost, { 'idempotency-key': 'crash-lost' });
    expect(early.status).toBe(409);
    expect(early.body.error.code).toBe('idempotency_conflict');
    expect(await usersNamed('lost@huaxin.demo')).toBe(0);
    await db.updateTable('idempotency_keys').set({ created_at: startedAt(IDEMPOTENCY_LEASE_MS + 1_000) }).where('key', '=', 'crash-lost').execute();
    const rerun = await admin.post(url, lost, { 'idempotency-key': 'crash-lost' });
    expect(rerun.status).toBe(201);
    expect(await usersNamed('lost@huaxin.demo')).toBe(1);
    const replayed = await admin.post(url, lost, { 'idempotency-key': 'crash-lost' });
    expect(replayed.status).toBe(201);
    expect(replayed.headers.get('idempotent-replayed')).toBe('true');
    expect(await usersNamed('lost@huaxin.demo')).toBe(1);
  });

  it('keeps Idempotency-Keys apart per caller', async () => {
    const other = await ApiUser.signIn(server.url, 'admin@bluepeak.demo');
    const res = await other.post(`/api/v1/orgs/${server.ids.orgs.bluepeak}/users`, { email: 'k@bluepeak.demo', name: 'K', role: 'employer_hr', password: 'maple-cinder-4821' }, { 'idempotency-key': 'add-once-1' });
    expect(res.status).toBe(201);
    expect(res.body.email).toBe('k@bluepeak.demo');
  });
});
