import { claimForDispute, feeHolderOf, overturnRejectedClaim, rejectRefundedClaim } from '../aftercare/claim.service.ts';
import { acceptUpload, fileMetas, storeFile, type FileMeta, type Upload } from '../files/service.ts';
import { arbitratorUsers, orgNameOf, orgTimeZoneOf, platformOrgIds, roleOfUser } from '../identity/service.ts';
import { acceptRefusedSubmission, refusalForDispute } from '../submissions/service.ts';
import { adjustRefund, creditService, creditableOf, installmentForDispute, recordPaymentFound, reversePayment } from '../ledger/service.ts';
import type { NotificationParamsOf } from '../notifications/kinds.ts';
import { notify } from '../notifications/service.ts';
import { sidesOf } from '../placements/placement-access.rules.ts';
import { lockPlacementById, placementById, type Placement } from '../placements/service.ts';
import { isPlatformOps, type Actor } from '../platform/auth/actor.ts';
import type { AuditEventType, AuditPayloadOf, NewAuditEvent } from '../platform/audit/events.ts';
import { record, recordSystem } from '../platform/audit/record.ts';
import { addDays, isCalendarDate, type CalendarDate } from '../platform/calendar-date.ts';
import { canonicalJson } from '../platform/canonical-json.ts';
import { inTransaction, type Db, type Tx } from '../platform/db/database.ts';
import type { DisputeOutcome, DisputeState, DisputeType } from '../platform/db/schema.ts';
import type { Ctx } from '../platform/deps.ts';
import { DomainError, forbidden, invalidInput, notFound } from '../platform/errors.ts';
import { createdCursor, pageOf, type Page } from '../platform/http/pagination.ts';
import { newId } from '../platform/ids.ts';
import { parseAmount } from '../platform/money.ts';
import { scheduleObligation, type ObligationHandler } from '../platform/scheduler/scheduler.ts';
import { calendarDateOf, startOfDayIn } from '../platform/zoned-time.ts';
import {
  canDecide,
  claimSubjectProblem,
  deadlinesFrom,
  installmentSubjectProblem,
  placementSubjectProblem,
  serviceContestedOn,
  isDecisionOverdue,
  isRaiseWindowOpen,
  isTied,
  otherSide,
  outcomeProblem,
  raiseWindowClosesOn,
  raiserSide,
  refusalSubjectProblem,
  type DecisionFields,
  type RaisableType,
  type Side,
} from './dispute.rules.ts';
import * as store from './store.ts';

const SUBJECT = 'dispute';
/** Evidence may be documents or pictures (a screenshot of a message, a scanned letter). */
const EVIDENCE_KINDS = ['pdf', 'doc', 'docx', 'txt', 'png', 'jpeg'] as const;
export const ANSWER_DUE = 'dispute.answer_due';
export const DECISION_DUE = 'dispute.decision_due';

type Parties = { posterOrgId: string; agencyOrgId: string; consultantId: string; type?: DisputeType; respondentOrgId?: string | null; respondentConsultantId?: string | null };

/** A consultant for its own work, an agency admin for its agency's. */
const actsFor = (actor: Actor, p: { agencyOrgId: string; consultantId: string | null }): boolean =>
  (actor.role === 'consultant' && actor.userId === p.consultantId && actor.orgId === p.agencyOrgId) || (actor.role === 'agency_admin' && actor.orgId === p.agencyOrgId);

/**
 * The sides `actor` acts for: a placement's poster and deliverer; in an ownership dispute, the refused side
 * (`deliverer`) and the side whose submission held the protection (`owner`) — the poster is not a party to it.
 */
function sidesIn(actor: Actor, d: Parties): Side[] {
  if (d.type !== 'ownership') return sidesOf(actor, d);
  const sides: Side[] = [];
  if (actsFor(actor, d)) sides.push('deliverer');
  if (d.respondentOrgId && actsFor(actor, { agencyOrgId: d.respondentOrgId, consultantId: d.respondentConsultantId ?? null })) sides.push('owner');
  return sides;
}
const todayIn = (now: Date, timeZone: string): CalendarDate => calendarDateOf(now, timeZone);

// ------------------------------------------------------------------------------------------------ views

export type EvidenceView = { id: string; fileId: string; side: Side; name: string; mediaType: string; sizeBytes: number; sha256: string; addedAt: string };
export type PaymentOnSubject = { id: string; amount: bigint; paidOn: CalendarDate; reversedOn: CalendarDate | null };
/** An ownership dispute's refusal as every reader of the dispute sees it: the order, the person, the dates (never the holder). */
export type RefusalOnDispute = { id: string; orderId: string; orderTitle: string; candidateName: string; refusedOn: CalendarDate; protectedUntil: CalendarDate; acceptedSubmissionId: string | null };
export type DisputeView = store.Dispute & {
  claimId: string | null;
  refusal: RefusalOnDispute | null;
  installmentId: string | null;
  /** A payment dispute's installment's payments (the arbitrator names one to reverse). */
  payments: PaymentOnSubject[];
  windowClosesOn: CalendarDate;
  evidence: EvidenceView[];
  overdue: boolean;
  mySide: Side | null;
  canRespond: boolean;
  canAddEvidence: boolean;
  canAssign: boolean;
  canDecide: boolean;
  today: CalendarDate;
};

