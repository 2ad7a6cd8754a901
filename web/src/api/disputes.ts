/** The disputes API (`/api/v1/disputes`, `/arbitrators`): its shapes, from the API contract. */
import type { ResponseOf } from './contract';

export type DisputeDetail = ResponseOf<'/api/v1/disputes/{disputeId}'>;
export type DisputeType = DisputeDetail['type'];
export type DisputeState = DisputeDetail['state'];
export type DisputeOutcome = NonNullable<DisputeDetail['decision']>['outcome'];
export type Arbitrator = ResponseOf<'/api/v1/arbitrators'>['items'][number];
