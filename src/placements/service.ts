import { newId } from '../platform/ids.ts';
import { namesOf, orgTimeZoneOf } from '../identity/service.ts';
import type { NotificationOf } from '../notifications/kinds.ts';
import { notify } from '../notifications/service.ts';
import type { Actor } from '../platform/auth/actor.ts';
import { record, recordSystem } from '../platform/audit/record.ts';
import type { RecordBundle } from '../platform/audit/record-bundle.ts';
import { subjectRecordBundle } from '../platform/audit/subject-record.ts';
import { parseCalendarDate, type CalendarDate } from '../platform/calendar-date.ts';
import { calendarDateOf } from '../platform/clock.ts';
import { canonicalJson } from '../platform/canonical-json.ts';
import { inTransaction, type Db, type Tx } from '../platform/db/database.ts';
import type { PlacementStatus } from '../platform/db/schema.ts';
import type { Ctx } from '../platform/deps.ts';
import { DomainError, forbidden, notFound } from '../platform/errors.ts';
import { createdCursor, pageOf, type Page } from '../platform/http/pagination.ts';
import { type Currency, formatAmount, parseStoredAmount } from '../platform/money.ts';
import { getOrderForPoster } from '../marketplace/service.ts';
import { obligationsOf, scheduleObligation, type Obligation } from '../platform/scheduler/scheduler.ts';
import { formatSchedule, scheduleInstallmentsFor, type ScheduledInstallmentView } from '../plans/installment-schedule.rules.ts';
import { termsCanonicalJson, termsHash as hashOfTerms } from '../plans/terms-hash.ts';
import { renderTermsInWords } from '../plans/terms-wording.rules.ts';
import type { Terms } from '../plans/terms.schema.ts';
import { agreementDocument, agreementHashOf, checkCorrectable, checkSalaryInRange, checkStartDate } from './agreement.rules.ts';
import { feeFor } from './fee.rules.ts';
import { obligationScheduleFor, type PlannedObligation } from './obligation-schedule.rules.ts';
import { type PlacementSide, pendingSides, sidesOf, sideToAccept } from './placement-access.rules.ts';
import * as store from './store.ts';

export type { LabelledPlacement, Placement, PlacementFacts } from './store.ts';
export { checkSalaryInRange } from './agreement.rules.ts';

export type NewPlacementInput = {
  submissionId: string;
  orderId: string;
  posterOrgId: string;
  agencyOrgId: string;
  consultantId: string;
  candidateName: string;
  startDate: CalendarDate;
  annualSalary: bigint;
  currency: Currency;
  terms: Terms;
  termsHash: string;
  planVersionId: string;
  /**
   * A replacement hire (DESIGN §4.5): the placement it replaces and the claim that asked for it. No new fee; the
   * same terms snapshot; the guarantee per the terms' `newGuarantee`, as the claim's decision computed it.
   */
  replaces?: { placementId: string; claimId: string; guaranteeDays: number } | undefined;
};

const SUBJECT = 'placement' as const;

/**
 * Called in the activating transaction, after the obligations are scheduled: other areas (the ledger creates
 * the installments) plug in here through the composition root, so this area imports none of them.
 */
export type ActivationHook = (tx: Tx, now: Date, placement: store.Placement, ctx: Ctx) => Promise<void>;
const activationHooks: ActivationHook[] = [];

export function onPlacementActivated(hook: ActivationHook): void {
  if (!activationHooks.includes(hook)) activationHooks.push(hook);
}

/**
 * Hire → placement (DESIGN §4.4), called by the submissions area in its own transaction when a candidate moves
 * to `hired`. Snapshots the terms the deliverer accepted when taking the order, computes the fee from their
 * reward, and waits for both sides to accept that exact hash before anything is scheduled.
 */
