import { z } from 'zod';
import type { AppDeps } from '../platform/deps.ts';
import { ctxOf } from '../platform/http/app.ts';
import { IdParam, IsoInstant } from '../platform/http/schemas.ts';
import type { App } from '../platform/http/types.ts';
import { COMPARISON_ROWS } from './plan-comparison.rules.ts';
import { PLAN_TEMPLATE_KEYS } from './plan-templates.ts';
import * as service from './service.ts';

const Localized = z.object({ zh: z.string(), en: z.string() });
const TierSchema = z.enum(PLAN_TEMPLATE_KEYS);
const PersonView = z.object({ id: z.string(), name: z.string() });
const OwnerView = z.object({ orgId: z.string(), orgName: z.string() }).nullable();
const Sha256Hex = z.string().describe('SHA-256 in lowercase hex of the canonical JSON of the terms');
const TermsView = z.record(z.string(), z.unknown()).describe('Complete terms of the plan version (DESIGN §4.1)');
const TermsInput = z
  .record(z.string(), z.unknown())
  .describe('Complete terms (DESIGN §4.1). Checked by the terms engine; a problem answers 400 naming its place, e.g. "terms.guarantee.days must be a whole number ≥ 0"');
const Note = z.string().trim().max(2000);

const VersionHeadView = z.object({ id: z.string(), version: z.number().int(), termsHash: Sha256Hex, note: z.string(), publishedAt: IsoInstant, publishedBy: PersonView.nullable() });

const PlanView = z.object({
  id: z.string(),
  key: z.string(),
  tier: TierSchema,
  name: Localized,
  builtIn: z.boolean().describe('A built-in tier offered to every employer'),
  selectable: z.boolean().describe('Whether a job order may use it (false for the built-in custom template, a starting point only)'),
  owner: OwnerView.describe('The employer a custom plan belongs to; null for built-in tiers'),
  createdAt: IsoInstant,
  latest: VersionHeadView,
  versionCount: z.number().int(),
});

const ScopeView = z.object({ included: z.array(Localized), excluded: z.array(Localized) });

const VersionView = z.object({
  id: z.string(),
  planId: z.string(),
  planKey: z.string(),
  tier: TierSchema,
  name: Localized,
  version: z.number().int(),
  terms: TermsView,
  termsHash: Sha256Hex,
  canonicalTerms: z.string().describe('The exact text the terms hash is computed over'),
  publishedAt: IsoInstant,
  publishedBy: PersonView.nullable(),
  note: z.string(),
  builtIn: z.boolean(),
  selectable: z.boolean(),
  owner: OwnerView,
  latestVersion: z.number().int(),
  isLatest: z.boolean(),
  scope: ScopeView.describe('The human statement of what is and is not included, which both sides accept'),
  wording: z.object({ 'zh-CN': z.array(z.string()), en: z.array(z.string()) }).describe('The machine rules in plain words, one line per topic'),
});

const ComparisonView = z.object({
  plans: z.array(
    z.object({
      planId: z.string(),
      planVersionId: z.string(),
      key: z.string(),
      tier: TierSchema,
      name: Localized,
      version: z.number().int(),
      termsHash: Sha256Hex,
      builtIn: z.boolean(),
      selectable: z.boolean(),
    }),
  ),
  rows: z.array(
    z.object({
      key: z.enum(COMPARISON_ROWS),
      label: Localized,
      cells: z.array(z.object({ value: z.unknown().describe("The row's machine value for this plan"), text: Localized })).describe('One cell per plan, in the order of `plans`'),
    }),
  ),
});

const RequestStatusSchema = z.enum(['open', 'published', 'declined']);
const RequestView = z.object({
  id: z.string(),
  org: z.object({ id: z.string(), name: z.string() }),
  requestedBy: PersonView,
  description: z.string(),
  status: RequestStatusSchema,
  plan: z.object({ id: z.string(), key: z.string() }).nullable(),
  responseNote: z.string().nullable(),
  resolvedBy: PersonView.nullable(),
  resolvedAt: IsoInstant.nullable(),
  createdAt: IsoInstant,
});

const PlanNameInput = z.object({
  zh: z.string().trim().min(1, 'must not be empty').max(100),
  en: z.string().trim().min(1, 'must not be empty').max(100),
});

/** Terms go out as plain JSON objects (the view keeps every key of the snapshot). */
const versionView = (v: service.PlanVersionDetail) => ({ ...v, terms: { ...v.terms } });

