/**
 * Scheduler tick: the cost of one `runDueObligations` call should follow the number of *due* obligations, not the
 * size of the obligations table. On SQLite (a temp file), one tick processes 50 due obligations while the table
 * also holds 1,000 not-yet-due ones (baseline) and 200,000 not-yet-due ones; both in this run, their ticks alternating
 * so that background load weighs on both alike; medians and their ratio (near 1 when a tick touches only what is due).
 *
 *   node bin/run-ts.mjs bench/scheduler-tick.bench.ts
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { ManualClock } from '../src/platform/clock.ts';
import { openDatabase, type Db } from '../src/platform/db/database.ts';
import { migrate } from '../src/platform/db/migrator.ts';
import { runDueObligations, type ObligationHandlers } from '../src/platform/scheduler/scheduler.ts';

const DUE = 50;
const BASELINE_NOT_DUE = 1_000;
const LARGE_NOT_DUE = 200_000;
const ROUNDS = 25;
const WARMUP = 3;
const START = new Date('2026-11-25T09:00:00.000Z');
const DAY = 86_400_000;
const KINDS = ['bench.check_in', 'bench.guarantee_end', 'bench.installment_due'];

// Handlers do a little real work in the obligation's transaction, as real ones do (a row written).
const handlers: ObligationHandlers = Object.fromEntries(
  KINDS.map((kind) => [
    kind,
    async ({ tx, obligation }) => {
      await tx.insertInto('platform_state').values({ key: `bench:${obligation.id}`, value: obligation.kind }).execute();
    },
  ]),
);

type Row = Parameters<ReturnType<Db['insertInto']>['values']>[0];

function obligation(dueAt: Date, i: number): Row {
  const at = START.toISOString();
  return {
    id: randomUUID(),
    kind: KINDS[i % KINDS.length]!,
    subject_type: 'placement',
    subject_id: `p-${i % 5000}`,
    org_id: null,
    due_at: dueAt.toISOString(),
    status: 'pending',
    attempts: 0,
    last_error: null,
    payload: '{}',
    created_at: at,
    updated_at: at,
    completed_at: null,
  };
}

async function insertMany(db: Db, rows: Row[]): Promise<void> {
  await db.transaction().execute(async (tx) => {
    for (let i = 0; i < rows.length; i += 500) await tx.insertInto('obligations').values(rows.slice(i, i + 500) as never).execute();
  });
}

type Scenario = { notDue: number; db: Db; clock: ManualClock; times: number[]; close(): Promise<void> };

async function openScenario(notDue: number): Promise<Scenario> {
  const dir = mkdtempSync(join(tmpdir(), 'tenure-bench-'));
  const handle = openDatabase({ sqlitePath: join(dir, 'tenure.sqlite') });
  const db = handle.db;
  await migrate(db, handle.dialect, { keyedHashSecret: 'bench-secret-of-at-least-thirty-two-chars' });
  const clock = await ManualClock.open(db, START);
  // Not yet due: spread over the next two years (like check-ins and guarantee ends of live placements).
  const future: Row[] = [];
  for (let i = 0; i < notDue; i++) future.push(obligation(new Date(START.getTime() + DAY + Math.floor(Math.random() * 730 * DAY)), i));
  await insertMany(db, future);
  return {
    notDue,
    db,
    clock,
    times: [],
    close: async () => {
      await handle.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Adds 50 obligations due within the last day (untimed), then times one tick that must do exactly them. */
async function timedTick(s: Scenario): Promise<number> {
  const due: Row[] = [];
  for (let i = 0; i < DUE; i++) due.push(obligation(new Date(s.clock.now().getTime() - Math.floor(Math.random() * DAY)), i));
  await insertMany(s.db, due);
  const t0 = process.hrtime.bigint();
  const r = await runDueObligations({ db: s.db, dialect: 'sqlite', now: () => s.clock.now(), handlers });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.done !== DUE || r.failed + r.retried !== 0) throw new Error(`tick did ${JSON.stringify(r)}, expected ${DUE} done`);
  return ms;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const fmt = (ms: number) => `${ms.toFixed(2)} ms`;
console.log(`scheduler tick — SQLite, ${DUE} due obligations per tick; median of ${ROUNDS} ticks each, the two tables alternating (after ${WARMUP} warm-up rounds)`);
console.log(`machine: ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.versions.node}`);
const t0 = Date.now();
const baseline = await openScenario(BASELINE_NOT_DUE);
const large = await openScenario(LARGE_NOT_DUE);
console.log(`  (tables filled in ${((Date.now() - t0) / 1000).toFixed(1)} s)`);
try {
  // Alternate the two so that whatever else the machine is doing weighs on both alike.
  for (let round = 0; round < WARMUP + ROUNDS; round++) {
    for (const s of round % 2 === 0 ? [baseline, large] : [large, baseline]) {
      const ms = await timedTick(s);
      if (round >= WARMUP) s.times.push(ms);
    }
  }
  for (const s of [baseline, large]) {
    const pending = await s.db.selectFrom('obligations').select((eb) => eb.fn.countAll().as('n')).where('status', '=', 'pending').executeTakeFirstOrThrow();
    if (Number(pending.n) !== s.notDue) throw new Error(`expected ${s.notDue} pending, found ${String(pending.n)}`);
  }
  const [b, l] = [median(baseline.times), median(large.times)];
  console.log(`  baseline, ${BASELINE_NOT_DUE.toLocaleString('en')} not yet due: ${fmt(b)} per tick (min ${fmt(Math.min(...baseline.times))})`);
  console.log(`  large, ${LARGE_NOT_DUE.toLocaleString('en')} not yet due:  ${fmt(l)} per tick (min ${fmt(Math.min(...large.times))})`);
  const [bMin, lMin] = [Math.min(...baseline.times), Math.min(...large.times)];
  console.log(`  ratio large / baseline: ${(l / b).toFixed(2)} of the medians, ${(lMin / bMin).toFixed(2)} of the fastest ticks (the table is ${LARGE_NOT_DUE / BASELINE_NOT_DUE}x larger)`);
} finally {
  await baseline.close();
  await large.close();
}
