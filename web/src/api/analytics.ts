/** The analytics API (`/api/v1/analytics`, `/orgs/:id/analytics`): its shapes, from the API contract (docs/analytics.md defines every figure). */
import type { ResponseOf } from './contract';

export type AnalyticsReport = ResponseOf<'/api/v1/analytics'>;
export type SurvivalCurve = AnalyticsReport['survival']['overall'];
export type LabelledCurve = AnalyticsReport['survival']['byPlan'][number];
export type GuaranteeRate = AnalyticsReport['guarantee']['overall'];
