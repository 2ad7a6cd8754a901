import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeBrowser, openBrowserSuite, type BrowserSuite } from '../support/browser.ts';
import { hireThroughApi } from '../support/placement-fixture.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

const TEST_TIMEOUT = 120_000;

/** Salary benchmarks and background checks in real Chromium: the import's error report, the table and chart, and the placement's sections. */
describeBrowser('salary benchmarks and background checks (Chromium)', () => {
  let server: TestServer;
  let browser: BrowserSuite;
  let dir: string;

  beforeAll(async () => {
    server = await startTestServer({ seedDemo: true, web: true, config: { backgroundChecks: { url: undefined, secret: undefined, demoDelayMs: 50 } } });
    browser = await openBrowserSuite(server.url);
    dir = mkdtempSync(join(tmpdir(), 'tenure-benchmarks-'));
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('ops import a file: a bad one is refused with every problem by line and column, a good one fills the table and the chart', async () => {
    const page = await browser.signedIn('ops@tenure.demo');
    await page.getByTestId('nav-benchmarks').click();
    await page.waitForURL(/\/benchmarks$/);
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, 'city,function,level,currency,p25,p50,p75,p90\n上海,software_engineering,senior,CNY,300000,400000,500000,650000\n上海,backend,senior,CNY,1,2,3,4\n北京,sales,mid,CNY,5,4,3,2\n');
    await page.locator('input[type=file]').setInputFiles(bad);
    await page.getByTestId('benchmark-import-refused').waitFor();
    const errors = page.getByTestId('benchmark-errors');
    expect(await errors.locator('tbody tr').count()).toBe(4);
    expect(await errors.locator('tbody tr').first().textContent()).toContain('function');
    expect(await page.getByTestId('benchmark-table').textContent()).not.toContain('650,000');

    const good = join(dir, 'good.csv');
    writeFileSync(good, 'city,function,level,currency,p25,p50,p75,p90\n上海,software_engineering,senior,CNY,300000,400000,500000,650000\n');
    await page.locator('input[type=file]').setInputFiles(good);
    await page.getByTestId('benchmark-import-done').waitFor();
    await page.getByTestId('benchmark-chart').locator('canvas').first().waitFor();
    expect(await page.getByTestId('benchmark-table').textContent()).toContain('软件研发');
  }, TEST_TIMEOUT);

  it('the poster sees the offer against the market and the background-check section on the placement', async () => {
    const p = await hireThroughApi(server, { poster: 'admin@huaxin.demo', consultant: 'c1@talentbridge.demo', annualSalary: '472000.00' });
    const page = await browser.signedIn('admin@huaxin.demo');
    await page.goto(`${server.url}/placements/${p.placementId}`);
    const position = page.getByTestId('placement-benchmark').getByTestId('benchmark-position');
    await position.waitFor();
    expect(await position.textContent()).toContain('第 68 百分位');
    await page.getByTestId('background-checks').waitFor();
    expect(await page.getByTestId('background-checks').textContent()).toContain('尚未发起背景调查');
    // The Standard plan's terms offer no re-verification: no button to order one.
    expect(await page.getByTestId('order-check').count()).toBe(0);
  }, TEST_TIMEOUT);

  it('the order form asks for the market position once typing pauses, not on every keystroke', async () => {
    const page = await browser.signedIn('admin@huaxin.demo');
    const asked: string[] = [];
    page.on('request', (r) => {
      if (r.url().includes('/api/v1/benchmarks/position')) asked.push(r.url());
    });
    await page.getByTestId('nav-orders').click();
    await page.getByTestId('order-create').click();
    await page.getByTestId('order-form').waitFor();
    const input = (testId: string) => page.locator(`input[data-testid="${testId}"], [data-testid="${testId}"] input`).first();
    await input('order-city').fill('上海');
    const choose = async (testId: string, text: string) => {
      await page.getByTestId(testId).click();
      await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option', { hasText: text }).first().click();
    };
    await choose('order-function', '软件研发');
    await choose('order-level', '高级');
    await input('order-salary-min').pressSequentially('350000', { delay: 30 });
    await input('order-salary-max').pressSequentially('450000', { delay: 30 });
    await expect.poll(() => asked.some((u) => u.includes('salary=450000')), { timeout: 10_000 }).toBe(true);
    await page.getByTestId('order-benchmark').waitFor();
    // About one pair of questions (the range's two ends) for the settled fields; asking on every keystroke would be six pairs.
    expect(asked.length, asked.join(' ')).toBeLessThanOrEqual(4);
  }, TEST_TIMEOUT);
});
