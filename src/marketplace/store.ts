import { sql, type ExpressionBuilder, type SelectQueryBuilder } from 'kysely';
import type { Actor } from '../platform/auth/actor.ts';
import type { Db, Dialect } from '../platform/db/database.ts';
import { toBigInt, type Database, type EngagementsTable, type JobOrdersTable, type JobOrderStatus, type OrderReopeningsTable, type PlanTier } from '../platform/db/schema.ts';
import type { Currency } from '../platform/money.ts';
import { canonicalJson } from '../platform/canonical-json.ts';
import type { Reward } from '../plans/terms.schema.ts';
import { ownedByActorOrg } from '../platform/tenancy.ts';
import type { JobFunction, JobLevel } from './job-catalog.ts';
import { CAPACITY_STATUSES, type EngagementStatus } from './engagement.rules.ts';

export type JobOrder = {
  id: string;
  posterOrgId: string;
  createdBy: string;
  clientName: string | null;
  title: string;
  city: string;
  function: JobFunction;
  level: JobLevel;
  headcount: number;
  hiredCount: number;
  currency: Currency;
  salaryMin: bigint;
  salaryMax: bigint;
  description: string;
  reward: Reward;
  rewardSort: bigint;
  planVersionId: string;
  planTier: PlanTier;
  status: JobOrderStatus;
  openedAt: string | null;
  createdAt: string;
  updatedAt: string;
};

export type Engagement = {
  id: string;
  orderId: string;
  consultantId: string;
  agencyOrgId: string;
  posterOrgId: string;
  status: EngagementStatus;
  termsHash: string;
  acceptedAt: string;
  droppedAt: string | null;
  dropReason: string | null;
};

/** An engagement with what order it is (this area's query); who works on it is named by the service. */
export type EngagementOnOrder = Engagement & {
  orderTitle: string;
  orderStatus: JobOrderStatus;
  orderCity: string;
  orderFunction: JobFunction;
  orderClientName: string | null;
};

/** An engagement with who works on it and what order it is. */
export type EngagementWithNames = Omit<EngagementOnOrder, 'orderClientName'> & { consultantName: string; agencyName: string; postedBy: string };

