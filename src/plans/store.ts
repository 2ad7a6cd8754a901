import { sql } from 'kysely';
import { isPlatformOps, type Actor } from '../platform/auth/actor.ts';
import type { Db } from '../platform/db/database.ts';
import type { CustomPlanRequestsTable, PlanTier } from '../platform/db/schema.ts';

/** Queries of the plans area. Rows come back in camelCase; terms stay as their stored canonical JSON text here. */

export type PlanRow = {
  id: string;
  key: string;
  tier: PlanTier;
  nameZh: string;
  nameEn: string;
  ownerOrgId: string | null;
  createdAt: string;
};

export type VersionRow = {
  id: string;
  planId: string;
  version: number;
  termsJson: string;
  termsHash: string;
  note: string;
  publishedBy: string | null;
  publishedAt: string;
};

export type RequestStatus = CustomPlanRequestsTable['status'];
export type RequestRow = {
  id: string;
  orgId: string;
  requestedBy: string;
  description: string;
  status: RequestStatus;
  planId: string | null;
  planKey: string | null;
  responseNote: string | null;
  resolvedBy: string | null;
  resolvedAt: string | null;
  createdAt: string;
};

/** Built-in plans (no owner) for everyone; custom plans only for their owner org; ops (or 'all') see every plan. */
function plansQuery(db: Db, actor: Actor | 'all') {
  const qb = db
    .selectFrom('plans')
    .select([
      'plans.id as id',
      'plans.key as key',
      'plans.tier as tier',
      'plans.name_zh as nameZh',
      'plans.name_en as nameEn',
      'plans.owner_org_id as ownerOrgId',
      'plans.created_at as createdAt',
    ]);
  if (actor === 'all' || isPlatformOps(actor)) return qb;
  return qb.where((eb) => eb.or([eb('plans.owner_org_id', 'is', null), eb('plans.owner_org_id', '=', actor.orgId)]));
}

// ------------------------------------------------------------------------------------------------- plans

/** Plans the actor may see, built-ins first (in their seeding order), then custom plans by creation. */
export async function listPlans(db: Db, actor: Actor | 'all'): Promise<PlanRow[]> {
  return plansQuery(db, actor)
    .orderBy(sql`case when plans.owner_org_id is null then 0 else 1 end`)
    .orderBy('plans.created_at')
    .orderBy('plans.id')
    .execute();
}

export async function findPlan(db: Db, actor: Actor | 'all', planId: string): Promise<PlanRow | undefined> {
  return plansQuery(db, actor).where('plans.id', '=', planId).executeTakeFirst();
}

export async function builtInPlanKeys(db: Db): Promise<string[]> {
  const rows = await db.selectFrom('plans').select('key').where('owner_org_id', 'is', null).execute();
  return rows.map((r) => r.key);
}

export async function planKeyTaken(db: Db, key: string): Promise<boolean> {
  return !!(await db.selectFrom('plans').select('id').where('key', '=', key).executeTakeFirst());
}

/**
 * Inserts a plan; with `ifKeyFree`, does nothing when the key exists (two instances starting at once) and says
 * whether it inserted.
 */
export async function insertPlan(
  db: Db,
  p: { id: string; key: string; tier: PlanTier; nameZh: string; nameEn: string; ownerOrgId: string | null; createdAt: string },
  opts: { ifKeyFree?: boolean } = {},
): Promise<boolean> {
  const insert = db.insertInto('plans').values({
    id: p.id,
    key: p.key,
    tier: p.tier,
    name_zh: p.nameZh,
    name_en: p.nameEn,
    owner_org_id: p.ownerOrgId,
    created_at: p.createdAt,
  });
  const result = await (opts.ifKeyFree ? insert.onConflict((oc) => oc.column('key').doNothing()) : insert).executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
}

// ------------------------------------------------------------------------------------------------- versions

function versionsQuery(db: Db) {
  return db
    .selectFrom('plan_versions')
    .select([
      'plan_versions.id as id',
      'plan_versions.plan_id as planId',
      'plan_versions.version as version',
      'plan_versions.terms as termsJson',
      'plan_versions.terms_hash as termsHash',
      'plan_versions.note as note',
      'plan_versions.published_by as publishedBy',
      'plan_versions.published_at as publishedAt',
    ]);
}

const toVersion = (r: Omit<VersionRow, 'version'> & { version: number | string }): VersionRow => ({ ...r, version: Number(r.version) });

/** Every version of a plan, newest first. */
export async function listVersions(db: Db, planId: string): Promise<VersionRow[]> {
  const rows = await versionsQuery(db).where('plan_versions.plan_id', '=', planId).orderBy('plan_versions.version', 'desc').execute();
  return rows.map(toVersion);
}

