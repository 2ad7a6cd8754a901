import { newId } from '../platform/ids.ts';
import { isPlatformOps, type Actor } from '../platform/auth/actor.ts';
import { record } from '../platform/audit/record.ts';
import type { AuditPayloadOf } from '../platform/audit/events.ts';
import { parseFilterDate } from '../platform/calendar-date.ts';
import { inTransaction, type Db, type Tx } from '../platform/db/database.ts';
import type { JobOrderStatus, PlanTier } from '../platform/db/schema.ts';
import type { Ctx } from '../platform/deps.ts';
import { DomainError, forbidden, invalidInput, notFound } from '../platform/errors.ts';
import { formatAmount, parseStoredAmount, type Currency } from '../platform/money.ts';
import { startOfDayIn } from '../platform/zoned-time.ts';
import type { Page } from '../platform/http/pagination.ts';
import { namesOf, namesOfUser, orgTimeZoneOf } from '../identity/service.ts';
import { notify } from '../notifications/service.ts';
import { getPlanVersion, resolvePlanVersionForOrg, type PlanVersion } from '../plans/service.ts';
import { termsCanonicalJson, termsHash } from '../plans/terms-hash.ts';
import { renderTermsInWords } from '../plans/terms-wording.rules.ts';
import type { Terms } from '../plans/terms.schema.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';
import { canSeeEngagement, dropTransition, mayDrop, refusalToTake } from './engagement.rules.ts';
import { normalizeCity, type JobFunction, type JobLevel } from './job-catalog.ts';
import {
  afterHire,
  canManageOrder,
  canPostOrders,
  canSeeAsPoster,
  closeReasonRequired,
  mayAct,
  transition,
  validateOrderContent,
  type OrderContentInput,
} from './job-order.rules.ts';
import { termsForOrder } from './order-terms.rules.ts';
import { historyOf, relevanceScore } from './ranking.rules.ts';
import * as store from './store.ts';
import { assertWaveReached, capOf, openedByFor, tierWindowOf, trafficOf, visibilityOf } from './waves.ts';
import type { Tier } from '../ratings/score.rules.ts';

export type { EngagementWithNames, JobOrder } from './store.ts';

// ============================================================================================ contract for other areas

/** Unscoped, internal: what an order says of the job (the risk area maps it to its model's inputs). */
export async function orderJobFacts(db: Db, orderId: string): Promise<{ function: JobFunction; level: JobLevel; city: string } | undefined> {
  const o = await store.findOrder(db, orderId);
  return o && { function: o.function, level: o.level, city: o.city };
}

/** The order for its poster's people, or for platform ops; `not_found` for everyone else. */
export async function getOrderForPoster(tx: Db, actor: Actor, orderId: string): Promise<store.JobOrder> {
  const order = await store.findOrder(tx, orderId);
  if (!order || !canSeeAsPoster(actor, order)) throw notFound('job order');
  return order;
}

/**
 * The order a hire goes into, its row locked first (on PostgreSQL) so hires, closes and pauses of one order run
 * one after the other; its poster's people only. The caller then decides and writes with `recordHire`.
 */
export async function lockOrderForHire(tx: Tx, ctx: Ctx, orderId: string): Promise<store.JobOrder> {
  const order = await store.findOrder(tx, orderId, { forUpdate: ctx.deps.dialect });
  if (!order || !canSeeAsPoster(ctx.actor, order)) throw notFound('job order');
  return order;
}

/**
 * One more hire on `order`, which the caller locked with `lockOrderForHire` in this transaction: `afterHire`
 * refuses an order that takes no candidates or whose headcount is hired, so two concurrent hires cannot both
 * pass. The order is filled at its headcount.
 */
export async function recordHire(tx: Tx, ctx: Ctx, order: store.JobOrder): Promise<void> {
  const next = afterHire(order);
  const now = ctx.deps.clock.now().toISOString();
  await store.updateOrder(tx, { ...order, hiredCount: next.hiredCount, status: next.status, updatedAt: now });
  await record(tx, ctx, {
    type: 'job_order.hire_recorded',
    subjectType: 'job_order',
    subjectId: order.id,
    orgId: order.posterOrgId,
    payload: { hiredCount: next.hiredCount, headcount: order.headcount, from: order.status, to: next.status },
  });
  if (next.status === 'filled') {
    await record(tx, ctx, { type: 'job_order.filled', subjectType: 'job_order', subjectId: order.id, orgId: order.posterOrgId, payload: { hiredCount: next.hiredCount } });
  }
}

/**
 * The terms the deliverer accepted when taking the order: the engagement's hash, with the terms of the order's
 * plan version that hash stands for. Refused (`terms_mismatch`) when the order's terms no longer hash to what was
 * accepted, so a placement never carries terms its deliverer did not accept.
 */
export async function acceptedTermsOf(tx: Db, engagementId: string): Promise<{ terms: Terms; termsHash: string; planVersionId: string }> {
  const engagement = await store.findEngagement(tx, engagementId);
  if (!engagement) throw notFound('engagement');
  const order = await store.findOrder(tx, engagement.orderId);
  if (!order) throw notFound('job order');
  const { terms, termsHash: computed } = await orderTermsOf(tx, order);
  if (computed !== engagement.termsHash) {
    throw new DomainError('terms_mismatch', 'termsHash: the order\'s terms are no longer those its deliverer accepted when taking it', { field: 'termsHash', accepted: engagement.termsHash });
  }
  return { terms, termsHash: engagement.termsHash, planVersionId: order.planVersionId };
}