export async function createPlacementForHire(tx: Tx, ctx: Ctx, input: NewPlacementInput): Promise<{ id: string; fee: bigint }> {
  const computed = hashOfTerms(input.terms);
  if (computed !== input.termsHash) {
    throw new DomainError('terms_mismatch', `termsHash ${input.termsHash} is not the hash of the terms (${computed})`, { field: 'termsHash', expected: computed });
  }
  if (input.terms.currency !== input.currency) {
    throw new DomainError('invalid_input', `currency: the terms are in ${input.terms.currency}, the salary in ${input.currency}`, { field: 'currency' });
  }
  if (input.annualSalary <= 0n) throw new DomainError('invalid_input', 'annualSalary must be above zero', { field: 'annualSalary' });
  if (await store.findPlacementBySubmission(tx, input.submissionId)) {
    throw new DomainError('conflict', 'this submission has already been hired into a placement', { field: 'submissionId' });
  }
  const replaces = input.replaces;
  const fee = replaces ? 0n : feeFor(input.terms.reward, input.annualSalary, input.currency);
  const guaranteeDays = replaces ? replaces.guaranteeDays : input.terms.guarantee.days;
  // The placement keeps the calendar of the poster, whose employee the hire becomes (DESIGN §4.2).
  const timeZone = await orgTimeZoneOf(tx, input.posterOrgId);
  const now = ctx.deps.clock.now();
  checkStartDate(input.startDate, calendarDateOf(now, timeZone), 'hire.startDate');
  const id = newId();
  await store.insertPlacement(tx, {
    id,
    submission_id: input.submissionId,
    order_id: input.orderId,
    poster_org_id: input.posterOrgId,
    agency_org_id: input.agencyOrgId,
    consultant_id: input.consultantId,
    candidate_name: input.candidateName,
    start_date: input.startDate,
    time_zone: timeZone,
    currency: input.currency,
    annual_salary: input.annualSalary,
    fee,
    plan_version_id: input.planVersionId,
    terms: canonicalJson(input.terms),
    terms_hash: input.termsHash,
    status: 'pending_acceptance',
    poster_accepted_by: null,
    poster_accepted_at: null,
    deliverer_accepted_by: null,
    deliverer_accepted_at: null,
    replaces_placement_id: replaces?.placementId ?? null,
    guarantee_days: replaces ? replaces.guaranteeDays : null,
    created_at: now.toISOString(),
  });
  await record(tx, ctx, {
    type: 'placement.created',
    subjectType: SUBJECT,
    subjectId: id,
    orgId: input.posterOrgId,
    payload: {
      submissionId: input.submissionId,
      orderId: input.orderId,
      agencyOrgId: input.agencyOrgId,
      consultantId: input.consultantId,
      startDate: input.startDate,
      currency: input.currency,
      annualSalary: formatAmount(input.annualSalary, input.currency),
      fee: formatAmount(fee, input.currency),
      termsHash: input.termsHash,
      agreementHash: agreementHashOf({ ...input, fee, replacesPlacementId: replaces?.placementId ?? null, guaranteeDays }),
      planVersionId: input.planVersionId,
      ...(replaces ? { replacesPlacementId: replaces.placementId, claimId: replaces.claimId, guaranteeDays } : {}),
    },
    workOf: input.consultantId,
  });
  const params = { startDate: input.startDate, fee: formatAmount(fee, input.currency), currency: input.currency };
  await notify(tx, now, { orgId: input.posterOrgId, kind: 'placement.created', subjectType: SUBJECT, subjectId: id, params });
  await notify(tx, now, { orgId: input.agencyOrgId, userId: input.consultantId, kind: 'placement.created', subjectType: SUBJECT, subjectId: id, params });
  return { id, fee };
}

// ============================================================================================ views

/** Who signed for one side, and when: names, not user ids, so each side learns no account ids of the other. */
export type AcceptanceView = { side: PlacementSide; name: string | null; at: string };

export type PlacementSummaryView = {
  id: string;
  status: PlacementStatus;
  candidateName: string;
  order: { id: string; title: string | null; city: string | null };
  poster: { orgId: string; name: string | null };
  deliverer: { orgId: string; name: string | null; consultantId: string; consultantName: string | null };
  plan: { versionId: string; name: { zh: string; en: string } | null; tier: string | null };
  startDate: CalendarDate;
  timeZone: string;
  currency: Currency;
  annualSalary: string;
  fee: string;
  termsHash: string;
  /** What both sides accept: SHA-256 of the canonical JSON of `agreement` (the terms hash and the hire's facts). */
  agreementHash: string;
  acceptances: { poster: AcceptanceView | null; deliverer: AcceptanceView | null };
  pendingSides: PlacementSide[];
  mySides: PlacementSide[];
  /** The caller signs for a side that has not accepted yet, while the placement waits for acceptances. */
  canAccept: boolean;
  /** The caller may correct the start date or salary (the poster, until both sides have accepted). */
  canCorrect: boolean;
  createdAt: string;
};

