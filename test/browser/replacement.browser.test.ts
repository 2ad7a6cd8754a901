import { randomInt } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeBrowser, openBrowserSuite, type BrowserSuite } from '../support/browser.ts';
import { activePlacement, addDaysTo, advanceTo, businessToday, userOf, type ActivePlacement } from '../support/lifecycle-fixture.ts';
import { startTestServer } from '../support/server.ts';

/**
 * A free replacement in real Chromium (DESIGN §4.5): the consultant finds it on the after-sales dashboard by its
 * deadline, the claim page shows the replacement under way and then the replacement placement, and the placement
 * pages link the original and its replacement both ways.
 */

const TEST_TIMEOUT = 120_000;

describeBrowser('a free replacement (Chromium)', () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let browser: BrowserSuite;
  let original: ActivePlacement;
  let claim: { id: string; deliverBy: string };

  beforeAll(async () => {
    server = await startTestServer({ seedDemo: true, clock: 'manual', web: true });
    browser = await openBrowserSuite(server.url);
    original = await activePlacement(server, { poster: 'admin@huaxin.demo', consultant: 'c1@talentbridge.demo', plan: 'standard' });
    await advanceTo(server, addDaysTo(original.startDate, 9));
    const hr = await userOf(server, 'hr@huaxin.demo');
    const filed = await hr.post<{ id: string; deliverBy: string; state: string }>(`/api/v1/placements/${original.placementId}/claims`, { reason: 'probation_failed', lastWorkingDay: await businessToday(server), remedy: 'replacement' });
    if (filed.body.state !== 'replacement_pending') throw new Error(`claim: ${JSON.stringify(filed.body)}`);
    claim = filed.body;
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const signedIn = (email: string) => browser.signedIn(email, { viewport: { width: 1440, height: 900 }, timeoutMs: 20_000 });

  it(
    'the consultant sees the replacement due on the dashboard, submits to the reopened order, and the hire links both placements',
    async () => {
      const consultant = await signedIn('c1@talentbridge.demo');
      await consultant.goto(`${server.url}/aftercare`);
      const due = consultant.getByTestId('dashboard-replacements').getByRole('link', { name: new RegExp(claim.deliverBy) });
      await due.click();
      await consultant.getByTestId('claim-replacement').waitFor();
      expect(await consultant.getByTestId('claim-deliver-by').textContent()).toContain(claim.deliverBy);

      // The consultant submits a replacement candidate (the API, as the submit form is tested elsewhere); the poster hires it.
      const c1 = await userOf(server, 'c1@talentbridge.demo');
      const phone = `137${String(randomInt(0, 100_000_000)).padStart(8, '0')}`;
      const submitted = await c1.post<{ submission: { id: string } }>(`/api/v1/orders/${original.orderId}/submissions`, { candidateName: '赵替补', phone, notes: '' });
      expect(submitted.status).toBe(201);
      const poster = await signedIn('admin@huaxin.demo');
      await poster.goto(`${server.url}/submissions/${submitted.body.submission.id}`);
      await poster.getByTestId('submission-replacement').waitFor();
      const admin = await userOf(server, 'admin@huaxin.demo');
      await admin.post(`/api/v1/submissions/${submitted.body.submission.id}/stage`, { to: 'offered' });
      const hired = await admin.post<{ placementId: string }>(`/api/v1/submissions/${submitted.body.submission.id}/stage`, {
        to: 'hired',
        hire: { startDate: addDaysTo(await businessToday(server), 3), annualSalary: '480000.00' },
      });
      expect(hired.status).toBe(200);

      await poster.goto(`${server.url}/claims/${claim.id}`);
      await poster.getByTestId('claim-replacement-placement').click();
      await poster.waitForURL(new RegExp(`/placements/${hired.body.placementId}$`));
      expect(await poster.getByTestId('placement-fee').textContent()).toContain('0.00');
      await poster.getByTestId('placement-replaces-link').click();
      await poster.waitForURL(new RegExp(`/placements/${original.placementId}$`));
      await poster.getByTestId('placement-replaced-by-link').click();
      await poster.waitForURL(new RegExp(`/placements/${hired.body.placementId}$`));
    },
    TEST_TIMEOUT,
  );
});
