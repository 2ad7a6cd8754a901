import { orderJobFacts } from '../marketplace/service.ts';
import { lockPlacementById, placementById } from '../placements/service.ts';
import { candidateForCheck, lockSubmissionById, submissionParties } from '../submissions/service.ts';
import { record, recordSystem } from '../platform/audit/record.ts';
import { inTransaction, type Tx } from '../platform/db/database.ts';
import type { AppDeps, Ctx } from '../platform/deps.ts';
import { DomainError, notFound } from '../platform/errors.ts';
import { newId } from '../platform/ids.ts';
import {
  assertMayOrder,
  assertNoneOpen,
  assertOfferStage,
  assertReverification,
  reverificationInTerms,
  canReadCheck,
  checkResult,
  type CheckParties,
  type CheckStage,
  type ResultInput,
} from './background-check.rules.ts';
import { callbackUrl, currentProvider, providerName } from './provider.ts';
import * as store from './store.ts';

/**
 * Background checks (DESIGN §4.11; docs/integrations.md): ordered by the poster at offer or, where the plan offers
 * it, as a re-verification after hire; sent to the provider after the order commits; completed by the provider's
 * signed callback. Each change is one transaction with its audit event (ids and codes only).
 */

export type { BackgroundCheck } from './store.ts';

type Parties = CheckParties & { agencyOrgId: string; submissionId: string };

async function writeOrder(tx: Tx, ctx: Ctx, parties: Parties, stage: CheckStage, placementId: string | null): Promise<string> {
  const id = newId();
  const provider = providerName(ctx.deps);
  await store.insertCheck(tx, {
    id,
    stage,
    submission_id: parties.submissionId,
    placement_id: placementId,
    poster_org_id: parties.posterOrgId,
    agency_org_id: parties.agencyOrgId,
    consultant_id: parties.consultantId,
    provider,
    provider_ref: null,
    status: 'requested',
    outcome: null,
    items: null,
    last_error: null,
    ordered_at: ctx.deps.clock.now().toISOString(),
    ordered_by: ctx.actor.userId,
    completed_at: null,
    callback_event_id: null,
  });
  await record(tx, ctx, {
    type: 'background_check.ordered',
    subjectType: 'submission',
    subjectId: parties.submissionId,
    orgId: parties.posterOrgId,
    workOf: parties.consultantId,
    payload: { checkId: id, stage, provider, submissionId: parties.submissionId, placementId },
  });
  return id;
}

/** The poster orders a check of an offered candidate; the order goes to the provider once written. */
export async function orderAtOffer(ctx: Ctx, submissionId: string): Promise<store.BackgroundCheck> {
  const id = await inTransaction(ctx.deps.db, async (tx) => {
    const s = await lockSubmissionById(tx, ctx.deps.dialect, submissionId);
    if (!s || !canReadCheck(ctx.actor, s)) throw notFound('submission');
    assertMayOrder(ctx.actor, s);
    assertOfferStage(s.stage);
    assertNoneOpen(await store.checksOfSubmission(tx, s.id), 'offer');
    return writeOrder(tx, ctx, { ...s, submissionId: s.id }, 'offer', null);
  });
  return sendOrder(ctx.deps, id);
}

/** The poster orders a re-verification of a placement's hire, when its signed terms offer one for the job's level. */
export async function orderReverification(ctx: Ctx, placementId: string): Promise<store.BackgroundCheck> {
  const id = await inTransaction(ctx.deps.db, async (tx) => {
    const p = await lockPlacementById(tx, ctx.deps.dialect, placementId);
    if (!p || !canReadCheck(ctx.actor, p)) throw notFound('placement');
    assertMayOrder(ctx.actor, p);
    const job = await orderJobFacts(tx, p.orderId);
    assertReverification({ status: p.status, level: job?.level ?? '', reverificationLevels: p.terms.backgroundChecks?.reverificationLevels });
    assertNoneOpen(
      (await store.checksOfPlacement(tx, p.id, p.submissionId)).filter((c) => c.placementId === p.id),
      'reverification',
    );
    return writeOrder(tx, ctx, { ...p, submissionId: p.submissionId }, 'reverification', p.id);
  });
  return sendOrder(ctx.deps, id);
}

/**
 * Sends a written order to the provider (after its transaction: no network call holds a row lock). A provider that
 * does not take it leaves the check `requested` with the reason, sent again when the server next starts or when the
 * poster asks again; a check already sent is left alone.
 */
