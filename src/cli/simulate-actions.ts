import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { loadConfig } from '../platform/config.ts';
import { runSimulation, type SimulationPerformance, type SimulationSummary } from '../simulator/service.ts';
import { openTenure } from '../tenure.ts';
import { progressReporter } from './progress.ts';

type SimulateCliOptions = { employers: number; agencies: number; months: number; seed: number; ordersPerMonth: number; start: string; database?: string; json?: boolean };

/** Opens a fresh database (SQLite file or DATABASE_URL), runs the simulation on it, prints the summary. */
export async function simulate(opts: SimulateCliOptions): Promise<void> {
  const databaseUrl = process.env.DATABASE_URL || undefined;
  const temp = !databaseUrl && !opts.database ? mkdtempSync(join(tmpdir(), 'tenure-simulate-')) : null;
  const sqlitePath = opts.database ? resolve(opts.database) : join(temp ?? tmpdir(), 'tenure.sqlite');
  if (!databaseUrl && opts.database && existsSync(sqlitePath)) throw new Error(`${sqlitePath} exists already: the simulator writes a new database`);
  const config = loadConfig(
    { TENURE_DATA_DIR: dirname(sqlitePath), TENURE_CLOCK: 'manual', TENURE_CLOCK_START: opts.start, TENURE_LOG_LEVEL: 'silent', TENURE_WORKER: 'off', ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}) },
    { sqlitePath },
  );
  const tenure = await openTenure(config);
  const bar = progressReporter('simulating');
  try {
    const result = await runSimulation(tenure.deps, { employers: opts.employers, agencies: opts.agencies, months: opts.months, seed: opts.seed, ordersPerEmployerMonth: opts.ordersPerMonth }, (day, days, placements) => {
      // A line per simulated week when piped; the bar redraws every day on a terminal.
      if (process.stderr.isTTY || day % 7 === 0 || day === days) bar.update(`day ${day}/${days}, ${placements} placements`, day, days);
    });
    bar.stop();
    printSummary(result.summary, result.performance, opts.json === true);
    if (!temp) console.error(`database: ${databaseUrl ? 'DATABASE_URL' : sqlitePath}`);
  } finally {
    bar.stop();
    await tenure.close();
    if (temp) rmSync(temp, { recursive: true, force: true });
  }
}

function printSummary(s: SimulationSummary, p: SimulationPerformance, json: boolean): void {
  if (json) {
    console.log(JSON.stringify({ summary: s, performance: p }, null, 2));
    return;
  }
  const lines: [string, string | number][] = [
    ['seed', s.seed],
    ['employers / agencies / consultants', `${s.employers} / ${s.agencies} / ${s.consultants}`],
    ['days simulated', s.days],
    ['job orders posted', s.orders],
    ['candidates submitted', s.submissions],
    ['placements (of which replacements)', `${s.placements} (${s.replacementPlacements})`],
    ['departures reported', s.departures],
    ['claims', `${s.claims} ${JSON.stringify(s.claimsByState)}`],
    ['disputes', `${s.disputes} ${JSON.stringify(s.disputesByOutcome)}`],
    ['check-ins answered / left unanswered', `${s.checkinsAnswered} / ${s.checkinsLeftUnanswered}`],
    ['support tasks done', s.tasksDone],
    ['payments recorded', s.paymentsRecorded],
    ['money received', s.moneyReceived],
    ['cash refunded', s.cashRefunded],
    ['guarantee pass rate', s.guaranteePassRate === null ? '—' : `${(s.guaranteePassRate * 100).toFixed(1)}%`],
    ['obligations run', s.obligationsRun],
  ];
  for (const [k, v] of lines) console.log(`${k.padEnd(38)} ${v}`);
  console.log(`${'time'.padEnd(38)} ${p.seconds.toFixed(1)} s: ${p.placementsPerSecond.toFixed(2)} placements/s, ${p.obligationsPerSecond.toFixed(0)} obligations/s, peak RSS ${p.peakRssMb.toFixed(0)} MiB`);
}
