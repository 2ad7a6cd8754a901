import { sql, type ExpressionBuilder } from 'kysely';
import { isPlatformOps, type Actor } from '../platform/auth/actor.ts';
import type { Db, Dialect } from '../platform/db/database.ts';
import { toBigInt, type Database, type JobOrderStatus, type OwnershipRefusalsTable, type SubmissionEventsTable, type SubmissionStage, type SubmissionsTable } from '../platform/db/schema.ts';
import type { Currency } from '../platform/money.ts';
import type { CalendarDate } from '../platform/calendar-date.ts';
import type { Reward } from '../plans/terms.schema.ts';
import { isPosterRole } from '../identity/roles.rules.ts';
import { educationFieldOf, educationLevelOf, type CandidateBackground, type EducationField, type EducationLevel } from './candidate-background.rules.ts';

export type Submission = {
  id: string;
  orderId: string;
  posterOrgId: string;
  engagementId: string;
  consultantId: string;
  agencyOrgId: string;
  candidateName: string;
  phone: string | null;
  phoneKey: string | null;
  email: string | null;
  emailKey: string | null;
  currentEmployer: string | null;
  currentTitle: string | null;
  yearsExperience: number | null;
  currency: Currency;
  expectedSalary: bigint | null;
  notes: string;
  resumeFileId: string | null;
  stage: SubmissionStage;
  stageChangedAt: string;
  createdAt: string;
  /** Made while the order was reopened for this claim's replacement: hiring it replaces that claim's placement. */
  replacementClaimId: string | null;
  /** Background beyond the years of experience (each null when not recorded). */
  education: EducationLevel | null;
  educationField: EducationField | null;
  previousEmployers: number | null;
  commuteKm: number | null;
};

/** A submission with the names people read beside it (order, agency, consultant, poster). */
export type LabelledSubmission = StoredLabelledSubmission & {
  posterOrgName: string;
  agencyName: string;
  consultantName: string;
};
/** What this area's query reads beside a submission (its order); the names of orgs and people are identity's. */
export type StoredLabelledSubmission = Submission & { orderTitle: string; orderStatus: JobOrderStatus };

export type SubmissionEvent = {
  id: string;
  submissionId: string;
  fromStage: SubmissionStage | null;
  toStage: SubmissionStage;
  comment: string;
  actorUserId: string;
  createdAt: string;
};

export const toSubmission = (r: SubmissionsTable): Submission => ({
  id: r.id,
  orderId: r.order_id,
  posterOrgId: r.poster_org_id,
  engagementId: r.engagement_id,
  consultantId: r.consultant_id,
  agencyOrgId: r.agency_org_id,
  candidateName: r.candidate_name,
  phone: r.phone,
  phoneKey: r.phone_key,
  email: r.email,
  emailKey: r.email_key,
  currentEmployer: r.current_employer,
  currentTitle: r.current_title,
  ...backgroundOf(r),
  currency: r.currency as Currency,
  expectedSalary: r.expected_salary === null ? null : toBigInt(r.expected_salary),
  notes: r.notes,
  resumeFileId: r.resume_file_id,
  stage: r.stage,
  stageChangedAt: r.stage_changed_at,
  createdAt: r.created_at,
  replacementClaimId: r.replacement_claim_id ?? null,
});

const fromSubmission = (s: Submission): SubmissionsTable => ({
  id: s.id,
  order_id: s.orderId,
  poster_org_id: s.posterOrgId,
  engagement_id: s.engagementId,
  consultant_id: s.consultantId,
  agency_org_id: s.agencyOrgId,
  candidate_name: s.candidateName,
  phone: s.phone,
  phone_key: s.phoneKey,
  email: s.email,
  email_key: s.emailKey,
  current_employer: s.currentEmployer,
  current_title: s.currentTitle,
  years_experience: s.yearsExperience,
  currency: s.currency,
  expected_salary: s.expectedSalary,
  notes: s.notes,
  resume_file_id: s.resumeFileId,
  stage: s.stage,
  stage_changed_at: s.stageChangedAt,
  created_at: s.createdAt,
  replacement_claim_id: s.replacementClaimId,
  education: s.education,
  education_field: s.educationField,
  previous_employers: s.previousEmployers,
  commute_km: s.commuteKm,
});

type SubEb = ExpressionBuilder<Database, 'submissions'>;

/**
 * The tenant rule of submissions in SQL (the same as `canSeeSubmission` in submission-stage.rules.ts):
 * the poster's people, the consultant who submitted, its agency's admin; platform ops see all.
 */
