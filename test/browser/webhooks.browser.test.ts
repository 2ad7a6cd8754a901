import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { deliverOutbox } from '../../src/platform/outbox/deliver-outbox.ts';
import { ApiUser } from '../support/api-client.ts';
import { describeBrowser, openBrowserSuite, type BrowserSuite } from '../support/browser.ts';
import { json, startReceiver } from '../support/http-receiver.ts';
import { hireThroughApi } from '../support/placement-fixture.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

const TEST_TIMEOUT = 120_000;

/** The signature as docs/notifications.md defines it: hex HMAC-SHA256 of "t.body", keyed with the secret's bytes. */
const signatureOk = (header: string, secret: string, body: string): boolean => {
  const parts = header.split(',');
  const t = parts.find((p) => p.startsWith('t='))?.slice(2) ?? '';
  const expected = createHmac('sha256', secret).update(`${t}.${body}`).digest('hex');
  return parts.some((p) => p === `v1=${expected}`);
};

/**
 * Notification channels in real Chromium: an org admin adds a webhook endpoint (an address on this machine is
 * refused under the URL field while ops do not allow private targets), sees its secret once, an event is delivered
 * to a local receiver and shows in the endpoint's log, a replay shows a second try; a group robot's test button
 * shows what the robot answered.
 */