/** The latest version of each of the given plans. */
export async function latestVersions(db: Db, planIds: readonly string[]): Promise<Map<string, VersionRow & { versionCount: number }>> {
  const out = new Map<string, VersionRow & { versionCount: number }>();
  if (planIds.length === 0) return out;
  const counts = await db
    .selectFrom('plan_versions')
    .select(['plan_id', (eb) => eb.fn.max('version').as('latest'), (eb) => eb.fn.countAll().as('n')])
    .where('plan_id', 'in', planIds)
    .groupBy('plan_id')
    .execute();
  const rows = await versionsQuery(db)
    .where((eb) => eb.or(counts.map((c) => eb.and([eb('plan_versions.plan_id', '=', c.plan_id), eb('plan_versions.version', '=', Number(c.latest))]))))
    .execute();
  const n = new Map(counts.map((c) => [c.plan_id, Number(c.n)]));
  for (const r of rows) out.set(r.planId, { ...toVersion(r), versionCount: n.get(r.planId) ?? 1 });
  return out;
}

export async function latestVersion(db: Db, planId: string): Promise<VersionRow | undefined> {
  const row = await versionsQuery(db).where('plan_versions.plan_id', '=', planId).orderBy('plan_versions.version', 'desc').limit(1).executeTakeFirst();
  return row && toVersion(row);
}

/** A version with its plan, whoever owns it: callers apply the visibility rule. */
export async function findVersion(db: Db, planVersionId: string): Promise<{ version: VersionRow; plan: PlanRow } | undefined> {
  const version = await versionsQuery(db).where('plan_versions.id', '=', planVersionId).executeTakeFirst();
  if (!version) return undefined;
  const plan = await plansQuery(db, 'all').where('plans.id', '=', version.planId).executeTakeFirst();
  return plan && { version: toVersion(version), plan };
}

/** Versions are only ever inserted: the table refuses UPDATE and DELETE (migration 0002). */
export async function insertVersion(
  db: Db,
  v: { id: string; planId: string; version: number; termsJson: string; termsHash: string; note: string; publishedBy: string | null; publishedAt: string },
): Promise<void> {
  await db
    .insertInto('plan_versions')
    .values({
      id: v.id,
      plan_id: v.planId,
      version: v.version,
      terms: v.termsJson,
      terms_hash: v.termsHash,
      note: v.note,
      published_by: v.publishedBy,
      published_at: v.publishedAt,
    })
    .execute();
}

// ------------------------------------------------------------------------------------------------- custom plan requests

function requestsQuery(db: Db) {
  return db
    .selectFrom('custom_plan_requests as r')
    .leftJoin('plans', 'plans.id', 'r.plan_id')
    .select([
      'r.id as id',
      'r.org_id as orgId',
      'r.requested_by as requestedBy',
      'r.description as description',
      'r.status as status',
      'r.plan_id as planId',
      'plans.key as planKey',
      'r.response_note as responseNote',
      'r.resolved_by as resolvedBy',
      'r.resolved_at as resolvedAt',
      'r.created_at as createdAt',
    ]);
}

/** Requests the actor may see: its own org's, or every org's for ops. */
export async function findRequest(db: Db, actor: Actor, requestId: string): Promise<RequestRow | undefined> {
  let qb = requestsQuery(db).where('r.id', '=', requestId);
  if (!isPlatformOps(actor)) qb = qb.where('r.org_id', '=', actor.orgId);
  return qb.executeTakeFirst();
}

export async function listRequests(db: Db, filter: { orgId?: string; status?: RequestStatus }): Promise<RequestRow[]> {
  let qb = requestsQuery(db);
  if (filter.orgId !== undefined) qb = qb.where('r.org_id', '=', filter.orgId);
  if (filter.status !== undefined) qb = qb.where('r.status', '=', filter.status);
  return qb.orderBy('r.created_at', 'desc').orderBy('r.id').execute();
}

export async function insertRequest(db: Db, r: { id: string; orgId: string; requestedBy: string; description: string; createdAt: string }): Promise<void> {
  await db
    .insertInto('custom_plan_requests')
    .values({
      id: r.id,
      org_id: r.orgId,
      requested_by: r.requestedBy,
      description: r.description,
      status: 'open',
      plan_id: null,
      response_note: null,
      resolved_by: null,
      resolved_at: null,
      created_at: r.createdAt,
    })
    .execute();
}

/**
 * Decides an open request. Only a request still open changes, so two ops deciding at once cannot both win;
 * returns whether this call decided it.
 */
export async function resolveRequest(
  db: Db,
  requestId: string,
  r: { status: 'published' | 'declined'; planId: string | null; responseNote: string | null; resolvedBy: string; resolvedAt: string },
): Promise<boolean> {
  const result = await db
    .updateTable('custom_plan_requests')
    .set({ status: r.status, plan_id: r.planId, response_note: r.responseNote, resolved_by: r.resolvedBy, resolved_at: r.resolvedAt })
    .where('id', '=', requestId)
    .where('status', '=', 'open')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
