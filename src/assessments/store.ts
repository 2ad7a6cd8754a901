import type { Db } from '../platform/db/database.ts';
import type { AssessmentEvidenceTable, AssessmentTasksTable, PlacementAssessorsTable } from '../platform/db/schema.ts';

/*
 * The skill plan's queries. Who may read what is decided in service.ts (an assessor org reads the placements
 * assigned to it; the placement's sides and ops read through the placements area's access rule): every list
 * here is already narrowed to one placement or to one assessor org.
 */

export type AssessmentTask = {
  id: string;
  placementId: string;
  day: number;
  passScore: number;
  opensOn: string;
  dueOn: string;
  score: number | null;
  notes: string | null;
  evidenceFileIds: string[];
  scoredBy: string | null;
  scoredByOrgId: string | null;
  scoredOn: string | null;
  scoredAt: string | null;
  warningPermille: number | null;
  createdAt: string;
};

const toTask = (r: AssessmentTasksTable): AssessmentTask => ({
  id: r.id,
  placementId: r.placement_id,
  day: Number(r.day),
  passScore: Number(r.pass_score),
  opensOn: r.opens_on,
  dueOn: r.due_on,
  score: r.score === null ? null : Number(r.score),
  notes: r.notes,
  evidenceFileIds: JSON.parse(r.evidence_file_ids) as string[],
  scoredBy: r.scored_by,
  scoredByOrgId: r.scored_by_org_id,
  scoredOn: r.scored_on,
  scoredAt: r.scored_at,
  warningPermille: r.warning_permille === null ? null : Number(r.warning_permille),
  createdAt: r.created_at,
});

// ------------------------------------------------------------------------------------------ assignments

export type AssignmentRow = PlacementAssessorsTable;

export async function findAssignment(db: Db, placementId: string): Promise<AssignmentRow | undefined> {
  return db.selectFrom('placement_assessors').selectAll().where('placement_id', '=', placementId).executeTakeFirst();
}

/** One assessor org per placement: a new assignment replaces the old one (the caller holds the placement's lock). */
export async function putAssignment(db: Db, row: PlacementAssessorsTable): Promise<void> {
  const updated = await db
    .updateTable('placement_assessors')
    .set({ assessor_org_id: row.assessor_org_id, assigned_by: row.assigned_by, assigned_at: row.assigned_at })
    .where('placement_id', '=', row.placement_id)
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) === 0) await db.insertInto('placement_assessors').values(row).execute();
}

/** An assessor org's placements, newest assignment first, keyset-paged on (assigned_at, placement_id). */
export async function assignmentsOf(db: Db, orgId: string, page: { limit: number; before?: { at: string; id: string } | undefined }): Promise<PlacementAssessorsTable[]> {
  let q = db.selectFrom('placement_assessors').selectAll().where('assessor_org_id', '=', orgId);
  const before = page.before;
  if (before) q = q.where((eb) => eb.or([eb('assigned_at', '<', before.at), eb.and([eb('assigned_at', '=', before.at), eb('placement_id', '<', before.id)])]));
  return q.orderBy('assigned_at', 'desc').orderBy('placement_id', 'desc').limit(page.limit).execute();
}

// ------------------------------------------------------------------------------------------ tasks

export async function insertTask(db: Db, row: AssessmentTasksTable): Promise<void> {
  await db.insertInto('assessment_tasks').values(row).execute();
}

export async function findTask(db: Db, id: string): Promise<AssessmentTask | undefined> {
  const row = await db.selectFrom('assessment_tasks').selectAll().where('id', '=', id).executeTakeFirst();
  return row && toTask(row);
}

export async function tasksOf(db: Db, placementId: string): Promise<AssessmentTask[]> {
  return (await db.selectFrom('assessment_tasks').selectAll().where('placement_id', '=', placementId).orderBy('day').execute()).map(toTask);
}

/** The tasks of many placements in one query (a page of the workbench). */
export async function tasksOfMany(db: Db, placementIds: readonly string[]): Promise<AssessmentTask[]> {
  if (placementIds.length === 0) return [];
  return (await db.selectFrom('assessment_tasks').selectAll().where('placement_id', 'in', [...placementIds]).orderBy('day').execute()).map(toTask);
}

/** An assessor org's unscored tasks, earliest due first, keyset-paged on (due_on, id). */
export async function openTasksOf(db: Db, orgId: string, page: { limit: number; after?: { on: string; id: string } | undefined; dueBy?: string | undefined }): Promise<AssessmentTask[]> {
  let q = db
    .selectFrom('assessment_tasks as t')
    .innerJoin('placement_assessors as a', 'a.placement_id', 't.placement_id')
    .selectAll('t')
    .where('a.assessor_org_id', '=', orgId)
    .where('t.score', 'is', null);
  if (page.dueBy) q = q.where('t.due_on', '<=', page.dueBy);
  const after = page.after;
  if (after) q = q.where((eb) => eb.or([eb('t.due_on', '>', after.on), eb.and([eb('t.due_on', '=', after.on), eb('t.id', '>', after.id)])]));
  return (await q.orderBy('t.due_on').orderBy('t.id').limit(page.limit).execute()).map(toTask);
}

/** Records the score of a task not yet scored; false when it was scored already. */
export async function markScored(
  db: Db,
  id: string,
  s: { score: number; notes: string; evidenceFileIds: string; by: string; orgId: string; on: string; at: string; warningPermille: number | null },
): Promise<boolean> {
  const r = await db
    .updateTable('assessment_tasks')
    .set({ score: s.score, notes: s.notes, evidence_file_ids: s.evidenceFileIds, scored_by: s.by, scored_by_org_id: s.orgId, scored_on: s.on, scored_at: s.at, warning_permille: s.warningPermille })
    .where('id', '=', id)
    .where('score', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Whether a placement has a scored milestone below its pass score. */
export async function hasFailedMilestone(db: Db, placementId: string): Promise<boolean> {
  const rows = await db.selectFrom('assessment_tasks').select(['score', 'pass_score']).where('placement_id', '=', placementId).where('score', 'is not', null).execute();
  return rows.some((r) => Number(r.score) < Number(r.pass_score));
}

// ------------------------------------------------------------------------------------------ evidence

export async function insertEvidence(db: Db, row: AssessmentEvidenceTable): Promise<void> {
  await db.insertInto('assessment_evidence').values(row).execute();
}

export async function findEvidence(db: Db, fileId: string): Promise<AssessmentEvidenceTable | undefined> {
  return db.selectFrom('assessment_evidence').selectAll().where('file_id', '=', fileId).executeTakeFirst();
}

export async function evidenceRows(db: Db, fileIds: readonly string[]): Promise<AssessmentEvidenceTable[]> {
  if (fileIds.length === 0) return [];
  return db.selectFrom('assessment_evidence').selectAll().where('file_id', 'in', [...fileIds]).execute();
}

export async function evidenceOfTasks(db: Db, taskIds: readonly string[]): Promise<AssessmentEvidenceTable[]> {
  if (taskIds.length === 0) return [];
  return db.selectFrom('assessment_evidence').selectAll().where('task_id', 'in', [...taskIds]).orderBy('created_at').orderBy('file_id').execute();
}
