import { isPlatformOps, type Actor } from '../platform/auth/actor.ts';
import type { CalendarDate } from '../platform/calendar-date.ts';
import type { Db, Dialect, Tx } from '../platform/db/database.ts';
import { toBigInt, type DisputeEvidenceTable, type DisputesTable, type DisputeState, type DisputeType, type DisputeOutcome } from '../platform/db/schema.ts';
import type { Currency } from '../platform/money.ts';

export type Dispute = {
  id: string;
  type: DisputeType;
  subjectId: string;
  /** null for an ownership dispute (its subject is a refusal). */
  placementId: string | null;
  posterOrgId: string;
  agencyOrgId: string;
  consultantId: string;
  currency: Currency;
  raisedBySide: 'poster' | 'deliverer';
  raisedBy: string;
  /** An ownership dispute's respondent (the side whose submission held the protection); null for the other types. */
  respondentOrgId: string | null;
  respondentConsultantId: string | null;
  contestedOn: CalendarDate;
  raisedOn: CalendarDate;
  answerBy: CalendarDate;
  decideBy: CalendarDate;
  statement: string;
  state: DisputeState;
  responseStatement: string | null;
  respondedAt: string | null;
  respondedBy: string | null;
  responseMissed: boolean;
  arbitratorUserId: string | null;
  assignedAt: string | null;
  outcome: DisputeOutcome | null;
  amount: bigint | null;
  reasons: string | null;
  decidedAt: string | null;
  decidedOn: CalendarDate | null;
  effects: Record<string, unknown> | null;
  overdueOn: CalendarDate | null;
  createdAt: string;
  updatedAt: string;
};

