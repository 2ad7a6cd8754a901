/** The ecosystem services API: salary benchmarks and background checks (docs/integrations.md). */
import { api } from './client';
import type { BodyOf, QueryOf, ResponseOf } from './contract';

export type BenchmarkPage = ResponseOf<'/api/v1/benchmarks'>;
export type Benchmark = BenchmarkPage['items'][number];
export type BenchmarkImport = ResponseOf<'/api/v1/benchmarks/imports', 'post'>;
export type PositionAnswer = ResponseOf<'/api/v1/benchmarks/position'>;
export type PlacementBenchmark = ResponseOf<'/api/v1/placements/{placementId}/benchmark'>;
export type BackgroundCheck = ResponseOf<'/api/v1/background-checks/{checkId}'>;
/** One problem of a refused benchmark file, as the import's 400 lists it in `details.errors`. */
export type RowError = { line: number; column: string; message: string };

export const importBenchmarks = (body: BodyOf<'/api/v1/benchmarks/imports'>) => api.post<BenchmarkImport>('/benchmarks/imports', body);
export const listBenchmarks = (limit: number, signal?: AbortSignal) => api.get<BenchmarkPage>(`/benchmarks?limit=${limit}`, { signal });

export function positionOf(q: QueryOf<'/api/v1/benchmarks/position'>, signal?: AbortSignal) {
  const params = new URLSearchParams(q);
  return api.get<PositionAnswer>(`/benchmarks/position?${params.toString()}`, { signal });
}

export const placementBenchmark = (placementId: string, signal?: AbortSignal) => api.get<PlacementBenchmark>(`/placements/${encodeURIComponent(placementId)}/benchmark`, { signal });

export type CheckSubject = { kind: 'submission' | 'placement'; id: string };
const checksPath = (s: CheckSubject) => `/${s.kind === 'submission' ? 'submissions' : 'placements'}/${encodeURIComponent(s.id)}/background-checks`;
/** A subject's checks; for a placement, also whether its signed terms offer a re-verification. */
export const listChecks = (s: CheckSubject, signal?: AbortSignal) => api.get<{ items: BackgroundCheck[]; reverificationOffered?: ResponseOf<'/api/v1/placements/{placementId}/background-checks'>['reverificationOffered'] }>(checksPath(s), { signal });
export const orderCheck = (s: CheckSubject) => api.post<BackgroundCheck>(checksPath(s), {});
export const resendCheck = (checkId: string) => api.post<BackgroundCheck>(`/background-checks/${encodeURIComponent(checkId)}/resend`, {});
