import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeBrowser, openBrowserSuite, type BrowserSuite } from '../support/browser.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

const TEST_TIMEOUT = 90_000;
/** Set TENURE_SCREENSHOTS=/some/dir to keep screenshots of the page. */
const SHOTS = process.env.TENURE_SCREENSHOTS;
const REPORT = JSON.parse(readFileSync(new URL('../../src/risk/fairness-report.json', import.meta.url), 'utf8')) as {
  overall: { auc: number };
  groups: unknown[];
  proxies: unknown[];
};

/** Platform ops reading the risk model's fairness report in real Chromium; nobody else reaches it. */
describeBrowser('risk model fairness page (Chromium)', () => {
  let server: TestServer;
  let browser: BrowserSuite;

  beforeAll(async () => {
    server = await startTestServer({ seedDemo: true, web: true });
    browser = await openBrowserSuite(server.url);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const signedIn = (email: string): Promise<Page> => browser.signedIn(email);

  it('shows ops the AUC and flag rate per group as charts and tables, and the proxies, in zh-CN and English', async () => {
    const page = await signedIn('ops@tenure.demo');
    await page.getByTestId('nav-fairness').click();
    await page.waitForURL(/\/fairness$/);
    const summary = page.getByTestId('fairness-summary');
    await summary.waitFor();
    expect(await summary.textContent()).toContain(REPORT.overall.auc.toFixed(3));
    expect(await summary.textContent()).toContain('性别、年龄、婚姻状况均不作为输入');
    // Every chart drew on its canvas.
    for (const id of ['fairness-chart-auc', 'fairness-chart-flags', 'fairness-chart-proxies', 'fairness-chart-calibration']) {
      await page.getByTestId(id).locator('canvas').first().waitFor();
    }
    expect(await page.getByTestId('fairness-groups').locator('tbody tr').count()).toBe(REPORT.groups.length);
    expect(await page.getByTestId('fairness-groups').textContent()).toContain('婚姻状况 · 未婚');
    const proxies = page.getByTestId('fairness-proxies');
    expect(await proxies.locator('tbody tr').count()).toBe(REPORT.proxies.length);
    const stock = proxies.locator('tbody tr', { hasText: '股票期权等级' });
    expect(await stock.textContent()).toContain('未婚');
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/fairness-zh.png`, fullPage: true });

    await page.getByTestId('lang-switch').click();
    await expect.poll(() => page.getByTestId('nav-fairness').textContent(), { timeout: 10_000 }).toBe('Model fairness');
    expect(await proxies.locator('tbody tr', { hasText: 'Stock-option level' }).textContent()).toContain('Single');
    expect(await page.getByTestId('fairness-groups').textContent()).toContain('Marital status · Single');
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/fairness-en.png`, fullPage: true });
  }, TEST_TIMEOUT);

  it('is not in anyone else’s menu and is refused when typed in', async () => {
    const page = await signedIn('c1@talentbridge.demo');
    expect(await page.getByTestId('nav-fairness').count()).toBe(0);
    await page.goto(`${server.url}/fairness`);
    await page.getByText('无权访问').waitFor();
  }, TEST_TIMEOUT);
});
