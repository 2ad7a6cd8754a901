/**
 * The after-sales lifecycle run by the scheduler (issue: lifecycle). On SQLite (a temp file):
 *   - N accepted Full-lifecycle placements (default 10,000), their obligations scheduled as acceptance does;
 *   - the manual clock advanced 180 days in daily steps, every due obligation processed through the real
 *     handlers (check-ins open, get their candidate links, reminders, close as missed and flag the placement;
 *     support tasks fall due and go overdue) — obligations per second;
 *   - baseline in the same run: raw inserts of as many rows (one transaction each, like one obligation) into a
 *     table of the same shape;
 *   - an empty tick (nothing due) with 1,000 and with 100,000 placements' pending obligations in the table.
 * Installments and the guarantee end have no handler in this area; they stay pending and are not counted.
 *
 *   node bin/run-ts.mjs bench/lifecycle.bench.ts [placements]
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { aftercareObligationHandlers } from '../src/aftercare/obligation-handlers.ts';
import { seedDemoWorld } from '../src/demo/seed.ts';
import { obligationScheduleFor } from '../src/placements/obligation-schedule.rules.ts';
import { DAY_MS, type ManualClock } from '../src/platform/clock.ts';
import { loadConfig } from '../src/platform/config.ts';
import { inTransaction, type Db } from '../src/platform/db/database.ts';
import type { PlacementsTable } from '../src/platform/db/schema.ts';
import { runDueObligations } from '../src/platform/scheduler/scheduler.ts';
import type { Terms } from '../src/plans/terms.schema.ts';
import { openTenure } from '../src/tenure.ts';

const N = Number(process.argv[2] ?? 10_000);
const DAYS = 180;

async function world(dir: string) {
  const config = loadConfig({ TENURE_DATA_DIR: dir, TENURE_CLOCK: 'manual', TENURE_LOG_LEVEL: 'silent', TENURE_WORKER: 'off' });
  const tenure = await openTenure(config);
  await seedDemoWorld(tenure.deps, () => {}, { marketplace: true });
  return tenure;
}

/** N placements cloned from a demo one (new submission and placement rows), accepted, obligations scheduled. */
async function placements(db: Db, n: number, startDate: string, plan: 'full_lifecycle' | 'none'): Promise<void> {
  const template = await db.selectFrom('placements').selectAll().executeTakeFirstOrThrow();
  const submission = await db.selectFrom('submissions').selectAll().where('id', '=', template.submission_id).executeTakeFirstOrThrow();
  const version = await db.selectFrom('plan_versions').innerJoin('plans', 'plans.id', 'plan_versions.plan_id').select(['plan_versions.id', 'plan_versions.terms', 'plan_versions.terms_hash']).where('plans.key', '=', 'full_lifecycle').executeTakeFirstOrThrow();
  const terms = JSON.parse(version.terms) as Terms;
  const now = new Date().toISOString();
  for (let i = 0; i < n; i += 500) {
    await inTransaction(db, async (tx) => {
      for (let j = i; j < Math.min(n, i + 500); j++) {
        const sid = randomUUID();
        await tx.insertInto('submissions').values({ ...submission, id: sid, phone_key: null, email_key: null }).execute();
        const row: PlacementsTable = { ...template, id: randomUUID(), submission_id: sid, start_date: startDate, status: 'active', terms: version.terms, terms_hash: version.terms_hash, plan_version_id: version.id };
        await tx.insertInto('placements').values(row).execute();
        const plannedObligations = plan === 'none' ? [] : obligationScheduleFor(terms, startDate as never, 6_000_000n, template.time_zone);
        const values = (plan === 'none' ? [{ kind: 'guarantee.end', dueAt: '2099-01-01T00:00:00.000Z', payload: {}, date: '2099-01-01' }] : plannedObligations).map((o) => ({
          id: randomUUID(), kind: o.kind, subject_type: 'placement', subject_id: row.id, org_id: row.poster_org_id, due_at: o.dueAt, status: 'pending' as const, attempts: 0, last_error: null,
          payload: JSON.stringify({ ...o.payload, date: o.date }), created_at: now, updated_at: now, completed_at: null,
        }));
        if (values.length > 0) await tx.insertInto('obligations').values(values).execute();
      }
    });
  }
}

async function lifecycleRun(): Promise<{ obligations: number; seconds: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'tenure-bench-lifecycle-'));
  const tenure = await world(dir);
  try {
    const { db, dialect } = tenure.deps;
    const clock = tenure.deps.clock as ManualClock;
    const today = clock.now().toISOString().slice(0, 10);
    await placements(db, N, today, 'full_lifecycle');
    const handlers = aftercareObligationHandlers(dialect, 'http://localhost:3000');
    let done = 0;
    const t0 = process.hrtime.bigint();
    for (let d = 0; d < DAYS; d++) {
      await clock.advance(DAY_MS);
      done += (await runDueObligations({ db, dialect, now: () => clock.now(), handlers }, { batchSize: 500 })).done;
    }
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    return { obligations: done, seconds };
  } finally {
    await tenure.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function rawInserts(count: number): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'tenure-bench-raw-'));
  const tenure = await world(dir);
  try {
    const db = tenure.deps.db;
    const now = new Date().toISOString();
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < count; i++) {
      await inTransaction(db, (tx) =>
        tx.insertInto('platform_state').values({ key: `raw:${i}:${randomUUID()}`, value: now }).execute(),
      );
    }
    return Number(process.hrtime.bigint() - t0) / 1e9;
  } finally {
    await tenure.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function emptyTick(placementCount: number): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'tenure-bench-empty-'));
  const tenure = await world(dir);
  try {
    const { db, dialect } = tenure.deps;
    await placements(db, placementCount, '2026-01-01', 'none');
    const handlers = aftercareObligationHandlers(dialect, 'http://localhost:3000');
    const samples: number[] = [];
    for (let i = 0; i < 30; i++) {
      const t0 = process.hrtime.bigint();
      await runDueObligations({ db, dialect, now: () => tenure.deps.clock.now(), handlers });
      samples.push(Number(process.hrtime.bigint() - t0) / 1e6);
    }
    samples.sort((a, b) => a - b);
    return samples[Math.floor(samples.length / 2)]!;
  } finally {
    await tenure.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const run = await lifecycleRun();
const rawSeconds = await rawInserts(run.obligations);
const small = await emptyTick(1_000);
const large = await emptyTick(100_000);
const perSecond = run.obligations / run.seconds;
const rawPerSecond = run.obligations / rawSeconds;
console.log(`machine: ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}`);
console.log(`${N} placements, ${DAYS} daily ticks: ${run.obligations} obligations in ${run.seconds.toFixed(1)} s = ${perSecond.toFixed(0)} obligations/s`);
console.log(`raw inserts of ${run.obligations} rows (one transaction each): ${rawSeconds.toFixed(1)} s = ${rawPerSecond.toFixed(0)} rows/s; ratio ${(perSecond / rawPerSecond).toFixed(3)}`);
console.log(`empty tick: ${small.toFixed(2)} ms at 1,000 placements, ${large.toFixed(2)} ms at 100,000 (ratio ${(large / small).toFixed(2)})`);
