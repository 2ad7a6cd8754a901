import { namesOf, orgTimeZoneOf } from '../identity/service.ts';
import { notify } from '../notifications/service.ts';
import { getPlacement, lockPlacementFactsById, lockPlacementFor, type Placement, type PlacementFacts } from '../placements/service.ts';
import { recordSystem, record } from '../platform/audit/record.ts';
import type { CalendarDate } from '../platform/calendar-date.ts';
import { inTransaction, type Db, type Tx } from '../platform/db/database.ts';
import type { Ctx } from '../platform/deps.ts';
import { DomainError, forbidden, notFound } from '../platform/errors.ts';
import { findObligation, obligationsOf, scheduleObligation } from '../platform/scheduler/scheduler.ts';
import { dayStart, todayOf } from './checkin.service.ts';
import { onTimeRate, overdueOn, type OnTimeRate } from './support-task.rules.ts';
import * as store from './store.ts';

const PLACEMENT = 'placement';
const ENDED = ['refunded', 'replaced', 'closed'];

type TaskDuePayload = { taskKind: string; day: number; date: CalendarDate };

/** The tasks of a placement: stored ones, and the terms' tasks whose due day has not come yet (listed as open). */
export async function listTasks(ctx: Ctx, placementId: string): Promise<store.SupportTask[]> {
  const { placement } = await getPlacement(ctx, placementId);
  return tasksOfPlacement(ctx.deps.db, placement);
}

export async function tasksOfPlacement(db: Db, placement: Placement): Promise<store.SupportTask[]> {
  const stored = await store.tasksOf(db, placement.id);
  const ids = new Set(stored.map((t) => t.id));
  const upcoming: store.SupportTask[] = [];
  for (const o of await obligationsOf(db, PLACEMENT, placement.id)) {
    if (o.kind !== 'support_task.due' || o.status !== 'pending' || ids.has(o.id)) continue;
    upcoming.push(plannedTask(o.id, placement, o.payload as TaskDuePayload, o.dueAt));
  }
  return [...stored, ...upcoming].sort((a, b) => (a.dueOn < b.dueOn ? -1 : a.dueOn > b.dueOn ? 1 : a.id < b.id ? -1 : 1));
}

function plannedTask(id: string, placement: PlacementFacts, p: TaskDuePayload, createdAt: string): store.SupportTask {
  return {
    id,
    placementId: placement.id,
    consultantId: placement.consultantId,
    agencyOrgId: placement.agencyOrgId,
    kind: p.taskKind,
    source: 'terms',
    flagId: null,
    dueOn: p.date,
    status: 'open',
    doneAt: null,
    doneOn: null,
    doneBy: null,
    note: null,
    createdAt,
  };
}

/** The delivering consultant marks a task done with a note; an overdue task can still be done (late, and counted so). */
export async function completeTask(ctx: Ctx, taskId: string, note: string): Promise<store.SupportTask> {
  return inTransaction(ctx.deps.db, async (tx) => {
    let task = await store.findTask(tx, taskId);
    let placementId = task?.placementId;
    let planned: TaskDuePayload | null = null;
    if (!task) {
      const o = await findObligation(tx, taskId);
      if (!o || o.kind !== 'support_task.due') throw notFound('task');
      placementId = o.subjectId;
      planned = o.payload as TaskDuePayload;
    }
    const placement = await lockPlacementFor(tx, ctx, placementId!);
    if (!(ctx.actor.role === 'consultant' && ctx.actor.userId === placement.consultantId)) throw forbidden('only the delivering consultant completes its support tasks');
    const now = ctx.deps.clock.now();
    const today = todayOf(now, placement);
    if (!task) {
      // A task of the terms done before its due day: it is stored now, and its due-day obligation will find it done.
      if (ENDED.includes(placement.status)) throw new DomainError('invalid_transition', `the placement is ${placement.status}: its remaining tasks are void`);
      task = plannedTask(taskId, placement, planned!, now.toISOString());
      await store.insertOpenTask(tx, { id: task.id, placement, kind: task.kind, flagId: null, dueOn: task.dueOn, now });
    }
    if (!(await store.markTaskDone(tx, task.id, { by: ctx.actor.userId, at: now.toISOString(), on: today, note }))) {
      throw new DomainError('invalid_transition', 'this task is done already');
    }
    const onTime = today <= task.dueOn;
    await record(tx, ctx, { type: 'task.completed', subjectType: PLACEMENT, subjectId: placement.id, orgId: placement.agencyOrgId, workOf: placement.consultantId, payload: { taskId: task.id, kind: task.kind, dueOn: task.dueOn, doneOn: today, onTime } });
    await notify(tx, now, { orgId: placement.posterOrgId, kind: 'task.completed', subjectType: PLACEMENT, subjectId: placement.id, params: { taskKind: task.kind } });
    return (await store.findTask(tx, task.id))!;
  });
}

