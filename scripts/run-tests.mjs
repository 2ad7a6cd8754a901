#!/usr/bin/env node
// `npm test`: every suite, with TZ=UTC. The PostgreSQL runs need TENURE_TEST_DATABASE_URL and the browser
// suites need /usr/bin/chromium; without them those suites are skipped with a notice, unless
// TENURE_REQUIRE_PG=1 / TENURE_REQUIRE_BROWSER=1 (as in CI), where a missing dependency fails the run.
// Browser suites run after the others, one file at a time: several Chromiums at once on a small
// machine make timing-sensitive pages flaky without testing anything more.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const env = { ...process.env, TZ: 'UTC' };
const vitest = join('node_modules', 'vitest', 'vitest.mjs');
const extra = process.argv.slice(2);
const run = (args) => spawnSync(process.execPath, [vitest, 'run', ...args, ...extra], { stdio: 'inherit', env }).status ?? 1;

if (extra.length > 0) process.exit(run([]));
// The boundaries of ARCHITECTURE.md ("What may call what") first: a violation fails the run before any suite.
const lint = spawnSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['run', '--silent', 'lint'], { stdio: 'inherit', env }).status ?? 1;
if (lint !== 0) process.exit(lint);
const first = run(['--exclude', 'test/browser/**']);
// One retry for a browser test that fails once: Chromium on a loaded 2-core machine now and then loses an
// animation-time click; a real fault fails twice and still fails the run.
const second = run(['--no-file-parallelism', '--retry', '1', 'test/browser']);
process.exit(first || second);