/**
 * The order and the consultant's active engagement on it, for a submission: the order row is read with a shared
 * lock (on PostgreSQL) so a hire, a close or a pause waits for the submission and the other way round, and the
 * engagement row likewise against a drop. The caller decides on what this returns, inside its transaction.
 */
export async function orderAndEngagementForSubmission(
  tx: Tx,
  ctx: Ctx,
  orderId: string,
): Promise<{ order: store.JobOrder; engagement: store.Engagement | undefined; reopening: store.Reopening | undefined }> {
  const order = await store.findOrder(tx, orderId, { forShare: ctx.deps.dialect });
  if (!order) throw notFound('job order');
  const engagement = ctx.actor.role === 'consultant' ? await store.findActiveEngagement(tx, ctx.actor.userId, orderId, { forShare: ctx.deps.dialect }) : undefined;
  if (!engagement && !canManageOrder(ctx.actor, order)) throw notFound('job order');
  return { order, engagement, reopening: await store.openReopeningOf(tx, order.id) };
}

/** A candidate was submitted (called in the submitting transaction): the consultant's past work on the order, for ranking. */
export async function countSubmission(tx: Tx, submission: { consultantId: string; orderId: string }): Promise<void> {
  await store.countSubmission(tx, submission.consultantId, submission.orderId);
}

// ============================================================================================ reopened for a replacement

/**
 * A claim's replacement is pending (DESIGN §4.5): the placement's order opens again for the delivering agency
 * alone — its consultants see it, take it and submit to it; other agencies do not, even those engaged on it
 * before. Called by the after-sales area in the claim's transaction (the placement is locked first, then the
 * order). The order goes back to the status it had when the claim ends.
 */
export async function reopenForReplacement(tx: Tx, ctx: Ctx, input: { orderId: string; claimId: string; agencyOrgId: string; placementId: string; deliverBy: string }): Promise<void> {
  const order = await store.findOrder(tx, input.orderId, { forUpdate: ctx.deps.dialect });
  if (!order) throw notFound('job order');
  if (await store.reopeningOfClaim(tx, input.claimId)) return;
  // A second reopening at once (two placements of one order) returns to what the first found.
  const earlier = await store.openReopeningOf(tx, order.id);
  const now = ctx.deps.clock.now().toISOString();
  await store.insertReopening(tx, { id: newId(), orderId: order.id, claimId: input.claimId, agencyOrgId: input.agencyOrgId, placementId: input.placementId, statusBefore: earlier?.statusBefore ?? order.status, openedAt: now, closedAt: null, outcome: null });
  if (order.status !== 'open') await store.updateOrder(tx, { ...order, status: 'open', openedAt: order.openedAt ?? now, updatedAt: now });
  await record(tx, ctx, {
    type: 'job_order.reopened_for_replacement',
    subjectType: 'job_order',
    subjectId: order.id,
    orgId: order.posterOrgId,
    payload: { claimId: input.claimId, agencyOrgId: input.agencyOrgId, placementId: input.placementId, from: order.status, to: 'open' },
  });
  // The agency's admins hear it (its consultants may take the order); the delivering consultant hears of the claim.
  await notify(tx, ctx.deps.clock.now(), { orgId: input.agencyOrgId, kind: 'job_order.reopened_for_replacement', subjectType: 'job_order', subjectId: order.id, params: { orderTitle: order.title, deliverBy: input.deliverBy } });
}

/**
 * The claim ended (a refund) or its replacement was hired: the order is no longer reserved and returns to the
 * status it had before it reopened (unless someone moved it meanwhile, e.g. ops closed it). Idempotent.
 */
export async function closeReopeningFor(tx: Tx, ctx: Ctx, claimId: string, outcome: 'replaced' | 'refunded'): Promise<void> {
  const found = await store.reopeningOfClaim(tx, claimId);
  if (!found || found.closedAt !== null) return;
  const order = await store.findOrder(tx, found.orderId, { forUpdate: ctx.deps.dialect });
  if (!order) throw notFound('job order');
  const now = ctx.deps.clock.now().toISOString();
  if (!(await store.closeReopening(tx, found.id, now, outcome))) return;
  const stillReopened = await store.openReopeningOf(tx, order.id);
  const to: JobOrderStatus = order.status === 'open' && !stillReopened ? found.statusBefore : order.status;
  if (to !== order.status) await store.updateOrder(tx, { ...order, status: to, updatedAt: now });
  await record(tx, ctx, { type: 'job_order.reopening_closed', subjectType: 'job_order', subjectId: order.id, orgId: order.posterOrgId, payload: { claimId, outcome, from: order.status, to } });
}

/**
 * A replacement hire on `order` (locked by the caller with `lockOrderForHire`): the order must still be reopened
 * for that claim; the hire takes the place of the one it replaces, so the headcount count does not move.
 */
export async function recordReplacementHire(tx: Tx, ctx: Ctx, order: store.JobOrder, claimId: string): Promise<void> {
  const reopening = await store.reopeningOfClaim(tx, claimId);
  if (!reopening || reopening.orderId !== order.id || reopening.closedAt !== null) {
    throw new DomainError('conflict', 'the order is no longer reopened for this replacement', { claimId });
  }
  await closeReopeningFor(tx, ctx, claimId, 'replaced');
}

