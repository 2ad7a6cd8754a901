import { mkdirSync } from 'node:fs';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ApiUser } from '../support/api-client.ts';
import { describeBrowser, openBrowserSuite, type BrowserSuite } from '../support/browser.ts';
import { minimalPdf } from '../support/file-fixtures.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

/**
 * The whole hire, as two people of two organisations do it in two browsers and nothing else: the employer's HR
 * (in Chinese) posts and opens a job order; a consultant of another agency (in English) finds it in the
 * marketplace, reads its terms with their hash, takes it and submits a candidate with a résumé; HR moves the
 * candidate through the pipeline to hired with the start date and salary; both accept the placement's terms by
 * their hash, and the placement turns active with its obligations on the timeline. The API is only read, to
 * check that what the pages showed is what was stored.
 */

/** The walk takes 35–45 s on a loaded two-core machine; the limit leaves room without hiding a hang. */
const TEST_TIMEOUT = 240_000;
/** Set TENURE_SCREENSHOTS=/some/dir to keep screenshots of each step. */
const SHOTS = process.env.TENURE_SCREENSHOTS;

const TITLE = '车载嵌入式软件高级工程师（稳聘流程）';
const CITY = '苏州';
const CANDIDATE = '周晓彤';
const START_DATE = '2027-01-04';
const HASH = /^[0-9a-f]{64}$/;
/** expect.poll gives up after 1 s by default: too soon for a loaded two-core machine. */
const POLL = { timeout: 15_000, interval: 50 };

