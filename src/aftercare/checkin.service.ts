import { createHash, randomBytes } from 'node:crypto';
import { notify, queueCheckinLinkEmail } from '../notifications/service.ts';
import { getPlacement, lockPlacementFactsById, lockPlacementFor, placementFactsById, type Placement, type PlacementFacts } from '../placements/service.ts';
import { sidesOf } from '../placements/placement-access.rules.ts';
import { record, recordSystem } from '../platform/audit/record.ts';
import type { CalendarDate } from '../platform/calendar-date.ts';
import { canonicalJson } from '../platform/canonical-json.ts';
import { inTransaction, type Db, type Tx } from '../platform/db/database.ts';
import type { AppDeps, Ctx } from '../platform/deps.ts';
import { DomainError, forbidden, notFound } from '../platform/errors.ts';
import { newId } from '../platform/ids.ts';
import { findObligation, obligationsOf, scheduleObligation } from '../platform/scheduler/scheduler.ts';
import { calendarDateOf, startOfDayIn } from '../platform/zoned-time.ts';
import { candidateEmailOf } from '../submissions/service.ts';
import {
  type CandidateAnswers,
  type EmployerAnswers,
  type FlagReason,
  closingReminderOn,
  firstNameOf,
  formClosesOn,
  formMissedOn,
  interventionDueOn,
  linkExpiresAt,
  unansweredStatusOn,
  worryingReasons,
} from './checkin.rules.ts';
import { overdueOn } from './support-task.rules.ts';
import * as store from './store.ts';

const PLACEMENT = 'placement';
const FORM = 'checkin_form';

/** The link path of the candidate's page (the web app's public route). */
export const candidateLinkPath = (token: string): string => `/checkin/${token}`;

export const todayOf = (now: Date, p: { timeZone: string }): CalendarDate => calendarDateOf(now, p.timeZone);

/** A form as listed: stored forms, and the ones still `scheduled` (their `checkin.open` obligation not run yet). */
export type FormView = store.CheckinForm & { linkActive: boolean };

type CheckinOpenPayload = { day: number; respondent: 'employer' | 'candidate'; windowDays: number; opensOn: CalendarDate };

export async function listCheckins(ctx: Ctx, placementId: string): Promise<FormView[]> {
  const { placement } = await getPlacement(ctx, placementId);
  return formsOfPlacement(ctx.deps.db, placement);
}

export async function formsOfPlacement(db: Db, placement: Placement): Promise<FormView[]> {
  const stored = await store.formsOf(db, placement.id);
  const byId = new Map(stored.map((f) => [f.id, f]));
  const out: FormView[] = [];
  const live = await liveLinkFormIds(db, stored.map((f) => f.id));
  for (const o of await obligationsOf(db, PLACEMENT, placement.id)) {
    if (o.kind !== 'checkin.open') continue;
    const f = byId.get(o.id);
    if (f) {
      out.push({ ...f, linkActive: live.has(f.id) });
      byId.delete(o.id);
      continue;
    }
    if (o.status !== 'pending') continue; // cancelled with the placement's end
    const p = o.payload as CheckinOpenPayload;
    out.push({
      id: o.id,
      placementId: placement.id,
      day: p.day,
      respondent: p.respondent,
      opensOn: p.opensOn,
      closesOn: formClosesOn(p.opensOn, p.windowDays),
      status: 'scheduled',
      answeredAt: null,
      answeredBy: null,
      answers: null,
      linkActive: false,
    });
  }
  for (const f of byId.values()) out.push({ ...f, linkActive: live.has(f.id) });
  const rank = (r: string) => (r === 'employer' ? 0 : 1);
  return out.sort((a, b) => (a.opensOn < b.opensOn ? -1 : a.opensOn > b.opensOn ? 1 : a.day - b.day || rank(a.respondent) - rank(b.respondent)));
}

async function liveLinkFormIds(db: Db, formIds: string[]): Promise<Set<string>> {
  if (formIds.length === 0) return new Set();
  const rows = await db.selectFrom('checkin_links').select('form_id').where('form_id', 'in', formIds).where('revoked_at', 'is', null).where('spent_at', 'is', null).execute();
  return new Set(rows.map((r) => r.form_id));
}

