import { z } from 'zod';
import { acceptUpload, fileMetas, storeFile, type FileMeta, type Upload } from '../files/service.ts';
import { STORABLE_KINDS } from '../files/file-type.rules.ts';
import { assessorOrgs, namesOf, orgKindOf, orgTimeZoneOf } from '../identity/service.ts';
import { notify } from '../notifications/service.ts';
import type { NewNotification } from '../notifications/kinds.ts';
import { getPlacement, lockPlacementById, placementById, placementFactsById, type Placement } from '../placements/service.ts';
import { sidesOf } from '../placements/placement-access.rules.ts';
import { isPlatformOps, type Actor } from '../platform/auth/actor.ts';
import { record, recordSystem } from '../platform/audit/record.ts';
import { addDays, type CalendarDate } from '../platform/calendar-date.ts';
import { canonicalJson } from '../platform/canonical-json.ts';
import { inTransaction, type Db, type Dialect, type Tx } from '../platform/db/database.ts';
import type { Ctx } from '../platform/deps.ts';
import { DomainError, forbidden, invalidInput, notFound } from '../platform/errors.ts';
import { createdCursor, cursorCodec, IdKey, pageOf, type Page } from '../platform/http/pagination.ts';
import { obligationsOf, type Obligation } from '../platform/scheduler/scheduler.ts';
import { calendarDateOf } from '../platform/zoned-time.ts';
import type { LocalizedText } from '../plans/terms.schema.ts';
import { assessmentDueOn, isDueSoon, passes, scoreProblem, targetMilestone, taskStatusOn, DUE_SOON_DAYS, type TaskStatus } from './assessment.rules.ts';
import { growthCurve, warrantsWarning, type GrowthCurve } from './growth-curve.rules.ts';
import * as store from './store.ts';

/*
 * The manufacturing skill plan (DESIGN §4.11, docs/skill-plan.md): an assessor org assigned to a placement by the
 * poster's users or platform ops; its milestones (`milestone.due` obligations of the placement's schedule) open
 * assessment tasks; the assessor records a score 0–100 with notes and evidence; the growth curve projects the last
 * milestone and warns both sides when meeting it is unlikely; a failed milestone opens the way to a claim with
 * `skill_milestone_failed` (checked for aftercare by `failedMilestoneCheck`).
 */

const PLACEMENT = 'placement';
/** A placement in service: its milestones still count. */
const IN_SERVICE = ['active', 'guarantee_passed'];
const MAX_EVIDENCE_PER_TASK = 20;

const isAssessor = (actor: Actor): boolean => actor.orgKind === 'assessor' && (actor.role === 'assessor_admin' || actor.role === 'assessor');
const isAssessorOf = (actor: Actor, a: { assessor_org_id: string } | undefined): boolean => a !== undefined && isAssessor(actor) && actor.orgId === a.assessor_org_id;
const isPosterOf = (actor: Actor, p: Placement): boolean => sidesOf(actor, p).includes('poster');
const todayOf = (now: Date, p: { timeZone: string }): CalendarDate => calendarDateOf(now, p.timeZone);

type MilestonePayload = { day: number; passScore: number; date: CalendarDate; skill?: LocalizedText };

export type EvidenceView = FileMeta & { taskId: string };

export type TaskView = {
  id: string;
  placementId: string;
  day: number;
  passScore: number;
  skill: LocalizedText | null;
  opensOn: CalendarDate;
  dueOn: CalendarDate;
  status: TaskStatus;
  dueSoon: boolean;
  score: number | null;
  notes: string | null;
  scoredOn: CalendarDate | null;
  scoredAt: string | null;
  /** Recorded after its due day. */
  late: boolean;
  /** The chance (thousandths) of clearing the last milestone when this score warned both sides; null when it did not. */
  warningPermille: number | null;
  evidence: EvidenceView[];
};

export type PlacementAssessments = {
  placementId: string;
  candidateName: string;
  posterOrgName: string;
  startDate: CalendarDate;
  status: string;
  today: CalendarDate;
  assessor: { orgId: string; name: string; assignedAt: string } | null;
  canAssign: boolean;
  canScore: boolean;
  milestones: TaskView[];
  curve: GrowthCurve;
};

