import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeBrowser, openBrowserSuite, type BrowserSuite } from '../support/browser.ts';
import { businessToday, placementWithOpenForms, userOf } from '../support/lifecycle-fixture.ts';
import { startTestServer } from '../support/server.ts';

/** After-sales pages in real Chromium: the candidate's phone page, a claim decided in words, a task completed. */

const TEST_TIMEOUT = 120_000;

describeBrowser('after-sales pages (Chromium)', () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let browser: BrowserSuite;
  let service: Awaited<ReturnType<typeof placementWithOpenForms>>;

  beforeAll(async () => {
    server = await startTestServer({ seedDemo: true, clock: 'manual', web: true });
    browser = await openBrowserSuite(server.url);
    service = await placementWithOpenForms(server, 'admin@huaxin.demo', 'c1@talentbridge.demo');
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const newPage = (viewport: { width: number; height: number }): Promise<Page> => browser.newPage({ viewport, timeoutMs: 20_000 });
  const signedIn = (email: string): Promise<Page> => browser.signedIn(email, { viewport: { width: 1440, height: 900 }, timeoutMs: 20_000 });

  it(
    'the candidate answers from the link on a phone in Chinese, without an account',
    async () => {
      const page = await newPage({ width: 375, height: 812 });
      await page.goto(`${server.url}/checkin/${service.token}`);
      expect(await page.getByTestId('checkin-hello').textContent()).toBe('明，您好！');
      for (const [name, pick] of [['overallSatisfaction', 3], ['jobSatisfaction', 2], ['environmentSatisfaction', 2], ['relationshipSatisfaction', 2], ['workLifeBalance', 2], ['jobInvolvement', 2], ['intentToStay', 3]] as const) {
        await page.getByTestId(`q-${name}`).locator('label').nth(pick).click();
      }
      await page.getByTestId('q-overTime').getByText('否').click();
      // Nothing on the page is wider than the phone.
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
      await page.getByTestId('checkin-submit').click();
      await page.getByTestId('checkin-thanks').waitFor();
      const forms = (await (await userOf(server, 'hr@huaxin.demo')).get<{ items: { id: string; status: string; answers: Record<string, unknown> | null }[] }>(`/api/v1/placements/${service.placementId}/checkins`)).body.items;
      expect(forms.find((f) => f.id === service.candidateFormId)).toMatchObject({ status: 'answered', answers: { overallSatisfaction: 4, intentToStay: 4, overTime: false } });
      // The link is spent: opening it again shows the one refusal.
      await page.goto(`${server.url}/checkin/${service.token}`);
      await page.getByTestId('checkin-invalid').waitFor();
    },
    TEST_TIMEOUT,
  );

  it(
    'the consultant completes a support task with a note',
    async () => {
      const page = await signedIn('c1@talentbridge.demo');
      await page.goto(`${server.url}/placements/${service.placementId}`);
      await page.getByTestId('task-complete').first().click();
      await page.getByTestId('task-note').fill('已与候选人面谈，完成入职辅导');
      await page.getByTestId('task-complete-submit').click();
      await page.getByTestId('tasks-table').getByText('已与候选人面谈，完成入职辅导').waitFor();
      expect(await page.getByTestId('tasks-table').getByText('已完成').count()).toBe(1);
    },
    TEST_TIMEOUT,
  );

  it(
    'the employer reports a departure and reads the decision in words beside the clauses',
    async () => {
      const today = await businessToday(server);
      const page = await signedIn('hr@huaxin.demo');
      await page.goto(`${server.url}/placements/${service.placementId}`);
      await page.getByTestId('claim-file').click();
      await page.getByTestId('claim-reason').click();
      await page.locator('.ant-select-item-option', { hasText: '主动离职' }).click();
      await page.getByTestId('claim-last-day').click();
      await page.keyboard.type(today);
      await page.keyboard.press('Enter');
      await page.getByText('退款', { exact: true }).click();
      await page.getByTestId('claim-submit').click();
      await page.waitForURL(/\/claims\//);
      await page.getByTestId('claim-decision-words').waitFor();
      expect(await page.getByTestId('clause-notice').textContent()).toBe('在最后工作日当天申报；条款允许 7 天。');
      expect(await page.getByTestId('clause-guarantee').textContent()).toContain('在职 7 天');
      expect(await page.getByTestId('claim-state').first().textContent()).toBe('已退款');
    },
    TEST_TIMEOUT,
  );
});
