/** The placements API (`/api/v1/placements`): its shapes, from the API contract, and its calls. */
import { api } from './client';
import { everyOf, type BodyOf, type ResponseOf } from './contract';

export type PlacementPage = ResponseOf<'/api/v1/placements'>;
export type PlacementSummary = PlacementPage['items'][number];
export type PlacementDetail = ResponseOf<'/api/v1/placements/{placementId}'>;

export type PlacementStatus = PlacementSummary['status'];
/** Every status, in the order a placement moves through them (the list's filter). */
export const PLACEMENT_STATUSES = everyOf<PlacementStatus>()(['pending_acceptance', 'active', 'guarantee_passed', 'replacing', 'replaced', 'refunded', 'closed']);

export type PlacementSide = PlacementSummary['mySides'][number];
export type LocalizedText = NonNullable<PlacementSummary['plan']['name']>;

export type ScheduleItem = PlacementDetail['schedule'][number];
export type ObligationKind = ScheduleItem['kind'];
/** The scheduled kinds, in the order the timeline's legend lists them. */
export const OBLIGATION_KINDS = everyOf<ObligationKind>()(['installment.due', 'checkin.open', 'support_task.due', 'milestone.due', 'guarantee.end']);

export type InstallmentItem = PlacementDetail['installments'][number];
export type FactsCorrection = BodyOf<'/api/v1/placements/{placementId}/correct'>;

/** Paths of the list (for cursor paging) and of one placement. */
export const PLACEMENTS_PATH = '/placements';
const placementPath = (id: string) => `/placements/${encodeURIComponent(id)}`;

export const getPlacement = (id: string, signal?: AbortSignal) => api.get<PlacementDetail>(placementPath(id), { signal });

/** Accepts for the caller's sides, naming the agreement it read (a changed agreement is refused). */
export const acceptPlacement = (p: Pick<PlacementDetail, 'id' | 'agreementHash'>) =>
  api.post<PlacementDetail>(`${placementPath(p.id)}/accept`, { agreementHash: p.agreementHash } satisfies BodyOf<'/api/v1/placements/{placementId}/accept'>);

export const correctPlacementFacts = (id: string, body: FactsCorrection) => api.post<PlacementDetail>(`${placementPath(id)}/correct`, body);
