import { sql, type SelectQueryBuilder } from 'kysely';
import type { Actor } from '../platform/auth/actor.ts';
import type { CalendarDate } from '../platform/calendar-date.ts';
import type { Db, Dialect } from '../platform/db/database.ts';
import { toBigInt, type Database, type PlacementsTable, type PlacementStatus } from '../platform/db/schema.ts';
import type { Currency } from '../platform/money.ts';
import type { Terms } from '../plans/terms.schema.ts';

export type Placement = {
  id: string;
  submissionId: string;
  orderId: string;
  posterOrgId: string;
  agencyOrgId: string;
  consultantId: string;
  candidateName: string;
  startDate: CalendarDate;
  timeZone: string;
  currency: Currency;
  annualSalary: bigint;
  fee: bigint;
  planVersionId: string;
  terms: Terms;
  termsHash: string;
  status: PlacementStatus;
  posterAcceptedBy: string | null;
  posterAcceptedAt: string | null;
  delivererAcceptedBy: string | null;
  delivererAcceptedAt: string | null;
  replacesPlacementId: string | null;
  /** The guarantee this placement runs: the terms' days, or a replacement's own (`newGuarantee`, DESIGN §4.3 rule 7). */
  guaranteeDays: number;
  createdAt: string;
};

/** Names to show beside a placement: the order, both orgs, the consultant, who accepted, the plan. */
export type PlacementLabels = {
  orderTitle: string | null;
  orderCity: string | null;
  posterOrgName: string | null;
  agencyOrgName: string | null;
  consultantName: string | null;
  posterAcceptedByName: string | null;
  delivererAcceptedByName: string | null;
  planNameZh: string | null;
  planNameEn: string | null;
  planTier: string | null;
};

export type LabelledPlacement = Placement & { labels: PlacementLabels };

/**
 * A placement as a list shows it: its facts and labels without the terms snapshot (no list item shows it); the
 * guarantee days only for a replacement, whose agreement covers them.
 */
export type PlacementSummaryFacts = PlacementFacts & { guaranteeDays?: number; labels: PlacementLabels };
export type StoredPlacementSummaryFacts = PlacementFacts & { guaranteeDays?: number; labels: StoredLabels };

/** The labels this area's query reads (order and plan); people's and orgs' names are identity's, added by the service. */
export type StoredLabels = Omit<PlacementLabels, 'posterOrgName' | 'agencyOrgName' | 'consultantName' | 'posterAcceptedByName' | 'delivererAcceptedByName'>;
export type StoredLabelledPlacement = Placement & { labels: StoredLabels };

export const toPlacement = (r: PlacementsTable): Placement => {
  // Stored as canonical JSON of terms that were validated when the order was taken; the hash proves them.
  const terms = JSON.parse(r.terms) as Terms;
  const guaranteeDays = r.guarantee_days === null || r.guarantee_days === undefined ? terms.guarantee.days : Number(r.guarantee_days);
  return { ...toPlacementFacts(r), terms, guaranteeDays };
};

/**
 * The tenant filter of placements, the SQL twin of `canSeePlacement` (placement-access.rules.ts): a placement
 * belongs to two tenants, so `ownedByActorOrg` (one org column) does not fit.
 */
function visibleTo<O>(qb: SelectQueryBuilder<Database, 'placements', O>, actor: Actor): SelectQueryBuilder<Database, 'placements', O> {
  switch (actor.role) {
    case 'platform_ops':
      return qb;
    case 'employer_admin':
    case 'employer_hr':
      return qb.where('placements.poster_org_id', '=', actor.orgId);
    case 'agency_admin':
      return qb.where((eb) => eb.or([eb('placements.poster_org_id', '=', actor.orgId), eb('placements.agency_org_id', '=', actor.orgId)]));
    case 'consultant':
      return qb.where('placements.consultant_id', '=', actor.userId).where('placements.agency_org_id', '=', actor.orgId);
    default:
      return qb.where(sql<boolean>`1 = 0`);
  }
}

function labelled(db: Db) {
  // An order and a plan version exist for every placement (foreign keys): inner joins, no correlated subqueries.
  return db
    .selectFrom('placements')
    .innerJoin('job_orders', 'job_orders.id', 'placements.order_id')
    .innerJoin('plan_versions', 'plan_versions.id', 'placements.plan_version_id')
    .innerJoin('plans', 'plans.id', 'plan_versions.plan_id')
    .selectAll('placements')
    .select([
      'job_orders.title as l_order_title',
      'job_orders.city as l_order_city',
      'plans.name_zh as l_plan_name_zh',
      'plans.name_en as l_plan_name_en',
      'plans.tier as l_plan_tier',
    ]);
}

type LabelColumns = {
  l_order_title: string | null;
  l_order_city: string | null;
  l_plan_name_zh: string | null;
  l_plan_name_en: string | null;
  l_plan_tier: string | null;
};

