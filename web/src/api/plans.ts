/** Shapes of the plans API (`/api/v1/plans`, `/plan-versions`, `/custom-plan-requests`) that the plan pages read, from the API contract. */
import { everyOf, type ResponseOf } from './contract';

export type PlanSummary = ResponseOf<'/api/v1/plans'>['items'][number];
export type PlanWithVersions = ResponseOf<'/api/v1/plans/{planId}'>;
export type VersionHead = PlanWithVersions['versions'][number];

export type PlanTier = PlanSummary['tier'];
/** The tiers, cheapest to richest, custom last. */
export const PLAN_TIERS = everyOf<PlanTier>()(['match_only', 'standard', 'full_lifecycle', 'manufacturing_skill', 'custom']);

export type PlanVersionDetail = ResponseOf<'/api/v1/plan-versions/{planVersionId}'>;
export type Scope = PlanVersionDetail['scope'];

export type TierComparison = ResponseOf<'/api/v1/plans/comparison'>;

export type CustomPlanRequest = ResponseOf<'/api/v1/custom-plan-requests/{requestId}'>;
export type RequestStatus = CustomPlanRequest['status'];

export type PublishedCustomPlan = ResponseOf<'/api/v1/custom-plan-requests/{requestId}/publish', 'post'>;
