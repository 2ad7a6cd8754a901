import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { publishCheckpoint } from '../../src/platform/audit/audit-checkpoints.ts';
import { describeBrowser, launchBrowser } from '../support/browser.ts';
import { startTestServer } from '../support/server.ts';

/** The web shell in real Chromium against a real server with the demo world and the manual clock. */

const PASSWORD = 'tenure-demo';
/** A browser step can be slow on a loaded CI machine; each test gets this long. */
const TEST_TIMEOUT = 90_000;
const ALL_NAV = ['home', 'orgs', 'users', 'disputes', 'fairness', 'outbox', 'time', 'audit', 'notifications', 'account', 'assessments'] as const;
type Nav = (typeof ALL_NAV)[number];

const ROLES: Array<{ email: string; role: string; roleZh: string; nav: Nav[] }> = [
  { email: 'ops@tenure.demo', role: 'platform_ops', roleZh: '平台运营', nav: ['home', 'orgs', 'users', 'disputes', 'fairness', 'outbox', 'time', 'audit', 'notifications', 'account'] },
  { email: 'arbitrator@tenure.demo', role: 'arbitrator', roleZh: '仲裁员', nav: ['home', 'disputes', 'audit', 'notifications', 'account'] },
  { email: 'admin@huaxin.demo', role: 'employer_admin', roleZh: '企业管理员', nav: ['home', 'disputes', 'users', 'audit', 'notifications', 'account'] },
  { email: 'hr@huaxin.demo', role: 'employer_hr', roleZh: '企业 HR', nav: ['home', 'disputes', 'audit', 'notifications', 'account'] },
  { email: 'admin@talentbridge.demo', role: 'agency_admin', roleZh: '猎头公司管理员', nav: ['home', 'disputes', 'users', 'audit', 'notifications', 'account'] },
  { email: 'c1@talentbridge.demo', role: 'consultant', roleZh: '猎头顾问', nav: ['home', 'disputes', 'audit', 'notifications', 'account'] },
  { email: 'assessor@skillcheck.demo', role: 'assessor_admin', roleZh: '评估机构管理员', nav: ['home', 'assessments', 'users', 'audit', 'notifications', 'account'] },
];

const nextDay = (day: string): string => {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + 1);
  return date.toISOString().slice(0, 10);
};