async function viewOf(db: Db, actor: Actor, d: store.Dispute, now: Date, timeZone: string): Promise<DisputeView> {
  const evidence = await store.evidenceOf(db, d.id);
  const metas = new Map((await fileMetas(db, evidence.map((e) => e.fileId))).map((m) => [m.id, m]));
  const sides = sidesIn(actor, d);
  const mySide = sides.includes(d.raisedBySide) ? d.raisedBySide : (sides[0] ?? null);
  const today = todayIn(now, timeZone);
  const respondent = otherSide(d.raisedBySide, d.type);
  const refusal = d.type === 'ownership' ? await refusalForDispute(db, d.subjectId) : undefined;
  return {
    ...d,
    refusal: refusal ? { id: refusal.id, orderId: refusal.orderId, orderTitle: refusal.orderTitle, candidateName: refusal.candidateName, refusedOn: refusal.refusedOn, protectedUntil: refusal.protectedUntil, acceptedSubmissionId: refusal.acceptedSubmissionId } : null,
    claimId: d.type === 'claim_decision' || d.type === 'refund_amount' ? d.subjectId : null,
    installmentId: d.type === 'payment' ? d.subjectId : null,
    payments: d.type === 'payment' ? ((await installmentForDispute(db, d.subjectId))?.payments ?? []).map((x) => ({ id: x.id, amount: x.amount, paidOn: x.paidOn, reversedOn: x.reversedOn })) : [],
    windowClosesOn: raiseWindowClosesOn(d.contestedOn),
    evidence: evidence.flatMap((e) => {
      const m = metas.get(e.fileId);
      return m ? [{ id: e.id, fileId: e.fileId, side: e.side, name: m.originalName, mediaType: m.mediaType, sizeBytes: m.sizeBytes, sha256: m.sha256, addedAt: e.createdAt }] : [];
    }),
    overdue: isDecisionOverdue(d, today),
    mySide,
    canRespond: d.state === 'awaiting_response' && sides.includes(respondent),
    canAddEvidence: d.state !== 'decided' && sides.length > 0,
    canAssign: d.state !== 'decided' && isPlatformOps(actor),
    canDecide: canDecide(d.state) && d.arbitratorUserId === actor.userId,
    today,
  };
}

/** The dispute as `actor` may see it (parties, its arbitrator, ops), or 404 exactly as for an unknown id. */
async function visibleDispute(db: Db, actor: Actor, id: string): Promise<store.Dispute> {
  const row = await store.visibleDisputes(db, actor).where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('dispute');
  return store.toDispute(row);
}

async function timeZoneOf(db: Db, d: { placementId: string | null; posterOrgId: string }): Promise<string> {
  // The employer's zone, as the placement keeps it; an ownership dispute has no placement: the poster org's own zone.
  const placement = d.placementId === null ? undefined : await placementById(db, d.placementId);
  return placement?.timeZone ?? orgTimeZoneOf(db, d.posterOrgId);
}

export async function getDispute(ctx: Ctx, id: string): Promise<DisputeView> {
  const d = await visibleDispute(ctx.deps.db, ctx.actor, id);
  return viewOf(ctx.deps.db, ctx.actor, d, ctx.deps.clock.now(), await timeZoneOf(ctx.deps.db, d));
}

export async function listDisputes(ctx: Ctx, q: { state?: DisputeState | undefined; placementId?: string | undefined; limit: number; cursor?: string | undefined }): Promise<Page<DisputeView>> {
  const after = q.cursor ? createdCursor.decode(q.cursor) : undefined;
  const rows = await store.listVisible(ctx.deps.db, ctx.actor, { state: q.state, placementId: q.placementId, limit: q.limit + 1, after });
  const page = pageOf(rows, q.limit, createdCursor, (d) => ({ c: d.createdAt, i: d.id }));
  const now = ctx.deps.clock.now();
  const items: DisputeView[] = [];
  for (const d of page.items) items.push(await viewOf(ctx.deps.db, ctx.actor, d, now, await timeZoneOf(ctx.deps.db, d)));
  return { items, nextCursor: page.nextCursor };
}

// ------------------------------------------------------------------------------------------------ raise

const SUBJECT_NAMES: Record<RaisableType, string> = { claim_decision: 'claim', refund_amount: 'claim', payment: 'installment', service_quality: 'placement', ownership: 'ownership refusal' };

/** The placement a subject belongs to (its parties are the dispute's), or null for an unknown subject. */
async function placementOfSubject(db: Db, type: Exclude<RaisableType, 'ownership'>, subjectId: string): Promise<string | null> {
  if (type === 'claim_decision' || type === 'refund_amount') return (await claimForDispute(db, subjectId))?.placement.id ?? null;
  if (type === 'payment') return (await installmentForDispute(db, subjectId))?.installment.placementId ?? null;
  return (await placementById(db, subjectId))?.id ?? null;
}

/**
 * The subject read again under the placement's lock: its state, whether it can be disputed (409, or 403 for the
 * wrong side), and the day of the decision contested. A claim's decision is final once an arbitrator decided it.
 */
