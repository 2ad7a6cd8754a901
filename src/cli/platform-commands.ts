import { Command, InvalidArgumentError } from 'commander';
import { databaseIsEmpty, seedDemoWorld } from '../demo/seed.ts';
import { demoLogins, DEMO_PASSWORD } from '../demo/demo-world.ts';
import { DAY_MS, ManualClock, calendarDateOf } from '../platform/clock.ts';
import type { Config } from '../platform/config.ts';
import { runDueObligations } from '../platform/scheduler/scheduler.ts';
import { startWorker } from '../platform/scheduler/worker.ts';
import { buildApp, openTenure } from '../tenure.ts';
import { progressReporter } from './progress.ts';

export function registerPlatformCommands(program: Command, config: () => Config): void {
  program
    .command('serve')
    .description('Run the API, the web app and the scheduler worker (migrates, and seeds demo data into an empty database)')
    .action(async () => {
      const cfg = config();
      const tenure = await openTenure(cfg, { log: (m) => console.log(m) });
      const { deps } = tenure;
      if (cfg.seedDemo === 'auto' && (await databaseIsEmpty(deps))) {
        console.log('Empty database: seeding the demo world …');
        const bar = progressReporter('seeding');
        await seedDemoWorld(deps, bar.update, { marketplace: true });
        bar.stop();
      }
      const app = await buildApp(deps);
      await app.listen({ port: cfg.port, host: cfg.host });
      const address = app.server.address();
      const port = typeof address === 'object' && address ? address.port : cfg.port;
      const worker = cfg.worker ? startWorker(deps, (m, err) => (err ? app.log.error({ err }, m) : app.log.info(m))) : null;
      printWelcome(`http://${cfg.host === '0.0.0.0' || cfg.host === '127.0.0.1' ? 'localhost' : cfg.host}:${port}`, deps.dialect, deps.clock.mode);
      const shutdown = async () => {
        await worker?.stop();
        await app.close();
        await tenure.close();
        process.exit(0);
      };
      process.once('SIGINT', () => void shutdown());
      process.once('SIGTERM', () => void shutdown());
    });

  program
    .command('migrate')
    .description('Apply pending database migrations (forward-only) and exit')
    .action(async () => {
      const tenure = await openTenure(config(), { log: (m) => console.log(m) });
      console.log('database is up to date');
      await tenure.close();
    });

  program
    .command('seed')
    .description('Seed the demo world into an empty database')
    .action(async () => {
      const tenure = await openTenure(config());
      try {
        if (!(await databaseIsEmpty(tenure.deps))) throw new Error('the database already holds data; seed only an empty database');
        const bar = progressReporter('seeding');
        await seedDemoWorld(tenure.deps, bar.update, { marketplace: true });
        bar.stop();
        console.log(`seeded the demo world; every demo account's password is ${DEMO_PASSWORD}`);
      } finally {
        await tenure.close();
      }
    });

  program
    .command('tick')
    .description('Process every obligation that is due now, then exit')
    .action(async () => {
      const tenure = await openTenure(config());
      try {
        const { deps } = tenure;
        const r = await runDueObligations({ db: deps.db, dialect: deps.dialect, now: () => deps.clock.now(), handlers: deps.obligationHandlers });
        console.log(`${r.done} obligations done, ${r.retried} to retry, ${r.failed} failed`);
      } finally {
        await tenure.close();
      }
    });

  const clock = program.command('clock').description('Show or move platform time (moving needs TENURE_CLOCK=manual)');
  clock
    .command('show', { isDefault: true })
    .description('Print the platform time')
    .action(async () => {
      const tenure = await openTenure(config());
      const now = tenure.deps.clock.now();
      console.log(`${tenure.deps.clock.mode} clock: ${now.toISOString()} (${calendarDateOf(now, 'Asia/Shanghai')} in Asia/Shanghai)`);
      await tenure.close();
    });
  clock
    .command('advance')
    .description('Move manual platform time forward by whole days and run what fell due')
    .requiredOption('--days <n>', 'days to move forward (1–3650)', parseDays)
    .action(async (opts: { days: number }) => {
      const tenure = await openTenure(config());
      try {
        const { deps } = tenure;
        if (!(deps.clock instanceof ManualClock)) throw new Error('the clock is the system clock; set TENURE_CLOCK=manual to move time');
        const now = await deps.clock.advance(opts.days * DAY_MS);
        const r = await runDueObligations({ db: deps.db, dialect: deps.dialect, now: () => deps.clock.now(), handlers: deps.obligationHandlers });
        console.log(`platform time is now ${now.toISOString()} (${calendarDateOf(now, 'Asia/Shanghai')}); ${r.done} obligations done`);
      } finally {
        await tenure.close();
      }
    });
}

function parseDays(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1 || n > 3650) throw new InvalidArgumentError('must be a whole number of days from 1 to 3650');
  return n;
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