export type ScheduleItemView = { kind: PlannedObligation['kind']; date: CalendarDate; dueAt: string; payload: Record<string, unknown> };
export type ObligationView = { id: string; kind: string; date: CalendarDate | null; dueAt: string; status: Obligation['status']; payload: Record<string, unknown> };

export type PlacementView = PlacementSummaryView & {
  submissionId: string;
  /** The guarantee this placement runs (a replacement's own, per `newGuarantee`). */
  guaranteeDays: number;
  /** This placement replaces that one (DESIGN §4.5), and the one that replaces this (the link both ways). */
  replacesPlacementId: string | null;
  replacedBy: { id: string; status: PlacementStatus } | null;
  /** The exact object `agreementHash` is the SHA-256 of (as canonical JSON). */
  agreement: Record<string, string>;
  /** The signed terms snapshot, as plain JSON. */
  terms: Record<string, unknown>;
  /** The exact text the terms hash is the SHA-256 of. */
  termsCanonicalJson: string;
  termsInWords: { 'zh-CN': string[]; en: string[] };
  scope: Terms['scope'];
  installments: (ScheduledInstallmentView & { index: number })[];
  /** Every obligation the terms schedule, computed from the snapshot (the same list acceptance stores). */
  schedule: ScheduleItemView[];
  /** What the scheduler holds for this placement: empty until both sides have accepted. */
  obligations: ObligationView[];
};

export function summaryOf(actor: Actor, p: store.PlacementSummaryFacts): PlacementSummaryView {
  const open = pendingSides(p);
  const mine = sidesOf(actor, p);
  return {
    id: p.id,
    status: p.status,
    candidateName: p.candidateName,
    order: { id: p.orderId, title: p.labels.orderTitle, city: p.labels.orderCity },
    poster: { orgId: p.posterOrgId, name: p.labels.posterOrgName },
    deliverer: { orgId: p.agencyOrgId, name: p.labels.agencyOrgName, consultantId: p.consultantId, consultantName: p.labels.consultantName },
    plan: {
      versionId: p.planVersionId,
      name: p.labels.planNameZh !== null && p.labels.planNameEn !== null ? { zh: p.labels.planNameZh, en: p.labels.planNameEn } : null,
      tier: p.labels.planTier,
    },
    startDate: p.startDate,
    timeZone: p.timeZone,
    currency: p.currency,
    annualSalary: formatAmount(p.annualSalary, p.currency),
    fee: formatAmount(p.fee, p.currency),
    termsHash: p.termsHash,
    agreementHash: agreementHashOf(p),
    acceptances: {
      poster: p.posterAcceptedAt ? { side: 'poster', name: p.labels.posterAcceptedByName, at: p.posterAcceptedAt } : null,
      deliverer: p.delivererAcceptedAt ? { side: 'deliverer', name: p.labels.delivererAcceptedByName, at: p.delivererAcceptedAt } : null,
    },
    pendingSides: open,
    mySides: mine,
    canAccept: p.status === 'pending_acceptance' && mine.some((side) => open.includes(side)),
    canCorrect: mine.includes('poster') && p.status === 'pending_acceptance' && open.length > 0,
    createdAt: p.createdAt,
  };
}

const asRecord = (v: unknown): Record<string, unknown> => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});

function obligationView(o: Obligation): ObligationView {
  const { date, ...rest } = asRecord(o.payload);
  return { id: o.id, kind: o.kind, date: typeof date === 'string' ? (date as CalendarDate) : null, dueAt: o.dueAt, status: o.status, payload: rest };
}

function viewOf(actor: Actor, p: store.LabelledPlacement, obligations: Obligation[], replacedBy: { id: string; status: PlacementStatus } | null): PlacementView {
  return {
    ...summaryOf(actor, p),
    submissionId: p.submissionId,
    guaranteeDays: p.guaranteeDays,
    replacesPlacementId: p.replacesPlacementId,
    replacedBy,
    agreement: agreementDocument(p),
    terms: p.terms as unknown as Record<string, unknown>,
    termsCanonicalJson: termsCanonicalJson(p.terms),
    termsInWords: { 'zh-CN': renderTermsInWords(p.terms, 'zh-CN'), en: renderTermsInWords(p.terms, 'en') },
    scope: p.terms.scope,
    installments: p.fee === 0n ? [] : formatSchedule(scheduleInstallmentsFor(p.terms, p.startDate, p.fee), p.currency).map((item, index) => ({ index, ...item })),
    schedule: planOf(p).map((o) => ({ kind: o.kind, date: o.date, dueAt: o.dueAt, payload: { ...o.payload } })),
    obligations: obligations.map(obligationView),
  };
}

