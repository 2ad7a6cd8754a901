import { newId } from '../platform/ids.ts';
import { acceptResume, fileMetas, storeFile, type FileMeta, type Upload } from '../files/service.ts';
import { namesOf, orgNameOf, orgTimeZoneOf } from '../identity/service.ts';
import { acceptedTermsOf, countSubmission, getOrderForPoster, lockOrderForHire, orderAndEngagementForSubmission, recordHire, recordReplacementHire, type JobOrder } from '../marketplace/service.ts';
import { notify } from '../notifications/service.ts';
import { checkSalaryInRange, createPlacementForHire } from '../placements/service.ts';
import type { Actor } from '../platform/auth/actor.ts';
import { record } from '../platform/audit/record.ts';
import { parseCalendarDate, type CalendarDate } from '../platform/calendar-date.ts';
import { keyedHash } from '../platform/auth/keyed-hash.ts';
import { calendarDateOf, DAY_MS } from '../platform/clock.ts';
import { inTransaction, type Db, type Dialect, type Tx } from '../platform/db/database.ts';
import type { SubmissionStage } from '../platform/db/schema.ts';
import type { Ctx } from '../platform/deps.ts';
import { DomainError, forbidden, invalidInput, notFound } from '../platform/errors.ts';
import { formatAmount, parseStoredAmount } from '../platform/money.ts';
import { createdCursor, pageOf, type Page } from '../platform/http/pagination.ts';
import { emailKey, ownershipVerdict, phoneKey, phoneProblem, protectionHolder, type CandidateKeys } from './ownership.rules.ts';
import { checkMove, isFinal, movesFor, sidesOf, type HireInput, type Side } from './submission-stage.rules.ts';
import * as store from './store.ts';
import type { CandidateBackground, EducationField, EducationLevel } from './candidate-background.rules.ts';

export type { LabelledSubmission } from './store.ts';

const SUBJECT = 'submission' as const;

export type NewSubmissionInput = {
  candidateName: string;
  phone?: string | null | undefined;
  email?: string | null | undefined;
  currentEmployer?: string | null | undefined;
  currentTitle?: string | null | undefined;
  yearsExperience?: number | null | undefined;
  education?: EducationLevel | null | undefined;
  educationField?: EducationField | null | undefined;
  previousEmployers?: number | null | undefined;
  commuteKm?: number | null | undefined;
  /** Decimal string in the order's currency. */
  expectedSalary?: string | null | undefined;
  /** When given, must be the order's currency (amounts never convert). */
  currency?: string | undefined;
  notes?: string | undefined;
};

/** A stage event with who acted: their name and org (which side they act for), from identity. */
export type NamedEvent = store.SubmissionEvent & { actorName: string; actorOrgId: string };

export type SubmissionDetail = {
  submission: store.LabelledSubmission;
  resume: FileMeta | null;
  events: NamedEvent[];
  order: store.OrderSummary;
  /** The moves the caller may make now. */
  allowedMoves: SubmissionStage[];
  /** Which sides of the submission the caller acts for. */
  sides: Side[];
  placementId: string | null;
};

const blank = (v: string | null | undefined): string | null => {
  const t = v?.trim();
  return t ? t : null;
};

// ============================================================================================ submit

/**
 * The keys a candidate is recognized by (ownership protection, duplicates): the normalized phone number and
 * e-mail address, each as an HMAC under the server secret, so neither is stored, compared or logged in a form
 * that can be reversed by trying every number of a range.
 */
export function candidateKeysOf(secret: string, phone: string | null, email: string | null): CandidateKeys {
  const keyOf = (normalized: string | null) => (normalized === null ? null : keyedHash(secret, normalized));
  return { phoneKey: keyOf(phoneKey(phone)), emailKey: keyOf(emailKey(email)) };
}

/**
 * A consultant submits a candidate to an order it has an active engagement on. Ownership protection
 * (ownership.rules.ts) is decided inside the transaction that inserts, under a per-candidate lock.
 */