export const toDispute = (r: DisputesTable): Dispute => ({
  id: r.id,
  type: r.type,
  subjectId: r.subject_id,
  placementId: r.placement_id,
  posterOrgId: r.poster_org_id,
  agencyOrgId: r.agency_org_id,
  consultantId: r.consultant_id,
  currency: r.currency as Currency,
  raisedBySide: r.raised_by_side,
  raisedBy: r.raised_by,
  respondentOrgId: r.respondent_org_id ?? null,
  respondentConsultantId: r.respondent_consultant_id ?? null,
  contestedOn: r.contested_on as CalendarDate,
  raisedOn: r.raised_on as CalendarDate,
  answerBy: r.answer_by as CalendarDate,
  decideBy: r.decide_by as CalendarDate,
  statement: r.statement,
  state: r.state,
  responseStatement: r.response_statement,
  respondedAt: r.responded_at,
  respondedBy: r.responded_by,
  responseMissed: Number(r.response_missed) === 1,
  arbitratorUserId: r.arbitrator_user_id,
  assignedAt: r.assigned_at,
  outcome: r.outcome,
  amount: r.amount === null ? null : toBigInt(r.amount),
  reasons: r.reasons,
  decidedAt: r.decided_at,
  decidedOn: r.decided_on as CalendarDate | null,
  effects: r.effects ? (JSON.parse(r.effects) as Record<string, unknown>) : null,
  overdueOn: r.overdue_on as CalendarDate | null,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export type Evidence = { id: string; disputeId: string; fileId: string; side: 'poster' | 'deliverer' | 'owner'; addedBy: string; createdAt: string };

export async function insertDispute(tx: Tx, row: DisputesTable): Promise<void> {
  await tx.insertInto('disputes').values(row).execute();
}

export async function findDispute(db: Db, id: string): Promise<Dispute | undefined> {
  const r = await db.selectFrom('disputes').selectAll().where('id', '=', id).executeTakeFirst();
  return r && toDispute(r);
}

/** The dispute, locked for the rest of `tx` (SQLite: the write lock taken first, as the other areas do). */
export async function findDisputeForUpdate(tx: Tx, dialect: Dialect, id: string): Promise<Dispute | undefined> {
  if (dialect === 'sqlite') await tx.updateTable('disputes').set((eb) => ({ updated_at: eb.ref('updated_at') })).where('id', '=', id).execute();
  let q = tx.selectFrom('disputes').selectAll().where('id', '=', id);
  if (dialect === 'postgres') q = q.forUpdate();
  const r = await q.executeTakeFirst();
  return r && toDispute(r);
}

export async function openDisputeOf(db: Db, subjectId: string): Promise<Dispute | undefined> {
  const r = await db.selectFrom('disputes').selectAll().where('open_subject_id', '=', subjectId).executeTakeFirst();
  return r && toDispute(r);
}

/** The latest dispute of `type` about `subjectId` that an arbitrator decided, if any. */
export async function decidedDisputeOf(db: Db, subjectId: string, type: DisputeType): Promise<Dispute | undefined> {
  const r = await db.selectFrom('disputes').selectAll().where('subject_id', '=', subjectId).where('type', '=', type).where('state', '=', 'decided').orderBy('decided_at', 'desc').executeTakeFirst();
  return r && toDispute(r);
}

/** Moves a dispute from one of `from`; false when it was in none of them (someone moved it first). */
export async function moveDispute(tx: Tx, id: string, from: readonly DisputeState[], set: Partial<DisputesTable> & { updated_at: string }): Promise<boolean> {
  const r = await tx.updateTable('disputes').set(set).where('id', '=', id).where('state', 'in', [...from]).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function updateDispute(tx: Tx, id: string, set: Partial<DisputesTable> & { updated_at: string }): Promise<void> {
  await tx.updateTable('disputes').set(set).where('id', '=', id).execute();
}

/**
 * The disputes `actor` may see: platform ops all; an arbitrator those assigned to it; the poster's people their
 * org's (an ownership dispute about their order too); an agency admin its org's, on either side; a consultant
 * those of its own placements and the ownership disputes it raised or answers.
 */
export function visibleDisputes(db: Db, actor: Actor) {
  const q = db.selectFrom('disputes').selectAll();
  if (isPlatformOps(actor)) return q;
  switch (actor.role) {
    case 'arbitrator':
      return q.where('arbitrator_user_id', '=', actor.userId);
    case 'employer_admin':
    case 'employer_hr':
      return q.where('poster_org_id', '=', actor.orgId);
    case 'agency_admin':
      return q.where((eb) => eb.or([eb('poster_org_id', '=', actor.orgId), eb('agency_org_id', '=', actor.orgId), eb('respondent_org_id', '=', actor.orgId)]));
    case 'consultant':
      // Its own placements' disputes; an ownership dispute about its refusal, or about its candidate's protection.
      return q.where((eb) =>
        eb.or([
          eb.and([eb('agency_org_id', '=', actor.orgId), eb('consultant_id', '=', actor.userId)]),
          eb.and([eb('respondent_org_id', '=', actor.orgId), eb('respondent_consultant_id', '=', actor.userId)]),
        ]),
      );
    default:
      return q.where('id', '=', '');
  }
}

export async function listVisible(db: Db, actor: Actor, q: { state?: DisputeState | undefined; placementId?: string | undefined; limit: number; after?: { c: string; i: string } | undefined }): Promise<Dispute[]> {
  let query = visibleDisputes(db, actor);
  if (q.state) query = query.where('state', '=', q.state);
  if (q.placementId) query = query.where('placement_id', '=', q.placementId);
  if (q.after) {
    const { c, i } = q.after;
    query = query.where((eb) => eb.or([eb('created_at', '<', c), eb.and([eb('created_at', '=', c), eb('id', '<', i)])]));
  }
  const rows = await query.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(q.limit).execute();
  return rows.map(toDispute);
}

export async function insertEvidence(tx: Tx, row: DisputeEvidenceTable): Promise<void> {
  await tx.insertInto('dispute_evidence').values(row).execute();
}

export async function evidenceOf(db: Db, disputeId: string): Promise<Evidence[]> {
  const rows = await db.selectFrom('dispute_evidence').selectAll().where('dispute_id', '=', disputeId).orderBy('created_at').orderBy('id').execute();
  return rows.map((r) => ({ id: r.id, disputeId: r.dispute_id, fileId: r.file_id, side: r.side, addedBy: r.added_by, createdAt: r.created_at }));
}

/** The disputes that reference a file as evidence (who may download it is decided on them). */
export async function disputesWithEvidence(db: Db, fileId: string): Promise<Dispute[]> {
  const rows = await db.selectFrom('disputes').innerJoin('dispute_evidence', 'dispute_evidence.dispute_id', 'disputes.id').selectAll('disputes').where('dispute_evidence.file_id', '=', fileId).execute();
  return rows.map(toDispute);
}

export async function tiesOf(db: Db, arbitratorUserId: string): Promise<Array<{ orgId: string; declaredAt: string }>> {
  const rows = await db.selectFrom('arbitrator_ties').selectAll().where('arbitrator_user_id', '=', arbitratorUserId).orderBy('org_id').execute();
  return rows.map((r) => ({ orgId: r.org_id, declaredAt: r.declared_at }));
}

/** Replaces an arbitrator's declared ties with `orgIds`. */
export async function setTies(tx: Tx, arbitratorUserId: string, orgIds: readonly string[], now: string): Promise<void> {
  await tx.deleteFrom('arbitrator_ties').where('arbitrator_user_id', '=', arbitratorUserId).execute();
  if (orgIds.length > 0) await tx.insertInto('arbitrator_ties').values(orgIds.map((orgId) => ({ arbitrator_user_id: arbitratorUserId, org_id: orgId, declared_at: now }))).execute();
}