// ------------------------------------------------------------------------------------------ reading

/** Who reads a placement's assessments: its sides and ops (the placements area's rule), and its assigned assessor org. */
async function readablePlacement(ctx: Ctx, placementId: string): Promise<{ placement: Placement; assignment: store.AssignmentRow | undefined }> {
  const assignment = await store.findAssignment(ctx.deps.db, placementId);
  if (isAssessor(ctx.actor)) {
    if (!isAssessorOf(ctx.actor, assignment)) throw notFound('placement');
    const placement = await placementById(ctx.deps.db, placementId);
    if (!placement) throw notFound('placement');
    return { placement, assignment };
  }
  const { placement } = await getPlacement(ctx, placementId);
  return { placement, assignment };
}

/** The milestones of a placement: the tasks opened so far, then those still ahead (pending `milestone.due` obligations). */
async function milestonesOf(db: Db, placement: Placement, today: CalendarDate, canSeeUnscoredEvidence: (t: store.AssessmentTask) => boolean): Promise<TaskView[]> {
  const stored = await store.tasksOf(db, placement.id);
  const skills = new Map(placement.terms.milestones.map((m) => [m.day, m.skill ?? null]));
  const evidence = await evidenceViews(db, stored, canSeeUnscoredEvidence);
  const views = stored.map((t) => taskView(t, today, skills.get(t.day) ?? null, evidence.get(t.id) ?? []));
  const opened = new Set(stored.map((t) => t.id));
  for (const o of await obligationsOf(db, PLACEMENT, placement.id)) {
    if (o.kind !== 'milestone.due' || o.status !== 'pending' || opened.has(o.id)) continue;
    views.push(plannedView(o, placement.id, today));
  }
  return views.sort((a, b) => a.day - b.day);
}

function plannedView(o: Obligation, placementId: string, today: CalendarDate): TaskView {
  const p = o.payload as MilestonePayload;
  const dueOn = assessmentDueOn(p.date);
  return {
    id: o.id,
    placementId,
    day: p.day,
    passScore: p.passScore,
    skill: p.skill ?? null,
    opensOn: p.date,
    dueOn,
    status: taskStatusOn(today, { opensOn: p.date, dueOn, score: null, passScore: p.passScore }),
    dueSoon: false,
    score: null,
    notes: null,
    scoredOn: null,
    scoredAt: null,
    late: false,
    warningPermille: null,
    evidence: [],
  };
}

function taskView(t: store.AssessmentTask, today: CalendarDate, skill: LocalizedText | null, evidence: EvidenceView[]): TaskView {
  const opensOn = t.opensOn as CalendarDate;
  const dueOn = t.dueOn as CalendarDate;
  return {
    id: t.id,
    placementId: t.placementId,
    day: t.day,
    passScore: t.passScore,
    skill,
    opensOn,
    dueOn,
    status: taskStatusOn(today, { opensOn, dueOn, score: t.score, passScore: t.passScore }),
    dueSoon: t.score === null && isDueSoon(today, dueOn),
    score: t.score,
    notes: t.notes,
    scoredOn: t.scoredOn as CalendarDate | null,
    scoredAt: t.scoredAt,
    late: t.scoredOn !== null && t.scoredOn > t.dueOn,
    warningPermille: t.warningPermille,
    evidence,
  };
}

/** The evidence of scored tasks (everyone who sees them), and of unscored ones for the assessor org that uploaded it. */
async function evidenceViews(db: Db, tasks: readonly store.AssessmentTask[], canSeeUnscored: (t: store.AssessmentTask) => boolean): Promise<Map<string, EvidenceView[]>> {
  const byTask = new Map(tasks.map((t) => [t.id, t]));
  const rows = (await store.evidenceOfTasks(db, tasks.map((t) => t.id))).filter((r) => {
    const t = byTask.get(r.task_id)!;
    return t.score !== null ? t.evidenceFileIds.includes(r.file_id) : canSeeUnscored(t);
  });
  const metas = new Map((await fileMetas(db, rows.map((r) => r.file_id))).map((m) => [m.id, m]));
  const out = new Map<string, EvidenceView[]>();
  for (const r of rows) {
    const m = metas.get(r.file_id);
    if (m) out.set(r.task_id, [...(out.get(r.task_id) ?? []), { ...m, taskId: r.task_id }]);
  }
  return out;
}

