/** Shapes of the plans API (`/api/v1/plans`, `/plan-versions`, `/custom-plan-requests`) that the plan pages read. */

export interface LocalizedText {
  zh: string;
  en: string;
}

export const PLAN_TIERS = ['match_only', 'standard', 'full_lifecycle', 'manufacturing_skill', 'custom'] as const;
export type PlanTier = (typeof PLAN_TIERS)[number];

export interface Person {
  id: string;
  name: string;
}

export interface VersionHead {
  id: string;
  version: number;
  termsHash: string;
  note: string;
  publishedAt: string;
  publishedBy: Person | null;
}

export interface PlanSummary {
  id: string;
  key: string;
  tier: PlanTier;
  name: LocalizedText;
  builtIn: boolean;
  selectable: boolean;
  owner: { orgId: string; orgName: string } | null;
  createdAt: string;
  latest: VersionHead;
  versionCount: number;
}

export interface PlanWithVersions {
  plan: PlanSummary;
  versions: VersionHead[];
}

export interface Scope {
  included: LocalizedText[];
  excluded: LocalizedText[];
}

export interface PlanVersionDetail {
  id: string;
  planId: string;
  planKey: string;
  tier: PlanTier;
  name: LocalizedText;
  version: number;
  terms: Record<string, unknown>;
  termsHash: string;
  canonicalTerms: string;
  publishedAt: string;
  publishedBy: Person | null;
  note: string;
  builtIn: boolean;
  selectable: boolean;
  owner: { orgId: string; orgName: string } | null;
  latestVersion: number;
  isLatest: boolean;
  scope: Scope;
  wording: { 'zh-CN': string[]; en: string[] };
}

// The comparison's row keys are the server's own (a type only: nothing of the server's code is bundled).
import type { ComparisonRowKey } from '../../../../src/plans/plan-comparison.rules.ts';
export type { ComparisonRowKey };

export interface TierComparison {
  plans: {
    planId: string;
    planVersionId: string;
    key: string;
    tier: PlanTier;
    name: LocalizedText;
    version: number;
    termsHash: string;
    builtIn: boolean;
    selectable: boolean;
  }[];
  rows: { key: ComparisonRowKey; label: LocalizedText; cells: { value: unknown; text: LocalizedText }[] }[];
}

export const REQUEST_STATUSES = ['open', 'published', 'declined'] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

export interface CustomPlanRequest {
  id: string;
  org: { id: string; name: string };
  requestedBy: Person;
  description: string;
  status: RequestStatus;
  plan: { id: string; key: string } | null;
  responseNote: string | null;
  resolvedBy: Person | null;
  resolvedAt: string | null;
  createdAt: string;
}

export interface PublishedCustomPlan {
  request: CustomPlanRequest;
  plan: PlanSummary;
  version: PlanVersionDetail;
}