export async function submitCandidate(ctx: Ctx, orderId: string, input: NewSubmissionInput): Promise<SubmissionDetail> {
  const { actor, deps } = ctx;
  const outcome = await inTransaction(deps.db, async (tx): Promise<{ submissionId: string } | { refused: Refused }> => {
    // Lock, then check: the order and the engagement are read under a shared row lock, so a close, a hire or a
    // drop at the same instant either waits for this submission or is seen by it.
    const { order, engagement, reopening } = await orderAndEngagementForSubmission(tx, ctx, orderId);
    if (actor.role !== 'consultant') throw forbidden('only a consultant with an active engagement on the order submits candidates');
    if (!engagement) throw forbidden('take the order (an active engagement) before submitting candidates to it');
    if (order.status !== 'open') throw new DomainError('conflict', `the order is ${order.status}; candidates are submitted while it is open`, { orderStatus: order.status });
    // Reopened for a replacement (DESIGN §4.5): the delivering agency's consultants only, and what they submit is the replacement.
    if (reopening && reopening.agencyOrgId !== engagement.agencyOrgId) {
      throw new DomainError('forbidden', "the order is reopened for the delivering agency's replacement only; it takes no other submissions until that ends", { reason: 'reopened_for_replacement' });
    }

    const candidateName = input.candidateName.trim();
    const phone = blank(input.phone);
    const email = blank(input.email);
    if (phone === null && email === null) throw invalidInput('phone', 'give a phone number or an e-mail address (at least one)');
    if (phone !== null) {
      const problem = phoneProblem(phone);
      if (problem) throw invalidInput('phone', problem);
    }
    if (input.currency !== undefined && input.currency !== order.currency) {
      throw invalidInput('currency', `must be the order's currency ${order.currency}`);
    }
    const expectedSalary = blank(input.expectedSalary);
    const salary = expectedSalary === null ? null : parseStoredAmount(expectedSalary, order.currency, 'expectedSalary');
    const keys = candidateKeysOf(deps.keyedHashSecret, phone, email);
    const timeZone = await orgTimeZoneOf(tx, order.posterOrgId);

    await store.lockCandidate(tx, deps.dialect, order.posterOrgId, [keys.phoneKey, keys.emailKey]);
    const now = deps.clock.now();
    const today = calendarDateOf(now, timeZone);
    // A day of slack: submission dates are counted in the poster's zone, the bound in UTC.
    const since = new Date(now.getTime() - (deps.config.ownershipDays + 2) * DAY_MS).toISOString();
    const earlier = await store.earlierSubmissionsOf(tx, { posterOrgId: order.posterOrgId, orderId, ...keys, since });
    const dated = earlier.map((e) => ({ ...e, submittedOn: calendarDateOf(new Date(e.createdAt), timeZone) }));
    const ownership = { today, consultantId: actor.userId, candidate: keys, windowDays: deps.config.ownershipDays, earlier: dated };
    const verdict = ownershipVerdict(ownership);
    const holder = protectionHolder(ownership);
    if (verdict.blocked && holder) {
      // The refusal is stored and committed (so it can be disputed); the caller still gets the 409 below.
      const refusal = await storeRefusal(tx, ctx, {
        order,
        engagementId: engagement.id,
        agencyOrgId: engagement.agencyOrgId,
        holder,
        candidate: { candidateName, phone, email, keys, salary, input },
        today,
        protectedUntil: verdict.protectedUntil,
      });
      return { refused: refusal };
    }
    refuseDuplicateInOrder(earlier, orderId, actor.userId);

    const submission: store.Submission = {
      id: newId(),
      orderId,
      posterOrgId: order.posterOrgId,
      engagementId: engagement.id,
      consultantId: actor.userId,
      agencyOrgId: engagement.agencyOrgId,
      candidateName,
      phone,
      ...keys,
      email,
      currentEmployer: blank(input.currentEmployer),
      currentTitle: blank(input.currentTitle),
      yearsExperience: input.yearsExperience ?? null,
      currency: order.currency,
      expectedSalary: salary,
      notes: input.notes?.trim() ?? '',
      resumeFileId: null,
      stage: 'submitted',
      stageChangedAt: now.toISOString(),
      createdAt: now.toISOString(),
      replacementClaimId: reopening?.claimId ?? null,
      education: input.education ?? null,
      educationField: input.educationField ?? null,
      previousEmployers: input.previousEmployers ?? null,
      commuteKm: input.commuteKm ?? null,
    };
    await insertNewSubmission(tx, ctx, submission, { orderTitle: order.title, ...(reopening ? { replacementClaimId: reopening.claimId } : {}) });
    return { submissionId: submission.id };
  });
  if ('refused' in outcome) {
    const { refusalId, protectedUntil } = outcome.refused;
    // Names the date only: who holds the protection is none of the second consultant's business.
    throw new DomainError(
      'ownership_protected',
      `candidate: already submitted to this employer by another consultant; the ownership protection ends on ${protectedUntil}, when you may submit this candidate (the refusal ${refusalId} can be disputed within 30 days)`,
      { field: 'candidate', protectedUntil, refusalId },
    );
  }
  return getSubmission(ctx, outcome.submissionId);
}