export function registerPlanRoutes(app: App, deps: AppDeps): void {
  const tags = ['plans'];

  app.get('/api/v1/plans', {
    schema: { tags, summary: "Plans the caller may see (built-in tiers and its org's custom plans; ops: all), each with its latest version", response: { 200: z.object({ items: z.array(PlanView) }) } },
  }, async (req) => ({ items: await service.listPlans(ctxOf(deps, req)) }));

  app.get('/api/v1/plans/comparison', {
    schema: { tags, summary: "Tier comparison computed from the latest versions' terms (built-in tiers, plus an employer's own custom plans)", response: { 200: ComparisonView } },
  }, async (req) => service.compareTiers(ctxOf(deps, req)));

  app.get('/api/v1/plans/:planId', {
    schema: { tags, summary: 'One plan with all its versions, newest first', params: z.object({ planId: IdParam }), response: { 200: z.object({ plan: PlanView, versions: z.array(VersionHeadView) }) } },
  }, async (req) => service.getPlan(ctxOf(deps, req), req.params.planId));

  app.post('/api/v1/plans/:planId/versions', {
    schema: {
      tags,
      summary: 'Publish a new version of a plan (platform ops): the complete new terms become version n + 1; published versions never change',
      params: z.object({ planId: IdParam }),
      body: z.object({
        terms: TermsInput,
        note: Note.min(1, 'must say what changed and why'),
        expectedVersion: z.number().int().min(1).optional().describe('The version the edit started from; 409 if the plan has moved on'),
      }),
      response: { 201: VersionView },
    },
  }, async (req, reply) => reply.code(201).send(versionView(await service.publishVersion(ctxOf(deps, req), req.params.planId, req.body))));

  app.get('/api/v1/plan-versions/:planVersionId', {
    schema: { tags, summary: 'One plan version: terms, terms hash, scope statement and the terms in plain words (zh-CN and en)', params: z.object({ planVersionId: IdParam }), response: { 200: VersionView } },
  }, async (req) => versionView(await service.getVersionDetail(ctxOf(deps, req), req.params.planVersionId)));

  app.post('/api/v1/orgs/:orgId/custom-plan-requests', {
    schema: {
      tags,
      summary: "Request a custom plan for the caller's employer org (employer admin or HR)",
      params: z.object({ orgId: IdParam }),
      body: z.object({ description: z.string().trim().min(1, 'must describe the plan you need').max(4000) }),
      response: { 201: RequestView },
    },
  }, async (req, reply) => reply.code(201).send(await service.requestCustomPlan(ctxOf(deps, req), req.params.orgId, req.body)));

  app.get('/api/v1/orgs/:orgId/custom-plan-requests', {
    schema: { tags, summary: "An org's custom-plan requests, newest first", params: z.object({ orgId: IdParam }), response: { 200: z.object({ items: z.array(RequestView) }) } },
  }, async (req) => ({ items: await service.listOrgRequests(ctxOf(deps, req), req.params.orgId) }));

  app.get('/api/v1/custom-plan-requests', {
    schema: { tags, summary: "Every org's custom-plan requests (platform ops), newest first", querystring: z.object({ status: RequestStatusSchema.optional() }), response: { 200: z.object({ items: z.array(RequestView) }) } },
  }, async (req) => ({ items: await service.listAllRequests(ctxOf(deps, req), { status: req.query.status }) }));

  app.get('/api/v1/custom-plan-requests/:requestId', {
    schema: { tags, summary: 'One custom-plan request', params: z.object({ requestId: IdParam }), response: { 200: RequestView } },
  }, async (req) => service.getRequest(ctxOf(deps, req), req.params.requestId));

  app.post('/api/v1/custom-plan-requests/:requestId/publish', {
    schema: {
      tags,
      summary: "Publish the requested custom plan (platform ops): a plan only the requesting employer sees, whose version 1 has the given terms",
      params: z.object({ requestId: IdParam }),
      body: z.object({ name: PlanNameInput, terms: TermsInput, note: Note.optional() }),
      response: { 201: z.object({ request: RequestView, plan: PlanView, version: VersionView }) },
    },
  }, async (req, reply) => {
    const published = await service.publishCustomPlan(ctxOf(deps, req), req.params.requestId, req.body);
    return reply.code(201).send({ ...published, version: versionView(published.version) });
  });

  app.post('/api/v1/custom-plan-requests/:requestId/decline', {
    schema: {
      tags,
      summary: 'Decline a custom-plan request with a note to the employer (platform ops)',
      params: z.object({ requestId: IdParam }),
      body: z.object({ note: Note.min(1, 'must tell the employer why') }),
      response: { 200: RequestView },
    },
  }, async (req) => service.declineCustomPlan(ctxOf(deps, req), req.params.requestId, req.body));
}