export async function sendOrder(deps: AppDeps, checkId: string): Promise<store.BackgroundCheck> {
  const check = await store.checkById(deps.db, checkId);
  if (!check) throw notFound('background check');
  if (check.status !== 'requested') return check;
  const provider = currentProvider(deps);
  const url = callbackUrl(deps);
  const candidate = await candidateForCheck(deps.db, check.submissionId);
  if (!provider || !url || !candidate) {
    await store.markSendFailed(deps.db, check.id, 'the provider is not reachable yet (the server is starting)');
    return (await store.checkById(deps.db, check.id)) ?? check;
  }
  let reference: string;
  try {
    reference = (await provider.order({ checkId: check.id, stage: check.stage, callbackUrl: url, candidate })).reference;
  } catch (err) {
    await store.markSendFailed(deps.db, check.id, err instanceof Error ? err.message : String(err));
    return (await store.checkById(deps.db, check.id)) ?? check;
  }
  await inTransaction(deps.db, async (tx) => {
    const locked = await store.lockCheck(tx, deps.dialect, check.id);
    // A fast provider may have called back already: the result stands, the reference is noted.
    if (!locked || locked.status !== 'requested') return;
    await store.markSent(tx, check.id, reference);
    await recordSystem(tx, deps.clock.now(), {
      type: 'background_check.sent',
      subjectType: 'submission',
      subjectId: check.submissionId,
      orgId: check.posterOrgId,
      workOf: check.consultantId,
      payload: { checkId: check.id, provider: check.provider, providerRef: reference },
    });
  });
  return (await store.checkById(deps.db, check.id)) ?? check;
}

/** Sends again every check of the provider in force that was written but never taken (at start, once listening). */
export async function sendUnsentOrders(deps: AppDeps): Promise<number> {
  const pending = await store.unsentChecks(deps.db, providerName(deps), 100);
  for (const c of pending) await sendOrder(deps, c.id);
  return pending.length;
}

export type CallbackInput = { eventId: string; checkId: string; reference: string } & ResultInput;

/**
 * The provider's signed result (the signature was checked by the route). Once per check: the same event again is a
 * replay and changes nothing; a second, different result for a completed check is a conflict.
 */
export async function completeFromProvider(deps: AppDeps, input: CallbackInput): Promise<store.BackgroundCheck> {
  checkResult(input);
  const now = deps.clock.now();
  await inTransaction(deps.db, async (tx) => {
    const check = await store.lockCheck(tx, deps.dialect, input.checkId);
    if (!check) throw notFound('background check');
    if (check.status === 'completed') {
      if ((await store.checkByCallbackEvent(tx, input.eventId))?.id === check.id) return;
      throw new DomainError('conflict', 'the background check already has its result', { field: 'checkId' });
    }
    if (check.providerRef !== null && check.providerRef !== input.reference) throw new DomainError('invalid_input', 'reference: not the reference of this check', { field: 'reference' });
    if (await store.checkByCallbackEvent(tx, input.eventId)) throw new DomainError('conflict', 'eventId: already used for another check', { field: 'eventId' });
    await store.complete(tx, check.id, { outcome: input.outcome, items: input.items.map((i) => (i.note ? { code: i.code, note: i.note } : { code: i.code })), at: now.toISOString(), eventId: input.eventId, providerRef: input.reference });
    await recordSystem(tx, now, {
      type: 'background_check.completed',
      subjectType: 'submission',
      subjectId: check.submissionId,
      orgId: check.posterOrgId,
      workOf: check.consultantId,
      payload: { checkId: check.id, stage: check.stage, outcome: input.outcome, itemCodes: input.items.map((i) => i.code), callbackEventId: input.eventId },
    });
  });
  return (await store.checkById(deps.db, input.checkId))!;
}

// ---------------------------------------------------------------------------------------------- reads

export async function checksOfSubmission(ctx: Ctx, submissionId: string): Promise<store.BackgroundCheck[]> {
  const parties = await submissionParties(ctx.deps.db, submissionId);
  if (!parties || !canReadCheck(ctx.actor, parties)) throw notFound('submission');
  return store.checksOfSubmission(ctx.deps.db, submissionId);
}

/** A placement's checks, and whether its signed terms offer a re-verification for the job's level. */
export async function checksOfPlacement(ctx: Ctx, placementId: string): Promise<{ items: store.BackgroundCheck[]; reverificationOffered: boolean }> {
  const p = await placementById(ctx.deps.db, placementId);
  if (!p || !canReadCheck(ctx.actor, p)) throw notFound('placement');
  const job = await orderJobFacts(ctx.deps.db, p.orderId);
  return {
    items: await store.checksOfPlacement(ctx.deps.db, p.id, p.submissionId),
    reverificationOffered: reverificationInTerms({ level: job?.level ?? '', reverificationLevels: p.terms.backgroundChecks?.reverificationLevels }),
  };
}

export async function getCheck(ctx: Ctx, checkId: string): Promise<store.BackgroundCheck> {
  const c = await store.checkById(ctx.deps.db, checkId);
  if (!c || !canReadCheck(ctx.actor, c)) throw notFound('background check');
  return c;
}

/** The poster asks again to send a check its provider has not taken yet. */
export async function resendCheck(ctx: Ctx, checkId: string): Promise<store.BackgroundCheck> {
  const c = await getCheck(ctx, checkId);
  assertMayOrder(ctx.actor, c);
  if (c.status !== 'requested') throw new DomainError('invalid_transition', `the check is ${c.status}: the provider has it`, { field: 'checkId' });
  return sendOrder(ctx.deps, c.id);
}
