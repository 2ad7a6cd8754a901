/** Shapes of the marketplace API (job orders, the marketplace, engagements) that these pages read. */

export const ORDER_STATUSES = ['draft', 'open', 'paused', 'filled', 'closed'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

// The job vocabulary is the server's own list (pure data), so the web app can never offer a code the API refuses.
import type { JobFunction, JobLevel } from '../../../../src/marketplace/job-catalog.ts';
export { JOB_FUNCTIONS, JOB_LEVELS } from '../../../../src/marketplace/job-catalog.ts';
export type { JobFunction, JobLevel };

export const PLAN_TIERS = ['match_only', 'standard', 'full_lifecycle', 'manufacturing_skill', 'custom'] as const;
export type PlanTier = (typeof PLAN_TIERS)[number];

export const CURRENCIES = ['CNY', 'USD', 'EUR', 'HKD', 'SGD', 'GBP', 'JPY', 'KRW'] as const;

/** Currencies without minor units (amounts are whole numbers). */
export const WHOLE_CURRENCIES: readonly string[] = ['JPY', 'KRW'];

export const MARKET_SORTS = ['relevance', 'reward', 'newest'] as const;
export type MarketSort = (typeof MARKET_SORTS)[number];

export interface LocalizedText {
  zh: string;
  en: string;
}

export type Reward = { type: 'percent_of_annual_salary'; percent: number } | { type: 'fixed'; amount: string };

export interface PlanRef {
  versionId: string;
  planId: string;
  key: string;
  tier: PlanTier;
  name: LocalizedText;
  version: number;
}

export interface OrderSummary {
  id: string;
  posterOrgId: string;
  posterOrgName: string;
  clientName: string | null;
  postedBy: string;
  title: string;
  city: string;
  function: JobFunction;
  level: JobLevel;
  headcount: number;
  hiredCount: number;
  currency: string;
  salaryMin: string;
  salaryMax: string;
  reward: Reward;
  rewardInWords: LocalizedText;
  rewardEstimate: string;
  plan: PlanRef;
  status: OrderStatus;
  openedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface OrderDetail extends OrderSummary {
  description: string;
  viewer: { asPoster: boolean; canManage: boolean; myEngagement: { id: string; acceptedAt: string; termsHash: string } | null };
  activeEngagements: number | null;
  /** Reopened for a claim's replacement: only the delivering agency's consultants submit until the claim ends. */
  reopenedForReplacement: { claimId: string | null; forYourAgency: boolean } | null;
}

export interface OrderPage {
  items: OrderSummary[];
  nextCursor: string | null;
  counts?: Partial<Record<OrderStatus, number>>;
}

export interface MarketItem extends OrderSummary {
  engaged: boolean;
  relevance: number | null;
}

export interface MarketPage {
  items: MarketItem[];
  nextCursor: string | null;
  /** Orders matching the filters that the consultant's tier does not see yet (§4.9): how many, and when the first opens to it. */
  upcoming?: { tier: 'S' | 'A' | 'B' | 'C'; count: number; opensAt: string; explanation: { zh: string; en: string } } | null;
}

export interface OrderTerms {
  orderId: string;
  plan: PlanRef;
  terms: { scope?: { included: LocalizedText[]; excluded: LocalizedText[] } } & Record<string, unknown>;
  termsHash: string;
  canonicalTerms: string;
  wording: { 'zh-CN': string[]; en: string[] };
}

export type EngagementStatus = 'active' | 'dropped' | 'closed';

export interface Engagement {
  id: string;
  orderId: string;
  orderTitle: string;
  orderStatus: OrderStatus;
  orderCity: string;
  orderFunction: JobFunction;
  postedBy: string;
  consultantId: string;
  consultantName: string;
  agencyOrgId: string;
  agencyName: string;
  posterOrgId: string;
  status: EngagementStatus;
  termsHash: string;
  acceptedAt: string;
  droppedAt: string | null;
  dropReason: string | null;
}

export interface EngagementPage {
  items: Engagement[];
  nextCursor: string | null;
  capacity: { used: number; cap: number } | null;
}

/** What the plan picker reads of `/plans` (the plans area's API). */
export interface PlanChoice {
  id: string;
  key: string;
  tier: PlanTier;
  name: LocalizedText;
  builtIn: boolean;
  selectable: boolean;
  owner: { orgId: string; orgName: string } | null;
  latest: { id: string; version: number; termsHash: string };
}

/** What the plan picker reads of `/plan-versions/:id`. */
export interface PlanVersionWords {
  id: string;
  tier: PlanTier;
  name: LocalizedText;
  version: number;
  termsHash: string;
  scope: { included: LocalizedText[]; excluded: LocalizedText[] };
  wording: { 'zh-CN': string[]; en: string[] };
}

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
