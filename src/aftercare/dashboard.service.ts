import { namesOf, type NameBook } from '../identity/service.ts';
import { listPlacements } from '../placements/service.ts';
import type { Db } from '../platform/db/database.ts';
import type { CheckinFormStatus, SupportTaskStatus } from '../platform/db/schema.ts';
import type { Ctx } from '../platform/deps.ts';
import { listClaims, type Claim } from './claim.service.ts';
import * as store from './store.ts';

const LIMIT = 20;

export type FormItem = { id: string; placementId: string; candidateName: string; orderTitle: string | null; day: number; respondent: 'employer' | 'candidate'; closesOn: string; status: CheckinFormStatus };
export type TaskItem = { id: string; placementId: string; candidateName: string; orderTitle: string | null; kind: string; dueOn: string; status: SupportTaskStatus; consultantName: string | null };
export type Dashboard = {
  inGuarantee: { id: string; candidateName: string; orderTitle: string | null; startDate: string }[];
  toAnswer: FormItem[];
  dueCheckins: FormItem[];
  missed: FormItem[];
  flagged: store.FlaggedPlacement[];
  tasks: TaskItem[];
  replacements: Claim[];
  claims: Claim[];
  reviewQueue: Claim[];
  overdueTasks: TaskItem[];
  claimsByState: Record<string, number>;
};

const formItem = (f: store.FormOnPlacement): FormItem => ({ id: f.id, placementId: f.placementId, candidateName: f.candidateName, orderTitle: f.orderTitle, day: f.day, respondent: f.respondent, closesOn: f.closesOn, status: f.status });
const taskItem = (names: NameBook) => (t: store.TaskOnPlacement): TaskItem => ({ id: t.id, placementId: t.placementId, candidateName: t.candidateName, orderTitle: t.orderTitle, kind: t.kind, dueOn: t.dueOn, status: t.status, consultantName: names.user(t.consultantId) });

/** Tasks with their consultants' names: one names lookup for the list. */
async function taskItems(db: Db, tasks: store.TaskOnPlacement[]): Promise<TaskItem[]> {
  const names = await namesOf(db, { users: tasks.map((t) => t.consultantId) });
  return tasks.map(taskItem(names));
}

/**
 * What each role watches after delivery (DESIGN §4.5): the employer its placements in guarantee, the check-ins
 * it has to answer and its claims; the consultant its open and missed check-ins, flagged placements, tasks and
 * replacements due; platform ops the review queue, overdue tasks and forms, and claims by state.
 */
export async function dashboardFor(ctx: Ctx): Promise<Dashboard> {
  const db = ctx.deps.db;
  const a = ctx.actor;
  const empty: Dashboard = { inGuarantee: [], toAnswer: [], dueCheckins: [], missed: [], flagged: [], tasks: [], replacements: [], claims: [], reviewQueue: [], overdueTasks: [], claimsByState: {} };
  if (a.role === 'employer_admin' || a.role === 'employer_hr' || a.role === 'agency_admin') {
    const active = await listPlacements(ctx, { status: 'active', limit: LIMIT });
    empty.inGuarantee = active.items.filter((p) => p.posterOrgId === a.orgId).map((p) => ({ id: p.id, candidateName: p.candidateName, orderTitle: p.labels.orderTitle, startDate: p.startDate }));
    empty.toAnswer = (await store.formsByStatus(db, { posterOrgId: a.orgId }, ['open'], LIMIT)).filter((f) => f.respondent === 'employer').map(formItem);
    empty.claims = (await listClaims(ctx, { limit: LIMIT })).items;
    empty.flagged = await store.flaggedPlacements(db, { posterOrgId: a.orgId }, LIMIT);
  }
  if (a.role === 'consultant' || a.role === 'agency_admin') {
    const scope = a.role === 'consultant' ? { consultantId: a.userId } : { agencyOrgId: a.orgId };
    empty.dueCheckins = (await store.formsByStatus(db, scope, ['open'], LIMIT)).map(formItem);
    empty.missed = (await store.formsByStatus(db, scope, ['missed'], LIMIT)).map(formItem);
    empty.flagged = [...empty.flagged, ...(await store.flaggedPlacements(db, scope, LIMIT))];
    empty.tasks = await taskItems(db, await store.tasksByScope(db, scope, ['open', 'overdue'], LIMIT));
    empty.replacements = [...(await listClaims(ctx, { state: 'replacement_pending', limit: LIMIT })).items, ...(await listClaims(ctx, { state: 'replacement_overdue', limit: LIMIT })).items];
  }
  if (a.role === 'platform_ops') {
    empty.reviewQueue = (await listClaims(ctx, { state: 'pending_review', limit: LIMIT })).items;
    empty.overdueTasks = await taskItems(db, await store.tasksByScope(db, {}, ['overdue'], LIMIT));
    empty.missed = (await store.formsByStatus(db, {}, ['missed'], LIMIT)).map(formItem);
    empty.claimsByState = await store.claimCountsByState(db, {});
  }
  return empty;
}