/** Inserts a new submission with its first event, its audit event, and the poster's notice. */
async function insertNewSubmission(tx: Tx, ctx: Ctx, submission: store.Submission, extra: { orderTitle: string; replacementClaimId?: string; ownershipDisputeId?: string; refusalId?: string }): Promise<void> {
  const at = submission.createdAt;
  await store.insertSubmission(tx, submission);
  await countSubmission(tx, submission);
  await store.insertEvent(tx, { id: newId(), submission_id: submission.id, from_stage: null, to_stage: 'submitted', comment: '', actor_user_id: ctx.actor.userId, created_at: at });
  const { orderTitle, ...more } = extra;
  await record(tx, ctx, {
    type: 'submission.created',
    subjectType: SUBJECT,
    subjectId: submission.id,
    orgId: submission.posterOrgId,
    payload: {
      orderId: submission.orderId,
      engagementId: submission.engagementId,
      consultantId: submission.consultantId,
      agencyOrgId: submission.agencyOrgId,
      // Keyed hashes, not the numbers: enough to prove who submitted whom first (ownership disputes), without
      // writing a phone number, an e-mail or a name into an append-only log.
      candidateKeys: { phone: submission.phoneKey, email: submission.emailKey },
      ...more,
    },
    workOf: submission.consultantId,
  });
  const agencyName = await orgNameOf(tx, submission.agencyOrgId);
  await notify(tx, new Date(at), {
    orgId: submission.posterOrgId,
    kind: 'submission.created',
    subjectType: SUBJECT,
    subjectId: submission.id,
    params: { orderTitle, agencyName },
  });
}

// ============================================================================================ ownership refusals

type Refused = { refusalId: string; protectedUntil: CalendarDate };

/**
 * Stores a refusal (DESIGN §4.4, §4.8) so the refused side can dispute it, with what was submitted and which
 * submission holds the protection; audited under the refused agency without the holder. The same attempt again
 * (same consultant, order, person and end date) is the refusal already stored.
 */
async function storeRefusal(
  tx: Tx,
  ctx: Ctx,
  r: {
    order: JobOrder;
    engagementId: string;
    agencyOrgId: string;
    holder: store.KnownCandidate;
    candidate: { candidateName: string; phone: string | null; email: string | null; keys: CandidateKeys; salary: bigint | null; input: NewSubmissionInput };
    today: CalendarDate;
    protectedUntil: CalendarDate;
  },
): Promise<Refused> {
  const { actor } = ctx;
  const { keys } = r.candidate;
  const same = await store.sameRefusal(tx, { orderId: r.order.id, consultantId: actor.userId, ...keys, protectedUntil: r.protectedUntil });
  if (same) return { refusalId: same.id, protectedUntil: same.protectedUntil };
  const id = newId();
  await store.insertRefusal(tx, {
    id,
    order_id: r.order.id,
    poster_org_id: r.order.posterOrgId,
    engagement_id: r.engagementId,
    consultant_id: actor.userId,
    agency_org_id: r.agencyOrgId,
    holder_submission_id: r.holder.id,
    holder_consultant_id: r.holder.consultantId,
    holder_agency_org_id: r.holder.agencyOrgId,
    candidate_name: r.candidate.candidateName,
    phone: r.candidate.phone,
    phone_key: keys.phoneKey,
    email: r.candidate.email,
    email_key: keys.emailKey,
    current_employer: blank(r.candidate.input.currentEmployer),
    current_title: blank(r.candidate.input.currentTitle),
    years_experience: r.candidate.input.yearsExperience ?? null,
    currency: r.order.currency,
    expected_salary: r.candidate.salary,
    notes: r.candidate.input.notes?.trim() ?? '',
    refused_on: r.today,
    protected_until: r.protectedUntil,
    accepted_submission_id: null,
    accepted_at: null,
    created_at: ctx.deps.clock.now().toISOString(),
  });
  await record(tx, ctx, {
    type: 'submission.ownership_refused',
    subjectType: 'ownership_refusal',
    subjectId: id,
    orgId: r.agencyOrgId,
    payload: { refusalId: id, orderId: r.order.id, posterOrgId: r.order.posterOrgId, engagementId: r.engagementId, consultantId: actor.userId, candidateKeys: { phone: keys.phoneKey, email: keys.emailKey }, refusedOn: r.today, protectedUntil: r.protectedUntil },
    workOf: actor.userId,
  });
  return { refusalId: id, protectedUntil: r.protectedUntil };
}

/** A refusal as the refused side reads it: the order, the person, the dates; never who holds the protection. */
export type RefusalView = { id: string; orderId: string; orderTitle: string; posterOrgName: string; consultantName: string; candidateName: string; refusedOn: CalendarDate; protectedUntil: CalendarDate; acceptedSubmissionId: string | null; createdAt: string };

