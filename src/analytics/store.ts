import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import type { Db, Dialect } from '../platform/db/database.ts';
import type { Database } from '../platform/db/schema.ts';
import { toBigInt, toNumber } from '../platform/db/schema.ts';

/**
 * Analytics is a read model over the other areas' tables (DESIGN §4.12): every figure is one aggregate query
 * (GROUP BY in the database), never rows loaded to be counted in JavaScript. The same SQL runs on SQLite and
 * PostgreSQL; the one dialect difference (reading a number out of a JSON answer) is chosen by `dialect`.
 *
 * Every query is restricted to the placements of a scope: all of them (platform ops), those an org is a party
 * to (as poster or deliverer), or one consultant's; and to placements that started in [from, to].
 */
export type Scope =
  | { readonly kind: 'all' }
  | { readonly kind: 'org'; readonly orgId: string }
  | { readonly kind: 'consultant'; readonly orgId: string; readonly userId: string };

export type Filter = { readonly scope: Scope; readonly from: string; readonly to: string };

type PlacementEb = ExpressionBuilder<Database & { p: Database['placements'] }, 'p'>;

/** The scope and the start-date window on the alias `p` of placements; placements never accepted are not counted. */
function inScope(eb: PlacementEb, f: Filter): Expression<SqlBool> {
  const parts: Expression<SqlBool>[] = [eb('p.status', '<>', 'pending_acceptance'), eb('p.start_date', '>=', f.from), eb('p.start_date', '<=', f.to)];
  if (f.scope.kind === 'org') parts.push(eb.or([eb('p.poster_org_id', '=', f.scope.orgId), eb('p.agency_org_id', '=', f.scope.orgId)]));
  if (f.scope.kind === 'consultant') parts.push(eb('p.consultant_id', '=', f.scope.userId));
  return eb.and(parts);
}

export type SurvivalRow = { plan: string; agencyOrgId: string; consultantId: string; startDate: string; lastWorkingDay: string | null; n: number };

/**
 * Placements counted by plan, agency, consultant, start date and the last working day of their first reported
 * departure (null: still in post): the observations of the survival curves, already grouped.
 */
export async function survivalRows(db: Db, f: Filter): Promise<SurvivalRow[]> {
  const departures = db
    .selectFrom('claims')
    .select((eb) => ['claims.placement_id as placement_id', eb.fn.min(eb.fn.coalesce('claims.last_working_day', 'claims.reported_on')).as('lwd')])
    .groupBy('claims.placement_id')
    .as('d');
  const rows = await db
    .selectFrom('placements as p')
    .innerJoin('plan_versions as v', 'v.id', 'p.plan_version_id')
    .innerJoin('plans as pl', 'pl.id', 'v.plan_id')
    .leftJoin(departures, 'd.placement_id', 'p.id')
    .where((eb) => inScope(eb, f))
    .select((eb) => ['pl.key as plan', 'p.agency_org_id', 'p.consultant_id', 'p.start_date', 'd.lwd', eb.fn.countAll<number>().as('n')])
    .groupBy(['pl.key', 'p.agency_org_id', 'p.consultant_id', 'p.start_date', 'd.lwd'])
    .orderBy('p.start_date')
    .execute();
  return rows.map((r) => ({ plan: r.plan, agencyOrgId: r.agency_org_id, consultantId: r.consultant_id, startDate: r.start_date, lastWorkingDay: (r.lwd) ?? null, n: toNumber(r.n) }));
}

export type StatusRow = { plan: string; agencyOrgId: string; status: string; n: number };

/** Placements counted by plan, agency and status: the guarantee outcomes. */
export async function statusRows(db: Db, f: Filter): Promise<StatusRow[]> {
  const rows = await db
    .selectFrom('placements as p')
    .innerJoin('plan_versions as v', 'v.id', 'p.plan_version_id')
    .innerJoin('plans as pl', 'pl.id', 'v.plan_id')
    .where((eb) => inScope(eb, f))
    .select((eb) => ['pl.key as plan', 'p.agency_org_id', 'p.status', eb.fn.countAll<number>().as('n')])
    .groupBy(['pl.key', 'p.agency_org_id', 'p.status'])
    .execute();
  return rows.map((r) => ({ plan: r.plan, agencyOrgId: r.agency_org_id, status: r.status, n: toNumber(r.n) }));
}