/** Whether the order is reopened for a replacement reserved to an agency other than the actor's. */
async function reservedForAnother(db: Db, actor: Actor, orderId: string): Promise<boolean> {
  const r = await store.openReopeningOf(db, orderId);
  return r !== undefined && r.agencyOrgId !== actor.orgId;
}

/** The order's terms (its plan's terms with its currency and reward) and their hash: what a consultant accepts. */
export async function orderTermsOf(tx: Db, order: store.JobOrder): Promise<{ terms: Terms; termsHash: string }> {
  const plan = await getPlanVersion(tx, order.planVersionId);
  const terms = termsForOrder(plan.terms, order);
  return { terms, termsHash: termsHash(terms) };
}

// ============================================================================================ views

export type PlanRef = { versionId: string; planId: string; key: string; tier: PlanTier; name: { zh: string; en: string }; version: number };

export type OrderView = store.JobOrder & { posterOrgName: string; plan: PlanRef; postedBy: string };

const planRefOf = (p: PlanVersion): PlanRef => ({ versionId: p.id, planId: p.planId, key: p.planKey, tier: p.tier, name: p.name, version: p.version });

/**
 * What a listing shows of each order's plan. A published plan version never changes (nor does its plan's tier or
 * name), so a version read once is kept for the process: a marketplace page then costs no plan lookups at all.
 */
const planRefCache = new Map<string, PlanRef>();
const PLAN_REF_CACHE_MAX = 10_000;

async function planRefs(db: Db, versionIds: Iterable<string>): Promise<Map<string, PlanRef>> {
  const missing = [...new Set(versionIds)].filter((id) => !planRefCache.has(id));
  const plans = await Promise.all(missing.map((id) => getPlanVersion(db, id)));
  if (planRefCache.size + plans.length > PLAN_REF_CACHE_MAX) planRefCache.clear();
  for (const p of plans) planRefCache.set(p.id, planRefOf(p));
  return planRefCache;
}

/** Orders as views: their plans, and their posters' names from identity (one lookup for the whole page). */
async function withPlans(db: Db, orders: store.JobOrder[]): Promise<OrderView[]> {
  const refs = await planRefs(
    db,
    orders.map((o) => o.planVersionId),
  );
  const names = await namesOf(db, { orgs: orders.map((o) => o.posterOrgId) });
  return orders.map((o) => {
    const posterOrgName = names.org(o.posterOrgId);
    return { ...o, posterOrgName, plan: refs.get(o.planVersionId) as PlanRef, postedBy: o.clientName ?? posterOrgName };
  });
}

/** Engagements with who works on them and who posted the order (one identity lookup for the list). */
async function withEngagementNames(db: Db, rows: store.EngagementOnOrder[]): Promise<store.EngagementWithNames[]> {
  const names = await namesOf(db, { orgs: rows.flatMap((e) => [e.agencyOrgId, e.posterOrgId]), users: rows.map((e) => e.consultantId) });
  return rows.map(({ orderClientName, ...e }) => ({
    ...e,
    consultantName: names.user(e.consultantId),
    agencyName: names.org(e.agencyOrgId),
    postedBy: orderClientName ?? names.org(e.posterOrgId),
  }));
}

// ============================================================================================ who sees an order

/**
 * Whether the actor may read the order: its poster's people and ops; agency people (consultants and admins of
 * another org) while it is open — the marketplace; and anyone engaged on it (or, for an agency admin, with a
 * consultant engaged on it) whatever its status.
 */
async function canRead(db: Db, actor: Actor, order: store.JobOrder): Promise<boolean> {
  if (canSeeAsPoster(actor, order)) return true;
  const otherAgency = actor.orgKind === 'agency' && actor.orgId !== order.posterOrgId;
  if (otherAgency && order.status === 'open' && !(await reservedForAnother(db, actor, order.id))) return true;
  if (actor.role === 'consultant') return !!(await store.findActiveEngagement(db, actor.userId, order.id));
  if (actor.role === 'agency_admin') return store.agencyEngagedOn(db, actor.orgId, order.id);
  return false;
}

async function readableOrder(db: Db, actor: Actor, orderId: string, ctx?: Ctx): Promise<store.JobOrder> {
  const order = await store.findOrder(db, orderId);
  if (!order || !(await canRead(db, actor, order))) throw notFound('job order');
  if (ctx) await assertOpenToViewer(db, ctx, order);
  return order;
}

/**
 * A consultant of another agency reads and takes an open order once its tier's wave has reached it (§4.9);
 * before, it learns when ("opens to tier B at 14:00"). Its own engagements and a reopening reserved for its
 * agency are not waves: they are its work already.
 */
async function assertOpenToViewer(db: Db, ctx: Ctx, order: store.JobOrder): Promise<void> {
  const a = ctx.actor;
  if (a.role !== 'consultant' || a.orgId === order.posterOrgId || order.status !== 'open') return;
  if (await store.findActiveEngagement(db, a.userId, order.id)) return;
  if ((await store.openReopeningOf(db, order.id))?.agencyOrgId === a.orgId) return;
  assertWaveReached(await trafficOf(db, ctx, a), ctx.deps.clock.now(), order.openedAt);
}

export type OrderDetail = OrderView & {
  viewer: { asPoster: boolean; canManage: boolean; myEngagement: { id: string; acceptedAt: string; termsHash: string } | null };
  activeEngagements: number | null;
  /** Reopened for a claim's replacement: the claim, for the poster, ops and the delivering agency; others only learn it is reserved. */
  reopenedForReplacement: { claimId: string | null; forYourAgency: boolean } | null;
};