async function subjectUnderLock(tx: Tx, type: Exclude<RaisableType, 'ownership'>, subjectId: string, placement: Placement, sides: Side[], today: CalendarDate): Promise<{ state: string; contestedOn: CalendarDate }> {
  if (type === 'claim_decision' || type === 'refund_amount') {
    const { claim } = (await claimForDispute(tx, subjectId))!;
    const problem = claimSubjectProblem(type, claim.state, sides);
    if (problem) throw new DomainError(problem.code, problem.message, { claimState: claim.state });
    if (type === 'claim_decision') {
      const decided = await store.decidedDisputeOf(tx, subjectId, 'claim_decision');
      if (decided) throw new DomainError('conflict', "an arbitrator decided this claim's decision already: it is final", { disputeId: decided.id });
    }
    return { state: claim.state, contestedOn: todayIn(new Date(claim.updatedAt), placement.timeZone) };
  }
  if (type === 'payment') {
    const found = (await installmentForDispute(tx, subjectId))!;
    const problem = installmentSubjectProblem(found.installment.issuedOn !== null);
    if (problem) throw new DomainError(problem.code, problem.message, { status: found.installment.status });
    // The last thing recorded on the installment (issued, a payment, overdue, voided) is what is contested.
    return { state: found.installment.status, contestedOn: todayIn(new Date(found.updatedOn), placement.timeZone) };
  }
  const problem = placementSubjectProblem(placement.status);
  if (problem) throw new DomainError(problem.code, problem.message, { status: placement.status });
  return { state: placement.status, contestedOn: serviceContestedOn(addDays(placement.startDate, placement.guaranteeDays), today) };
}

export type RaiseInput = { type: RaisableType; subjectId: string; statement: string; evidenceFileIds?: string[] | undefined };

/**
 * A party contests a decision (DESIGN §4.8): within 30 days of it (else 409 `dispute_window_closed`), one open
 * dispute per subject (409 `dispute_open`), with a statement and evidence files of its own org. The other party
 * is asked to answer by day +7; the decision is due by day +14.
 */
export async function raiseDispute(ctx: Ctx, input: RaiseInput): Promise<DisputeView> {
  if (input.type === 'ownership') return raiseOwnershipDispute(ctx, input);
  const type = input.type;
  const placementId = await placementOfSubject(ctx.deps.db, type, input.subjectId);
  const seen = placementId === null ? undefined : await placementById(ctx.deps.db, placementId);
  if (!seen || sidesIn(ctx.actor, seen).length === 0) throw notFound(SUBJECT_NAMES[type]);
  const id = await inTransaction(ctx.deps.db, async (tx) => {
    const placement = await lockPlacementById(tx, ctx.deps.dialect, seen.id);
    if (!placement) throw notFound(SUBJECT_NAMES[type]);
    const sides = sidesIn(ctx.actor, placement);
    const raisedOn = todayIn(ctx.deps.clock.now(), placement.timeZone);
    const subject = await subjectUnderLock(tx, type, input.subjectId, placement, sides, raisedOn);
    const side = raiserSide(type, subject.state, sides);
    if (!side) throw forbidden(`only a party of the ${SUBJECT_NAMES[type]} raises a dispute about it`);
    return openDispute(tx, ctx, input, {
      placementId: placement.id,
      posterOrgId: placement.posterOrgId,
      agencyOrgId: placement.agencyOrgId,
      consultantId: placement.consultantId,
      respondentOrgId: null,
      respondentConsultantId: null,
      currency: placement.currency,
      side,
      contestedOn: subject.contestedOn,
      raisedOn,
      timeZone: placement.timeZone,
    });
  });
  return getDispute(ctx, id);
}

/**
 * The refused consultant (or its agency's admin) disputes an ownership refusal (DESIGN §4.4, §4.8): within 30 days
 * of the refusal. The other party is the agency whose consultant's submission held the protection; the refused side
 * is never told which it is (the dispute shows it as `owner`).
 */
async function raiseOwnershipDispute(ctx: Ctx, input: RaiseInput): Promise<DisputeView> {
  const seen = await refusalForDispute(ctx.deps.db, input.subjectId);
  if (!seen || !actsFor(ctx.actor, seen)) throw notFound(SUBJECT_NAMES.ownership);
  const id = await inTransaction(ctx.deps.db, async (tx) => {
    // The refusal first, then the dispute: the order the ownership decision takes too.
    const refusal = await refusalForDispute(tx, input.subjectId, ctx.deps.dialect);
    if (!refusal) throw notFound(SUBJECT_NAMES.ownership);
    const raisedOn = todayIn(ctx.deps.clock.now(), refusal.timeZone);
    const problem = refusalSubjectProblem({ accepted: refusal.acceptedSubmissionId !== null, decidedBefore: (await store.decidedDisputeOf(tx, refusal.id, 'ownership')) !== undefined });
    if (problem) throw new DomainError(problem.code, problem.message);
    return openDispute(tx, ctx, input, {
      placementId: null,
      posterOrgId: refusal.posterOrgId,
      agencyOrgId: refusal.agencyOrgId,
      consultantId: refusal.consultantId,
      respondentOrgId: refusal.holderAgencyOrgId,
      respondentConsultantId: refusal.holderConsultantId,
      currency: refusal.currency,
      side: 'deliverer',
      contestedOn: refusal.refusedOn,
      raisedOn,
      timeZone: refusal.timeZone,
    });
  });
  return getDispute(ctx, id);
}

type NewDispute = {
  placementId: string | null;
  posterOrgId: string;
  agencyOrgId: string;
  consultantId: string;
  respondentOrgId: string | null;
  respondentConsultantId: string | null;
  currency: string;
  side: 'poster' | 'deliverer';
  contestedOn: CalendarDate;
  raisedOn: CalendarDate;
  timeZone: string;
};

/**
 * Opens a dispute on a subject locked by the caller: the window (409 `dispute_window_closed`), one open dispute per
 * subject (409 `dispute_open`), the evidence, the audit event, the two deadlines as obligations, the notices.
 */