/** The growth curve of the scores recorded so far, toward the last milestone of the terms. */
function curveOf(placement: Placement, tasks: readonly { day: number; score: number | null }[]): GrowthCurve {
  const target = targetMilestone(placement.terms.milestones) ?? { day: placement.guaranteeDays || 90, passScore: 0 };
  const points = tasks.flatMap((t) => (t.score === null ? [] : [{ day: t.day, score: t.score }]));
  return growthCurve(points, { day: target.day, threshold: target.passScore });
}

/** A placement's assessments: the assessor assigned, its milestones with their scores, and the growth curve. */
export async function getPlacementAssessments(ctx: Ctx, placementId: string): Promise<PlacementAssessments> {
  const { placement, assignment } = await readablePlacement(ctx, placementId);
  const today = todayOf(ctx.deps.clock.now(), placement);
  const own = isAssessorOf(ctx.actor, assignment);
  const milestones = await milestonesOf(ctx.deps.db, placement, today, () => own);
  const names = await namesOf(ctx.deps.db, { orgs: [placement.posterOrgId, assignment?.assessor_org_id ?? null] });
  return {
    placementId: placement.id,
    candidateName: placement.candidateName,
    posterOrgName: names.org(placement.posterOrgId),
    startDate: placement.startDate,
    status: placement.status,
    today,
    assessor: assignment ? { orgId: assignment.assessor_org_id, name: names.org(assignment.assessor_org_id), assignedAt: assignment.assigned_at } : null,
    canAssign: placement.terms.milestones.length > 0 && IN_SERVICE.concat('pending_acceptance').includes(placement.status) && (isPlatformOps(ctx.actor) || isPosterOf(ctx.actor, placement)),
    canScore: own && IN_SERVICE.includes(placement.status),
    milestones,
    curve: curveOf(placement, milestones),
  };
}

/** The assessor orgs one may assign (names only): for the poster's users and platform ops. */
export async function listAssessorOrgs(ctx: Ctx): Promise<Array<{ id: string; name: string }>> {
  if (!isPlatformOps(ctx.actor) && !['employer_admin', 'employer_hr', 'agency_admin'].includes(ctx.actor.role)) throw forbidden('only posters and platform ops assign assessors');
  return assessorOrgs(ctx.deps.db);
}

export type AssignedPlacement = {
  placementId: string;
  candidateName: string;
  posterOrgName: string;
  startDate: CalendarDate;
  status: string;
  assignedAt: string;
  scored: number;
  milestones: number;
  failed: number;
  nextTask: { id: string; day: number; dueOn: CalendarDate; status: TaskStatus } | null;
};

/** The workbench's placements: those assigned to the caller's assessor org, newest assignment first. */
export async function listAssignedPlacements(ctx: Ctx, opts: { limit: number; cursor?: string | undefined }): Promise<Page<AssignedPlacement>> {
  if (!isAssessor(ctx.actor)) throw forbidden('the workbench is for assessor orgs');
  const before = opts.cursor ? createdCursor.decode(opts.cursor) : undefined;
  const rows = await store.assignmentsOf(ctx.deps.db, ctx.actor.orgId, { limit: opts.limit + 1, before: before && { at: before.c, id: before.i } });
  const page = pageOf(rows, opts.limit, createdCursor, (r) => ({ c: r.assigned_at, i: r.placement_id }));
  const placements = new Map<string, Placement>();
  for (const r of page.items) {
    const p = await placementById(ctx.deps.db, r.placement_id);
    if (p) placements.set(p.id, p);
  }
  const tasks = await store.tasksOfMany(ctx.deps.db, [...placements.keys()]);
  const names = await namesOf(ctx.deps.db, { orgs: [...placements.values()].map((p) => p.posterOrgId) });
  const now = ctx.deps.clock.now();
  const items = page.items.flatMap((r): AssignedPlacement[] => {
    const p = placements.get(r.placement_id);
    if (!p) return [];
    const today = todayOf(now, p);
    const own = tasks.filter((t) => t.placementId === p.id);
    const next = own.find((t) => t.score === null);
    return [{
      placementId: p.id,
      candidateName: p.candidateName,
      posterOrgName: names.org(p.posterOrgId),
      startDate: p.startDate,
      status: p.status,
      assignedAt: r.assigned_at,
      scored: own.filter((t) => t.score !== null).length,
      milestones: p.terms.milestones.length,
      failed: own.filter((t) => t.score !== null && !passes(t.score, t.passScore)).length,
      nextTask: next ? { id: next.id, day: next.day, dueOn: next.dueOn as CalendarDate, status: taskStatusOn(today, { opensOn: next.opensOn as CalendarDate, dueOn: next.dueOn as CalendarDate, score: null, passScore: next.passScore }) } : null,
    }];
  });
  return { items, nextCursor: page.nextCursor };
}

