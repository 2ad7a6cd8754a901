/** The ratings API (`/api/v1/ratings…`, `/orgs/:id/ratings`): its shapes, from the API contract. */
import { api } from './client';
import type { ResponseOf } from './contract';

export type ConsultantRating = ResponseOf<'/api/v1/ratings/me'>;
export type OrgRatings = ResponseOf<'/api/v1/orgs/{orgId}/ratings'>;
export type AgencyRating = ResponseOf<'/api/v1/ratings/agencies'>['items'][number];
export type RatingMetric = ConsultantRating['metrics'][number];
export type Tier = ConsultantRating['tier'];
export type Metric = RatingMetric['metric'];

export const getMyRating = (signal?: AbortSignal) => api.get<ConsultantRating>('/ratings/me', { signal });
export const getOrgRatings = (orgId: string, signal?: AbortSignal) => api.get<OrgRatings>(`/orgs/${encodeURIComponent(orgId)}/ratings`, { signal, query: { limit: 100 } });
export const getAgencyRatings = (signal?: AbortSignal) => api.get<ResponseOf<'/api/v1/ratings/agencies'>>('/ratings/agencies', { signal, query: { limit: 100 } });
