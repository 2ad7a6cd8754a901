import type { Role } from '../auth/actor.ts';
import type { JobOrderStatus, OrgKind, SubmissionStage } from '../db/schema.ts';
import type { Currency } from '../money.ts';

/*
 * Every audit event type, declared once: its subject, who may read it, and its payload. `record()` accepts
 * only these, each with its exact payload, so a typo or a stray field is a compile error.
 *
 * A new area adds its events HERE, as entries of AUDIT_EVENTS. Payloads hold ids, codes, amounts (decimal
 * strings with their currency) and hashes only: never a person's name, phone number, e-mail address or a free
 * text a user typed (the log is append-only and is shared in record bundles; personal data must stay erasable
 * in the tables it lives in). Events recorded before this catalog keep their stored bytes, so readers of the
 * log accept older payload shapes (`AuditEvent.payload` is `unknown`).
 */

/** What an event is about. One name per thing: `job_order`, never `order`. */
export type AuditSubjectType =
  | 'platform'
  | 'org'
  | 'user'
  | 'api_token'
  | 'plan'
  | 'custom_plan_request'
  | 'job_order'
  | 'engagement'
  | 'submission'
  | 'ownership_refusal'
  | 'placement'
  | 'installment'
  | 'dispute'
  | 'session'
  | 'webhook_endpoint'
  | 'robot_channel'
  | 'outbox_message';

/**
 * Who reads it, besides platform operations:
 * - `security`: the org's admins (users, tokens, sign-ins, time);
 * - `org`: everyone in the org;
 * - `work`: the org's admins and non-consultant members, and the consultant whose work it is (`workOf`) or who
 *   acted — a consultant sees its own work, not its colleagues'.
 */
export type AuditAudience = 'security' | 'org' | 'work';

type Entry<S extends AuditSubjectType, A extends AuditAudience, P> = { subject: S; audience: A; payload?: P };

/** Declares one event type: its subject and audience now, its payload type as the type argument. */
const event =
  <P extends Record<string, unknown>>() =>
  <S extends AuditSubjectType, A extends AuditAudience>(subject: S, audience: A): Entry<S, A, P> => ({ subject, audience });

type Empty = Record<string, never>;
/** An amount as a decimal string, always next to its `currency`. */
type Amount = string;
type Sha256Hex = string;