async function refusalViews(db: Db, rows: store.LabelledRefusal[]): Promise<RefusalView[]> {
  const names = await namesOf(db, { orgs: rows.map((r) => r.posterOrgId), users: rows.map((r) => r.consultantId) });
  return rows.map((r) => ({
    id: r.id,
    orderId: r.orderId,
    orderTitle: r.orderTitle,
    posterOrgName: names.org(r.posterOrgId),
    consultantName: names.user(r.consultantId),
    candidateName: r.candidateName,
    refusedOn: r.refusedOn,
    protectedUntil: r.protectedUntil,
    acceptedSubmissionId: r.acceptedSubmissionId,
    createdAt: r.createdAt,
  }));
}

/** The caller's refusals (a consultant its own, an agency admin its agency's, platform operations all), newest first. */
export async function listRefusals(ctx: Ctx, q: { limit: number; cursor?: string | undefined }): Promise<Page<RefusalView>> {
  const after = q.cursor ? createdCursor.decode(q.cursor) : undefined;
  const rows = await store.listVisibleRefusals(ctx.deps.db, ctx.actor, { limit: q.limit + 1, before: after && { createdAt: after.c, id: after.i } });
  const { items, nextCursor } = pageOf(rows, q.limit, createdCursor, (r) => ({ c: r.createdAt, i: r.id }));
  return { items: await refusalViews(ctx.deps.db, items), nextCursor };
}

export async function getRefusal(ctx: Ctx, id: string): Promise<RefusalView> {
  const r = await store.findVisibleRefusal(ctx.deps.db, ctx.actor, id);
  if (!r) throw notFound('ownership refusal');
  return (await refusalViews(ctx.deps.db, [r]))[0]!;
}

/**
 * For the disputes area: a refusal with its parties (the holder included: it is the other party of the dispute,
 * never shown to the refused side); locked for the rest of the transaction `db` when `lockFor` names its dialect.
 */
export type RefusalForDispute = store.OwnershipRefusal & { orderTitle: string; timeZone: string };

export async function refusalForDispute(db: Db, id: string, lockFor?: Dialect): Promise<RefusalForDispute | undefined> {
  const r = lockFor ? await store.findRefusalForUpdate(db, lockFor, id) : await store.findRefusal(db, id);
  if (!r) return undefined;
  const order = await store.orderSummary(db, r.orderId);
  return { ...r, orderTitle: order?.title ?? '', timeZone: await orgTimeZoneOf(db, r.posterOrgId) };
}

/**
 * An ownership dispute overturned (DESIGN §4.8): the refused consultant's submission is accepted for that order, as
 * if ownership had not blocked it — created with what was submitted, on the engagement it was submitted under,
 * whatever the order's status now (the poster moves it on as any). Applied once: a refusal that has its submission
 * already returns it; one the consultant has in that order meanwhile (after the protection ended) is linked.
 */
export async function acceptRefusedSubmission(tx: Tx, ctx: Ctx, refusalId: string, disputeId: string): Promise<{ submissionId: string; created: boolean }> {
  const r = await store.findRefusalForUpdate(tx, ctx.deps.dialect, refusalId);
  if (!r) throw notFound('ownership refusal');
  if (r.acceptedSubmissionId) return { submissionId: r.acceptedSubmissionId, created: false };
  const at = ctx.deps.clock.now().toISOString();
  await store.lockCandidate(tx, ctx.deps.dialect, r.posterOrgId, [r.phoneKey, r.emailKey]);
  const existing = await store.ownSubmissionInOrder(tx, { orderId: r.orderId, consultantId: r.consultantId, phoneKey: r.phoneKey, emailKey: r.emailKey });
  if (existing) {
    await store.markRefusalAccepted(tx, r.id, existing, at);
    return { submissionId: existing, created: false };
  }
  const order = await store.orderSummary(tx, r.orderId);
  if (!order) throw notFound('job order');
  const submission: store.Submission = {
    id: newId(),
    orderId: r.orderId,
    posterOrgId: r.posterOrgId,
    engagementId: r.engagementId,
    consultantId: r.consultantId,
    agencyOrgId: r.agencyOrgId,
    candidateName: r.candidateName,
    phone: r.phone,
    phoneKey: r.phoneKey,
    email: r.email,
    emailKey: r.emailKey,
    currentEmployer: r.currentEmployer,
    currentTitle: r.currentTitle,
    yearsExperience: r.yearsExperience,
    currency: r.currency,
    expectedSalary: r.expectedSalary,
    notes: r.notes,
    // The background fields were not kept with the refusal: the consultant adds them as on any submission.
    education: null,
    educationField: null,
    previousEmployers: null,
    commuteKm: null,
    resumeFileId: null,
    stage: 'submitted',
    stageChangedAt: at,
    createdAt: at,
    replacementClaimId: null,
  };
  await insertNewSubmission(tx, ctx, submission, { orderTitle: order.title, ownershipDisputeId: disputeId, refusalId: r.id });
  if (!(await store.markRefusalAccepted(tx, r.id, submission.id, at))) throw new DomainError('conflict', 'the refusal was accepted in the meantime');
  return { submissionId: submission.id, created: true };
}