const taskCursor = cursorCodec(z.strictObject({ d: z.string().regex(/^\d{4}-\d{2}-\d{2}$/), i: IdKey }));

export type OpenTask = TaskView & { candidateName: string; posterOrgName: string };

/** The caller's assessor org's open tasks, earliest due first; `dueSoon` keeps those due within 7 days (overdue included). */
export async function listOpenTasks(ctx: Ctx, opts: { limit: number; cursor?: string | undefined; dueSoon: boolean }): Promise<Page<OpenTask>> {
  if (!isAssessor(ctx.actor)) throw forbidden('the workbench is for assessor orgs');
  const after = opts.cursor ? taskCursor.decode(opts.cursor) : undefined;
  const today = calendarDateOf(ctx.deps.clock.now(), await orgTimeZoneOf(ctx.deps.db, ctx.actor.orgId));
  const rows = await store.openTasksOf(ctx.deps.db, ctx.actor.orgId, {
    limit: opts.limit + 1,
    after: after && { on: after.d, id: after.i },
    dueBy: opts.dueSoon ? addDays(today, DUE_SOON_DAYS) : undefined,
  });
  const page = pageOf(rows, opts.limit, taskCursor, (t) => ({ d: t.dueOn, i: t.id }));
  const placements = new Map<string, Placement>();
  for (const t of page.items) {
    if (placements.has(t.placementId)) continue;
    const p = await placementById(ctx.deps.db, t.placementId);
    if (p) placements.set(p.id, p);
  }
  const names = await namesOf(ctx.deps.db, { orgs: [...placements.values()].map((p) => p.posterOrgId) });
  const evidence = await evidenceViews(ctx.deps.db, page.items, () => true);
  const items = page.items.flatMap((t): OpenTask[] => {
    const p = placements.get(t.placementId);
    if (!p) return [];
    const skill = p.terms.milestones.find((m) => m.day === t.day)?.skill ?? null;
    return [{ ...taskView(t, todayOf(ctx.deps.clock.now(), p), skill, evidence.get(t.id) ?? []), candidateName: p.candidateName, posterOrgName: names.org(p.posterOrgId) }];
  });
  return { items, nextCursor: page.nextCursor };
}

// ------------------------------------------------------------------------------------------ changes

const bothSides = (p: Placement): Array<{ orgId: string; userId?: string }> => [{ orgId: p.posterOrgId }, { orgId: p.agencyOrgId, userId: p.consultantId }];

async function notifyBoth(tx: Tx, now: Date, p: Placement, n: Pick<NewNotification, 'kind' | 'params'>): Promise<void> {
  for (const to of bothSides(p)) await notify(tx, now, { ...to, ...n, subjectType: PLACEMENT, subjectId: p.id } as NewNotification);
}

/** Locks the placement for a change by `ctx.actor`: its sides and ops find it, everyone else gets not_found. */
async function lockVisiblePlacement(tx: Tx, ctx: Ctx, placementId: string): Promise<Placement> {
  const p = await lockPlacementById(tx, ctx.deps.dialect, placementId);
  if (!p || !(isPlatformOps(ctx.actor) || sidesOf(ctx.actor, p).length > 0)) throw notFound('placement');
  return p;
}