// ============================================================================================ reads

export async function listPlacements(
  ctx: Ctx,
  opts: { status?: PlacementStatus | undefined; limit: number; cursor?: string | undefined },
): Promise<Page<store.LabelledPlacement>> {
  const after = opts.cursor ? createdCursor.decode(opts.cursor) : undefined;
  const rows = await store.listPlacements(ctx.deps.db, ctx.actor, { status: opts.status, limit: opts.limit + 1, before: after && { createdAt: after.c, id: after.i } });
  const page = pageOf(rows, opts.limit, createdCursor, (p) => ({ c: p.createdAt, i: p.id }));
  return { items: await withNames(ctx.deps.db, page.items), nextCursor: page.nextCursor };
}

/** Placements with the names of their orgs and people, from identity: one lookup for the whole page. */
async function withNames<P extends store.PlacementFacts & { labels: store.StoredLabels }>(db: Db, rows: P[]): Promise<(P & { labels: store.PlacementLabels })[]> {
  const names = await namesOf(db, {
    orgs: rows.flatMap((p) => [p.posterOrgId, p.agencyOrgId]),
    users: rows.flatMap((p) => [p.consultantId, p.posterAcceptedBy, p.delivererAcceptedBy]),
  });
  return rows.map((p) => ({
    ...p,
    labels: {
      ...p.labels,
      posterOrgName: names.org(p.posterOrgId),
      agencyOrgName: names.org(p.agencyOrgId),
      consultantName: names.user(p.consultantId),
      posterAcceptedByName: names.userOrNull(p.posterAcceptedBy),
      delivererAcceptedByName: names.userOrNull(p.delivererAcceptedBy),
    },
  }));
}

async function findNamedPlacement(ctx: Ctx, placementId: string): Promise<store.LabelledPlacement | undefined> {
  const row = await store.findLabelledPlacement(ctx.deps.db, ctx.actor, placementId);
  return row && (await withNames(ctx.deps.db, [row]))[0];
}

/** The placements the caller is a party to, as the caller sees each (who may accept or correct it, the hashes). */
export async function listPlacementViews(
  ctx: Ctx,
  opts: { status?: PlacementStatus | undefined; limit: number; cursor?: string | undefined },
): Promise<{ items: PlacementSummaryView[]; nextCursor: string | null }> {
  const after = opts.cursor ? createdCursor.decode(opts.cursor) : undefined;
  const rows = await store.listPlacementSummaries(ctx.deps.db, ctx.actor, { status: opts.status, limit: opts.limit + 1, before: after && { createdAt: after.c, id: after.i } });
  const page = pageOf(rows, opts.limit, createdCursor, (p) => ({ c: p.createdAt, i: p.id }));
  return { items: (await withNames(ctx.deps.db, page.items)).map((p) => summaryOf(ctx.actor, p)), nextCursor: page.nextCursor };
}

export type PlacementDetail = {
  placement: store.LabelledPlacement;
  /** What the terms schedule, computed from the snapshot (the same list acceptance stores). */
  plan: PlannedObligation[];
  /** What the scheduler holds for this placement: empty until both sides have accepted. */
  obligations: Obligation[];
};

/** One placement the caller may see, for other areas' services: the record, its planned and held obligations. */
export async function getPlacement(ctx: Ctx, placementId: string): Promise<PlacementDetail> {
  const placement = await findNamedPlacement(ctx, placementId);
  if (!placement) throw notFound('placement');
  return { placement, plan: planOf(placement), obligations: await obligationsOf(ctx.deps.db, SUBJECT, placement.id) };
}

/** One placement as the caller sees it: the snapshot, its wording and schedules, both acceptances, its obligations. */
export async function getPlacementView(ctx: Ctx, placementId: string): Promise<PlacementView> {
  const d = await getPlacement(ctx, placementId);
  return viewOf(ctx.actor, d.placement, d.obligations, (await store.findReplacementOf(ctx.deps.db, d.placement.id)) ?? null);
}