async function openDispute(tx: Tx, ctx: Ctx, input: RaiseInput, n: NewDispute): Promise<string> {
  const { contestedOn, raisedOn, side } = n;
  if (!isRaiseWindowOpen(contestedOn, raisedOn)) {
    throw new DomainError('dispute_window_closed', `the decision of ${contestedOn} could be disputed until ${raiseWindowClosesOn(contestedOn)}`, { contestedOn, closedOn: raiseWindowClosesOn(contestedOn) });
  }
  const open = await store.openDisputeOf(tx, input.subjectId);
  if (open) throw new DomainError('dispute_open', `a dispute about this ${SUBJECT_NAMES[input.type]} is already open`, { disputeId: open.id });
  const evidence = await ownFiles(tx, ctx, input.evidenceFileIds);
  const { answerBy, decideBy } = deadlinesFrom(raisedOn);
  const id = newId();
  const now = ctx.deps.clock.now();
  const at = now.toISOString();
  await store.insertDispute(tx, {
    id,
    type: input.type,
    subject_id: input.subjectId,
    open_subject_id: input.subjectId,
    placement_id: n.placementId,
    poster_org_id: n.posterOrgId,
    agency_org_id: n.agencyOrgId,
    consultant_id: n.consultantId,
    respondent_org_id: n.respondentOrgId,
    respondent_consultant_id: n.respondentConsultantId,
    currency: n.currency,
    raised_by_side: side,
    raised_by: ctx.actor.userId,
    contested_on: contestedOn,
    raised_on: raisedOn,
    answer_by: answerBy,
    decide_by: decideBy,
    statement: input.statement,
    state: 'awaiting_response',
    response_statement: null,
    responded_at: null,
    responded_by: null,
    response_missed: 0,
    arbitrator_user_id: null,
    assigned_at: null,
    outcome: null,
    amount: null,
    reasons: null,
    decided_at: null,
    decided_on: null,
    effects: null,
    overdue_on: null,
    created_at: at,
    updated_at: at,
  });
  for (const f of evidence) await store.insertEvidence(tx, { id: newId(), dispute_id: id, file_id: f.id, side, added_by: ctx.actor.userId, created_at: at });
  const d = (await store.findDispute(tx, id))!;
  await audit(tx, ctx, d, 'dispute.raised', { disputeType: input.type, subjectId: input.subjectId, side, contestedOn, raisedOn, answerBy, decideBy, evidenceFileIds: evidence.map((f) => f.id) });
  await scheduleObligation(tx, now, { kind: ANSWER_DUE, subjectType: SUBJECT, subjectId: id, orgId: n.posterOrgId, dueAt: startOfDayIn(addDays(answerBy, 1), n.timeZone), payload: { date: addDays(answerBy, 1) } });
  await scheduleObligation(tx, now, { kind: DECISION_DUE, subjectType: SUBJECT, subjectId: id, orgId: n.posterOrgId, dueAt: startOfDayIn(addDays(decideBy, 1), n.timeZone), payload: { date: addDays(decideBy, 1) } });
  await notifySide(tx, now, d, otherSide(side, d.type), 'dispute.raised', { disputeType: d.type, answerBy });
  await notifyOps(tx, now, d, 'dispute.raised', { disputeType: d.type, answerBy });
  return id;
}

/** Evidence named by id must be files the caller's own org uploaded (any other id: refused as if it did not exist). */
async function ownFiles(tx: Tx, ctx: Ctx, ids: readonly string[] | undefined): Promise<FileMeta[]> {
  const unique = [...new Set(ids ?? [])];
  if (unique.length === 0) return [];
  const metas = await fileMetas(tx, unique);
  const own = new Map(metas.filter((m) => m.orgId === ctx.actor.orgId).map((m) => [m.id, m]));
  const missing = unique.find((i) => !own.has(i));
  if (missing) throw invalidInput('evidenceFileIds', `no file ${missing} of yours`);
  return unique.map((i) => own.get(i)!);
}

// ------------------------------------------------------------------------------------------------ answer

/** The other party answers (once), within its 7 days; after that its silence has been noted and it is too late. */
export async function respondToDispute(ctx: Ctx, id: string, input: { statement: string; evidenceFileIds?: string[] | undefined }): Promise<DisputeView> {
  await visibleDispute(ctx.deps.db, ctx.actor, id);
  await inTransaction(ctx.deps.db, async (tx) => {
    const d = await lockDispute(tx, ctx, id);
    const respondent = otherSide(d.raisedBySide, d.type);
    if (!sidesIn(ctx.actor, d).includes(respondent)) throw forbidden(`only the ${respondent} side answers this dispute`);
    if (d.state !== 'awaiting_response') {
      throw new DomainError('invalid_transition', d.responseMissed ? `the answer was due by ${d.answerBy}` : `the dispute is ${d.state}: it has been answered`, { state: d.state });
    }
    const evidence = await ownFiles(tx, ctx, input.evidenceFileIds);
    const now = ctx.deps.clock.now();
    const at = now.toISOString();
    await store.updateDispute(tx, id, { state: 'awaiting_decision', response_statement: input.statement, responded_at: at, responded_by: ctx.actor.userId, updated_at: at });
    for (const f of evidence) await store.insertEvidence(tx, { id: newId(), dispute_id: id, file_id: f.id, side: respondent, added_by: ctx.actor.userId, created_at: at });
    await audit(tx, ctx, d, 'dispute.answered', { side: respondent, evidenceFileIds: evidence.map((f) => f.id) });
    await notifySide(tx, now, d, d.raisedBySide, 'dispute.answered', { disputeType: d.type });
    if (d.arbitratorUserId) await notifyArbitrator(tx, now, d, d.arbitratorUserId, 'dispute.answered', { disputeType: d.type });
  });
  return getDispute(ctx, id);
}

