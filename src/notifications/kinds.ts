/*
 * Every inbox item kind, declared once: what it links to and the values its message is made of. notify()
 * accepts only these kinds with exactly these params, and the web app renders `notifications.kinds.<kind>` from
 * this list (a unit test checks each kind has its words in both languages). A new area adds its kinds HERE.
 *
 * Params are what a sentence needs: titles, codes, amounts with their currency, org names. Never a
 * candidate's name or contact: an item addressed to a whole org reaches people of another agency, and the
 * subject's own page shows the candidate to whoever may see it. Pure data: the web app imports this file.
 */

/** What an item links to; one name per thing, as in the audit log (`job_order`, never `order`). */
export type NotificationSubjectType = 'submission' | 'placement' | 'claim' | 'dispute' | 'job_order' | 'plan' | 'custom_plan_request';

type Kind<S extends NotificationSubjectType, P> = { subject: S; params?: P };
const kind =
  <P extends Record<string, string | number>>() =>
  <S extends NotificationSubjectType>(subject: S): Kind<S, P> => ({ subject });

/** Who sent the candidate (told to the poster) or who received it (told to the consultant). */
type OtherSide = { agencyName?: string; posterName?: string };

type Respondent = 'employer' | 'candidate';
type Empty = Record<string, never>;

export const NOTIFICATION_KINDS = {
  'submission.created': kind<{ orderTitle: string; agencyName: string }>()('submission'),
  'submission.stage_changed': kind<{ orderTitle: string; from: string; to: string } & OtherSide>()('submission'),
  'submission.commented': kind<{ orderTitle: string; stage: string } & OtherSide>()('submission'),
  'placement.created': kind<{ startDate: string; fee: string; currency: string }>()('placement'),
  'placement.accepted': kind<{ side: 'poster' | 'deliverer' }>()('placement'),
  'placement.activated': kind<{ obligationCount: number }>()('placement'),
  'placement.corrected': kind<{ startDate: string; fee: string; currency: string }>()('placement'),
  'placement.guarantee_passed': kind<Empty>()('placement'),
  'installment.issued': kind<{ sequence: number; amount: string; currency: string; dueDate: string }>()('placement'),
  'installment.overdue': kind<{ sequence: number; open: string; currency: string; dueDate: string }>()('placement'),
  'placement.flagged': kind<{ reasons: string; dueOn: string }>()('placement'),
  // After-sales: the placement (or claim) page names the candidate to whoever may see it.
  'checkin.opened': kind<{ day: number; respondent: Respondent; closesOn: string }>()('placement'),
  'checkin.closing': kind<{ day: number; respondent: Respondent; closesOn: string }>()('placement'),
  'checkin.answered': kind<{ day: number; respondent: Respondent }>()('placement'),
  'checkin.missed': kind<{ day: number; respondent: Respondent }>()('placement'),
  'task.due': kind<{ taskKind: string; dueOn: string }>()('placement'),
  'task.overdue': kind<{ taskKind: string; dueOn: string }>()('placement'),
  'task.completed': kind<{ taskKind: string }>()('placement'),
  'claim.filed': kind<{ status: string }>()('placement'),
  'claim.evidence_added': kind<Empty>()('claim'),
  'claim.pending_review': kind<Empty>()('claim'),
  'claim.awaiting_remedy': kind<Empty>()('claim'),
  'claim.rejected': kind<Empty>()('placement'),
  'claim.reviewed': kind<{ covered: number }>()('placement'),
  'claim.refunded': kind<Empty>()('placement'),
  'claim.replacement_pending': kind<{ deliverBy: string }>()('placement'),
  'claim.replacement_extended': kind<{ deliverBy: string }>()('placement'),
  'claim.replacement_overdue': kind<{ deliverBy: string }>()('placement'),
  /** On the original placement: its replacement was hired in time (the new placement waits for both sides). */
  'claim.replaced': kind<{ hiredOn: string }>()('placement'),
  // Disputes: `disputeType` is a code (claim_decision, refund_amount, service_quality); the dispute page says the rest.
  'dispute.raised': kind<{ disputeType: string; answerBy: string }>()('dispute'),
  'dispute.answered': kind<{ disputeType: string }>()('dispute'),
  'dispute.answer_missed': kind<{ disputeType: string; answerBy: string }>()('dispute'),
  'dispute.assigned': kind<{ disputeType: string; decideBy: string }>()('dispute'),
  'dispute.decided': kind<{ disputeType: string; outcome: string }>()('dispute'),
  'dispute.overdue': kind<{ disputeType: string; decideBy: string }>()('dispute'),
  // Skill plan (DESIGN §4.11): the assessor org hears of its assignment and its tasks; both sides of the scores.
  'assessment.assigned': kind<{ posterName: string }>()('placement'),
  'assessment.task_opened': kind<{ day: number; passScore: number; dueOn: string }>()('placement'),
  'assessment.assessor_missing': kind<{ day: number; dueOn: string }>()('placement'),
  'assessment.scored': kind<{ day: number; score: number; passScore: number }>()('placement'),
  'assessment.milestone_failed': kind<{ day: number; score: number; passScore: number }>()('placement'),
  /** The growth curve says the last milestone is unlikely to be met (probability in whole percent). */
  'assessment.projection_warning': kind<{ targetDay: number; threshold: number; projected: number; probabilityPercent: number }>()('placement'),
  'job_order.engaged': kind<{ orderTitle: string; consultantName: string; agencyName: string }>()('job_order'),
  'job_order.engagement_dropped': kind<{ orderTitle: string; consultantName: string; agencyName: string; reason: string }>()('job_order'),
  'job_order.reopened_for_replacement': kind<{ orderTitle: string; deliverBy: string }>()('job_order'),
  'job_order.closed': kind<{ orderTitle: string; reason?: string }>()('job_order'),
  'job_order.closed_by_platform': kind<{ orderTitle: string; reason?: string }>()('job_order'),
  'plan.version_published': kind<{ planVersionId: string; planNameZh: string; planNameEn: string; version: number }>()('plan'),
  'plan.custom_published': kind<{ planVersionId: string; planKey: string; planNameZh: string; planNameEn: string; requestId: string }>()('plan'),
  'plan.custom_declined': kind<{ note: string }>()('custom_plan_request'),
} as const;

type Catalog = typeof NOTIFICATION_KINDS;
export type NotificationKind = keyof Catalog;
export type NotificationParamsOf<K extends NotificationKind> = Exclude<Catalog[K]['params'], undefined>;

export const isNotificationKind = (kind: string): kind is NotificationKind => Object.hasOwn(NOTIFICATION_KINDS, kind);

/** One item as an area sends it: the kind decides the subject type and the params. */
export type NotificationOf<K extends NotificationKind> = {
  /** The receiving org. */
  orgId: string;
  /** One user of `orgId`; null or absent: the org's people who act for it (admins and posters, not consultants). */
  userId?: string | null;
  kind: K;
  subjectType: Catalog[K]['subject'];
  subjectId: string;
  params: NotificationParamsOf<K>;
};

export type NewNotification = { [K in NotificationKind]: NotificationOf<K> }[NotificationKind];
