import { type Command, InvalidArgumentError } from 'commander';
import type { Config } from '../platform/config.ts';

// Only the command names and options live here: each action loads its code when it runs, so `--help`
// and the JSON commands start without the server's dependencies.
const actions = () => import('./platform-actions.ts');

export function registerPlatformCommands(program: Command, config: () => Promise<Config>): void {
  program
    .command('serve')
    .description('Run the API, the web app and the scheduler worker (migrates, and seeds demo data into an empty database)')
    .action(async () => (await actions()).serve(await config()));

  program
    .command('migrate')
    .description('Apply pending database migrations (forward-only) and exit')
    .action(async () => (await actions()).migrate(await config()));

  program
    .command('seed')
    .description('Seed the demo world into an empty database')
    .action(async () => (await actions()).seed(await config()));

  program
    .command('tick')
    .description('Process every obligation that is due now, then exit')
    .action(async () => (await actions()).tick(await config()));

  const clock = program.command('clock').description('Show or move platform time (moving needs TENURE_CLOCK=manual)');
  clock
    .command('show', { isDefault: true })
    .description('Print the platform time')
    .action(async () => (await actions()).clockShow(await config()));
  clock
    .command('advance')
    .description('Move manual platform time forward by whole days and run what fell due')
    .requiredOption('--days <n>', 'days to move forward (1–3650)', parseDays)
    .action(async (opts: { days: number }) => (await actions()).clockAdvance(await config(), opts.days));
}

function parseDays(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1 || n > 3650) throw new InvalidArgumentError('must be a whole number of days from 1 to 3650');
  return n;
}