/** A replacement runs its own guarantee (`guaranteeDays`) and has no installments (fee 0): the money stays on the original. */
function planOf(p: store.Placement): PlannedObligation[] {
  const terms = p.guaranteeDays === p.terms.guarantee.days ? p.terms : { ...p.terms, guarantee: { ...p.terms.guarantee, days: p.guaranteeDays } };
  return obligationScheduleFor(terms, p.startDate, p.fee, p.timeZone, { replacement: p.replacesPlacementId !== null });
}

/**
 * One side accepts the agreement by its hash: the terms the deliverer accepted when taking the order and the
 * hire's facts (candidate, start date, salary, fee, currency). The poster side is the poster org's employer
 * admins and HR (or the admin of the agency that posted); the deliverer side is the delivering consultant or its
 * agency's admin. A repeat by a side that has accepted changes nothing. When the second side accepts, the
 * placement becomes active and every obligation of its terms is scheduled in the same transaction: once, never
 * twice. Everything the answer shows is computed before anything is written, so a placement whose schedule
 * cannot be computed refuses the acceptance instead of saving it.
 */
export async function acceptPlacement(ctx: Ctx, placementId: string, agreementHash: string): Promise<PlacementView> {
  await inTransaction(ctx.deps.db, async (tx) => {
    const p = await store.findPlacementForUpdate(tx, ctx.deps.dialect, ctx.actor, placementId);
    if (!p) throw notFound('placement');
    if (sidesOf(ctx.actor, p).length === 0) throw forbidden('only the poster or the deliverer of this placement can accept its terms');
    const expected = agreementHashOf(p);
    if (agreementHash !== expected) {
      throw new DomainError('terms_mismatch', `agreementHash: this is not the agreement of this placement as it stands (its hash is ${expected}); read it again`, {
        field: 'agreementHash',
        expected,
      });
    }
    const side = sideToAccept(ctx.actor, p);
    if (side === null) return; // this side has accepted already: an idempotent repeat
    if (p.status !== 'pending_acceptance') throw new DomainError('invalid_transition', `a placement in status ${p.status} takes no acceptance`);
    const plan = planOf(p);
    if (p.fee > 0n) scheduleInstallmentsFor(p.terms, p.startDate, p.fee);
    const now = ctx.deps.clock.now();
    if (!(await store.markAccepted(tx, p.id, side, ctx.actor.userId, now.toISOString()))) return;
    await record(tx, ctx, { type: 'placement.accepted', subjectType: SUBJECT, subjectId: p.id, orgId: ctx.actor.orgId, payload: { side, termsHash: p.termsHash, agreementHash: expected }, workOf: p.consultantId });
    const accepted = side === 'poster' ? { ...p, posterAcceptedAt: now.toISOString() } : { ...p, delivererAcceptedAt: now.toISOString() };
    const stillOpen = pendingSides(accepted);
    if (stillOpen.length > 0) {
      await notifySide(tx, now, p, otherSide(side), { kind: 'placement.accepted', params: { side } });
      return;
    }
    await activateAndSchedule(tx, ctx, now, p, plan);
  });
  return getPlacementView(ctx, placementId);
}

export type CorrectionInput = { startDate?: string | undefined; annualSalary?: string | undefined; confirmOutsideRange?: boolean | undefined };

/**
 * The poster corrects the hire's facts before both sides have accepted: the start date and the annual salary
 * (the fee is computed again from the terms). The agreement hash changes, so both acceptances are cleared and
 * both sides accept again; audited with the old and new facts, and the deliverer is told. After both have
 * accepted, the record stands: a disagreement is a dispute.
 */
