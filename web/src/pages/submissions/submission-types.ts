/** Shapes of the submissions API (`/api/v1/submissions…`, `/api/v1/orders/:id/submissions`). */

export const STAGES = ['submitted', 'screening', 'interviewing', 'offered', 'hired', 'rejected', 'withdrawn'] as const;
export type Stage = (typeof STAGES)[number];
/** The board's columns, in pipeline order; rejected and withdrawn share the last column. */
export const PIPELINE: readonly Stage[] = ['submitted', 'screening', 'interviewing', 'offered', 'hired'];
export const FINAL_STAGES: readonly Stage[] = ['hired', 'rejected', 'withdrawn'];

export type Reward = { type: 'percent_of_annual_salary'; percent: number } | { type: 'fixed'; amount: string };

export interface Submission {
  id: string;
  orderId: string;
  orderTitle: string;
  orderStatus: string;
  posterOrgId: string;
  posterOrgName: string;
  consultantId: string;
  consultantName: string;
  agencyOrgId: string;
  agencyName: string;
  candidateName: string;
  phone: string | null;
  email: string | null;
  currentEmployer: string | null;
  currentTitle: string | null;
  yearsExperience: number | null;
  currency: string;
  expectedSalary: string | null;
  notes: string;
  hasResume: boolean;
  stage: Stage;
  stageChangedAt: string;
  createdAt: string;
  /** Made while the order was reopened for this claim's replacement: hiring it makes the free replacement. */
  replacementClaimId: string | null;
}

export interface ResumeFile {
  id: string;
  name: string;
  mediaType: string;
  sizeBytes: number;
  sha256: string;
  uploadedAt: string;
  downloadUrl: string;
}

export interface SubmissionEvent {
  id: string;
  kind: 'created' | 'moved' | 'comment';
  fromStage: Stage | null;
  toStage: Stage;
  comment: string;
  actorName: string;
  actorSide: 'poster' | 'deliverer' | 'platform';
  createdAt: string;
}

export interface SubmissionDetail {
  submission: Submission;
  resume: ResumeFile | null;
  events: SubmissionEvent[];
  order: { id: string; title: string; status: string; currency: string; reward: Reward; headcount: number; hiredCount: number };
  allowedMoves: Stage[];
  sides: ('poster' | 'deliverer')[];
  placementId: string | null;
}

export interface SubmissionPage {
  items: Submission[];
  nextCursor: string | null;
  stageCounts: Partial<Record<Stage, number>>;
}
