import type { Db, Dialect, Tx } from '../platform/db/database.ts';
import { deferredPart, flushDeferred, type DeferredPart } from '../platform/db/deferred-writes.ts';
import { toNumber, type RatingCountersTable } from '../platform/db/schema.ts';
import { METRICS, type Metric, type Tallies } from './score.rules.ts';

/**
 * Rating queries. An outcome is one row of `rating_outcomes` (by key); the counters of its consultant, its agency
 * and the platform are running sums, so recording one outcome touches one outcome row and three counter rows.
 */

/** Successes are stored in quarters: every success in the rules is a multiple of ¼ (an integer here). */
export const QUARTERS = 4;

export type StoredOutcome = { key: string; consultantId: string; agencyOrgId: string; placementId: string | null; metric: Metric; successesQ: number; trials: number };

export async function findOutcome(db: Db, key: string): Promise<StoredOutcome | undefined> {
  const r = await db.selectFrom('rating_outcomes').selectAll().where('key', '=', key).executeTakeFirst();
  return r && { key: r.key, consultantId: r.consultant_id, agencyOrgId: r.agency_org_id, placementId: r.placement_id, metric: r.metric as Metric, successesQ: toNumber(r.successes_q), trials: toNumber(r.trials) };
}

export async function upsertOutcome(db: Db, o: StoredOutcome, at: string): Promise<void> {
  await db
    .insertInto('rating_outcomes')
    .values({ key: o.key, consultant_id: o.consultantId, agency_org_id: o.agencyOrgId, placement_id: o.placementId, metric: o.metric, successes_q: o.successesQ, trials: o.trials, recorded_at: at })
    .onConflict((oc) => oc.column('key').doUpdateSet({ metric: o.metric, successes_q: o.successesQ, trials: o.trials, recorded_at: at }))
    .execute();
}

type CounterDelta = { scope: RatingCountersTable['scope']; scopeId: string; agencyOrgId: string | null; metric: Metric; dq: number; dt: number };

/**
 * Adds `dq` quarters and `dt` trials to one counter row (created at zero when missing). In a scheduler batch
 * (deferred-writes.ts) the deltas add up in memory and are written at its end: the platform's counter is one row
 * every outcome touches, and a batch holding its lock from its first outcome to its commit would make every other
 * process's batch wait for it.
 */
export async function addToCounter(db: Db, c: CounterDelta): Promise<void> {
  const deferred = db.isTransaction ? deferredPart(db as Tx, COUNTER_DELTAS, () => new DeferredCounterDeltas()) : undefined;
  if (deferred) deferred.add(c);
  else await upsertCounterDelta(db, c);
}

async function upsertCounterDelta(db: Db, c: CounterDelta): Promise<void> {
  await db
    .insertInto('rating_counters')
    .values({ scope: c.scope, scope_id: c.scopeId, metric: c.metric, agency_org_id: c.agencyOrgId, successes_q: c.dq, trials: c.dt })
    .onConflict((oc) =>
      oc.columns(['scope', 'scope_id', 'metric']).doUpdateSet((eb) => ({
        successes_q: eb('rating_counters.successes_q', '+', c.dq),
        trials: eb('rating_counters.trials', '+', c.dt),
      })),
    )
    .execute();
}

const COUNTER_DELTAS = 'rating_counters';

/** A batch's counter deltas, summed by row; written in key order, so two batches lock the rows in the same order. */
class DeferredCounterDeltas implements DeferredPart {
  private deltas = new Map<string, CounterDelta>();

  add(c: CounterDelta): void {
    const key = `${c.scope}\u0000${c.scopeId}\u0000${c.metric}`;
    const was = this.deltas.get(key);
    this.deltas.set(key, was ? { ...was, dq: was.dq + c.dq, dt: was.dt + c.dt } : { ...c });
  }

  mark(): unknown {
    return new Map(this.deltas);
  }

  rollbackTo(mark: unknown): void {
    this.deltas = new Map(mark as Map<string, CounterDelta>);
  }

  async flush(tx: Tx): Promise<void> {
    const keys = [...this.deltas.keys()].sort();
    for (const key of keys) {
      const c = this.deltas.get(key)!;
      if (c.dq !== 0 || c.dt !== 0) await upsertCounterDelta(tx, c);
    }
    this.deltas.clear();
  }
}

/** Counters are read in a transaction: what a batch has added so far is written first. */
async function writeWaitingDeltas(db: Db): Promise<void> {
  if (db.isTransaction) await flushDeferred(db as Tx, COUNTER_DELTAS);
}

export const emptyTallies = (): Record<Metric, { successes: number; trials: number }> =>
  Object.fromEntries(METRICS.map((m) => [m, { successes: 0, trials: 0 }])) as Record<Metric, { successes: number; trials: number }>;

function addRow(t: Record<Metric, { successes: number; trials: number }>, r: { metric: string; successes_q: number | string | bigint; trials: number | string | bigint }): void {
  const m = r.metric as Metric;
  if (!(METRICS as readonly string[]).includes(m)) return;
  t[m].successes += toNumber(r.successes_q) / QUARTERS;
  t[m].trials += toNumber(r.trials);
}