describeBrowser('hire flow from posting to an active placement (Chromium, two organisations)', () => {
  let server: TestServer;
  let browser: BrowserSuite;
  /** Script errors and failed loads seen by the pages, printed when a step fails. */
  const problems: string[] = [];
  const watch = (page: Page, who: string): void => {
    page.on('pageerror', (error) => problems.push(`${who}: page error ${error.message}`));
    page.on('response', (res) => {
      if (res.status() >= 500 || (res.status() === 404 && res.url().includes('/assets/'))) problems.push(`${who}: ${res.status()} ${res.request().method()} ${res.url()}`);
    });
  };

  beforeAll(async () => {
    server = await startTestServer({ seedDemo: true, demoMarketplace: true, clock: 'manual', web: true });
    browser = await openBrowserSuite(server.url, watch);
    if (SHOTS) mkdirSync(SHOTS, { recursive: true });
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const signedIn = (email: string): Promise<Page> => browser.signedIn(email, { timeoutMs: 20_000 });

  /** A screenshot once drawers and modals have finished moving (their box holds still between two reads). */
  const shot = async (page: Page, name: string, fullPage = false) => {
    if (!SHOTS) return;
    const moving = page.locator('.ant-drawer-content-wrapper, .ant-modal').last();
    if ((await moving.count()) > 0) {
      let last = '';
      for (let i = 0; i < 20; i += 1) {
        const box = JSON.stringify(await moving.boundingBox().catch(() => null));
        if (box === last) break;
        last = box;
        await page.waitForTimeout(100);
      }
    }
    await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage });
  };

  /** The text field of an Ant Design control, whether the test id sits on the input or on its wrapper. */
  const field = (scope: Page | Locator, testId: string): Locator =>
    scope.locator(`input[data-testid="${testId}"], textarea[data-testid="${testId}"], [data-testid="${testId}"] input:not([type="file"]), [data-testid="${testId}"] textarea`).first();

  /** The dropdown an Ant Design select (or auto-complete) opened, found through its combobox's aria-controls. */
  async function dropdownOf(page: Page, input: Locator): Promise<Locator> {
    await expect.poll(() => input.getAttribute('aria-expanded'), POLL).toBe('true');
    const listId = await input.getAttribute('aria-controls');
    const dropdown = page.locator('.ant-select-dropdown', { has: page.locator(`[id="${listId}"]`) });
    // A click during the opening slide can be lost: wait until the motion classes are gone.
    await expect.poll(async () => (await dropdown.getAttribute('class')) ?? 'slide-up-appear', POLL).not.toMatch(/slide-up-(appear|enter)/);
    return dropdown;
  }

  /** Opens an Ant Design select and picks the option holding `text` from that select's own dropdown. */
  async function choose(page: Page, testId: string, text: string | RegExp): Promise<void> {
    const select = page.getByTestId(testId);
    await select.click();
    const input = select.locator('input[role="combobox"]').first();
    const dropdown = await dropdownOf(page, input);
    await dropdown.locator('.ant-select-item-option', { hasText: text }).first().click();
    await expect.poll(() => input.getAttribute('aria-expanded'), POLL).toBe('false');
  }

  /** Types the start of a value into an auto-complete and picks the suggestion, as a user does. */
  async function typeAndPick(page: Page, testId: string, typed: string, suggestion: string): Promise<void> {
    const input = field(page, testId);
    await input.fill(typed);
    const dropdown = await dropdownOf(page, input);
    await dropdown.locator('.ant-select-item-option', { hasText: new RegExp(`^${suggestion}$`) }).click();
    await expect.poll(() => input.inputValue(), POLL).toBe(suggestion);
  }

  /** Opens the header's inbox; `unreadLabel` switches it to the unread items only. */
  async function openInbox(page: Page, unreadLabel?: string): Promise<Locator> {
    await page.getByTestId('notification-bell').click();
    // The test id sits on the drawer's root; its filter appears once the drawer is open.
    const drawer = page.getByTestId('notification-drawer');
    await drawer.locator('.ant-segmented').waitFor();
    if (unreadLabel) await drawer.locator('.ant-segmented-item', { hasText: unreadLabel }).click();
    return drawer;
  }

  async function closeInbox(page: Page, drawer: Locator): Promise<void> {
    await drawer.locator('.ant-drawer-close').click();
    await drawer.locator('.ant-segmented').waitFor({ state: 'hidden' });
  }

  /**
   * Waits for an Ant Design modal to be shown and done zooming in: a click on its buttons while it still animates
   * can be lost.
   */
  async function dialog(dialogLocator: Locator): Promise<Locator> {
    await dialogLocator.waitFor();
    await expect.poll(async () => (await dialogLocator.getAttribute('class')) ?? '', POLL).not.toMatch(/-(appear|enter)\b/);
    return dialogLocator;
  }

  /** Ant Design's toast for the last action. */
  const toast = (page: Page, text: string | RegExp): Promise<void> => page.locator('.ant-message-notice', { hasText: text }).first().waitFor();

  it(
    'HR posts and opens an order; a consultant takes it and submits; HR hires; both accept; the placement is active',
    async () => {
      const started = Date.now();
      let last = started;
      const laps: string[] = [];
      const lap = (name: string) => {
        const now = Date.now();
        laps.push(`${name} ${((now - last) / 1000).toFixed(1)}s`);
        last = now;
      };
      const hr = await signedIn('hr@huaxin.demo');
      const consultant = await signedIn('c1@talentbridge.demo');
      try {
        // Both start from a read inbox, so what this flow tells them stands out among the demo world's messages.
        for (const page of [hr, consultant]) {
          const inbox = await openInbox(page);
          await inbox.getByTestId('notification-item').first().waitFor();
          await inbox.getByTestId('notifications-read-all').click();
          await expect.poll(() => page.getByTestId('notification-bell').getAttribute('data-unread'), POLL).toBe('0');
          await closeInbox(page, inbox);
        }

        lap('signed in');
        // ── HR posts the order through the create drawer and opens it at once ────────────────────────────────
        await hr.getByTestId('nav-orders').click();
        await hr.getByTestId('orders-table').waitFor();
        await hr.getByTestId('order-create').click();
        await hr.getByTestId('order-form').waitFor();
        await field(hr, 'order-title').fill(TITLE);
        await hr.getByTestId('order-form').locator('textarea').first().fill('负责智能座舱域控制器的嵌入式软件开发；要求 AUTOSAR、功能安全（ISO 26262）经验。');
        await typeAndPick(hr, 'order-city', CITY.slice(0, 1), CITY);
        await choose(hr, 'order-function', '软件研发');
        await choose(hr, 'order-level', '高级');
        await field(hr, 'order-headcount').fill('2');
        await field(hr, 'order-salary-min').fill('400000');
        await field(hr, 'order-salary-max').fill('600000');
        await field(hr, 'order-reward-percent').fill('22');
        await choose(hr, 'order-plan', '标准保障');
        const summary = hr.getByTestId('order-plan-summary');
        await summary.getByText('标准保障').waitFor();
        expect(await summary.textContent()).toContain('90天');
        await shot(hr, '01-hr-create-order');
        await hr.getByTestId('order-save-open').click();
        await hr.waitForURL(/\/orders\/[^/]+$/);
        const orderId = new URL(hr.url()).pathname.split('/').pop()!;
        await toast(hr, `「${TITLE}」已发布`);
        await hr.getByTestId('order-title-heading').getByText(TITLE).waitFor();
        expect(await hr.locator('[data-status="open"]').first().textContent()).toBe('招聘中');
        const facts = hr.getByTestId('order-facts');
        expect(await facts.textContent()).toContain(CITY);
        expect(await facts.textContent()).toContain('招 2 人，已入职 0 人');
        expect(await facts.textContent()).toContain('¥400,000 – ¥600,000');
        expect(await facts.textContent()).toContain('22%');
        expect(await facts.locator('[data-tier="standard"]').count()).toBe(1);
        await shot(hr, '02-hr-order-open');

        lap('posted');
        // ── The consultant switches to English, finds the order by city and title, and reads its terms ──────────
        await consultant.getByTestId('lang-switch').click();
        await expect.poll(() => consultant.getByTestId('nav-home').textContent(), POLL).toBe('Home');
        await consultant.getByTestId('nav-marketplace').click();
        await consultant.getByTestId('market-list').waitFor();
        await choose(consultant, 'market-city', new RegExp(`^${CITY} \\(\\d+\\)$`));
        const search = field(consultant, 'market-search');
        await search.fill('车载嵌入式');
        await search.press('Enter');
        const item = consultant.getByTestId(`market-item-${orderId}`);
        await item.waitFor();
        await expect.poll(() => consultant.locator('[data-testid^="market-item-"]').count(), POLL).toBe(1);
        expect(await item.textContent()).toContain(TITLE);
        expect(await item.textContent()).toContain('华信科技');
        expect(await item.textContent()).toContain('22%');
        expect(await item.locator('[data-tier="standard"]').textContent()).toBe('Standard');
        await shot(consultant, '03-consultant-marketplace');

        await consultant.getByTestId(`market-view-${orderId}`).click();
        await consultant.waitForURL(new RegExp(`/marketplace/${orderId}$`));
        const wording = consultant.getByTestId('order-terms-wording');
        await wording.locator('li').first().waitFor();
        const words = (await wording.textContent()) ?? '';
        expect(words).toContain('22%');
        expect(words).toContain('90-day guarantee');
        expect(words).not.toMatch(/[\u4e00-\u9fff]/); // all English
        const shownHash = ((await consultant.getByTestId('order-terms-hash').locator('code').first().textContent()) ?? '').trim();
        expect(shownHash).toMatch(HASH);
        await shot(consultant, '04-consultant-order-terms');

        await consultant.getByTestId('market-take').click();
        const takeModal = await dialog(consultant.locator('.ant-modal', { has: consultant.getByTestId('market-take-confirm') }));
        const confirmTake = takeModal.getByTestId('market-take-confirm');
        expect(await confirmTake.isDisabled()).toBe(true); // nothing is accepted before the box is ticked
        // The test id sits on the checkbox input; its words are on the label around it.
        const agree = consultant.locator('.ant-checkbox-wrapper', { has: consultant.getByTestId('market-take-agree') });
        expect(await agree.textContent()).toContain(`${shownHash.slice(0, 8)}…${shownHash.slice(-4)}`);
        await agree.click();
        await shot(consultant, '05-consultant-take-confirm');
        await confirmTake.click();
        const banner = consultant.getByTestId('market-engaged-banner');
        await banner.waitFor();
        expect(await banner.textContent()).toContain(shownHash.slice(0, 8));
        await consultant.getByTestId('market-engaged').waitFor();
        expect(await consultant.getByTestId('market-take').count()).toBe(0);

        lap('taken');
        // ── The consultant submits a candidate with a PDF résumé, right from the order just taken ─────────────────
        await banner.getByTestId('submit-candidate-for-order').click();
        // The test id sits on the modal's zero-size root; wait for the dialog inside it.
        const submitModal = await dialog(consultant.getByTestId('submit-candidate-modal').locator('.ant-modal'));
        expect(await submitModal.getByTestId('submit-order').count()).toBe(0); // the order is known: no picker
        await field(consultant, 'submit-name').fill(CANDIDATE);
        await field(consultant, 'submit-years').fill('8');
        await field(consultant, 'submit-phone').fill('+86 139-1234-5678');
        await field(consultant, 'submit-email').fill('Zhou.Xiaotong@Example.com');
        await field(consultant, 'submit-employer').fill('博世汽车部件（苏州）有限公司');
        await field(consultant, 'submit-title').fill('嵌入式软件工程师');
        await field(consultant, 'submit-salary').fill('480000');
        await field(consultant, 'submit-notes').fill('AUTOSAR 与功能安全经验 6 年，可一个月内到岗。');
        await submitModal.locator('input[type="file"]').setInputFiles({ name: 'zhou-xiaotong-resume.pdf', mimeType: 'application/pdf', buffer: minimalPdf('Zhou Xiaotong') });
        await submitModal.getByText('zhou-xiaotong-resume.pdf').first().waitFor();
        await shot(consultant, '06-consultant-submit');
        await consultant.getByTestId('submit-candidate-confirm').click();
        await toast(consultant, `Submitted ${CANDIDATE}`);
        await submitModal.waitFor({ state: 'hidden' });

        // It is listed among the consultant's submissions, with its résumé.
        await consultant.getByTestId('nav-submissions').click();
        const submissionRow = consultant.getByTestId('submission-row').filter({ hasText: CANDIDATE });
        await submissionRow.waitFor();
        expect(await submissionRow.textContent()).toContain(TITLE);
        expect(await submissionRow.locator('[data-stage="submitted"]').textContent()).toBe('Submitted');
        await submissionRow.click();
        const detail = consultant.getByTestId('submission-detail');
        await detail.waitFor();
        expect(await detail.getByTestId('submission-candidate').textContent()).toBe(CANDIDATE);
        await detail.getByTestId('resume-download').waitFor();
        expect(await detail.textContent()).toContain('zhou-xiaotong-resume.pdf');
        expect(await detail.textContent()).toContain('SHA-256');
        expect(await detail.getByTestId('submission-profile').textContent()).toContain('+86 139-1234-5678');
        await shot(consultant, '07-consultant-submitted');
        await consultant.getByTestId('submission-drawer').locator('.ant-drawer-close').click();
        await detail.waitFor({ state: 'hidden' });

        lap('submitted');
        // ── HR is told in the inbox, sees the card on the pipeline board and moves it to hired ──────────────────
        const hrInbox = await openInbox(hr, '只看未读');
        await hrInbox.getByTestId('notification-item').filter({ hasText: `向「${TITLE}」推荐了一位候选人` }).waitFor();
        await hrInbox.getByTestId('notification-item').filter({ hasText: `周杰 (顾问) 接单了「${TITLE}」` }).waitFor();
        expect(await hrInbox.getByTestId('notification-item').count()).toBe(2);
        expect(await hr.getByTestId('notification-bell').getAttribute('data-unread')).toBe('2');
        await shot(hr, '08a-hr-inbox');
        await closeInbox(hr, hrInbox);
        await hr.getByTestId('nav-orders').click();
        await hr.getByTestId(`order-row-${orderId}`).click();
        await hr.waitForURL(new RegExp(`/orders/${orderId}$`));
        await hr.getByRole('tab', { name: '接单顾问（1）' }).waitFor(); // who works on the order
        await hr.getByRole('tab', { name: '推荐进展' }).click();
        const board = hr.getByTestId('order-pipeline');
        await board.waitFor();
        const column = (stage: string) => board.getByTestId(`pipeline-column-${stage}`);
        const card = board.getByTestId('pipeline-card').filter({ hasText: CANDIDATE });
        await column('submitted').getByTestId('pipeline-card').filter({ hasText: CANDIDATE }).waitFor();
        expect(await board.textContent()).toContain('共 1 位候选人');
        expect(await card.textContent()).toContain('英桥猎头 TalentBridge'); // the delivering agency
        expect(await card.textContent()).toContain('8 年');
        await shot(hr, '08-hr-pipeline');

        lap('board');
        const moves: Array<{ to: string; action: string; label: string; from: string }> = [
          { from: '已推荐', to: 'screening', action: '进入筛选', label: '筛选中' },
          { from: '筛选中', to: 'interviewing', action: '安排面试', label: '面试中' },
          { from: '面试中', to: 'offered', action: '发放 Offer', label: '已发 Offer' },
        ];
        for (const move of moves) {
          await card.getByTestId('card-move').click();
          await hr.getByRole('menuitem', { name: move.action }).click();
          const modal = await dialog(hr.locator('.ant-modal', { hasText: `${CANDIDATE}：${move.from} → ${move.label}` }));
          await field(modal, 'move-comment').fill(`${move.label}：进展顺利`);
          await hr.getByTestId('move-confirm').click();
          await toast(hr, `已将 ${CANDIDATE} 移至「${move.label}」`);
          await column(move.to).getByTestId('pipeline-card').filter({ hasText: CANDIDATE }).waitFor();
          await modal.waitFor({ state: 'hidden' });
        }

        lap('moved');
        await card.getByTestId('card-move').click();
        await hr.getByRole('menuitem', { name: '确认入职' }).click();
        const hireModal = await dialog(hr.locator('.ant-modal', { hasText: `${CANDIDATE}：已发 Offer → 已入职` }));
        const startDate = field(hireModal, 'hire-start-date');
        await startDate.click();
        await startDate.fill(START_DATE);
        await startDate.press('Enter');
        await field(hireModal, 'hire-salary').fill('420000');
        const fee = hireModal.getByTestId('hire-fee');
        await expect.poll(() => fee.textContent(), POLL).toContain('¥92,400.00');
        expect(await fee.textContent()).toContain('22');
        await shot(hr, '09-hr-hire-modal');
        await hr.getByTestId('move-confirm').click();
        await toast(hr, `${CANDIDATE} 已确认入职，成单记录已生成`);
        await column('hired').getByTestId('pipeline-card').filter({ hasText: CANDIDATE }).waitFor();

        lap('hired');
        // ── HR follows the toast's link to the placement: pending acceptance, its terms and hash ────────────────
        await hr.locator('.ant-message-notice a', { hasText: '查看成单' }).click();
        await hr.waitForURL(/\/placements\/[^/]+$/);
        const placementId = new URL(hr.url()).pathname.split('/').pop()!;
        const pendingTag = hr.locator('[data-status="pending_acceptance"]').first();
        await pendingTag.waitFor();
        expect(await pendingTag.textContent()).toBe('待确认条款');
        expect(await hr.getByTestId('placement-pending-alert').textContent()).toContain('请以发单方身份核对并确认条款');
        expect(((await hr.getByTestId('placement-terms-hash').textContent()) ?? '').trim()).toContain(shownHash);
        expect(await hr.getByTestId('placement-fee').textContent()).toContain('¥92,400.00');
        expect(await hr.getByTestId('placement-start-date').textContent()).toContain('2027');
        expect(await hr.getByTestId('installments-table').locator('tr.ant-table-row').count()).toBe(2);
        expect(await hr.getByTestId('obligation-timeline').locator('[data-kind]').count()).toBe(11);
        await shot(hr, '10-hr-placement-pending', true);

        lap('placement');
        // The consultant is told in the inbox, and sees it among the placements, waiting for both sides.
        const consultantInbox = await openInbox(consultant, 'Unread only');
        const hiredNote = consultantInbox.getByTestId('notification-item').filter({ hasText: `A candidate is hired (starts ${START_DATE})` });
        await hiredNote.waitFor();
        expect(await hiredNote.textContent()).toContain('accept the placement terms');
        // Four stage changes and the placement; the stage names in English.
        await consultantInbox.getByTestId('notification-item').filter({ hasText: 'Offered → Hired' }).waitFor();
        expect(await consultantInbox.getByTestId('notification-item').count()).toBe(5);
        expect(await consultant.getByTestId('notification-bell').getAttribute('data-unread')).toBe('5');
        await shot(consultant, '10a-consultant-inbox');
        await closeInbox(consultant, consultantInbox);
        await consultant.getByTestId('nav-placements').click();
        const awaiting = consultant.getByTestId('placements-awaiting');
        await awaiting.waitFor();
        expect(await awaiting.textContent()).toContain('waiting for you to accept');
        const row = consultant.getByTestId(`placement-row-${placementId}`);
        await row.waitFor();
        expect(await row.textContent()).toContain(CANDIDATE);
        expect(await row.locator('[data-status="pending_acceptance"]').textContent()).toBe('Awaiting acceptance');
        await shot(consultant, '11-consultant-placements-pending');

        lap('consultant sees');
        // ── HR accepts the hash first ──────────────────────────────────────────────────────────────────────────
        const hrAccept = hr.getByTestId('placement-accept');
        expect(await hrAccept.textContent()).toMatch(/哈希 [0-9a-f]{8}…[0-9a-f]{4}/); // the agreement (terms + the hire's facts), not the terms alone
        await hrAccept.click();
        const hrConfirm = await dialog(hr.locator('.ant-modal', { hasText: '确认接受入职条款' }));
        expect(await hrConfirm.textContent()).toContain(shownHash);
        await hrConfirm.getByTestId('placement-accept-confirm').click();
        await toast(hr, '您已确认条款，等待对方确认');
        await hr.getByTestId('acceptance-card-poster').getByText(/于 .* 确认/).waitFor();
        expect(await hr.getByTestId('placement-accept').count()).toBe(0);
        expect(await hr.getByTestId('placement-pending-alert').textContent()).toContain('等待接单方确认条款');

        lap('hr accepted');
        // ── Then the consultant, in English ───────────────────────────────────────────────────────────────────
        await consultant.getByTestId(`placement-review-${placementId}`).click();
        await consultant.waitForURL(new RegExp(`/placements/${placementId}$`));
        await consultant.getByTestId('acceptance-card-poster').getByText('Accepted by').waitFor();
        expect(await consultant.getByTestId('acceptance-card-deliverer').textContent()).toContain('Your turn to accept');
        expect(((await consultant.getByTestId('placement-terms-hash').textContent()) ?? '').trim()).toContain(shownHash);
        expect(await consultant.getByTestId('terms-in-words').textContent()).not.toMatch(/[\u4e00-\u9fff]/);
        await consultant.getByTestId('placement-accept').click();
        await (await dialog(consultant.locator('.ant-modal', { hasText: 'Accept the placement terms' }))).getByTestId('placement-accept-confirm').click();
        await toast(consultant, 'Both sides have accepted: the placement is active and 11 services are scheduled');
        const activeTag = consultant.locator('[data-status="active"]').first();
        await activeTag.waitFor();
        expect(await activeTag.textContent()).toBe('In service');
        expect(await consultant.getByTestId('acceptance-card-deliverer').textContent()).toContain('Accepted by');
        expect(await consultant.getByTestId('placement-pending-alert').count()).toBe(0);

        lap('consultant accepted');
        // The obligation timeline: two installments, four check-ins for each of two respondents, the guarantee end.
        const timeline = consultant.getByTestId('obligation-timeline');
        expect(await timeline.locator('[data-kind]').count()).toBe(11);
        expect(await timeline.locator('[data-kind="installment.due"]').count()).toBe(2);
        expect(await timeline.locator('[data-kind="checkin.open"]').count()).toBe(8);
        expect(await timeline.locator('[data-kind="guarantee.end"]').count()).toBe(1);
        // Day 1 is the start date: the 90-day guarantee passes on start + 90; the check-in of day 7 opens on start + 6.
        expect(await consultant.getByTestId('timeline-date-2027-04-04').textContent()).toContain('90-day guarantee passes (last covered day 2027-04-03)');
        expect(await consultant.getByTestId('timeline-date-2027-01-10').locator('[data-kind="checkin.open"]').count()).toBe(2);
        const installments = await timeline.locator('[data-kind="installment.due"]').allTextContents();
        expect(installments.every((text) => text.includes('¥46,200.00'))).toBe(true);
        await shot(consultant, '12-consultant-placement-active', true);

        lap('timeline');
        // HR sees the same placement active, with every obligation scheduled. (Through the menu rather than a
        // reload: SPA navigation also keeps the test clear of a web/dist that another run is rebuilding.)
        await hr.getByTestId('nav-placements').click();
        await hr.getByTestId(`placement-link-${placementId}`).click();
        await hr.waitForURL(new RegExp(`/placements/${placementId}$`));
        await hr.getByTestId('placement-terms-hash').waitFor(); // the detail page, not the list it came from
        const hrActive = hr.locator('[data-status="active"]').first();
        expect(await hrActive.textContent()).toBe('服务中');
        expect(await hr.getByTestId('obligation-timeline').locator('[data-kind]').count()).toBe(11);
        expect(await hr.getByText('已排期 11 项').count()).toBe(1);
        await shot(hr, '13-hr-placement-active');

        // The order counts the hire and stays open for its second head.
        await hr.getByTestId('nav-orders').click();
        const orderRow = hr.getByTestId(`order-row-${orderId}`);
        await orderRow.waitFor();
        expect(await orderRow.textContent()).toContain('1/2 人');
        expect(await orderRow.locator('[data-status="open"]').textContent()).toBe('招聘中');
        await orderRow.click();
        await hr.waitForURL(new RegExp(`/orders/${orderId}$`));
        expect(await hr.getByTestId('order-facts').textContent()).toContain('招 2 人，已入职 1 人');
        await shot(hr, '14-hr-order-after-hire');

        lap('hr active');
        // ── What the pages showed is what was stored ──────────────────────────────────────────────────────────
        const reader = await ApiUser.signIn(server.url, 'hr@huaxin.demo');
        const stored = await reader.get<{ status: string; termsHash: string; fee: string; startDate: string; annualSalary: string; obligations: unknown[] }>(`/api/v1/placements/${placementId}`);
        expect(stored.status).toBe(200);
        expect(stored.body).toMatchObject({ status: 'active', termsHash: shownHash, fee: '92400.00', startDate: START_DATE, annualSalary: '420000.00' });
        expect(stored.body.obligations).toHaveLength(11);
        const engagements = await reader.get<{ items: { termsHash: string; consultantName: string }[] }>(`/api/v1/orders/${orderId}/engagements`);
        expect(engagements.body.items.map((e) => e.termsHash)).toEqual([shownHash]);
      } catch (error) {
        if (problems.length > 0) console.error(`[hire-flow] the pages saw:\n${problems.join('\n')}`);
        // What each side was looking at when a step failed.
        if (SHOTS) for (const [name, page] of [['hr', hr], ['consultant', consultant]] as const) await page.screenshot({ path: `${SHOTS}/failed-${name}.png` }).catch(() => undefined);
        throw error;
      } finally {
        console.info(`[hire-flow] ${((Date.now() - started) / 1000).toFixed(1)} s: ${laps.join(' · ')}`);
      }
    },
    TEST_TIMEOUT,
  );
});
