// Ratings (BENCHMARKS.md, "Ratings"): recomputing a consultant's rating when one outcome lands, at 100,000
// placements on SQLite (DESIGN §4.9; the bound is 50 ms).
//
// Set-up (untimed): outcomes of P placements (default 100,000; RATINGS_BENCH_PLACEMENTS=n for another size)
// spread over 500 consultants in 50 agencies — each placement a guarantee (passed or failed), a 180-day retention,
// two tasks, one candidate check-in, and one claim in ten — written as rows of `rating_outcomes` with the running
// sums of `rating_counters` that the service keeps, by raw better-sqlite3.
// Timed, in the same run:
//   - incremental: what the service does when an outcome lands — `countOutcome` (one outcome row and three counter
//     rows, in a transaction) then `consultantRating` (the consultant's and the platform's counters → score, tier);
//   - baseline: the same rating recomputed from scratch, summing the outcome rows of the consultant and of the whole
//     platform (what a recompute without counters reads);
// median and 95th percentile of 300 outcomes each, and the ratio.
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import { openDatabase } from '../src/platform/db/database.ts';
import { migrate } from '../src/platform/db/migrator.ts';
import { countOutcome } from '../src/ratings/outcomes.service.ts';
import { DEFAULT_RATING_CONFIG, METRICS, rate, type Metric, type Tallies } from '../src/ratings/score.rules.ts';
import { consultantRating } from '../src/ratings/tier.service.ts';

const P = Number(process.env.RATINGS_BENCH_PLACEMENTS ?? 100_000);
const CONSULTANTS = 500;
const AGENCIES = 50;
const SAMPLES = 300;
const dir = mkdtempSync(join(tmpdir(), 'tenure-ratings-bench-'));
const consultant = (i: number) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
const agencyOf = (c: number) => `00000000-0000-4000-9000-${String(c % AGENCIES).padStart(12, '0')}`;

function populate(file: string): number {
  const db = new SQLite(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  const insert = db.prepare('INSERT INTO rating_outcomes (key, consultant_id, agency_org_id, placement_id, metric, successes_q, trials, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
  const sums = new Map<string, { q: number; t: number; agency: string | null }>();
  const add = (scope: string, id: string, agency: string | null, metric: string, q: number, t: number) => {
    const k = `${scope}|${id}|${metric}`;
    const s = sums.get(k) ?? { q: 0, t: 0, agency };
    s.q += q;
    s.t += t;
    sums.set(k, s);
  };
  let rows = 0;
  const at = new Date().toISOString();
  db.transaction(() => {
    for (let p = 0; p < P; p++) {
      const c = p % CONSULTANTS;
      const cid = consultant(c);
      const aid = agencyOf(c);
      const pid = `p-${p}`;
      // Consultants differ: the lower the number, the better the outcomes (so tiers spread).
      const good = (p * 7919) % 100 >= 10 + (c % 20);
      const outcomes: [string, Metric, number, number][] = [
        [`guarantee:${pid}`, 'guaranteePass', good ? 4 : 0, 1],
        [`retention180:${pid}`, 'retention180', good ? 4 : 0, 1],
        [`task:${pid}:1`, 'onTime', 4, 1],
        [`task:${pid}:2`, 'onTime', p % 9 === 0 ? 0 : 4, 1],
        [`checkin:${pid}`, 'onTime', p % 5 === 0 ? 0 : 4, 1],
      ];
      if (p % 10 === 0) outcomes.push([`claim:${pid}`, 'claimFree', good ? 4 : 0, 1]);
      for (const [key, metric, q, t] of outcomes) {
        insert.run(key, cid, aid, pid, metric, q, t, at);
        rows++;
        add('consultant', cid, aid, metric, q, t);
        add('agency', aid, null, metric, q, t);
        add('platform', 'all', null, metric, q, t);
      }
    }
    const counter = db.prepare('INSERT INTO rating_counters (scope, scope_id, metric, agency_org_id, successes_q, trials) VALUES (?, ?, ?, ?, ?, ?)');
    for (const [k, s] of sums) {
      const [scope, id, metric] = k.split('|');
      counter.run(scope, id, metric, s.agency, s.q, s.t);
    }
  })();
  db.close();
  return rows;
}

const percentile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))] as number;