export async function getOrder(ctx: Ctx, orderId: string): Promise<OrderDetail> {
  const db = ctx.deps.db;
  const order = await readableOrder(db, ctx.actor, orderId, ctx);
  const [view] = await withPlans(db, [order]);
  const asPoster = canSeeAsPoster(ctx.actor, order);
  const mine = ctx.actor.role === 'consultant' ? await store.findActiveEngagement(db, ctx.actor.userId, orderId) : undefined;
  const engagements = asPoster ? await store.engagementsOfOrder(db, orderId) : [];
  return {
    ...(view as OrderView),
    viewer: {
      asPoster,
      canManage: canManageOrder(ctx.actor, order),
      myEngagement: mine ? { id: mine.id, acceptedAt: mine.acceptedAt, termsHash: mine.termsHash } : null,
    },
    activeEngagements: asPoster ? engagements.filter((e) => e.status === 'active').length : null,
    reopenedForReplacement: await reopeningView(db, ctx.actor, order, asPoster),
  };
}

async function reopeningView(db: Db, actor: Actor, order: store.JobOrder, asPoster: boolean): Promise<OrderDetail['reopenedForReplacement']> {
  const r = await store.openReopeningOf(db, order.id);
  if (!r) return null;
  const forYourAgency = actor.orgId === r.agencyOrgId;
  return { claimId: asPoster || forYourAgency ? r.claimId : null, forYourAgency };
}

export type OrderTerms = {
  orderId: string;
  plan: PlanRef;
  terms: Terms;
  termsHash: string;
  canonicalTerms: string;
  wording: { 'zh-CN': string[]; en: string[] };
};

/** The terms a consultant accepts by taking the order, with their hash, the text it is computed over, and the words. */
export async function getOrderTerms(ctx: Ctx, orderId: string): Promise<OrderTerms> {
  const db = ctx.deps.db;
  const order = await readableOrder(db, ctx.actor, orderId, ctx);
  const plan = await getPlanVersion(db, order.planVersionId);
  const terms = termsForOrder(plan.terms, order);
  return {
    orderId,
    plan: planRefOf(plan),
    terms,
    termsHash: termsHash(terms),
    canonicalTerms: termsCanonicalJson(terms),
    wording: { 'zh-CN': renderTermsInWords(terms, 'zh-CN'), en: renderTermsInWords(terms, 'en') },
  };
}

// ============================================================================================ posting and managing orders

export type OrderInput = OrderContentInput & { planVersionId: string };

async function planForPoster(db: Db, posterOrgId: string, planVersionId: string): Promise<PlanVersion> {
  try {
    return await resolvePlanVersionForOrg(db, posterOrgId, planVersionId);
  } catch (err) {
    if (err instanceof DomainError && err.code === 'not_found') throw invalidInput('planVersionId', 'no such plan version is available to your org');
    throw err;
  }
}

export async function createOrder(ctx: Ctx, posterOrgId: string, input: OrderInput): Promise<OrderDetail> {
  if (ctx.actor.orgId !== posterOrgId) throw isPlatformOps(ctx.actor) ? forbidden('orders are posted by employers and agencies, not by the platform') : notFound('org');
  if (!canPostOrders(ctx.actor)) throw forbidden('only employer admins and HR, or agency admins for their clients, post job orders');
  const content = validateOrderContent(input, ctx.actor.orgKind);
  const plan = await planForPoster(ctx.deps.db, posterOrgId, input.planVersionId);
  const id = newId();
  await inTransaction(ctx.deps.db, async (tx) => {
    const now = ctx.deps.clock.now().toISOString();
    const order: store.JobOrder = {
      id,
      posterOrgId,
      createdBy: ctx.actor.userId,
      ...content,
      hiredCount: 0,
      planVersionId: plan.id,
      planTier: plan.tier,
      status: 'draft',
      openedAt: null,
      createdAt: now,
      updatedAt: now,
    };
    await store.insertOrder(tx, order);
    await record(tx, ctx, { type: 'job_order.created', subjectType: 'job_order', subjectId: id, orgId: posterOrgId, payload: auditContent(order) });
  });
  return getOrder(ctx, id);
}

function auditContent(o: store.JobOrder): AuditPayloadOf<'job_order.created'> {
  return {
    title: o.title,
    clientName: o.clientName,
    city: o.city,
    function: o.function,
    level: o.level,
    headcount: o.headcount,
    currency: o.currency,
    salaryMin: o.salaryMin.toString(),
    salaryMax: o.salaryMax.toString(),
    reward: o.reward,
    planVersionId: o.planVersionId,
  };
}

/** The poster's order, locked for a change; managers only (ops may close: `mayAct`). */
async function orderToChange(tx: Tx, ctx: Ctx, orderId: string, action: 'edit' | 'open' | 'pause' | 'resume' | 'close'): Promise<store.JobOrder> {
  const order = await store.findOrder(tx, orderId, { forUpdate: ctx.deps.dialect });
  if (!order || !(await canRead(tx, ctx.actor, order))) throw notFound('job order');
  if (!mayAct(ctx.actor, order, action)) throw forbidden(action === 'close' ? "only the poster's people or platform ops close an order" : "only the poster's people manage an order");
  return order;
}

