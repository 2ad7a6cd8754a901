import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeBrowser, openBrowserSuite, type BrowserSuite } from '../support/browser.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

const TEST_TIMEOUT = 90_000;
/** Set TENURE_SCREENSHOTS=/some/dir to keep screenshots of the plan pages. */
const SHOTS = process.env.TENURE_SCREENSHOTS;

/** The plan pages as an employer, a consultant and platform ops would use them, in real Chromium. */
describeBrowser('plan pages (Chromium)', () => {
  let server: TestServer;
  let browser: BrowserSuite;

  beforeAll(async () => {
    server = await startTestServer({ seedDemo: true, clock: 'manual', web: true });
    browser = await openBrowserSuite(server.url);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const signedIn = (email: string): Promise<Page> => browser.signedIn(email);

  const shot = async (page: Page, name: string) => {
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
  };

  it('shows an employer the tier comparison and a plan with its scope beside the rules in plain words', async () => {
    const page = await signedIn('hr@huaxin.demo');
    await page.getByTestId('nav-plans').click();
    await page.waitForURL(/\/plans$/);
    const comparison = page.getByTestId('plans-comparison');
    await comparison.getByText('180天', { exact: true }).waitFor();
    expect(await comparison.locator('[data-row="guarantee_days"]').textContent()).toContain('不设保证期');
    expect(await comparison.locator('[data-row="check_in_days"]').textContent()).toContain('第7、30、60、90天');
    await shot(page, 'plans-list-employer');

    await page.getByTestId('plan-link-standard').click();
    await page.getByTestId('plan-wording').waitFor();
    expect(await page.getByTestId('plan-wording').textContent()).toContain('保证期90天');
    expect(await page.getByTestId('plan-scope-included').textContent()).toContain('90天保证期');
    expect(await page.getByTestId('plan-terms-hash').textContent()).toMatch(/^[0-9a-f]{64}$/);
    // Scope and plain words sit side by side on a wide screen.
    const [scope, words] = await Promise.all([page.getByTestId('plan-scope-included').boundingBox(), page.getByTestId('plan-wording').boundingBox()]);
    expect(words!.x).toBeGreaterThan(scope!.x + scope!.width);
    expect(await page.getByTestId('plan-publish-open').count()).toBe(0);
    await shot(page, 'plan-detail-employer');
  }, TEST_TIMEOUT);

  it('lets an employer request a custom plan, and ops publish it after fixing the terms the API refused', async () => {
    const hr = await signedIn('hr@huaxin.demo');
    await hr.goto(`${server.url}/plans?tab=requests`);
    await hr.getByTestId('custom-request-open').click();
    await hr.getByTestId('custom-request-description').fill('研发岗位：保证期150天，两次补推。');
    await hr.getByTestId('custom-request-submit').click();
    await hr.getByTestId('my-requests-table').getByText('研发岗位：保证期150天，两次补推。').first().waitFor(); // ellipsis measuring may add hidden copies
    await shot(hr, 'plans-my-requests');

    const ops = await signedIn('ops@tenure.demo');
    await ops.goto(`${server.url}/plans?tab=requests`);
    const row = ops.getByTestId('queue-table').locator('tr', { hasText: '研发岗位' });
    await row.getByRole('button', { name: /发布方案/ }).click();
    const editor = ops.getByTestId('custom-publish-terms');
    await expect.poll(async () => (await editor.inputValue()).includes('"guarantee"')).toBe(true);
    const terms = JSON.parse(await editor.inputValue()) as { guarantee: { days: number } };
    terms.guarantee.days = -5;
    await editor.fill(JSON.stringify(terms, null, 2));
    // A click on an Ant Design modal's button while it still zooms in can be lost on a loaded machine.
    const modal = ops.locator('.ant-modal').filter({ has: editor });
    await expect.poll(async () => (await modal.getAttribute('class')) ?? '', { timeout: 15_000 }).not.toMatch(/-(appear|enter)\b/);
    await ops.getByTestId('custom-publish-submit').click();
    const error = ops.getByTestId('custom-publish-terms-error');
    await error.waitFor({ timeout: 30_000 });
    expect(await error.textContent()).toContain('terms.guarantee.days');
    await shot(ops, 'plans-publish-custom-error');
    terms.guarantee.days = 150;
    await editor.fill(JSON.stringify(terms, null, 2));
    await ops.getByTestId('custom-publish-submit').click();
    await ops.getByText(/已为 .* 发布定制方案 custom-[0-9a-f]{8}/).waitFor();

    await hr.reload();
    const link = hr.locator('[data-testid^="request-plan-"]');
    await link.waitFor();
    await link.click();
    await hr.getByTestId('plan-wording').waitFor();
    expect(await hr.getByTestId('plan-wording').textContent()).toContain('保证期150天');
  }, TEST_TIMEOUT);

  it('lets ops publish a new version from the JSON editor, showing the refused place next to it', async () => {
    const ops = await signedIn('ops@tenure.demo');
    await ops.goto(`${server.url}/plans`);
    await ops.getByTestId('plan-link-manufacturing_skill').click();
    await ops.getByTestId('plan-publish-open').click();
    const editor = ops.getByTestId('plan-terms-editor');
    const terms = JSON.parse(await editor.inputValue()) as { installments: { percent: number }[] };
    terms.installments[0]!.percent = 40;
    await editor.fill(JSON.stringify(terms, null, 2));
    await ops.getByTestId('plan-publish-note').fill('First installment 40%');
    await ops.getByTestId('plan-publish-submit').click();
    const error = ops.getByTestId('plan-terms-editor-error');
    await error.waitFor();
    expect(await error.textContent()).toContain('terms.installments');
    expect(await error.textContent()).toContain('must add up to exactly 100');
    await shot(ops, 'plan-publish-error');

    terms.installments[1]!.percent = 60;
    await editor.fill(JSON.stringify(terms, null, 2));
    await ops.getByTestId('plan-publish-submit').click();
    await ops.getByText('已发布第 2 版').waitFor();
    await ops.getByTestId('plan-version-view-1').waitFor();
    expect(await ops.getByTestId('plan-wording').textContent()).toContain('入职当天支付40%');
    await ops.getByTestId('plan-version-view-1').click();
    await ops.getByTestId('plan-old-version').waitFor();
    expect(await ops.getByTestId('plan-wording').textContent()).toContain('入职当天支付50%');
    await shot(ops, 'plan-detail-ops-history');
  }, TEST_TIMEOUT);

  it('gives consultants the plans to read, and keeps the menu item from assessors', async () => {
    const consultant = await signedIn('c1@talentbridge.demo');
    await consultant.getByTestId('nav-plans').click();
    await consultant.getByTestId('plans-comparison').waitFor();
    expect(await consultant.getByTestId('plans-tabs').count()).toBe(0);
    expect(await consultant.locator('[data-testid^="plan-link-custom-"]').count()).toBe(0);

    const assessor = await signedIn('assessor@skillcheck.demo');
    expect(await assessor.getByTestId('nav-plans').count()).toBe(0);
  }, TEST_TIMEOUT);
});
