/** Shapes of the after-sales API (check-ins, tasks, flags, claims) that these pages read, from the API contract. */
import { everyOf, type ResponseOf } from './contract';

export type CheckinForm = ResponseOf<'/api/v1/placements/{placementId}/checkins'>['items'][number];
/**
 * The kinds the terms schedule (a flag's intervention among them). Not from the contract: the task routes send the
 * kind as a plain string, and the pages need the union to pick its words.
 */
export type TaskKind = 'onboarding_coaching' | 'return_visit' | 'integration_plan' | 'retention_intervention';
export type SupportTask = Omit<ResponseOf<'/api/v1/placements/{placementId}/tasks'>['items'][number], 'kind'> & { kind: TaskKind };
export type PlacementFlag = ResponseOf<'/api/v1/placements/{placementId}/flags'>['items'][number];

export type Claim = ResponseOf<'/api/v1/claims'>['items'][number];
export type ClaimDetail = ResponseOf<'/api/v1/claims/{claimId}'>;
export type ClaimState = Claim['state'];
export type Reason = Claim['reason'];
export type Remedy = NonNullable<Claim['remedy']>;
export type WordedClause = ClaimDetail['inWords']['en'][number];

/** The reasons a claim may give, in the order the form offers them. */
export const REASONS = everyOf<Reason>()([
  'voluntary_resignation',
  'dismissal_performance',
  'dismissal_misconduct',
  'probation_failed',
  'no_show',
  'skill_milestone_failed',
  'layoff',
  'restructuring',
  'position_eliminated',
  'employer_breach',
  'death_or_disability',
  'mutual_agreement',
  'other',
]);
export const OPEN_CLAIM_STATES: ClaimState[] = ['pending_review', 'awaiting_remedy', 'replacement_pending', 'replacement_overdue'];

export interface ListPage<T> {
  items: T[];
  nextCursor: string | null;
}

/** GET /aftercare/dashboard: what the caller's role watches. */
export type AftercareDashboard = ResponseOf<'/api/v1/aftercare/dashboard'>;
export type DashboardForm = AftercareDashboard['toAnswer'][number];
export type DashboardTask = Omit<AftercareDashboard['tasks'][number], 'kind'> & { kind: TaskKind };
export type DashboardClaim = AftercareDashboard['claims'][number];

export type ClaimEvidenceFile = ResponseOf<'/api/v1/claims/{claimId}/evidence'>['items'][number];
export type ConsultantTaskRate = ResponseOf<'/api/v1/orgs/{orgId}/task-rates'>['items'][number];
/** The candidate's own check-in form, read through its signed link. */
export type CandidateCheckinForm = ResponseOf<'/api/v1/public/checkins/{token}'>;
