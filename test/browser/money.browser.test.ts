import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { calendarDateOf } from '../../src/platform/clock.ts';
import { ApiUser } from '../support/api-client.ts';
import { describeBrowser, launchBrowser } from '../support/browser.ts';
import { hireThroughApi } from '../support/placement-fixture.ts';
import { startTestServer } from '../support/server.ts';
import { runDueObligations } from '../../src/platform/scheduler/scheduler.ts';

/**
 * Money in real Chromium, on the manual clock: ops record a payment on an open invoice and the employer sees it
 * paid; ops move time past the guarantee on the Time page and the agency sees the escrow released to it.
 * A Standard-plan hire: fee 60000.00 CNY, 50% on start, 50% when the guarantee (90 days) passes, held in escrow.
 */

const TEST_TIMEOUT = 120_000;

describeBrowser('money pages (Chromium)', () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let browser: Browser;
  let placementId: string;
  let firstInstallmentId: string;
  /** Ops stay signed in from one step to the next, as a person at a desk would. */
  let ops: Page;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    server = await startTestServer({ seedDemo: true, clock: 'manual', web: true });
    browser = await launchBrowser();
    const today = calendarDateOf(server.deps.clock.now(), 'Asia/Shanghai');
    const hired = await hireThroughApi(server, { poster: 'admin@huaxin.demo', consultant: 'c1@talentbridge.demo', plan: 'standard', startDate: today, annualSalary: '300000.00' });
    placementId = hired.placementId;
    for (const email of ['admin@huaxin.demo', 'c1@talentbridge.demo']) {
      expect((await (await ApiUser.signIn(server.url, email)).post(`/api/v1/placements/${placementId}/accept`, { agreementHash: hired.agreementHash })).status).toBe(200);
    }
    // The start-date invoice is issued by the scheduler, as the worker would.
    await runDueObligations({ db: server.deps.db, dialect: server.deps.dialect, now: () => server.deps.clock.now(), handlers: server.deps.obligationHandlers });
    const opsApi = await ApiUser.signIn(server.url, 'ops@tenure.demo');
    const installments = (await opsApi.get<{ items: Array<{ id: string; status: string }> }>(`/api/v1/placements/${placementId}/installments`)).body.items;
    expect(installments.map((i) => i.status)).toEqual(['open', 'scheduled']);
    firstInstallmentId = installments[0]!.id;
  }, 180_000);

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close();
    await server?.close();
  });

  async function signedIn(email: string): Promise<Page> {
    const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1440, height: 900 } });
    contexts.push(context);
    const page = await context.newPage();
    page.setDefaultTimeout(20_000);
    await page.goto(`${server.url}/login`);
    await page.getByTestId('login-email').fill(email);
    await page.getByTestId('login-password').fill('tenure-demo');
    await page.getByTestId('login-submit').click();
    await page.getByTestId('nav-home').waitFor();
    return page;
  }

  it(
    'ops record the payment of an open invoice, and the employer sees it paid',
    async () => {
      ops = await signedIn('ops@tenure.demo');
      await ops.getByTestId('nav-money').click();
      await ops.getByTestId(`record-payment-${firstInstallmentId}`).click();
      // The amount still open is offered; ops give the bank reference.
      expect(await ops.getByTestId('payment-amount').inputValue()).toBe('30000.00');
      await ops.getByTestId('payment-reference').fill('BANK-2026-0001');
      await ops.getByTestId('payment-submit').click();
      await ops.getByTestId(`installment-status-${firstInstallmentId}`).getByText('已支付').waitFor();
      expect(await ops.getByTestId(`money-inEscrow-${placementId}`).textContent()).toContain('30,000.00');

      const employer = await signedIn('admin@huaxin.demo');
      await employer.getByTestId('nav-money').click();
      expect(await employer.getByTestId(`installment-status-${firstInstallmentId}`).textContent()).toBe('已支付');
      expect(await employer.getByTestId(`money-received-${placementId}`).textContent()).toContain('30,000.00');
    },
    TEST_TIMEOUT,
  );

  it(
    'ops move time past the guarantee, and the agency sees the escrow released to it',
    async () => {
      await ops.getByTestId('nav-time').click();
      const before = await ops.getByTestId('clock-today').textContent();
      await ops.getByTestId('clock-days').fill('91');
      await ops.getByTestId('clock-advance-custom').click();
      await ops.waitForFunction((was) => document.querySelector('[data-testid="clock-today"]')?.textContent !== was, before);

      const agency = await signedIn('admin@talentbridge.demo');
      await agency.getByTestId('nav-money').click();
      // 30000.00 released: the platform keeps 10% (3000.00), TalentBridge gets 27000.00.
      await agency.getByTestId(`money-releasedToDeliverer-${placementId}`).getByText('27,000.00').waitFor();
      expect(await agency.getByTestId(`money-inEscrow-${placementId}`).textContent()).toContain('0.00');
      expect(await agency.getByTestId('agency-released-CNY').textContent()).toContain('27,000.00');
      expect(await agency.getByTestId('consultant-money-agency-CNY').getByTestId('consultant-released').textContent()).toContain('27,000.00');
    },
    TEST_TIMEOUT,
  );
});