export type ClaimRow = { reason: string; state: string; n: number };

export async function claimRows(db: Db, f: Filter): Promise<ClaimRow[]> {
  const rows = await db
    .selectFrom('claims as c')
    .innerJoin('placements as p', 'p.id', 'c.placement_id')
    .where((eb) => inScope(eb, f))
    .select((eb) => ['c.reason', 'c.state', eb.fn.countAll<number>().as('n')])
    .groupBy(['c.reason', 'c.state'])
    .execute();
  return rows.map((r) => ({ reason: r.reason, state: r.state, n: toNumber(r.n) }));
}

export type RefundRow = { currency: string; n: number; cashRefund: bigint; refund: bigint; stillDue: bigint };

/** Refund settlements per currency: how many, the cash that went back, the fee given up, and what was still due. */
export async function refundRows(db: Db, f: Filter): Promise<RefundRow[]> {
  const rows = await db
    .selectFrom('refund_settlements as r')
    .innerJoin('placements as p', 'p.id', 'r.placement_id')
    .where((eb) => inScope(eb, f))
    .select((eb) => [
      'p.currency',
      eb.fn.countAll<number>().as('n'),
      eb.fn.sum<string>('r.cash_refund').as('cash'),
      eb.fn.sum<string>('r.refund').as('refund'),
      eb.fn.sum<string>('r.still_due').as('due'),
    ])
    .groupBy('p.currency')
    .orderBy('p.currency')
    .execute();
  return rows.map((r) => ({ currency: r.currency, n: toNumber(r.n), cashRefund: toBigInt(r.cash), refund: toBigInt(r.refund), stillDue: toBigInt(r.due) }));
}

export type DisputeRow = { type: string; state: string; outcome: string | null; n: number };

export async function disputeRows(db: Db, f: Filter): Promise<DisputeRow[]> {
  const rows = await db
    .selectFrom('disputes as d')
    .innerJoin('placements as p', 'p.id', 'd.placement_id')
    .where((eb) => inScope(eb, f))
    .select((eb) => ['d.type', 'd.state', 'd.outcome', eb.fn.countAll<number>().as('n')])
    .groupBy(['d.type', 'd.state', 'd.outcome'])
    .execute();
  return rows.map((r) => ({ type: r.type, state: r.state, outcome: r.outcome, n: toNumber(r.n) }));
}

export type CheckinRow = { respondent: 'employer' | 'candidate'; status: string; n: number };

export async function checkinRows(db: Db, f: Filter): Promise<CheckinRow[]> {
  const rows = await db
    .selectFrom('checkin_forms as c')
    .innerJoin('placements as p', 'p.id', 'c.placement_id')
    .where((eb) => inScope(eb, f))
    .select((eb) => ['c.respondent', 'c.status', eb.fn.countAll<number>().as('n')])
    .groupBy(['c.respondent', 'c.status'])
    .execute();
  return rows.map((r) => ({ respondent: r.respondent, status: r.status, n: toNumber(r.n) }));
}

/** The JSON number `key` of a form's canonical answers, as an integer. */
function answerNumber(dialect: Dialect, key: 'overallSatisfaction' | 'performance') {
  // Literals, not parameters: PostgreSQL must see the very same expression in SELECT and GROUP BY.
  return dialect === 'postgres' ? sql<number | null>`cast(cast(c.answers as jsonb) ->> ${sql.lit(key)} as integer)` : sql<number | null>`cast(json_extract(c.answers, ${sql.lit(`$.${key}`)}) as integer)`;
}

