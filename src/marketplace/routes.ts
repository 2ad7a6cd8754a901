import { z } from 'zod';
import { JOB_ORDER_STATUSES } from './job-order.rules.ts';
import { ctxOf } from '../platform/http/app.ts';
import { pageQuery, pageSchema } from '../platform/http/pagination.ts';
import { CalendarDateString, IdParam, IsoInstant, LineText } from '../platform/http/schemas.ts';
import type { App } from '../platform/http/types.ts';
import type { AppDeps } from '../platform/deps.ts';
import { CURRENCIES, formatAmount } from '../platform/money.ts';
import { PLAN_TEMPLATE_KEYS } from '../plans/plan-templates.ts';
import { JOB_FUNCTIONS, JOB_LEVELS } from './job-catalog.ts';
import { rewardInWords } from './order-terms.rules.ts';
import * as service from './service.ts';

// ------------------------------------------------------------------------------------------ shapes

const Reward = z.discriminatedUnion('type', [
  z.object({ type: z.literal('percent_of_annual_salary'), percent: z.number().describe('0–100, at most 2 decimals') }),
  z.object({ type: z.literal('fixed'), amount: z.string().max(24).describe('decimal string in major units of the currency, e.g. "50000.00"') }),
]);
const Decimal = z.string().max(24).describe('decimal string in major units, e.g. "300000.00"');
const OrderStatus = z.enum(JOB_ORDER_STATUSES);
const Fn = z.enum(JOB_FUNCTIONS);
const Level = z.enum(JOB_LEVELS);
const Tier = z.enum(PLAN_TEMPLATE_KEYS);
const Localized = z.object({ zh: z.string(), en: z.string() });

const OrderFields = {
  clientName: LineText(200, 0).nullable().optional().describe("the agency's client (发单方) when an agency posts; absent for employers"),
  title: LineText(200, 0),
  city: LineText(60, 0),
  function: Fn,
  level: Level,
  headcount: z.number().int(),
  currency: z.string().max(3).describe(`one of ${CURRENCIES.join(', ')}`),
  salaryMin: Decimal,
  salaryMax: Decimal,
  description: z.string().max(20_000),
  reward: Reward,
  planVersionId: IdParam,
};
const CreateOrderBody = z.object({ ...OrderFields, description: OrderFields.description.default('') });
const UpdateOrderBody = z.object(OrderFields).partial();

const PlanRefView = z.object({ versionId: z.string(), planId: z.string(), key: z.string(), tier: Tier, name: Localized, version: z.number() });

const OrderSummaryView = z.object({
  id: z.string(),
  posterOrgId: z.string(),
  posterOrgName: z.string(),
  clientName: z.string().nullable(),
  postedBy: z.string().describe('the client name for an agency-posted order, else the poster org'),
  title: z.string(),
  city: z.string(),
  function: Fn,
  level: Level,
  headcount: z.number(),
  hiredCount: z.number(),
  currency: z.string(),
  salaryMin: z.string(),
  salaryMax: z.string(),
  reward: Reward,
  rewardInWords: Localized,
  rewardEstimate: z.string().describe('the reward in major units: the fixed amount, or the percent of the middle of the salary range'),
  plan: PlanRefView,
  status: OrderStatus,
  openedAt: IsoInstant.nullable(),
  createdAt: IsoInstant,
  updatedAt: IsoInstant,
});

const OrderDetailView = OrderSummaryView.extend({
  description: z.string(),
  viewer: z.object({
    asPoster: z.boolean(),
    canManage: z.boolean(),
    myEngagement: z.object({ id: z.string(), acceptedAt: IsoInstant, termsHash: z.string() }).nullable(),
  }),
  activeEngagements: z.number().nullable().describe('for the poster and ops'),
  reopenedForReplacement: z
    .object({ claimId: z.string().nullable().describe("the claim, for the poster, ops and the delivering agency"), forYourAgency: z.boolean() })
    .nullable()
    .describe("reopened for a claim's replacement: only the delivering agency's consultants take it and submit to it until the claim ends"),
});

