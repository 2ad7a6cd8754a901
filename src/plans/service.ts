import { namesOf, type NameBook } from '../identity/service.ts';
import { newId } from '../platform/ids.ts';
import { notify } from '../notifications/service.ts';
import { record, recordSystem } from '../platform/audit/record.ts';
import { inTransaction, type Db, type Tx } from '../platform/db/database.ts';
import type { PlanTier } from '../platform/db/schema.ts';
import type { AppDeps, Ctx } from '../platform/deps.ts';
import { DomainError, forbidden, notFound } from '../platform/errors.ts';
import { compareTerms, type ComparisonRow } from './plan-comparison.rules.ts';
import { PLAN_TEMPLATE_KEYS, PLAN_TEMPLATES, type PlanTemplateKey } from './plan-templates.ts';
import { isPlatformOps } from '../platform/auth/actor.ts';
import {
  canPublishPlanVersion,
  canRequestCustomPlan,
  canSeeOrgRequests,
  canSeePlan,
  isBuiltIn,
  isTemplateOnly,
  planUseForOrg,
} from './plan-visibility.rules.ts';
import { checkPublishable, customPlanKey, nextRequestStatus, nextVersionNumber } from './plan-versioning.rules.ts';
import * as store from './store.ts';
import { termsCanonicalJson, termsHash } from './terms-hash.ts';
import { renderTermsInWords } from './terms-wording.rules.ts';
import { parseTerms, type LocalizedText, type Scope, type Terms } from './terms.schema.ts';

export type { PlanTier } from '../platform/db/schema.ts';

/** One published version of a plan, as other areas use it (orders point at one; placements snapshot its terms). */
export type PlanVersion = {
  id: string;
  planId: string;
  planKey: string;
  /** The plan's tier: the key of the built-in template it is (or, for custom plans, `custom`). */
  tier: PlanTier;
  name: { zh: string; en: string };
  version: number;
  terms: Terms;
  termsHash: string;
  publishedAt: string;
};

export type Person = { id: string; name: string };

export type VersionHead = { id: string; version: number; termsHash: string; note: string; publishedAt: string; publishedBy: Person | null };

export type PlanSummary = {
  id: string;
  key: string;
  tier: PlanTier;
  name: LocalizedText;
  /** A built-in tier offered to every employer (no owner). */
  builtIn: boolean;
  /** Whether an order may use it: false for the built-in custom template, which is a starting point only. */
  selectable: boolean;
  owner: { orgId: string; orgName: string } | null;
  createdAt: string;
  latest: VersionHead;
  versionCount: number;
};

export type PlanVersionDetail = PlanVersion & {
  note: string;
  publishedBy: Person | null;
  builtIn: boolean;
  selectable: boolean;
  owner: { orgId: string; orgName: string } | null;
  latestVersion: number;
  isLatest: boolean;
  scope: Scope;
  /** The exact text the terms hash is computed over, for anyone who wants to check it by hand. */
  canonicalTerms: string;
  wording: { 'zh-CN': string[]; en: string[] };
};

export type CustomPlanRequest = {
  id: string;
  org: { id: string; name: string };
  requestedBy: Person;
  description: string;
  status: store.RequestStatus;
  plan: { id: string; key: string } | null;
  responseNote: string | null;
  resolvedBy: Person | null;
  resolvedAt: string | null;
  createdAt: string;
};

export type TierComparison = {
  plans: { planId: string; planVersionId: string; key: string; tier: PlanTier; name: LocalizedText; version: number; termsHash: string; builtIn: boolean; selectable: boolean }[];
  rows: ComparisonRow[];
};

// ------------------------------------------------------------------------------------------------- mapping

/** Stored terms were validated when published; parsing again keeps one normalized shape for every reader. */
const termsOf = (v: store.VersionRow): Terms => parseTerms(JSON.parse(v.termsJson));

const person = (id: string | null, names: NameBook): Person | null => (id === null ? null : { id, name: names.user(id) });

