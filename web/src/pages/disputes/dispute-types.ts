/** A dispute as GET /api/v1/disputes/{id} returns it (src/disputes/routes.ts). */
export type DisputeSide = 'poster' | 'deliverer' | 'owner';
export type DisputeState = 'awaiting_response' | 'awaiting_decision' | 'decided';
export type DisputeOutcome = 'uphold' | 'overturn' | 'adjust';
export type DisputeType = 'claim_decision' | 'refund_amount' | 'service_quality' | 'payment' | 'ownership';

export interface DisputeDetail {
  id: string;
  type: DisputeType;
  subjectId: string;
  claimId: string | null;
  installmentId: string | null;
  payments: { id: string; amount: string; paidOn: string; reversedOn: string | null }[];
  currency: string;
  placementId: string | null;
  refusal: { id: string; orderId: string; orderTitle: string; candidateName: string; refusedOn: string; protectedUntil: string; acceptedSubmissionId: string | null } | null;
  state: DisputeState;
  raisedBy: { side: 'poster' | 'deliverer'; userId: string };
  respondent: { side: DisputeSide };
  arbitratorUserId: string | null;
  deadlines: { contestedOn: string; windowClosesOn: string; raisedOn: string; answerBy: string; decideBy: string };
  statement: string;
  response: { statement: string | null; respondedAt: string | null; missed: boolean };
  evidence: { id: string; fileId: string; side: DisputeSide; name: string; mediaType: string; sizeBytes: number; sha256: string; addedAt: string; downloadUrl: string }[];
  decision: { outcome: DisputeOutcome; amount: string | null; currency: string; reasons: string; decidedOn: string; decidedAt: string; effects: Record<string, unknown> } | null;
  overdue: boolean;
  overdueOn: string | null;
  mySide: DisputeSide | null;
  can: { respond: boolean; addEvidence: boolean; assign: boolean; decide: boolean };
  today: string;
  createdAt: string;
  updatedAt: string;
}

export interface Arbitrator {
  id: string;
  name: string;
  tiedOrgIds: string[];
}
