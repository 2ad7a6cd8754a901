import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeBrowser, openBrowserSuite, type BrowserSuite } from '../support/browser.ts';
import { hireThroughApi, type HiredPlacement } from '../support/placement-fixture.ts';
import { startTestServer } from '../support/server.ts';

/** The placements pages in real Chromium: both sides accept the terms by their hash and see the schedule. */

const TEST_TIMEOUT = 150_000;

describeBrowser('placements pages (Chromium)', () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let browser: BrowserSuite;
  let placement: HiredPlacement;

  beforeAll(async () => {
    server = await startTestServer({ seedDemo: true, clock: 'manual', web: true });
    browser = await openBrowserSuite(server.url);
    placement = await hireThroughApi(server, { poster: 'admin@huaxin.demo', consultant: 'c1@talentbridge.demo', plan: 'standard', startDate: '2026-01-31', annualSalary: '300000.00', candidateName: '王磊' });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const signedIn = (email: string, locale: 'zh-CN' | 'en' = 'zh-CN'): Promise<Page> => browser.signedIn(email, { locale, viewport: { width: 1440, height: 900 } });

  it(
    'the poster finds the placement awaiting it, reads the terms and accepts them by their hash',
    async () => {
      const page = await signedIn('hr@huaxin.demo');
      await page.getByTestId('nav-placements').click();
      await page.getByTestId('placements-awaiting').waitFor();
      await page.getByTestId(`placement-review-${placement.placementId}`).click();
      await page.waitForURL(new RegExp(`/placements/${placement.placementId}$`));
      expect(await page.getByTestId('placement-terms-hash').textContent()).toContain(placement.termsHash);
      expect(await page.getByTestId('placement-fee').textContent()).toContain('¥60,000.00');
      expect(await page.getByTestId('terms-in-words').locator('li').count()).toBeGreaterThan(5);
      expect(await page.getByTestId('scope-excluded').locator('li').count()).toBeGreaterThan(0);
      // Before both accept, the timeline shows what will be scheduled.
      expect(await page.getByTestId('obligation-timeline').locator('[data-kind]').count()).toBe(11);

      await page.getByTestId('placement-accept').click();
      await page.getByTestId('placement-accept-confirm').click();
      await page.locator('[data-testid="acceptance-card-poster"]', { hasText: '确认' }).waitFor();
      expect(await page.getByTestId('placement-accept').count()).toBe(0);
      expect(await page.getByTestId('placement-pending-alert').textContent()).toContain('接单方');
    },
    TEST_TIMEOUT,
  );

  it(
    'the consultant accepts in English; the placement turns active with every obligation scheduled',
    async () => {
      const page = await signedIn('c1@talentbridge.demo', 'en');
      await page.goto(`${server.url}/placements/${placement.placementId}`);
      await page.getByTestId('placement-accept').click();
      await page.getByTestId('placement-accept-confirm').click();
      await page.locator('[data-status="active"]').first().waitFor();
      const timeline = page.getByTestId('obligation-timeline');
      expect(await timeline.locator('[data-kind]').count()).toBe(11);
      expect(await timeline.locator('[data-kind="checkin.open"]').count()).toBe(8);
      expect(await page.getByTestId('timeline-date-2026-05-01').textContent()).toContain('90-day guarantee passes');
      expect(await page.getByTestId('acceptance-card-deliverer').textContent()).toContain('Accepted by');
    },
    TEST_TIMEOUT,
  );

  it(
    'the poster corrects a mistyped salary before both accept: the fee and the agreement hash follow, a salary outside the range is confirmed',
    async () => {
      const typo = await hireThroughApi(server, { poster: 'admin@huaxin.demo', consultant: 'c1@talentbridge.demo', plan: 'standard', startDate: '2026-12-15', annualSalary: '45000.00', candidateName: '陈晨' });
      const consultant = await signedIn('c1@talentbridge.demo');
      await consultant.goto(`${server.url}/placements/${typo.placementId}`);
      await consultant.getByTestId('placement-accept').waitFor();
      expect(await consultant.getByTestId('placement-correct').count(), 'only the poster corrects').toBe(0);

      const page = await signedIn('admin@huaxin.demo');
      await page.goto(`${server.url}/placements/${typo.placementId}`);
      expect(await page.getByTestId('placement-fee').textContent()).toContain('¥9,000.00');
      await page.getByTestId('placement-correct').click();
      expect(await page.getByTestId('correct-salary').inputValue()).toBe('45000');
      // Still outside the order's 400,000 – 600,000: the server asks for a confirmation first.
      await page.getByTestId('correct-salary').fill('350000');
      // The fee preview follows the typed salary once the form re-renders: wait for it rather than read it at once.
      await page.getByTestId('correct-fee').filter({ hasText: '¥70,000.00' }).waitFor();
      await page.getByTestId('correct-confirm').click();
      await page.getByTestId('correct-out-of-range').waitFor();
      await page.getByTestId('correct-confirm-out-of-range').check();
      await page.getByTestId('correct-confirm').click();
      await page.getByTestId('placement-fee').filter({ hasText: '¥70,000.00' }).waitFor();
      const corrected = (await page.getByTestId('placement-agreement-hash').textContent())!;
      expect(corrected).not.toContain(typo.agreementHash);
      expect(await page.getByTestId('placement-terms-hash').textContent()).toContain(typo.termsHash);

      // Within the range no confirmation is asked.
      await page.getByTestId('placement-correct').click();
      await page.getByTestId('correct-salary').fill('450000');
      await page.getByTestId('correct-confirm').click();
      await page.getByTestId('placement-fee').filter({ hasText: '¥90,000.00' }).waitFor();

      // Both accept the corrected agreement; after that it is no longer corrected here.
      await page.getByTestId('placement-accept').click();
      await page.getByTestId('placement-accept-confirm').click();
      await page.locator('[data-testid="acceptance-card-poster"]', { hasText: '确认' }).waitFor();
      await consultant.reload();
      await consultant.getByTestId('placement-accept').click();
      await consultant.getByTestId('placement-accept-confirm').click();
      await consultant.locator('[data-status="active"]').first().waitFor();
      await page.reload();
      await page.locator('[data-status="active"]').first().waitFor();
      expect(await page.getByTestId('placement-correct').count()).toBe(0);
    },
    TEST_TIMEOUT,
  );

  it(
    'another employer cannot open it',
    async () => {
      const page = await signedIn('admin@bluepeak.demo');
      await page.goto(`${server.url}/placements/${placement.placementId}`);
      await page.locator('.ant-result-404').waitFor();
      await page.goto(`${server.url}/placements`);
      await page.getByTestId('placements-table').waitFor();
      expect(await page.getByTestId(`placement-link-${placement.placementId}`).count()).toBe(0);
    },
    TEST_TIMEOUT,
  );
});