const ownerOf = (p: store.PlanRow, names: NameBook): PlanSummary['owner'] => (p.ownerOrgId === null ? null : { orgId: p.ownerOrgId, orgName: names.org(p.ownerOrgId) });

/** The names a list of plans and versions shows (owners, publishers): one identity lookup for all of them. */
const namesOfPlans = (db: Db, plans: store.PlanRow[], versions: store.VersionRow[]): Promise<NameBook> =>
  namesOf(db, { orgs: plans.map((p) => p.ownerOrgId), users: versions.map((v) => v.publishedBy) });

const ownership = (p: store.PlanRow) => ({ tier: p.tier, ownerOrgId: p.ownerOrgId });

const headOf = (names: NameBook) => (v: store.VersionRow): VersionHead => ({
  id: v.id,
  version: v.version,
  termsHash: v.termsHash,
  note: v.note,
  publishedAt: v.publishedAt,
  publishedBy: person(v.publishedBy, names),
});

function summaryOf(p: store.PlanRow, latest: store.VersionRow, versionCount: number, names: NameBook): PlanSummary {
  return {
    id: p.id,
    key: p.key,
    tier: p.tier,
    name: { zh: p.nameZh, en: p.nameEn },
    builtIn: isBuiltIn(ownership(p)),
    selectable: !isTemplateOnly(ownership(p)),
    owner: ownerOf(p, names),
    createdAt: p.createdAt,
    latest: headOf(names)(latest),
    versionCount,
  };
}

function planVersionOf(p: store.PlanRow, v: store.VersionRow): PlanVersion {
  return {
    id: v.id,
    planId: p.id,
    planKey: p.key,
    tier: p.tier,
    name: { zh: p.nameZh, en: p.nameEn },
    version: v.version,
    terms: termsOf(v),
    termsHash: v.termsHash,
    publishedAt: v.publishedAt,
  };
}

/** Requests with their org's and people's names: one identity lookup for the list. */
async function requestsOf(db: Db, rows: store.RequestRow[]): Promise<CustomPlanRequest[]> {
  const names = await namesOf(db, { orgs: rows.map((r) => r.orgId), users: rows.flatMap((r) => [r.requestedBy, r.resolvedBy]) });
  return rows.map((r) => requestOf(r, names));
}

function requestOf(r: store.RequestRow, names: NameBook): CustomPlanRequest {
  return {
    id: r.id,
    org: { id: r.orgId, name: names.org(r.orgId) },
    requestedBy: { id: r.requestedBy, name: names.user(r.requestedBy) },
    description: r.description,
    status: r.status,
    plan: r.planId === null ? null : { id: r.planId, key: r.planKey ?? '' },
    responseNote: r.responseNote,
    resolvedBy: person(r.resolvedBy, names),
    resolvedAt: r.resolvedAt,
    createdAt: r.createdAt,
  };
}

/** Built-ins in the order of the templates (cheapest to richest, custom last), then custom plans oldest first. */
function planOrder(a: store.PlanRow, b: store.PlanRow): number {
  const rank = (p: store.PlanRow) => (p.ownerOrgId === null ? PLAN_TEMPLATE_KEYS.indexOf(p.key as PlanTemplateKey) : PLAN_TEMPLATE_KEYS.length);
  return rank(a) - rank(b) || a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id);
}

function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: unknown; message?: unknown } | null;
  return e?.code === '23505' || e?.code === 'SQLITE_CONSTRAINT_UNIQUE' || (typeof e?.message === 'string' && /UNIQUE constraint failed/.test(e.message));
}

// ------------------------------------------------------------------------------------------------- contract for other areas

/**
 * Makes sure the five built-in plans exist, each keyed by its template key with version 1 = the template's terms.
 * Idempotent and safe when several instances start at once (the plan key is unique; a lost race does nothing).
 * Ops' later edits are new versions and are never overwritten here.
 */