/**
 * A party adds an evidence file while the dispute is undecided: the type sniffed from the bytes, the size
 * limited, the SHA-256 kept (files area). Access is checked before the upload is read, and again under the lock.
 */
export async function addEvidence(ctx: Ctx, id: string, readUpload: () => Promise<Upload>): Promise<DisputeView> {
  const seen = await visibleDispute(ctx.deps.db, ctx.actor, id);
  const side = evidenceSide(ctx.actor, seen);
  const accepted = acceptUpload(await readUpload(), { maxBytes: ctx.deps.config.maxUploadBytes, allowed: EVIDENCE_KINDS, what: 'evidence', fallbackName: 'evidence' });
  await inTransaction(ctx.deps.db, async (tx) => {
    const d = await lockDispute(tx, ctx, id);
    evidenceSide(ctx.actor, d);
    const file = await storeFile(tx, ctx, accepted);
    const at = ctx.deps.clock.now().toISOString();
    await store.insertEvidence(tx, { id: newId(), dispute_id: id, file_id: file.id, side, added_by: ctx.actor.userId, created_at: at });
    await audit(tx, ctx, d, 'dispute.evidence_added', { fileId: file.id, side, mediaType: file.mediaType, sizeBytes: file.sizeBytes, sha256: file.sha256 });
  });
  return getDispute(ctx, id);
}

function evidenceSide(actor: Actor, d: store.Dispute): Side {
  const sides = sidesIn(actor, d);
  if (sides.length === 0) throw forbidden('only the parties add evidence');
  if (d.state === 'decided') throw new DomainError('invalid_transition', 'the dispute is decided: it takes no more evidence', { state: d.state });
  return sides.includes(d.raisedBySide) ? d.raisedBySide : sides[0]!;
}

// ------------------------------------------------------------------------------------------------ assign

/** Platform ops assign (or reassign) an arbitrator with no declared tie to either party (409 `arbitrator_conflict`). */
export async function assignArbitrator(ctx: Ctx, id: string, arbitratorUserId: string): Promise<DisputeView> {
  await visibleDispute(ctx.deps.db, ctx.actor, id);
  if (!isPlatformOps(ctx.actor)) throw forbidden('only platform operations assign an arbitrator');
  await inTransaction(ctx.deps.db, async (tx) => {
    const d = await lockDispute(tx, ctx, id);
    if (d.state === 'decided') throw new DomainError('invalid_transition', 'the dispute is decided', { state: d.state });
    const who = await roleOfUser(tx, arbitratorUserId);
    if (!who || who.role !== 'arbitrator' || who.disabled) throw invalidInput('arbitratorUserId', 'is not an arbitrator of the platform');
    const ties = (await store.tiesOf(tx, arbitratorUserId)).map((t) => t.orgId);
    if (isTied(ties, d)) throw new DomainError('arbitrator_conflict', 'the arbitrator declared a tie to a party of this dispute', { arbitratorUserId });
    const now = ctx.deps.clock.now();
    await store.updateDispute(tx, id, { arbitrator_user_id: arbitratorUserId, assigned_at: now.toISOString(), updated_at: now.toISOString() });
    await audit(tx, ctx, d, 'dispute.assigned', { arbitratorUserId, previous: d.arbitratorUserId });
    await notifyArbitrator(tx, now, d, arbitratorUserId, 'dispute.assigned', { disputeType: d.type, decideBy: d.decideBy });
  });
  return getDispute(ctx, id);
}

// ------------------------------------------------------------------------------------------------ decide

export type DecisionInput = { outcome: DisputeOutcome; amount?: string | undefined; paidOn?: string | undefined; paymentId?: string | undefined; reasons: string };

/**
 * The assigned arbitrator decides, with written reasons, once the answer is in or its deadline has passed; the
 * decision is applied in the same transaction (a rejection overturned: the claim goes on as eligible; a refund
 * adjusted: the difference settled in the ledger). The dispute is decided once: a second decision is refused,
 * so nothing is applied twice.
 */
export async function decideDispute(ctx: Ctx, id: string, input: DecisionInput): Promise<DisputeView> {
  const seen = await visibleDispute(ctx.deps.db, ctx.actor, id);
  if (seen.arbitratorUserId !== ctx.actor.userId) throw forbidden('only the assigned arbitrator decides');
  if (seen.placementId === null) return decideOwnershipDispute(ctx, seen, input);
  const placementId = seen.placementId;
  await inTransaction(ctx.deps.db, async (tx) => {
    // The placement first, then the dispute: the order every dispute use case that touches both takes.
    const placement = await lockPlacementById(tx, ctx.deps.dialect, placementId);
    if (!placement) throw notFound('dispute');
    const d = await lockDispute(tx, ctx, id);
    if (d.arbitratorUserId !== ctx.actor.userId) throw forbidden('only the assigned arbitrator decides');
    if (!canDecide(d.state)) {
      throw new DomainError('invalid_transition', d.state === 'decided' ? 'the dispute is already decided (and applied)' : `the answer is awaited until ${d.answerBy}`, { state: d.state });
    }
    const amount = input.amount === undefined ? null : parseAmount(input.amount, placement.currency, 'amount');
    if (input.paidOn !== undefined && !isCalendarDate(input.paidOn)) throw invalidInput('paidOn', 'must be a date YYYY-MM-DD');
    const fields: DecisionFields = { amount, paidOn: input.paidOn ?? null, paymentId: input.paymentId ?? null };
    // A replacement has no fee of its own: a refund is bounded by, and settled on, the chain's first hire.
    const feeHolder = await feeHolderOf(tx, placement);
    const now = ctx.deps.clock.now();
    const decidedOn = todayIn(now, placement.timeZone);
    const problem = outcomeProblem(d.type, input.outcome, fields, { fee: feeHolder.fee, creditable: await creditableOf(tx, feeHolder.id), today: decidedOn });
    if (problem) throw invalidInput(problem.field, problem.message);
    const effects = await apply(tx, ctx, d, feeHolder, input.outcome, fields, decidedOn);
    await closeDecided(tx, ctx, d, input, { amount, decidedOn, effects });
  });
  return getDispute(ctx, id);
}