/** The same person twice in one order's pipeline helps no one: refused, without saying by whom. */
function refuseDuplicateInOrder(earlier: readonly store.KnownCandidate[], orderId: string, consultantId: string): void {
  const same = earlier.filter((e) => e.orderId === orderId);
  if (same.some((e) => e.consultantId === consultantId)) {
    throw new DomainError('conflict', 'candidate: you have already submitted this candidate to this order', { field: 'candidate' });
  }
  if (same.some((e) => !isFinal(e.stage))) {
    throw new DomainError('conflict', "candidate: is already in this order's pipeline", { field: 'candidate' });
  }
}

// ============================================================================================ replacements

/**
 * What a replacement hire needs from the claim it answers (the after-sales area, which imports this one, so it
 * plugs in through the composition root): `lock` locks the replaced placement and its claim and refuses a hire the
 * claim no longer takes (overdue: 409 `replacement_overdue`); `hired` moves the claim on once the placement exists.
 */
export type ReplacementHire = {
  lock(tx: Tx, ctx: Ctx, claimId: string): Promise<{ claimId: string; placementId: string; guaranteeDays: number; today: CalendarDate }>;
  hired(tx: Tx, ctx: Ctx, hire: { claimId: string; submissionId: string; placementId: string; hiredOn: CalendarDate }): Promise<void>;
};
let replacementHireHandler: ReplacementHire | null = null;

export function onReplacementHire(handler: ReplacementHire): void {
  replacementHireHandler = handler;
}

function replacementHire(): ReplacementHire {
  if (!replacementHireHandler) throw new DomainError('unavailable', 'replacement hires are not wired in this process');
  return replacementHireHandler;
}

/** The replacement submissions of a claim, as the caller may see them (the claim's page links them). */
export async function replacementSubmissionsOf(ctx: Ctx, claimId: string): Promise<Array<{ id: string; candidateName: string; consultantName: string; stage: SubmissionStage; createdAt: string; placementId: string | null }>> {
  const rows = await store.replacementSubmissionsOf(ctx.deps.db, ctx.actor, claimId);
  const names = await namesOf(ctx.deps.db, { users: rows.map((r) => r.consultantId) });
  return rows.map((r) => ({ id: r.id, candidateName: r.candidateName, consultantName: names.user(r.consultantId), stage: r.stage, createdAt: r.createdAt, placementId: r.placementId }));
}

// ============================================================================================ résumé

/**
 * Attaches (or replaces) the résumé of a submission: only its consultant, while the submission is not
 * final. Access is looked at before the upload is read, so nobody else's bytes are ever parsed; the decision
 * is taken again on the submission row locked inside the transaction that writes, since it may have moved
 * (been withdrawn, rejected, hired) while the bytes arrived.
 * (A request with an Idempotency-Key has had its form read already, to compare it with the key's first request.)
 */
export async function attachResume(ctx: Ctx, submissionId: string, readUpload: () => Promise<Upload>): Promise<SubmissionDetail> {
  refuseResumeChange(ctx.actor, await visibleSubmission(ctx.deps.db, ctx.actor, submissionId));
  const accepted = acceptResume(await readUpload(), ctx.deps.config.maxUploadBytes);
  await inTransaction(ctx.deps.db, async (tx) => {
    const s = await store.findForUpdate(tx, ctx.deps.dialect, submissionId);
    if (!s) throw notFound('submission');
    refuseResumeChange(ctx.actor, s);
    const file = await storeFile(tx, ctx, accepted);
    await store.setResume(tx, submissionId, file.id);
    await record(tx, ctx, {
      type: 'submission.resume_attached',
      subjectType: SUBJECT,
      subjectId: submissionId,
      orgId: s.posterOrgId,
      payload: { fileId: file.id, mediaType: file.mediaType, sizeBytes: file.sizeBytes, sha256: file.sha256, replaces: s.resumeFileId },
      workOf: s.consultantId,
    });
  });
  return getSubmission(ctx, submissionId);
}

function refuseResumeChange(actor: Actor, s: store.Submission): void {
  if (s.consultantId !== actor.userId) throw forbidden('only the consultant who submitted the candidate uploads the résumé');
  if (isFinal(s.stage)) throw new DomainError('invalid_transition', `the submission is ${s.stage}; its résumé can no longer change`, { stage: s.stage });
}

