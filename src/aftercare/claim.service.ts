import { replacementSubmissionsOf } from '../submissions/service.ts';
import { closeReopeningFor, reopenForReplacement } from '../marketplace/service.ts';
import { notify } from '../notifications/service.ts';
import { getPlacement, lockPlacementById, lockPlacementFor, movePlacementStatus, placementById, type Placement } from '../placements/service.ts';
import { sidesOf } from '../placements/placement-access.rules.ts';
import { record, recordSystem } from '../platform/audit/record.ts';
import type { AuditEventType, AuditPayloadOf, NewAuditEvent } from '../platform/audit/events.ts';
import { type NewNotification, type NotificationKind, type NotificationParamsOf, type NOTIFICATION_KINDS } from '../notifications/kinds.ts';
import { addDays, type CalendarDate } from '../platform/calendar-date.ts';
import { canonicalJson } from '../platform/canonical-json.ts';
import { inTransaction, type Db, type Tx } from '../platform/db/database.ts';
import type { ClaimsTable, ClaimState } from '../platform/db/schema.ts';
import type { Ctx } from '../platform/deps.ts';
import { DomainError, forbidden, notFound } from '../platform/errors.ts';
import { newId } from '../platform/ids.ts';
import { parseAmount } from '../platform/money.ts';
import { cancelPendingObligations, scheduleObligation } from '../platform/scheduler/scheduler.ts';
import type { RemedyKind, TerminationReason } from '../plans/terms.schema.ts';
import { decideClaim, formatClaimDecision, type ClaimDecision, type ClaimEvaluation } from './claim-evaluation.rules.ts';
import { checkLastWorkingDay, extendedDeliverBy, nextStepAfterDecision, nextStepAfterReview, replacementOverdueOn, type NextStep } from './claim.rules.ts';
import { dayStart, todayOf } from './checkin.service.ts';
import * as ledger from './ledger-link.ts';
import { attachFiledEvidence, checkEvidenceForFiling } from './evidence.service.ts';
import * as store from './store.ts';

const PLACEMENT = 'placement';
const CLAIM = 'claim';
/** Obligations of a placement that stop when it ends (a refund) or hands over to its replacement. */
export const SERVICE_KINDS = ['checkin.open', 'support_task.due', 'milestone.due', 'guarantee.end'];

export type Claim = {
  id: string;
  placementId: string;
  reason: TerminationReason;
  lastWorkingDay: CalendarDate | null;
  reportedOn: CalendarDate;
  remedy: RemedyKind | null;
  comment: string;
  evidenceFileIds: string[];
  state: ClaimState;
  decision: ClaimEvaluation;
  termsHash: string;
  replacementPlacementId: string | null;
  deliverBy: CalendarDate | null;
  extended: boolean;
  review: { covered: boolean; reason: string } | null;
  /** The ineligibility codes an arbitrator set aside (DESIGN §4.8); empty when none were. */
  setAsideCodes: string[];
  createdAt: string;
  updatedAt: string;
};