/** `support_task.due` (00:00 of the due day): the task of the terms is stored open (unless done early) and its overdue check scheduled. */
export async function taskFallsDue(tx: Tx, now: Date, obligation: { id: string; subjectId: string; payload: unknown }, dialect: 'sqlite' | 'postgres'): Promise<void> {
  const placement = await lockPlacementFactsById(tx, dialect, obligation.subjectId);
  if (!placement || ENDED.includes(placement.status) || placement.status === 'pending_acceptance') return;
  if (await store.findTask(tx, obligation.id)) return;
  const p = obligation.payload as TaskDuePayload;
  const today = todayOf(now, placement);
  await store.insertOpenTask(tx, { id: obligation.id, placement, kind: p.taskKind, flagId: null, dueOn: p.date, now });
  await notify(tx, now, { orgId: placement.agencyOrgId, userId: placement.consultantId, kind: 'task.due', subjectType: PLACEMENT, subjectId: placement.id, params: { taskKind: p.taskKind, dueOn: p.date } });
  if (today > p.date) {
    await taskBecomesOverdue(tx, now, obligation.id);
    return;
  }
  await scheduleObligation(tx, now, { kind: 'support_task.overdue', subjectType: 'support_task', subjectId: obligation.id, orgId: placement.agencyOrgId, dueAt: dayStart(overdueOn(p.date), placement) });
}

/** `support_task.overdue` (the day after the due day): a task still open is overdue. */
export async function taskBecomesOverdue(tx: Tx, now: Date, taskId: string): Promise<void> {
  const task = await store.findTask(tx, taskId);
  if (!task || !(await store.markTaskOverdue(tx, taskId))) return;
  await recordSystem(tx, now, { type: 'task.overdue', subjectType: PLACEMENT, subjectId: task.placementId, orgId: task.agencyOrgId, workOf: task.consultantId, payload: { taskId, kind: task.kind, dueOn: task.dueOn } });
  await notify(tx, now, { orgId: task.agencyOrgId, userId: task.consultantId, kind: 'task.overdue', subjectType: PLACEMENT, subjectId: task.placementId, params: { taskKind: task.kind, dueOn: task.dueOn } });
}

export type ConsultantRate = OnTimeRate & { consultantId: string; consultantName: string | null };

/** The on-time rate of each consultant of an agency (DESIGN §4.5), for the agency's own members and ops. */
export async function agencyTaskRates(ctx: Ctx, orgId: string): Promise<ConsultantRate[]> {
  const a = ctx.actor;
  // Any member of the org (an employer's list is simply empty), and ops.
  const allowed = a.role === 'platform_ops' || a.orgId === orgId;
  if (!allowed) throw notFound('org');
  const times = await store.taskTimesOfAgency(ctx.deps.db, orgId);
  // Counted in the agency's own calendar: a task due today is not late until its day is over there.
  const today = todayOf(ctx.deps.clock.now(), { timeZone: await orgTimeZoneOf(ctx.deps.db, orgId) });
  const names = await namesOf(ctx.deps.db, { users: times.map((t) => t.consultantId) });
  const by = new Map<string, { name: string | null; tasks: { dueOn: CalendarDate; doneOn: CalendarDate | null }[] }>();
  for (const t of times) {
    const entry = by.get(t.consultantId) ?? { name: names.user(t.consultantId), tasks: [] };
    entry.tasks.push(t);
    by.set(t.consultantId, entry);
  }
  return [...by.entries()]
    .map(([consultantId, e]) => ({ consultantId, consultantName: e.name, ...onTimeRate(today, e.tasks) }))
    .sort((x, y) => (x.consultantName ?? '').localeCompare(y.consultantName ?? ''));
}

