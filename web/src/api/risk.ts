/** The retention-risk API (`/api/v1/risk…`, `/placements/:id/risk`): its shapes, from the API contract. */
import { api } from './client';
import type { BodyOf, ResponseOf } from './contract';

export type PlacementRisk = ResponseOf<'/api/v1/placements/{placementId}/risk'>;
export type RiskScore = PlacementRisk['history'][number];
export type RiskBand = RiskScore['band'];
export type RiskSettings = ResponseOf<'/api/v1/risk/settings'>;
export type ProtectedInput = RiskSettings['protectedInputs'][number];
export type RiskSettingsChange = BodyOf<'/api/v1/risk/settings', 'put'>;

/** GET /risk/fairness: the model's fairness report (platform ops). */
export type FairnessReport = ResponseOf<'/api/v1/risk/fairness'>;
export type FairnessGroup = FairnessReport['groups'][number];
export type FairnessProxy = FairnessReport['proxies'][number];

export const getPlacementRisk = (placementId: string, signal?: AbortSignal) => api.get<PlacementRisk>(`/placements/${encodeURIComponent(placementId)}/risk`, { signal });
export const getRiskSettings = (signal?: AbortSignal) => api.get<RiskSettings>('/risk/settings', { signal });
export const getFairnessReport = (signal?: AbortSignal) => api.get<FairnessReport>('/risk/fairness', { signal });
export const saveRiskSettings = (body: RiskSettingsChange) => api.put<RiskSettings>('/risk/settings', body);