/** The decision written on the dispute (once: a second one finds it decided), audited, and told to both sides. */
async function closeDecided(tx: Tx, ctx: Ctx, d: store.Dispute, input: DecisionInput, r: { amount: bigint | null; decidedOn: CalendarDate; effects: Record<string, unknown> }): Promise<void> {
  const at = ctx.deps.clock.now().toISOString();
  const set = { state: 'decided' as const, open_subject_id: null, outcome: input.outcome, amount: r.amount, reasons: input.reasons, decided_at: at, decided_on: r.decidedOn, effects: canonicalJson(r.effects), updated_at: at };
  if (!(await store.moveDispute(tx, d.id, ['awaiting_decision'], set))) throw new DomainError('invalid_transition', 'the dispute has moved on in the meantime');
  await audit(tx, ctx, d, 'dispute.decided', { outcome: input.outcome, amount: input.amount ?? null, currency: d.currency, decidedOn: r.decidedOn });
  await audit(tx, ctx, d, 'dispute.applied', { effects: r.effects });
  const sides: Side[] = d.type === 'ownership' ? ['deliverer', 'owner'] : ['poster', 'deliverer'];
  for (const side of sides) await notifySide(tx, new Date(at), d, side, 'dispute.decided', { disputeType: d.type, outcome: input.outcome });
}

/**
 * An ownership dispute decided: `uphold`, the refusal stands; `overturn`, the refused consultant's submission is
 * accepted for that order (submissions' acceptRefusedSubmission: created once, even if applied twice).
 */
async function decideOwnershipDispute(ctx: Ctx, seen: store.Dispute, input: DecisionInput): Promise<DisputeView> {
  await inTransaction(ctx.deps.db, async (tx) => {
    // The refusal first, then the dispute (as raising one does).
    const refusal = await refusalForDispute(tx, seen.subjectId, ctx.deps.dialect);
    if (!refusal) throw notFound('dispute');
    const d = await lockDispute(tx, ctx, seen.id);
    if (d.arbitratorUserId !== ctx.actor.userId) throw forbidden('only the assigned arbitrator decides');
    if (!canDecide(d.state)) {
      throw new DomainError('invalid_transition', d.state === 'decided' ? 'the dispute is already decided (and applied)' : `the answer is awaited until ${d.answerBy}`, { state: d.state });
    }
    if (input.paidOn !== undefined && !isCalendarDate(input.paidOn)) throw invalidInput('paidOn', 'must be a date YYYY-MM-DD');
    const decidedOn = todayIn(ctx.deps.clock.now(), refusal.timeZone);
    const fields: DecisionFields = { amount: input.amount === undefined ? null : parseAmount(input.amount, d.currency, 'amount'), paidOn: input.paidOn ?? null, paymentId: input.paymentId ?? null };
    const problem = outcomeProblem(d.type, input.outcome, fields, { fee: 0n, creditable: 0n, today: decidedOn });
    if (problem) throw invalidInput(problem.field, problem.message);
    let effects: Record<string, unknown> = { applied: 'nothing: the refusal stands' };
    if (input.outcome === 'overturn') {
      const r = await acceptRefusedSubmission(tx, ctx, refusal.id, d.id);
      effects = { refusalId: refusal.id, orderId: refusal.orderId, submissionId: r.submissionId, created: r.created };
    }
    await closeDecided(tx, ctx, d, input, { amount: null, decidedOn, effects });
  });
  return getDispute(ctx, seen.id);
}

