import { execFileSync } from 'node:child_process';

/**
 * Runs once before any test file: builds the web app when it is missing or stale, so browser test
 * files running in parallel never rebuild web/dist under each other's servers.
 */
export default function setup(): void {
  execFileSync(process.execPath, ['scripts/build-web-if-stale.mjs'], { stdio: 'inherit' });
}
