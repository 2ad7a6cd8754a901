import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
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