/**
 * The poster's users or platform ops assign an assessor org to a placement of a plan with skill milestones
 * (from its hire on, until it ends). Assigning another org hands the placement over: the previous org no longer
 * sees it; scores it recorded stay. Assigning the same org again changes nothing.
 */
export async function assignAssessor(ctx: Ctx, placementId: string, assessorOrgId: string): Promise<PlacementAssessments> {
  await inTransaction(ctx.deps.db, async (tx) => {
    const placement = await lockVisiblePlacement(tx, ctx, placementId);
    if (!isPlatformOps(ctx.actor) && !isPosterOf(ctx.actor, placement)) throw forbidden("only the poster's users or platform ops assign the assessor");
    if (placement.terms.milestones.length === 0) throw new DomainError('conflict', "the placement's plan has no skill milestones: there is nothing to assess", { field: 'placementId' });
    if (!IN_SERVICE.concat('pending_acceptance').includes(placement.status)) {
      throw new DomainError('conflict', `the placement is ${placement.status}: its assessments are over`, { status: placement.status });
    }
    if ((await orgKindOf(tx, assessorOrgId)) !== 'assessor') throw invalidInput('assessorOrgId', 'is not an assessor org');
    const previous = await store.findAssignment(tx, placement.id);
    if (previous?.assessor_org_id === assessorOrgId) return;
    const now = ctx.deps.clock.now();
    await store.putAssignment(tx, { placement_id: placement.id, assessor_org_id: assessorOrgId, assigned_by: ctx.actor.userId, assigned_at: now.toISOString() });
    await record(tx, ctx, {
      type: 'assessment.assessor_assigned',
      subjectType: PLACEMENT,
      subjectId: placement.id,
      orgId: placement.posterOrgId,
      workOf: placement.consultantId,
      payload: { assessorOrgId, previousAssessorOrgId: previous?.assessor_org_id ?? null },
    });
    const names = await namesOf(tx, { orgs: [placement.posterOrgId] });
    await notify(tx, now, { orgId: assessorOrgId, kind: 'assessment.assigned', subjectType: PLACEMENT, subjectId: placement.id, params: { posterName: names.org(placement.posterOrgId) } });
  });
  return getPlacementAssessments(ctx, placementId);
}

/**
 * The `milestone.due` obligation (scheduled with the placement's other obligations on acceptance): opens the
 * milestone's assessment task on employment day N, for the assigned assessor (or tells the poster none is
 * assigned yet). A placement no longer in service opens none.
 */
export async function milestoneFallsDue(tx: Tx, now: Date, obligation: Obligation, dialect: Dialect): Promise<void> {
  const p = await lockPlacementById(tx, dialect, obligation.subjectId);
  if (!p || !IN_SERVICE.includes(p.status)) return;
  if (await store.findTask(tx, obligation.id)) return;
  const m = obligation.payload as MilestonePayload;
  const dueOn = assessmentDueOn(m.date);
  await store.insertTask(tx, {
    id: obligation.id,
    placement_id: p.id,
    day: m.day,
    pass_score: m.passScore,
    opens_on: m.date,
    due_on: dueOn,
    score: null,
    notes: null,
    evidence_file_ids: '[]',
    scored_by: null,
    scored_by_org_id: null,
    scored_on: null,
    scored_at: null,
    warning_permille: null,
    created_at: now.toISOString(),
  });
  await recordSystem(tx, now, {
    type: 'assessment.task_opened',
    subjectType: PLACEMENT,
    subjectId: p.id,
    orgId: p.posterOrgId,
    workOf: p.consultantId,
    payload: { taskId: obligation.id, day: m.day, passScore: m.passScore, opensOn: m.date, dueOn },
  });
  const assignment = await store.findAssignment(tx, p.id);
  if (assignment) {
    await notify(tx, now, { orgId: assignment.assessor_org_id, kind: 'assessment.task_opened', subjectType: PLACEMENT, subjectId: p.id, params: { day: m.day, passScore: m.passScore, dueOn } });
  } else {
    await notify(tx, now, { orgId: p.posterOrgId, kind: 'assessment.assessor_missing', subjectType: PLACEMENT, subjectId: p.id, params: { day: m.day, dueOn } });
  }
}