export const AUDIT_EVENTS = {
  // ---------------------------------------------------------------------------------------- platform
  'platform.bootstrapped': event<{ opsUserId: string }>()('org', 'security'),
  'clock.advanced': event<{ from: string; to: string }>()('platform', 'security'),

  // ---------------------------------------------------------------------------------------- identity
  'org.created': event<{ kind: OrgKind; adminUserId: string }>()('org', 'security'),
  'user.created': event<{ role: Role }>()('user', 'security'),
  /** `changed` names the fields; values only for role and access (a name is personal data). */
  'user.updated': event<{ changed: Array<'name' | 'role' | 'disabled' | 'locale'>; role?: Role; disabled?: boolean }>()('user', 'security'),
  'api_token.created': event<{ name: string }>()('api_token', 'security'),
  'api_token.revoked': event<Empty>()('api_token', 'security'),
  'auth.signed_in': event<Empty>()('user', 'security'),
  'auth.signed_out': event<Empty>()('user', 'security'),
  'auth.password_changed': event<Empty>()('user', 'security'),
  'auth.session_revoked': event<Empty>()('session', 'security'),
  /** A reset link was issued (by an admin) or used: its id, never the token. */
  'user.password_reset_issued': event<{ resetId: string }>()('user', 'security'),
  'auth.password_reset_used': event<{ resetId: string }>()('user', 'security'),

  // ---------------------------------------------------------------------------------------- notification channels
  /** URLs stay out of the log: a robot's URL carries its access token. */
  'notification_settings.updated': event<{ emailEvents: string[] }>()('org', 'security'),
  'user.notification_settings_updated': event<{ emailEnabled: boolean; language: string }>()('user', 'security'),
  'webhook_endpoint.created': event<{ events: string[] }>()('webhook_endpoint', 'security'),
  'webhook_endpoint.updated': event<{ events: string[]; urlChanged: boolean }>()('webhook_endpoint', 'security'),
  'webhook_endpoint.secret_rotated': event<{ previousSecretUntil: string }>()('webhook_endpoint', 'security'),
  'webhook_endpoint.deleted': event<Empty>()('webhook_endpoint', 'security'),
  'robot_channel.created': event<{ provider: string; events: string[]; signed: boolean }>()('robot_channel', 'security'),
  'robot_channel.deleted': event<Empty>()('robot_channel', 'security'),
  /** A delivery put back in the queue: a webhook delivery replayed by its org, or a dead letter resent by ops. */
  'outbox_message.requeued': event<{ channel: string; previousStatus: string }>()('outbox_message', 'security'),

  // ---------------------------------------------------------------------------------------- plans
  'plan.version_published': event<{ planKey: string; planVersionId: string; version: number; termsHash: Sha256Hex; builtIn?: true; note?: string }>()('plan', 'org'),
  'plan.custom_requested': event<Empty>()('custom_plan_request', 'org'),
  'plan.custom_published': event<{ planId: string; planKey: string; planVersionId: string; termsHash: Sha256Hex; name: { zh: string; en: string } }>()('custom_plan_request', 'org'),
  'plan.custom_declined': event<Empty>()('custom_plan_request', 'org'),

  // ---------------------------------------------------------------------------------------- marketplace
  'job_order.created': event<JobOrderContent>()('job_order', 'org'),
  /** The changed fields' new values; a changed description is only marked. */
  'job_order.updated': event<Partial<JobOrderContent> & { description?: '(changed)' }>()('job_order', 'org'),
  'job_order.opened': event<OrderStatusChange>()('job_order', 'org'),
  'job_order.paused': event<OrderStatusChange>()('job_order', 'org'),
  'job_order.resumed': event<OrderStatusChange>()('job_order', 'org'),
  'job_order.closed': event<OrderStatusChange>()('job_order', 'org'),
  'job_order.hire_recorded': event<{ hiredCount: number; headcount: number; from: JobOrderStatus; to: JobOrderStatus }>()('job_order', 'org'),
  'job_order.filled': event<{ hiredCount: number }>()('job_order', 'org'),
  /** Reopened for a claim's replacement, reserved for the delivering agency until the claim ends. */
  'job_order.reopened_for_replacement': event<{ claimId: string; agencyOrgId: string; placementId: string; from: JobOrderStatus; to: JobOrderStatus }>()('job_order', 'org'),
  'job_order.reopening_closed': event<{ claimId: string; outcome: 'replaced' | 'refunded'; from: JobOrderStatus; to: JobOrderStatus }>()('job_order', 'org'),
  'engagement.taken': event<{ orderId: string; posterOrgId: string; termsHash: Sha256Hex; planVersionId: string }>()('engagement', 'work'),
  'engagement.dropped': event<{ orderId: string }>()('engagement', 'work'),

  // ---------------------------------------------------------------------------------------- submissions
  /** Candidate keys are keyed hashes (HMAC-SHA256 with the server's secret) of the normalized phone / e-mail. */
  'submission.created': event<{ orderId: string; engagementId: string; consultantId: string; agencyOrgId: string; candidateKeys: { phone: string | null; email: string | null }; replacementClaimId?: string; ownershipDisputeId?: string; refusalId?: string }>()('submission', 'work'),
  /**
   * A submission refused by ownership protection, logged under the refused agency: who was refused and until when.
   * The submission that holds the protection stays on the refusal row (the refused side may read this event).
   */
  'submission.ownership_refused': event<{ refusalId: string; orderId: string; posterOrgId: string; engagementId: string; consultantId: string; candidateKeys: { phone: string | null; email: string | null }; refusedOn: string; protectedUntil: string }>()('ownership_refusal', 'work'),
  'submission.resume_attached': event<{ fileId: string; mediaType: string; sizeBytes: number; sha256: Sha256Hex; replaces: string | null }>()('submission', 'work'),
  'submission.stage_changed': event<{ from: SubmissionStage; to: SubmissionStage; placementId?: string; startDate?: string; currency?: Currency; annualSalary?: Amount; fee?: Amount }>()('submission', 'work'),
  'submission.commented': event<{ stage: SubmissionStage }>()('submission', 'work'),

  // ---------------------------------------------------------------------------------------- placements
  'placement.created': event<{ submissionId: string; orderId: string; agencyOrgId: string; consultantId: string; startDate: string; currency: Currency; annualSalary: Amount; fee: Amount; termsHash: Sha256Hex; agreementHash: Sha256Hex; planVersionId: string; replacesPlacementId?: string; claimId?: string; guaranteeDays?: number }>()('placement', 'work'),
  'placement.accepted': event<{ side: 'poster' | 'deliverer'; termsHash: Sha256Hex; agreementHash: Sha256Hex }>()('placement', 'work'),
  'placement.activated': event<{ obligationCount: number; termsHash: Sha256Hex; agreementHash: Sha256Hex; startDate: string; timeZone: string }>()('placement', 'work'),
  /** The poster corrected the hire's facts before activation (the acceptances start over when they changed). */
  'placement.corrected': event<{ from: PlacementFacts; to: PlacementFacts; currency: Currency; acceptancesCleared: boolean }>()('placement', 'work'),
  'placement.guarantee_passed': event<{ termsHash: Sha256Hex }>()('placement', 'work'),
  /** A retention flag (worrying answers, missed candidate forms): reason codes, not the answers themselves. */
  'placement.flagged': event<{ flagId: string; formId: string | null; reasons: string[]; flaggedOn: string; taskId: string; taskDueOn: string }>()('placement', 'work'),

  // ---------------------------------------------------------------------------------------- after-sales
  // Logged on the placement, under the posting org (tasks under the agency); the consultant reads its own.
  'checkin.opened': event<{ formId: string; day: number; respondent: Respondent; closesOn: string }>()('placement', 'work'),
  /** The candidate's link: when it expires, never the token. */
  'checkin.link_issued': event<{ formId: string; day: number; expiresAt: string }>()('placement', 'work'),
  /** That a form was answered; the answers stay in the form. */
  'checkin.answered': event<{ formId: string; day: number; respondent: Respondent }>()('placement', 'work'),
  'checkin.missed': event<{ formId: string; day: number; respondent: Respondent }>()('placement', 'work'),
  /** The task's note (free text) stays on the task. */
  'task.completed': event<{ taskId: string; kind: string; dueOn: string; doneOn: string; onTime: boolean }>()('placement', 'work'),
  'task.overdue': event<{ taskId: string; kind: string; dueOn: string }>()('placement', 'work'),
  /** The claim's comment (free text) stays on the claim; `decision` is the terms' evaluation (codes, dates, amounts). */
  'claim.filed': event<{ claimId: string; reason: string; lastWorkingDay: string | null | undefined; reportedOn: string; remedy: string | null; evidenceFileIds: string[]; decision: unknown; termsHash: Sha256Hex }>()('placement', 'work'),
  /** An evidence file the poster uploaded for a claim (attached at once, or named when filing): its hash, not its name. */
  'claim.evidence_uploaded': event<{ fileId: string; claimId: string | null; mediaType: string; sizeBytes: number; sha256: Sha256Hex }>()('placement', 'work'),
  'claim.rejected': event<ClaimRef>()('placement', 'work'),
  'claim.awaiting_remedy': event<ClaimRef>()('placement', 'work'),
  'claim.remedy_chosen': event<ClaimRef & { remedy: string }>()('placement', 'work'),
  /** Whether ops found the claim covered; the review's reason (free text) stays on the claim. */
  'claim.reviewed': event<ClaimRef & { covered: boolean }>()('placement', 'work'),
  'claim.refunded': event<ClaimRef & { currency: Currency; amountMinor: string; cashRefundMinor: string; stillDueMinor: string; decidedOn: string }>()('placement', 'work'),
  'claim.replacement_pending': event<ClaimRef & { deliverBy: string; guaranteeDays: number; orderId: string }>()('placement', 'work'),
  'claim.replacement_extended': event<ClaimRef & { deliverBy: string }>()('placement', 'work'),
  'claim.replacement_overdue': event<ClaimRef & { deliverBy: string | null }>()('placement', 'work'),
  'claim.converted_to_refund': event<ClaimRef & { decision: unknown; termsHash: Sha256Hex }>()('placement', 'work'),
  /** Hired in time: the replacement placement (fee 0, its own guarantee) carries on; the original is `replaced`. */
  'claim.replaced': event<ClaimRef & { replacementPlacementId: string; submissionId: string; hiredOn: string; deliverBy: string; guaranteeDays: number }>()('placement', 'work'),
  /** An arbitrator overturned the rejection: the codes set aside and the claim's new evaluation (DESIGN §4.8). */
  'claim.decision_overturned': event<ClaimRef & { disputeId: string; setAside: string[]; decision: unknown; termsHash: Sha256Hex }>()('placement', 'work'),
  /** An arbitrator overturned a refund: the claim is rejected and the refund owed again as a new installment. */
  'claim.refund_reversed': event<ClaimRef & { disputeId: string; refundMinor: string; currency: Currency }>()('placement', 'work'),

  // ---------------------------------------------------------------------------------------- ledger
  // Amounts are decimal strings beside their currency; ids of the transfers posted name the ledger's entries.
  'installments.scheduled': event<{ count: number; currency: Currency; fee: Amount; release: string }>()('placement', 'org'),
  'installment.issued': event<{ placementId: string; sequence: number; amount: Amount; currency: Currency; dueDate: string }>()('installment', 'org'),
  'installment.overdue': event<{ placementId: string; sequence: number; open: Amount; currency: Currency; dueDate: string }>()('installment', 'org'),
  /** The payment's reference (free text) stays on the payment. */
  'payment.recorded': event<{ placementId: string; paymentId: string; amount: Amount; currency: Currency; paidOn: string; source: string; released: boolean; transferIds: string[] }>()('installment', 'org'),
  'payout.recorded': event<{ payoutId: string; amount: Amount; currency: Currency; transferIds: string[] }>()('org', 'org'),
  'escrow.released': event<{ on: string; amount: Amount; currency: Currency; transferIds: string[]; claimId?: string }>()('placement', 'org'),
  'installments.voided': event<{ claimId: string; currency: Currency; installments: Array<{ sequence: number; amount: Amount }> }>()('placement', 'org'),
  'refund.paid': event<{ claimId: string; currency: Currency; cashRefund: Amount; fromEscrow: Amount; clawbackPlatform: Amount; clawbackDeliverer: Amount; delivererShortfall: Amount; transferIds: string[] }>()('placement', 'org'),
  'money.moved_to_replacement': event<{ replacementPlacementId: string; guaranteeEndsOn: string; installments: Array<{ sequence: number; triggerDate: string; dueDate: string }> }>()('placement', 'org'),
  /** An arbitrator changed a settled refund: only the difference moved (voided, invoiced again, or paid back). */
  /** A payment dispute found a recorded payment wrong: what its release paid out comes back, and escrow returns it all. */
  'payment.reversed': event<{ placementId: string; paymentId: string; disputeId: string; amount: Amount; currency: Currency; paidOn: string; fromEscrow: Amount; fromPlatform: Amount; fromDeliverer: Amount; delivererShortfall: Amount; transferIds: string[] }>()('installment', 'org'),
  /** A service-quality dispute adjusted to a credit: from escrow first, then clawed back (§4.6 step 3). */
  'service.credited': event<{ disputeId: string; amount: Amount; currency: Currency; fromEscrow: Amount; clawbackPlatform: Amount; clawbackDeliverer: Amount; delivererShortfall: Amount; transferIds: string[] }>()('placement', 'org'),
  'refund.adjusted': event<{ claimId: string; disputeId: string; currency: Currency; from: Amount; to: Amount; voided: Array<{ sequence: number; amount: Amount }>; newInstallment: { sequence: number; amount: Amount; dueDate: string } | null; cashRefund: Amount; fromEscrow: Amount; clawbackPlatform: Amount; clawbackDeliverer: Amount; delivererShortfall: Amount; transferIds: string[] }>()('placement', 'org'),

  // ---------------------------------------------------------------------------------------- disputes
  // Logged on the dispute, under the posting org; the delivering consultant reads its own. Statements and
  // reasons (free text) stay on the dispute; the log holds ids, codes, dates, amounts and file hashes.
  'dispute.raised': event<DisputeRef & { disputeType: string; subjectId: string; side: Side; contestedOn: string; raisedOn: string; answerBy: string; decideBy: string; evidenceFileIds: string[] }>()('dispute', 'work'),
  'dispute.evidence_added': event<DisputeRef & { fileId: string; side: Side; mediaType: string; sizeBytes: number; sha256: Sha256Hex }>()('dispute', 'work'),
  'dispute.answered': event<DisputeRef & { side: Side; evidenceFileIds: string[] }>()('dispute', 'work'),
  /** The answer's deadline passed in silence: noted, not fatal. */
  'dispute.answer_missed': event<DisputeRef & { answerBy: string }>()('dispute', 'work'),
  'dispute.assigned': event<DisputeRef & { arbitratorUserId: string; previous: string | null }>()('dispute', 'work'),
  'dispute.decided': event<DisputeRef & { outcome: string; amount: Amount | null; currency: Currency; decidedOn: string }>()('dispute', 'work'),
  /** What applying the decision did: claim states, amounts, transfer ids. */
  'dispute.applied': event<DisputeRef & { effects: Record<string, unknown> }>()('dispute', 'work'),
  /** Not decided by its date: flagged to platform operations. */
  'dispute.overdue': event<DisputeRef & { decideBy: string; arbitratorUserId: string | null }>()('dispute', 'work'),
  /** The orgs an arbitrator declares ties to (it may not arbitrate their disputes). */
  'arbitrator.ties_declared': event<{ orgIds: string[] }>()('user', 'org'),

  // ---------------------------------------------------------------------------------------- skill plan
  // Logged on the placement under the posting org. Notes stay on the task (free text is not logged).
  'assessment.assessor_assigned': event<{ assessorOrgId: string; previousAssessorOrgId: string | null }>()('placement', 'work'),
  'assessment.task_opened': event<{ taskId: string; day: number; passScore: number; opensOn: string; dueOn: string }>()('placement', 'work'),
  'assessment.evidence_uploaded': event<{ taskId: string; fileId: string; mediaType: string; sizeBytes: number; sha256: Sha256Hex }>()('placement', 'work'),
  'assessment.scored': event<{ taskId: string; day: number; score: number; passScore: number; passed: boolean; scoredOn: string; assessorOrgId: string; evidenceFileIds: string[] }>()('placement', 'work'),
  /** The growth curve projected the last milestone unlikely to be met: the projection in tenths of a point, the probability in thousandths. */
  'assessment.projection_warned': event<{ taskId: string; targetDay: number; threshold: number; projectedTenths: number; standardErrorTenths: number; probabilityPermille: number }>()('placement', 'work'),

  // ---------------------------------------------------------------------------------------- risk
  /** A placement's retention-risk score (parts per million), its band, what triggered it; the factors stay on the score. */
  'placement.risk_scored': event<{ scoreId: string; trigger: string; formId: string | null; probabilityPpm: number; band: string; previousBand: string | null; model: string }>()('placement', 'work'),
  /** Platform ops viewed the fairness report (enabling a protected input needs a view first). */
  'risk.fairness_report_viewed': event<{ modelVersion: number }>()('platform', 'security'),
  /** Platform ops changed the risk settings: which protected inputs the model uses (codes), the band thresholds. */
  'risk.settings_changed': event<{ enabledProtected: { from: string[]; to: string[] }; thresholds: { from: { medium: number; high: number }; to: { medium: number; high: number } }; reportViewedAt: string | null }>()('platform', 'security'),

  // ---------------------------------------------------------------------------------------- ratings
  /**
   * `ratings recompute` found a consultant's (or an agency's) running sums differing from its outcomes and set them
   * to the outcomes' sums: the metrics changed, with the counts before and after (successes in quarters).
   */
  'rating.consultant_recomputed': event<{ agencyOrgId: string; corrected: RatingCorrection[] }>()('user', 'security'),
  'rating.agency_recomputed': event<{ corrected: RatingCorrection[] }>()('org', 'org'),
  /** One run of `ratings recompute`: the subjects checked and corrected (the platform's own sums with them). */
  'rating.recompute_run': event<{ consultants: number; agencies: number; corrected: number; platformCorrected: RatingCorrection[] }>()('platform', 'security'),

  // ---------------------------------------------------------------------------------------- integrations
  /** Platform ops (or the CLI) imported a salary benchmark file: counts and the file's hash, not its rows. */
  'benchmarks.imported': event<{ importId: string; rows: number; created: number; updated: number; fileSha256: Sha256Hex }>()('platform', 'security'),
  /** A background check ordered (at offer on a submission, or a re-verification on a placement): ids and codes only. */
  'background_check.ordered': event<{ checkId: string; stage: 'offer' | 'reverification'; provider: string; submissionId: string; placementId: string | null }>()('submission', 'work'),
  /** The provider accepted the order (its own reference). */
  'background_check.sent': event<{ checkId: string; provider: string; providerRef: string }>()('submission', 'work'),
  /** The provider's signed result: the outcome and the codes of any discrepancies (their notes stay on the check). */
  'background_check.completed': event<{ checkId: string; stage: 'offer' | 'reverification'; outcome: 'clear' | 'discrepancies' | 'failed'; itemCodes: string[]; callbackEventId: string }>()('submission', 'work'),

  /** How an agency splits its share among its consultants (ids and percentages). */
  'consultant_shares.set': event<{ shares: Array<{ consultantId: string; percent: string }> }>()('org', 'org'),
} as const;