export async function ensureBuiltInPlans(deps: AppDeps): Promise<void> {
  const present = new Set(await store.builtInPlanKeys(deps.db));
  for (const template of PLAN_TEMPLATES) {
    if (present.has(template.key)) continue;
    await inTransaction(deps.db, async (tx) => {
      const now = deps.clock.now();
      const planId = newId();
      const inserted = await store.insertPlan(
        tx,
        { id: planId, key: template.key, tier: template.key, nameZh: template.name.zh, nameEn: template.name.en, ownerOrgId: null, createdAt: now.toISOString() },
        { ifKeyFree: true },
      );
      if (!inserted) return;
      const terms = parseTerms(structuredClone(template.terms), 'terms');
      const versionId = newId();
      const hash = termsHash(terms);
      await store.insertVersion(tx, {
        id: versionId,
        planId,
        version: 1,
        termsJson: termsCanonicalJson(terms),
        termsHash: hash,
        note: '内置模板 / Built-in template',
        publishedBy: null,
        publishedAt: now.toISOString(),
      });
      await recordSystem(tx, now, {
        type: 'plan.version_published',
        subjectType: 'plan',
        subjectId: planId,
        orgId: null,
        payload: { planKey: template.key, planVersionId: versionId, version: 1, termsHash: hash, builtIn: true },
      });
    });
  }
}

/** A plan version by id, whoever may see it: for areas that already hold a reference (orders, placements). */
export async function getPlanVersion(db: Db, planVersionId: string): Promise<PlanVersion> {
  const found = await store.findVersion(db, planVersionId);
  if (!found) throw notFound('plan version');
  return planVersionOf(found.plan, found.version);
}

/**
 * The plan version an org may put on a job order: a built-in tier or one of its own custom plans (any published
 * version; each is immutable). A custom plan of another org is `not_found`, like an unknown id. The built-in custom
 * template is refused as `invalid_input` on `planVersionId`: it is where ops start a custom plan, not a plan itself.
 */
export async function resolvePlanVersionForOrg(db: Db, orgId: string, planVersionId: string): Promise<PlanVersion> {
  const found = await store.findVersion(db, planVersionId);
  const use = found ? planUseForOrg(ownership(found.plan), orgId) : 'not_found';
  if (!found || use === 'not_found') throw notFound('plan version');
  if (use === 'template_only') {
    throw new DomainError('invalid_input', 'planVersionId: the custom template is a starting point, not a plan; request a custom plan instead', { field: 'planVersionId' });
  }
  return planVersionOf(found.plan, found.version);
}

// ------------------------------------------------------------------------------------------------- reading plans

async function summaries(db: Db, plans: store.PlanRow[]): Promise<PlanSummary[]> {
  const latest = await store.latestVersions(
    db,
    plans.map((p) => p.id),
  );
  const names = await namesOfPlans(db, plans, [...latest.values()]);
  return [...plans].sort(planOrder).flatMap((p) => {
    const v = latest.get(p.id);
    // A plan is created together with its version 1 in one transaction, so every plan has a latest version.
    return v ? [summaryOf(p, v, v.versionCount, names)] : [];
  });
}

/** Plans the caller may see (built-ins and its org's custom plans; ops: all), each with its latest version. */
export async function listPlans(ctx: Ctx): Promise<PlanSummary[]> {
  return summaries(ctx.deps.db, await store.listPlans(ctx.deps.db, ctx.actor));
}

async function visiblePlan(db: Db, ctx: Ctx, planId: string): Promise<store.PlanRow> {
  const plan = await store.findPlan(db, ctx.actor, planId);
  if (!plan || !canSeePlan(ctx.actor, ownership(plan))) throw notFound('plan');
  return plan;
}