function toLabelled(r: PlacementsTable & LabelColumns): StoredLabelledPlacement {
  return {
    ...toPlacement(r),
    labels: {
      orderTitle: r.l_order_title,
      orderCity: r.l_order_city,
      planNameZh: r.l_plan_name_zh,
      planNameEn: r.l_plan_name_en,
      planTier: r.l_plan_tier,
    },
  };
}

export type PlacementListFilter = { status?: PlacementStatus | undefined; limit: number; before?: { createdAt: string; id: string } | undefined };

/** Newest first, keyset-paged on (created_at, id). */
export async function listPlacements(db: Db, actor: Actor, f: PlacementListFilter): Promise<StoredLabelledPlacement[]> {
  const rows = await listed(visibleTo(labelled(db), actor), f).execute();
  return rows.map((r) => toLabelled(r as PlacementsTable & LabelColumns));
}

/**
 * The same page as `listPlacements` without the terms snapshot, which a list item never shows: 2 KB of JSON per
 * row read and parsed for nothing. Only a replacement stored without its own guarantee days (none since 0010)
 * still needs the terms' days for its agreement hash, so only such a row carries them.
 */
export async function listPlacementSummaries(db: Db, actor: Actor, f: PlacementListFilter): Promise<StoredPlacementSummaryFacts[]> {
  const q = db
    .selectFrom('placements')
    .innerJoin('job_orders', 'job_orders.id', 'placements.order_id')
    .innerJoin('plan_versions', 'plan_versions.id', 'placements.plan_version_id')
    .innerJoin('plans', 'plans.id', 'plan_versions.plan_id')
    .select(FACT_COLUMNS.map((c) => `placements.${c}` as const))
    .select([
      'placements.guarantee_days',
      sql<string | null>`case when placements.guarantee_days is null and placements.replaces_placement_id is not null then placements.terms end`.as('terms_for_days'),
      'job_orders.title as l_order_title',
      'job_orders.city as l_order_city',
      'plans.name_zh as l_plan_name_zh',
      'plans.name_en as l_plan_name_en',
      'plans.tier as l_plan_tier',
    ]);
  const rows = await listed(visibleTo(q, actor), f).execute();
  return rows.map((r) => ({
    ...toPlacementFacts(r),
    ...(r.replaces_placement_id === null ? {} : { guaranteeDays: r.guarantee_days !== null && r.guarantee_days !== undefined ? Number(r.guarantee_days) : (JSON.parse(r.terms_for_days ?? '{}') as Terms).guarantee.days }),
    labels: { orderTitle: r.l_order_title, orderCity: r.l_order_city, planNameZh: r.l_plan_name_zh, planNameEn: r.l_plan_name_en, planTier: r.l_plan_tier },
  }));
}

/** A page of a placement list: the status filter, the keyset cursor, newest first. */
function listed<O>(qb: SelectQueryBuilder<Database, 'placements' | 'job_orders' | 'plan_versions' | 'plans', O>, f: PlacementListFilter) {
  let q = qb;
  if (f.status) q = q.where('placements.status', '=', f.status);
  const before = f.before;
  if (before) {
    q = q.where((eb) =>
      eb.or([eb('placements.created_at', '<', before.createdAt), eb.and([eb('placements.created_at', '=', before.createdAt), eb('placements.id', '<', before.id)])]),
    );
  }
  return q.orderBy('placements.created_at', 'desc').orderBy('placements.id', 'desc').limit(f.limit);
}

export async function findLabelledPlacement(db: Db, actor: Actor, id: string): Promise<StoredLabelledPlacement | undefined> {
  const row = await visibleTo(labelled(db), actor).where('placements.id', '=', id).executeTakeFirst();
  return row && toLabelled(row);
}

/** The placement as `actor` may see it, locked for the rest of the transaction on PostgreSQL (concurrent acceptances). */
export async function findPlacementForUpdate(db: Db, dialect: Dialect, actor: Actor, id: string): Promise<Placement | undefined> {
  let q = visibleTo(db.selectFrom('placements').selectAll('placements'), actor).where('placements.id', '=', id);
  // SQLite serializes writers itself; PostgreSQL needs the row lock so two sides accepting at once both count.
  if (dialect === 'postgres') q = q.forUpdate();
  const row = await q.executeTakeFirst();
  return row && toPlacement(row);
}

export async function findPlacementBySubmission(db: Db, submissionId: string): Promise<Placement | undefined> {
  const row = await db.selectFrom('placements').selectAll().where('submission_id', '=', submissionId).executeTakeFirst();
  return row && toPlacement(row);
}

export async function insertPlacement(db: Db, row: PlacementsTable): Promise<void> {
  await db.insertInto('placements').values(row).execute();
}

