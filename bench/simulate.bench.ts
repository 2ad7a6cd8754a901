/**
 * The market simulator at scale (docs/simulator.md): a year of a simulated market on SQLite (a temp file), every
 * step through the real services and the scheduler's handlers — placements and obligations per second, by the wall
 * clock and by this process's CPU time, and the peak resident memory.
 *
 * Baseline in the same run: raw inserts of as many rows as the simulation ran obligations, one transaction each, on a
 * database of the same kind; the ratio says how far from a bare commit per obligation the full market is (each
 * simulated placement also costs its hire, acceptances, check-ins, tasks, payments and claims, all audited).
 *
 *   node bin/run-ts.mjs bench/simulate.bench.ts [employers] [agencies] [months] [ordersPerEmployerMonth]
 *   (default 60 employers, 20 agencies, 12 months, 3 orders per employer and month: about 2,000 placements)
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../src/platform/config.ts';
import { inTransaction } from '../src/platform/db/database.ts';
import { runSimulation } from '../src/simulator/service.ts';
import { openTenure } from '../src/tenure.ts';

const [employers, agencies, months, orders] = [60, 20, 12, 3].map((d, i) => Number(process.argv[2 + i] ?? d)) as [number, number, number, number];

async function opened(prefix: string) {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const config = loadConfig({ TENURE_DATA_DIR: dir, TENURE_CLOCK: 'manual', TENURE_CLOCK_START: '2026-01-05', TENURE_LOG_LEVEL: 'silent', TENURE_WORKER: 'off' });
  return { dir, tenure: await openTenure(config) };
}

const sim = await opened('tenure-bench-simulate-');
const cpu0 = process.cpuUsage();
let lastLine = 0;
const result = await runSimulation(sim.tenure.deps, { employers, agencies, months, seed: 1, ordersPerEmployerMonth: orders }, (day, days, placements) => {
  if (day - lastLine >= 30 || day === days) {
    lastLine = day;
    console.error(`day ${day}/${days}: ${placements} placements`);
  }
});
const cpu = process.cpuUsage(cpu0);
const cpuSeconds = (cpu.user + cpu.system) / 1e6;
await sim.tenure.close();
rmSync(sim.dir, { recursive: true, force: true });

const raw = await opened('tenure-bench-simulate-raw-');
const n = result.summary.obligationsRun;
const t0 = process.hrtime.bigint();
const rawCpu0 = process.cpuUsage();
const now = new Date().toISOString();
for (let i = 0; i < n; i++) await inTransaction(raw.tenure.deps.db, async (tx) => void (await tx.insertInto('platform_state').values({ key: `raw:${i}:${randomUUID()}`, value: now }).execute()));
const rawSeconds = Number(process.hrtime.bigint() - t0) / 1e9;
const rawCpuUsage = process.cpuUsage(rawCpu0);
const rawCpu = (rawCpuUsage.user + rawCpuUsage.system) / 1e6;
await raw.tenure.close();
rmSync(raw.dir, { recursive: true, force: true });

const s = result.summary;
const p = result.performance;
console.log(`machine: ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
console.log(`simulated ${s.months} months, ${s.employers} employers, ${s.agencies} agencies (${s.consultants} consultants), seed ${s.seed}: ${s.orders} orders, ${s.submissions} submissions, ${s.placements} placements (${s.replacementPlacements} replacements), ${s.departures} departures, ${s.claims} claims ${JSON.stringify(s.claimsByState)}, ${s.disputes} disputes, ${s.paymentsRecorded} payments, ${s.moneyReceived} received, ${s.cashRefunded} refunded`);
console.log(`${p.seconds.toFixed(1)} s wall (${cpuSeconds.toFixed(1)} s CPU): ${p.placementsPerSecond.toFixed(2)} placements/s wall, ${(s.placements / cpuSeconds).toFixed(2)} per CPU s; ${s.obligationsRun} obligations = ${p.obligationsPerSecond.toFixed(0)}/s wall, ${(s.obligationsRun / cpuSeconds).toFixed(0)} per CPU s; peak RSS ${p.peakRssMb.toFixed(0)} MiB`);
console.log(`baseline: raw inserts of ${n} rows, one transaction each: ${rawSeconds.toFixed(1)} s = ${(n / rawSeconds).toFixed(0)} rows/s wall, ${(n / rawCpu).toFixed(0)} per CPU s; ratio simulation obligations/s ÷ raw rows/s ${(p.obligationsPerSecond / (n / rawSeconds)).toFixed(3)} wall, ${(s.obligationsRun / cpuSeconds / (n / rawCpu)).toFixed(3)} CPU`);