/** A form the caller may act on: the form, its placement locked; not_found for anyone who is not a party. */
async function lockFormFor(tx: Tx, ctx: Ctx, formId: string): Promise<{ form: store.CheckinForm; placement: Placement }> {
  const form = await store.findForm(tx, formId);
  if (!form) {
    // A form not open yet has no row: say so to the placement's parties, "not found" to everyone else.
    const o = await findObligation(tx, formId);
    if (o && o.kind === 'checkin.open') {
      await lockPlacementFor(tx, ctx, o.subjectId);
      throw new DomainError('invalid_transition', 'this check-in form is not open yet', { field: 'id', status: 'scheduled' });
    }
    throw notFound('check-in form');
  }
  const placement = await lockPlacementFor(tx, ctx, form.placementId);
  return { form, placement };
}

function assertOpen(form: store.CheckinForm): void {
  if (form.status !== 'open') throw new DomainError('invalid_transition', `this check-in form is ${form.status}, not open`, { status: form.status });
}

/** The employer answers its form in the web app (or through the API), while it is open. */
export async function answerEmployerForm(ctx: Ctx, formId: string, answers: EmployerAnswers): Promise<store.CheckinForm> {
  return inTransaction(ctx.deps.db, async (tx) => {
    const { form, placement } = await lockFormFor(tx, ctx, formId);
    if (!sidesOf(ctx.actor, placement).includes('poster')) throw forbidden("only the poster's users answer the employer's check-in");
    if (form.respondent !== 'employer') throw new DomainError('invalid_transition', "this is the candidate's form: the candidate answers it through a link", { field: 'id' });
    assertOpen(form);
    const now = ctx.deps.clock.now();
    const clean: EmployerAnswers = { performance: answers.performance, teamFit: answers.teamFit, dismissalRisk: answers.dismissalRisk, ...(answers.comment ? { comment: answers.comment } : {}) };
    if (!(await store.markAnswered(tx, form.id, ctx.actor.userId, now.toISOString(), canonicalJson(clean)))) {
      throw new DomainError('invalid_transition', 'this check-in form is no longer open');
    }
    await record(tx, ctx, { type: 'checkin.answered', subjectType: PLACEMENT, subjectId: placement.id, orgId: placement.posterOrgId, workOf: placement.consultantId, payload: { formId: form.id, day: form.day, respondent: 'employer' } });
    await notify(tx, now, { orgId: placement.agencyOrgId, userId: placement.consultantId, kind: 'checkin.answered', subjectType: PLACEMENT, subjectId: placement.id, params: { day: form.day, respondent: 'employer' } });
    const reasons = worryingReasons({ respondent: 'employer', answers: clean });
    if (reasons.length > 0) await flagPlacement(tx, now, placement, { formId: form.id, reasons, actorUserId: ctx.actor.userId });
    return (await store.findForm(tx, form.id))!;
  });
}

export type IssuedLink = { url: string; token: string; expiresAt: string };

/**
 * A new link for an open candidate form, for the delivering consultant (to send by WeChat) or the poster. The
 * token has 256 bits; only its SHA-256 is stored; the previous link of the form is revoked.
 */
export async function issueCandidateLink(ctx: Ctx, formId: string, origin: string): Promise<IssuedLink> {
  return inTransaction(ctx.deps.db, async (tx) => {
    const { form, placement } = await lockFormFor(tx, ctx, formId);
    if (sidesOf(ctx.actor, placement).length === 0) throw forbidden("only the placement's poster or its delivering consultant issue a candidate link");
    if (ctx.actor.role === 'agency_admin' && !sidesOf(ctx.actor, placement).includes('poster') && ctx.actor.userId !== placement.consultantId) {
      // The deliverer side's link is the delivering consultant's to give: an agency admin acts for its poster side only.
      throw forbidden('the delivering consultant issues the candidate link');
    }
    if (form.respondent !== 'candidate') throw new DomainError('invalid_transition', "this is the employer's form: it is answered in the web app", { field: 'id' });
    assertOpen(form);
    const now = ctx.deps.clock.now();
    const issued = await newLink(tx, now, form, placement, ctx.actor.userId, origin);
    await record(tx, ctx, { type: 'checkin.link_issued', subjectType: PLACEMENT, subjectId: placement.id, orgId: ctx.actor.orgId, workOf: placement.consultantId, payload: { formId: form.id, day: form.day, expiresAt: issued.expiresAt } });
    return issued;
  });
}