function visibleTo(eb: SubEb, actor: Actor) {
  if (isPlatformOps(actor)) return eb.lit(true);
  const ors = [eb('submissions.consultant_id', '=', actor.userId)];
  if (isPosterRole(actor.role)) ors.push(eb('submissions.poster_org_id', '=', actor.orgId));
  if (actor.role === 'agency_admin') ors.push(eb('submissions.agency_org_id', '=', actor.orgId));
  return eb.or(ors);
}

function joined(db: Db) {
  return db
    .selectFrom('submissions')
    .innerJoin('job_orders', 'job_orders.id', 'submissions.order_id');
}
type Joined = ReturnType<typeof joined>;

function withLabels(q: Joined) {
  return q
    .selectAll('submissions')
    .select(['job_orders.title as order_title', 'job_orders.status as order_status']);
}

/** Labels of one submission, unscoped (internal: for messages about a submission the caller already holds). */
export async function findLabelled(db: Db, submissionId: string): Promise<StoredLabelledSubmission | undefined> {
  const row = await withLabels(joined(db).where('submissions.id', '=', submissionId)).executeTakeFirst();
  return row && toLabelled(row);
}

/** The candidate's e-mail alone (the scheduler opens thousands of check-in forms: no labels joined for it). */
export async function findCandidateEmail(db: Db, submissionId: string): Promise<string | null> {
  return (await db.selectFrom('submissions').select('email').where('id', '=', submissionId).executeTakeFirst())?.email ?? null;
}

/** A row's background columns as the candidate's background (one reading for the submission and the risk model). */
const backgroundOf = (r: Pick<SubmissionsTable, 'years_experience' | 'education' | 'education_field' | 'previous_employers' | 'commute_km'>): CandidateBackground => ({
  yearsExperience: r.years_experience === null ? null : Number(r.years_experience),
  education: educationLevelOf(r.education),
  educationField: educationFieldOf(r.education_field),
  previousEmployers: r.previous_employers == null ? null : Number(r.previous_employers),
  commuteKm: r.commute_km == null ? null : Number(r.commute_km),
});

/** The candidate's background alone, for the risk model at hire and after each check-in. */
export async function findCandidateBackground(db: Db, submissionId: string): Promise<CandidateBackground | undefined> {
  const r = await db.selectFrom('submissions').select(['years_experience', 'education', 'education_field', 'previous_employers', 'commute_km']).where('id', '=', submissionId).executeTakeFirst();
  return r && backgroundOf(r);
}

export type OrderSummary = { id: string; title: string; status: JobOrderStatus; currency: Currency; reward: Reward; headcount: number; hiredCount: number; posterOrgId: string };

/**
 * The order facts a submission's reader needs beside it (the hire form shows the reward). Read here
 * rather than through marketplace's getOrderForDelivery because an agency admin sees its consultants'
 * submissions without an engagement of its own; the caller has already been checked on the submission.
 */
export async function orderSummary(db: Db, orderId: string): Promise<OrderSummary | undefined> {
  const r = await db
    .selectFrom('job_orders')
    .select(['id', 'title', 'status', 'currency', 'reward', 'headcount', 'hired_count', 'poster_org_id'])
    .where('id', '=', orderId)
    .executeTakeFirst();
  return (
    r && {
      id: r.id,
      title: r.title,
      status: r.status,
      currency: r.currency as Currency,
      reward: JSON.parse(r.reward) as Reward,
      headcount: Number(r.headcount),
      hiredCount: Number(r.hired_count),
      posterOrgId: r.poster_org_id,
    }
  );
}

/** The placement a hired submission became, for a link (placements are one per submission). */
export async function placementIdOf(db: Db, submissionId: string): Promise<string | null> {
  const row = await db.selectFrom('placements').select('id').where('submission_id', '=', submissionId).executeTakeFirst();
  return row?.id ?? null;
}

type LabelledRow = SubmissionsTable & { order_title: string; order_status: JobOrderStatus };

const toLabelled = (r: LabelledRow): StoredLabelledSubmission => ({ ...toSubmission(r), orderTitle: r.order_title, orderStatus: r.order_status });

export async function insertSubmission(db: Db, s: Submission): Promise<void> {
  await db.insertInto('submissions').values(fromSubmission(s)).execute();
}