type PlacementFacts = { startDate: string; annualSalary: Amount; fee: Amount; agreementHash: Sha256Hex };

type Respondent = 'employer' | 'candidate';
type RatingCorrection = { metric: string; successesQ: number; trials: number; wasSuccessesQ: number; wasTrials: number };
type ClaimRef = { claimId: string };
/** The placement a dispute is about; null for an ownership dispute (its subject is a refusal, before any placement). */
type DisputeRef = { placementId: string | null };
type Side = 'poster' | 'deliverer' | 'owner';

type JobOrderContent = {
  title: string;
  clientName: string | null;
  city: string;
  function: string;
  level: string;
  headcount: number;
  currency: Currency;
  salaryMin: string;
  salaryMax: string;
  reward: unknown;
  planVersionId: string;
};
/** A close by platform operations says so; the reason itself stays on the order (free text is not logged). */
type OrderStatusChange = { from: JobOrderStatus; to: JobOrderStatus; withReason?: true; byPlatform?: true };

type Catalog = typeof AUDIT_EVENTS;
export type AuditEventType = keyof Catalog;
export type AuditPayloadOf<T extends AuditEventType> = Exclude<Catalog[T]['payload'], undefined>;

/** One event as a use case records it: the type decides the subject type, the payload, and whether `workOf` is due. */
export type AuditEventOf<T extends AuditEventType> = {
  type: T;
  subjectType: Catalog[T]['subject'];
  subjectId: string;
  orgId: string | null;
  payload: AuditPayloadOf<T>;
} & (Catalog[T]['audience'] extends 'work' ? { /** The consultant whose work this is (it may read the event). */ workOf: string } : { workOf?: never });

export type NewAuditEvent = { [T in AuditEventType]: AuditEventOf<T> }[AuditEventType];


/** The types only an org's admins (and platform operations) read. */
export const SECURITY_EVENT_TYPES: readonly AuditEventType[] = (Object.keys(AUDIT_EVENTS) as AuditEventType[]).filter((t) => AUDIT_EVENTS[t].audience === 'security');

/** How much of its org's log a reader sees (decided by the identity area from the reader's role). */
export type AuditReach = 'everything' | 'org_business' | 'own_work';
