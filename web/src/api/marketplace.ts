/** Shapes of the marketplace API (job orders, the marketplace, engagements) that these pages read, from the API contract. */

import { everyOf, type QueryOf, type ResponseOf } from './contract';
import type { Scope } from './plans';
export { PLAN_TIERS } from './plans';

export type OrderStatus = ResponseOf<'/api/v1/orders/{orderId}'>['status'];
export const ORDER_STATUSES = everyOf<OrderStatus>()(['draft', 'open', 'paused', 'filled', 'closed']);

// The job vocabulary is the server's own list (pure data), so the web app can never offer a code the API refuses.
import type { JobFunction, JobLevel } from '../../../src/marketplace/job-catalog.ts';
export { JOB_FUNCTIONS, JOB_LEVELS } from '../../../src/marketplace/job-catalog.ts';
export type { JobFunction, JobLevel };

// Currencies are the server's money module's own list (pure), so the form offers exactly what the API takes.
import { CURRENCIES, minorDigitsOf } from '../../../src/platform/money.ts';
export { CURRENCIES };

/** Currencies without minor units (amounts are whole numbers). */
export const WHOLE_CURRENCIES: readonly string[] = CURRENCIES.filter((c) => minorDigitsOf(c) === 0);

export type MarketSort = NonNullable<QueryOf<'/api/v1/marketplace/orders'>['sort']>;
export const MARKET_SORTS = everyOf<MarketSort>()(['relevance', 'reward', 'newest']);

export type OrderSummary = ResponseOf<'/api/v1/orders'>['items'][number];
export type OrderDetail = ResponseOf<'/api/v1/orders/{orderId}'>;
export type OrderPage = ResponseOf<'/api/v1/orgs/{orgId}/orders'>;
export type PlanRef = OrderSummary['plan'];
export type PlanTier = PlanRef['tier'];
export type Reward = OrderSummary['reward'];

export type MarketPage = ResponseOf<'/api/v1/marketplace/orders'>;
/** The terms go out as an open record (their schema is the plans area's); the pages read only their scope. */
export type OrderTerms = Omit<ResponseOf<'/api/v1/orders/{orderId}/terms'>, 'terms'> & { terms: { scope?: Scope } & Record<string, unknown> };

export type EngagementPage = ResponseOf<'/api/v1/engagements'>;
export type Engagement = EngagementPage['items'][number];
export type EngagementStatus = Engagement['status'];

/** What the plan picker reads of `/plans` (the plans area's API). */
export type PlanChoice = ResponseOf<'/api/v1/plans'>['items'][number];
/** What the plan picker reads of `/plan-versions/:id`. */
export type PlanVersionWords = ResponseOf<'/api/v1/plan-versions/{planVersionId}'>;

/** The body of POST /orgs/:orgId/orders and PATCH /orders/:orderId. */
export interface OrderInput {
  clientName?: string | null;
  title: string;
  city: string;
  function: JobFunction;
  level: JobLevel;
  headcount: number;
  currency: string;
  salaryMin: string;
  salaryMax: string;
  description: string;
  reward: Reward;
  planVersionId: string;
}
