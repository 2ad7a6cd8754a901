import { execFileSync } from 'node:child_process';

/**
 * Runs once before any test file: builds the web app and the compiled server/CLI (dist/server) when they are
 * missing or stale, so test files running in parallel never rebuild them under each other's processes.
 */
export default function setup(): void {
  execFileSync(process.execPath, ['scripts/build-web-if-stale.mjs'], { stdio: 'inherit' });
  execFileSync(process.execPath, ['scripts/build-server-if-stale.mjs'], { stdio: 'inherit' });
}
