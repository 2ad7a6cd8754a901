import { afterAll, beforeAll, expect, it } from 'vitest';
import { runDueObligations } from '../../src/platform/scheduler/scheduler.ts';
import { ApiUser } from '../support/api-client.ts';
import { describeBrowser, openBrowserSuite, type BrowserSuite } from '../support/browser.ts';
import { activePlacement } from '../support/lifecycle-fixture.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

const TEST_TIMEOUT = 120_000;
/** Set TENURE_SCREENSHOTS=/some/dir to keep screenshots of the pages. */
const SHOTS = process.env.TENURE_SCREENSHOTS;

/**
 * The skill plan in real Chromium: the poster assigns the assessor org on the placement page; the assessor scores
 * the open day-60 milestone on the workbench (day 30 scored through the API before); the growth curve is drawn on
 * the placement page with its warning.
 */
describeBrowser('the assessor workbench and the growth curve (Chromium)', () => {
  let server: TestServer;
  let browser: BrowserSuite;
  let placementId: string;

  beforeAll(async () => {
    server = await startTestServer({ web: true });
    // A skill-plan placement on its day 60: the day-30 and day-60 assessments are open.
    const p = await activePlacement(server, { poster: 'hr@huaxin.demo', consultant: 'c1@talentbridge.demo', plan: 'manufacturing_skill', daysAhead: -59, candidateName: '陈师傅' });
    placementId = p.placementId;
    await runDueObligations({ db: server.deps.db, dialect: server.deps.dialect, now: () => server.deps.clock.now(), handlers: server.deps.obligationHandlers });
    browser = await openBrowserSuite(server.url);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('the poster assigns SkillCheck on the placement page', async () => {
    const page = await browser.signedIn('hr@huaxin.demo');
    await page.goto(`${server.url}/placements/${placementId}`);
    const card = page.getByTestId('skill-assessments');
    await card.waitFor();
    expect(await page.getByTestId('assessor-name').textContent()).toBe('尚未指定');
    await page.getByTestId('assessor-select').click();
    await page.getByTitle('技评认证 SkillCheck Assessors').click();
    await page.getByTestId('assessor-assign').click();
    await page.getByText('技评认证 SkillCheck Assessors', { exact: true }).first().waitFor();
    await expect.poll(() => page.getByTestId('assessor-name').textContent()).toBe('技评认证 SkillCheck Assessors');
  }, TEST_TIMEOUT);

  it('the assessor scores day 60 on the workbench; the placement page draws the curve and warns', async () => {
    // Day 30 through the API: 70 (pass 60).
    const qaApi = await ApiUser.signIn(server.url, 'qa@skillcheck.demo');
    const before = await qaApi.get<{ milestones: { id: string; day: number }[] }>(`/api/v1/placements/${placementId}/assessments`);
    const day30 = before.body.milestones.find((m) => m.day === 30)!;
    expect((await qaApi.post(`/api/v1/assessment-tasks/${day30.id}/score`, { score: 70, notes: '操作规范' })).status).toBe(200);

    const qa = await browser.signedIn('qa@skillcheck.demo');
    await qa.getByTestId('nav-assessments').click();
    await qa.waitForURL(/\/assessments$/);
    const tasks = qa.getByTestId('workbench-tasks');
    await tasks.getByText('陈师傅').waitFor();
    await qa.getByTestId('workbench-score-60').click();
    // antd puts the test id on the input itself or on its wrapper, depending on the version.
    await qa.locator('input[data-testid="score-input"], [data-testid="score-input"] input').first().fill('71');
    await qa.getByTestId('score-notes').fill('工艺掌握进步缓慢');
    await qa.locator('#score-submit').click();
    await qa.getByText('已记录评分 71 分').waitFor();
    await expect.poll(() => tasks.getByText('陈师傅').count()).toBe(0);
    if (SHOTS) await qa.screenshot({ path: `${SHOTS}/assessor-workbench.png`, fullPage: true });

    // The assessor's own view of the placement, then the poster's: the chart, the scores and the warning.
    await qa.getByTestId('workbench-placements').getByText('陈师傅').click();
    await qa.getByTestId('growth-curve-chart').locator('canvas').first().waitFor();
    const poster = await browser.signedIn('hr@huaxin.demo');
    await poster.goto(`${server.url}/placements/${placementId}`);
    await poster.getByTestId('growth-curve-chart').locator('canvas').first().waitFor();
    expect(await poster.getByTestId('milestone-score-60').textContent()).toBe('71');
    const summary = await poster.getByTestId('curve-summary').textContent();
    expect(summary).toContain('预警');
    expect(summary).toContain('第 90 天预计 72.0 分');
    expect(summary).toContain('29%');
    expect(await poster.getByTestId('curve-prior-note').textContent()).toContain('±6');
    if (SHOTS) await poster.getByTestId('skill-assessments').screenshot({ path: `${SHOTS}/growth-curve.png` });
  }, TEST_TIMEOUT);
});
