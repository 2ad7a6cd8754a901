#!/usr/bin/env node
// `npm test`: every suite, with TZ=UTC. The PostgreSQL runs need TENURE_TEST_DATABASE_URL and the browser
// suites need /usr/bin/chromium; without them those suites are skipped with a notice, unless
// TENURE_REQUIRE_PG=1 / TENURE_REQUIRE_BROWSER=1 (as in CI), where a missing dependency fails the run.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const env = { ...process.env, TZ: 'UTC' };
const args = [join('node_modules', 'vitest', 'vitest.mjs'), 'run', ...process.argv.slice(2)];
const r = spawnSync(process.execPath, args, { stdio: 'inherit', env });
process.exit(r.status ?? 1);