export async function correctPlacement(ctx: Ctx, placementId: string, input: CorrectionInput): Promise<PlacementView> {
  if (input.startDate === undefined && input.annualSalary === undefined) throw new DomainError('invalid_input', 'startDate: give the start date or the annual salary to correct', { field: 'startDate' });
  await inTransaction(ctx.deps.db, async (tx) => {
    const p = await store.findPlacementForUpdate(tx, ctx.deps.dialect, ctx.actor, placementId);
    if (!p) throw notFound('placement');
    if (!sidesOf(ctx.actor, p).includes('poster')) throw forbidden("only the poster's people correct a placement's facts");
    checkCorrectable(p);
    const now = ctx.deps.clock.now();
    const startDate = input.startDate === undefined ? p.startDate : parseCalendarDate(input.startDate, 'startDate');
    if (input.startDate !== undefined) checkStartDate(startDate, calendarDateOf(now, p.timeZone), 'startDate');
    const annualSalary = input.annualSalary === undefined ? p.annualSalary : parseStoredAmount(input.annualSalary, p.currency, 'annualSalary');
    if (annualSalary <= 0n) throw new DomainError('invalid_input', 'annualSalary must be above zero', { field: 'annualSalary' });
    if (input.annualSalary !== undefined) {
      const order = await getOrderForPoster(tx, ctx.actor, p.orderId);
      checkSalaryInRange(annualSalary, order, input.confirmOutsideRange === true, 'confirmOutsideRange');
    }
    // A replacement carries no fee of its own, whatever the salary.
    const fee = p.replacesPlacementId ? 0n : feeFor(p.terms.reward, annualSalary, p.currency);
    const corrected = { ...p, startDate, annualSalary, fee };
    // What the answer shows must compute for the corrected facts too, before anything is written.
    planOf(corrected);
    if (fee > 0n) scheduleInstallmentsFor(p.terms, startDate, fee);
    await store.correctFacts(tx, p.id, { startDate, annualSalary, fee });
    const agreementHash = agreementHashOf(corrected);
    await record(tx, ctx, {
      type: 'placement.corrected',
      subjectType: SUBJECT,
      subjectId: p.id,
      orgId: p.posterOrgId,
      payload: {
        from: { startDate: p.startDate, annualSalary: formatAmount(p.annualSalary, p.currency), fee: formatAmount(p.fee, p.currency), agreementHash: agreementHashOf(p) },
        to: { startDate, annualSalary: formatAmount(annualSalary, p.currency), fee: formatAmount(fee, p.currency), agreementHash },
        currency: p.currency,
        acceptancesCleared: pendingSides(p).length < 2,
      },
      workOf: p.consultantId,
    });
    const params = { startDate, fee: formatAmount(fee, p.currency), currency: p.currency };
    await notifySide(tx, now, p, 'deliverer', { kind: 'placement.corrected', params });
  });
  return getPlacementView(ctx, placementId);
}

async function activateAndSchedule(tx: Tx, ctx: Ctx, now: Date, p: store.Placement, plan: PlannedObligation[]): Promise<void> {
  if (!(await store.activate(tx, p.id))) return;
  // Belt and braces: the status change above happens once, but a placement that somehow already has
  // obligations must never get a second set.
  if ((await obligationsOf(tx, SUBJECT, p.id)).length > 0) return;
  for (const o of plan) {
    await scheduleObligation(tx, now, { kind: o.kind, subjectType: SUBJECT, subjectId: p.id, orgId: p.posterOrgId, dueAt: o.dueAt, payload: { ...o.payload, date: o.date } });
  }
  await record(tx, ctx, {
    type: 'placement.activated',
    subjectType: SUBJECT,
    subjectId: p.id,
    orgId: p.posterOrgId,
    payload: { obligationCount: plan.length, termsHash: p.termsHash, agreementHash: agreementHashOf(p), startDate: p.startDate, timeZone: p.timeZone },
    workOf: p.consultantId,
  });
  for (const hook of activationHooks) await hook(tx, now, { ...p, status: 'active' }, ctx);
  const activated = { kind: 'placement.activated', params: { obligationCount: plan.length } } as const;
  await notifySide(tx, now, p, 'poster', activated);
  await notifySide(tx, now, p, 'deliverer', activated);
}

/** The placement as the caller may see it, or 404: for areas that show a placement's parts (money, …). */
export async function visiblePlacement(ctx: Ctx, placementId: string): Promise<store.LabelledPlacement> {
  const p = await findNamedPlacement(ctx, placementId);
  if (!p) throw notFound('placement');
  return p;
}

/**
 * The placement's record bundle (platform/audit/record-bundle.ts), for its parties and ops: the events about the
 * placement, about the submission it was hired from, and those naming it (installments, payments, disputes).
 */
