import type { Db } from '../platform/db/database.ts';
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

/** Adds `dq` quarters and `dt` trials to one counter row (created at zero when missing). */
export async function addToCounter(db: Db, c: { scope: RatingCountersTable['scope']; scopeId: string; agencyOrgId: string | null; metric: Metric; dq: number; dt: number }): Promise<void> {
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
  const rows = await db.selectFrom('rating_counters').select(['metric', 'successes_q', 'trials']).where('scope', '=', scope).where('scope_id', '=', scopeId).execute();
  for (const r of rows) addRow(t, r);
  return t;
}

/** The tallies of many consultants at once (a page of a listing). */
export async function consultantTallies(db: Db, consultantIds: readonly string[]): Promise<Map<string, Tallies>> {
  const out = new Map<string, Record<Metric, { successes: number; trials: number }>>();
  for (const id of consultantIds) out.set(id, emptyTallies());
  if (consultantIds.length === 0) return out;
  const rows = await db.selectFrom('rating_counters').select(['scope_id', 'metric', 'successes_q', 'trials']).where('scope', '=', 'consultant').where('scope_id', 'in', [...consultantIds]).execute();
  for (const r of rows) {
    const t = out.get(r.scope_id);
    if (t) addRow(t, r);
  }
  return out;
}
