/** Shapes of the placements API (`/api/v1/placements`) that these pages read. */

export const PLACEMENT_STATUSES = ['pending_acceptance', 'active', 'guarantee_passed', 'replacing', 'replaced', 'refunded', 'closed'] as const;
export type PlacementStatus = (typeof PLACEMENT_STATUSES)[number];

export type PlacementSide = 'poster' | 'deliverer';

export interface LocalizedText {
  zh: string;
  en: string;
}

export interface Acceptance {
  side: PlacementSide;
  name: string | null;
  at: string;
}

export interface PlacementSummary {
  id: string;
  status: PlacementStatus;
  candidateName: string;
  order: { id: string; title: string | null; city: string | null };
  poster: { orgId: string; name: string | null };
  deliverer: { orgId: string; name: string | null; consultantId: string; consultantName: string | null };
  plan: { versionId: string; name: LocalizedText | null; tier: string | null };
  startDate: string;
  timeZone: string;
  currency: string;
  annualSalary: string;
  fee: string;
  termsHash: string;
  /** What both sides accept: the terms hash and the hire's facts. */
  agreementHash: string;
  acceptances: { poster: Acceptance | null; deliverer: Acceptance | null };
  pendingSides: PlacementSide[];
  mySides: PlacementSide[];
  canAccept: boolean;
  canCorrect: boolean;
  createdAt: string;
}

export interface PlacementPage {
  items: PlacementSummary[];
  nextCursor: string | null;
}

export const OBLIGATION_KINDS = ['installment.due', 'checkin.open', 'support_task.due', 'milestone.due', 'guarantee.end'] as const;
export type ObligationKind = (typeof OBLIGATION_KINDS)[number];

export interface ScheduleItem {
  kind: ObligationKind;
  date: string;
  dueAt: string;
  payload: Record<string, unknown>;
}

export interface ObligationItem {
  id: string;
  kind: string;
  date: string | null;
  dueAt: string;
  status: 'pending' | 'done' | 'failed' | 'cancelled';
  payload: Record<string, unknown>;
}

export interface InstallmentItem {
  index: number;
  trigger: string;
  triggerDate: string;
  dueDate: string;
  amount: string;
}

export interface PlacementDetail extends PlacementSummary {
  submissionId: string;
  guaranteeDays: number;
  replacesPlacementId: string | null;
  replacedBy: { id: string; status: PlacementStatus } | null;
  terms: Record<string, unknown>;
  termsCanonicalJson: string;
  termsInWords: { 'zh-CN': string[]; en: string[] };
  scope: { included: LocalizedText[]; excluded: LocalizedText[] };
  installments: InstallmentItem[];
  schedule: ScheduleItem[];
  obligations: ObligationItem[];
}
