import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiUser } from '../support/api-client.ts';
import { DATABASE_KINDS } from '../support/databases.ts';
import { minimalPdf } from '../support/file-fixtures.ts';
import { orderBody, planVersionIdOf, postOrder, takeOrder } from '../support/marketplace-fixture.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { candidate, uploadFile } from '../support/submissions-fixture.ts';

/** Issue 7's hardening, through the real HTTP stack on both databases. */
describe.each(DATABASE_KINDS)('security on %s', (database) => {
  let server: TestServer;
  let admin: ApiUser;
  let huaxin: string;
  beforeAll(async () => {
    server = await startTestServer({ database });
    admin = await ApiUser.signIn(server.url, 'admin@huaxin.demo');
    huaxin = server.ids.orgs.huaxin!;
  });
  afterAll(() => server.close());

  describe('Idempotency-Key never repeats a secret', () => {
    it('a repeated token creation answers 409 idempotency_replay_unavailable, never the token again (even after revoking it)', async () => {
      const first = await admin.post(`/api/v1/orgs/${huaxin}/api-tokens`, { name: 'ERP' }, { 'idempotency-key': 'token-once' });
      expect(first.status).toBe(201);
      const token = first.body.token as string;
      const again = await admin.post(`/api/v1/orgs/${huaxin}/api-tokens`, { name: 'ERP' }, { 'idempotency-key': 'token-once' });
      expect(again.status).toBe(409);
      expect(again.body.error.code).toBe('idempotency_replay_unavailable');
      expect(JSON.stringify(again.body)).not.toContain(token);
      expect((await admin.post(`/api/v1/api-tokens/${first.body.id}/revoke`)).status).toBe(204);
      const afterRevoke = await admin.post(`/api/v1/orgs/${huaxin}/api-tokens`, { name: 'ERP' }, { 'idempotency-key': 'token-once' });
      expect(afterRevoke.status).toBe(409);
      expect(JSON.stringify(afterRevoke.body)).not.toContain(token);
      // Only one token was made, and nothing in the database keeps the secret.
      const tokens = await admin.get(`/api/v1/orgs/${huaxin}/api-tokens`);
      expect(tokens.body.items.filter((t: { name: string }) => t.name === 'ERP')).toHaveLength(1);
      const stored = await server.deps.db.selectFrom('idempotency_keys').select('response_body').where('key', '=', 'token-once').executeTakeFirstOrThrow();
      expect(stored.response_body ?? '').not.toContain(token);
    });

    it('a refused token creation (no secret) still replays its refusal', async () => {
      const hr = await ApiUser.signIn(server.url, 'hr@huaxin.demo');
      const first = await hr.post(`/api/v1/orgs/${huaxin}/api-tokens`, { name: 'x' }, { 'idempotency-key': 'hr-token' });
      const again = await hr.post(`/api/v1/orgs/${huaxin}/api-tokens`, { name: 'x' }, { 'idempotency-key': 'hr-token' });
      expect(first.status).toBe(403);
      expect(again.status).toBe(403);
      expect(again.headers.get('idempotent-replayed')).toBe('true');
    });

    it('sign-in never replays: each attempt with the same key is checked afresh and gets its own session', async () => {
      const anon = new ApiUser(server.url);
      const body = { email: 'hr@huaxin.demo', password: 'tenure-demo' };
      const first = await anon.post('/api/v1/auth/login', body, { 'idempotency-key': 'login-1' });
      const firstCookie = anon.cookie;
      const second = await anon.post('/api/v1/auth/login', body, { 'idempotency-key': 'login-1' });
      expect(first.status).toBe(200);
      expect(second.status).toBe(200);
      expect(second.headers.get('idempotent-replayed')).toBeNull();
      expect(anon.cookie).not.toBe(firstCookie);
      const wrong = await anon.post('/api/v1/auth/login', { ...body, password: 'wrong-password' }, { 'idempotency-key': 'login-1' });
      expect(wrong.status).toBe(401);
      const stored = await server.deps.db.selectFrom('idempotency_keys').select('key').where('key', '=', 'login-1').execute();
      expect(stored).toHaveLength(0);
    });

    it('an upload under a used key with another file is a 409; the same file replays', async () => {
      const plan = await planVersionIdOf(admin);
      const order = await postOrder(admin, huaxin, orderBody(plan, { title: '幂等测试' }), { open: true });
      const consultant = await ApiUser.signIn(server.url, 'c3@talentbridge.demo');
      expect((await takeOrder(consultant, order.id)).status).toBe(201);
      const sub = await consultant.post(`/api/v1/orders/${order.id}/submissions`, candidate({ phone: '13600001111', email: 'idem@example.com' }));
      expect(sub.status).toBe(201);
      const path = `/api/v1/submissions/${sub.body.submission.id}/resume`;
      const key = { 'idempotency-key': 'resume-1' };
      const first = await uploadFile(consultant, path, minimalPdf('First'), 'a.pdf', 'application/pdf', key);
      expect(first.status).toBe(200);
      const same = await uploadFile(consultant, path, minimalPdf('First'), 'a.pdf', 'application/pdf', key);
      expect(same.status).toBe(200);
      expect(same.headers.get('idempotent-replayed')).toBe('true');
      const other = await uploadFile(consultant, path, minimalPdf('Second'), 'a.pdf', 'application/pdf', key);
      expect(other.status).toBe(409);
      expect(other.body.error.code).toBe('idempotency_conflict');
      const detail = await consultant.get(`/api/v1/submissions/${sub.body.submission.id}`);
      expect(detail.body.resume.sha256).toBe(first.body.resume.sha256);
    });
  });

  describe('security headers', () => {
    it('every API answer carries the CSP, anti-framing, nosniff, Referrer-Policy and no-store', async () => {
      for (const res of [await admin.get('/api/v1/auth/me'), await admin.get(`/api/v1/orgs/${huaxin}/users`), await new ApiUser(server.url).get('/api/v1/auth/me'), await admin.get('/api/v1/no-such-route')]) {
        const csp = res.headers.get('content-security-policy') ?? '';
        expect(csp).toContain("default-src 'self'");
        expect(csp).toContain("script-src 'self'");
        expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
        expect(csp).toContain("style-src 'self' 'unsafe-inline'");
        expect(csp).toContain("frame-ancestors 'none'");
        expect(csp).toContain("object-src 'none'");
        expect(csp).not.toContain('upgrade-insecure-requests');
        expect(res.headers.get('x-frame-options')).toBe('DENY');
        expect(res.headers.get('x-content-type-options')).toBe('nosniff');
        expect(res.headers.get('referrer-policy')).toBe('no-referrer');
        expect(res.headers.get('cache-control')).toBe('no-store');
      }
    });

    it('the answer that carries the CSRF token (sign-in) is not stored; the OpenAPI document may be cached', async () => {
      const anon = new ApiUser(server.url);
      const login = await anon.post('/api/v1/auth/login', { email: 'hr@huaxin.demo', password: 'tenure-demo' });
      expect(login.body.csrfToken).toBeTruthy();
      expect(login.headers.get('cache-control')).toBe('no-store');
      const doc = await anon.get('/api/openapi.json');
      expect(doc.headers.get('cache-control')).not.toBe('no-store');
      expect(doc.headers.get('x-frame-options')).toBe('DENY');
    });
  });

  describe('invisible and direction-changing characters in names, titles and cities', () => {
    it('a title or name of only zero-width or bidi characters is refused naming the field', async () => {
      const plan = await planVersionIdOf(admin);
      const order = await admin.post(`/api/v1/orgs/${huaxin}/orders`, orderBody(plan, { title: '\u200B\u200B\u200B' }));
      expect(order.status).toBe(400);
      expect(order.body.error).toMatchObject({ code: 'invalid_input', details: { field: 'title' } });
      const user = await admin.post(`/api/v1/orgs/${huaxin}/users`, { email: 'rtl@huaxin.demo', name: '\u202E\u2066\u200F', role: 'employer_hr', password: 'amber-violin-harbor-52' });
      expect(user.status).toBe(400);
      expect(user.body.error).toMatchObject({ code: 'invalid_input', message: 'body.name: must not be empty' });
    });

    it('上\u200B海 is the same city as 上海, and names are kept in NFC without invisible characters', async () => {
      const plan = await planVersionIdOf(admin);
      const created = await admin.post(`/api/v1/orgs/${huaxin}/orders`, orderBody(plan, { title: 'Re\u0301sume\u0301 审核\u200D专员', city: '上\u200B海' }));
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      expect(created.body.city).toBe('上海');
      expect(created.body.title).toBe('Résumé 审核专员');
      const user = await admin.post(`/api/v1/orgs/${huaxin}/users`, { email: 'nfc@huaxin.demo', name: ' 张\u200B伟\u202E ', role: 'employer_hr', password: 'amber-violin-harbor-52' });
      expect(user.status, JSON.stringify(user.body)).toBe(201);
      expect(user.body.name).toBe('张伟');
    });
  });

  it('adding a user with an address used in another org answers exactly as for one used in the own org: it never says where', async () => {
    const body = (email: string) => ({ email, name: '重复', role: 'employer_hr', password: 'amber-violin-harbor-52' });
    const elsewhere = await admin.post(`/api/v1/orgs/${huaxin}/users`, body('admin@bluepeak.demo'));
    const here = await admin.post(`/api/v1/orgs/${huaxin}/users`, body('hr@huaxin.demo'));
    expect(elsewhere.status).toBe(400);
    expect(elsewhere.body).toEqual(here.body);
    expect(elsewhere.body.error.details.field).toBe('email');
    expect(JSON.stringify(elsewhere.body)).not.toMatch(/bluepeak|registered|exists|another org/i);
  });

  describe('passwords, sessions and reset links', () => {
    const STRONG = 'amber-violin-harbor-52';
    const NEWER = 'quiet-copper-meadow-81';
    const newMember = async (email: string) => {
      const res = await admin.post(`/api/v1/orgs/${huaxin}/users`, { email, name: '密码测试', role: 'employer_hr', password: STRONG });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      return res.body.id as string;
    };

    it('refuses short and common passwords wherever one is set, naming the field', async () => {
      for (const weak of ['password', '12345678', 'password1234', 'qwertyuiop12', 'aaaaaaaaaaaa']) {
        const res = await admin.post(`/api/v1/orgs/${huaxin}/users`, { email: 'weak@huaxin.demo', name: 'W', role: 'employer_hr', password: weak });
        expect(res.status, weak).toBe(400);
        expect(res.body.error.message).toMatch(/^body\.password: (must be at least 10 characters|is too easy to guess)/);
      }
      const ops = await ApiUser.signIn(server.url, 'ops@tenure.demo');
      const org = await ops.post('/api/v1/orgs', { name: '弱口令公司', kind: 'employer', admin: { email: 'weak-admin@weak.demo', name: 'W', password: 'password' } });
      expect(org.status).toBe(400);
      expect(org.body.error.message).toMatch(/^body\.admin\.password/);
      const change = await admin.post('/api/v1/auth/password', { currentPassword: 'tenure-demo', newPassword: '12345678' });
      expect(change.status).toBe(400);
      expect(change.body.error.message).toMatch(/^body\.newPassword/);
      const reset = await new ApiUser(server.url).post('/api/v1/auth/password-reset', { token: 'x'.repeat(43), newPassword: 'password1234' });
      expect(reset.status).toBe(400);
      expect(reset.body.error.message).toMatch(/^body\.newPassword/);
    });

    it('changes a password with the current one and signs out the user’s other sessions', async () => {
      await newMember('change@huaxin.demo');
      const here = await ApiUser.signIn(server.url, 'change@huaxin.demo', STRONG);
      const elsewhere = await ApiUser.signIn(server.url, 'change@huaxin.demo', STRONG);
      const wrong = await here.post('/api/v1/auth/password', { currentPassword: 'not-my-password-9', newPassword: NEWER });
      expect(wrong.status).toBe(400);
      expect(wrong.body.error.details.field).toBe('currentPassword');
      expect((await here.post('/api/v1/auth/password', { currentPassword: STRONG, newPassword: NEWER })).status).toBe(204);
      expect((await here.get('/api/v1/auth/me')).status).toBe(200);
      expect((await elsewhere.get('/api/v1/auth/me')).status).toBe(401);
      expect((await new ApiUser(server.url).post('/api/v1/auth/login', { email: 'change@huaxin.demo', password: STRONG })).status).toBe(401);
      expect((await new ApiUser(server.url).post('/api/v1/auth/login', { email: 'change@huaxin.demo', password: NEWER })).status).toBe(200);
      // An API token cannot change its creator's password.
      const token = await admin.post(`/api/v1/orgs/${huaxin}/api-tokens`, { name: 'pw-bot' });
      const bot = ApiUser.withToken(server.url, token.body.token);
      expect((await bot.post('/api/v1/auth/password', { currentPassword: 'tenure-demo', newPassword: NEWER })).status).toBe(403);
    });

    it('lists one’s own sessions with their device, and revokes another one of them (never someone else’s)', async () => {
      await newMember('devices@huaxin.demo');
      const laptop = await ApiUser.signIn(server.url, 'devices@huaxin.demo', STRONG);
      const phone = new ApiUser(server.url);
      expect((await phone.post('/api/v1/auth/login', { email: 'devices@huaxin.demo', password: STRONG }, { 'user-agent': 'TenurePhone/1.0' })).status).toBe(200);
      const list = await laptop.get('/api/v1/auth/sessions');
      expect(list.status).toBe(200);
      expect(list.body.items).toHaveLength(2);
      const other = list.body.items.find((x: { current: boolean }) => !x.current);
      expect(other).toMatchObject({ userAgent: 'TenurePhone/1.0', address: '127.0.0.1' });
      expect(list.body.items.filter((x: { current: boolean }) => x.current)).toHaveLength(1);
      // Another user cannot end it: not found, exactly as an unknown id.
      expect((await admin.post(`/api/v1/auth/sessions/${other.id}/revoke`)).status).toBe(404);
      expect((await phone.get('/api/v1/auth/me')).status).toBe(200);
      expect((await laptop.post(`/api/v1/auth/sessions/${other.id}/revoke`)).status).toBe(204);
      expect((await phone.get('/api/v1/auth/me')).status).toBe(401);
      expect((await laptop.get('/api/v1/auth/sessions')).body.items).toHaveLength(1);
      expect((await laptop.post(`/api/v1/auth/sessions/${other.id}/revoke`)).status).toBe(404);
    });

    it('an admin issues a one-time reset link; the user sets a new password with it once; it is stored only as a hash', async () => {
      const userId = await newMember('reset@huaxin.demo');
      const before = await ApiUser.signIn(server.url, 'reset@huaxin.demo', STRONG);
      const hr = await ApiUser.signIn(server.url, 'hr@huaxin.demo');
      expect((await hr.post(`/api/v1/users/${userId}/password-reset`)).status).toBe(403);
      const bluepeak = await ApiUser.signIn(server.url, 'admin@bluepeak.demo');
      expect((await bluepeak.post(`/api/v1/users/${userId}/password-reset`)).status).toBe(404);

      const issued = await admin.post(`/api/v1/users/${userId}/password-reset`, undefined, { 'idempotency-key': 'reset-once' });
      expect(issued.status).toBe(201);
      const token = (issued.body.path as string).match(/^\/reset-password#([\w-]+)$/)![1]!;
      expect(Buffer.from(token, 'base64url').length).toBeGreaterThanOrEqual(16);
      const replay = await admin.post(`/api/v1/users/${userId}/password-reset`, undefined, { 'idempotency-key': 'reset-once' });
      expect(replay.status).toBe(409);
      expect(replay.body.error.code).toBe('idempotency_replay_unavailable');
      expect(JSON.stringify(replay.body)).not.toContain(token);
      const stored = await server.deps.db.selectFrom('password_resets').selectAll().where('user_id', '=', userId).execute();
      expect(stored).toHaveLength(1);
      expect(JSON.stringify(stored)).not.toContain(token);
      const keyRow = await server.deps.db.selectFrom('idempotency_keys').select('response_body').where('key', '=', 'reset-once').executeTakeFirstOrThrow();
      expect(keyRow.response_body ?? '').not.toContain(token);

      const anon = new ApiUser(server.url);
      expect((await anon.post('/api/v1/auth/password-reset', { token, newPassword: NEWER })).status).toBe(204);
      expect((await before.get('/api/v1/auth/me')).status).toBe(401);
      expect((await anon.post('/api/v1/auth/login', { email: 'reset@huaxin.demo', password: NEWER })).status).toBe(200);
      const again = await new ApiUser(server.url).post('/api/v1/auth/password-reset', { token, newPassword: 'another-fine-passphrase-7' });
      expect(again.status).toBe(400);
      expect(again.body.error.details.field).toBe('token');
    });

    it('a reset link stops working when it expires, or when a newer one is issued', async () => {
      const userId = await newMember('expire@huaxin.demo');
      const first = ((await admin.post(`/api/v1/users/${userId}/password-reset`)).body.path as string).split('#')[1]!;
      const second = ((await admin.post(`/api/v1/users/${userId}/password-reset`)).body.path as string).split('#')[1]!;
      const anon = new ApiUser(server.url);
      expect((await anon.post('/api/v1/auth/password-reset', { token: first, newPassword: NEWER })).status).toBe(400);
      await server.deps.db.updateTable('password_resets').set({ expires_at: new Date(Date.now() - 1000).toISOString() }).where('user_id', '=', userId).execute();
      expect((await anon.post('/api/v1/auth/password-reset', { token: second, newPassword: NEWER })).status).toBe(400);
      expect((await anon.post('/api/v1/auth/login', { email: 'expire@huaxin.demo', password: STRONG })).status).toBe(200);
    });
  });

  describe('sign-in throttling behind a trusted proxy', () => {
    let proxied: TestServer;
    beforeAll(async () => {
      proxied = await startTestServer({ database, config: { trustProxy: true, login: { maxFailuresPerPair: 5, maxFailuresPerAccount: 12, maxFailuresPerAddress: 100, windowMinutes: 15 } } });
    });
    afterAll(() => proxied.close());
    const from = (address: string, extra: Record<string, string> = {}) => ({ 'x-forwarded-for': address, ...extra });
    const signIn = (email: string, password: string, address: string) => new ApiUser(proxied.url).post('/api/v1/auth/login', { email, password }, from(address));

    it('40 parallel guesses for one account from one address: at most 5 are checked, the rest are 429 — even the right password', async () => {
      const guesses = Array.from({ length: 40 }, (_, i) => (i === 39 ? 'tenure-demo' : `wrong-guess-${i}`));
      const answers = await Promise.all(guesses.map((password) => signIn('hr@huaxin.demo', password, '10.0.0.1')));
      const checked = answers.filter((a) => a.status !== 429);
      expect(checked.length).toBeLessThanOrEqual(5);
      expect(checked.every((a) => a.status === 401 || a.status === 200)).toBe(true);
      expect(answers.filter((a) => a.status === 429).length).toBeGreaterThanOrEqual(35);
      for (const a of answers.filter((x) => x.status === 429)) expect(a.body).toMatchObject({ error: { code: 'rate_limited' } });
      // The pair stays locked, for the right password too.
      expect((await signIn('hr@huaxin.demo', 'tenure-demo', '10.0.0.1')).status).toBe(429);
    });

    it('the account’s owner elsewhere still signs in, and so do other accounts behind the guesser’s address', async () => {
      expect((await signIn('hr@huaxin.demo', 'tenure-demo', '10.0.0.2')).status).toBe(200);
      expect((await signIn('hr@bluepeak.demo', 'tenure-demo', '10.0.0.1')).status).toBe(200);
    });

    it('guessing from many addresses meets the looser per-account ceiling', async () => {
      // 5 failures are counted from 10.0.0.1 already; 5 more from .3 and 2 from .4 reach the ceiling of 12.
      for (const [address, n] of [['10.0.0.3', 5], ['10.0.0.4', 2]] as const) {
        for (let i = 0; i < n; i++) expect((await signIn('hr@huaxin.demo', 'still-wrong-1', address)).status).toBe(401);
      }
      expect((await signIn('hr@huaxin.demo', 'tenure-demo', '10.0.0.5')).status).toBe(429);
      expect((await signIn('admin@huaxin.demo', 'tenure-demo', '10.0.0.5')).status).toBe(200);
    });

    it('over HTTPS (X-Forwarded-Proto from the trusted proxy) the session cookie is Secure and __Host- prefixed, and only that cookie is read', async () => {
      const res = await fetch(`${proxied.url}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...from('10.0.0.9', { 'x-forwarded-proto': 'https' }) },
        body: JSON.stringify({ email: 'admin@bluepeak.demo', password: 'tenure-demo' }),
      });
      expect(res.status).toBe(200);
      const setCookie = res.headers.get('set-cookie') ?? '';
      expect(setCookie).toMatch(/^__Host-tenure_session=[^;]+;/);
      expect(setCookie).toMatch(/; Secure/);
      expect(setCookie).toMatch(/; Path=\//);
      expect(setCookie).not.toMatch(/Domain=/i);
      const secret = setCookie.match(/^__Host-tenure_session=([^;]+)/)![1]!;
      const me = (headers: Record<string, string>) => fetch(`${proxied.url}/api/v1/auth/me`, { headers }).then((r) => r.status);
      expect(await me({ cookie: `__Host-tenure_session=${secret}`, 'x-forwarded-proto': 'https' })).toBe(200);
      expect(await me({ cookie: `tenure_session=${secret}`, 'x-forwarded-proto': 'https' })).toBe(401);
      // Plain HTTP: a plain cookie without Secure.
      const plain = await signIn('admin@bluepeak.demo', 'tenure-demo', '10.0.0.9');
      expect(plain.headers.get('set-cookie')).toMatch(/^tenure_session=/);
      expect(plain.headers.get('set-cookie')).not.toMatch(/Secure/);
    });
  });

  it('without TENURE_TRUST_PROXY, X-Forwarded-Proto and -For are not believed', async () => {
    const res = await fetch(`${server.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-proto': 'https', 'x-forwarded-for': '203.0.113.7' },
      body: JSON.stringify({ email: 'admin@bluepeak.demo', password: 'tenure-demo' }),
    });
    expect(res.headers.get('set-cookie')).toMatch(/^tenure_session=/);
  });
});