export const toJobOrder = (r: JobOrdersTable): JobOrder => ({
  id: r.id,
  posterOrgId: r.poster_org_id,
  createdBy: r.created_by,
  clientName: r.client_name,
  title: r.title,
  city: r.city,
  function: r.function as JobFunction,
  level: r.level as JobLevel,
  headcount: Number(r.headcount),
  hiredCount: Number(r.hired_count),
  currency: r.currency as Currency,
  salaryMin: toBigInt(r.salary_min),
  salaryMax: toBigInt(r.salary_max),
  description: r.description,
  reward: JSON.parse(r.reward) as Reward,
  rewardSort: toBigInt(r.reward_sort),
  planVersionId: r.plan_version_id,
  planTier: r.plan_tier,
  status: r.status,
  openedAt: r.opened_at,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

const toEngagement = (r: EngagementsTable): Engagement => ({
  id: r.id,
  orderId: r.order_id,
  consultantId: r.consultant_id,
  agencyOrgId: r.agency_org_id,
  posterOrgId: r.poster_org_id,
  status: r.status,
  termsHash: r.terms_hash,
  acceptedAt: r.accepted_at,
  droppedAt: r.dropped_at,
  dropReason: r.drop_reason,
});

// ------------------------------------------------------------------------------------------ job orders

export async function insertOrder(db: Db, o: JobOrder): Promise<void> {
  await db
    .insertInto('job_orders')
    .values({ id: o.id, poster_org_id: o.posterOrgId, created_by: o.createdBy, created_at: o.createdAt, ...changeableColumns(o) })
    .execute();
}

export async function updateOrder(db: Db, o: JobOrder): Promise<void> {
  await db.updateTable('job_orders').set(changeableColumns(o)).where('id', '=', o.id).execute();
}

/** Every column an order's life may change (all but its identity, poster, author and creation time). */
function changeableColumns(o: JobOrder) {
  return {
    client_name: o.clientName,
    title: o.title,
    city: o.city,
    function: o.function,
    level: o.level,
    headcount: o.headcount,
    hired_count: o.hiredCount,
    currency: o.currency,
    salary_min: o.salaryMin,
    salary_max: o.salaryMax,
    description: o.description,
    reward: canonicalJson(o.reward),
    reward_sort: o.rewardSort,
    plan_version_id: o.planVersionId,
    plan_tier: o.planTier,
    status: o.status,
    opened_at: o.openedAt,
    updated_at: o.updatedAt,
  };
}

/**
 * One order by id, whoever posted it: the service decides who may see it with the rules of
 * job-order.rules.ts and engagement.rules.ts (a consultant sees an open order of another org).
 * `forUpdate` locks the row on PostgreSQL so two changes of one order run one after the other
 * (SQLite runs one write transaction at a time anyway).
 */
export async function findOrder(db: Db, orderId: string, opts: { forUpdate?: Dialect; forShare?: Dialect } = {}): Promise<JobOrder | undefined> {
  let q = db.selectFrom('job_orders').selectAll().where('id', '=', orderId);
  if (opts.forUpdate === 'postgres') q = q.forUpdate();
  else if (opts.forShare === 'postgres') q = q.forShare();
  const row = await q.executeTakeFirst();
  return row && toJobOrder(row);
}

export type OrderListFilters = {
  status?: JobOrderStatus | undefined;
  posterOrgId?: string | undefined;
  city?: string | undefined;
  function?: JobFunction | undefined;
  level?: JobLevel | undefined;
  planTier?: PlanTier | undefined;
  q?: string | undefined;
};

type OrdersQuery = SelectQueryBuilder<Database, 'job_orders', JobOrdersTable>;

function likePattern(q: string): string {
  return `%${q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

function titleMatches(eb: ExpressionBuilder<Database, 'job_orders'>, q: string) {
  return eb(eb.fn('lower', [eb.ref('job_orders.title')]), 'like', sql<string>`${likePattern(q)} escape '\\'`);
}

function applyOrderFilters<Q extends SelectQueryBuilder<Database, 'job_orders', object>>(
  qb: Q,
  f: OrderListFilters,
): Q {
  let q = qb as unknown as SelectQueryBuilder<Database, 'job_orders', object>;
  if (f.status) q = q.where('job_orders.status', '=', f.status);
  if (f.posterOrgId) q = q.where('job_orders.poster_org_id', '=', f.posterOrgId);
  if (f.city) q = q.where('job_orders.city', '=', f.city);
  if (f.function) q = q.where('job_orders.function', '=', f.function);
  if (f.level) q = q.where('job_orders.level', '=', f.level);
  if (f.planTier) q = q.where('job_orders.plan_tier', '=', f.planTier);
  if (f.q) {
    const text = f.q;
    q = q.where((eb) => titleMatches(eb, text));
  }
  return q as unknown as Q;
}

/**
 * Orders for their poster (tenant-scoped) or for platform ops (all), newest created first,
 * after the `(createdAt, id)` of the previous page's last item.
 */
export async function listOrders(
  db: Db,
  actor: Actor,
  filters: OrderListFilters,
  page: { after?: { createdAt: string; id: string } | undefined; limit: number },
): Promise<JobOrder[]> {
  let q: OrdersQuery = db.selectFrom('job_orders').selectAll('job_orders');
  q = ownedByActorOrg(q, 'job_orders.poster_org_id', actor);
  q = applyOrderFilters(q, filters);
  const after = page.after;
  if (after) {
    q = q.where((eb) =>
      eb.or([eb('job_orders.created_at', '<', after.createdAt), eb.and([eb('job_orders.created_at', '=', after.createdAt), eb('job_orders.id', '<', after.id)])]),
    );
  }
  const rows = await q.orderBy('job_orders.created_at', 'desc').orderBy('job_orders.id', 'desc').limit(page.limit).execute();
  return rows.map(toJobOrder);
}

/** Counts of an org's orders by status, for the poster's tabs. */
export async function countOrdersByStatus(db: Db, actor: Actor, posterOrgId: string): Promise<Partial<Record<JobOrderStatus, number>>> {
  const rows = await ownedByActorOrg(db.selectFrom('job_orders'), 'job_orders.poster_org_id', actor)
    .select(['job_orders.status', (eb) => eb.fn.countAll<number | string>().as('n')])
    .where('job_orders.poster_org_id', '=', posterOrgId)
    .groupBy('job_orders.status')
    .execute();
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
}

// ------------------------------------------------------------------------------------------ marketplace

export type MarketFilters = {
  city?: string | undefined;
  function?: JobFunction | undefined;
  level?: JobLevel | undefined;
  planTier?: PlanTier | undefined;
  /** Reward at least this many minor units (of `rewardCurrency` when given). */
  minRewardMinor?: bigint | undefined;
  rewardCurrency?: Currency | undefined;
  /** Opened at or after this instant. */
  openedSince?: string | undefined;
  /** Opened at or before this instant (the viewer's tier wave, §4.9). */
  openedBy?: string | undefined;
  q?: string | undefined;
};

/** The open orders a consultant of `viewerOrgId` may take, filtered: never drafts, paused, filled or closed ones, never their own org's. */
function marketQuery(db: Db, viewerOrgId: string, f: MarketFilters) {
  let q = db
    .selectFrom('job_orders')
    .where('job_orders.status', '=', 'open')
    .where('job_orders.poster_org_id', '<>', viewerOrgId)
    .where((eb) => eb.not(eb.exists(reservedForOthers(eb, viewerOrgId))));
  if (f.city) q = q.where('job_orders.city', '=', f.city);
  if (f.function) q = q.where('job_orders.function', '=', f.function);
  if (f.level) q = q.where('job_orders.level', '=', f.level);
  if (f.planTier) q = q.where('job_orders.plan_tier', '=', f.planTier);
  if (f.rewardCurrency) q = q.where('job_orders.currency', '=', f.rewardCurrency);
  if (f.minRewardMinor !== undefined) q = q.where('job_orders.reward_sort', '>=', f.minRewardMinor);
  if (f.openedSince) q = q.where('job_orders.opened_at', '>=', f.openedSince);
  if (f.openedBy) q = q.where('job_orders.opened_at', '<=', f.openedBy);
  if (f.q) {
    const text = f.q;
    q = q.where((eb) => titleMatches(eb, text));
  }
  return q;
}

/** Orders matching the filters opened after `openedAfter` (not yet open to the viewer's tier): how many, and the first's opening. */
export async function marketUpcoming(db: Db, viewerOrgId: string, f: MarketFilters, openedAfter: string): Promise<{ count: number; firstOpenedAt: string | null }> {
  const r = await marketQuery(db, viewerOrgId, f)
    .where('job_orders.opened_at', '>', openedAfter)
    .select((eb) => [eb.fn.countAll<number | string>().as('n'), eb.fn.min('job_orders.opened_at').as('first')])
    .executeTakeFirst();
  return { count: Number(r?.n ?? 0), firstOpenedAt: r?.first ?? null };
}

/** What ranking needs of each candidate, and no more: the relevance sort scores every candidate. */
export type MarketCandidate = { id: string; currency: Currency; rewardSort: number; openedAt: string; function: string; city: string };

export async function marketCandidates(db: Db, viewerOrgId: string, f: MarketFilters): Promise<MarketCandidate[]> {
  const rows = await marketQuery(db, viewerOrgId, f)
    .select(['job_orders.id', 'job_orders.currency', 'job_orders.reward_sort', 'job_orders.opened_at', 'job_orders.function', 'job_orders.city'])
    .execute();
  return rows.map((r) => ({
    id: r.id,
    currency: r.currency as Currency,
    rewardSort: Number(r.reward_sort),
    openedAt: r.opened_at ?? '',
    function: r.function,
    city: r.city,
  }));
}

/** One page of the marketplace sorted in SQL: newest opened first, or highest reward first; ties by id. */
export async function marketPage(
  db: Db,
  viewerOrgId: string,
  f: MarketFilters,
  sort: { by: 'newest'; after?: { openedAt: string; id: string } | undefined } | { by: 'reward'; after?: { rewardSort: bigint; id: string } | undefined },
  limit: number,
): Promise<JobOrder[]> {
  let q = marketQuery(db, viewerOrgId, f).selectAll('job_orders');
  if (sort.by === 'newest') {
    const after = sort.after;
    if (after) {
      q = q.where((eb) =>
        eb.or([eb('job_orders.opened_at', '<', after.openedAt), eb.and([eb('job_orders.opened_at', '=', after.openedAt), eb('job_orders.id', '<', after.id)])]),
      );
    }
    q = q.orderBy('job_orders.opened_at', 'desc').orderBy('job_orders.id', 'desc');
  } else {
    const after = sort.after;
    if (after) {
      q = q.where((eb) =>
        eb.or([eb('job_orders.reward_sort', '<', after.rewardSort), eb.and([eb('job_orders.reward_sort', '=', after.rewardSort), eb('job_orders.id', '<', after.id)])]),
      );
    }
    q = q.orderBy('job_orders.reward_sort', 'desc').orderBy('job_orders.id', 'desc');
  }
  const rows = await q.limit(limit).execute();
  return rows.map(toJobOrder);
}

/** Full rows of the given orders (a relevance page), in no particular order. */
export async function ordersByIds(db: Db, ids: readonly string[]): Promise<JobOrder[]> {
  if (ids.length === 0) return [];
  const rows = await db.selectFrom('job_orders').selectAll('job_orders').where('job_orders.id', 'in', [...ids]).execute();
  return rows.map(toJobOrder);
}

/** Cities of the open orders a consultant of `viewerOrgId` may take, most orders first (the city filter's choices). */
export async function marketCities(db: Db, viewerOrgId: string): Promise<{ city: string; count: number }[]> {
  const rows = await marketQuery(db, viewerOrgId, {})
    .select(['job_orders.city', (eb) => eb.fn.countAll<number | string>().as('n')])
    .groupBy('job_orders.city')
    .orderBy('n', 'desc')
    .orderBy('job_orders.city')
    .limit(200)
    .execute();
  return rows.map((r) => ({ city: r.city, count: Number(r.n) }));
}

/**
 * The functions and cities of a consultant's past work up to `asOf`, counted in one query: one piece per
 * engagement accepted by then, and one per submission made by then. Submissions are counted per order as they
 * are made (`countSubmission`), so a busy consultant's thousands of submissions are a few rows here; the few made
 * after `asOf` (a later page of a listing ranked as of its first page) are read back from the submissions and
 * taken off. Each order's function and city are read from the order as it is now.
 */
export async function pastWorkOf(db: Db, consultantId: string, asOf: string): Promise<{ function: string; city: string; times: number }[]> {
  const work = db
    .selectFrom('engagements')
    .select(['engagements.order_id', sql<number>`1`.as('n')])
    .where('engagements.consultant_id', '=', consultantId)
    .where('engagements.accepted_at', '<=', asOf)
    .unionAll(db.selectFrom('consultant_order_submissions').select(['order_id', 'submissions as n']).where('consultant_id', '=', consultantId))
    .unionAll(
      db
        .selectFrom('submissions')
        .select(['submissions.order_id', sql<number>`-1`.as('n')])
        .where('submissions.consultant_id', '=', consultantId)
        .where('submissions.created_at', '>', asOf),
    );
  const rows = await db
    .selectFrom(work.as('w'))
    .innerJoin('job_orders', 'job_orders.id', 'w.order_id')
    .select(['job_orders.function', 'job_orders.city', (eb) => eb.fn.sum<number | string>('w.n').as('times')])
    .groupBy(['job_orders.function', 'job_orders.city'])
    .execute();
  return rows.map((w) => ({ function: w.function, city: w.city, times: Number(w.times) })).filter((w) => w.times > 0);
}

/** One more candidate submitted by the consultant to the order, in the submitting transaction (see pastWorkOf). */
export async function countSubmission(db: Db, consultantId: string, orderId: string): Promise<void> {
  await db
    .insertInto('consultant_order_submissions')
    .values({ consultant_id: consultantId, order_id: orderId, submissions: 1 })
    .onConflict((oc) => oc.columns(['consultant_id', 'order_id']).doUpdateSet((eb) => ({ submissions: eb('consultant_order_submissions.submissions', '+', 1) })))
    .execute();
}

// ------------------------------------------------------------------------------------------ engagements

export async function insertEngagement(db: Db, e: Engagement): Promise<void> {
  await db
    .insertInto('engagements')
    .values({
      id: e.id,
      order_id: e.orderId,
      consultant_id: e.consultantId,
      agency_org_id: e.agencyOrgId,
      poster_org_id: e.posterOrgId,
      status: e.status,
      terms_hash: e.termsHash,
      accepted_at: e.acceptedAt,
      dropped_at: e.droppedAt,
      drop_reason: e.dropReason,
    })
    .execute();
}

export async function markDropped(db: Db, engagementId: string, at: string, reason: string): Promise<void> {
  await db.updateTable('engagements').set({ status: 'dropped', dropped_at: at, drop_reason: reason }).where('id', '=', engagementId).execute();
}

/** One engagement by id; the service decides who may see it (engagement.rules.ts `canSeeEngagement`). */
export async function findEngagement(db: Db, engagementId: string, opts: { forUpdate?: Dialect } = {}): Promise<Engagement | undefined> {
  let q = db.selectFrom('engagements').selectAll().where('id', '=', engagementId);
  if (opts.forUpdate === 'postgres') q = q.forUpdate();
  const row = await q.executeTakeFirst();
  return row && toEngagement(row);
}

export async function findActiveEngagement(db: Db, consultantId: string, orderId: string, opts: { forShare?: Dialect } = {}): Promise<Engagement | undefined> {
  let q = db.selectFrom('engagements').selectAll().where('consultant_id', '=', consultantId).where('order_id', '=', orderId).where('status', '=', 'active');
  if (opts.forShare === 'postgres') q = q.forShare();
  const row = await q.executeTakeFirst();
  return row && toEngagement(row);
}

/** The consultant's active engagements that use capacity (on open or paused orders). */
export async function countCapacityUsed(db: Db, consultantId: string): Promise<number> {
  const row = await db
    .selectFrom('engagements')
    .innerJoin('job_orders', 'job_orders.id', 'engagements.order_id')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('engagements.consultant_id', '=', consultantId)
    .where('engagements.status', '=', 'active')
    .where('job_orders.status', 'in', [...CAPACITY_STATUSES])
    // An order reopened for another agency's replacement is not this consultant's work any more.
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('order_reopenings')
            .select('order_reopenings.id')
            .whereRef('order_reopenings.order_id', '=', 'job_orders.id')
            .where('order_reopenings.closed_at', 'is', null)
            .whereRef('order_reopenings.agency_org_id', '<>', 'engagements.agency_org_id'),
        ),
      ),
    )
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/**
 * Serializes the takes of one consultant on PostgreSQL (a transaction-scoped advisory lock), so two takes
 * at the same moment cannot both pass the cap check. SQLite runs one write transaction at a time.
 */
export async function lockConsultantCapacity(db: Db, dialect: Dialect, consultantId: string): Promise<void> {
  if (dialect !== 'postgres') return;
  await sql`select pg_advisory_xact_lock(hashtextextended(${`engagement-capacity:${consultantId}`}, 0))`.execute(db);
}

/** Which of `orderIds` the consultant has an active engagement on. */
export async function engagedOrderIds(db: Db, consultantId: string, orderIds: readonly string[]): Promise<Set<string>> {
  if (orderIds.length === 0) return new Set();
  const rows = await db
    .selectFrom('engagements')
    .select('order_id')
    .where('consultant_id', '=', consultantId)
    .where('status', '=', 'active')
    .where('order_id', 'in', [...orderIds])
    .execute();
  return new Set(rows.map((r) => r.order_id));
}

function engagementsWithNames(db: Db) {
  return db
    .selectFrom('engagements')
    .innerJoin('job_orders', 'job_orders.id', 'engagements.order_id')
    .selectAll('engagements')
    .select([
      'job_orders.title as order_title',
      'job_orders.status as order_status',
      'job_orders.city as order_city',
      'job_orders.function as order_function',
      'job_orders.client_name as order_client_name',
    ]);
}

type EngagementNamesRow = EngagementsTable & {
  order_title: string;
  order_status: JobOrderStatus;
  order_city: string;
  order_function: string;
  order_client_name: string | null;
};

const toEngagementWithNames = (r: EngagementNamesRow): EngagementOnOrder => ({
  ...toEngagement(r),
  orderTitle: r.order_title,
  orderStatus: r.order_status,
  orderCity: r.order_city,
  orderFunction: r.order_function as JobFunction,
  orderClientName: r.order_client_name,
});

export async function findEngagementOnOrder(db: Db, engagementId: string): Promise<EngagementOnOrder | undefined> {
  const row = await engagementsWithNames(db).where('engagements.id', '=', engagementId).executeTakeFirst();
  return row && toEngagementWithNames(row);
}

/** Everyone who works or worked on an order, active first, then newest. */
export async function engagementsOfOrder(db: Db, orderId: string): Promise<EngagementOnOrder[]> {
  const rows = await engagementsWithNames(db)
    .where('engagements.order_id', '=', orderId)
    .orderBy(sql`case when engagements.status = 'active' then 0 else 1 end`)
    .orderBy('engagements.accepted_at', 'desc')
    .orderBy('engagements.id', 'desc')
    .execute();
  return rows.map(toEngagementWithNames);
}

export type EngagementStatusFilter = EngagementStatus;

export type EngagementScope = { consultantId: string } | { agencyOrgId: string; consultantId?: string | undefined } | { all: true };

/** Engagements of one consultant, one agency, or all (platform ops), newest taken first, paged by `(acceptedAt, id)`. */
export async function listEngagements(
  db: Db,
  scope: EngagementScope,
  filters: { status?: EngagementStatus | undefined },
  page: { after?: { acceptedAt: string; id: string } | undefined; limit: number },
): Promise<EngagementOnOrder[]> {
  let q = engagementsWithNames(db);
  if ('agencyOrgId' in scope) {
    q = q.where('engagements.agency_org_id', '=', scope.agencyOrgId);
    if (scope.consultantId) q = q.where('engagements.consultant_id', '=', scope.consultantId);
  } else if ('consultantId' in scope) {
    q = q.where('engagements.consultant_id', '=', scope.consultantId);
  }
  if (filters.status) q = q.where('engagements.status', '=', filters.status);
  const after = page.after;
  if (after) {
    q = q.where((eb) =>
      eb.or([eb('engagements.accepted_at', '<', after.acceptedAt), eb.and([eb('engagements.accepted_at', '=', after.acceptedAt), eb('engagements.id', '<', after.id)])]),
    );
  }
  const rows = await q.orderBy('engagements.accepted_at', 'desc').orderBy('engagements.id', 'desc').limit(page.limit).execute();
  return rows.map(toEngagementWithNames);
}

/** Whether any consultant of the agency has an active engagement on the order (its admin may then read the order). */
export async function agencyEngagedOn(db: Db, agencyOrgId: string, orderId: string): Promise<boolean> {
  const row = await db
    .selectFrom('engagements')
    .select('id')
    .where('agency_org_id', '=', agencyOrgId)
    .where('order_id', '=', orderId)
    .where('status', '=', 'active')
    .executeTakeFirst();
  return !!row;
}


// ------------------------------------------------------------------------------------------ reopenings for replacements

export type Reopening = {
  id: string;
  orderId: string;
  claimId: string;
  agencyOrgId: string;
  placementId: string;
  statusBefore: JobOrderStatus;
  openedAt: string;
  closedAt: string | null;
  outcome: 'replaced' | 'refunded' | null;
};

const toReopening = (r: OrderReopeningsTable): Reopening => ({
  id: r.id,
  orderId: r.order_id,
  claimId: r.claim_id,
  agencyOrgId: r.agency_org_id,
  placementId: r.placement_id,
  statusBefore: r.status_before,
  openedAt: r.opened_at,
  closedAt: r.closed_at,
  outcome: r.outcome,
});

/** The order's open reopening reserved for an agency other than `agencyOrgId` (a subquery for filters). */
function reservedForOthers(eb: ExpressionBuilder<Database, 'job_orders'>, agencyOrgId: string) {
  return eb
    .selectFrom('order_reopenings')
    .select('order_reopenings.id')
    .whereRef('order_reopenings.order_id', '=', 'job_orders.id')
    .where('order_reopenings.closed_at', 'is', null)
    .where('order_reopenings.agency_org_id', '<>', agencyOrgId);
}

export async function insertReopening(db: Db, r: Reopening): Promise<void> {
  await db
    .insertInto('order_reopenings')
    .values({ id: r.id, order_id: r.orderId, claim_id: r.claimId, agency_org_id: r.agencyOrgId, placement_id: r.placementId, status_before: r.statusBefore, opened_at: r.openedAt, closed_at: r.closedAt, outcome: r.outcome })
    .execute();
}

/** The order's reopening still open, if any (at most one: a second claim waits for the first to end). */
export async function openReopeningOf(db: Db, orderId: string): Promise<Reopening | undefined> {
  const row = await db.selectFrom('order_reopenings').selectAll().where('order_id', '=', orderId).where('closed_at', 'is', null).orderBy('opened_at', 'desc').executeTakeFirst();
  return row && toReopening(row);
}

export async function reopeningOfClaim(db: Db, claimId: string): Promise<Reopening | undefined> {
  const row = await db.selectFrom('order_reopenings').selectAll().where('claim_id', '=', claimId).executeTakeFirst();
  return row && toReopening(row);
}

/** Closes an open reopening; false when it was closed already. */
export async function closeReopening(db: Db, id: string, at: string, outcome: 'replaced' | 'refunded'): Promise<boolean> {
  const res = await db.updateTable('order_reopenings').set({ closed_at: at, outcome }).where('id', '=', id).where('closed_at', 'is', null).executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}
