import type { CalendarDate } from '../platform/calendar-date.ts';
import type { Db } from '../platform/db/database.ts';
import type {
  CheckinFormsTable,
  CheckinLinksTable,
  EvidenceFilesTable,
  ClaimsTable,
  ClaimState,
  PlacementFlagsTable,
  SupportTasksTable,
} from '../platform/db/schema.ts';
import type { FlagReason } from './checkin.rules.ts';

// ------------------------------------------------------------------------------------------------ check-in forms

export type CheckinForm = {
  id: string;
  placementId: string;
  day: number;
  respondent: 'employer' | 'candidate';
  opensOn: CalendarDate;
  closesOn: CalendarDate;
  status: CheckinFormsTable['status'];
  answeredAt: string | null;
  answeredBy: string | null;
  answers: Record<string, unknown> | null;
};

export const toForm = (r: CheckinFormsTable): CheckinForm => ({
  id: r.id,
  placementId: r.placement_id,
  day: Number(r.day),
  respondent: r.respondent,
  opensOn: r.opens_on as CalendarDate,
  closesOn: r.closes_on as CalendarDate,
  status: r.status,
  answeredAt: r.answered_at,
  answeredBy: r.answered_by,
  answers: r.answers === null ? null : (JSON.parse(r.answers) as Record<string, unknown>),
});

export async function insertForm(db: Db, row: CheckinFormsTable): Promise<void> {
  await db.insertInto('checkin_forms').values(row).execute();
}

export async function findForm(db: Db, id: string): Promise<CheckinForm | undefined> {
  const row = await db.selectFrom('checkin_forms').selectAll().where('id', '=', id).executeTakeFirst();
  return row && toForm(row);
}

export async function formsOf(db: Db, placementId: string): Promise<CheckinForm[]> {
  const rows = await db.selectFrom('checkin_forms').selectAll().where('placement_id', '=', placementId).orderBy('opens_on').orderBy('day').execute();
  return rows.map(toForm);
}

