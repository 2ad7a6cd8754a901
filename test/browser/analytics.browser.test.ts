import { readFile } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeBrowser, openBrowserSuite, type BrowserSuite } from '../support/browser.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

const TEST_TIMEOUT = 120_000;
const SHOTS = process.env.TENURE_SCREENSHOTS;

/** An agency's analytics page in real Chromium: the retention chart draws, and a table downloads as a real Excel file. */
describeBrowser('analytics page (Chromium)', () => {
  let server: TestServer;
  let browser: BrowserSuite;

  beforeAll(async () => {
    server = await startTestServer({ demoMarketplace: true, web: true });
    browser = await openBrowserSuite(server.url);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('shows TalentBridge its retention curve and claims, and exports the claims table as an xlsx with the expected header', async () => {
    const page = await browser.signedIn('admin@talentbridge.demo');
    await page.getByTestId('nav-analytics').click();
    await page.waitForURL(/\/analytics$/);
    const kpis = page.getByTestId('analytics-kpis');
    await kpis.waitFor();
    // The figures on the page are the API's for the same user.
    const res = await page.request.get(`${server.url}/api/v1/orgs/${server.ids.orgs.talentbridge}/analytics`);
    const report = (await res.json()) as { survival: { overall: { n: number } }; claims: { byReason: { reason: string }[] } };
    expect(report.survival.overall.n).toBeGreaterThan(0);
    expect(await kpis.textContent()).toContain(String(report.survival.overall.n));
    await page.getByTestId('analytics-survival-chart').locator('canvas').first().waitFor();
    await page.getByTestId('analytics-claims-chart').locator('canvas').first().waitFor();
    expect(await page.getByTestId('analytics-claims').locator('tbody tr').count()).toBe(report.claims.byReason.length);
    expect(await page.getByTestId('analytics-claims').textContent()).toContain('主动离职');
    // Break the curve down by consultant: one row per consultant who delivered.
    await page.getByTestId('analytics-dimension').getByText('按顾问').click();
    await expect.poll(() => page.getByTestId('analytics-survival').textContent()).toContain('周杰');
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/analytics-zh.png`, fullPage: true });

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-claims-xlsx').click()]);
    expect(download.suggestedFilename()).toMatch(/^analytics-claims-\d{4}-\d{2}-\d{2}\.xlsx$/);
    const bytes = await readFile((await download.path()));
    expect(bytes.subarray(0, 2).toString('latin1')).toBe('PK');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
    const sheet = wb.worksheets[0]!;
    expect((sheet.getRow(1).values as unknown[]).slice(1, 3)).toEqual(['原因', '合计']);
    expect(sheet.rowCount).toBe(1 + report.claims.byReason.length);
    expect(sheet.getRow(2).getCell(1).value).toBe(report.claims.byReason[0]!.reason);
  }, TEST_TIMEOUT);

  it('shows ops the whole platform and lets them pick one org', async () => {
    const page = await browser.signedIn('ops@tenure.demo');
    await page.goto(`${server.url}/analytics`);
    await page.getByTestId('analytics-kpis').waitFor();
    await page.getByTestId('analytics-survival-chart').locator('canvas').first().waitFor();
    await page.getByTestId('analytics-org').click();
    await page.getByTitle('蓝峰制造 Bluepeak Manufacturing').click();
    await expect.poll(() => page.getByTestId('analytics-refunds').locator('tbody tr').count()).toBe(1);
  }, TEST_TIMEOUT);
});