const MarketItemView = OrderSummaryView.extend({
  engaged: z.boolean().describe('the consultant already works on this order'),
  relevance: z.number().nullable().describe('the relevance score (sort=relevance)'),
});

const EngagementStatus = z.enum(['active', 'dropped', 'closed']);
const EngagementView = z.object({
  id: z.string(),
  orderId: z.string(),
  orderTitle: z.string(),
  orderStatus: OrderStatus,
  orderCity: z.string(),
  orderFunction: Fn,
  postedBy: z.string(),
  consultantId: z.string(),
  consultantName: z.string(),
  agencyOrgId: z.string(),
  agencyName: z.string(),
  posterOrgId: z.string(),
  status: EngagementStatus,
  termsHash: z.string(),
  acceptedAt: IsoInstant,
  droppedAt: IsoInstant.nullable(),
  dropReason: z.string().nullable(),
});

const TermsView = z.object({
  orderId: z.string(),
  plan: PlanRefView,
  terms: z.record(z.string(), z.unknown()),
  termsHash: z.string().describe('SHA-256 of canonicalTerms; send it back as acceptedTermsHash to take the order'),
  canonicalTerms: z.string(),
  wording: z.object({ 'zh-CN': z.array(z.string()), en: z.array(z.string()) }),
});

const OrderListQuery = z.object({
  status: OrderStatus.optional(),
  city: z.string().max(60).optional(),
  function: Fn.optional(),
  level: Level.optional(),
  planTier: Tier.optional(),
  q: z.string().max(100).optional(),
  ...pageQuery,
});
const OrderParams = z.object({ orderId: IdParam });
const EngagementParams = z.object({ engagementId: IdParam });
const Reason = z.string().trim().min(1, 'must not be empty').max(1000);

// ------------------------------------------------------------------------------------------ mapping

function summaryView(v: service.OrderView): z.infer<typeof OrderSummaryView> {
  return {
    id: v.id,
    posterOrgId: v.posterOrgId,
    posterOrgName: v.posterOrgName,
    clientName: v.clientName,
    postedBy: v.postedBy,
    title: v.title,
    city: v.city,
    function: v.function,
    level: v.level,
    headcount: v.headcount,
    hiredCount: v.hiredCount,
    currency: v.currency,
    salaryMin: formatAmount(v.salaryMin, v.currency),
    salaryMax: formatAmount(v.salaryMax, v.currency),
    reward: v.reward,
    rewardInWords: { zh: rewardInWords(v.reward, v.currency, 'zh-CN'), en: rewardInWords(v.reward, v.currency, 'en') },
    rewardEstimate: formatAmount(v.rewardSort, v.currency),
    plan: v.plan,
    status: v.status,
    openedAt: v.openedAt,
    createdAt: v.createdAt,
    updatedAt: v.updatedAt,
  };
}

const detailView = (d: service.OrderDetail): z.infer<typeof OrderDetailView> => ({
  ...summaryView(d),
  description: d.description,
  viewer: d.viewer,
  activeEngagements: d.activeEngagements,
  reopenedForReplacement: d.reopenedForReplacement,
});

const engagementView = (e: service.EngagementWithNames): z.infer<typeof EngagementView> => ({
  id: e.id,
  orderId: e.orderId,
  orderTitle: e.orderTitle,
  orderStatus: e.orderStatus,
  orderCity: e.orderCity,
  orderFunction: e.orderFunction,
  postedBy: e.postedBy,
  consultantId: e.consultantId,
  consultantName: e.consultantName,
  agencyOrgId: e.agencyOrgId,
  agencyName: e.agencyName,
  posterOrgId: e.posterOrgId,
  status: e.status,
  termsHash: e.termsHash,
  acceptedAt: e.acceptedAt,
  droppedAt: e.droppedAt,
  dropReason: e.dropReason,
});

// ------------------------------------------------------------------------------------------ routes