async function apply(tx: Tx, ctx: Ctx, d: store.Dispute, feeHolder: Placement, outcome: DisputeOutcome, f: DecisionFields, decidedOn: CalendarDate): Promise<Record<string, unknown>> {
  if (outcome === 'uphold') return { applied: 'nothing: the decision stands' };
  const minor = (v: bigint) => v.toString();
  if (d.type === 'claim_decision' && outcome === 'overturn') {
    const { claim } = (await claimForDispute(tx, d.subjectId))!;
    if (claim.state === 'refunded') return reverseRefund(tx, ctx, d, feeHolder, decidedOn);
    const r = await overturnRejectedClaim(tx, ctx, d.subjectId, d.id);
    return { claimId: d.subjectId, claimState: r.state, setAside: r.setAside };
  }
  if (d.type === 'refund_amount' && outcome === 'adjust' && f.amount !== null) {
    const r = await adjustRefund(tx, ctx, { placementId: feeHolder.id, claimId: d.subjectId, disputeId: d.id, newRefund: f.amount, decidedOn });
    return { claimId: d.subjectId, refundFromMinor: minor(r.from), refundToMinor: minor(r.to), cashRefundMinor: minor(r.cashRefund), newInstallmentMinor: minor(r.newInstallment), transferIds: r.transferIds };
  }
  if (d.type === 'payment' && outcome === 'adjust' && f.amount !== null && f.paidOn !== null) {
    const r = await recordPaymentFound(tx, ctx, { installmentId: d.subjectId, disputeId: d.id, amount: f.amount, paidOn: f.paidOn });
    return { installmentId: d.subjectId, paymentId: r.paymentId, paymentMinor: minor(f.amount), paidOn: f.paidOn };
  }
  if (d.type === 'payment' && outcome === 'overturn' && f.paymentId !== null) {
    const r = await reversePayment(tx, ctx, { installmentId: d.subjectId, paymentId: f.paymentId, disputeId: d.id, decidedOn });
    return { installmentId: d.subjectId, reversedPaymentId: f.paymentId, reversedMinor: minor(r.amount), transferIds: r.transferIds };
  }
  if (d.type === 'service_quality' && outcome === 'adjust' && f.amount !== null) {
    const r = await creditService(tx, ctx, { placementId: feeHolder.id, disputeId: d.id, amount: f.amount, decidedOn });
    return { placementId: feeHolder.id, creditMinor: minor(f.amount), fromEscrowMinor: minor(r.fromEscrow), clawedBackMinor: minor(r.clawedBack), delivererShortfallMinor: minor(r.delivererShortfall), transferIds: r.transferIds };
  }
  throw invalidInput('outcome', `${outcome} cannot be applied to a ${d.type} dispute`);
}

/**
 * A refund granted, overturned: the refund is put back as owed — adjusted to 0, so the poster owes the whole of it
 * again as a new installment due 15 days after the decision (what it was paid back in cash and what the settlement
 * voided, together) — and the claim is rejected.
 */
async function reverseRefund(tx: Tx, ctx: Ctx, d: store.Dispute, feeHolder: Placement, decidedOn: CalendarDate): Promise<Record<string, unknown>> {
  const r = await adjustRefund(tx, ctx, { placementId: feeHolder.id, claimId: d.subjectId, disputeId: d.id, newRefund: 0n, decidedOn });
  const claim = await rejectRefundedClaim(tx, ctx, d.subjectId, d.id, r.from);
  return { claimId: d.subjectId, claimState: claim.state, refundFromMinor: r.from.toString(), refundToMinor: '0', newInstallmentMinor: r.newInstallment.toString(), transferIds: r.transferIds };
}

// ------------------------------------------------------------------------------------------------ arbitrators

export type ArbitratorView = { id: string; name: string; tiedOrgIds: string[] };

/** Ops see the arbitrators and their declared ties (to assign); an arbitrator sees itself. */
export async function listArbitrators(ctx: Ctx): Promise<ArbitratorView[]> {
  if (!isPlatformOps(ctx.actor) && ctx.actor.role !== 'arbitrator') throw forbidden('only platform operations and arbitrators');
  const all = await arbitratorUsers(ctx.deps.db);
  const shown = isPlatformOps(ctx.actor) ? all : all.filter((a) => a.id === ctx.actor.userId);
  const out: ArbitratorView[] = [];
  for (const a of shown) out.push({ id: a.id, name: a.name, tiedOrgIds: (await store.tiesOf(ctx.deps.db, a.id)).map((t) => t.orgId) });
  return out;
}

/** An arbitrator declares (replaces) the orgs it is tied to; the declaration is on the audit log. */
export async function declareTies(ctx: Ctx, orgIds: string[]): Promise<ArbitratorView> {
  if (ctx.actor.role !== 'arbitrator') throw forbidden('only arbitrators declare ties');
  const unique = [...new Set(orgIds)].sort();
  for (const orgId of unique) {
    await orgNameOf(ctx.deps.db, orgId).catch(() => {
      throw invalidInput('orgIds', `no org ${orgId}`);
    });
  }
  await inTransaction(ctx.deps.db, async (tx) => {
    await store.setTies(tx, ctx.actor.userId, unique, ctx.deps.clock.now().toISOString());
    await record(tx, ctx, { type: 'arbitrator.ties_declared', subjectType: 'user', subjectId: ctx.actor.userId, orgId: ctx.actor.orgId, payload: { orgIds: unique } });
  });
  return (await listArbitrators(ctx))[0]!;
}

// ------------------------------------------------------------------------------------------------ deadlines

/** The scheduler's handlers: the answer's deadline passed (silence noted), the decision's (flagged to ops). */
export function disputeObligationHandlers(dialect: 'sqlite' | 'postgres'): Record<string, ObligationHandler> {
  return {
    [ANSWER_DUE]: async ({ tx, now, obligation }) => {
      const d = await store.findDisputeForUpdate(tx, dialect, obligation.subjectId);
      if (!d || d.state !== 'awaiting_response') return;
      await store.moveDispute(tx, d.id, ['awaiting_response'], { state: 'awaiting_decision', response_missed: 1, updated_at: now.toISOString() });
      await auditSystem(tx, now, d, 'dispute.answer_missed', { answerBy: d.answerBy });
      await notifySide(tx, now, d, d.raisedBySide, 'dispute.answer_missed', { disputeType: d.type, answerBy: d.answerBy });
      await notifySide(tx, now, d, otherSide(d.raisedBySide, d.type), 'dispute.answer_missed', { disputeType: d.type, answerBy: d.answerBy });
      if (d.arbitratorUserId) await notifyArbitrator(tx, now, d, d.arbitratorUserId, 'dispute.answer_missed', { disputeType: d.type, answerBy: d.answerBy });
    },
    [DECISION_DUE]: async ({ tx, now, obligation }) => {
      const d = await store.findDisputeForUpdate(tx, dialect, obligation.subjectId);
      if (!d || d.state === 'decided' || d.overdueOn) return;
      const date = typeof (obligation.payload as { date?: unknown }).date === 'string' ? ((obligation.payload as { date: string }).date as CalendarDate) : addDays(d.decideBy, 1);
      await store.updateDispute(tx, d.id, { overdue_on: date, updated_at: now.toISOString() });
      await auditSystem(tx, now, d, 'dispute.overdue', { decideBy: d.decideBy, arbitratorUserId: d.arbitratorUserId });
      await notifyOps(tx, now, d, 'dispute.overdue', { disputeType: d.type, decideBy: d.decideBy });
      if (d.arbitratorUserId) await notifyArbitrator(tx, now, d, d.arbitratorUserId, 'dispute.overdue', { disputeType: d.type, decideBy: d.decideBy });
    },
  };
}