/** The file-read rule of this area: a résumé is readable by whoever may see a submission it belongs to. */
export function canReadResume(db: Db, actor: Actor, fileId: string): Promise<boolean> {
  return store.resumeVisibleTo(db, actor, fileId);
}

// ============================================================================================ stages

export type MoveInput = { to: SubmissionStage; comment?: string | undefined; hire?: HireInput | undefined };

/**
 * Moves a submission along its pipeline; audited and announced to the other side. Moving to `hired`
 * records the hire on the order and creates the placement with the order's terms, all in one transaction.
 */
export async function moveStage(ctx: Ctx, submissionId: string, input: MoveInput): Promise<SubmissionDetail> {
  const { actor, deps } = ctx;
  const seen = await visibleSubmission(deps.db, actor, submissionId);
  const sides = sidesOf(actor, seen);
  checkMove(seen.stage, input.to, sides, input.hire);
  const comment = input.comment?.trim() ?? '';
  const hire = input.hire && {
    startDate: parseCalendarDate(input.hire.startDate, 'hire.startDate'),
    annualSalary: parseStoredAmount(input.hire.annualSalary, seen.currency, 'hire.annualSalary'),
  };
  if (hire && hire.annualSalary <= 0n) throw invalidInput('hire.annualSalary', 'must be above zero');

  await inTransaction(deps.db, async (tx) => {
    // A replacement hire locks the placement it replaces first (as the claim's own use cases do), then the order.
    const replacing = hire && seen.replacementClaimId ? await replacementHire().lock(tx, ctx, seen.replacementClaimId) : null;
    // A hire locks the order first (then the submission), so hires on one order run one after the other and
    // `recordHire` decides on the headcount as it is.
    const order: JobOrder | null = hire ? await lockOrderForHire(tx, ctx, seen.orderId) : null;
    const s = await store.findForUpdate(tx, deps.dialect, submissionId);
    if (!s) throw notFound('submission');
    // Someone moved it since the caller looked: decide again on what it is now.
    checkMove(s.stage, input.to, sides, input.hire);
    if (hire && order) checkSalaryInRange(hire.annualSalary, order, input.hire?.confirmOutsideRange === true, 'hire.confirmOutsideRange');
    const now = deps.clock.now();
    let placement: { id: string; fee: bigint } | null = null;
    if (order && replacing && s.replacementClaimId) await recordReplacementHire(tx, ctx, order, s.replacementClaimId);
    else if (order) await recordHire(tx, ctx, order);
    if (!(await store.updateStage(tx, s.id, s.stage, input.to, now.toISOString()))) {
      throw new DomainError('conflict', 'the submission changed while you were moving it; reload and try again');
    }
    await store.insertEvent(tx, { id: newId(), submission_id: s.id, from_stage: s.stage, to_stage: input.to, comment, actor_user_id: actor.userId, created_at: now.toISOString() });
    if (hire && order) {
      // The terms the deliverer accepted when taking the order, not the order's terms as they read now.
      const accepted = await acceptedTermsOf(tx, s.engagementId);
      placement = await createPlacementForHire(tx, ctx, {
        submissionId: s.id,
        orderId: order.id,
        posterOrgId: s.posterOrgId,
        agencyOrgId: s.agencyOrgId,
        consultantId: s.consultantId,
        candidateName: s.candidateName,
        startDate: hire.startDate,
        annualSalary: hire.annualSalary,
        currency: order.currency,
        terms: accepted.terms,
        termsHash: accepted.termsHash,
        planVersionId: accepted.planVersionId,
        ...(replacing ? { replaces: { placementId: replacing.placementId, claimId: replacing.claimId, guaranteeDays: replacing.guaranteeDays } } : {}),
      });
      if (replacing) await replacementHire().hired(tx, ctx, { claimId: replacing.claimId, submissionId: s.id, placementId: placement.id, hiredOn: replacing.today });
    }
    await record(tx, ctx, {
      type: 'submission.stage_changed',
      subjectType: SUBJECT,
      subjectId: s.id,
      orgId: s.posterOrgId,
      payload: {
        from: s.stage,
        to: input.to,
        ...(hire && placement
          ? { startDate: hire.startDate, currency: s.currency, annualSalary: formatAmount(hire.annualSalary, s.currency), placementId: placement.id, fee: formatAmount(placement.fee, s.currency) }
          : {}),
      },
      workOf: s.consultantId,
    });
    await notifyOtherSide(tx, now, s, input.to === 'withdrawn' ? 'deliverer' : 'poster', { kind: 'submission.stage_changed', params: { from: s.stage, to: input.to } });
  });
  return getSubmission(ctx, submissionId);
}