/** Records one side's acceptance; false when that side had already accepted (a concurrent repeat). */
export async function markAccepted(db: Db, id: string, side: 'poster' | 'deliverer', userId: string, at: string): Promise<boolean> {
  const res =
    side === 'poster'
      ? await db.updateTable('placements').set({ poster_accepted_by: userId, poster_accepted_at: at }).where('id', '=', id).where('poster_accepted_at', 'is', null).executeTakeFirst()
      : await db.updateTable('placements').set({ deliverer_accepted_by: userId, deliverer_accepted_at: at }).where('id', '=', id).where('deliverer_accepted_at', 'is', null).executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

/** pending_acceptance → active once; false if another transaction got there first. */
export async function activate(db: Db, id: string): Promise<boolean> {
  const res = await db
    .updateTable('placements')
    .set({ status: 'active' })
    .where('id', '=', id)
    .where('status', '=', 'pending_acceptance')
    .where('poster_accepted_at', 'is not', null)
    .where('deliverer_accepted_at', 'is not', null)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

/** Corrects a pending placement's facts and clears both acceptances (the agreement they signed changed). */
export async function correctFacts(db: Db, id: string, f: { startDate: CalendarDate; annualSalary: bigint; fee: bigint }): Promise<void> {
  await db
    .updateTable('placements')
    .set({
      start_date: f.startDate,
      annual_salary: f.annualSalary,
      fee: f.fee,
      poster_accepted_by: null,
      poster_accepted_at: null,
      deliverer_accepted_by: null,
      deliverer_accepted_at: null,
    })
    .where('id', '=', id)
    .where('status', '=', 'pending_acceptance')
    .execute();
}

/** A placement by id for the system (scheduler handlers, other areas' services), locked on PostgreSQL. */
export async function findPlacementByIdForUpdate(db: Db, dialect: Dialect, id: string): Promise<Placement | undefined> {
  let q = db.selectFrom('placements').selectAll().where('id', '=', id);
  if (dialect === 'postgres') q = q.forUpdate();
  const row = await q.executeTakeFirst();
  return row && toPlacement(row);
}

/** Moves the status when it is one of `from`; false when it was not (someone else moved it first). */
export async function moveStatus(db: Db, id: string, from: readonly PlacementStatus[], to: PlacementStatus): Promise<boolean> {
  const res = await db.updateTable('placements').set({ status: to }).where('id', '=', id).where('status', 'in', [...from]).executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

/** A placement without its terms: who, when, where and its status, for the scheduler's handlers (no terms to parse). */
export type PlacementFacts = Omit<Placement, 'terms' | 'guaranteeDays'>;

const FACT_COLUMNS = [
  'id', 'submission_id', 'order_id', 'poster_org_id', 'agency_org_id', 'consultant_id', 'candidate_name', 'start_date', 'time_zone', 'currency',
  'annual_salary', 'fee', 'plan_version_id', 'terms_hash', 'status', 'poster_accepted_by', 'poster_accepted_at', 'deliverer_accepted_by',
  'deliverer_accepted_at', 'replaces_placement_id', 'created_at',
] as const satisfies readonly (keyof PlacementsTable)[];

const toPlacementFacts = (r: Pick<PlacementsTable, (typeof FACT_COLUMNS)[number]>): PlacementFacts => ({
  id: r.id,
  submissionId: r.submission_id,
  orderId: r.order_id,
  posterOrgId: r.poster_org_id,
  agencyOrgId: r.agency_org_id,
  consultantId: r.consultant_id,
  candidateName: r.candidate_name,
  startDate: r.start_date as CalendarDate,
  timeZone: r.time_zone,
  currency: r.currency as Currency,
  annualSalary: toBigInt(r.annual_salary),
  fee: toBigInt(r.fee),
  planVersionId: r.plan_version_id,
  termsHash: r.terms_hash,
  status: r.status,
  posterAcceptedBy: r.poster_accepted_by,
  posterAcceptedAt: r.poster_accepted_at,
  delivererAcceptedBy: r.deliverer_accepted_by,
  delivererAcceptedAt: r.deliverer_accepted_at,
  replacesPlacementId: r.replaces_placement_id,
  createdAt: r.created_at,
});

export async function findPlacementFactsById(db: Db, dialect: Dialect, id: string, lock: boolean): Promise<PlacementFacts | undefined> {
  let q = db.selectFrom('placements').select(FACT_COLUMNS).where('id', '=', id);
  if (lock && dialect === 'postgres') q = q.forUpdate();
  const r = await q.executeTakeFirst();
  return r && toPlacementFacts(r);
}

export async function findPlacementById(db: Db, id: string): Promise<Placement | undefined> {
  const row = await db.selectFrom('placements').selectAll().where('id', '=', id).executeTakeFirst();
  return row && toPlacement(row);
}

/** The placement that replaces `id` (one at most: a claim has one replacement), for the link back. */
export async function findReplacementOf(db: Db, id: string): Promise<{ id: string; status: PlacementStatus } | undefined> {
  return db.selectFrom('placements').select(['id', 'status']).where('replaces_placement_id', '=', id).orderBy('created_at', 'desc').executeTakeFirst();
}