describeBrowser('webhook endpoints and group robots (Chromium)', () => {
  let server: TestServer;
  let browser: BrowserSuite;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;

  beforeAll(async () => {
    receiver = await startReceiver();
    // The receiver listens on loopback: this server allows private targets (one step turns it off again).
    server = await startTestServer({ seedDemo: true, web: true, config: { allowPrivateWebhooks: true } });
    browser = await openBrowserSuite(server.url);
    // What the demo seeding queued is not this test's business.
    await deliverOutbox(server.deps);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await receiver?.close();
  });

  it('an org admin adds an endpoint, keeps its secret, sees a delivery in its log and replays it', async () => {
    const page = await browser.signedIn('admin@huaxin.demo');
    await page.getByTestId('nav-notifications').click();
    await page.waitForURL(/\/notifications$/);
    await page.getByTestId('my-notification-settings').waitFor();
    await page.getByTestId('channels-tab-webhooks').click();
    await page.getByTestId('webhook-endpoints').waitFor();

    // An address on this machine is refused when ops do not allow private targets: said under the URL field.
    server.deps.config.allowPrivateWebhooks = false;
    try {
      await page.getByTestId('endpoint-add').click();
      await page.getByTestId('endpoint-url').fill('http://127.0.0.1:9/hook');
      await page.getByTestId('endpoint-create-submit').click();
      await page.getByText('出于安全考虑，不能向本机或内网地址发送').waitFor();
      expect(await page.locator('.ant-form-item-explain-error').first().textContent()).toContain('loopback');
    } finally {
      server.deps.config.allowPrivateWebhooks = true;
    }

    const url = `${receiver.url}/hooks/tenure`;
    await page.getByTestId('endpoint-url').fill(url);
    await page.getByTestId('endpoint-create-submit').click();
    const secretBox = page.getByTestId('endpoint-secret');
    await secretBox.waitFor();
    const secret = (await secretBox.textContent())?.trim() ?? '';
    expect(secret).toMatch(/^whsec_[A-Za-z0-9_-]{40,}$/);
    expect(await page.locator('.ant-modal').filter({ has: secretBox }).textContent()).toContain('关闭此窗口后无法再次查看');
    await page.getByTestId('secret-done').click();
    await secretBox.waitFor({ state: 'detached' });
    // Shown once: the list never holds it.
    const table = page.getByTestId('endpoint-table');
    await table.getByText(url).waitFor();
    expect(await page.locator('body').textContent()).not.toContain(secret);

    // A consultant submits a candidate to the org's order and it is hired: the org's events go to the endpoint.
    await hireThroughApi(server, { poster: 'admin@huaxin.demo', consultant: 'c1@talentbridge.demo' });
    const result = await deliverOutbox(server.deps);
    expect(result.delivered).toBeGreaterThan(0);
    const received = receiver.requests.filter((r) => r.path === '/hooks/tenure');
    const submitted = received.find((r) => (JSON.parse(r.body) as { type: string }).type === 'submission.created');
    expect(submitted).toBeDefined();
    expect(signatureOk(String(submitted!.headers['tenure-signature']), secret, submitted!.body)).toBe(true);
    const deliveryId = (JSON.parse(submitted!.body) as { id: string }).id;

    // The endpoint's log shows it delivered, with the receiver's 200.
    await table.locator('[data-testid^="endpoint-deliveries-"]').first().click();
    await page.waitForURL(/\/notifications\/webhooks\/[^/]+$/);
    expect(await page.getByTestId('deliveries-endpoint-url').textContent()).toContain(url);
    const row = page.getByTestId('delivery-table').locator(`tr[data-row-key="${deliveryId}"]`);
    await row.waitFor();
    expect(await row.getByTestId('delivery-status').getAttribute('data-status')).toBe('delivered');
    expect(await row.getByTestId('delivery-code').textContent()).toBe('200');
    expect(await row.getByTestId('delivery-attempts').textContent()).toBe('1');
    expect(await row.getByTestId('delivery-event').textContent()).toBe('submission.created');
    expect(await row.textContent()).toContain('收到新推荐');

    // Replay: queued again with the same id, sent by the worker, and the log shows the second try.
    await row.getByTestId(`delivery-replay-${deliveryId}`).click();
    await page.getByTestId('delivery-replay-confirm').click();
    await page.getByText('已重新排队投递').waitFor();
    await expect.poll(async () => row.getByTestId('delivery-status').getAttribute('data-status'), { timeout: 10_000 }).toBe('pending');
    await deliverOutbox(server.deps);
    await page.getByTestId('deliveries-refresh').click();
    await expect.poll(async () => row.getByTestId('delivery-attempts').textContent(), { timeout: 10_000 }).toBe('2');
    expect(await row.getByTestId('delivery-status').getAttribute('data-status')).toBe('delivered');
    const again = receiver.requests.filter((r) => r.path === '/hooks/tenure' && (JSON.parse(r.body) as { id: string }).id === deliveryId);
    expect(again).toHaveLength(2);
    expect(again[1]!.body).toBe(again[0]!.body);
    // The tries, each with its outcome and answer code.
    await row.locator('.ant-table-row-expand-icon').click();
    const log = page.getByTestId('delivery-log');
    await log.waitFor();
    expect(await log.locator('tbody tr').count()).toBe(2);

    // Rotating the secret shows the new one once and says until when the old one still signs.
    await page.getByText('返回 Webhook 端点').click();
    await page.getByTestId('endpoint-table').locator('[data-testid^="endpoint-rotate-"]').first().click();
    await page.getByTestId('endpoint-rotate-submit').click();
    await page.getByTestId('endpoint-secret').waitFor();
    const rotated = (await page.getByTestId('endpoint-secret').textContent())?.trim() ?? '';
    expect(rotated).toMatch(/^whsec_/);
    expect(rotated).not.toBe(secret);
    expect(await page.getByTestId('rotation-overlap').textContent()).toContain('旧密钥在过渡期内继续有效');
    await page.getByTestId('secret-done').click();
    await page.getByTestId('endpoint-table').getByText('轮换过渡中').waitFor();
  }, TEST_TIMEOUT);

  it("a group robot's test button shows the robot's answer: delivered, or its refusal", async () => {
    receiver.on('/robot/wecom', (_req, res) => json(res, 200, { errcode: 0, errmsg: 'ok' }));
    receiver.on('/robot/dingtalk', (_req, res) => json(res, 200, { errcode: 310000, errmsg: 'sign not match' }));
    const page = await browser.signedIn('admin@huaxin.demo', { locale: 'en' });
    await page.goto(`${server.url}/notifications?tab=robots`);
    await page.getByTestId('robots').waitFor();

    const add = async (provider: 'wecom' | 'dingtalk', name: string, url: string) => {
      await page.getByTestId('robot-add').click();
      await page.getByTestId('robot-provider').getByText(provider === 'wecom' ? 'WeCom' : 'DingTalk').click();
      await page.getByTestId('robot-name').fill(name);
      await page.getByTestId('robot-url').fill(url);
      if (provider === 'dingtalk') await page.getByTestId('robot-secret').fill('SEC0123456789abcdef');
      await page.getByTestId('robot-create-submit').click();
      await page.getByTestId('robot-table').getByText(name).waitFor();
    };
    await add('wecom', 'Hiring group', `${receiver.url}/robot/wecom?key=abcdef123456`);
    await add('dingtalk', 'Delivery group', `${receiver.url}/robot/dingtalk?access_token=abcdef123456`);

    const rowOf = (name: string) => page.getByTestId('robot-table').locator('tr.ant-table-row').filter({ hasText: name });
    await rowOf('Hiring group').locator('[data-testid^="robot-test-"]').click();
    const ok = rowOf('Hiring group').getByTestId('robot-test-outcome');
    await ok.waitFor();
    expect(await ok.getAttribute('data-outcome')).toBe('delivered');
    // The token in the URL is shown masked.
    expect(await rowOf('Hiring group').textContent()).not.toContain('abcdef123456');

    await rowOf('Delivery group').locator('[data-testid^="robot-test-"]').click();
    const refused = rowOf('Delivery group').getByTestId('robot-test-outcome');
    await refused.waitFor();
    expect(await refused.getAttribute('data-outcome')).toBe('dead');
    expect(await refused.textContent()).toContain('310000 sign not match');
    expect(receiver.requests.filter((r) => r.path.startsWith('/robot/'))).toHaveLength(2);
  }, TEST_TIMEOUT);

  it('ops see the outbox by status and channel, a dead letter with its last error, and resend it', async () => {
    // The DingTalk robot above refuses every message (a signature refusal: dead at once).
    await hireThroughApi(server, { poster: 'admin@huaxin.demo', consultant: 'c1@talentbridge.demo' });
    await deliverOutbox(server.deps);
    const page = await browser.signedIn('ops@tenure.demo');
    await page.getByTestId('nav-outbox').click();
    await page.waitForURL(/\/outbox$/);
    await page.getByTestId('outbox-chart').locator('canvas').first().waitFor();
    const dead = Number((await page.getByTestId('outbox-count-dead').locator('.ant-statistic-content-value').textContent())?.replace(/\D/g, ''));
    expect(dead).toBeGreaterThan(0);

    await page.getByTestId('outbox-status').getByText('已放弃').click();
    const table = page.getByTestId('outbox-table');
    const first = table.locator('tr.ant-table-row').first();
    await first.getByTestId('outbox-error').waitFor();
    expect(await first.textContent()).toContain('钉钉');
    expect(await first.getByTestId('outbox-error').textContent()).toContain('310000');
    await first.locator('[data-testid^="outbox-resend-"]').click();
    await page.getByTestId('outbox-resend-confirm').click();
    await page.getByText('已重新排队').waitFor();
    await expect.poll(async () => Number((await page.getByTestId('outbox-count-dead').locator('.ant-statistic-content-value').textContent())?.replace(/\D/g, '')), { timeout: 10_000 }).toBe(dead - 1);
  }, TEST_TIMEOUT);

  it('everyone sets their own e-mail and language; only admins see the org tabs, and set which kinds go by e-mail', async () => {
    const hr = await browser.signedIn('hr@huaxin.demo');
    await hr.getByTestId('nav-notifications').click();
    await hr.getByTestId('my-notification-settings').waitFor();
    expect(await hr.getByTestId('channels-tab-webhooks').count()).toBe(0);
    await hr.getByTestId('my-email-enabled').click();
    await hr.getByTestId('my-email-language').getByText('English').click();
    await hr.getByTestId('my-settings-save').click();
    await hr.getByText('通知设置已保存').waitFor();
    await hr.reload();
    await hr.getByTestId('my-email-enabled').waitFor();
    expect(await hr.getByTestId('my-email-enabled').getAttribute('aria-checked')).toBe('false');
    const saved = await (await ApiUser.signIn(server.url, 'hr@huaxin.demo')).get<{ emailEnabled: boolean; language: string }>('/api/v1/me/notification-settings');
    expect(saved.body).toEqual({ emailEnabled: false, language: 'en' });

    const admin = await browser.signedIn('admin@huaxin.demo');
    await admin.goto(`${server.url}/notifications?tab=org`);
    await admin.getByTestId('org-notification-settings').waitFor();
    await admin.getByTestId('org-email-mode').getByText('不发送邮件').click();
    await admin.getByTestId('org-settings-save').click();
    await admin.getByText('机构邮件设置已保存').waitFor();
    const org = await (await ApiUser.signIn(server.url, 'admin@huaxin.demo')).get<{ emailEvents: string[] }>(`/api/v1/orgs/${server.ids.orgs.huaxin}/notification-settings`);
    expect(org.body.emailEvents).toEqual([]);
  }, TEST_TIMEOUT);
});
