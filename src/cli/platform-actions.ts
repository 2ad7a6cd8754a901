import { spawn } from 'node:child_process';
import { databaseIsEmpty, seedDemoWorld } from '../demo/seed.ts';
import { demoLogins, DEMO_PASSWORD } from '../demo/demo-world.ts';
import { ManualClock, calendarDateOf } from '../platform/clock.ts';
import type { Config } from '../platform/config.ts';
import { collectProcessMetrics } from '../platform/metrics.ts';
import { runDueObligations } from '../platform/scheduler/scheduler.ts';
import { deliverOutbox } from '../platform/outbox/deliver-outbox.ts';
import { advanceDays } from '../platform/scheduler/time-travel.ts';
import { startWorker } from '../platform/scheduler/worker.ts';
import { buildApp, openTenure } from '../tenure.ts';
import { writePidFile } from './pid-file.ts';
import { progressReporter } from './progress.ts';

/** What the platform commands do; loaded only when one of them runs (registered in platform-commands.ts). */

export async function serve(cfg: Config): Promise<void> {
  let tenure = await openTenure(cfg, { log: (m) => console.log(m) });
  if (cfg.seedDemo === 'auto' && (await databaseIsEmpty(tenure.deps))) {
    await tenure.close();
    console.log('Empty database: seeding the demo world …');
    await seedInChildProcess();
    tenure = await openTenure(cfg);
  }
  const { deps } = tenure;
  collectProcessMetrics(deps.metrics);
  const app = await buildApp(deps);
  await app.listen({ port: cfg.port, host: cfg.host });
  const removePidFile = deps.dialect === 'sqlite' ? writePidFile(cfg.dataDir) : () => {};
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : cfg.port;
  const worker = cfg.worker ? startWorker(deps, (m, err) => (err ? app.log.error({ err }, m) : app.log.info(m))) : null;
  printWelcome(`http://${cfg.host === '0.0.0.0' || cfg.host === '127.0.0.1' ? 'localhost' : cfg.host}:${port}`, deps.dialect, deps.clock.mode);

  // Graceful shutdown: stop accepting connections, let requests in flight and the obligation being run finish,
  // then close the database. A second signal, or the timeout, ends the process at once.
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) {
      console.error(`${signal} again: exiting without waiting`);
      process.exit(1);
    }
    stopping = true;
    console.log(`${signal}: finishing requests in flight and the running obligation, then stopping`);
    setTimeout(() => {
      console.error(`shutdown took longer than ${cfg.shutdownTimeoutMs} ms: exiting`);
      process.exit(1);
    }, cfg.shutdownTimeoutMs).unref();
    try {
      await Promise.all([worker?.stop(), app.close()]);
      await tenure.close();
    } finally {
      removePidFile();
    }
    console.log('stopped');
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

/**
 * The demo world is seeded by `tenure seed` in a child process: nine months of simulated history leave tens of MB of
 * garbage, SQLite page cache and password-hashing buffers behind that a process does not give back to the system,
 * and the server would have carried them for as long as it runs. Then `tenure tick`, also in a child, does the
 * worker's first catch-up (the thousands of outbox messages the seeding queued) for the same reason. A child ends
 * with the server.
 */
async function seedInChildProcess(): Promise<void> {
  await runChild('seed');
  await runChild('tick');
}

function runChild(command: string): Promise<void> {
  const nodeOptions = process.execArgv.filter((a) => !a.startsWith('--inspect') && !a.startsWith('--cpu-prof') && !a.startsWith('--heap-prof'));
  const child = spawn(process.execPath, [...nodeOptions, process.argv[1] ?? '', command], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return new Promise((done, fail) => {
    child.once('error', fail);
    child.once('exit', (code, signal) => (code === 0 ? done() : fail(new Error(`seeding the demo world failed: tenure ${command} ended with ${signal ?? `exit code ${code}`}`))));
  });
}

/** Started by a server for its first start: stop when it does (its end closes the channel). */
function stopWithParent(): void {
  if (!process.channel) return;
  process.channel.unref();
  process.once('disconnect', () => process.exit(1));
}

export async function migrate(cfg: Config): Promise<void> {
  const tenure = await openTenure(cfg, { log: (m) => console.log(m) });
  console.log('database is up to date');
  await tenure.close();
}

export async function seed(cfg: Config): Promise<void> {
  stopWithParent();
  const tenure = await openTenure(cfg);
  try {
    if (!(await databaseIsEmpty(tenure.deps))) throw new Error('the database already holds data; seed only an empty database');
    const bar = progressReporter('seeding');
    await seedDemoWorld(tenure.deps, bar.update, { marketplace: true, history: cfg.demoHistory });
    bar.stop();
    console.log(`seeded the demo world; every demo account's password is ${DEMO_PASSWORD}`);
  } finally {
    await tenure.close();
  }
}

export async function tick(cfg: Config): Promise<void> {
  stopWithParent();
  const tenure = await openTenure(cfg);
  try {
    const { deps } = tenure;
    const r = await runDueObligations({ db: deps.db, dialect: deps.dialect, now: () => deps.clock.now(), handlers: deps.obligationHandlers });
    console.log(`${r.done} obligations done, ${r.retried} to retry, ${r.failed} failed`);
    const sent = await deliverOutbox(deps);
    console.log(`outbox: ${sent.delivered} delivered, ${sent.retried} to retry, ${sent.dead} dead letters, ${sent.held} held`);
  } finally {
    await tenure.close();
  }
}

export async function clockShow(cfg: Config): Promise<void> {
  const tenure = await openTenure(cfg);
  const now = tenure.deps.clock.now();
  console.log(`${tenure.deps.clock.mode} clock: ${now.toISOString()} (${calendarDateOf(now, 'Asia/Shanghai')} in Asia/Shanghai)`);
  await tenure.close();
}

export async function clockAdvance(cfg: Config, days: number): Promise<void> {
  const tenure = await openTenure(cfg);
  try {
    const { deps } = tenure;
    if (!(deps.clock instanceof ManualClock)) throw new Error('the clock is the system clock; set TENURE_CLOCK=manual to move time');
    const { now, obligationsRun } = await advanceDays({ db: deps.db, dialect: deps.dialect, clock: deps.clock, handlers: deps.obligationHandlers }, days, { actorUserId: null, orgId: null });
    console.log(`platform time is now ${now.toISOString()} (${calendarDateOf(now, 'Asia/Shanghai')}); ${obligationsRun} obligations done`);
  } finally {
    await tenure.close();
  }
}

function printWelcome(url: string, dialect: string, clockMode: string): void {
  const lines = [
    '',
    `  稳聘 Tenure is running at ${url}`,
    `  API docs: ${url}/api/docs   database: ${dialect}   clock: ${clockMode}`,
    '',
    `  Demo logins (password: ${DEMO_PASSWORD}):`,
    ...demoLogins().map((l) => `    ${l.email.padEnd(28)} ${l.role}`),
    '',
  ];
  console.log(lines.join('\n'));
}