export function registerMarketplaceRoutes(app: App, deps: AppDeps): void {
  const tags = ['marketplace'];

  // --- the poster's orders ---
  app.get('/api/v1/orgs/:orgId/orders', {
    schema: {
      tags,
      summary: "An org's job orders, newest first, with counts per status (its admins and HR; agency admins)",
      params: z.object({ orgId: IdParam }),
      querystring: OrderListQuery,
      response: { 200: pageSchema(OrderSummaryView).extend({ counts: z.record(z.string(), z.number()) }) },
    },
  }, async (req) => {
    const page = await service.listOrgOrders(ctxOf(deps, req), req.params.orgId, req.query);
    return { items: page.items.map(summaryView), nextCursor: page.nextCursor, counts: page.counts };
  });

  app.post('/api/v1/orgs/:orgId/orders', {
    schema: {
      tags,
      summary: 'Post a job order as a draft (employer admin or HR; an agency admin for a named client)',
      params: z.object({ orgId: IdParam }),
      body: CreateOrderBody,
      response: { 201: OrderDetailView },
    },
  }, async (req, reply) => reply.code(201).send(detailView(await service.createOrder(ctxOf(deps, req), req.params.orgId, req.body))));

  app.get('/api/v1/orders', {
    schema: { tags, summary: 'Every job order on the platform (platform ops), newest first', querystring: OrderListQuery.extend({ posterOrgId: IdParam.optional() }), response: { 200: pageSchema(OrderSummaryView) } },
  }, async (req) => {
    const page = await service.listAllOrders(ctxOf(deps, req), req.query);
    return { items: page.items.map(summaryView), nextCursor: page.nextCursor };
  });

  app.get('/api/v1/orders/:orderId', {
    schema: { tags, summary: 'One job order (its poster and ops; consultants while it is open or while they work on it)', params: OrderParams, response: { 200: OrderDetailView } },
  }, async (req) => detailView(await service.getOrder(ctxOf(deps, req), req.params.orderId)));

  app.patch('/api/v1/orders/:orderId', {
    schema: { tags, summary: 'Edit a draft order (only drafts can be edited)', params: OrderParams, body: UpdateOrderBody, response: { 200: OrderDetailView } },
  }, async (req) => detailView(await service.updateOrder(ctxOf(deps, req), req.params.orderId, req.body)));

  app.post('/api/v1/orders/:orderId/open', {
    schema: { tags, summary: 'Open a draft order to the marketplace', params: OrderParams, response: { 200: OrderDetailView } },
  }, async (req) => detailView(await service.openOrder(ctxOf(deps, req), req.params.orderId)));

  app.post('/api/v1/orders/:orderId/pause', {
    schema: { tags, summary: 'Pause an open order (it leaves the marketplace; engagements stay)', params: OrderParams, response: { 200: OrderDetailView } },
  }, async (req) => detailView(await service.pauseOrder(ctxOf(deps, req), req.params.orderId)));

  app.post('/api/v1/orders/:orderId/resume', {
    schema: { tags, summary: 'Resume a paused order', params: OrderParams, response: { 200: OrderDetailView } },
  }, async (req) => detailView(await service.resumeOrder(ctxOf(deps, req), req.params.orderId)));

  app.post('/api/v1/orders/:orderId/close', {
    schema: {
      tags,
      summary: 'Close an order for good (its poster; platform ops with a reason)',
      params: OrderParams,
      body: z.object({ reason: z.string().max(1000).optional() }),
      response: { 200: OrderDetailView },
    },
  }, async (req) => detailView(await service.closeOrder(ctxOf(deps, req), req.params.orderId, req.body.reason)));

  app.get('/api/v1/orders/:orderId/engagements', {
    schema: { tags, summary: 'Who works on the order: consultants and their agencies (its poster and ops)', params: OrderParams, response: { 200: z.object({ items: z.array(EngagementView) }) } },
  }, async (req) => ({ items: (await service.listOrderEngagements(ctxOf(deps, req), req.params.orderId)).map(engagementView) }));

  app.get('/api/v1/orders/:orderId/terms', {
    schema: { tags, summary: "The order's terms a consultant accepts by taking it, with their hash and in plain words", params: OrderParams, response: { 200: TermsView } },
  }, async (req) => {
    const t = await service.getOrderTerms(ctxOf(deps, req), req.params.orderId);
    return { ...t, terms: t.terms as unknown as Record<string, unknown> };
  });

  // --- the marketplace ---
  app.get('/api/v1/marketplace/orders', {
    schema: {
      tags,
      summary: 'Open orders a consultant may take: filters, sort by relevance, reward or newest, cursor pages',
      querystring: z.object({
        city: z.string().max(60).optional(),
        function: Fn.optional(),
        level: Level.optional(),
        planTier: Tier.optional(),
        minReward: z.string().max(24).optional().describe('decimal in major units of rewardCurrency'),
        minRewardMinor: z.string().regex(/^\d{1,18}$/, 'must be a whole number of minor units').optional(),
        rewardCurrency: z.enum(CURRENCIES).optional(),
        postedSince: CalendarDateString.optional().describe("opened on or after this day (the viewer's org time zone)"),
        q: z.string().max(100).optional().describe('text in the title'),
        sort: z.enum(['relevance', 'reward', 'newest']).default('relevance'),
        ...pageQuery,
      }),
      response: {
        200: pageSchema(MarketItemView).extend({
          upcoming: z
            .object({ tier: z.enum(['S', 'A', 'B', 'C']), count: z.number().int(), opensAt: z.string(), explanation: z.object({ zh: z.string(), en: z.string() }) })
            .nullable()
            .describe("a consultant's orders matching the filters that its tier does not see yet, and when the first opens to it (§4.9)"),
        }),
      },
    },
  }, async (req) => {
    const page = await service.searchMarketplace(ctxOf(deps, req), req.query);
    return { items: page.items.map((i) => ({ ...summaryView(i), engaged: i.engaged, relevance: i.relevance })), nextCursor: page.nextCursor, upcoming: page.upcoming };
  });

  app.get('/api/v1/marketplace/cities', {
    schema: { tags, summary: 'Cities with open orders, most first (the city filter)', response: { 200: z.object({ items: z.array(z.object({ city: z.string(), count: z.number() })) }) } },
  }, async (req) => ({ items: await service.marketplaceCities(ctxOf(deps, req)) }));

  // --- engagements ---
  app.post('/api/v1/orders/:orderId/engagements', {
    schema: {
      tags,
      summary: "Take an order (接单), accepting its current terms by their hash; refused over the consultant's cap",
      params: OrderParams,
      body: z.object({ acceptedTermsHash: z.string().regex(/^[0-9a-f]{64}$/, 'must be the terms hash: 64 lowercase hex digits') }),
      response: { 201: EngagementView },
    },
  }, async (req, reply) => reply.code(201).send(engagementView(await service.takeOrder(ctxOf(deps, req), req.params.orderId, req.body.acceptedTermsHash))));

  app.get('/api/v1/engagements', {
    schema: {
      tags,
      summary: "Engagements: a consultant's own (with capacity), an agency admin's agency, all for ops",
      querystring: z.object({ status: EngagementStatus.optional(), consultantId: IdParam.optional(), ...pageQuery }),
      response: {
        200: pageSchema(EngagementView).extend({ capacity: z.object({ used: z.number(), cap: z.number(), tier: z.enum(['S', 'A', 'B', 'C']).describe('the cap is the tier’s (§4.9)') }).nullable() }),
      },
    },
  }, async (req) => {
    const page = await service.listEngagements(ctxOf(deps, req), req.query);
    return { items: page.items.map(engagementView), nextCursor: page.nextCursor, capacity: page.capacity };
  });

  app.get('/api/v1/engagements/:engagementId', {
    schema: { tags, summary: 'One engagement (the consultant, their agency admin, the poster, ops)', params: EngagementParams, response: { 200: EngagementView } },
  }, async (req) => engagementView(await service.getEngagement(ctxOf(deps, req), req.params.engagementId)));

  app.post('/api/v1/engagements/:engagementId/drop', {
    schema: { tags, summary: 'Drop an engagement with a reason (the consultant or their agency admin)', params: EngagementParams, body: z.object({ reason: Reason }), response: { 200: EngagementView } },
  }, async (req) => engagementView(await service.dropEngagement(ctxOf(deps, req), req.params.engagementId, req.body.reason)));
}
