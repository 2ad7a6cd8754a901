import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeBrowser, openBrowserSuite, type BrowserSuite } from '../support/browser.ts';
import { ApiUser } from '../support/api-client.ts';
import { userOf } from '../support/lifecycle-fixture.ts';
import { orderBody, planVersionIdOf, postOrder, takeOrder } from '../support/marketplace-fixture.ts';
import { startTestServer } from '../support/server.ts';
import { candidate } from '../support/submissions-fixture.ts';

/**
 * An ownership refusal in real Chromium (DESIGN §4.4, §4.8): a consultant whose submission was refused because another
 * agency's consultant submitted the same person first sees the refusal on its Submissions page — the day the
 * protection ends, never who holds it — and disputes it from there.
 */

const TEST_TIMEOUT = 120_000;
const OWNER = 'c1@talentbridge.demo';
const REFUSED = 'c1@apexsearch.demo';

describeBrowser('ownership dispute (Chromium)', () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let browser: BrowserSuite;
  let protectedUntil: string;

  beforeAll(async () => {
    server = await startTestServer({ seedDemo: true, clock: 'manual', web: true });
    browser = await openBrowserSuite(server.url);
    const admin = await ApiUser.signIn(server.url, 'admin@huaxin.demo');
    const order = (await postOrder(admin, server.ids.orgs.huaxin!, orderBody(await planVersionIdOf(admin, 'standard'), { title: '嵌入式软件工程师' }), { open: true })).id;
    for (const email of [OWNER, REFUSED]) expect((await takeOrder(await userOf(server, email), order)).status).toBe(201);
    const person = candidate({ candidateName: '赵敏', phone: '13911112222', email: 'zhaomin@example.com' });
    expect((await (await userOf(server, OWNER)).post(`/api/v1/orders/${order}/submissions`, person)).status).toBe(201);
    const refused = await (await userOf(server, REFUSED)).post<{ error: { code: string; details: { protectedUntil: string } } }>(`/api/v1/orders/${order}/submissions`, person);
    expect(refused.body.error.code).toBe('ownership_protected');
    protectedUntil = refused.body.error.details.protectedUntil;
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it(
    'the refused consultant sees when the protection ends, not who holds it, and disputes the refusal',
    async () => {
      const page = await browser.signedIn(REFUSED, { viewport: { width: 1440, height: 900 }, timeoutMs: 20_000 });
      await page.goto(`${server.url}/submissions`);
      const card = page.getByTestId('ownership-refusals');
      await card.waitFor();
      expect(await card.getByTestId('refusal-protected-until').textContent()).toBe(protectedUntil);
      const text = (await card.textContent()) ?? '';
      expect(text).toContain('赵敏');
      for (const owner of ['TalentBridge', '英桥', '才桥', '吴芳']) expect(text).not.toContain(owner);
      await card.getByRole('button').first().click();
      await page.getByTestId('dispute-raise-statement').fill('我们在对方之前已与候选人沟通，附有聊天记录。');
      await page.getByTestId('dispute-raise-submit').click();
      await page.waitForURL(/\/disputes\/[0-9a-f-]{36}$/);
      expect(await page.getByTestId('dispute-state').textContent()).toBe('待答复');
      expect(await page.getByTestId('dispute-statement').textContent()).toContain('聊天记录');
      expect((await page.locator('body').textContent()) ?? '').not.toContain('TalentBridge');
      await page.close();
    },
    TEST_TIMEOUT,
  );
});