/** The tallies of one scope (a consultant, an agency, the platform): at most six rows by primary key. */
export async function talliesOf(db: Db, scope: RatingCountersTable['scope'], scopeId: string): Promise<Tallies> {
  const t = emptyTallies();
  await writeWaitingDeltas(db);
  const rows = await db.selectFrom('rating_counters').select(['metric', 'successes_q', 'trials']).where('scope', '=', scope).where('scope_id', '=', scopeId).execute();
  for (const r of rows) addRow(t, r);
  return t;
}

/** The tallies of many consultants at once (a page of a listing). */
export async function consultantTallies(db: Db, consultantIds: readonly string[]): Promise<Map<string, Tallies>> {
  const out = new Map<string, Record<Metric, { successes: number; trials: number }>>();
  for (const id of consultantIds) out.set(id, emptyTallies());
  if (consultantIds.length === 0) return out;
  await writeWaitingDeltas(db);
  const rows = await db.selectFrom('rating_counters').select(['scope_id', 'metric', 'successes_q', 'trials']).where('scope', '=', 'consultant').where('scope_id', 'in', [...consultantIds]).execute();
  for (const r of rows) {
    const t = out.get(r.scope_id);
    if (t) addRow(t, r);
  }
  return out;
}

/** Every consultant and agency that has an outcome or a running sum: the subjects a recomputation goes over. */
export async function ratedSubjects(db: Db): Promise<{ consultants: { id: string; agencyOrgId: string }[]; agencies: string[] }> {
  await writeWaitingDeltas(db);
  const fromOutcomes = await db.selectFrom('rating_outcomes').select(['consultant_id', 'agency_org_id']).distinct().execute();
  const fromCounters = await db.selectFrom('rating_counters').select(['scope', 'scope_id', 'agency_org_id']).where('scope', 'in', ['consultant', 'agency']).distinct().execute();
  const consultants = new Map<string, string>();
  const agencies = new Set<string>();
  for (const r of fromOutcomes) {
    consultants.set(r.consultant_id, r.agency_org_id);
    agencies.add(r.agency_org_id);
  }
  for (const r of fromCounters) {
    if (r.scope === 'agency') agencies.add(r.scope_id);
    else if (!consultants.has(r.scope_id) && r.agency_org_id) consultants.set(r.scope_id, r.agency_org_id);
  }
  return {
    consultants: [...consultants].map(([id, agencyOrgId]) => ({ id, agencyOrgId })).sort((a, b) => (a.id < b.id ? -1 : 1)),
    agencies: [...agencies].sort(),
  };
}

export type Sums = Map<Metric, { successesQ: number; trials: number }>;

/**
 * One scope's running sums, its rows locked on PostgreSQL (an outcome landing meanwhile waits for the
 * recomputation to commit, then adds to what it wrote; SQLite serializes writers anyway).
 */
export async function lockCounters(tx: Db, dialect: Dialect, scope: RatingCountersTable['scope'], scopeId: string): Promise<Sums> {
  await writeWaitingDeltas(tx);
  let q = tx.selectFrom('rating_counters').select(['metric', 'successes_q', 'trials']).where('scope', '=', scope).where('scope_id', '=', scopeId).orderBy('metric');
  if (dialect === 'postgres') q = q.forUpdate();
  const out: Sums = new Map();
  for (const r of await q.execute()) out.set(r.metric as Metric, { successesQ: toNumber(r.successes_q), trials: toNumber(r.trials) });
  return out;
}

/** The sums of the outcome rows of a consultant, an agency or the whole platform, by metric. */
export async function outcomeSums(tx: Db, scope: RatingCountersTable['scope'], scopeId: string): Promise<Sums> {
  let q = tx
    .selectFrom('rating_outcomes')
    .select((eb) => ['metric', eb.fn.sum<number | string>('successes_q').as('q'), eb.fn.sum<number | string>('trials').as('t')])
    .groupBy('metric');
  if (scope === 'consultant') q = q.where('consultant_id', '=', scopeId);
  if (scope === 'agency') q = q.where('agency_org_id', '=', scopeId);
  const out: Sums = new Map();
  for (const r of await q.execute()) out.set(r.metric as Metric, { successesQ: toNumber(r.q ?? 0), trials: toNumber(r.t ?? 0) });
  return out;
}

/** Sets one counter row to exact values (created when missing). */
export async function setCounter(tx: Db, c: { scope: RatingCountersTable['scope']; scopeId: string; agencyOrgId: string | null; metric: Metric; successesQ: number; trials: number }): Promise<void> {
  await writeWaitingDeltas(tx);
  await tx
    .insertInto('rating_counters')
    .values({ scope: c.scope, scope_id: c.scopeId, metric: c.metric, agency_org_id: c.agencyOrgId, successes_q: c.successesQ, trials: c.trials })
    .onConflict((oc) => oc.columns(['scope', 'scope_id', 'metric']).doUpdateSet({ successes_q: c.successesQ, trials: c.trials }))
    .execute();
}
