import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY_MS } from '../../src/platform/clock.ts';
import { inTransaction } from '../../src/platform/db/database.ts';
import { scheduleObligation, type ObligationHandlers } from '../../src/platform/scheduler/scheduler.ts';
import { ApiUser } from '../support/api-client.ts';
import { DATABASE_KINDS } from '../support/databases.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

/** One sample of the Prometheus text: the value of `name` whose labels include every one of `labels`, or null. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | null {
  for (const line of text.split('\n')) {
    const m = /^([a-z_]+)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const found = Object.fromEntries([...(m[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((l) => [l[1], l[2]]));
    if (Object.entries(labels).every(([k, v]) => found[k] === v)) return Number(m[3]);
  }
  return null;
}

describe.each(DATABASE_KINDS)('operations endpoints on %s', (database) => {
  let server: TestServer;
  const handlers: ObligationHandlers = {
    'test.ok': async () => {},
    'test.broken': async () => {
      throw new Error('this handler always fails');
    },
  };

  beforeAll(async () => {
    server = await startTestServer({ database, handlers });
  });
  afterAll(async () => server?.close());

  const scrape = async () => {
    const res = await fetch(`${server.url}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    return res.text();
  };

  it('liveness and readiness answer; the old health endpoint still does', async () => {
    const live = await fetch(`${server.url}/health/live`);
    expect([live.status, await live.json()]).toEqual([200, { status: 'live' }]);
    const ready = await fetch(`${server.url}/health/ready`);
    expect([ready.status, await ready.json()]).toEqual([200, { status: 'ready', database }]);
    const old = await fetch(`${server.url}/api/v1/health`);
    expect(old.status).toBe(200);
    expect(await old.json()).toMatchObject({ status: 'ok', database });
  });

  it('/metrics counts requests by route template and status, unmatched paths under one label', async () => {
    const before = await scrape();
    const consultant = await ApiUser.signIn(server.url, 'c1@talentbridge.demo');
    const n = 3;
    for (let i = 0; i < n; i++) expect((await consultant.get('/api/v1/notifications')).status).toBe(200);
    expect((await consultant.get('/api/v1/orgs/not-a-uuid')).status).toBe(400);
    expect((await fetch(`${server.url}/api/v1/no/such/${Date.now()}`)).status).toBe(404);
    const bad = await ApiUser.signIn(server.url, 'c2@talentbridge.demo');
    expect((await bad.post('/api/v1/auth/login', { email: 'c2@talentbridge.demo', password: 'wrong-password' })).status).toBe(401);

    const after = await scrape();
    const count = (text: string, labels: Record<string, string>) => sample(text, 'tenure_http_request_duration_seconds_count', labels) ?? 0;
    expect(count(after, { method: 'GET', route: '/api/v1/notifications', status_code: '200' }) - count(before, { method: 'GET', route: '/api/v1/notifications', status_code: '200' })).toBe(n);
    expect(count(after, { method: 'GET', route: '/api/v1/orgs/:orgId', status_code: '400' }) - count(before, { method: 'GET', route: '/api/v1/orgs/:orgId', status_code: '400' })).toBe(1);
    expect(count(after, { method: 'GET', route: 'unmatched', status_code: '404' }) - count(before, { method: 'GET', route: 'unmatched', status_code: '404' })).toBe(1);
    expect(count(after, { method: 'POST', route: '/api/v1/auth/login', status_code: '401' })).toBeGreaterThanOrEqual(1);
    // The histogram has its buckets, cumulative up to +Inf = count.
    const inf = sample(after, 'tenure_http_request_duration_seconds_bucket', { route: '/api/v1/notifications', status_code: '200', le: '+Inf' });
    expect(inf).toBe(count(after, { method: 'GET', route: '/api/v1/notifications', status_code: '200' }));
    expect(sample(after, 'tenure_http_request_duration_seconds_sum', { route: '/api/v1/notifications' })).toBeGreaterThan(0);
    // No raw paths (ids, random suffixes) become labels.
    expect(after).not.toMatch(/route="\/api\/v1\/no\/such/);
    expect(after).not.toMatch(/route="\/api\/v1\/orgs\/not-a-uuid/);
  });

  it('/metrics reports the audit tree size and obligations due, processed and failed', async () => {
    const events = await server.deps.db.selectFrom('audit_events').select((eb) => eb.fn.countAll<string | number>().as('n')).executeTakeFirstOrThrow();
    expect(sample(await scrape(), 'tenure_audit_tree_size')).toBe(Number(events.n));

    const now = server.deps.clock.now();
    await inTransaction(server.deps.db, async (tx) => {
      for (const [kind, i] of [['test.ok', 1], ['test.ok', 2], ['test.broken', 3]] as const) {
        await scheduleObligation(tx, now, { kind, subjectType: 'test', subjectId: `s${i}`, orgId: null, dueAt: new Date(now.getTime() + DAY_MS) });
      }
    });
    let text = await scrape();
    expect(sample(text, 'tenure_obligations_due')).toBe(0);
    await server.deps.db.updateTable('obligations').set({ due_at: now.toISOString() }).where('subject_type', '=', 'test').execute();
    text = await scrape();
    expect(sample(text, 'tenure_obligations_due')).toBe(3);

    const ops = await ApiUser.signIn(server.url, 'ops@tenure.demo');
    expect((await ops.post('/api/v1/clock/advance', { days: 1 })).status).toBe(200);
    text = await scrape();
    expect(sample(text, 'tenure_obligations_processed_total', { kind: 'test.ok', outcome: 'done' })).toBe(2);
    expect(sample(text, 'tenure_obligations_processed_total', { kind: 'test.broken', outcome: 'retry' })).toBe(1);
    // The broken one waits for its retry: not due now, not failed yet.
    expect(sample(text, 'tenure_obligations_due')).toBe(0);
    expect(sample(text, 'tenure_obligations_failed')).toBe(0);

    await server.deps.db.updateTable('obligations').set({ status: 'failed' }).where('kind', '=', 'test.broken').execute();
    expect(sample(await scrape(), 'tenure_obligations_failed')).toBe(1);
    // Advancing the clock appended an audit event: the tree size follows.
    const grown = await server.deps.db.selectFrom('audit_events').select((eb) => eb.fn.countAll<string | number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(grown.n)).toBeGreaterThan(Number(events.n));
    expect(sample(await scrape(), 'tenure_audit_tree_size')).toBe(Number(grown.n));
  });
});

describe('operations endpoints with a metrics token, and without a database', () => {
  let server: TestServer;
  const token = 'scrape-token-0123456789abcdef';
  beforeAll(async () => {
    server = await startTestServer({ seedDemo: false, config: { metricsToken: token } });
  });
  afterAll(async () => server?.close());

  it('/metrics needs the bearer token when one is configured', async () => {
    const none = await fetch(`${server.url}/metrics`);
    expect(none.status).toBe(401);
    expect(((await none.json()) as { error: { code: string } }).error.code).toBe('unauthenticated');
    const wrong = await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${token.slice(0, -1)}x` } });
    expect(wrong.status).toBe(401);
    const right = await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${token}` } });
    expect(right.status).toBe(200);
    expect(await right.text()).toContain('# TYPE tenure_http_request_duration_seconds histogram');
  });

  it('readiness fails with 503 in the one error shape when the database is gone; liveness still answers', async () => {
    await server.deps.db.destroy();
    const ready = await fetch(`${server.url}/health/ready`);
    expect(ready.status).toBe(503);
    const body = (await ready.json()) as { error: { code: string; message: string; details: unknown } };
    expect(body.error.code).toBe('unavailable');
    expect(body.error.message).toMatch(/^database: /);
    expect((await fetch(`${server.url}/health/live`)).status).toBe(200);
  });
});