export const toClaim = (r: ClaimsTable): Claim => ({
  id: r.id,
  placementId: r.placement_id,
  reason: r.reason as TerminationReason,
  lastWorkingDay: r.last_working_day as CalendarDate | null,
  reportedOn: r.reported_on as CalendarDate,
  remedy: r.remedy as RemedyKind | null,
  comment: r.comment,
  evidenceFileIds: JSON.parse(r.evidence_file_ids) as string[],
  state: r.state,
  decision: JSON.parse(r.decision) as ClaimEvaluation,
  termsHash: r.terms_hash,
  replacementPlacementId: r.replacement_placement_id,
  deliverBy: r.deliver_by as CalendarDate | null,
  extended: Number(r.extended) === 1,
  review: r.review_covered === null ? null : { covered: Number(r.review_covered) === 1, reason: r.review_reason ?? '' },
  setAsideCodes: r.set_aside_codes ? (JSON.parse(r.set_aside_codes) as string[]) : [],
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export type FileClaimInput = {
  reason: TerminationReason;
  lastWorkingDay: CalendarDate | null;
  remedy: RemedyKind | null;
  comment?: string | undefined;
  evidenceFileIds?: string[] | undefined;
};

const isPoster = (ctx: Ctx, p: Placement) => sidesOf(ctx.actor, p).includes('poster');

/**
 * A check a reason needs beyond the engine, asked under the placement's lock before the claim is decided: the
 * skill plan's `skill_milestone_failed` needs a failed milestone on record (registered by the composition root,
 * since the assessments area calls aftercare and not the other way round). It throws a DomainError to refuse.
 */
export type ClaimReasonCheck = (tx: Tx, placement: Placement) => Promise<void>;
const reasonChecks = new Map<TerminationReason, ClaimReasonCheck>();

export function onClaimReason(reason: TerminationReason, check: ClaimReasonCheck): void {
  reasonChecks.set(reason, check);
}

/**
 * The poster reports a departure (DESIGN §4.5): decided at once by the engine (§4.3) from the terms snapshot and
 * the real installments and payments; the decision is stored verbatim with the terms hash. An ineligible claim
 * is a decision, not an error. One open claim per placement; an ended placement takes none.
 */
export async function fileClaim(ctx: Ctx, placementId: string, input: FileClaimInput): Promise<Claim> {
  return inTransaction(ctx.deps.db, async (tx) => {
    const placement = await lockPlacementFor(tx, ctx, placementId);
    if (!isPoster(ctx, placement)) throw forbidden("only the poster's users report a departure");
    if (!['active', 'guarantee_passed'].includes(placement.status)) {
      throw new DomainError('conflict', `the placement is ${placement.status}: it takes no claim`, { status: placement.status });
    }
    const open = await store.openClaimOf(tx, placement.id);
    if (open) throw new DomainError('conflict', 'a claim is already open on this placement', { claimId: open.id });
    await reasonChecks.get(input.reason)?.(tx, placement);
    const evidence = [...new Set(input.evidenceFileIds ?? [])];
    await checkEvidenceForFiling(tx, ctx, placement.id, evidence);
    const now = ctx.deps.clock.now();
    const reportedOn = todayOf(now, placement);
    if (input.lastWorkingDay !== null && input.reason !== 'no_show') checkLastWorkingDay(input.lastWorkingDay, reportedOn);
    const decision = decideClaim(
      termsRun(placement),
      await claimFactsOf(tx, placement),
      { reason: input.reason, lastWorkingDay: input.lastWorkingDay, reportedOn, remedy: input.remedy },
    );
    const evaluation = formatClaimDecision(decision, placement.currency);
    const id = newId();
    await store.insertClaim(tx, {
      id,
      placement_id: placement.id,
      poster_org_id: placement.posterOrgId,
      agency_org_id: placement.agencyOrgId,
      reason: input.reason,
      last_working_day: input.reason === 'no_show' ? null : input.lastWorkingDay,
      reported_on: reportedOn,
      remedy: input.remedy,
      comment: input.comment ?? '',
      evidence_file_ids: canonicalJson(evidence),
      state: 'pending_review',
      is_open: 1,
      decision: canonicalJson(evaluation),
      terms_hash: placement.termsHash,
      replacement_placement_id: null,
      deliver_by: null,
      extended: 0,
      review_covered: null,
      review_reason: null,
      reviewed_by: null,
      filed_by: ctx.actor.userId,
      created_at: now.toISOString(),
      updated_at: now.toISOString(),
    });
    await attachFiledEvidence(tx, id, evidence);
    await record(tx, ctx, {
      type: 'claim.filed',
      subjectType: PLACEMENT,
      subjectId: placement.id,
      orgId: placement.posterOrgId,
      workOf: placement.consultantId,
      payload: { claimId: id, reason: input.reason, lastWorkingDay: input.lastWorkingDay, reportedOn, remedy: input.remedy, evidenceFileIds: evidence, decision: evaluation, termsHash: placement.termsHash },
    });
    await notifyBoth(tx, now, placement, 'claim.filed', { status: evaluation.status });
    await takeStep(tx, ctx, now, placement, id, 'pending_review', nextStepAfterDecision(evaluation, input.remedy), decision);
    return toClaim((await store.findClaim(tx, id))!);
  });
}

/** Whether a claim is open on the placement: the guarantee waits for it (DESIGN §4.5). */
export async function hasOpenClaim(db: Db, placementId: string): Promise<boolean> {
  return (await store.openClaimOf(db, placementId)) !== undefined;
}

/**
 * A claim ended without a refund: a guarantee whose day came while the claim was open passes now, through the
 * same `guarantee.end` obligation the schedule uses (its handler passes an active placement with no claim open).
 */
async function guaranteeResumes(tx: Tx, now: Date, placement: Placement): Promise<void> {
  const g = placement.guaranteeDays;
  if (placement.status !== 'active' || g <= 0) return;
  const passesOn = addDays(placement.startDate, g);
  if (todayOf(now, placement) < passesOn) return;
  await scheduleObligation(tx, now, {
    kind: 'guarantee.end',
    subjectType: PLACEMENT,
    subjectId: placement.id,
    orgId: placement.posterOrgId,
    dueAt: now,
    payload: { guaranteeDays: g, lastCoveredDay: addDays(placement.startDate, g - 1), passesOn, date: passesOn },
  });
}

/** The placement and those it replaces, transitively, newest first: the chain of one hire and its replacements. */
async function chainOf(db: Db, placement: Placement): Promise<Placement[]> {
  const chain: Placement[] = [];
  let at: Placement | undefined = placement;
  while (at) {
    chain.push(at);
    at = at.replacesPlacementId ? await placementById(db, at.replacesPlacementId) : undefined;
  }
  return chain;
}

/** Replacements used along the chain of placements this one replaces (§4.5: they count along the chain). */
async function replacementsUsedFor(db: Db, placement: Placement): Promise<number> {
  return store.replacementsUsedAlong(db, (await chainOf(db, placement)).map((p) => p.id));
}

/**
 * The placement that holds the chain's money: a replacement has no fee of its own (§4.6), so a claim on it is
 * decided, and a refund settled, on the fee, installments and payments of the hire it replaces (the chain's first).
 */
export async function feeHolderOf(db: Db, placement: Placement): Promise<Placement> {
  const chain = await chainOf(db, placement);
  return chain[chain.length - 1]!;
}

/** The terms as this placement runs them: a replacement's guarantee is its own (`newGuarantee`, §4.3 rule 7). */
export function termsRun(p: Placement): Placement['terms'] {
  return p.guaranteeDays === p.terms.guarantee.days ? p.terms : { ...p.terms, guarantee: { ...p.terms.guarantee, days: p.guaranteeDays } };
}

/** The facts a claim on `placement` is decided on (§4.3): its start, and the fee and money of the chain's first hire. */
async function claimFactsOf(tx: Tx, placement: Placement) {
  const holder = await feeHolderOf(tx, placement);
  return {
    startDate: placement.startDate,
    fee: holder.fee,
    replacementsUsed: await replacementsUsedFor(tx, placement),
    installments: await ledger.installmentFactsForClaim(tx, holder.id),
  };
}

/**
 * Moves a claim on from `from` as `step` says: ends it rejected, waits for review or for the poster's choice,
 * or applies the remedy (a refund is settled through the ledger at once; a replacement reopens the order).
 */
async function takeStep(tx: Tx, ctx: Ctx, now: Date, placement: Placement, claimId: string, from: ClaimState, step: NextStep, decision: ClaimDecision): Promise<void> {
  const at = now.toISOString();
  if (step.state === 'pending_review') {
    if (from !== 'pending_review') await moveOrConflict(tx, claimId, from, { state: 'pending_review', updated_at: at });
    await notify(tx, now, { orgId: placement.posterOrgId, kind: 'claim.pending_review', subjectType: CLAIM, subjectId: claimId, params: {} });
    return;
  }
  if (step.state === 'rejected') {
    await moveOrConflict(tx, claimId, [from], { state: 'rejected', is_open: 0, updated_at: at });
    await recordClaim(tx, ctx, placement, claimId, 'claim.rejected', {});
    await notifyBoth(tx, now, placement, 'claim.rejected', {});
    await guaranteeResumes(tx, now, placement);
    return;
  }
  if (step.state === 'awaiting_remedy') {
    if (from !== 'awaiting_remedy') await moveOrConflict(tx, claimId, [from], { state: 'awaiting_remedy', updated_at: at });
    await recordClaim(tx, ctx, placement, claimId, 'claim.awaiting_remedy', {});
    await notify(tx, now, { orgId: placement.posterOrgId, kind: 'claim.awaiting_remedy', subjectType: CLAIM, subjectId: claimId, params: {} });
    return;
  }
  if (step.remedy === 'refund') await refund(tx, ctx, now, placement, claimId, from, decision, todayOf(now, placement));
  else await startReplacement(tx, ctx, now, placement, claimId, from, decision);
}

async function refund(tx: Tx, ctx: Ctx, now: Date, placement: Placement, claimId: string, from: ClaimState, decision: ClaimDecision, decidedOn: CalendarDate): Promise<void> {
  await moveOrConflict(tx, claimId, [from], { state: 'refunded', is_open: 0, remedy: 'refund', updated_at: now.toISOString() });
  await ledger.settleRefund(tx, ctx, { placementId: (await feeHolderOf(tx, placement)).id, claimId, decision, decidedOn });
  await movePlacementStatus(tx, placement.id, ['active', 'guarantee_passed', 'replacing'], 'refunded');
  await cancelPendingObligations(tx, now, PLACEMENT, placement.id, SERVICE_KINDS);
  const r = decision.refund!;
  await recordClaim(tx, ctx, placement, claimId, 'claim.refunded', { currency: placement.currency, amountMinor: r.amount.toString(), cashRefundMinor: r.cashRefund.toString(), stillDueMinor: r.stillDue.toString(), decidedOn });
  await notifyBoth(tx, now, placement, 'claim.refunded', {});
  // A replacement that was under way ends with the claim: the order is no longer reserved for it.
  await closeReopeningFor(tx, ctx, claimId, 'refunded');
}

async function startReplacement(tx: Tx, ctx: Ctx, now: Date, placement: Placement, claimId: string, from: ClaimState, decision: ClaimDecision): Promise<void> {
  const deliverBy = decision.replacement!.deliverBy;
  await moveOrConflict(tx, claimId, [from], { state: 'replacement_pending', remedy: 'replacement', deliver_by: deliverBy, updated_at: now.toISOString() });
  await movePlacementStatus(tx, placement.id, ['active', 'guarantee_passed'], 'replacing');
  await scheduleObligation(tx, now, { kind: 'claim.replacement_due', subjectType: CLAIM, subjectId: claimId, orgId: placement.posterOrgId, dueAt: dayStart(replacementOverdueOn(deliverBy), placement), payload: { deliverBy } });
  await recordClaim(tx, ctx, placement, claimId, 'claim.replacement_pending', { deliverBy, guaranteeDays: decision.replacement!.guaranteeDays, orderId: placement.orderId });
  await notifyBoth(tx, now, placement, 'claim.replacement_pending', { deliverBy });
  // The order opens again for the delivering agency alone; what its consultants submit is the replacement.
  await reopenForReplacement(tx, ctx, { orderId: placement.orderId, claimId, agencyOrgId: placement.agencyOrgId, placementId: placement.id, deliverBy });
}

export async function moveOrConflict(tx: Tx, claimId: string, from: ClaimState | ClaimState[], set: Partial<ClaimsTable> & { state: ClaimState; updated_at: string }): Promise<void> {
  if (!(await store.moveClaim(tx, claimId, Array.isArray(from) ? from : [from], set))) throw new DomainError('invalid_transition', 'the claim has moved on in the meantime');
}

type ClaimEventType = Extract<AuditEventType, `claim.${string}`>;
/** A claim event's payload less the claim id, which recordClaim adds. */
type ClaimAudit = { [T in ClaimEventType]: { type: T; payload: Omit<AuditPayloadOf<T>, 'claimId'> } }[ClaimEventType];

export function recordClaim(tx: Tx, ctx: Ctx | null, placement: Placement, claimId: string, type: ClaimAudit['type'], payload: ClaimAudit['payload'], now?: Date): Promise<unknown> {
  // The (type, payload) pair is checked at the call sites through ClaimAudit; TypeScript cannot follow it into the spread.
  const e = { type, subjectType: PLACEMENT, subjectId: placement.id, orgId: placement.posterOrgId, workOf: placement.consultantId, payload: { claimId, ...payload } } as NewAuditEvent;
  return ctx ? record(tx, ctx, e) : recordSystem(tx, now!, e);
}

/** Both parties' own people: the posting org, and the delivering consultant. */
type PlacementKind = { [K in NotificationKind]: (typeof NOTIFICATION_KINDS)[K]['subject'] extends 'placement' ? K : never }[NotificationKind];
export async function notifyBoth<K extends PlacementKind>(tx: Tx, now: Date, p: Placement, kind: K, params: NotificationParamsOf<K>): Promise<void> {
  for (const to of [{ orgId: p.posterOrgId }, { orgId: p.agencyOrgId, userId: p.consultantId }]) {
    await notify(tx, now, { ...to, kind, subjectType: 'placement', subjectId: p.id, params } as NewNotification);
  }
}

/** The decision with amounts back in minor units, for the money it moves. */
export function decisionOf(ev: ClaimEvaluation, currency: Placement['currency']): ClaimDecision {
  const r = ev.refund;
  return {
    ...ev,
    refund: r === null ? null : { amount: parseAmount(r.amount, currency), finalFee: parseAmount(r.finalFee, currency), cashRefund: parseAmount(r.cashRefund, currency), stillDue: parseAmount(r.stillDue, currency) },
  };
}

/** A claim and its placement, locked, as the caller may see them (not_found otherwise). */
export async function lockClaimFor(tx: Tx, ctx: Ctx, claimId: string): Promise<{ claim: Claim; placement: Placement }> {
  const row = await store.findClaim(tx, claimId);
  if (!row) throw notFound('claim');
  const placement = await lockPlacementFor(tx, ctx, row.placement_id).catch((e: unknown) => {
    throw e instanceof DomainError && e.code === 'not_found' ? notFound('claim') : e;
  });
  // Read again under the placement's lock: the state we decide on is the one no one else is changing.
  return { claim: toClaim((await store.findClaim(tx, claimId))!), placement };
}

function assertState(claim: Claim, state: ClaimState): void {
  if (claim.state !== state) throw new DomainError('invalid_transition', `the claim is ${claim.state}, not ${state}`, { state: claim.state });
}

/** The poster picks one of the allowed remedies of an `awaiting_remedy` claim. */
export async function chooseRemedy(ctx: Ctx, claimId: string, remedy: RemedyKind): Promise<Claim> {
  return inTransaction(ctx.deps.db, async (tx) => {
    const { claim, placement } = await lockClaimFor(tx, ctx, claimId);
    if (!isPoster(ctx, placement)) throw forbidden("only the poster's users choose the remedy");
    assertState(claim, 'awaiting_remedy');
    if (!claim.decision.allowedRemedies.includes(remedy)) {
      throw new DomainError('invalid_input', `remedy: ${remedy} is not allowed; the decision allows ${claim.decision.allowedRemedies.join(', ') || 'none'}`, { field: 'remedy' });
    }
    const now = ctx.deps.clock.now();
    await recordClaim(tx, ctx, placement, claim.id, 'claim.remedy_chosen', { remedy });
    await takeStep(tx, ctx, now, placement, claim.id, 'awaiting_remedy', { state: 'apply', remedy }, decisionOf(claim.decision, placement.currency));
    return toClaim((await store.findClaim(tx, claim.id))!);
  });
}

/** Platform ops decide a `pending_review` claim: covered goes on as an eligible claim, not covered is rejected. */
export async function reviewClaim(ctx: Ctx, claimId: string, input: { covered: boolean; reason: string }): Promise<Claim> {
  if (ctx.actor.role !== 'platform_ops') throw forbidden('only platform ops review claims');
  return inTransaction(ctx.deps.db, async (tx) => {
    const { claim, placement } = await lockClaimFor(tx, ctx, claimId);
    assertState(claim, 'pending_review');
    const now = ctx.deps.clock.now();
    await store.moveClaim(tx, claim.id, ['pending_review'], { state: 'pending_review', review_covered: input.covered ? 1 : 0, review_reason: input.reason, reviewed_by: ctx.actor.userId, updated_at: now.toISOString() });
    await recordClaim(tx, ctx, placement, claim.id, 'claim.reviewed', { covered: input.covered });
    await notifyBoth(tx, now, placement, 'claim.reviewed', { covered: input.covered ? 1 : 0 });
    await takeStep(tx, ctx, now, placement, claim.id, 'pending_review', nextStepAfterReview(claim.decision, input.covered, claim.remedy), decisionOf(claim.decision, placement.currency));
    return toClaim((await store.findClaim(tx, claim.id))!);
  });
}

/**
 * A `replacement_overdue` claim becomes a refund: evaluated again with remedy `refund` and the original
 * `reportedOn`, so the refund is as of the original departure; settled at once.
 */
export async function convertToRefund(ctx: Ctx, claimId: string): Promise<Claim> {
  return inTransaction(ctx.deps.db, async (tx) => {
    const { claim, placement } = await lockClaimFor(tx, ctx, claimId);
    if (!isPoster(ctx, placement)) throw forbidden("only the poster's users convert a claim to a refund");
    assertState(claim, 'replacement_overdue');
    const decision = decideClaim(termsRun(placement), await claimFactsOf(tx, placement), { reason: claim.reason, lastWorkingDay: claim.lastWorkingDay, reportedOn: claim.reportedOn, remedy: 'refund' });
    if (decision.refund === null || !decision.allowedRemedies.includes('refund')) throw new DomainError('conflict', 'the terms offer no refund for this claim');
    const evaluation = formatClaimDecision(decision, placement.currency);
    const now = ctx.deps.clock.now();
    await store.moveClaim(tx, claim.id, ['replacement_overdue'], { state: 'replacement_overdue', decision: canonicalJson(evaluation), updated_at: now.toISOString() });
    await recordClaim(tx, ctx, placement, claim.id, 'claim.converted_to_refund', { decision: evaluation, termsHash: placement.termsHash });
    await refund(tx, ctx, now, placement, claim.id, 'replacement_overdue', decision, todayOf(now, placement));
    return toClaim((await store.findClaim(tx, claim.id))!);
  });
}

/** The poster gives the deliverer once more `deliveryDays` for an overdue replacement. */
export async function extendReplacement(ctx: Ctx, claimId: string): Promise<Claim> {
  return inTransaction(ctx.deps.db, async (tx) => {
    const { claim, placement } = await lockClaimFor(tx, ctx, claimId);
    if (!isPoster(ctx, placement)) throw forbidden("only the poster's users extend a replacement");
    assertState(claim, 'replacement_overdue');
    if (claim.extended) throw new DomainError('conflict', 'the replacement has been extended once already');
    const days = placement.terms.remedies.replacement?.deliveryDays ?? 0;
    const deliverBy = extendedDeliverBy(claim.deliverBy!, days);
    const now = ctx.deps.clock.now();
    await moveOrConflict(tx, claim.id, 'replacement_overdue', { state: 'replacement_pending', deliver_by: deliverBy, extended: 1, updated_at: now.toISOString() });
    await scheduleObligation(tx, now, { kind: 'claim.replacement_due', subjectType: CLAIM, subjectId: claim.id, orgId: placement.posterOrgId, dueAt: dayStart(replacementOverdueOn(deliverBy), placement), payload: { deliverBy } });
    await recordClaim(tx, ctx, placement, claim.id, 'claim.replacement_extended', { deliverBy });
    await notifyBoth(tx, now, placement, 'claim.replacement_extended', { deliverBy });
    return toClaim((await store.findClaim(tx, claim.id))!);
  });
}

/** `claim.replacement_due` (the day after `deliverBy`): a replacement still not hired is overdue; both sides are told. */
export async function replacementFallsDue(tx: Tx, now: Date, claimId: string, dialect: 'sqlite' | 'postgres'): Promise<void> {
  const row = await store.findClaim(tx, claimId);
  if (!row) return;
  const placement = await lockPlacementById(tx, dialect, row.placement_id);
  if (!placement) return;
  const claim = toClaim((await store.findClaim(tx, claimId))!);
  if (claim.state !== 'replacement_pending' || claim.deliverBy === null || todayOf(now, placement) <= claim.deliverBy) return;
  await store.moveClaim(tx, claimId, ['replacement_pending'], { state: 'replacement_overdue', updated_at: now.toISOString() });
  await recordClaim(tx, null, placement, claimId, 'claim.replacement_overdue', { deliverBy: claim.deliverBy }, now);
  await notifyBoth(tx, now, placement, 'claim.replacement_overdue', { deliverBy: claim.deliverBy });
}

// ------------------------------------------------------------------------------------------------ reads

export async function claimsOfPlacement(ctx: Ctx, placementId: string): Promise<Claim[]> {
  const { placement } = await getPlacement(ctx, placementId);
  return (await store.claimsOf(ctx.deps.db, placement.id)).map(toClaim);
}

export type ClaimDetail = {
  claim: Claim;
  /** `feeBasis`: the fee the decision rests on (a replacement's claim: the fee of the hire it replaces). */
  placement: Placement & { orderTitle: string | null; feeBasis: bigint };
  /** The replacement under way or hired: the submissions made for it (as the caller may see them) and the placement. */
  replacement: {
    submissions: Awaited<ReturnType<typeof replacementSubmissionsOf>>;
    placement: { id: string; status: Placement['status']; startDate: CalendarDate; guaranteeDays: number } | null;
  } | null;
};

export async function getClaim(ctx: Ctx, claimId: string): Promise<ClaimDetail> {
  const row = await store.findClaim(ctx.deps.db, claimId);
  if (!row) throw notFound('claim');
  const detail = await getPlacement(ctx, row.placement_id).catch((e: unknown) => {
    throw e instanceof DomainError && e.code === 'not_found' ? notFound('claim') : e;
  });
  const claim = toClaim(row);
  const holder = await feeHolderOf(ctx.deps.db, detail.placement);
  let replacement: ClaimDetail['replacement'] = null;
  if (claim.remedy === 'replacement' && claim.deliverBy !== null) {
    const hired = claim.replacementPlacementId ? await placementById(ctx.deps.db, claim.replacementPlacementId) : undefined;
    replacement = {
      submissions: await replacementSubmissionsOf(ctx, claim.id),
      placement: hired ? { id: hired.id, status: hired.status, startDate: hired.startDate, guaranteeDays: hired.guaranteeDays } : null,
    };
  }
  return { claim, placement: { ...detail.placement, orderTitle: detail.placement.labels.orderTitle, feeBasis: holder.fee }, replacement };
}

/** Claims the caller may see, newest first: ops all, the poster's and the deliverer's their own. */
export async function listClaims(ctx: Ctx, q: { state?: ClaimState | undefined; limit: number; cursor?: string | undefined }): Promise<{ items: Claim[]; nextCursor: string | null }> {
  const a = ctx.actor;
  let scope: store.ClaimScope;
  if (a.role === 'platform_ops') scope = {};
  else if (a.role === 'employer_admin' || a.role === 'employer_hr') scope = { posterOrgId: a.orgId };
  else if (a.role === 'agency_admin') scope = { orParty: a.orgId };
  else if (a.role === 'consultant') scope = { agencyOrgId: a.orgId, consultantId: a.userId };
  else return { items: [], nextCursor: null };
  const before = q.cursor ? decodeCursor(q.cursor) : undefined;
  const rows = await store.listClaims(ctx.deps.db, scope, { state: q.state, limit: q.limit + 1, before });
  const items = rows.slice(0, q.limit).map(toClaim);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > q.limit && last ? Buffer.from(`${last.createdAt}|${last.id}`, 'utf8').toString('base64url') : null };
}

function decodeCursor(cursor: string): { createdAt: string; id: string } {
  const [createdAt, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  if (!createdAt || !id) throw new DomainError('invalid_input', 'cursor: not a cursor this list gave out', { field: 'cursor' });
  return { createdAt, id };
}


// ------------------------------------------------------------------------------------------ for disputes

/** For the disputes area: a claim and its placement, unscoped (the caller decides who may see it). */
export async function claimForDispute(db: Db, claimId: string): Promise<{ claim: Claim; placement: Placement } | undefined> {
  const row = await store.findClaim(db, claimId);
  if (!row) return undefined;
  const placement = await placementById(db, row.placement_id);
  return placement && { claim: toClaim(row), placement };
}

/**
 * An arbitrator overturned a rejection (DESIGN §4.8), in the decision's transaction: the claim is decided again
 * as if the codes that rejected it were absent, on its original facts (reason, last working day, `reportedOn`,
 * the installments and payments as of the report), and goes on as an eligible claim — the remedy it asked for is
 * applied (a refund is settled now: "15 days after the decision" counts from the arbitrator's), or it awaits the
 * poster's choice. The cash side of a refund is figured on what was paid by now, since that is the money the
 * settlement moves. Refused when the claim is no longer rejected or another claim is open on the placement.
 */
export async function overturnRejectedClaim(tx: Tx, ctx: Ctx, claimId: string, disputeId: string): Promise<{ state: ClaimState; setAside: string[] }> {
  const row = await store.findClaim(tx, claimId);
  if (!row) throw notFound('claim');
  const placement = await lockPlacementById(tx, ctx.deps.dialect, row.placement_id);
  if (!placement) throw notFound('placement');
  const claim = toClaim((await store.findClaim(tx, claimId))!);
  assertState(claim, 'rejected');
  if (!['active', 'guarantee_passed'].includes(placement.status)) throw new DomainError('conflict', `the placement is ${placement.status}: the claim cannot go on`, { status: placement.status });
  const open = await store.openClaimOf(tx, placement.id);
  if (open) throw new DomainError('conflict', 'another claim is open on this placement', { claimId: open.id });
  const setAside = claim.decision.codes;
  const now = ctx.deps.clock.now();
  // A replacement's claim is decided on its own guarantee and the fee and money of the chain's first hire.
  const { installments, ...facts } = await claimFactsOf(tx, placement);
  const asOfReport = installments.map((i) => ({ ...i, payments: i.payments.filter((p) => p.date <= claim.reportedOn) }));
  const decided = decideClaim(termsRun(placement), { ...facts, installments: asOfReport }, { reason: claim.reason, lastWorkingDay: claim.lastWorkingDay, reportedOn: claim.reportedOn, remedy: claim.remedy, setAside });
  const paidNow = installments.reduce((sum, i) => sum + i.payments.reduce((s, p) => s + p.amount, 0n), 0n);
  const decision: ClaimDecision = decided.refund === null ? decided : { ...decided, refund: { ...decided.refund, cashRefund: paidNow > decided.refund.finalFee ? paidNow - decided.refund.finalFee : 0n, stillDue: decided.refund.finalFee > paidNow ? decided.refund.finalFee - paidNow : 0n } };
  const evaluation = formatClaimDecision(decision, placement.currency);
  await moveOrConflict(tx, claim.id, 'rejected', { state: 'pending_review', is_open: 1, decision: canonicalJson(evaluation), set_aside_codes: canonicalJson(setAside), updated_at: now.toISOString() });
  await recordClaim(tx, ctx, placement, claim.id, 'claim.decision_overturned', { disputeId, setAside, decision: evaluation, termsHash: placement.termsHash });
  await takeStep(tx, ctx, now, placement, claim.id, 'pending_review', nextStepAfterReview(evaluation, true, claim.remedy), decision);
  return { state: toClaim((await store.findClaim(tx, claim.id))!).state, setAside };
}

/**
 * An arbitrator overturned a refund (DESIGN §4.8, a `claim_decision` dispute on a `refunded` claim), in the
 * decision's transaction, after the ledger has put the refund back as owed: the claim is `rejected`, and the
 * placement, which the refund had ended, is `closed` — it stays ended (the hire left), without a refund.
 */
export async function rejectRefundedClaim(tx: Tx, ctx: Ctx, claimId: string, disputeId: string, refundMinor: bigint): Promise<{ state: ClaimState }> {
  const row = await store.findClaim(tx, claimId);
  if (!row) throw notFound('claim');
  const placement = await lockPlacementById(tx, ctx.deps.dialect, row.placement_id);
  if (!placement) throw notFound('placement');
  const claim = toClaim((await store.findClaim(tx, claimId))!);
  assertState(claim, 'refunded');
  const now = ctx.deps.clock.now();
  await moveOrConflict(tx, claim.id, 'refunded', { state: 'rejected', is_open: 0, updated_at: now.toISOString() });
  await movePlacementStatus(tx, placement.id, ['refunded'], 'closed');
  await recordClaim(tx, ctx, placement, claim.id, 'claim.refund_reversed', { disputeId, refundMinor: refundMinor.toString(), currency: placement.currency });
  await notifyBoth(tx, now, placement, 'claim.rejected', {});
  return { state: 'rejected' };
}
