import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { seedDemoWorld, type DemoIds } from '../../src/demo/seed.ts';
import type { Clock } from '../../src/platform/clock.ts';
import { loadConfig, type Config } from '../../src/platform/config.ts';
import type { AppDeps } from '../../src/platform/deps.ts';
import type { App } from '../../src/platform/http/types.ts';
import type { ObligationHandlers } from '../../src/platform/scheduler/scheduler.ts';
import { buildApp, openTenure } from '../../src/tenure.ts';
import { createTestDatabase } from './databases.ts';

/**
 * The first date of every test server's manual clock: the tests' fixed dates (start dates, last working days)
 * are written against it, so they keep their meaning however long after it the suite runs.
 */
export const TEST_TODAY = '2026-11-29';

export type TestServer = { url: string; app: App; deps: AppDeps; ids: DemoIds; close(): Promise<void> };

export type TestServerOptions = {
  database?: 'sqlite' | 'postgres';
  seedDemo?: boolean;
  clock?: 'manual' | 'system';
  config?: Partial<Config>;
  wallClock?: Clock;
  handlers?: ObligationHandlers;
  web?: boolean;
  /** Also seed the demo marketplace (orders, engagements, submissions, placements). */
  demoMarketplace?: boolean;
  /** Seed the demo orgs' simulated history first, as `npm start` does (seconds: only the suites about it). */
  demoHistory?: boolean;
};

/**
 * Traffic waves off (every tier sees a new order at once): the suites about posting, submitting, hiring and after-sales
 * take orders the moment they open, and are not about traffic weighting. The traffic tests pass the real waves
 * (`REAL_WAVES`) and move the manual clock; the engagement caps by tier stay in force everywhere.
 */
export const WAVES_OFF = { S: 0, A: 0, B: 0, C: 0 };

/** A real Tenure server on a free port, over a fresh database, seeded with the demo world by default. */
export async function startTestServer(opts: TestServerOptions = {}): Promise<TestServer> {
  const database = await createTestDatabase(opts.database ?? 'sqlite');
  const config = loadConfig(
    { TENURE_DATA_DIR: database.dataDir, TENURE_CLOCK: opts.clock ?? 'manual', TENURE_CLOCK_START: TEST_TODAY, TENURE_LOG_LEVEL: 'silent', TENURE_WORKER: 'off' },
    { databaseUrl: database.databaseUrl, port: 0, ...opts.config },
  );
  if (opts.config?.traffic === undefined) config.traffic = { ...config.traffic, waveMinutes: WAVES_OFF };
  const tenure = await openTenure(config, { ...(opts.wallClock ? { wallClock: opts.wallClock } : {}), ...(opts.handlers ? { handlers: opts.handlers } : {}) });
  const ids = opts.seedDemo === false ? { orgs: {}, users: {} } : await seedDemoWorld(tenure.deps, () => {}, { marketplace: opts.demoMarketplace ?? false, history: opts.demoHistory ?? false });
  if (opts.web) ensureWebBuilt();
  const app = await buildApp(tenure.deps, { logger: false });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    app,
    deps: tenure.deps,
    ids,
    close: async () => {
      await app.close();
      await tenure.close();
      await database.drop();
    },
  };
}

/** The browser tests need the built web app; the global setup builds it once before any test runs. */
export function ensureWebBuilt(): void {
  if (!existsSync(join(process.cwd(), 'web', 'dist', 'index.html'))) throw new Error('web/dist is missing: run the tests through vitest (its global setup builds the web app)');
}