export type ScoreRow = { respondent: 'employer' | 'candidate'; score: number; n: number };

/**
 * Answered forms counted by their satisfaction score: the candidate's overall satisfaction and the employer's
 * performance against expectations (both 1–5).
 */
export async function satisfactionRows(db: Db, dialect: Dialect, f: Filter): Promise<ScoreRow[]> {
  const out: ScoreRow[] = [];
  for (const [respondent, key] of [['candidate', 'overallSatisfaction'], ['employer', 'performance']] as const) {
    const score = answerNumber(dialect, key);
    const rows = await db
      .selectFrom('checkin_forms as c')
      .innerJoin('placements as p', 'p.id', 'c.placement_id')
      .where((eb) => eb.and([inScope(eb, f), eb('c.status', '=', 'answered'), eb('c.respondent', '=', respondent)]))
      .select((eb) => [score.as('score'), eb.fn.countAll<number>().as('n')])
      .groupBy(score)
      .execute();
    for (const r of rows) if (r.score !== null) out.push({ respondent, score: Number(r.score), n: toNumber(r.n) });
  }
  return out.sort((a, b) => a.respondent.localeCompare(b.respondent) || a.score - b.score);
}

export type TaskRow = { kind: string; status: string; late: boolean; n: number };

/** Support tasks counted by kind, status, and whether a done task was done after its due date. */
export async function taskRows(db: Db, f: Filter): Promise<TaskRow[]> {
  const late = sql<number>`case when t.status = 'done' and t.done_on > t.due_on then 1 else 0 end`;
  const rows = await db
    .selectFrom('support_tasks as t')
    .innerJoin('placements as p', 'p.id', 't.placement_id')
    .where((eb) => inScope(eb, f))
    .select((eb) => ['t.kind', 't.status', late.as('late'), eb.fn.countAll<number>().as('n')])
    .groupBy(['t.kind', 't.status', late])
    .execute();
  return rows.map((r) => ({ kind: r.kind, status: r.status, late: Number(r.late) === 1, n: toNumber(r.n) }));
}

export type ReplacementRow = { state: string; n: number };

/** Claims that went the replacement way, by state: delivered (`replaced`), pending, overdue, or refunded after all. */
export async function replacementRows(db: Db, f: Filter): Promise<ReplacementRow[]> {
  const rows = await db
    .selectFrom('claims as c')
    .innerJoin('placements as p', 'p.id', 'c.placement_id')
    .where((eb) => eb.and([inScope(eb, f), eb('c.deliver_by', 'is not', null)]))
    .select((eb) => ['c.state', eb.fn.countAll<number>().as('n')])
    .groupBy('c.state')
    .execute();
  return rows.map((r) => ({ state: r.state, n: toNumber(r.n) }));
}

export type RenewalRow = { employerOrgId: string; firstHireAt: string; nextOrderAt: string | null };

/**
 * Per employer with a placement in scope: when its first such placement was made (the hire), and when it next
 * created a job order after that (null: not since). One row per employer, from two grouped queries.
 */
export async function renewalRows(db: Db, f: Filter): Promise<RenewalRow[]> {
  const first = db
    .selectFrom('placements as p')
    .where((eb) => inScope(eb, f))
    .select((eb) => ['p.poster_org_id as org_id', eb.fn.min('p.created_at').as('first_at')])
    .groupBy('p.poster_org_id')
    .as('h');
  const rows = await db
    .selectFrom(first)
    .leftJoin('job_orders as o', (join) => join.onRef('o.poster_org_id', '=', 'h.org_id').onRef('o.created_at', '>', 'h.first_at'))
    .select((eb) => ['h.org_id', 'h.first_at', eb.fn.min('o.created_at').as('next_at')])
    .groupBy(['h.org_id', 'h.first_at'])
    .orderBy('h.org_id')
    .execute();
  return rows.map((r) => ({ employerOrgId: r.org_id, firstHireAt: String(r.first_at), nextOrderAt: (r.next_at) ?? null }));
}
