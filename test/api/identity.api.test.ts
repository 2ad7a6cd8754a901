import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiUser } from '../support/api-client.ts';
import { DATABASE_KINDS } from '../support/databases.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { TestWallClock } from '../support/wall-clock.ts';

describe.each(DATABASE_KINDS)('identity and sessions on %s', (database) => {
  let server: TestServer;
  const wall = new TestWallClock();
  beforeAll(async () => {
    server = await startTestServer({ database, wallClock: wall, config: { sessionIdleMinutes: 30, sessionMaxHours: 2 } });
  });
  afterAll(() => server.close());

  it('signs in with a httpOnly, SameSite=Lax session cookie and tells who is signed in', async () => {
    const raw = await fetch(`${server.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'HR@Huaxin.demo ', password: 'tenure-demo' }) });
    expect(raw.status).toBe(200);
    const cookie = raw.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/tenure_session=/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    const hr = await ApiUser.signIn(server.url, 'hr@huaxin.demo');
    const me = await hr.get('/api/v1/auth/me');
    expect(me.status).toBe(200);
    expect(me.body.user).toMatchObject({ email: 'hr@huaxin.demo', role: 'employer_hr' });
    expect(me.body.org).toMatchObject({ kind: 'employer', name: '华信科技 Huaxin Tech' });
    expect(me.body.user.password_hash).toBeUndefined();
    expect(JSON.stringify(me.body)).not.toMatch(/scrypt/);
  });

  it('refuses a wrong password and an unknown account the same way', async () => {
    const a = await new ApiUser(server.url).post('/api/v1/auth/login', { email: 'admin@bluepeak.demo', password: 'wrong-password' });
    const b = await new ApiUser(server.url).post('/api/v1/auth/login', { email: 'nobody@nowhere.demo', password: 'wrong-password' });
    expect(a.status).toBe(401);
    expect(b.status).toBe(401);
    expect(a.body.error.code).toBe('unauthenticated');
    expect(b.body.error.message).toBe(a.body.error.message);
  });

  it('stores passwords as scrypt hashes, never in clear', async () => {
    const rows = await server.deps.db.selectFrom('users').select(['password_hash']).execute();
    for (const r of rows) {
      expect(r.password_hash).toMatch(/^scrypt\$/);
      expect(r.password_hash).not.toContain('tenure-demo');
    }
  });

  it('locks an account after 5 failures in the window, even for the right password, and lets it in after the window', async () => {
    const email = 'c3@apexsearch.demo';
    for (let i = 0; i < 5; i++) expect((await new ApiUser(server.url).post('/api/v1/auth/login', { email, password: 'nope-nope' })).status).toBe(401);
    const locked = await new ApiUser(server.url).post('/api/v1/auth/login', { email, password: 'tenure-demo' });
    expect(locked.status).toBe(429);
    expect(locked.body.error.code).toBe('rate_limited');
    wall.advanceMinutes(16);
    expect((await new ApiUser(server.url).post('/api/v1/auth/login', { email, password: 'tenure-demo' })).status).toBe(200);
  });

  it('requires the CSRF token on state-changing requests made with the session cookie', async () => {
    const admin = await ApiUser.signIn(server.url, 'admin@huaxin.demo');
    const orgId = server.ids.orgs.huaxin;
    const without = await admin.post(`/api/v1/orgs/${orgId}/api-tokens`, { name: 'ATS' }, { 'x-csrf-token': '' });
    expect(without.status).toBe(403);
    expect(without.body.error.code).toBe('csrf_failed');
    const wrong = await admin.post(`/api/v1/orgs/${orgId}/api-tokens`, { name: 'ATS' }, { 'x-csrf-token': 'forged' });
    expect(wrong.status).toBe(403);
    const ok = await admin.post(`/api/v1/orgs/${orgId}/api-tokens`, { name: 'ATS' });
    expect(ok.status).toBe(201);
  });

  it('ends the session at logout', async () => {
    const hr = await ApiUser.signIn(server.url, 'hr@bluepeak.demo');
    expect((await hr.post('/api/v1/auth/logout')).status).toBe(204);
    const stale = new ApiUser(server.url);
    stale.cookie = hr.cookie;
    // The browser drops the cookie; a stolen copy of it must not work either.
    const me = await fetch(`${server.url}/api/v1/auth/me`, { headers: { cookie: hr.cookie ?? '' } });
    expect(me.status).toBe(401);
  });

  it('expires a session after the idle limit and at its absolute limit', async () => {
    const idle = await ApiUser.signIn(server.url, 'c1@talentbridge.demo');
    wall.advanceMinutes(29);
    expect((await idle.get('/api/v1/auth/me')).status).toBe(200);
    wall.advanceMinutes(31);
    expect((await idle.get('/api/v1/auth/me')).status).toBe(401);

    const busy = await ApiUser.signIn(server.url, 'c2@talentbridge.demo');
    for (let i = 0; i < 4; i++) {
      wall.advanceMinutes(25);
      expect((await busy.get('/api/v1/auth/me')).status).toBe(200);
    }
    wall.advanceMinutes(25); // 125 minutes after sign-in: past the 2-hour absolute limit
    expect((await busy.get('/api/v1/auth/me')).status).toBe(401);
  });

  it('lets platform ops open an org with its first admin, who then adds users of fitting roles only', async () => {
    const ops = await ApiUser.signIn(server.url, 'ops@tenure.demo');
    const created = await ops.post('/api/v1/orgs', { name: '星河猎头 Galaxy Search', kind: 'agency', admin: { email: 'boss@galaxy.demo', name: '星河老板', password: 'galaxy-pass-1' } });
    expect(created.status).toBe(201);
    expect(created.body.admin.role).toBe('agency_admin');
    const boss = await ApiUser.signIn(server.url, 'boss@galaxy.demo', 'galaxy-pass-1');
    const orgId = created.body.org.id as string;
    const consultant = await boss.post(`/api/v1/orgs/${orgId}/users`, { email: 'new@galaxy.demo', name: '新顾问', role: 'consultant', password: 'consult-harbor-58' });
    expect(consultant.status).toBe(201);
    const wrongRole = await boss.post(`/api/v1/orgs/${orgId}/users`, { email: 'x@galaxy.demo', name: 'X', role: 'employer_hr', password: 'consult-harbor-58' });
    expect(wrongRole.status).toBe(400);
    expect(wrongRole.body.error.message).toMatch(/^role:/);
    const dup = await boss.post(`/api/v1/orgs/${orgId}/users`, { email: 'NEW@galaxy.demo', name: 'Dup', role: 'consultant', password: 'consult-harbor-58' });
    expect(dup.status).toBe(400);
    expect(dup.body.error.details).toMatchObject({ field: 'email', reason: 'email_unavailable' });
    const listed = await boss.get(`/api/v1/orgs/${orgId}/users`);
    expect(listed.body.items.map((u: { email: string }) => u.email).sort()).toEqual(['boss@galaxy.demo', 'new@galaxy.demo']);
    const notOps = await boss.post('/api/v1/orgs', { name: 'Mine', kind: 'employer', admin: { email: 'm@m.demo', name: 'M', password: 'maple-cinder-4821' } });
    expect(notOps.status).toBe(403);
  });

  it('keeps consultants from managing users, and a weak password out', async () => {
    const c = await ApiUser.signIn(server.url, 'c1@apexsearch.demo');
    const res = await c.post(`/api/v1/orgs/${server.ids.orgs.apexsearch}/users`, { email: 'y@apex.demo', name: 'Y', role: 'consultant', password: 'maple-cinder-4821' });
    expect(res.status).toBe(403);
    const admin = await ApiUser.signIn(server.url, 'admin@apexsearch.demo');
    const weak = await admin.post(`/api/v1/orgs/${server.ids.orgs.apexsearch}/users`, { email: 'y@apex.demo', name: 'Y', role: 'consultant', password: 'short' });
    expect(weak.status).toBe(400);
    expect(weak.body.error.message).toMatch(/^body\.password/);
  });

  it('disabling a user ends their sessions at once and refuses their sign-in', async () => {
    const admin = await ApiUser.signIn(server.url, 'admin@talentbridge.demo');
    const c3 = await ApiUser.signIn(server.url, 'c3@talentbridge.demo');
    const userId = server.ids.users['c3@talentbridge.demo'];
    expect((await admin.patch(`/api/v1/users/${userId}`, { disabled: true })).status).toBe(200);
    expect((await c3.get('/api/v1/auth/me')).status).toBe(401);
    expect((await new ApiUser(server.url).post('/api/v1/auth/login', { email: 'c3@talentbridge.demo', password: 'tenure-demo' })).status).toBe(401);
    expect((await admin.patch(`/api/v1/users/${userId}`, { disabled: false })).status).toBe(200);
    expect((await new ApiUser(server.url).post('/api/v1/auth/login', { email: 'c3@talentbridge.demo', password: 'tenure-demo' })).status).toBe(200);
    const self = await admin.patch(`/api/v1/users/${server.ids.users['admin@talentbridge.demo']}`, { disabled: true });
    expect(self.status).toBe(409);
  });

  it('issues bearer API tokens to org admins, shown once, stored hashed, revocable', async () => {
    const admin = await ApiUser.signIn(server.url, 'admin@bluepeak.demo');
    const orgId = server.ids.orgs.bluepeak;
    const created = await admin.post(`/api/v1/orgs/${orgId}/api-tokens`, { name: 'HRIS 集成' });
    expect(created.status).toBe(201);
    const token = created.body.token as string;
    expect(token).toMatch(/^tnr_/);
    const stored = await server.deps.db.selectFrom('api_tokens').select('token_hash').where('id', '=', created.body.id).executeTakeFirstOrThrow();
    expect(stored.token_hash).not.toContain(token);
    const integration = ApiUser.withToken(server.url, token);
    const me = await integration.get('/api/v1/auth/me');
    expect(me.status).toBe(200);
    expect(me.body.org.id).toBe(orgId);
    // Bearer calls need no CSRF token: browsers never send them on their own.
    expect((await integration.post(`/api/v1/orgs/${orgId}/users`, { email: 'bot@bluepeak.demo', name: 'Bot', role: 'employer_hr', password: 'robot-meadow-913' })).status).toBe(201);
    const list = await admin.get(`/api/v1/orgs/${orgId}/api-tokens`);
    expect(JSON.stringify(list.body)).not.toContain(token);
    expect((await admin.post(`/api/v1/api-tokens/${created.body.id}/revoke`)).status).toBe(204);
    const after = await integration.get('/api/v1/auth/me');
    expect(after.status).toBe(401);
    expect(after.body.error.code).toBe('unauthenticated');
    const hr = await ApiUser.signIn(server.url, 'hr@bluepeak.demo');
    expect((await hr.post(`/api/v1/orgs/${orgId}/api-tokens`, { name: 'mine' })).status).toBe(403);
  });
});

describe('sign-in throttling per address', () => {
  it('refuses an address that failed too often, whichever accounts it tried', async () => {
    const server = await startTestServer({ config: { login: { maxFailuresPerPair: 5, maxFailuresPerAccount: 50, maxFailuresPerAddress: 3, windowMinutes: 15 } } });
    try {
      for (const email of ['admin@huaxin.demo', 'hr@huaxin.demo', 'admin@bluepeak.demo']) {
        expect((await new ApiUser(server.url).post('/api/v1/auth/login', { email, password: 'guess-guess' })).status).toBe(401);
      }
      const res = await new ApiUser(server.url).post('/api/v1/auth/login', { email: 'c1@talentbridge.demo', password: 'tenure-demo' });
      expect(res.status).toBe(429);
      expect(res.body.error.code).toBe('rate_limited');
    } finally {
      await server.close();
    }
  });
});