/** One plan with every version, newest first. */
export async function getPlan(ctx: Ctx, planId: string): Promise<{ plan: PlanSummary; versions: VersionHead[] }> {
  const plan = await visiblePlan(ctx.deps.db, ctx, planId);
  const versions = await store.listVersions(ctx.deps.db, plan.id);
  const latest = versions[0];
  if (!latest) throw notFound('plan');
  const names = await namesOfPlans(ctx.deps.db, [plan], versions);
  return { plan: summaryOf(plan, latest, versions.length, names), versions: versions.map(headOf(names)) };
}

/** One version with its terms, hash, scope statement and the terms in plain words (zh-CN and en). */
export async function getVersionDetail(ctx: Ctx, planVersionId: string): Promise<PlanVersionDetail> {
  return versionDetail(ctx.deps.db, ctx, planVersionId);
}

async function versionDetail(db: Db, ctx: Ctx, planVersionId: string): Promise<PlanVersionDetail> {
  const found = await store.findVersion(db, planVersionId);
  if (!found || !canSeePlan(ctx.actor, ownership(found.plan))) throw notFound('plan version');
  const latest = await store.latestVersion(db, found.plan.id);
  const pv = planVersionOf(found.plan, found.version);
  const latestVersion = latest?.version ?? pv.version;
  const names = await namesOfPlans(db, [found.plan], [found.version]);
  return {
    ...pv,
    note: found.version.note,
    publishedBy: person(found.version.publishedBy, names),
    builtIn: isBuiltIn(ownership(found.plan)),
    selectable: !isTemplateOnly(ownership(found.plan)),
    owner: ownerOf(found.plan, names),
    latestVersion,
    isLatest: latestVersion === pv.version,
    scope: pv.terms.scope,
    canonicalTerms: termsCanonicalJson(pv.terms),
    wording: { 'zh-CN': renderTermsInWords(pv.terms, 'zh-CN'), en: renderTermsInWords(pv.terms, 'en') },
  };
}

/**
 * The tier comparison from the latest versions: the built-in tiers, plus the caller's own custom plans for an
 * employer (ops compare the built-ins; every employer's custom plans side by side would say nothing).
 */
export async function compareTiers(ctx: Ctx): Promise<TierComparison> {
  const all = await summaries(ctx.deps.db, await store.listPlans(ctx.deps.db, ctx.actor));
  const columns = all.filter((p) => p.builtIn || (!isPlatformOps(ctx.actor) && p.owner?.orgId === ctx.actor.orgId));
  const versions = await Promise.all(columns.map((p) => getPlanVersion(ctx.deps.db, p.latest.id)));
  return {
    plans: versions.map((v, i) => ({
      planId: v.planId,
      planVersionId: v.id,
      key: v.planKey,
      tier: v.tier,
      name: v.name,
      version: v.version,
      termsHash: v.termsHash,
      builtIn: columns[i]?.builtIn ?? false,
      selectable: columns[i]?.selectable ?? false,
    })),
    rows: compareTerms(versions.map((v) => v.terms)),
  };
}

// ------------------------------------------------------------------------------------------------- publishing

