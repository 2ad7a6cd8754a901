import { type Command, InvalidArgumentError } from 'commander';

/** `npx tenure simulate`: a market run through the real services on its own database (docs/simulator.md). */
export function registerSimulateCommands(program: Command): void {
  program
    .command('simulate')
    .description('Simulate a market (orders, hires, check-ins, departures, claims, refunds, replacements, disputes) through the real services and the manual clock, on its own database')
    .option('--employers <n>', 'employer orgs (1–1000)', count(1, 1000), 5)
    .option('--agencies <n>', 'agency orgs, 3 consultants each (1–500)', count(1, 500), 3)
    .option('--months <n>', 'months of 30 days to run (1–60)', count(1, 60), 6)
    .option('--seed <n>', 'seed of the random draws: one seed, one history', count(0, 2 ** 31 - 1), 1)
    .option('--orders-per-month <n>', 'job orders each employer posts per month, on average (1–30)', count(1, 30), 2)
    .option('--start <date>', 'the first day of the simulation (YYYY-MM-DD)', '2026-01-05')
    .option('--database <file>', 'SQLite file to write (must not exist yet); default: a temporary file, removed at the end. DATABASE_URL selects PostgreSQL instead (an empty database)')
    .option('--json', 'print the summary as JSON only')
    .action(async (opts: SimulateCliOptions) => {
      const { simulate } = await import('./simulate-actions.ts');
      await simulate(opts);
    });
}

type SimulateCliOptions = { employers: number; agencies: number; months: number; seed: number; ordersPerMonth: number; start: string; database?: string; json?: boolean };

function count(min: number, max: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!/^\d+$/.test(value) || n < min || n > max) throw new InvalidArgumentError(`must be a whole number from ${min} to ${max}`);
    return n;
  };
}