async function newLink(tx: Tx, now: Date, form: store.CheckinForm, placement: PlacementFacts, issuedBy: string | null, origin: string, opts = { fresh: false }): Promise<IssuedLink> {
  const token = randomBytes(32).toString('base64url');
  const expiresAt = linkExpiresAt(form.closesOn, placement.timeZone).toISOString();
  // A form opened in this transaction has no link yet: nothing to revoke.
  if (!opts.fresh) await store.revokeLinksOf(tx, form.id, now.toISOString());
  await store.insertLink(tx, { id: newId(), form_id: form.id, token_hash: hashToken(token), expires_at: expiresAt, issued_by: issuedBy, created_at: now.toISOString(), revoked_at: null, spent_at: null });
  return { url: `${origin}${candidateLinkPath(token)}`, token, expiresAt };
}

const hashToken = (token: string): string => createHash('sha256').update(token, 'utf8').digest('hex');

/** Every refusal of a token is this one error: it says nothing of why (wrong, revoked, spent or expired). */
const linkRefused = (): DomainError => new DomainError('not_found', 'this check-in link is not valid');

const TOKEN_SHAPE = /^[A-Za-z0-9_-]{20,200}$/;

async function liveForm(db: Db, deps: AppDeps, token: string): Promise<{ link: store.CheckinLink; form: store.CheckinForm }> {
  if (!TOKEN_SHAPE.test(token)) throw linkRefused();
  const link = await store.findLinkByHash(db, hashToken(token));
  if (!link || link.revokedAt !== null || link.spentAt !== null) throw linkRefused();
  if (deps.clock.now().toISOString() >= link.expiresAt) throw linkRefused();
  const form = await store.findForm(db, link.formId);
  if (!form || form.status !== 'open' || form.respondent !== 'candidate') throw linkRefused();
  return { link, form };
}

/** What the candidate's page shows: the candidate's first name and the job title, nothing more about anyone. */
export type PublicForm = { firstName: string; jobTitle: string; day: number; closesOn: CalendarDate };

export async function publicForm(deps: AppDeps, token: string): Promise<PublicForm> {
  const { form } = await liveForm(deps.db, deps, token);
  const row = await deps.db
    .selectFrom('placements')
    .innerJoin('job_orders', 'job_orders.id', 'placements.order_id')
    .select(['placements.candidate_name', 'job_orders.title'])
    .where('placements.id', '=', form.placementId)
    .executeTakeFirstOrThrow();
  return { firstName: firstNameOf(row.candidate_name), jobTitle: row.title, day: form.day, closesOn: form.closesOn };
}

/** The candidate answers through the link: once, while the form is open; the link is spent with it. */
export async function answerCandidateForm(deps: AppDeps, token: string, answers: CandidateAnswers): Promise<void> {
  await inTransaction(deps.db, async (tx) => {
    const { link, form } = await liveForm(tx, deps, token);
    const now = deps.clock.now();
    const clean: CandidateAnswers = { ...answers };
    if (!clean.comment) delete clean.comment;
    if (!(await store.spendLink(tx, link.id, now.toISOString()))) throw linkRefused();
    if (!(await store.markAnswered(tx, form.id, null, now.toISOString(), canonicalJson(clean)))) throw linkRefused();
    const placement = await placementForSystem(tx, form.placementId);
    await recordSystem(tx, now, { type: 'checkin.answered', subjectType: PLACEMENT, subjectId: placement.id, orgId: placement.posterOrgId, workOf: placement.consultantId, payload: { formId: form.id, day: form.day, respondent: 'candidate' } });
    await notify(tx, now, { orgId: placement.agencyOrgId, userId: placement.consultantId, kind: 'checkin.answered', subjectType: PLACEMENT, subjectId: placement.id, params: { day: form.day, respondent: 'candidate' } });
    const reasons = worryingReasons({ respondent: 'candidate', answers: clean });
    if (reasons.length > 0) await flagPlacement(tx, now, placement, { formId: form.id, reasons, actorUserId: null });
  });
}

async function placementForSystem(db: Db, id: string): Promise<PlacementFacts> {
  const p = await placementFactsById(db, id);
  if (!p) throw notFound('placement');
  return p;
}

/**
 * Flags a placement (visible to both sides with the reasons) and gives the delivering consultant a
 * retention-intervention task due 3 days after the day of the flag.
 */
