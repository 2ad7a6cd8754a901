import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeBrowser, openBrowserSuite, type BrowserSuite } from '../support/browser.ts';
import { placementWithOpenForms } from '../support/lifecycle-fixture.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

const TEST_TIMEOUT = 90_000;
/** Set TENURE_SCREENSHOTS=/some/dir to keep screenshots of the pages. */
const SHOTS = process.env.TENURE_SCREENSHOTS;
const WORST = { overallSatisfaction: 1, jobSatisfaction: 1, environmentSatisfaction: 1, relationshipSatisfaction: 1, workLifeBalance: 1, jobInvolvement: 1, overTime: true, intentToStay: 1 };

/** The risk history chart on a placement and the ratings pages, in real Chromium. */
describeBrowser('risk on the placement page and ratings (Chromium)', () => {
  let server: TestServer;
  let browser: BrowserSuite;
  let placementId: string;

  beforeAll(async () => {
    server = await startTestServer({ web: true });
    const p = await placementWithOpenForms(server, 'admin@huaxin.demo', 'c1@talentbridge.demo');
    placementId = p.placementId;
    const res = await fetch(`${server.url}/api/v1/public/checkins/${p.token}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(WORST) });
    if (res.status >= 300) throw new Error(`answering the check-in: ${res.status}`);
    browser = await openBrowserSuite(server.url);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it("shows both sides the placement's risk: band, factors in words and the history chart", async () => {
    for (const email of ['hr@huaxin.demo', 'c1@talentbridge.demo']) {
      const page = await browser.signedIn(email);
      await page.goto(`${server.url}/placements/${placementId}`);
      const card = page.getByTestId('risk-card');
      await card.waitFor();
      expect(await page.getByTestId('risk-band').textContent()).toBe('高风险');
      expect(await page.getByTestId('risk-factors').textContent()).toContain('第7天留任意愿低');
      await page.getByTestId('risk-chart').locator('canvas').first().waitFor();
      if (SHOTS) await card.screenshot({ path: `${SHOTS}/risk-card-${email.split('@')[0]}.png` });
    }
  }, TEST_TIMEOUT);

  it("shows a consultant its own rating with its components, and an agency admin its consultants'", async () => {
    const consultant = await browser.signedIn('c1@talentbridge.demo');
    await consultant.getByTestId('nav-ratings').click();
    await consultant.waitForURL(/\/ratings$/);
    await consultant.getByTestId('rating-summary').waitFor();
    expect(await consultant.getByTestId('rating-tier').first().textContent()).toMatch(/^[SABC] 级$/);
    expect(await consultant.getByTestId('rating-metrics').locator('tbody tr').count()).toBe(6);
    if (SHOTS) await consultant.screenshot({ path: `${SHOTS}/ratings-consultant.png`, fullPage: true });

    const admin = await browser.signedIn('admin@talentbridge.demo');
    await admin.getByTestId('nav-ratings').click();
    await admin.getByTestId('consultant-ratings').waitFor();
    expect(await admin.getByTestId('consultant-ratings').textContent()).toContain('周杰');
    if (SHOTS) await admin.screenshot({ path: `${SHOTS}/ratings-agency.png`, fullPage: true });
  }, TEST_TIMEOUT);
});