export async function updateOrder(ctx: Ctx, orderId: string, patch: Partial<OrderInput>): Promise<OrderDetail> {
  await inTransaction(ctx.deps.db, async (tx) => {
    const order = await orderToChange(tx, ctx, orderId, 'edit');
    transition(order.status, 'edit');
    // Amounts keep their digits only in their own currency: changing it means giving them again.
    const currency = patch.currency ?? order.currency;
    if (currency !== order.currency) {
      if (patch.salaryMin === undefined || patch.salaryMax === undefined) throw invalidInput('salaryMin', 'give the salary range again when changing the currency');
      if (patch.reward === undefined && order.reward.type === 'fixed') throw invalidInput('reward.amount', 'give the fixed reward again when changing the currency');
    }
    const merged: OrderContentInput = {
      clientName: patch.clientName !== undefined ? patch.clientName : order.clientName,
      title: patch.title ?? order.title,
      city: patch.city ?? order.city,
      function: patch.function ?? order.function,
      level: patch.level ?? order.level,
      headcount: patch.headcount ?? order.headcount,
      currency,
      salaryMin: patch.salaryMin ?? formatAmount(order.salaryMin, order.currency),
      salaryMax: patch.salaryMax ?? formatAmount(order.salaryMax, order.currency),
      description: patch.description ?? order.description,
      reward: patch.reward ?? order.reward,
    };
    const content = validateOrderContent(merged, ctx.actor.orgKind);
    const plan = patch.planVersionId !== undefined ? await planForPoster(tx, order.posterOrgId, patch.planVersionId) : undefined;
    const updated: store.JobOrder = {
      ...order,
      ...content,
      ...(plan ? { planVersionId: plan.id, planTier: plan.tier } : {}),
      updatedAt: ctx.deps.clock.now().toISOString(),
    };
    await store.updateOrder(tx, updated);
    await record(tx, ctx, { type: 'job_order.updated', subjectType: 'job_order', subjectId: orderId, orgId: order.posterOrgId, payload: changedFields(order, updated) });
  });
  return getOrder(ctx, orderId);
}

function changedFields(before: store.JobOrder, after: store.JobOrder): AuditPayloadOf<'job_order.updated'> {
  const a = auditContent(before);
  const b = auditContent(after);
  const out: Partial<Record<keyof typeof b, unknown>> = {};
  for (const k of Object.keys(b) as Array<keyof typeof b>) if (JSON.stringify(b[k]) !== JSON.stringify(a[k])) out[k] = b[k];
  return { ...(out as AuditPayloadOf<'job_order.updated'>), ...(after.description !== before.description ? { description: '(changed)' as const } : {}) };
}

async function changeStatus(ctx: Ctx, orderId: string, action: 'open' | 'pause' | 'resume' | 'close', reason?: string): Promise<OrderDetail> {
  await inTransaction(ctx.deps.db, async (tx) => {
    const order = await orderToChange(tx, ctx, orderId, action);
    const to: JobOrderStatus = transition(order.status, action);
    // Reserved for a replacement the poster asked for: it stays open until the claim ends (ops may still close it).
    if ((action === 'pause' || action === 'close') && !isPlatformOps(ctx.actor) && (await store.openReopeningOf(tx, order.id))) {
      throw new DomainError('conflict', `the order is reopened for a replacement and cannot ${action} until the claim ends`, { reason: 'reopened_for_replacement' });
    }
    const trimmed = reason?.trim() || null;
    if (action === 'close' && trimmed === null && closeReasonRequired(ctx.actor, order)) throw invalidInput('reason', 'platform operations must say why they close an order');
    const now = ctx.deps.clock.now();
    const iso = now.toISOString();
    // An order's freshness counts from when it first opened: pausing and resuming does not make it new again.
    const openedAt = action === 'open' ? (order.openedAt ?? iso) : order.openedAt;
    await store.updateOrder(tx, { ...order, status: to, openedAt, updatedAt: iso });
    const type = action === 'open' ? 'job_order.opened' : action === 'pause' ? 'job_order.paused' : action === 'resume' ? 'job_order.resumed' : 'job_order.closed';
    await record(tx, ctx, {
      type,
      subjectType: 'job_order',
      subjectId: orderId,
      orgId: order.posterOrgId,
      payload: { from: order.status, to, ...(trimmed !== null ? { withReason: true as const } : {}), ...(isPlatformOps(ctx.actor) ? { byPlatform: true as const } : {}) },
    });
    if (action === 'close') {
      const params = { orderTitle: order.title, ...(trimmed !== null ? { reason: trimmed } : {}) };
      if (isPlatformOps(ctx.actor)) {
        await notify(tx, now, { orgId: order.posterOrgId, kind: 'job_order.closed_by_platform', subjectType: 'job_order', subjectId: orderId, params });
      }
      // Consultants working on it learn that the work is over (and that it no longer uses their capacity).
      for (const e of await store.engagementsOfOrder(tx, orderId)) {
        if (e.status === 'active') await notify(tx, now, { orgId: e.agencyOrgId, userId: e.consultantId, kind: 'job_order.closed', subjectType: 'job_order', subjectId: orderId, params });
      }
    }
  });
  return getOrder(ctx, orderId);
}

export const openOrder = (ctx: Ctx, orderId: string) => changeStatus(ctx, orderId, 'open');
export const pauseOrder = (ctx: Ctx, orderId: string) => changeStatus(ctx, orderId, 'pause');
export const resumeOrder = (ctx: Ctx, orderId: string) => changeStatus(ctx, orderId, 'resume');
export const closeOrder = (ctx: Ctx, orderId: string, reason?: string) => changeStatus(ctx, orderId, 'close', reason);