export async function flagPlacement(tx: Tx, now: Date, placement: PlacementFacts, f: { formId: string | null; reasons: FlagReason[]; actorUserId: string | null }): Promise<void> {
  const flaggedOn = todayOf(now, placement);
  const flagId = newId();
  await store.insertFlag(tx, { id: flagId, placement_id: placement.id, form_id: f.formId, reasons: canonicalJson(f.reasons), flagged_on: flaggedOn, created_at: now.toISOString() });
  const dueOn = interventionDueOn(flaggedOn);
  // Two flags on one day (a missed form, and the risk score it raises to high) call for one intervention, not two.
  const sameDay = await store.openInterventionDueOn(tx, placement.id, dueOn);
  const taskId = sameDay?.id ?? newId();
  if (!sameDay) {
    await store.insertOpenTask(tx, { id: taskId, placement, kind: 'retention_intervention', flagId, dueOn, now });
    await scheduleObligation(tx, now, { kind: 'support_task.overdue', subjectType: 'support_task', subjectId: taskId, orgId: placement.agencyOrgId, dueAt: dayStart(overdueOn(dueOn), placement) });
  }
  await recordSystem(tx, now, {
    type: 'placement.flagged',
    subjectType: PLACEMENT,
    subjectId: placement.id,
    orgId: placement.posterOrgId,
    workOf: placement.consultantId,
    payload: { flagId, formId: f.formId, reasons: f.reasons, flaggedOn, taskId, taskDueOn: dueOn },
  });
  const params = { reasons: f.reasons.join(','), dueOn };
  await notify(tx, now, { orgId: placement.posterOrgId, kind: 'placement.flagged', subjectType: PLACEMENT, subjectId: placement.id, params });
  await notify(tx, now, { orgId: placement.agencyOrgId, userId: placement.consultantId, kind: 'placement.flagged', subjectType: PLACEMENT, subjectId: placement.id, params });
}

/** 00:00 of `date` in the placement's (the employer's) time zone: when an obligation of that date falls due. */
export const dayStart = (date: CalendarDate, placement: { timeZone: string }): Date => startOfDayIn(date, placement.timeZone);

// ------------------------------------------------------------------------------------------------ obligations

/**
 * `checkin.open` (00:00 of opensOn in the employer's zone): the form is stored as open, its respondent reminded;
 * a candidate form gets its link, queued for e-mail. Run late (time moved on by several days), a form whose
 * window has already passed is stored missed at once.
 */
export async function openCheckinForm(tx: Tx, now: Date, obligation: { id: string; subjectId: string; payload: unknown }, opts: { dialect: 'sqlite' | 'postgres'; origin: string }): Promise<void> {
  const placement = await lockPlacementFactsById(tx, opts.dialect, obligation.subjectId);
  if (!placement) return;
  if (await store.findForm(tx, obligation.id)) return;
  if (!['active', 'guarantee_passed'].includes(placement.status)) return; // ended, or replacing: no more check-ins
  const p = obligation.payload as CheckinOpenPayload;
  const closesOn = formClosesOn(p.opensOn, p.windowDays);
  const status = unansweredStatusOn(todayOf(now, placement), { opensOn: p.opensOn, closesOn });
  const row = {
    id: obligation.id,
    placement_id: placement.id,
    day: p.day,
    respondent: p.respondent,
    opens_on: p.opensOn,
    closes_on: closesOn,
    // Stored open even when its window has passed (time moved on by several days): closing it below records the miss.
    status: 'open' as const,
    answered_at: null,
    answered_by: null,
    answers: null,
    created_at: now.toISOString(),
  };
  await store.insertForm(tx, row);
  const form = store.toForm(row);
  await recordSystem(tx, now, { type: 'checkin.opened', subjectType: PLACEMENT, subjectId: placement.id, orgId: placement.posterOrgId, workOf: placement.consultantId, payload: { formId: form.id, day: form.day, respondent: form.respondent, closesOn } });
  if (status === 'missed') {
    await closeCheckinForm(tx, now, form.id, opts.dialect);
    return;
  }
  const params = { day: form.day, respondent: form.respondent, closesOn };
  if (form.respondent === 'employer') {
    await notify(tx, now, { orgId: placement.posterOrgId, kind: 'checkin.opened', subjectType: PLACEMENT, subjectId: placement.id, params });
  } else {
    const link = await newLink(tx, now, form, placement, null, opts.origin, { fresh: true });
    const email = await candidateEmailOf(tx, placement.submissionId);
    // The link goes to the candidate by e-mail through the outbox, in this transaction (docs/notifications.md).
    await queueCheckinLinkEmail(tx, now, { orgId: placement.posterOrgId, placementId: placement.id, to: email, url: link.url, day: form.day, closesOn, expiresAt: link.expiresAt });
    await notify(tx, now, { orgId: placement.agencyOrgId, userId: placement.consultantId, kind: 'checkin.opened', subjectType: PLACEMENT, subjectId: placement.id, params });
  }
  const remindOn = closingReminderOn(p.opensOn, closesOn);
  if (remindOn !== null) await scheduleObligation(tx, now, { kind: 'checkin.remind', subjectType: FORM, subjectId: form.id, orgId: placement.posterOrgId, dueAt: dayStart(remindOn, placement) });
  await scheduleObligation(tx, now, { kind: 'checkin.close', subjectType: FORM, subjectId: form.id, orgId: placement.posterOrgId, dueAt: dayStart(formMissedOn(closesOn), placement) });
}