/** One submission if the actor may see it. */
export async function findVisible(db: Db, actor: Actor, submissionId: string): Promise<StoredLabelledSubmission | undefined> {
  const row = await withLabels(joined(db).where('submissions.id', '=', submissionId).where((eb) => visibleTo(eb, actor))).executeTakeFirst();
  return row && toLabelled(row);
}

/** The replacement submissions of a claim the actor may see, oldest first, with the placement a hire made. */
export async function replacementSubmissionsOf(db: Db, actor: Actor, claimId: string): Promise<Array<StoredLabelledSubmission & { placementId: string | null }>> {
  const rows = await withLabels(joined(db).where('submissions.replacement_claim_id', '=', claimId).where((eb) => visibleTo(eb, actor)))
    .select((eb) => eb.selectFrom('placements').select('placements.id').whereRef('placements.submission_id', '=', 'submissions.id').limit(1).as('placement_id'))
    .orderBy('submissions.created_at')
    .orderBy('submissions.id')
    .execute();
  return rows.map((r) => ({ ...toLabelled(r), placementId: r.placement_id ?? null }));
}

/** Re-reads a submission inside a change's transaction; locks its row on PostgreSQL. */
export async function findForUpdate(db: Db, dialect: Dialect, submissionId: string): Promise<Submission | undefined> {
  let q = db.selectFrom('submissions').selectAll().where('id', '=', submissionId);
  if (dialect === 'postgres') q = q.forUpdate();
  const row = await q.executeTakeFirst();
  return row && toSubmission(row);
}

/** Moves the stage only from the stage the caller saw; false when someone moved it in between. */
export async function updateStage(db: Db, submissionId: string, from: SubmissionStage, to: SubmissionStage, now: string): Promise<boolean> {
  const res = await db.updateTable('submissions').set({ stage: to, stage_changed_at: now }).where('id', '=', submissionId).where('stage', '=', from).executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

export async function setResume(db: Db, submissionId: string, fileId: string): Promise<void> {
  await db.updateTable('submissions').set({ resume_file_id: fileId }).where('id', '=', submissionId).execute();
}

export async function insertEvent(db: Db, e: SubmissionEventsTable): Promise<void> {
  await db.insertInto('submission_events').values(e).execute();
}

export async function eventsOf(db: Db, submissionId: string): Promise<SubmissionEvent[]> {
  const rows = await db
    .selectFrom('submission_events')
    .selectAll('submission_events')
    .where('submission_events.submission_id', '=', submissionId)
    .orderBy('submission_events.created_at')
    .orderBy('submission_events.id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    submissionId: r.submission_id,
    fromStage: r.from_stage,
    toStage: r.to_stage,
    comment: r.comment,
    actorUserId: r.actor_user_id,
    createdAt: r.created_at,
  }));
}

// ------------------------------------------------------------------------------------------ lists

export type ListScope =
  /** Submissions to the actor org's orders (the poster's candidates). */
  | { kind: 'received'; posterOrgId: string }
  /** The consultant's own submissions. */
  | { kind: 'consultant'; consultantId: string }
  /** Every submission of an agency's consultants. */
  | { kind: 'agency'; agencyOrgId: string }
  /** One order's pipeline (the caller has been checked as its poster). */
  | { kind: 'order'; orderId: string };

export type ListFilters = { orderId?: string | undefined; stages?: readonly SubmissionStage[] | undefined; q?: string | undefined; consultantId?: string | undefined };

type Keyset = { createdAt: string; id: string };

