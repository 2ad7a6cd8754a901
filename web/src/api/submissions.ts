/** Shapes of the submissions API (`/api/v1/submissions…`, `/api/v1/orders/:id/submissions`), from the API contract. */
import { everyOf, type ResponseOf } from './contract';

export type SubmissionPage = ResponseOf<'/api/v1/submissions'>;
export type Submission = SubmissionPage['items'][number];
export type SubmissionDetail = ResponseOf<'/api/v1/submissions/{submissionId}'>;
export type SubmissionEvent = SubmissionDetail['events'][number];
export type Reward = SubmissionDetail['order']['reward'];
export type RefusalPage = ResponseOf<'/api/v1/ownership-refusals'>;
export type Refusal = RefusalPage['items'][number];

export type Stage = Submission['stage'];
export const STAGES = everyOf<Stage>()(['submitted', 'screening', 'interviewing', 'offered', 'hired', 'rejected', 'withdrawn']);
/** The board's columns, in pipeline order; rejected and withdrawn share the last column. */
export const PIPELINE: readonly Stage[] = ['submitted', 'screening', 'interviewing', 'offered', 'hired'];
export const FINAL_STAGES: readonly Stage[] = ['hired', 'rejected', 'withdrawn'];
