import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeBrowser, openBrowserSuite, type BrowserSuite } from '../support/browser.ts';
import { activePlacement, addDaysTo, advanceTo, userOf, type ActivePlacement } from '../support/lifecycle-fixture.ts';
import { startTestServer } from '../support/server.ts';

/**
 * A dispute in real Chromium (DESIGN §4.8): the employer disputes a notice_late rejection from the claim page, the
 * consultant answers, ops assign the arbitrator, the arbitrator overturns it from its queue, and the employer
 * sees the claim refunded and the money settled.
 */

const TEST_TIMEOUT = 120_000;

describeBrowser('disputes (Chromium)', () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let browser: BrowserSuite;
  let p: ActivePlacement;
  let claimId: string;
  let disputeId: string;

  beforeAll(async () => {
    server = await startTestServer({ seedDemo: true, clock: 'manual', web: true });
    browser = await openBrowserSuite(server.url);
    p = await activePlacement(server, { poster: 'admin@huaxin.demo', consultant: 'c1@talentbridge.demo', plan: 'standard', annualSalary: '300000.00' });
    await advanceTo(server, p.startDate);
    const hr = await userOf(server, 'hr@huaxin.demo');
    const open = (await hr.get<{ items: { id: string; status: string; amount: string }[] }>(`/api/v1/placements/${p.placementId}/installments`)).body.items.find((i) => i.status === 'open')!;
    await (await userOf(server, 'ops@tenure.demo')).post(`/api/v1/installments/${open.id}/payments`, { amount: open.amount, reference: 'BANK-1' });
    await advanceTo(server, addDaysTo(p.startDate, 39));
    // Last day 30, reported on day 40: notice_late (the terms allow 7 days).
    const claim = await hr.post<{ id: string; state: string }>(`/api/v1/placements/${p.placementId}/claims`, { reason: 'voluntary_resignation', lastWorkingDay: addDaysTo(p.startDate, 29), remedy: 'refund' });
    expect(claim.body.state).toBe('rejected');
    claimId = claim.body.id;
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const signedIn = (email: string): Promise<Page> => browser.signedIn(email, { viewport: { width: 1440, height: 900 }, timeoutMs: 20_000 });

  it(
    'the employer disputes the rejection from the claim page',
    async () => {
      const page = await signedIn('hr@huaxin.demo');
      await page.goto(`${server.url}/claims/${claimId}`);
      await page.getByTestId('dispute-raise-claim_decision').click();
      await page.getByTestId('dispute-raise-statement').fill('员工在最后工作日前已书面通知，申报并未迟延。');
      await page.getByTestId('dispute-raise-submit').click();
      await page.waitForURL(/\/disputes\/[0-9a-f-]{36}$/);
      disputeId = page.url().split('/').pop()!;
      expect(await page.getByTestId('dispute-state').textContent()).toBe('待答复');
      expect(await page.getByTestId('dispute-statement').textContent()).toContain('申报并未迟延');
      await page.close();
    },
    TEST_TIMEOUT,
  );

  it(
    'the consultant answers; ops assign the arbitrator',
    async () => {
      const c1 = await signedIn('c1@talentbridge.demo');
      await c1.goto(`${server.url}/disputes/${disputeId}`);
      await c1.getByTestId('dispute-answer').fill('候选人确实晚于期限申报。');
      await c1.getByTestId('dispute-answer-submit').click();
      await c1.getByTestId('dispute-state').getByText('待裁决').waitFor();
      await c1.close();
      const ops = await signedIn('ops@tenure.demo');
      await ops.goto(`${server.url}/disputes`);
      await ops.getByTestId('disputes-table').getByText('理赔决定').click();
      await ops.getByTestId('dispute-assign-select').click();
      await ops.locator('.ant-select-item-option', { hasText: '林律师' }).click();
      await ops.getByTestId('dispute-assign-submit').click();
      await ops.getByText('仲裁员已分配').waitFor();
      await ops.close();
    },
    TEST_TIMEOUT,
  );

  it(
    'the arbitrator overturns it from its queue, and the employer sees the refund settled',
    async () => {
      const arb = await signedIn('arbitrator@tenure.demo');
      await arb.goto(`${server.url}/disputes`);
      await arb.getByTestId('disputes-table').getByText('理赔决定').click();
      await arb.getByTestId('dispute-outcome').getByText('推翻原决定').click();
      await arb.getByTestId('dispute-reasons').fill('书面通知日期在期限内，撤销 notice_late。');
      await arb.getByTestId('dispute-decide-submit').click();
      await arb.getByTestId('dispute-decision').waitFor();
      expect(await arb.getByTestId('dispute-applied').textContent()).toContain('notice_late');
      await arb.close();
      const hr = await signedIn('hr@huaxin.demo');
      await hr.goto(`${server.url}/claims/${claimId}`);
      expect(await hr.getByTestId('claim-state').textContent()).toBe('已退款');
      expect(await hr.getByTestId('claim-set-aside').textContent()).toContain('notice_late');
      // 30 days served of 90: refund 40,000.00, final fee 20,000.00; 10,000.00 of the 30,000.00 paid comes back.
      const money = (await (await userOf(server, 'hr@huaxin.demo')).get<Record<string, string>>(`/api/v1/placements/${p.placementId}/money`)).body;
      expect(money).toMatchObject({ finalFee: '20000.00', refunded: '10000.00' });
      await hr.close();
    },
    TEST_TIMEOUT,
  );

  it(
    'a payment the employer says it made: disputed from the Money page, recorded by the arbitrator on its day',
    async () => {
      // A second placement whose first invoice is open: the employer says it was paid on the start day.
      const q = await activePlacement(server, { poster: 'admin@huaxin.demo', consultant: 'c1@talentbridge.demo', plan: 'standard', annualSalary: '300000.00' });
      await advanceTo(server, q.startDate);
      const first = (await (await userOf(server, 'hr@huaxin.demo')).get<{ items: { id: string; sequence: number; status: string }[] }>(`/api/v1/placements/${q.placementId}/installments`)).body.items.find((i) => i.sequence === 1)!;
      expect(first.status).toBe('open');
      const hr = await signedIn('hr@huaxin.demo');
      await hr.goto(`${server.url}/money`);
      await hr.getByTestId(`dispute-payment-${first.id}`).click();
      await hr.getByTestId('dispute-raise-statement').fill('我方已于入职当日全额付款，银行回单附后。');
      await hr.getByTestId('dispute-raise-submit').click();
      await hr.waitForURL(/\/disputes\/[0-9a-f-]{36}$/);
      const id = hr.url().split('/').pop()!;
      expect(await hr.getByTestId('dispute-payments').textContent()).toContain('尚无付款记录');
      await hr.close();
      expect((await (await userOf(server, 'c1@talentbridge.demo')).post(`/api/v1/disputes/${id}/responses`, { statement: '未收到款项通知' })).status).toBe(200);
      expect((await (await userOf(server, 'ops@tenure.demo')).post(`/api/v1/disputes/${id}/assign`, { arbitratorUserId: server.ids.users['arbitrator@tenure.demo']! })).status).toBe(200);
      const arb = await signedIn('arbitrator@tenure.demo');
      await arb.goto(`${server.url}/disputes/${id}`);
      await arb.getByTestId('dispute-outcome').getByText('补记查明的付款').click();
      await arb.getByTestId('dispute-amount').fill('30000.00');
      await arb.getByTestId('dispute-paid-on').fill(q.startDate);
      await arb.getByTestId('dispute-reasons').fill('银行回单显示当日已全额到账。');
      await arb.getByTestId('dispute-decide-submit').click();
      await arb.getByTestId('dispute-decision').waitFor();
      expect(await arb.getByTestId('dispute-applied').textContent()).toContain(q.startDate);
      expect(await arb.getByTestId('dispute-payments').textContent()).toContain('30,000.00');
      await arb.close();
      const money = (await (await userOf(server, 'hr@huaxin.demo')).get<Record<string, string>>(`/api/v1/placements/${q.placementId}/money`)).body;
      expect(money).toMatchObject({ received: '30000.00', inEscrow: '30000.00' });
    },
    TEST_TIMEOUT,
  );
});