export type OrderListQuery = store.OrderListFilters & { cursor?: string | undefined; limit: number };

async function pageOfOrders(ctx: Ctx, filters: store.OrderListFilters, query: OrderListQuery): Promise<Page<OrderView>> {
  const after = query.cursor ? decodeCursor(query.cursor, 'created') : undefined;
  const rows = await store.listOrders(ctx.deps.db, ctx.actor, filters, { after: after && { createdAt: after.c, id: after.i }, limit: query.limit + 1 });
  const items = await withPlans(ctx.deps.db, rows.slice(0, query.limit));
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > query.limit && last ? encodeCursor({ k: 'created', c: last.createdAt, i: last.id }) : null };
}

/** The poster's orders (its admins and HR, or agency admins), newest first, with counts per status for the tabs. */
export async function listOrgOrders(ctx: Ctx, orgId: string, query: OrderListQuery): Promise<Page<OrderView> & { counts: Partial<Record<JobOrderStatus, number>> }> {
  const member = ctx.actor.orgId === orgId;
  if (!member && !isPlatformOps(ctx.actor)) throw notFound('org');
  if (member && !canPostOrders(ctx.actor)) throw forbidden("only the people who post job orders see the org's orders");
  const { cursor: _cursor, limit: _limit, ...filters } = query;
  const page = await pageOfOrders(ctx, { ...filters, posterOrgId: orgId }, query);
  return { ...page, counts: await store.countOrdersByStatus(ctx.deps.db, ctx.actor, orgId) };
}

/** Every order on the platform, for platform ops (read-only apart from closing). */
export async function listAllOrders(ctx: Ctx, query: OrderListQuery): Promise<Page<OrderView>> {
  if (!isPlatformOps(ctx.actor)) throw forbidden('only platform operations see all orders');
  const { cursor: _cursor, limit: _limit, ...filters } = query;
  return pageOfOrders(ctx, filters, query);
}

/** Who works on the order: the poster's people and ops. */
export async function listOrderEngagements(ctx: Ctx, orderId: string): Promise<store.EngagementWithNames[]> {
  await getOrderForPoster(ctx.deps.db, ctx.actor, orderId);
  return withEngagementNames(ctx.deps.db, await store.engagementsOfOrder(ctx.deps.db, orderId));
}

// ============================================================================================ marketplace

export type MarketSort = 'relevance' | 'reward' | 'newest';

export type MarketQuery = {
  city?: string | undefined;
  function?: JobFunction | undefined;
  level?: JobLevel | undefined;
  planTier?: PlanTier | undefined;
  /** Decimal in major units of `rewardCurrency`. */
  minReward?: string | undefined;
  /** Integer minor units (of `rewardCurrency` when given). */
  minRewardMinor?: string | undefined;
  rewardCurrency?: Currency | undefined;
  /** Calendar date: orders opened on or after the start of that day in the viewer's org time zone. */
  postedSince?: string | undefined;
  q?: string | undefined;
  sort: MarketSort;
  cursor?: string | undefined;
  limit: number;
};

export type MarketItem = OrderView & { engaged: boolean; relevance: number | null };
/** Orders matching the filters that the viewer's tier does not see yet: how many, and when the first opens to it. */
export type Upcoming = { tier: Tier; count: number; opensAt: string; explanation: { zh: string; en: string } };

function mayBrowse(actor: Actor): boolean {
  return actor.role === 'consultant' || actor.role === 'agency_admin';
}

async function marketFilters(db: Db, actor: Actor, q: MarketQuery): Promise<store.MarketFilters> {
  let minRewardMinor: bigint | undefined;
  if (q.minReward !== undefined) {
    if (!q.rewardCurrency) throw invalidInput('rewardCurrency', 'name the currency of minReward');
    minRewardMinor = parseStoredAmount(q.minReward, q.rewardCurrency, 'minReward');
  } else if (q.minRewardMinor !== undefined) {
    minRewardMinor = BigInt(q.minRewardMinor);
  }
  let openedSince: string | undefined;
  if (q.postedSince !== undefined) {
    const day = parseFilterDate(q.postedSince, 'postedSince');
    openedSince = startOfDayIn(day, await orgTimeZoneOf(db, actor.orgId)).toISOString();
  }
  return {
    city: q.city ? normalizeCity(q.city) || undefined : undefined,
    function: q.function,
    level: q.level,
    planTier: q.planTier,
    minRewardMinor,
    rewardCurrency: q.rewardCurrency,
    openedSince,
    q: q.q?.trim() || undefined,
  };
}

/**
 * The marketplace for a consultant: open orders of other orgs, filtered, sorted by relevance (ranking.rules.ts,
 * scored here over the filtered candidates), reward or newest, one cursor page at a time.
 */