async function main() {
  const file = join(dir, 'ratings.sqlite');
  const handle = openDatabase({ sqlitePath: file });
  await migrate(handle.db, handle.dialect, { keyedHashSecret: 'ratings-bench-secret-of-at-least-32-chars' });
  await handle.close();
  const t0 = performance.now();
  const rows = populate(file);
  console.log(`ratings bench: ${P.toLocaleString('en-US')} placements, ${rows.toLocaleString('en-US')} outcomes, ${CONSULTANTS} consultants; set up in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  const { db } = openDatabase({ sqlitePath: file });
  const config = { ratingTiers: DEFAULT_RATING_CONFIG.tiers };

  const incremental: number[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    const c = (i * 37) % CONSULTANTS;
    const now = new Date();
    const t = performance.now();
    await db.transaction().execute((tx) => countOutcome(tx, now, { consultantId: consultant(c), agencyOrgId: agencyOf(c), placementId: `new-${i}` }, `bench:${i}`, { kind: 'guarantee', result: i % 4 === 0 ? 'failed' : 'passed' }));
    await consultantRating(db, config, consultant(c));
    incremental.push(performance.now() - t);
  }

  const scan = async (where: { consultantId?: string }): Promise<Tallies> => {
    let q = db.selectFrom('rating_outcomes').select(['metric', sql<number>`sum(successes_q)`.as('q'), sql<number>`sum(trials)`.as('t')]).groupBy('metric');
    if (where.consultantId) q = q.where('consultant_id', '=', where.consultantId);
    const out = Object.fromEntries(METRICS.map((m) => [m, { successes: 0, trials: 0 }])) as Record<Metric, { successes: number; trials: number }>;
    for (const r of await q.execute()) if ((METRICS as readonly string[]).includes(r.metric)) out[r.metric as Metric] = { successes: Number(r.q) / 4, trials: Number(r.t) };
    return out;
  };
  const baseline: number[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    const c = (i * 37) % CONSULTANTS;
    const t = performance.now();
    rate(await scan({ consultantId: consultant(c) }), await scan({}), DEFAULT_RATING_CONFIG);
    baseline.push(performance.now() - t);
  }
  // The two must agree: the counters are the sums of the outcome rows.
  const check = consultant(0);
  const a = await consultantRating(db, config, check);
  const b = rate(await scan({ consultantId: check }), await scan({}), DEFAULT_RATING_CONFIG);
  if (Math.abs(a.score - b.score) > 1e-9 || a.tier !== b.tier) throw new Error(`counters and outcome rows disagree: ${a.score} vs ${b.score}`);

  const med = (xs: number[]) => percentile(xs, 0.5);
  console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, node ${process.version}`);
  console.log(`incremental (countOutcome + consultantRating): median ${med(incremental).toFixed(2)} ms, p95 ${percentile(incremental, 0.95).toFixed(2)} ms, max ${Math.max(...incremental).toFixed(2)} ms`);
  console.log(`baseline (sum the outcome rows of the consultant and the platform): median ${med(baseline).toFixed(2)} ms, p95 ${percentile(baseline, 0.95).toFixed(2)} ms`);
  console.log(`ratio incremental / baseline (medians): ${(med(incremental) / med(baseline)).toFixed(4)}`);
  console.log(`bound 50 ms per outcome: ${percentile(incremental, 0.95) <= 50 ? 'met' : 'NOT met'} (p95)`);
  await db.destroy();
  rmSync(dir, { recursive: true, force: true });
}

await main();