/** The task as the assigned assessor may act on it, under its placement's lock; others learn only that they may not. */
async function lockTaskForAssessor(tx: Tx, ctx: Ctx, taskId: string): Promise<{ task: store.AssessmentTask; placement: Placement; assignment: store.AssignmentRow }> {
  const seen = await store.findTask(tx, taskId);
  if (!seen) throw notFound('assessment task');
  const placement = await lockPlacementById(tx, ctx.deps.dialect, seen.placementId);
  if (!placement) throw notFound('assessment task');
  const assignment = await store.findAssignment(tx, placement.id);
  if (!assignment || !isAssessorOf(ctx.actor, assignment)) {
    // The placement's sides and ops see its tasks, so they are told why; anyone else, that there is no such task.
    if (isPlatformOps(ctx.actor) || sidesOf(ctx.actor, placement).length > 0) throw forbidden('only the assigned assessor org records assessments');
    throw notFound('assessment task');
  }
  return { task: (await store.findTask(tx, taskId))!, placement, assignment };
}

/** The assigned assessor uploads an evidence file for an open task (then names its id in the score's `evidenceFileIds`). */
export async function uploadTaskEvidence(ctx: Ctx, taskId: string, readUpload: () => Promise<Upload>): Promise<EvidenceView> {
  // Who may upload is answered before the body is read, and again under the lock.
  await inTransaction(ctx.deps.db, (tx) => lockTaskForAssessor(tx, ctx, taskId));
  const upload = await readUpload();
  return inTransaction(ctx.deps.db, async (tx) => {
    const { task, placement } = await lockTaskForAssessor(tx, ctx, taskId);
    // The file is judged first: a bad one is named as such whatever the task's state.
    const file = acceptUpload(upload, { maxBytes: ctx.deps.config.maxUploadBytes, allowed: STORABLE_KINDS, what: 'assessment evidence', fallbackName: 'assessment' });
    if (task.score !== null) throw new DomainError('invalid_transition', 'this milestone is scored already: its evidence is closed');
    if ((await store.evidenceOfTasks(tx, [task.id])).length >= MAX_EVIDENCE_PER_TASK) {
      throw new DomainError('conflict', `a task holds at most ${MAX_EVIDENCE_PER_TASK} evidence files`, { field: 'file', max: MAX_EVIDENCE_PER_TASK });
    }
    const meta = await storeFile(tx, ctx, file);
    await store.insertEvidence(tx, { file_id: meta.id, task_id: task.id, org_id: ctx.actor.orgId, uploaded_by: ctx.actor.userId, created_at: meta.createdAt });
    await record(tx, ctx, {
      type: 'assessment.evidence_uploaded',
      subjectType: PLACEMENT,
      subjectId: placement.id,
      orgId: placement.posterOrgId,
      workOf: placement.consultantId,
      payload: { taskId: task.id, fileId: meta.id, mediaType: meta.mediaType, sizeBytes: meta.sizeBytes, sha256: meta.sha256 },
    });
    return { ...meta, taskId: task.id };
  });
}

export type ScoreInput = { score: number; notes: string; evidenceFileIds?: string[] | undefined };

/**
 * The assigned assessor records a milestone's score (once): below the milestone's pass score it fails, and both
 * sides are told. The growth curve is drawn again; when the last milestone is still ahead and clearing it is
 * unlikely (growth-curve.rules.ts), both sides are warned and the warning is logged, in the same transaction.
 */
