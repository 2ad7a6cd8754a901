export const FORM_STATUSES = ['scheduled', 'open', 'answered', 'missed'] as const;
export type FormStatus = (typeof FORM_STATUSES)[number];
export interface CheckinForm {
  id: string;
  day: number;
  respondent: 'employer' | 'candidate';
  opensOn: string;
  closesOn: string;
  status: FormStatus;
  answeredAt: string | null;
  answers: Record<string, unknown> | null;
  linkActive: boolean;
}
export type TaskKind = 'onboarding_coaching' | 'return_visit' | 'integration_plan' | 'retention_intervention';
export interface SupportTask {
  id: string;
  placementId: string;
  kind: TaskKind;
  source: 'terms' | 'flag';
  dueOn: string;
  status: 'open' | 'done' | 'overdue';
  doneAt: string | null;
  doneOn: string | null;
  note: string | null;
}
export type FlagReason = 'intent_to_stay_low' | 'satisfaction_low' | 'dismissal_risk' | 'candidate_form_missed' | 'risk_high';
export interface PlacementFlag {
  id: string;
  formId: string | null;
  reasons: FlagReason[];
  flaggedOn: string;
}
export const CLAIM_STATES = ['rejected', 'pending_review', 'awaiting_remedy', 'refunded', 'replacement_pending', 'replacement_overdue', 'replaced'] as const;
export type ClaimState = (typeof CLAIM_STATES)[number];
export const REASONS = [
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
] as const;
export type Reason = (typeof REASONS)[number];
export type Remedy = 'refund' | 'replacement';
export type Clause = 'reason' | 'guarantee' | 'notice' | 'payment' | 'outcome' | 'remedies' | 'refund' | 'replacement';
export interface WordedClause {
  clause: Clause;
  met: boolean | null;
  text: string;
}
export interface Claim {
  id: string;
  placementId: string;
  reason: Reason;
  lastWorkingDay: string | null;
  reportedOn: string;
  remedy: Remedy | null;
  comment: string;
  state: ClaimState;
  decision: {
    status: 'eligible' | 'needs_review' | 'ineligible';
    codes: string[];
    daysServed: number;
    allowedRemedies: Remedy[];
    remedyRejected: string | null;
    refund: { amount: string; finalFee: string; cashRefund: string; stillDue: string } | null;
    replacement: { deliverBy: string; guaranteeDays: number } | null;
  };
  termsHash: string;
  replacementPlacementId: string | null;
  deliverBy: string | null;
  extended: boolean;
  review: { covered: boolean; reason: string } | null;
  /** Ineligibility codes an arbitrator set aside when overturning a rejection. */
  setAsideCodes: string[];
  createdAt: string;
}
export interface ClaimDetail extends Claim {
  inWords: { 'zh-CN': WordedClause[]; en: WordedClause[] };
  placement: { candidateName: string; orderTitle: string | null; startDate: string; fee: string; currency: string; status: string; guaranteeDays: number; replacesPlacementId: string | null };
  replacement: {
    orderId: string;
    submissions: { id: string; candidateName: string; consultantName: string; stage: string; createdAt: string; placementId: string | null }[];
    placement: { id: string; status: string; startDate: string; guaranteeDays: number } | null;
  } | null;
}
export const OPEN_CLAIM_STATES: ClaimState[] = ['pending_review', 'awaiting_remedy', 'replacement_pending', 'replacement_overdue'];
export interface ListPage<T> {
  items: T[];
  nextCursor: string | null;
}