export async function placementRecord(ctx: Ctx, placementId: string): Promise<RecordBundle> {
  const p = await visiblePlacement(ctx, placementId);
  return subjectRecordBundle(ctx.deps.db, ctx.deps.signingKey, ctx.deps.wallClock.now(), {
    subject: { type: SUBJECT, id: p.id },
    subjects: [{ type: SUBJECT, id: p.id }, { type: 'submission', id: p.submissionId }],
    payloadKey: 'placementId',
  });
}

/**
 * The guarantee passed (DESIGN §4.5): active → guarantee_passed, by the scheduler on nobody's behalf.
 * Returns false (and changes nothing) when the placement is in another status.
 */
export async function markGuaranteePassed(tx: Tx, now: Date, placementId: string, dialect: 'sqlite' | 'postgres'): Promise<boolean> {
  const p = await store.findPlacementByIdForUpdate(tx, dialect, placementId);
  if (!p) throw notFound('placement');
  if (!(await store.moveStatus(tx, p.id, ['active'], 'guarantee_passed'))) return false;
  await recordSystem(tx, now, { type: 'placement.guarantee_passed', subjectType: SUBJECT, subjectId: p.id, orgId: p.posterOrgId, payload: { termsHash: p.termsHash }, workOf: p.consultantId });
  const passed = { kind: 'placement.guarantee_passed', params: {} } as const;
  await notifySide(tx, now, p, 'poster', passed);
  await notifySide(tx, now, p, 'deliverer', passed);
  return true;
}

const otherSide = (side: PlacementSide): PlacementSide => (side === 'poster' ? 'deliverer' : 'poster');

/** The poster side is told org-wide (whoever handles hiring); the deliverer side through its consultant. */
type PlacementNotice = { [K in 'placement.accepted' | 'placement.activated' | 'placement.corrected' | 'placement.guarantee_passed']: Pick<NotificationOf<K>, 'kind' | 'params'> }['placement.accepted' | 'placement.activated' | 'placement.corrected' | 'placement.guarantee_passed'];

function notifySide(tx: Tx, now: Date, p: store.Placement, side: PlacementSide, notice: PlacementNotice): Promise<void> {
  const to = side === 'poster' ? { orgId: p.posterOrgId } : { orgId: p.agencyOrgId, userId: p.consultantId };
  return notify(tx, now, { ...to, ...notice, subjectType: SUBJECT, subjectId: p.id });
}

/**
 * The placement as `ctx.actor` may see it, locked for the rest of `tx` (for the after-sales use cases that
 * decide on its status): not_found for anyone who is not a party, exactly as for an unknown id.
 */
export async function lockPlacementFor(tx: Tx, ctx: Ctx, placementId: string): Promise<store.Placement> {
  const p = await store.findPlacementForUpdate(tx, ctx.deps.dialect, ctx.actor, placementId);
  if (!p) throw notFound('placement');
  return p;
}

/** The same for the system (scheduler handlers), with no actor to scope it. */
export async function lockPlacementById(tx: Tx, dialect: 'sqlite' | 'postgres', placementId: string): Promise<store.Placement | undefined> {
  return store.findPlacementByIdForUpdate(tx, dialect, placementId);
}

/**
 * A status change of the after-sales lifecycle (DESIGN §4.5), made by the area that decides it (aftercare, the
 * ledger) under the placement's lock; false when the placement was not in one of `from`.
 */
export async function movePlacementStatus(tx: Tx, placementId: string, from: readonly PlacementStatus[], to: PlacementStatus): Promise<boolean> {
  return store.moveStatus(tx, placementId, from, to);
}

/** Same, without the terms (the after-sales handlers that need no terms: less to read and nothing to parse). */
export async function lockPlacementFactsById(tx: Tx, dialect: 'sqlite' | 'postgres', placementId: string): Promise<store.PlacementFacts | undefined> {
  return store.findPlacementFactsById(tx, dialect, placementId, true);
}

/** A placement's facts (no terms) by id for the system, unlocked. */
export async function placementFactsById(db: Db, placementId: string): Promise<store.PlacementFacts | undefined> {
  return store.findPlacementFactsById(db, 'sqlite', placementId, false);
}

/** A placement by id for the system (scheduler handlers, public check-in links), with no actor to scope it. */
export async function placementById(db: Db, placementId: string): Promise<store.Placement | undefined> {
  return store.findPlacementById(db, placementId);
}