/** A comment on a submission without moving it (stored as an event from and to the current stage). */
export async function addComment(ctx: Ctx, submissionId: string, text: string): Promise<SubmissionDetail> {
  const comment = text.trim();
  if (!comment) throw invalidInput('comment', 'must not be empty');
  const seen = await visibleSubmission(ctx.deps.db, ctx.actor, submissionId);
  const sides = sidesOf(ctx.actor, seen);
  const side = sides[0];
  if (!side) throw forbidden('only the poster and the consultant’s side comment on a submission');
  await inTransaction(ctx.deps.db, async (tx) => {
    const s = await store.findForUpdate(tx, ctx.deps.dialect, submissionId);
    if (!s) throw notFound('submission');
    const now = ctx.deps.clock.now();
    await store.insertEvent(tx, { id: newId(), submission_id: s.id, from_stage: s.stage, to_stage: s.stage, comment, actor_user_id: ctx.actor.userId, created_at: now.toISOString() });
    await record(tx, ctx, { type: 'submission.commented', subjectType: SUBJECT, subjectId: s.id, orgId: s.posterOrgId, payload: { stage: s.stage }, workOf: s.consultantId });
    await notifyOtherSide(tx, now, s, side, { kind: 'submission.commented', params: { stage: s.stage } });
  });
  return getSubmission(ctx, submissionId);
}

type SubmissionNotice =
  | { kind: 'submission.stage_changed'; params: { from: SubmissionStage; to: SubmissionStage } }
  | { kind: 'submission.commented'; params: { stage: SubmissionStage } };

/** The poster side hears as an org (its posters and admins may act); the deliverer side is its consultant. */
async function notifyOtherSide(tx: Tx, now: Date, s: store.Submission, actingSide: Side, notice: SubmissionNotice): Promise<void> {
  const order = await store.findLabelled(tx, s.id);
  const orderTitle = order?.orderTitle ?? '';
  const about = { subjectType: SUBJECT, subjectId: s.id };
  if (actingSide === 'poster') {
    const to = { orgId: s.agencyOrgId, userId: s.consultantId };
    const posterName = await orgNameOf(tx, s.posterOrgId);
    await notify(tx, now, notice.kind === 'submission.commented'
      ? { ...to, ...about, kind: notice.kind, params: { ...notice.params, orderTitle, posterName } }
      : { ...to, ...about, kind: notice.kind, params: { ...notice.params, orderTitle, posterName } });
  } else {
    const to = { orgId: s.posterOrgId };
    const agencyName = await orgNameOf(tx, s.agencyOrgId);
    await notify(tx, now, notice.kind === 'submission.commented'
      ? { ...to, ...about, kind: notice.kind, params: { ...notice.params, orderTitle, agencyName } }
      : { ...to, ...about, kind: notice.kind, params: { ...notice.params, orderTitle, agencyName } });
  }
}

// ============================================================================================ reads

async function visibleSubmission(db: Db, actor: Actor, submissionId: string): Promise<store.LabelledSubmission> {
  const s = await store.findVisible(db, actor, submissionId);
  if (!s) throw notFound('submission');
  return (await withNames(db, [s]))[0]!;
}

/** Submissions with the names of their poster, agency and consultant: one identity lookup for the whole page. */
async function withNames(db: Db, rows: store.StoredLabelledSubmission[]): Promise<store.LabelledSubmission[]> {
  const names = await namesOf(db, { orgs: rows.flatMap((s) => [s.posterOrgId, s.agencyOrgId]), users: rows.map((s) => s.consultantId) });
  return rows.map((s) => ({ ...s, posterOrgName: names.org(s.posterOrgId), agencyName: names.org(s.agencyOrgId), consultantName: names.user(s.consultantId) }));
}

/** A submission's events with who acted (name and org): one identity lookup for all of them. */
async function eventsWithActors(db: Db, submissionId: string): Promise<NamedEvent[]> {
  const events = await store.eventsOf(db, submissionId);
  const names = await namesOf(db, { users: events.map((e) => e.actorUserId) });
  return events.map((e) => ({ ...e, actorName: names.user(e.actorUserId), actorOrgId: names.orgOfUser(e.actorUserId) }));
}