export async function searchMarketplace(ctx: Ctx, query: MarketQuery): Promise<Page<MarketItem> & { upcoming: Upcoming | null }> {
  if (!mayBrowse(ctx.actor)) throw forbidden('the marketplace is for agencies and their consultants');
  const db = ctx.deps.db;
  const allFilters = await marketFilters(db, ctx.actor, query);
  const traffic = await trafficOf(db, ctx, ctx.actor);
  // A relevance cursor carries the first page's instant: the waves are cut at it too, so pages stay consistent.
  const relevanceAfter = query.sort === 'relevance' && query.cursor ? decodeCursor(query.cursor, 'relevance') : undefined;
  const cutAt = new Date(relevanceAfter?.t ?? ctx.deps.clock.now().getTime());
  const filters: store.MarketFilters = traffic ? { ...allFilters, openedBy: openedByFor(traffic, cutAt) } : allFilters;
  let orders: store.JobOrder[];
  let scores: Map<string, number> | null = null;
  let nextCursor: string | null = null;

  if (query.sort === 'relevance') {
    const after = query.cursor ? decodeCursor(query.cursor, 'relevance') : undefined;
    // The first page's instant ranks every later page alike, and the consultant's history is taken as of then.
    const nowMs = after?.t ?? ctx.deps.clock.now().getTime();
    const history = ctx.actor.role === 'consultant' ? historyOf(await store.pastWorkOf(db, ctx.actor.userId, new Date(nowMs).toISOString())) : historyOf([]);
    const tier = tierWindowOf(traffic);
    const candidates = await store.marketCandidates(db, ctx.actor.orgId, filters);
    const ranked: { id: string; score: number }[] = [];
    for (const c of candidates) {
      const score = relevanceScore({ currency: c.currency, rewardMinor: c.rewardSort, openedAtMs: Date.parse(c.openedAt), function: c.function, city: c.city }, { nowMs, history, tier });
      if (after && !(score < after.s || (score === after.s && c.id < after.i))) continue;
      ranked.push({ id: c.id, score });
    }
    ranked.sort((a, b) => b.score - a.score || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
    const page = ranked.slice(0, query.limit);
    const byId = new Map((await store.ordersByIds(db, page.map((p) => p.id))).map((o) => [o.id, o]));
    orders = page.flatMap((p) => byId.get(p.id) ?? []);
    scores = new Map(page.map((p) => [p.id, p.score]));
    const last = page[page.length - 1];
    if (ranked.length > query.limit && last) nextCursor = encodeCursor({ k: 'relevance', t: nowMs, s: last.score, i: last.id });
  } else if (query.sort === 'reward') {
    const after = query.cursor ? decodeCursor(query.cursor, 'reward') : undefined;
    const rows = await store.marketPage(db, ctx.actor.orgId, filters, { by: 'reward', after: after && { rewardSort: BigInt(after.r), id: after.i } }, query.limit + 1);
    orders = rows.slice(0, query.limit);
    const last = orders[orders.length - 1];
    if (rows.length > query.limit && last) nextCursor = encodeCursor({ k: 'reward', r: last.rewardSort.toString(), i: last.id });
  } else {
    const after = query.cursor ? decodeCursor(query.cursor, 'newest') : undefined;
    const rows = await store.marketPage(db, ctx.actor.orgId, filters, { by: 'newest', after: after && { openedAt: after.o, id: after.i } }, query.limit + 1);
    orders = rows.slice(0, query.limit);
    const last = orders[orders.length - 1];
    if (rows.length > query.limit && last) nextCursor = encodeCursor({ k: 'newest', o: last.openedAt ?? last.createdAt, i: last.id });
  }

  const engaged =
    ctx.actor.role === 'consultant'
      ? await store.engagedOrderIds(
          db,
          ctx.actor.userId,
          orders.map((o) => o.id),
        )
      : new Set<string>();
  const views = await withPlans(db, orders);
  let upcoming: Upcoming | null = null;
  if (traffic && filters.openedBy !== undefined) {
    const later = await store.marketUpcoming(db, ctx.actor.orgId, allFilters, filters.openedBy);
    if (later.count > 0 && later.firstOpenedAt !== null) {
      const v = visibilityOf(traffic, cutAt, later.firstOpenedAt);
      if (v.explanation) upcoming = { tier: traffic.tier, count: later.count, opensAt: v.opensAt, explanation: v.explanation };
    }
  }
  return { items: views.map((v) => ({ ...v, engaged: engaged.has(v.id), relevance: scores?.get(v.id) ?? null })), nextCursor, upcoming };
}

/** The cities with open orders a consultant may take, for the city filter. */
export async function marketplaceCities(ctx: Ctx): Promise<{ city: string; count: number }[]> {
  if (!mayBrowse(ctx.actor)) throw forbidden('the marketplace is for agencies and their consultants');
  return store.marketCities(ctx.deps.db, ctx.actor.orgId);
}

// ============================================================================================ engagements

/** A consultant takes an open order, accepting its current terms by their hash, under the cap of concurrent engagements. */
export async function takeOrder(ctx: Ctx, orderId: string, acceptedTermsHash: string): Promise<store.EngagementWithNames> {
  const id = newId();
  await inTransaction(ctx.deps.db, async (tx) => {
    const order = await store.findOrder(tx, orderId, { forUpdate: ctx.deps.dialect });
    if (!order || !(await canRead(tx, ctx.actor, order))) throw notFound('job order');
    await store.lockConsultantCapacity(tx, ctx.deps.dialect, ctx.actor.userId);
    // After the locks: the tier (waves, cap) is read as of now, in this transaction.
    const traffic = await trafficOf(tx, ctx, ctx.actor);
    if (!(await store.findActiveEngagement(tx, ctx.actor.userId, orderId))) await assertOpenToViewer(tx, ctx, order);
    const { termsHash: currentTermsHash } = await orderTermsOf(tx, order);
    const refusal = refusalToTake(ctx.actor, {
      order,
      alreadyEngaged: !!(await store.findActiveEngagement(tx, ctx.actor.userId, orderId)),
      activeEngagements: await store.countCapacityUsed(tx, ctx.actor.userId),
      cap: traffic ? capOf(ctx, traffic.tier) : 0,
      acceptedTermsHash,
      currentTermsHash,
    });
    if (refusal) throw refusal;
    const now = ctx.deps.clock.now();
    await store.insertEngagement(tx, {
      id,
      orderId,
      consultantId: ctx.actor.userId,
      agencyOrgId: ctx.actor.orgId,
      posterOrgId: order.posterOrgId,
      status: 'active',
      termsHash: currentTermsHash,
      acceptedAt: now.toISOString(),
      droppedAt: null,
      dropReason: null,
    });
    await record(tx, ctx, {
      type: 'engagement.taken',
      subjectType: 'engagement',
      subjectId: id,
      orgId: ctx.actor.orgId,
      payload: { orderId, posterOrgId: order.posterOrgId, termsHash: currentTermsHash, planVersionId: order.planVersionId },
      workOf: ctx.actor.userId,
    });
    const names = await namesOfUser(tx, ctx.actor.userId);
    await notify(tx, now, {
      orgId: order.posterOrgId,
      kind: 'job_order.engaged',
      subjectType: 'job_order',
      subjectId: orderId,
      params: { orderTitle: order.title, consultantName: names.userName, agencyName: names.orgName },
    });
  });
  return engagementFor(ctx, id);
}

async function engagementFor(ctx: Ctx, engagementId: string): Promise<store.EngagementWithNames> {
  const e = await store.findEngagementOnOrder(ctx.deps.db, engagementId);
  if (!e || !canSeeEngagement(ctx.actor, e)) throw notFound('engagement');
  return (await withEngagementNames(ctx.deps.db, [e]))[0]!;
}

export function getEngagement(ctx: Ctx, engagementId: string): Promise<store.EngagementWithNames> {
  return engagementFor(ctx, engagementId);
}

/** The consultant (or their agency's admin) drops an engagement with a reason; it stops using capacity at once. */
export async function dropEngagement(ctx: Ctx, engagementId: string, reason: string): Promise<store.EngagementWithNames> {
  const why = reason.trim();
  if (why.length === 0) throw invalidInput('reason', 'say why the engagement is dropped');
  await inTransaction(ctx.deps.db, async (tx) => {
    const e = await store.findEngagement(tx, engagementId, { forUpdate: ctx.deps.dialect });
    if (!e || !canSeeEngagement(ctx.actor, e)) throw notFound('engagement');
    if (!mayDrop(ctx.actor, e)) throw forbidden('only the consultant or their agency admin drops an engagement');
    dropTransition(e.status);
    const now = ctx.deps.clock.now();
    await store.markDropped(tx, engagementId, now.toISOString(), why);
    await record(tx, ctx, { type: 'engagement.dropped', subjectType: 'engagement', subjectId: engagementId, orgId: e.agencyOrgId, payload: { orderId: e.orderId }, workOf: e.consultantId });
    const order = await store.findOrder(tx, e.orderId);
    const names = await namesOfUser(tx, e.consultantId);
    await notify(tx, now, {
      orgId: e.posterOrgId,
      kind: 'job_order.engagement_dropped',
      subjectType: 'job_order',
      subjectId: e.orderId,
      params: { orderTitle: order?.title ?? '', consultantName: names.userName, agencyName: names.orgName, reason: why },
    });
  });
  return engagementFor(ctx, engagementId);
}

export type EngagementListQuery = { status?: store.EngagementStatusFilter | undefined; consultantId?: string | undefined; cursor?: string | undefined; limit: number };

/**
 * Engagements in the caller's reach: a consultant's own, an agency admin's agency (optionally one consultant's),
 * everything for platform ops. Posters see who works on an order through the order.
 */
export async function listEngagements(ctx: Ctx, query: EngagementListQuery): Promise<Page<store.EngagementWithNames> & { capacity: { used: number; cap: number; tier: Tier } | null }> {
  const a = ctx.actor;
  let scope: store.EngagementScope;
  if (a.role === 'consultant') scope = { consultantId: a.userId };
  else if (a.role === 'agency_admin') scope = { agencyOrgId: a.orgId, consultantId: query.consultantId };
  else if (isPlatformOps(a)) scope = query.consultantId ? { consultantId: query.consultantId } : { all: true };
  else throw forbidden('engagements are listed for agencies and their consultants; posters see them on each order');
  const after = query.cursor ? decodeCursor(query.cursor, 'created') : undefined;
  const rows = await store.listEngagements(ctx.deps.db, scope, { status: query.status }, { after: after && { acceptedAt: after.c, id: after.i }, limit: query.limit + 1 });
  const items = rows.slice(0, query.limit);
  const last = items[items.length - 1];
  const traffic = await trafficOf(ctx.deps.db, ctx, a);
  const capacity = traffic ? { used: await store.countCapacityUsed(ctx.deps.db, a.userId), cap: capOf(ctx, traffic.tier), tier: traffic.tier } : null;
  return { items: await withEngagementNames(ctx.deps.db, items), nextCursor: rows.length > query.limit && last ? encodeCursor({ k: 'created', c: last.acceptedAt, i: last.id }) : null, capacity };
}