/** open → answered, atomically: false when the form was no longer open (answered, missed, or raced). */
export async function markAnswered(db: Db, id: string, by: string | null, at: string, answers: string): Promise<boolean> {
  const res = await db
    .updateTable('checkin_forms')
    .set({ status: 'answered', answered_by: by, answered_at: at, answers })
    .where('id', '=', id)
    .where('status', '=', 'open')
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

/** open → missed, atomically. */
export async function markMissed(db: Db, id: string): Promise<boolean> {
  const res = await db.updateTable('checkin_forms').set({ status: 'missed' }).where('id', '=', id).where('status', '=', 'open').executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

export type FormOnPlacement = CheckinForm & { posterOrgId: string; agencyOrgId: string; consultantId: string; candidateName: string; orderTitle: string | null };

/** Open or missed forms across placements, for dashboards; `scope` narrows by the placement's parties. */
export async function formsByStatus(
  db: Db,
  scope: { posterOrgId?: string; consultantId?: string; agencyOrgId?: string },
  statuses: readonly CheckinFormsTable['status'][],
  limit: number,
): Promise<FormOnPlacement[]> {
  let q = db
    .selectFrom('checkin_forms')
    .innerJoin('placements', 'placements.id', 'checkin_forms.placement_id')
    .innerJoin('job_orders', 'job_orders.id', 'placements.order_id')
    .selectAll('checkin_forms')
    .select(['placements.poster_org_id', 'placements.agency_org_id', 'placements.consultant_id', 'placements.candidate_name', 'job_orders.title'])
    .where('checkin_forms.status', 'in', [...statuses]);
  if (scope.posterOrgId) q = q.where('placements.poster_org_id', '=', scope.posterOrgId);
  if (scope.consultantId) q = q.where('placements.consultant_id', '=', scope.consultantId);
  if (scope.agencyOrgId) q = q.where('placements.agency_org_id', '=', scope.agencyOrgId);
  const rows = await q.orderBy('checkin_forms.closes_on').orderBy('checkin_forms.id').limit(limit).execute();
  return rows.map((r) => ({
    ...toForm(r),
    posterOrgId: r.poster_org_id,
    agencyOrgId: r.agency_org_id,
    consultantId: r.consultant_id,
    candidateName: r.candidate_name,
    orderTitle: r.title,
  }));
}

// ------------------------------------------------------------------------------------------------ candidate links

export type CheckinLink = { id: string; formId: string; expiresAt: string; revokedAt: string | null; spentAt: string | null };

const toLink = (r: CheckinLinksTable): CheckinLink => ({ id: r.id, formId: r.form_id, expiresAt: r.expires_at, revokedAt: r.revoked_at, spentAt: r.spent_at });

export async function insertLink(db: Db, row: CheckinLinksTable): Promise<void> {
  await db.insertInto('checkin_links').values(row).execute();
}

export async function revokeLinksOf(db: Db, formId: string, at: string): Promise<number> {
  const res = await db.updateTable('checkin_links').set({ revoked_at: at }).where('form_id', '=', formId).where('revoked_at', 'is', null).where('spent_at', 'is', null).executeTakeFirst();
  return Number(res.numUpdatedRows);
}

export async function findLinkByHash(db: Db, tokenHash: string): Promise<CheckinLink | undefined> {
  const row = await db.selectFrom('checkin_links').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
  return row && toLink(row);
}

/** Spends a live link once: false when it was revoked or spent in the meantime. */
export async function spendLink(db: Db, id: string, at: string): Promise<boolean> {
  const res = await db.updateTable('checkin_links').set({ spent_at: at }).where('id', '=', id).where('spent_at', 'is', null).where('revoked_at', 'is', null).executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}



// ------------------------------------------------------------------------------------------------ flags

export type PlacementFlag = { id: string; placementId: string; formId: string | null; reasons: FlagReason[]; flaggedOn: CalendarDate; createdAt: string };

const toFlag = (r: PlacementFlagsTable): PlacementFlag => ({
  id: r.id,
  placementId: r.placement_id,
  formId: r.form_id,
  reasons: JSON.parse(r.reasons) as FlagReason[],
  flaggedOn: r.flagged_on as CalendarDate,
  createdAt: r.created_at,
});

export async function insertFlag(db: Db, row: PlacementFlagsTable): Promise<void> {
  await db.insertInto('placement_flags').values(row).execute();
}

export async function flagsOf(db: Db, placementId: string): Promise<PlacementFlag[]> {
  const rows = await db.selectFrom('placement_flags').selectAll().where('placement_id', '=', placementId).orderBy('created_at').execute();
  return rows.map(toFlag);
}

export type FlaggedPlacement = { placementId: string; candidateName: string; orderTitle: string | null; lastFlaggedOn: CalendarDate; reasons: FlagReason[]; status: string };

/** Placements in service with at least one flag, most recent flag first. */
export async function flaggedPlacements(db: Db, scope: { posterOrgId?: string; consultantId?: string; agencyOrgId?: string }, limit: number): Promise<FlaggedPlacement[]> {
  let q = db
    .selectFrom('placement_flags')
    .innerJoin('placements', 'placements.id', 'placement_flags.placement_id')
    .innerJoin('job_orders', 'job_orders.id', 'placements.order_id')
    .select(['placement_flags.placement_id', 'placement_flags.reasons', 'placement_flags.flagged_on', 'placements.candidate_name', 'placements.status', 'job_orders.title'])
    .where('placements.status', 'in', ['active', 'guarantee_passed', 'replacing']);
  if (scope.posterOrgId) q = q.where('placements.poster_org_id', '=', scope.posterOrgId);
  if (scope.consultantId) q = q.where('placements.consultant_id', '=', scope.consultantId);
  if (scope.agencyOrgId) q = q.where('placements.agency_org_id', '=', scope.agencyOrgId);
  const rows = await q.orderBy('placement_flags.created_at', 'desc').limit(limit * 4).execute();
  const seen = new Map<string, FlaggedPlacement>();
  for (const r of rows) {
    if (seen.has(r.placement_id)) continue;
    seen.set(r.placement_id, {
      placementId: r.placement_id,
      candidateName: r.candidate_name,
      orderTitle: r.title,
      lastFlaggedOn: r.flagged_on as CalendarDate,
      reasons: JSON.parse(r.reasons) as FlagReason[],
      status: r.status,
    });
  }
  return [...seen.values()].slice(0, limit);
}

// ------------------------------------------------------------------------------------------------ support tasks

export type SupportTask = {
  id: string;
  placementId: string;
  consultantId: string;
  agencyOrgId: string;
  kind: string;
  source: 'terms' | 'flag';
  flagId: string | null;
  dueOn: CalendarDate;
  status: SupportTasksTable['status'];
  doneAt: string | null;
  doneOn: CalendarDate | null;
  doneBy: string | null;
  note: string | null;
  createdAt: string;
};

const toTask = (r: SupportTasksTable): SupportTask => ({
  id: r.id,
  placementId: r.placement_id,
  consultantId: r.consultant_id,
  agencyOrgId: r.agency_org_id,
  kind: r.kind,
  source: r.source,
  flagId: r.flag_id,
  dueOn: r.due_on as CalendarDate,
  status: r.status,
  doneAt: r.done_at,
  doneOn: r.done_on as CalendarDate | null,
  doneBy: r.done_by,
  note: r.note,
  createdAt: r.created_at,
});

/** A new open support task of a placement's consultant: from the terms, or from a flag (`flagId`). */
export async function insertOpenTask(
  db: Db,
  t: { id: string; placement: { id: string; consultantId: string; agencyOrgId: string }; kind: SupportTasksTable['kind']; flagId: string | null; dueOn: string; now: Date },
): Promise<void> {
  const row: SupportTasksTable = {
    id: t.id,
    placement_id: t.placement.id,
    consultant_id: t.placement.consultantId,
    agency_org_id: t.placement.agencyOrgId,
    kind: t.kind,
    source: t.flagId === null ? 'terms' : 'flag',
    flag_id: t.flagId,
    due_on: t.dueOn,
    status: 'open',
    done_at: null,
    done_on: null,
    done_by: null,
    note: null,
    created_at: t.now.toISOString(),
  };
  await db.insertInto('support_tasks').values(row).execute();
}

export async function findTask(db: Db, id: string): Promise<SupportTask | undefined> {
  const row = await db.selectFrom('support_tasks').selectAll().where('id', '=', id).executeTakeFirst();
  return row && toTask(row);
}

/** The open retention-intervention task of a placement due on `dueOn` (one created by a flag on the same day). */
export async function openInterventionDueOn(db: Db, placementId: string, dueOn: string): Promise<SupportTask | undefined> {
  const row = await db
    .selectFrom('support_tasks')
    .selectAll()
    .where('placement_id', '=', placementId)
    .where('kind', '=', 'retention_intervention')
    .where('status', '=', 'open')
    .where('due_on', '=', dueOn)
    .orderBy('id')
    .executeTakeFirst();
  return row && toTask(row);
}

export async function tasksOf(db: Db, placementId: string): Promise<SupportTask[]> {
  const rows = await db.selectFrom('support_tasks').selectAll().where('placement_id', '=', placementId).orderBy('due_on').orderBy('id').execute();
  return rows.map(toTask);
}

/** open or overdue → done, atomically: false when it was done already. */
export async function markTaskDone(db: Db, id: string, p: { by: string; at: string; on: CalendarDate; note: string }): Promise<boolean> {
  const res = await db
    .updateTable('support_tasks')
    .set({ status: 'done', done_by: p.by, done_at: p.at, done_on: p.on, note: p.note })
    .where('id', '=', id)
    .where('status', 'in', ['open', 'overdue'])
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

export async function markTaskOverdue(db: Db, id: string): Promise<boolean> {
  const res = await db.updateTable('support_tasks').set({ status: 'overdue' }).where('id', '=', id).where('status', '=', 'open').executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

/** A task with what its row shows beside it (the consultant's name is identity's: the service adds it). */
export type TaskOnPlacement = SupportTask & { candidateName: string; orderTitle: string | null };

export async function tasksByScope(
  db: Db,
  scope: { consultantId?: string; agencyOrgId?: string; posterOrgId?: string },
  statuses: readonly SupportTasksTable['status'][],
  limit: number,
): Promise<TaskOnPlacement[]> {
  let q = db
    .selectFrom('support_tasks')
    .innerJoin('placements', 'placements.id', 'support_tasks.placement_id')
    .innerJoin('job_orders', 'job_orders.id', 'placements.order_id')
    .selectAll('support_tasks')
    .select(['placements.candidate_name', 'job_orders.title'])
    .where('support_tasks.status', 'in', [...statuses]);
  if (scope.consultantId) q = q.where('support_tasks.consultant_id', '=', scope.consultantId);
  if (scope.agencyOrgId) q = q.where('support_tasks.agency_org_id', '=', scope.agencyOrgId);
  if (scope.posterOrgId) q = q.where('placements.poster_org_id', '=', scope.posterOrgId);
  const rows = await q.orderBy('support_tasks.due_on').orderBy('support_tasks.id').limit(limit).execute();
  return rows.map((r) => ({ ...toTask(r), candidateName: r.candidate_name, orderTitle: r.title }));
}

/** Due day and done day of every task of an agency's consultants, for their on-time rates. */
export async function taskTimesOfAgency(db: Db, agencyOrgId: string): Promise<{ consultantId: string; dueOn: CalendarDate; doneOn: CalendarDate | null }[]> {
  const rows = await db
    .selectFrom('support_tasks')
    .select(['support_tasks.consultant_id', 'support_tasks.due_on', 'support_tasks.done_on'])
    .where('support_tasks.agency_org_id', '=', agencyOrgId)
    .execute();
  return rows.map((r) => ({ consultantId: r.consultant_id, dueOn: r.due_on as CalendarDate, doneOn: r.done_on as CalendarDate | null }));
}

// ------------------------------------------------------------------------------------------------ claims

export async function insertClaim(db: Db, row: ClaimsTable): Promise<void> {
  await db.insertInto('claims').values(row).execute();
}

export async function findClaim(db: Db, id: string): Promise<ClaimsTable | undefined> {
  return db.selectFrom('claims').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function openClaimOf(db: Db, placementId: string): Promise<ClaimsTable | undefined> {
  return db.selectFrom('claims').selectAll().where('placement_id', '=', placementId).where('is_open', '=', 1).executeTakeFirst();
}

export async function claimsOf(db: Db, placementId: string): Promise<ClaimsTable[]> {
  return db.selectFrom('claims').selectAll().where('placement_id', '=', placementId).orderBy('created_at', 'desc').orderBy('id', 'desc').execute();
}

/** Moves a claim from one of `from` to a new state with extra columns; false when it was not in `from`. */
export async function moveClaim(db: Db, id: string, from: readonly ClaimState[], set: Partial<ClaimsTable> & { state: ClaimState; updated_at: string }): Promise<boolean> {
  const res = await db.updateTable('claims').set(set).where('id', '=', id).where('state', 'in', [...from]).executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

export type ClaimScope = { posterOrgId?: string; agencyOrgId?: string; consultantId?: string; orParty?: string };

/** Claims newest first, keyset-paged on (created_at, id), narrowed to what the caller may see. */
export async function listClaims(
  db: Db,
  scope: ClaimScope,
  f: { state?: ClaimState | undefined; limit: number; before?: { createdAt: string; id: string } | undefined },
): Promise<ClaimsTable[]> {
  let q = db.selectFrom('claims').selectAll('claims');
  if (scope.posterOrgId) q = q.where('claims.poster_org_id', '=', scope.posterOrgId);
  if (scope.agencyOrgId) q = q.where('claims.agency_org_id', '=', scope.agencyOrgId);
  const orParty = scope.orParty;
  if (orParty) q = q.where((eb) => eb.or([eb('claims.poster_org_id', '=', orParty), eb('claims.agency_org_id', '=', orParty)]));
  const consultantId = scope.consultantId;
  if (consultantId) q = q.where((eb) => eb.exists(eb.selectFrom('placements').select('placements.id').whereRef('placements.id', '=', 'claims.placement_id').where('placements.consultant_id', '=', consultantId)));
  if (f.state) q = q.where('claims.state', '=', f.state);
  const before = f.before;
  if (before) q = q.where((eb) => eb.or([eb('claims.created_at', '<', before.createdAt), eb.and([eb('claims.created_at', '=', before.createdAt), eb('claims.id', '<', before.id)])]));
  return q.orderBy('claims.created_at', 'desc').orderBy('claims.id', 'desc').limit(f.limit).execute();
}

export async function claimCountsByState(db: Db, scope: ClaimScope): Promise<Partial<Record<ClaimState, number>>> {
  let q = db.selectFrom('claims').select(['state', db.fn.countAll<string | number>().as('n')]).groupBy('state');
  if (scope.posterOrgId) q = q.where('poster_org_id', '=', scope.posterOrgId);
  if (scope.agencyOrgId) q = q.where('agency_org_id', '=', scope.agencyOrgId);
  const rows = await q.execute();
  return Object.fromEntries(rows.map((r) => [r.state, Number(r.n)]));
}

/** Claims of a placement chain that used a replacement (the placements this one replaces, transitively). */
export async function replacementsUsedAlong(db: Db, placementIds: readonly string[]): Promise<number> {
  if (placementIds.length === 0) return 0;
  const row = await db.selectFrom('claims').select(db.fn.countAll<string | number>().as('n')).where('placement_id', 'in', [...placementIds]).where('state', '=', 'replaced').executeTakeFirst();
  return Number(row?.n ?? 0);
}

// ------------------------------------------------------------------------------------------------ claim evidence

export async function insertEvidence(db: Db, row: EvidenceFilesTable): Promise<void> {
  await db.insertInto('evidence_files').values(row).execute();
}

export async function findEvidence(db: Db, fileId: string): Promise<EvidenceFilesTable | undefined> {
  return db.selectFrom('evidence_files').selectAll().where('file_id', '=', fileId).executeTakeFirst();
}

export async function evidenceRows(db: Db, fileIds: readonly string[]): Promise<EvidenceFilesTable[]> {
  if (fileIds.length === 0) return [];
  return db.selectFrom('evidence_files').selectAll().where('file_id', 'in', [...fileIds]).execute();
}

export async function evidenceOfClaim(db: Db, claimId: string): Promise<EvidenceFilesTable[]> {
  return db.selectFrom('evidence_files').selectAll().where('claim_id', '=', claimId).orderBy('created_at').orderBy('file_id').execute();
}

/** Attaches unattached evidence to a claim; how many were attached. */
export async function attachEvidence(db: Db, fileIds: readonly string[], claimId: string): Promise<number> {
  if (fileIds.length === 0) return 0;
  const res = await db.updateTable('evidence_files').set({ claim_id: claimId }).where('file_id', 'in', [...fileIds]).where('claim_id', 'is', null).executeTakeFirst();
  return Number(res.numUpdatedRows);
}

export async function setClaimEvidenceIds(db: Db, claimId: string, evidenceFileIds: string, at: string): Promise<void> {
  await db.updateTable('claims').set({ evidence_file_ids: evidenceFileIds, updated_at: at }).where('id', '=', claimId).execute();
}