describeBrowser('web shell (Chromium)', () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    server = await startTestServer({ seedDemo: true, clock: 'manual', web: true });
    browser = await launchBrowser();
  }, 180_000);

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close();
    await server?.close();
  });

  /** What Chromium reported as blocked by the Content Security Policy, in every page of the suite. */
  const cspViolations: string[] = [];
  afterEach(() => {
    expect(cspViolations, 'the app must run under its own CSP').toEqual([]);
  });

  async function newPage(): Promise<Page> {
    const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1366, height: 900 } });
    contexts.push(context);
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) cspViolations.push(`${page.url()}: ${m.text()}`);
    });
    return page;
  }

  async function login(page: Page, email: string, password = PASSWORD): Promise<void> {
    await page.goto(`${server.url}/`);
    await page.waitForURL(/\/login/);
    await page.getByTestId('login-email').fill(email);
    await page.getByTestId('login-password').fill(password);
    await page.getByTestId('login-submit').click();
  }

  /** Logged in and the platform clock read (so clock-dependent menu items have settled). */
  async function loginAndSettle(page: Page, email: string): Promise<void> {
    await login(page, email);
    await page.getByTestId('nav-home').waitFor();
    await page.getByTestId('header-date').waitFor();
  }

  it('shows the product, motto and a login form; refuses a wrong password', async () => {
    const page = await newPage();
    await page.goto(`${server.url}/account`);
    await page.waitForURL(/\/login\?next=%2Faccount/);
    expect(await page.getByTestId('login-title').textContent()).toContain('稳聘');
    expect(await page.locator('body').textContent()).toContain('交付即服务开始');
    expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');

    await login(page, 'hr@huaxin.demo', 'not-the-password');
    await page.getByTestId('login-error').waitFor();
    expect(await page.getByTestId('login-error').textContent()).toContain('邮箱或密码不正确');

    // Empty fields are caught before any request.
    await page.getByTestId('login-email').fill('');
    await page.getByTestId('login-submit').click();
    await page.getByText('请输入邮箱').waitFor();
  }, TEST_TIMEOUT);

  it('tells the user to wait when logins are rate limited', async () => {
    const strict = await startTestServer({
      seedDemo: true,
      clock: 'manual',
      web: true,
      config: { login: { maxFailuresPerPair: 2, maxFailuresPerAccount: 50, maxFailuresPerAddress: 100, windowMinutes: 15 } },
    });
    try {
      const context = await browser.newContext({ locale: 'zh-CN' });
      contexts.push(context);
      const page = await context.newPage();
      await page.goto(`${strict.url}/login`);
      for (let attempt = 0; attempt < 2; attempt++) {
        await page.getByTestId('login-email').fill('hr@huaxin.demo');
        await page.getByTestId('login-password').fill('wrong-password');
        const answered = page.waitForResponse((response) => response.url().endsWith('/api/v1/auth/login'));
        await page.getByTestId('login-submit').click();
        expect((await answered).status()).toBe(401);
        await page.getByText('邮箱或密码不正确').waitFor();
      }
      await page.getByTestId('login-password').fill(PASSWORD);
      await page.getByTestId('login-submit').click();
      await page.getByText(/登录尝试过于频繁，请在 15 分钟后再试/).waitFor();
    } finally {
      await strict.close();
    }
  }, TEST_TIMEOUT);

  for (const account of ROLES) {
    it(`${account.role} (${account.email}) sees the navigation of that role`, async () => {
      const page = await newPage();
      await loginAndSettle(page, account.email);
      for (const key of ALL_NAV) {
        const count = await page.getByTestId(`nav-${key}`).count();
        expect(count, `nav-${key} for ${account.role}`).toBe(account.nav.includes(key) ? 1 : 0);
      }
      expect(await page.getByTestId('header-user').textContent()).toContain(account.roleZh);
      expect((await page.getByTestId('header-org').textContent())?.length).toBeGreaterThan(0);
      expect(await page.getByTestId('home-summary').textContent()).toBeTruthy();

      // Every menu item opens its page.
      for (const key of account.nav) {
        await page.getByTestId(`nav-${key}`).click();
        await page.waitForURL(key === 'home' ? /\/$/ : new RegExp(`/${key}$`));
        await page.getByTestId('page-title').first().waitFor();
      }
      // Pages outside the role are refused even when typed in.
      if (!account.nav.includes('orgs')) {
        await page.goto(`${server.url}/orgs`);
        await page.getByText('无权访问').waitFor();
      }
    }, TEST_TIMEOUT);
  }

  it('switches to English and back; the choice survives a reload', async () => {
    const page = await newPage();
    await loginAndSettle(page, 'hr@huaxin.demo');
    expect(await page.getByTestId('nav-home').textContent()).toBe('工作台');
    expect(await page.getByTestId('logout').textContent()).toContain('退出登录');

    await page.getByTestId('lang-switch').click();
    await expect.poll(() => page.getByTestId('nav-home').textContent(), { timeout: 10_000 }).toBe('Home');
    expect(await page.getByTestId('logout').textContent()).toContain('Log out');
    expect(await page.getByTestId('header-user').textContent()).toContain('Employer HR');
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    expect(await page.evaluate("localStorage.getItem('tenure.locale')")).toBe('en');

    await page.reload();
    await page.getByTestId('nav-home').waitFor();
    expect(await page.getByTestId('nav-home').textContent()).toBe('Home');
    // antd's own texts follow too (its locale is switched with ours).
    await page.getByTestId('nav-audit').click();
    await page.getByTestId('audit-checkpoint').waitFor();
    expect(await page.getByTestId('page-title').textContent()).toBe('Audit log');

    await page.getByTestId('lang-switch').click();
    await expect.poll(() => page.getByTestId('nav-home').textContent(), { timeout: 10_000 }).toBe('工作台');
    expect(await page.getByTestId('page-title').textContent()).toBe('审计日志');
    await page.reload();
    await page.getByTestId('nav-home').waitFor();
    expect(await page.getByTestId('nav-home').textContent()).toBe('工作台');
    expect(await page.evaluate("localStorage.getItem('tenure.locale')")).toBe('zh-CN');
  }, TEST_TIMEOUT);

  it('platform ops move the manual clock forward a day and see the new date', async () => {
    const page = await newPage();
    await loginAndSettle(page, 'ops@tenure.demo');
    await page.getByTestId('nav-time').click();
    await page.getByTestId('clock-today').waitFor();
    const before = (await page.getByTestId('clock-today').textContent())?.trim() ?? '';
    expect(before).toMatch(/^\d{4}-\d{2}-\d{2}$/);

    await page.getByTestId('clock-advance-1').click();
    const expected = nextDay(before);
    await expect.poll(async () => (await page.getByTestId('clock-today').textContent())?.trim(), { timeout: 15_000 }).toBe(expected);
    expect(await page.getByTestId('header-date').textContent()).toContain(expected);

    // The server agrees.
    const clock = await page.evaluate(async () => (await fetch('/api/v1/clock')).json());
    expect(clock).toMatchObject({ mode: 'manual', today: expected });
  }, TEST_TIMEOUT);

  it('with the system clock, platform ops have no time control', async () => {
    const live = await startTestServer({ seedDemo: true, clock: 'system', web: true });
    try {
      const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1366, height: 900 } });
      contexts.push(context);
      const page = await context.newPage();
      await page.goto(`${live.url}/login`);
      await page.getByTestId('login-email').fill('ops@tenure.demo');
      await page.getByTestId('login-password').fill(PASSWORD);
      await page.getByTestId('login-submit').click();
      await page.getByTestId('header-date').waitFor();
      expect(await page.getByTestId('nav-orgs').count()).toBe(1);
      expect(await page.getByTestId('nav-time').count()).toBe(0);
      await page.goto(`${live.url}/time`);
      await page.getByText('平台时钟使用系统时间，不能手动调整。').waitFor();
    } finally {
      await live.close();
    }
  }, TEST_TIMEOUT);

  it('an org admin creates a user, disables them after confirming, and issues and revokes an API token', async () => {
    const page = await newPage();
    await loginAndSettle(page, 'admin@huaxin.demo');
    await page.getByTestId('nav-users').click();
    await page.getByTestId('users-table').getByText('hr@huaxin.demo').waitFor();

    await page.getByTestId('user-create').click();
    await page.getByTestId('user-form-email').fill('new.hire@huaxin.demo');
    await page.getByTestId('user-form-name').fill('新同事');
    await page.getByTestId('user-form-password').fill('short');
    await page.getByTestId('user-form-confirm').fill('different');
    await page.getByTestId('user-create-submit').click();
    await page.getByText('密码至少 10 位').waitFor();
    await page.getByText('两次输入的密码不一致').waitFor();
    await page.getByTestId('user-form-password').fill('a-good-password');
    await page.getByTestId('user-form-confirm').fill('a-good-password');
    // The server's conflict lands on the email field, in the user's language.
    await page.getByTestId('user-form-email').fill('hr@huaxin.demo');
    await page.getByTestId('user-create-submit').click();
    await page.getByText('该邮箱无法用于新账户').waitFor();
    await page.getByTestId('user-form-email').fill('new.hire@huaxin.demo');
    await page.getByTestId('user-create-submit').click();
    await page.getByTestId('users-table').getByText('new.hire@huaxin.demo').waitFor();

    await page.getByTestId('user-toggle-new.hire@huaxin.demo').click();
    await page.getByTestId('user-toggle-confirm').filter({ visible: true }).click();
    await page.getByText('已停用 新同事').waitFor();
    // One cannot disable oneself.
    expect(await page.getByTestId('user-toggle-admin@huaxin.demo').isDisabled()).toBe(true);

    await page.getByTestId('nav-account').click();
    await page.getByTestId('token-create').click();
    await page.getByTestId('token-name').fill('ATS 同步');
    await page.getByRole('dialog').getByRole('button', { name: /创\s*建/ }).click();
    await page.getByTestId('token-secret').waitFor();
    expect((await page.getByTestId('token-secret').textContent())?.length).toBeGreaterThan(16);
    await page.getByTestId('token-created-done').click();
    await page.getByTestId('api-tokens').getByText('ATS 同步').waitFor();
    await page.getByTestId('api-tokens').getByRole('button', { name: '吊销' }).click();
    await page.getByTestId('token-revoke-confirm').filter({ visible: true }).click();
    await page.getByText('令牌“ATS 同步”已吊销').waitFor();
  }, TEST_TIMEOUT);

  it('platform ops open an org with its first admin and see its members', async () => {
    const page = await newPage();
    await loginAndSettle(page, 'ops@tenure.demo');
    await page.getByTestId('nav-orgs').click();
    await page.getByTestId('orgs-table').getByText('华信科技 Huaxin Tech').waitFor();

    await page.getByTestId('org-create').click();
    await page.getByTestId('org-form-name').fill('星河猎头');
    await page.getByTestId('org-form-kind').click();
    await page.locator('.ant-select-item-option').filter({ hasText: '猎头公司' }).click();
    await page.getByTestId('org-form-admin-email').fill('boss@xinghe.demo');
    await page.getByTestId('org-form-admin-name').fill('星河老板');
    await page.getByTestId('org-form-admin-password').fill('xinghe-password');
    await page.getByTestId('org-form-admin-confirm').fill('xinghe-password');
    await page.getByRole('dialog').getByRole('button', { name: /创\s*建/ }).click();
    await page.getByTestId('orgs-table').getByText('星河猎头').click();
    await page.waitForURL(/\/orgs\/[0-9a-f-]{36}$/);
    await page.getByTestId('users-table').getByText('boss@xinghe.demo').waitFor();
    expect(await page.getByTestId('users-table').textContent()).toContain('猎头公司管理员');
  }, TEST_TIMEOUT);

  it('everyone sees the latest signed checkpoint and their org’s recent events', async () => {
    const page = await newPage();
    // Sign-ins are security events, which an org's admins read (a consultant reads only its own work).
    await loginAndSettle(page, 'admin@talentbridge.demo');
    await page.getByTestId('nav-audit').click();
    // The test server runs no worker: until a checkpoint is signed, the page says so instead of waiting.
    await page.getByTestId('audit-checkpoint').getByText('尚未签发检查点').waitFor();
    await publishCheckpoint(server.deps.db, server.deps.signingKey, server.deps.wallClock.now());
    await page.getByRole('button', { name: '刷新' }).click();
    await page.getByTestId('audit-root-hash').waitFor();
    expect(await page.getByTestId('audit-root-hash').textContent()).toMatch(/^[0-9a-f]{64}$/);
    expect(await page.getByTestId('audit-tree-size').textContent()).toMatch(/\d+ 条事件/);
    // The admin's own sign-in is a security event of their org.
    await page.getByTestId('audit-events').getByText('登录').first().waitFor();
  }, TEST_TIMEOUT);

  it('an admin hands a member a one-time reset link; the member sets a new password with it, then changes it and sees their devices', async () => {
    const page = await newPage();
    await loginAndSettle(page, 'admin@bluepeak.demo');
    await page.getByTestId('nav-users').click();
    await page.getByTestId('user-reset-hr@bluepeak.demo').click();
    await page.getByTestId('user-reset-confirm').filter({ visible: true }).click();
    const link = (await page.getByTestId('user-reset-link').textContent())!.trim();
    expect(link).toMatch(/\/reset-password#[\w-]{40,}$/);
    await page.getByTestId('user-reset-done').click();

    const member = await newPage();
    await member.goto(link);
    await member.getByTestId('reset-password').fill('password1234');
    await member.getByTestId('reset-confirm').fill('password1234');
    await member.getByTestId('reset-submit').click();
    await member.getByText('密码太容易被猜到').waitFor();
    await member.getByTestId('reset-password').fill('silver-otter-lantern-36');
    await member.getByTestId('reset-confirm').fill('silver-otter-lantern-36');
    await member.getByTestId('reset-submit').click();
    await member.getByTestId('reset-to-login').click();
    await login(member, 'hr@bluepeak.demo', 'silver-otter-lantern-36');
    await member.getByTestId('nav-home').waitFor();

    await member.getByTestId('nav-account').click();
    await member.getByTestId('account-sessions').getByText('当前设备').waitFor();
    await member.getByTestId('password-current').fill('silver-otter-lantern-36');
    await member.getByTestId('password-new').fill('copper-finch-meadow-72');
    await member.getByTestId('password-confirm').fill('copper-finch-meadow-72');
    await member.getByTestId('password-submit').click();
    await member.getByText('密码已修改').waitFor();
  }, TEST_TIMEOUT);

  it('runs under a strict CSP: the page is served with it, and the pages and the API docs load without a violation', async () => {
    const page = await newPage();
    const index = await page.goto(`${server.url}/login`);
    expect(index?.headers()['content-security-policy']).toContain("script-src 'self'");
    expect(index?.headers()['x-frame-options']).toBe('DENY');
    await loginAndSettle(page, 'ops@tenure.demo');
    for (const nav of ['orgs', 'users', 'time', 'audit', 'account'] as const) {
      await page.getByTestId(`nav-${nav}`).click();
      await page.waitForLoadState('networkidle');
    }
    // A script the page would inject inline is refused: the policy really is enforced.
    const blocked = await page.evaluate(() => {
      const s = document.createElement('script');
      s.textContent = 'window.__inlineRan = true';
      document.body.appendChild(s);
      return (window as unknown as { __inlineRan?: boolean }).__inlineRan === true;
    });
    expect(blocked).toBe(false);
    await expect.poll(() => cspViolations.some((v) => /inline/i.test(v))).toBe(true);
    cspViolations.length = 0;
    await page.goto(`${server.url}/api/docs`);
    await page.locator('.swagger-ui .info').waitFor();
  }, TEST_TIMEOUT);

  it('logs out, and the session is gone after a reload', async () => {
    const page = await newPage();
    await loginAndSettle(page, 'c1@talentbridge.demo');
    await page.getByTestId('logout').click();
    await page.waitForURL(/\/login$/);
    await page.getByTestId('login-title').waitFor();
    await page.reload();
    await page.getByTestId('login-title').waitFor();
    const me = await page.evaluate(async () => (await fetch('/api/v1/auth/me')).status);
    expect(me).toBe(401);
    await page.goto(`${server.url}/users`);
    await page.waitForURL(/\/login\?next=%2Fusers/);
  }, TEST_TIMEOUT);
});