function likePattern(q: string): string {
  return `%${q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

function scoped(qb: Joined, scope: ListScope, f: ListFilters): Joined {
  let q = qb;
  switch (scope.kind) {
    case 'received':
      q = q.where('submissions.poster_org_id', '=', scope.posterOrgId);
      break;
    case 'consultant':
      q = q.where('submissions.consultant_id', '=', scope.consultantId);
      break;
    case 'agency':
      q = q.where('submissions.agency_org_id', '=', scope.agencyOrgId);
      break;
    case 'order':
      q = q.where('submissions.order_id', '=', scope.orderId);
      break;
  }
  if (f.orderId) q = q.where('submissions.order_id', '=', f.orderId);
  if (f.consultantId) q = q.where('submissions.consultant_id', '=', f.consultantId);
  if (f.stages && f.stages.length > 0) q = q.where('submissions.stage', 'in', [...f.stages]);
  if (f.q) {
    const pattern = likePattern(f.q);
    q = q.where((eb) =>
      eb.or([
        eb(eb.fn('lower', ['submissions.candidate_name']), 'like', sql<string>`${pattern} escape '\\'`),
        eb(eb.fn('lower', ['submissions.current_employer']), 'like', sql<string>`${pattern} escape '\\'`),
        eb(eb.fn('lower', ['submissions.current_title']), 'like', sql<string>`${pattern} escape '\\'`),
        eb(eb.fn('lower', ['job_orders.title']), 'like', sql<string>`${pattern} escape '\\'`),
      ]),
    );
  }
  return q;
}

/** Newest first, keyset-paged. */
export async function listSubmissions(db: Db, scope: ListScope, f: ListFilters, page: { limit: number; before?: Keyset | undefined }): Promise<StoredLabelledSubmission[]> {
  let q = scoped(joined(db), scope, f);
  const before = page.before;
  if (before) {
    q = q.where((eb) => eb.or([eb('submissions.created_at', '<', before.createdAt), eb.and([eb('submissions.created_at', '=', before.createdAt), eb('submissions.id', '<', before.id)])]));
  }
  const rows = await withLabels(q).orderBy('submissions.created_at', 'desc').orderBy('submissions.id', 'desc').limit(page.limit).execute();
  return rows.map(toLabelled);
}

/** How many submissions of the scope are in each stage (filters other than stage apply). */
export async function countByStage(db: Db, scope: ListScope, f: ListFilters): Promise<Partial<Record<SubmissionStage, number>>> {
  const rows = await scoped(joined(db), scope, { ...f, stages: undefined })
    .select(['submissions.stage', (eb) => eb.fn.countAll().as('n')])
    .groupBy('submissions.stage')
    .execute();
  return Object.fromEntries(rows.map((r) => [r.stage, Number(r.n)]));
}

// ------------------------------------------------------------------------------------------ ownership

export type KnownCandidate = {
  id: string;
  orderId: string;
  consultantId: string;
  agencyOrgId: string;
  phoneKey: string | null;
  emailKey: string | null;
  stage: SubmissionStage;
  createdAt: string;
  /** From which stage and by whom a withdrawn submission was withdrawn; null for any other. */
  withdrawal: { fromStage: SubmissionStage; byUserId: string } | null;
};

/**
 * The poster's earlier submissions of a person (same phone key or e-mail key): those made since
 * `since` (the ownership window, with a day of slack for time zones), and any of `orderId`.
 */
export async function earlierSubmissionsOf(db: Db, q: { posterOrgId: string; orderId: string; phoneKey: string | null; emailKey: string | null; since: string }): Promise<KnownCandidate[]> {
  const { phoneKey, emailKey } = q;
  if (phoneKey === null && emailKey === null) return [];
  const rows = await db
    .selectFrom('submissions')
    .leftJoin('submission_events as w', (j) => j.onRef('w.submission_id', '=', 'submissions.id').on('w.to_stage', '=', 'withdrawn').onRef('w.from_stage', '!=', 'w.to_stage'))
    .select(['submissions.id', 'submissions.order_id', 'submissions.consultant_id', 'submissions.agency_org_id', 'submissions.phone_key', 'submissions.email_key', 'submissions.stage', 'submissions.created_at', 'w.from_stage as withdrawn_from', 'w.actor_user_id as withdrawn_by'])
    .where('submissions.poster_org_id', '=', q.posterOrgId)
    .where((eb) => {
      const keys = [];
      if (phoneKey !== null) keys.push(eb('submissions.phone_key', '=', phoneKey));
      if (emailKey !== null) keys.push(eb('submissions.email_key', '=', emailKey));
      return eb.or(keys);
    })
    .where((eb) => eb.or([eb('submissions.created_at', '>=', q.since), eb('submissions.order_id', '=', q.orderId)]))
    .execute();
  return rows.map((r) => ({
    id: r.id,
    orderId: r.order_id,
    consultantId: r.consultant_id,
    agencyOrgId: r.agency_org_id,
    phoneKey: r.phone_key,
    emailKey: r.email_key,
    stage: r.stage,
    createdAt: r.created_at,
    withdrawal: r.stage === 'withdrawn' && r.withdrawn_from && r.withdrawn_by ? { fromStage: r.withdrawn_from, byUserId: r.withdrawn_by } : null,
  }));
}

/**
 * Serializes submissions of one person to one poster on PostgreSQL (transaction-scoped advisory locks
 * on each key), so two consultants submitting the same candidate at the same instant cannot both pass
 * the ownership check. SQLite runs one write transaction at a time already.
 */
export async function lockCandidate(db: Db, dialect: Dialect, posterOrgId: string, keys: readonly (string | null)[]): Promise<void> {
  if (dialect !== 'postgres') return;
  const names = keys.filter((k): k is string => k !== null).map((k) => `ownership:${posterOrgId}:${k}`).sort();
  for (const name of names) await sql`SELECT pg_advisory_xact_lock(hashtextextended(${name}, 0))`.execute(db);
}

// ------------------------------------------------------------------------------------------ refusals

type RefusedCandidate = Pick<
  Submission,
  'candidateName' | 'phone' | 'phoneKey' | 'email' | 'emailKey' | 'currentEmployer' | 'currentTitle' | 'yearsExperience' | 'currency' | 'expectedSalary' | 'notes'
>;

/** A refusal by ownership protection; the candidate as the refused consultant entered it (the submission's own fields, kept to make it if overturned). */
export type OwnershipRefusal = RefusedCandidate & {
  id: string;
  orderId: string;
  posterOrgId: string;
  engagementId: string;
  consultantId: string;
  agencyOrgId: string;
  holderSubmissionId: string;
  holderConsultantId: string;
  holderAgencyOrgId: string;
  refusedOn: CalendarDate;
  protectedUntil: CalendarDate;
  acceptedSubmissionId: string | null;
  acceptedAt: string | null;
  createdAt: string;
};

export const toRefusal = (r: OwnershipRefusalsTable): OwnershipRefusal => ({
  id: r.id,
  orderId: r.order_id,
  posterOrgId: r.poster_org_id,
  engagementId: r.engagement_id,
  consultantId: r.consultant_id,
  agencyOrgId: r.agency_org_id,
  holderSubmissionId: r.holder_submission_id,
  holderConsultantId: r.holder_consultant_id,
  holderAgencyOrgId: r.holder_agency_org_id,
  candidateName: r.candidate_name,
  phone: r.phone,
  phoneKey: r.phone_key,
  email: r.email,
  emailKey: r.email_key,
  currentEmployer: r.current_employer,
  currentTitle: r.current_title,
  yearsExperience: r.years_experience,
  currency: r.currency as Currency,
  expectedSalary: r.expected_salary === null ? null : toBigInt(r.expected_salary),
  notes: r.notes,
  refusedOn: r.refused_on as CalendarDate,
  protectedUntil: r.protected_until as CalendarDate,
  acceptedSubmissionId: r.accepted_submission_id,
  acceptedAt: r.accepted_at,
  createdAt: r.created_at,
});

export async function insertRefusal(db: Db, row: OwnershipRefusalsTable): Promise<void> {
  await db.insertInto('ownership_refusals').values(row).execute();
}

/**
 * The refusal already stored for the same consultant, order and person with the same end of protection: trying
 * again the same day (or the next) is the same refusal, not a new one to dispute.
 */
export async function sameRefusal(db: Db, q: { orderId: string; consultantId: string; phoneKey: string | null; emailKey: string | null; protectedUntil: string }): Promise<OwnershipRefusal | undefined> {
  const { phoneKey, emailKey } = q;
  if (phoneKey === null && emailKey === null) return undefined;
  const r = await db
    .selectFrom('ownership_refusals')
    .selectAll()
    .where('order_id', '=', q.orderId)
    .where('consultant_id', '=', q.consultantId)
    .where('protected_until', '=', q.protectedUntil)
    .where((eb) => eb.or([...(phoneKey !== null ? [eb('phone_key', '=', phoneKey)] : []), ...(emailKey !== null ? [eb('email_key', '=', emailKey)] : [])]))
    .orderBy('created_at')
    .executeTakeFirst();
  return r && toRefusal(r);
}

export async function findRefusal(db: Db, id: string): Promise<OwnershipRefusal | undefined> {
  const r = await db.selectFrom('ownership_refusals').selectAll().where('id', '=', id).executeTakeFirst();
  return r && toRefusal(r);
}

/** The refusal, locked for the rest of `tx` (SQLite: the write lock taken first, as the other areas do). */
export async function findRefusalForUpdate(db: Db, dialect: Dialect, id: string): Promise<OwnershipRefusal | undefined> {
  if (dialect === 'sqlite') await db.updateTable('ownership_refusals').set((eb) => ({ created_at: eb.ref('created_at') })).where('id', '=', id).execute();
  let q = db.selectFrom('ownership_refusals').selectAll().where('id', '=', id);
  if (dialect === 'postgres') q = q.forUpdate();
  const r = await q.executeTakeFirst();
  return r && toRefusal(r);
}

/** Sets the submission an overturned dispute created; false when one was set already (applied once). */
export async function markRefusalAccepted(db: Db, id: string, submissionId: string, at: string): Promise<boolean> {
  const r = await db.updateTable('ownership_refusals').set({ accepted_submission_id: submissionId, accepted_at: at }).where('id', '=', id).where('accepted_submission_id', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/**
 * Who sees a refusal: the refused consultant, its agency's admins, the poster's people (their order's), platform
 * operations. Never the holder's side as such (it learns of a refusal only when it is disputed).
 */
function refusalVisibleTo(eb: ExpressionBuilder<Database, 'ownership_refusals'>, actor: Actor) {
  if (isPlatformOps(actor)) return eb('ownership_refusals.id', 'is not', null);
  const poster = isPosterRole(actor.role) ? [eb('ownership_refusals.poster_org_id', '=', actor.orgId)] : [];
  if (actor.role === 'consultant') return eb.and([eb('ownership_refusals.consultant_id', '=', actor.userId), eb('ownership_refusals.agency_org_id', '=', actor.orgId)]);
  if (actor.role === 'agency_admin') return eb.or([eb('ownership_refusals.agency_org_id', '=', actor.orgId), ...poster]);
  return poster[0] ?? eb('ownership_refusals.id', '=', '');
}

export type LabelledRefusal = OwnershipRefusal & { orderTitle: string };

export async function findVisibleRefusal(db: Db, actor: Actor, id: string): Promise<LabelledRefusal | undefined> {
  const r = await db
    .selectFrom('ownership_refusals')
    .innerJoin('job_orders', 'job_orders.id', 'ownership_refusals.order_id')
    .selectAll('ownership_refusals')
    .select('job_orders.title as order_title')
    .where('ownership_refusals.id', '=', id)
    .where((eb) => refusalVisibleTo(eb, actor))
    .executeTakeFirst();
  return r && { ...toRefusal(r), orderTitle: r.order_title };
}

export async function listVisibleRefusals(db: Db, actor: Actor, page: { limit: number; before?: Keyset | undefined }): Promise<LabelledRefusal[]> {
  let q = db
    .selectFrom('ownership_refusals')
    .innerJoin('job_orders', 'job_orders.id', 'ownership_refusals.order_id')
    .selectAll('ownership_refusals')
    .select('job_orders.title as order_title')
    .where((eb) => refusalVisibleTo(eb, actor));
  if (page.before) {
    const { createdAt, id } = page.before;
    q = q.where((eb) => eb.or([eb('ownership_refusals.created_at', '<', createdAt), eb.and([eb('ownership_refusals.created_at', '=', createdAt), eb('ownership_refusals.id', '<', id)])]));
  }
  const rows = await q.orderBy('ownership_refusals.created_at', 'desc').orderBy('ownership_refusals.id', 'desc').limit(page.limit).execute();
  return rows.map((r) => ({ ...toRefusal(r), orderTitle: r.order_title }));
}

/** The consultant's own submission of the person in an order, if it has one (an overturn then links it). */
export async function ownSubmissionInOrder(db: Db, q: { orderId: string; consultantId: string; phoneKey: string | null; emailKey: string | null }): Promise<string | undefined> {
  const { phoneKey, emailKey } = q;
  if (phoneKey === null && emailKey === null) return undefined;
  const r = await db
    .selectFrom('submissions')
    .select('id')
    .where('order_id', '=', q.orderId)
    .where('consultant_id', '=', q.consultantId)
    .where((eb) => eb.or([...(phoneKey !== null ? [eb('phone_key', '=', phoneKey)] : []), ...(emailKey !== null ? [eb('email_key', '=', emailKey)] : [])]))
    .executeTakeFirst();
  return r?.id;
}

// ------------------------------------------------------------------------------------------ names


/** Whether a résumé file belongs to a submission the actor may see (the file-read rule of this area). */
export async function resumeVisibleTo(db: Db, actor: Actor, fileId: string): Promise<boolean> {
  const row = await db.selectFrom('submissions').select('id').where('resume_file_id', '=', fileId).where((eb) => visibleTo(eb, actor)).limit(1).executeTakeFirst();
  return row !== undefined;
}
