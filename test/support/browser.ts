import { existsSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../../src/demo/demo-world.ts';
import { describe } from 'vitest';

/** Debian's Chromium, driven by playwright-core (no downloaded browser). */
export const CHROMIUM_PATH = process.env.TENURE_CHROMIUM ?? '/usr/bin/chromium';

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export function browserAvailable(): boolean {
  return existsSync(CHROMIUM_PATH);
}

/** `TENURE_REQUIRE_BROWSER=1` (set by CI) turns a missing browser into a failure instead of a skip. */
export function browserRequired(): boolean {
  return process.env.TENURE_REQUIRE_BROWSER === '1';
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}

function chooseDescribe(): typeof describe | typeof describe.skip {
  if (browserAvailable()) return describe;
  if (browserRequired()) {
    throw new Error(`TENURE_REQUIRE_BROWSER=1 but no Chromium at ${CHROMIUM_PATH}; install it with: apt-get install -y chromium`);
  }
  console.warn(`[tenure] browser tests skipped: no Chromium at ${CHROMIUM_PATH} (apt-get install -y chromium to run them)`);
  return describe.skip;
}

/** `describe` when Chromium is installed, else `describe.skip` with a printed notice (or a failure in CI). */
export const describeBrowser: typeof describe = chooseDescribe() as typeof describe;

export type PageOptions = {
  locale?: 'zh-CN' | 'en';
  viewport?: { width: number; height: number };
  /** How long a step may wait (a loaded 2-core CI machine is slow). */
  timeoutMs?: number;
  /** Who uses the page, as `watch` is told (a signed-in page: the e-mail). */
  who?: string;
};

/**
 * One Chromium for a suite, with pages in contexts of their own (one person each) and demo sign-in.
 * `watch` sees every page opened, for a suite that collects console messages or failed loads.
 */
export type BrowserSuite = {
  newPage(options?: PageOptions): Promise<Page>;
  /** A page signed in as a demo user (password `tenure-demo`), the home page loaded. */
  signedIn(email: string, options?: PageOptions): Promise<Page>;
  close(): Promise<void>;
};

export async function openBrowserSuite(serverUrl: string, watch: (page: Page, who: string) => void = () => {}): Promise<BrowserSuite> {
  const browser = await launchBrowser();
  const contexts: BrowserContext[] = [];
  const newPage = async ({ locale = 'zh-CN', viewport = { width: 1440, height: 960 }, timeoutMs = 15_000, who = 'anonymous' }: PageOptions = {}): Promise<Page> => {
    const context = await browser.newContext({ locale, viewport });
    contexts.push(context);
    const page = await context.newPage();
    page.setDefaultTimeout(timeoutMs);
    // The app keeps the chosen language in local storage; the browser's language is only its first guess.
    if (locale === 'en') await page.addInitScript(() => window.localStorage.setItem('tenure.locale', 'en'));
    watch(page, who);
    return page;
  };
  return {
    newPage,
    async signedIn(email, options) {
      const page = await newPage({ who: email, ...options });
      await page.goto(`${serverUrl}/login`);
      await page.getByTestId('login-email').fill(email);
      await page.getByTestId('login-password').fill(DEMO_PASSWORD);
      await page.getByTestId('login-submit').click();
      await page.getByTestId('nav-home').waitFor();
      return page;
    },
    async close() {
      for (const context of contexts) await context.close().catch(() => undefined);
      await browser.close();
    },
  };
}