export async function getSubmission(ctx: Ctx, submissionId: string): Promise<SubmissionDetail> {
  const db = ctx.deps.db;
  const s = await visibleSubmission(db, ctx.actor, submissionId);
  const [events, files, order, placementId] = await Promise.all([
    eventsWithActors(db, s.id),
    s.resumeFileId ? fileMetas(db, [s.resumeFileId]) : Promise.resolve([]),
    store.orderSummary(db, s.orderId),
    store.placementIdOf(db, s.id),
  ]);
  if (!order) throw notFound('job order');
  const sides = sidesOf(ctx.actor, s);
  return {
    submission: s,
    resume: files[0] ?? null,
    events,
    order,
    allowedMoves: movesFor(s.stage, sides),
    sides,
    placementId,
  };
}

export type ListPage = Page<store.LabelledSubmission> & { stageCounts: Partial<Record<SubmissionStage, number>> };

export type ListQuery = {
  side?: 'received' | 'delivered' | undefined;
  orderId?: string | undefined;
  consultantId?: string | undefined;
  stages?: SubmissionStage[] | undefined;
  q?: string | undefined;
  limit: number;
  cursor?: string | undefined;
};

/**
 * The caller's submissions. `received`: those to the caller org's orders (the poster's people);
 * `delivered`: the consultant's own, or the agency admin's whole agency. Default: delivered for
 * agencies, received for everyone else.
 */
export async function listSubmissions(ctx: Ctx, q: ListQuery): Promise<ListPage> {
  const { actor } = ctx;
  const side = q.side ?? (actor.orgKind === 'agency' ? 'delivered' : 'received');
  let scope: store.ListScope | null = null;
  if (side === 'received' && sidesOf(actor, { posterOrgId: actor.orgId, agencyOrgId: '', consultantId: '' }).includes('poster')) scope = { kind: 'received', posterOrgId: actor.orgId };
  if (side === 'delivered' && actor.role === 'consultant') scope = { kind: 'consultant', consultantId: actor.userId };
  if (side === 'delivered' && actor.role === 'agency_admin') scope = { kind: 'agency', agencyOrgId: actor.orgId };
  if (!scope) return { items: [], nextCursor: null, stageCounts: {} };
  return page(ctx.deps.db, scope, q);
}

/** One order's pipeline, for its poster's people (and platform ops). */
export async function listForOrder(ctx: Ctx, orderId: string, q: Omit<ListQuery, 'side' | 'orderId'>): Promise<ListPage> {
  await getOrderForPoster(ctx.deps.db, ctx.actor, orderId);
  return page(ctx.deps.db, { kind: 'order', orderId }, q);
}

async function page(db: Db, scope: store.ListScope, q: Omit<ListQuery, 'side'>): Promise<ListPage> {
  const filters: store.ListFilters = { orderId: q.orderId, consultantId: q.consultantId, stages: q.stages, q: q.q?.trim() || undefined };
  const after = q.cursor ? createdCursor.decode(q.cursor) : undefined;
  const rows = await store.listSubmissions(db, scope, filters, { limit: q.limit + 1, before: after && { createdAt: after.c, id: after.i } });
  const { items, nextCursor } = pageOf(rows, q.limit, createdCursor, (s) => ({ c: s.createdAt, i: s.id }));
  return { items: await withNames(db, items), nextCursor, stageCounts: await store.countByStage(db, scope, filters) };
}

/** The candidate's e-mail for after-sales messages (the check-in link), for the system; null when none was given. */
export async function candidateEmailOf(db: Db, submissionId: string): Promise<string | null> {
  return store.findCandidateEmail(db, submissionId);
}

/** The candidate's background as its consultant recorded it, for the system (the risk model); undefined for an unknown submission. */
export async function candidateBackgroundOf(db: Db, submissionId: string): Promise<CandidateBackground | undefined> {
  return store.findCandidateBackground(db, submissionId);
}

/** A submission locked for the rest of `tx`, for the system or an area that decides who may act (background checks); unscoped. */
export async function lockSubmissionById(tx: Tx, dialect: Dialect, submissionId: string): Promise<store.Submission | undefined> {
  return store.findForUpdate(tx, dialect, submissionId);
}

/** What a background-check provider needs of the candidate (sent to it, never logged); unscoped, for the system. */
export async function candidateForCheck(db: Db, submissionId: string): Promise<{ name: string; phone: string | null; email: string | null } | undefined> {
  const s = await store.findLabelled(db, submissionId);
  return s && { name: s.candidateName, phone: s.phone, email: s.email };
}

/** A submission's parties (poster org, delivering agency and consultant), unscoped: for an area that decides who may read its own records. */
export async function submissionParties(db: Db, submissionId: string): Promise<{ posterOrgId: string; agencyOrgId: string; consultantId: string } | undefined> {
  const s = await store.findLabelled(db, submissionId);
  return s && { posterOrgId: s.posterOrgId, agencyOrgId: s.agencyOrgId, consultantId: s.consultantId };
}