export async function recordScore(ctx: Ctx, taskId: string, input: ScoreInput): Promise<TaskView> {
  const problem = scoreProblem(input.score);
  if (problem) throw invalidInput('score', problem);
  await inTransaction(ctx.deps.db, async (tx) => {
    const { task, placement, assignment } = await lockTaskForAssessor(tx, ctx, taskId);
    if (task.score !== null) throw new DomainError('invalid_transition', 'this milestone is scored already');
    if (!IN_SERVICE.includes(placement.status)) throw new DomainError('conflict', `the placement is ${placement.status}: its assessments are over`, { status: placement.status });
    const evidence = [...new Set(input.evidenceFileIds ?? [])];
    const rows = new Map((await store.evidenceRows(tx, evidence)).map((r) => [r.file_id, r]));
    const stranger = evidence.find((id) => rows.get(id)?.task_id !== task.id || rows.get(id)?.org_id !== ctx.actor.orgId);
    if (stranger) throw invalidInput('evidenceFileIds', `no evidence ${stranger} of yours for this task`);
    const now = ctx.deps.clock.now();
    const today = todayOf(now, placement);
    const others = (await store.tasksOf(tx, placement.id)).filter((t) => t.id !== task.id);
    const curve = curveOf(placement, [...others, { day: task.day, score: input.score }]);
    const warn = warrantsWarning(curve) ? curve.projection! : null;
    const warningPermille = warn ? Math.round(warn.probability * 1000) : null;
    await store.markScored(tx, task.id, { score: input.score, notes: input.notes, evidenceFileIds: canonicalJson(evidence), by: ctx.actor.userId, orgId: ctx.actor.orgId, on: today, at: now.toISOString(), warningPermille });
    const passed = passes(input.score, task.passScore);
    const about = { subjectType: PLACEMENT, subjectId: placement.id, orgId: placement.posterOrgId, workOf: placement.consultantId } as const;
    await record(tx, ctx, {
      type: 'assessment.scored',
      ...about,
      payload: { taskId: task.id, day: task.day, score: input.score, passScore: task.passScore, passed, scoredOn: today, assessorOrgId: assignment.assessor_org_id, evidenceFileIds: evidence },
    });
    const params = { day: task.day, score: input.score, passScore: task.passScore };
    await notifyBoth(tx, now, placement, passed ? { kind: 'assessment.scored', params } : { kind: 'assessment.milestone_failed', params });
    if (warn) {
      await record(tx, ctx, {
        type: 'assessment.projection_warned',
        ...about,
        payload: { taskId: task.id, targetDay: curve.targetDay, threshold: curve.threshold, projectedTenths: Math.round(warn.score * 10), standardErrorTenths: Math.round(warn.standardError * 10), probabilityPermille: warningPermille! },
      });
      await notifyBoth(tx, now, placement, {
        kind: 'assessment.projection_warning',
        params: { targetDay: curve.targetDay, threshold: curve.threshold, projected: Math.round(warn.score), probabilityPercent: Math.round(warn.probability * 100) },
      });
    }
  });
  const view = await getPlacementAssessments(ctx, (await store.findTask(ctx.deps.db, taskId))!.placementId);
  return view.milestones.find((m) => m.id === taskId)!;
}

// ------------------------------------------------------------------------------------------ for other areas

/**
 * aftercare's check of a `skill_milestone_failed` claim (wired in src/tenure.ts): the placement must have a
 * milestone scored below its pass score. Without one the claim is refused before the engine decides it.
 */
export async function failedMilestoneCheck(tx: Tx, placement: { id: string }): Promise<void> {
  if (!(await store.hasFailedMilestone(tx, placement.id))) {
    throw new DomainError('conflict', 'reason: skill_milestone_failed needs a skill milestone of this placement scored below its pass score', { field: 'reason' });
  }
}

/**
 * The file-read rule of assessment evidence (wired in src/tenure.ts): the assessor org that uploaded it; once the
 * score naming it is recorded, also both sides of the placement and platform ops. Nobody else, whatever the id.
 */
export async function canReadAssessmentEvidence(db: Db, actor: Actor, fileId: string): Promise<boolean> {
  const row = await store.findEvidence(db, fileId);
  if (!row) return false;
  if (isAssessor(actor) && actor.orgId === row.org_id) return true;
  const task = await store.findTask(db, row.task_id);
  if (!task || task.score === null || !task.evidenceFileIds.includes(fileId)) return false;
  const placement = await placementFactsById(db, task.placementId);
  if (!placement) return false;
  return isPlatformOps(actor) || sidesOf(actor, placement).length > 0 || isAssessorOf(actor, await store.findAssignment(db, placement.id));
}