// ------------------------------------------------------------------------------------------------ files

/** Evidence files are read by whoever may see a dispute that holds them (parties, its arbitrator, ops). */
export async function canReadDisputeEvidence(db: Db, actor: Actor, fileId: string): Promise<boolean> {
  const holders = await store.disputesWithEvidence(db, fileId);
  if (holders.length === 0) return false;
  const visible = await store.visibleDisputes(db, actor).where('id', 'in', holders.map((d) => d.id)).select('id').executeTakeFirst();
  return visible !== undefined;
}

// ------------------------------------------------------------------------------------------------ helpers

async function lockDispute(tx: Tx, ctx: Ctx, id: string): Promise<store.Dispute> {
  const d = await store.findDisputeForUpdate(tx, ctx.deps.dialect, id);
  if (!d) throw notFound('dispute');
  return d;
}

type DisputeEventType = Extract<AuditEventType, `dispute.${string}`>;
type DisputeAudit = { [T in DisputeEventType]: { type: T; payload: Omit<AuditPayloadOf<T>, 'placementId'> } }[DisputeEventType];

function eventOf(d: store.Dispute, type: DisputeAudit['type'], payload: DisputeAudit['payload']): NewAuditEvent {
  // The (type, payload) pair is checked at the call sites through DisputeAudit; TypeScript cannot follow it into the spread.
  return { type, subjectType: SUBJECT, subjectId: d.id, orgId: d.posterOrgId, workOf: d.consultantId, payload: { placementId: d.placementId, ...payload } } as NewAuditEvent;
}
function audit<T extends DisputeEventType>(tx: Tx, ctx: Ctx, d: store.Dispute, type: T, payload: Omit<AuditPayloadOf<T>, 'placementId'>): Promise<unknown> {
  return record(tx, ctx, eventOf(d, type, payload as DisputeAudit['payload']));
}
function auditSystem<T extends DisputeEventType>(tx: Tx, now: Date, d: store.Dispute, type: T, payload: Omit<AuditPayloadOf<T>, 'placementId'>): Promise<unknown> {
  return recordSystem(tx, now, eventOf(d, type, payload as DisputeAudit['payload']));
}

type DisputeKind = 'dispute.raised' | 'dispute.answered' | 'dispute.answer_missed' | 'dispute.assigned' | 'dispute.decided' | 'dispute.overdue';

/** The poster side is told org-wide; the deliverer side through its consultant (as for claims). */
async function notifySide<K extends DisputeKind>(tx: Tx, now: Date, d: store.Dispute, side: Side, kind: K, params: NotificationParamsOf<K>): Promise<void> {
  const to =
    side === 'poster' ? { orgId: d.posterOrgId }
    : side === 'owner' ? (d.respondentOrgId && d.respondentConsultantId ? { orgId: d.respondentOrgId, userId: d.respondentConsultantId } : null)
    : { orgId: d.agencyOrgId, userId: d.consultantId };
  if (!to) return;
  await notify(tx, now, { ...to, kind, subjectType: SUBJECT, subjectId: d.id, params } as Parameters<typeof notify>[2]);
}

async function notifyArbitrator<K extends DisputeKind>(tx: Tx, now: Date, d: store.Dispute, userId: string, kind: K, params: NotificationParamsOf<K>): Promise<void> {
  const who = await roleOfUser(tx, userId);
  if (!who) return;
  await notify(tx, now, { orgId: who.orgId, userId, kind, subjectType: SUBJECT, subjectId: d.id, params } as Parameters<typeof notify>[2]);
}

/** Platform operations (the platform org's people who act for it) see what needs assigning or is overdue. */
async function notifyOps<K extends DisputeKind>(tx: Tx, now: Date, d: store.Dispute, kind: K, params: NotificationParamsOf<K>): Promise<void> {
  for (const orgId of await platformOrgIds(tx)) await notify(tx, now, { orgId, kind, subjectType: SUBJECT, subjectId: d.id, params } as Parameters<typeof notify>[2]);
}

/** Unscoped, internal: who a dispute is between and which side raised it (for the ratings area's listener). */
export async function disputeSides(db: Db, id: string): Promise<{ placementId: string; consultantId: string; agencyOrgId: string; raisedBySide: 'poster' | 'deliverer' } | undefined> {
  const d = await store.findDispute(db, id);
  // An ownership dispute is about a refusal, before any placement: not an outcome of a consultant's service.
  if (!d || d.placementId === null) return undefined;
  return { placementId: d.placementId, consultantId: d.consultantId, agencyOrgId: d.agencyOrgId, raisedBySide: d.raisedBySide };
}