async function insertNextVersion(
  tx: Tx,
  ctx: Ctx,
  plan: store.PlanRow,
  input: { terms: Terms; note: string; expectedVersion?: number | undefined },
): Promise<string> {
  const hash = termsHash(input.terms);
  const latest = await store.latestVersion(tx, plan.id);
  checkPublishable({ latest: latest ? { version: latest.version, termsHash: latest.termsHash } : null, expectedVersion: input.expectedVersion, newTermsHash: hash });
  const version = nextVersionNumber(latest?.version ?? null);
  const id = newId();
  try {
    await store.insertVersion(tx, {
      id,
      planId: plan.id,
      version,
      termsJson: termsCanonicalJson(input.terms),
      termsHash: hash,
      note: input.note,
      publishedBy: ctx.actor.userId,
      publishedAt: ctx.deps.clock.now().toISOString(),
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw new DomainError('conflict', `expectedVersion: another version ${version} was published at the same moment; reload the plan`, { field: 'expectedVersion' });
    throw err;
  }
  await record(tx, ctx, {
    type: 'plan.version_published',
    subjectType: 'plan',
    subjectId: plan.id,
    orgId: plan.ownerOrgId,
    payload: { planKey: plan.key, planVersionId: id, version, termsHash: hash, note: input.note },
  });
  // A custom plan's employer hears of every later version; version 1 is announced with the request's outcome.
  if (plan.ownerOrgId !== null && version > 1) {
    await notify(tx, ctx.deps.clock.now(), {
      orgId: plan.ownerOrgId,
      kind: 'plan.version_published',
      subjectType: 'plan',
      subjectId: plan.id,
      params: { planVersionId: id, planNameZh: plan.nameZh, planNameEn: plan.nameEn, version },
    });
  }
  return id;
}

/**
 * Platform ops edit a plan: the complete new terms become version n + 1; earlier versions, and every order and
 * placement made with them, stay exactly as they were.
 */
export async function publishVersion(ctx: Ctx, planId: string, input: { terms: unknown; note: string; expectedVersion?: number | undefined }): Promise<PlanVersionDetail> {
  if (!canPublishPlanVersion(ctx.actor)) throw forbidden('only platform operations publish plan versions');
  const plan = await visiblePlan(ctx.deps.db, ctx, planId);
  const terms = parseTerms(input.terms, 'terms');
  const note = input.note.trim();
  const id = await inTransaction(ctx.deps.db, (tx) => insertNextVersion(tx, ctx, plan, { terms, note, expectedVersion: input.expectedVersion }));
  return versionDetail(ctx.deps.db, ctx, id);
}

// ------------------------------------------------------------------------------------------------- custom plans

/** An employer's admin or HR asks the platform for a plan negotiated for their org. */
export async function requestCustomPlan(ctx: Ctx, orgId: string, input: { description: string }): Promise<CustomPlanRequest> {
  if (!canSeeOrgRequests(ctx.actor, orgId)) throw notFound('org');
  if (!canRequestCustomPlan(ctx.actor, orgId)) throw forbidden("only an employer's admin or HR can request a custom plan for their org");
  const description = input.description.trim();
  const id = newId();
  await inTransaction(ctx.deps.db, async (tx) => {
    await store.insertRequest(tx, { id, orgId, requestedBy: ctx.actor.userId, description, createdAt: ctx.deps.clock.now().toISOString() });
    await record(tx, ctx, { type: 'plan.custom_requested', subjectType: 'custom_plan_request', subjectId: id, orgId, payload: {} });
  });
  return getRequest(ctx, id);
}

/** An org's own requests, newest first (its members, and ops). */
export async function listOrgRequests(ctx: Ctx, orgId: string): Promise<CustomPlanRequest[]> {
  if (!canSeeOrgRequests(ctx.actor, orgId)) throw notFound('org');
  return requestsOf(ctx.deps.db, await store.listRequests(ctx.deps.db, { orgId }));
}

/** The ops queue: every org's requests, optionally of one status. */
export async function listAllRequests(ctx: Ctx, filter: { status?: store.RequestStatus | undefined }): Promise<CustomPlanRequest[]> {
  if (!isPlatformOps(ctx.actor)) throw forbidden('only platform operations see every custom-plan request');
  return requestsOf(ctx.deps.db, await store.listRequests(ctx.deps.db, filter.status === undefined ? {} : { status: filter.status }));
}

export async function getRequest(ctx: Ctx, requestId: string): Promise<CustomPlanRequest> {
  const found = await store.findRequest(ctx.deps.db, ctx.actor, requestId);
  if (!found) throw notFound('custom plan request');
  return (await requestsOf(ctx.deps.db, [found]))[0]!;
}

async function openRequestForOps(ctx: Ctx, requestId: string, action: 'publish' | 'decline'): Promise<store.RequestRow> {
  const found = await store.findRequest(ctx.deps.db, ctx.actor, requestId);
  if (!found) throw notFound('custom plan request');
  if (!isPlatformOps(ctx.actor)) throw forbidden(`only platform operations ${action} custom plans`);
  nextRequestStatus(found.status, action);
  return found;
}

const alreadyDecided = () => new DomainError('invalid_transition', 'the request was decided by someone else a moment ago; reload it');

/**
 * Ops publish the custom plan an employer asked for: a new plan owned by that employer (key `custom-<id>`) whose
 * version 1 carries the negotiated terms. Only that employer sees it (and may put it on its orders).
 */
export async function publishCustomPlan(
  ctx: Ctx,
  requestId: string,
  input: { name: LocalizedText; terms: unknown; note?: string | undefined },
): Promise<{ request: CustomPlanRequest; plan: PlanSummary; version: PlanVersionDetail }> {
  const request = await openRequestForOps(ctx, requestId, 'publish');
  const terms = parseTerms(input.terms, 'terms');
  const note = (input.note ?? '').trim();
  const planId = newId();
  const versionId = await inTransaction(ctx.deps.db, async (tx) => {
    let key = customPlanKey(planId);
    for (let attempt = 1; await store.planKeyTaken(tx, key); attempt++) key = customPlanKey(planId, attempt);
    const plan: store.PlanRow = {
      id: planId,
      key,
      tier: 'custom',
      nameZh: input.name.zh.trim(),
      nameEn: input.name.en.trim(),
      ownerOrgId: request.orgId,
      createdAt: ctx.deps.clock.now().toISOString(),
    };
    await store.insertPlan(tx, plan);
    const id = await insertNextVersion(tx, ctx, plan, { terms, note });
    const decided = await store.resolveRequest(tx, requestId, {
      status: 'published',
      planId,
      responseNote: note === '' ? null : note,
      resolvedBy: ctx.actor.userId,
      resolvedAt: ctx.deps.clock.now().toISOString(),
    });
    if (!decided) throw alreadyDecided();
    await record(tx, ctx, {
      type: 'plan.custom_published',
      subjectType: 'custom_plan_request',
      subjectId: requestId,
      orgId: request.orgId,
      payload: { planId, planKey: key, planVersionId: id, termsHash: termsHash(terms), name: { zh: plan.nameZh, en: plan.nameEn } },
    });
    await notify(tx, ctx.deps.clock.now(), {
      orgId: request.orgId,
      kind: 'plan.custom_published',
      subjectType: 'plan',
      subjectId: planId,
      params: { planVersionId: id, planKey: key, planNameZh: plan.nameZh, planNameEn: plan.nameEn, requestId },
    });
    return id;
  });
  const [updated, summary, version] = await Promise.all([getRequest(ctx, requestId), getPlan(ctx, planId), versionDetail(ctx.deps.db, ctx, versionId)]);
  return { request: updated, plan: summary.plan, version };
}

/** Ops decline a request, saying why; the employer reads the note. */
export async function declineCustomPlan(ctx: Ctx, requestId: string, input: { note: string }): Promise<CustomPlanRequest> {
  const request = await openRequestForOps(ctx, requestId, 'decline');
  const note = input.note.trim();
  await inTransaction(ctx.deps.db, async (tx) => {
    const decided = await store.resolveRequest(tx, requestId, {
      status: 'declined',
      planId: null,
      responseNote: note,
      resolvedBy: ctx.actor.userId,
      resolvedAt: ctx.deps.clock.now().toISOString(),
    });
    if (!decided) throw alreadyDecided();
    await record(tx, ctx, { type: 'plan.custom_declined', subjectType: 'custom_plan_request', subjectId: requestId, orgId: request.orgId, payload: {} });
    await notify(tx, ctx.deps.clock.now(), { orgId: request.orgId, kind: 'plan.custom_declined', subjectType: 'custom_plan_request', subjectId: requestId, params: { note } });
  });
  return getRequest(ctx, requestId);
}