/** `checkin.remind` (the day before the last day): the respondent's side is told the form closes tomorrow. */
export async function remindCheckinForm(tx: Tx, now: Date, formId: string): Promise<void> {
  const form = await store.findForm(tx, formId);
  if (!form || form.status !== 'open') return;
  const placement = await placementForSystem(tx, form.placementId);
  const params = { day: form.day, respondent: form.respondent, closesOn: form.closesOn };
  if (form.respondent === 'employer') await notify(tx, now, { orgId: placement.posterOrgId, kind: 'checkin.closing', subjectType: PLACEMENT, subjectId: placement.id, params });
  else await notify(tx, now, { orgId: placement.agencyOrgId, userId: placement.consultantId, kind: 'checkin.closing', subjectType: PLACEMENT, subjectId: placement.id, params });
}

/** `checkin.close` (the day after the last day): an unanswered form is missed; a missed candidate form flags the placement. */
export async function closeCheckinForm(tx: Tx, now: Date, formId: string, _dialect: 'sqlite' | 'postgres'): Promise<void> {
  const form = await store.findForm(tx, formId);
  if (!form || !(await store.markMissed(tx, formId))) return;
  await store.revokeLinksOf(tx, formId, now.toISOString());
  const placement = await placementForSystem(tx, form.placementId);
  await recordSystem(tx, now, { type: 'checkin.missed', subjectType: PLACEMENT, subjectId: placement.id, orgId: placement.posterOrgId, workOf: placement.consultantId, payload: { formId, day: form.day, respondent: form.respondent } });
  const params = { day: form.day, respondent: form.respondent };
  await notify(tx, now, { orgId: placement.agencyOrgId, userId: placement.consultantId, kind: 'checkin.missed', subjectType: PLACEMENT, subjectId: placement.id, params });
  if (form.respondent === 'employer') await notify(tx, now, { orgId: placement.posterOrgId, kind: 'checkin.missed', subjectType: PLACEMENT, subjectId: placement.id, params });
  if (form.respondent === 'candidate' && ['active', 'guarantee_passed'].includes(placement.status)) {
    await flagPlacement(tx, now, placement, { formId, reasons: ['candidate_form_missed'], actorUserId: null });
  }
}

/** Unscoped, internal: one form as stored (for the ratings and risk areas' listeners, which read its answers). */
export async function checkinFormById(db: Db, formId: string): Promise<store.CheckinForm | undefined> {
  return store.findForm(db, formId);
}

/**
 * The retention-risk score of an active placement rose to high (DESIGN §4.7): the placement is flagged `risk_high`,
 * both sides are told, and the delivering consultant gets a retention-intervention task (the same day's, if a
 * flag gave it one already). For the risk area, in its scoring transaction; false when the placement is not in service.
 */
export async function flagRiskHigh(tx: Tx, now: Date, placementId: string, formId: string | null): Promise<boolean> {
  const placement = await placementFactsById(tx, placementId);
  if (!placement || !['active', 'guarantee_passed'].includes(placement.status)) return false;
  await flagPlacement(tx, now, placement, { formId, reasons: ['risk_high'], actorUserId: null });
  return true;
}
