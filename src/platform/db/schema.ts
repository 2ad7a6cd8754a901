/**
 * Table types for Kysely. One representation per kind of value, on SQLite and PostgreSQL alike:
 * - ids: text (UUID);
 * - instants: text, ISO-8601 UTC with milliseconds ("2026-01-05T09:00:00.000Z"), which sorts correctly;
 * - calendar dates: text "YYYY-MM-DD";
 * - money: bigint minor units (read back with `toBigInt`, since drivers return number or string);
 * - booleans: integer 0/1;
 * - JSON: text holding canonical JSON.
 */
export type OrgKind = 'employer' | 'agency' | 'assessor' | 'platform';

export interface OrgsTable {
  id: string;
  name: string;
  kind: OrgKind;
  time_zone: string;
  created_at: string;
}

export interface UsersTable {
  id: string;
  org_id: string;
  email: string;
  name: string;
  role: string;
  password_hash: string;
  disabled: number;
  locale: string;
  created_at: string;
}

export interface SessionsTable {
  id_hash: string;
  user_id: string;
  csrf_token: string;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
  revoked_at: string | null;
  /** Public id for listing and revoking (0004); the secret's hash stays internal. */
  id: string | null;
  user_agent: string | null;
  address: string | null;
}

export interface ApiTokensTable {
  id: string;
  org_id: string;
  name: string;
  token_hash: string;
  created_by: string;
  created_at: string;
  revoked_at: string | null;
  last_used_at: string | null;
}


export interface IdempotencyKeysTable {
  scope: string;
  key: string;
  request_hash: string;
  status_code: number | null;
  response_body: string | null;
  created_at: string;
  /** Set in the transaction of the request's change (0024): the request took effect, whatever became of its answer. */
  effect_committed_at: string | null;
}

export interface AuditEventsTable {
  seq: number;
  occurred_at: string;
  actor_user_id: string | null;
  org_id: string | null;
  subject_type: string;
  subject_id: string;
  type: string;
  payload: string;
  leaf_hash: string;
  /** The consultant whose work the event is (it may read it); not hashed: it decides visibility (migration 0009). */
  work_of_user_id: string | null;
}

export interface AuditStateTable {
  id: number;
  tree_size: number;
  frontier: string;
}

export interface AuditCheckpointsTable {
  tree_size: number;
  root_hash: string;
  issued_at: string;
  signature: string;
  public_key: string;
}

export interface ObligationsTable {
  id: string;
  kind: string;
  subject_type: string;
  subject_id: string;
  org_id: string | null;
  due_at: string;
  status: 'pending' | 'done' | 'failed' | 'cancelled';
  attempts: number;
  last_error: string | null;
  payload: string;
  created_at: string;
  updated_at: string;
  completed_at: string | null;
}

export interface PlatformStateTable {
  key: string;
  value: string;
}

export type PlanTier = 'match_only' | 'standard' | 'full_lifecycle' | 'manufacturing_skill' | 'custom';

export interface PlansTable {
  id: string;
  key: string;
  tier: PlanTier;
  name_zh: string;
  name_en: string;
  /** null: offered to every employer; set: a custom plan only that org sees. */
  owner_org_id: string | null;
  created_at: string;
}

/** Append-only: a published version never changes. */
export interface PlanVersionsTable {
  id: string;
  plan_id: string;
  version: number;
  terms: string;
  terms_hash: string;
  note: string;
  published_by: string | null;
  published_at: string;
}

export interface CustomPlanRequestsTable {
  id: string;
  org_id: string;
  requested_by: string;
  description: string;
  status: 'open' | 'published' | 'declined';
  plan_id: string | null;
  response_note: string | null;
  resolved_by: string | null;
  resolved_at: string | null;
  created_at: string;
}

export type JobOrderStatus = 'draft' | 'open' | 'paused' | 'filled' | 'closed';

export interface JobOrdersTable {
  id: string;
  poster_org_id: string;
  created_by: string;
  /** The agency's own client when an agency posts on its behalf (发单方); null for employers. */
  client_name: string | null;
  title: string;
  city: string;
  function: string;
  level: string;
  headcount: number;
  hired_count: number;
  currency: string;
  salary_min: string | number | bigint;
  salary_max: string | number | bigint;
  description: string;
  /** Canonical JSON of the reward terms: { type: 'percent_of_annual_salary', percent } | { type: 'fixed', amount }. */
  reward: string;
  /** Reward in minor units for sorting (fixed amount, or percent × mid salary). */
  reward_sort: string | number | bigint;
  plan_version_id: string;
  plan_tier: PlanTier;
  status: JobOrderStatus;
  opened_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface EngagementsTable {
  id: string;
  order_id: string;
  consultant_id: string;
  agency_org_id: string;
  poster_org_id: string;
  status: 'active' | 'dropped' | 'closed';
  terms_hash: string;
  accepted_at: string;
  dropped_at: string | null;
  drop_reason: string | null;
}

export interface FilesTable {
  id: string;
  org_id: string;
  uploaded_by: string;
  original_name: string;
  media_type: string;
  size_bytes: number;
  sha256: string;
  content: Buffer;
  created_at: string;
}

export type SubmissionStage = 'submitted' | 'screening' | 'interviewing' | 'offered' | 'hired' | 'rejected' | 'withdrawn';

export interface SubmissionsTable {
  id: string;
  order_id: string;
  poster_org_id: string;
  engagement_id: string;
  consultant_id: string;
  agency_org_id: string;
  candidate_name: string;
  phone: string | null;
  /** Normalized phone (digits, no +86/0086) for ownership protection. */
  phone_key: string | null;
  email: string | null;
  /** Lower-cased e-mail for ownership protection. */
  email_key: string | null;
  current_employer: string | null;
  current_title: string | null;
  years_experience: number | null;
  currency: string;
  expected_salary: string | number | bigint | null;
  notes: string;
  resume_file_id: string | null;
  stage: SubmissionStage;
  stage_changed_at: string;
  created_at: string;
  /** A submission made while its order was reopened for a claim's replacement: that claim (0010). */
  replacement_claim_id?: string | null;
  /** The candidate's background (0021): an education level and field code, employers before, commute in km. */
  education?: string | null;
  education_field?: string | null;
  previous_employers?: number | null;
  commute_km?: number | null;
}

export interface SubmissionEventsTable {
  id: string;
  submission_id: string;
  from_stage: SubmissionStage | null;
  to_stage: SubmissionStage;
  comment: string;
  actor_user_id: string;
  created_at: string;
}

/** DESIGN §4.5: `replaced` — its replacement carries on; `refunded` — ended by a refund. */
export type PlacementStatus = 'pending_acceptance' | 'active' | 'guarantee_passed' | 'replacing' | 'replaced' | 'refunded' | 'closed';

export interface PlacementsTable {
  id: string;
  submission_id: string;
  order_id: string;
  poster_org_id: string;
  agency_org_id: string;
  consultant_id: string;
  candidate_name: string;
  /** Calendar date, day 1 of employment, in the employer's time zone. */
  start_date: string;
  time_zone: string;
  currency: string;
  annual_salary: string | number | bigint;
  fee: string | number | bigint;
  plan_version_id: string;
  /** Canonical JSON of the terms snapshot; terms_hash is its SHA-256. */
  terms: string;
  terms_hash: string;
  status: PlacementStatus;
  poster_accepted_by: string | null;
  poster_accepted_at: string | null;
  deliverer_accepted_by: string | null;
  deliverer_accepted_at: string | null;
  replaces_placement_id: string | null;
  created_at: string;
  /** A replacement's own guarantee length (`newGuarantee`); null: the terms' guarantee.days (0010). */
  guarantee_days?: number | null;
}

export interface NotificationsTable {
  id: string;
  org_id: string;
  /** null: for everyone in the org. */
  user_id: string | null;
  kind: string;
  subject_type: string;
  subject_id: string;
  params: string;
  created_at: string;
  read_at: string | null;
}

/** Per-user read receipts of org-wide notifications (user_id null on the notification). */
export interface NotificationReadsTable {
  notification_id: string;
  user_id: string;
  read_at: string;
}

export interface Database {
  plans: PlansTable;
  plan_versions: PlanVersionsTable;
  custom_plan_requests: CustomPlanRequestsTable;
  job_orders: JobOrdersTable;
  engagements: EngagementsTable;
  files: FilesTable;
  submissions: SubmissionsTable;
  submission_events: SubmissionEventsTable;
  placements: PlacementsTable;
  notifications: NotificationsTable;
  notification_reads: NotificationReadsTable;
  orgs: OrgsTable;
  users: UsersTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  idempotency_keys: IdempotencyKeysTable;
  audit_events: AuditEventsTable;
  audit_state: AuditStateTable;
  audit_checkpoints: AuditCheckpointsTable;
  obligations: ObligationsTable;
  platform_state: PlatformStateTable;
  ledger_accounts: LedgerAccountsTable;
  ledger_transfers: LedgerTransfersTable;
  ledger_placements: LedgerPlacementsTable;
  installments: InstallmentsTable;
  installment_payments: InstallmentPaymentsTable;
  refund_settlements: RefundSettlementsTable;
  consultant_shares: ConsultantSharesTable;
  checkin_forms: CheckinFormsTable;
  checkin_links: CheckinLinksTable;
  aftercare_outbox: AftercareOutboxTable;
  placement_flags: PlacementFlagsTable;
  support_tasks: SupportTasksTable;
  claims: ClaimsTable;
  order_reopenings: OrderReopeningsTable;
  login_throttle: LoginThrottleTable;
  password_resets: PasswordResetsTable;
  disputes: DisputesTable;
  dispute_evidence: DisputeEvidenceTable;
  arbitrator_ties: ArbitratorTiesTable;
  evidence_files: EvidenceFilesTable;
  risk_scores: RiskScoresTable;
  risk_settings: RiskSettingsTable;
  risk_report_views: RiskReportViewsTable;
  rating_outcomes: RatingOutcomesTable;
  rating_counters: RatingCountersTable;
  ownership_refusals: OwnershipRefusalsTable;
  audit_nodes: AuditNodesTable;
  outbox_messages: OutboxMessagesTable;
  outbox_attempts: OutboxAttemptsTable;
  webhook_endpoints: WebhookEndpointsTable;
  robot_channels: RobotChannelsTable;
  org_notification_settings: OrgNotificationSettingsTable;
  user_notification_settings: UserNotificationSettingsTable;
  placement_assessors: PlacementAssessorsTable;
  assessment_tasks: AssessmentTasksTable;
  assessment_evidence: AssessmentEvidenceTable;
  benchmark_imports: BenchmarkImportsTable;
  salary_benchmarks: SalaryBenchmarksTable;
  background_checks: BackgroundChecksTable;
  consultant_order_submissions: ConsultantOrderSubmissionsTable;
}

/** Sign-in attempts per throttled key (a SHA-256 of the pair, account or address) in the current window (0004). */
export interface LoginThrottleTable {
  key: string;
  window_started_at: string;
  attempts: number;
}

/** Admin-issued one-time password reset links; only the token's SHA-256 is kept (0004). */
export interface PasswordResetsTable {
  id: string;
  user_id: string;
  token_hash: string;
  created_by: string;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

/** A ledger account: one currency; owned by an org, a placement (escrow) or the platform. */
export interface LedgerAccountsTable {
  id: string;
  purpose: 'poster' | 'escrow' | 'deliverer' | 'platform_revenue' | 'outside';
  org_id: string | null;
  placement_id: string | null;
  currency: string;
  created_at: string;
}

/** An immutable transfer: `amount` (> 0, minor units) from the debit account to the credit account. */
export interface LedgerTransfersTable {
  id: string;
  event: string;
  leg: string;
  currency: string;
  debit_account_id: string;
  credit_account_id: string;
  amount: bigint | number | string;
  reason: string;
  placement_id: string | null;
  installment_id: string | null;
  consultant_id: string | null;
  business_date: string;
  created_at: string;
  posted_order: string;
}

/** The money facts of a placement, copied from its signed terms when it becomes active. */
export interface LedgerPlacementsTable {
  placement_id: string;
  poster_org_id: string;
  agency_org_id: string;
  consultant_id: string;
  currency: string;
  fee: bigint | number | string;
  final_fee: bigint | number | string | null;
  release: 'on_payment' | 'after_guarantee';
  platform_fee_percent: string;
  start_date: string;
  time_zone: string;
  guarantee_ends_on: string;
  guarantee_over: number;
  successor_placement_id: string | null;
  created_at: string;
  updated_at: string;
}

export type InstallmentStatus = 'scheduled' | 'open' | 'partially_paid' | 'paid' | 'void';

export interface InstallmentsTable {
  id: string;
  placement_id: string;
  sequence: number;
  trigger: string;
  trigger_date: string;
  due_date: string;
  currency: string;
  amount: bigint | number | string;
  paid: bigint | number | string;
  voided: bigint | number | string;
  status: InstallmentStatus;
  issued_on: string | null;
  overdue_notified_on: string | null;
  created_at: string;
  updated_at: string;
}

export interface InstallmentPaymentsTable {
  id: string;
  installment_id: string;
  placement_id: string;
  currency: string;
  amount: bigint | number | string;
  paid_on: string;
  reference: string;
  source: 'ops' | 'provider';
  provider_event_id: string | null;
  recorded_by: string | null;
  created_at: string;
  /** The dispute whose decision reversed this payment, recorded wrongly, and the day (0014); NULL while it counts. */
  reversed_by_dispute_id?: string | null;
  reversed_on?: string | null;
}

export interface RefundSettlementsTable {
  claim_id: string;
  placement_id: string;
  decided_on: string;
  refund: bigint | number | string;
  final_fee: bigint | number | string;
  cash_refund: bigint | number | string;
  still_due: bigint | number | string;
  deliverer_shortfall: bigint | number | string;
  created_at: string;
}

/** An agency's split of its deliverer share among its consultants (percent with at most 2 decimals). */
export interface ConsultantSharesTable {
  agency_org_id: string;
  consultant_id: string;
  percent: string;
  updated_at: string;
}

export function toBigInt(value: string | number | bigint): bigint {
  return typeof value === 'bigint' ? value : BigInt(value);
}

export function toNumber(value: string | number | bigint | null | undefined): number {
  return value === null || value === undefined ? 0 : Number(value);
}

export type CheckinFormStatus = 'scheduled' | 'open' | 'answered' | 'missed';

export interface CheckinFormsTable {
  /** The id of the `checkin.open` obligation that opens it. */
  id: string;
  placement_id: string;
  day: number;
  respondent: 'employer' | 'candidate';
  opens_on: string;
  /** The form's last day (inclusive). */
  closes_on: string;
  status: CheckinFormStatus;
  answered_at: string | null;
  answered_by: string | null;
  answers: string | null;
  created_at: string;
}

export interface CheckinLinksTable {
  id: string;
  form_id: string;
  /** SHA-256 (hex) of the token; the token itself is never stored. */
  token_hash: string;
  expires_at: string;
  issued_by: string | null;
  created_at: string;
  revoked_at: string | null;
  spent_at: string | null;
}

export interface AftercareOutboxTable {
  id: string;
  placement_id: string;
  form_id: string | null;
  channel: 'email';
  recipient: string | null;
  kind: string;
  body: string;
  status: 'pending' | 'sent' | 'no_recipient';
  created_at: string;
  sent_at: string | null;
}

export interface PlacementFlagsTable {
  id: string;
  placement_id: string;
  form_id: string | null;
  /** JSON array of reason codes. */
  reasons: string;
  flagged_on: string;
  created_at: string;
}

export type SupportTaskStatus = 'open' | 'done' | 'overdue';

export interface SupportTasksTable {
  id: string;
  placement_id: string;
  consultant_id: string;
  agency_org_id: string;
  kind: string;
  source: 'terms' | 'flag';
  flag_id: string | null;
  due_on: string;
  status: SupportTaskStatus;
  done_at: string | null;
  done_on: string | null;
  done_by: string | null;
  note: string | null;
  created_at: string;
}

export type ClaimState = 'rejected' | 'pending_review' | 'awaiting_remedy' | 'refunded' | 'replacement_pending' | 'replacement_overdue' | 'replaced';

export interface ClaimsTable {
  id: string;
  placement_id: string;
  poster_org_id: string;
  agency_org_id: string;
  reason: string;
  last_working_day: string | null;
  reported_on: string;
  remedy: string | null;
  comment: string;
  evidence_file_ids: string;
  state: ClaimState;
  is_open: number;
  /** Canonical JSON of the §4.3 output, verbatim. */
  decision: string;
  terms_hash: string;
  replacement_placement_id: string | null;
  deliver_by: string | null;
  extended: number;
  review_covered: number | null;
  review_reason: string | null;
  reviewed_by: string | null;
  filed_by: string;
  created_at: string;
  updated_at: string;
  /** JSON array of the ineligibility codes an arbitrator set aside (0011); NULL when none were. */
  set_aside_codes?: string | null;
}

export type DisputeType = 'claim_decision' | 'refund_amount' | 'service_quality' | 'payment' | 'ownership';
export type DisputeState = 'awaiting_response' | 'awaiting_decision' | 'decided';
export type DisputeOutcome = 'uphold' | 'overturn' | 'adjust';

/** A dispute (0011, DESIGN §4.8). Dates are calendar dates in the employer's time zone. */
export interface DisputesTable {
  id: string;
  type: DisputeType;
  subject_id: string;
  /** The subject while the dispute is open, NULL once decided: unique, so one open dispute per subject. */
  open_subject_id: string | null;
  /** NULL for an ownership dispute (0019): its subject is a refusal, before any placement. */
  placement_id: string | null;
  poster_org_id: string;
  agency_org_id: string;
  consultant_id: string;
  currency: string;
  raised_by_side: 'poster' | 'deliverer';
  raised_by: string;
  contested_on: string;
  raised_on: string;
  answer_by: string;
  decide_by: string;
  statement: string;
  state: DisputeState;
  response_statement: string | null;
  responded_at: string | null;
  responded_by: string | null;
  response_missed: number;
  arbitrator_user_id: string | null;
  assigned_at: string | null;
  outcome: DisputeOutcome | null;
  amount: bigint | number | string | null;
  reasons: string | null;
  decided_at: string | null;
  decided_on: string | null;
  /** Canonical JSON of what applying the decision did (claim state, amounts, transfer ids). */
  effects: string | null;
  overdue_on: string | null;
  created_at: string;
  updated_at: string;
  /** An ownership dispute's respondent: the agency and consultant whose submission held the protection (0019). */
  respondent_org_id?: string | null;
  respondent_consultant_id?: string | null;
}

export interface DisputeEvidenceTable {
  id: string;
  dispute_id: string;
  file_id: string;
  /** `owner`: the respondent of an ownership dispute (0019). */
  side: 'poster' | 'deliverer' | 'owner';
  added_by: string;
  created_at: string;
}

/** An org an arbitrator declared a tie to: it may not arbitrate that org's disputes (0011). */
export interface ArbitratorTiesTable {
  arbitrator_user_id: string;
  org_id: string;
  declared_at: string;
}

/** An order reopened for one claim's replacement, reserved for the delivering agency until the claim ends (0010). */
export interface OrderReopeningsTable {
  id: string;
  order_id: string;
  claim_id: string;
  agency_org_id: string;
  /** The placement being replaced. */
  placement_id: string;
  /** The order's status before it reopened: what it returns to. */
  status_before: JobOrderStatus;
  opened_at: string;
  closed_at: string | null;
  outcome: 'replaced' | 'refunded' | null;
}

/** Evidence uploaded by a placement's poster, and the claim it is attached to (null until attached) (0013). */
export interface EvidenceFilesTable {
  file_id: string;
  placement_id: string;
  /** The uploader's org (the poster's). */
  org_id: string;
  uploaded_by: string;
  claim_id: string | null;
  created_at: string;
}

/** One scoring of a placement's retention risk (0015): at hire, after a candidate check-in answered or missed. */
export interface RiskScoresTable {
  id: string;
  placement_id: string;
  scored_at: string;
  /** The business date in the employer's time zone. */
  scored_on: string;
  trigger: 'hire' | 'checkin_answered' | 'checkin_missed';
  form_id: string | null;
  day: number | null;
  /** Probability × 1,000,000, rounded. */
  probability_ppm: number;
  band: 'low' | 'medium' | 'high';
  /** JSON: the top factors [{ input, contribution, words: { zh, en } }]. */
  factors: string;
  /** Which model scored it: `v1` or `v1+Gender,Age` (a variant with protected inputs enabled). */
  model: string;
}

/** The risk model's settings (0015): one row, id 'current'. */
export interface RiskSettingsTable {
  id: string;
  /** JSON array of the protected inputs enabled (none by default). */
  enabled_protected: string;
  /** JSON { medium, high }: a probability at or above is that band. */
  thresholds: string;
  updated_at: string | null;
  updated_by: string | null;
}

/** An ops user viewed the fairness report (0015): enabling a protected input needs a view first. */
export interface RiskReportViewsTable {
  user_id: string;
  viewed_at: string;
}

/** An outcome counted for a consultant's rating (0015), keyed by what it is about (`claim:<id>`, `task:<id>`, …). */
export interface RatingOutcomesTable {
  key: string;
  consultant_id: string;
  agency_org_id: string;
  placement_id: string | null;
  metric: string;
  /** Successes in quarters (an integer). */
  successes_q: number;
  trials: number;
  recorded_at: string;
}

/** Running sums of outcomes per consultant, agency and the platform (0015). */
export interface RatingCountersTable {
  scope: 'consultant' | 'agency' | 'platform';
  /** The consultant's user id, the agency's org id, or 'all'. */
  scope_id: string;
  metric: string;
  /** The consultant's agency (null for agency and platform rows). */
  agency_org_id: string | null;
  successes_q: number;
  trials: number;
}

/**
 * A submission refused by ownership protection (0019), kept so the refused side can dispute it. `holder_*` name the
 * submission that held the protection: never shown to the refused side. `accepted_submission_id`: the submission an
 * overturned ownership dispute created for the refused consultant (set once).
 */
export interface OwnershipRefusalsTable {
  id: string;
  order_id: string;
  poster_org_id: string;
  engagement_id: string;
  consultant_id: string;
  agency_org_id: string;
  holder_submission_id: string;
  holder_consultant_id: string;
  holder_agency_org_id: string;
  candidate_name: string;
  phone: string | null;
  phone_key: string | null;
  email: string | null;
  email_key: string | null;
  current_employer: string | null;
  current_title: string | null;
  years_experience: number | null;
  currency: string;
  expected_salary: bigint | number | string | null;
  notes: string;
  refused_on: string;
  protected_until: string;
  accepted_submission_id: string | null;
  accepted_at: string | null;
  created_at: string;
}

/**
 * A perfect subtree of the audit log's Merkle tree (0019): the 2^level events from seq idx × 2^level, level ≥ 1 (the
 * leaves are the events' own leaf_hash). Written with the append that completes it; a proof reads O(log n) of them.
 */
export interface AuditNodesTable {
  level: number;
  idx: number | string | bigint;
  hash: string;
}

export type OutboxStatus = 'pending' | 'delivered' | 'dead' | 'held';

/** A delivery to make (0016): an e-mail, a robot message or a webhook event, written with the change it announces. */
export interface OutboxMessagesTable {
  id: string;
  /** email | wecom | dingtalk | feishu | webhook */
  channel: string;
  org_id: string | null;
  /** The webhook endpoint or robot it goes to (null for e-mail). */
  target_id: string | null;
  /** The inbox item it announces, when there is one. */
  event_id: string | null;
  event_type: string;
  /** JSON: what the channel's sender needs (an e-mail's recipient and words, a webhook's exact body). */
  payload: string;
  status: OutboxStatus;
  attempts: number;
  next_attempt_at: string;
  leased_until: string | null;
  lease_token: string | null;
  last_error: string | null;
  last_status_code: number | null;
  created_at: string;
  updated_at: string;
  delivered_at: string | null;
}

/** One try of a delivery (0016): the delivery log. */
export interface OutboxAttemptsTable {
  id: string;
  message_id: string;
  attempt: number;
  at: string;
  outcome: 'delivered' | 'retry' | 'dead' | 'held';
  status_code: number | null;
  error: string | null;
  duration_ms: number;
}

/** An integrator's URL an org sends signed events to (0016). */
export interface WebhookEndpointsTable {
  id: string;
  org_id: string;
  url: string;
  /** JSON array of event kinds, or ["*"]. */
  events: string;
  /** The signing secret (kept: every delivery is signed with it). */
  secret: string;
  /** During a rotation's overlap, the secret it replaced also signs, until `previous_secret_until`. */
  previous_secret: string | null;
  previous_secret_until: string | null;
  created_at: string;
  created_by: string | null;
  updated_at: string;
  deleted_at: string | null;
}

/** A WeCom, DingTalk or Feishu group robot of an org (0016). */
export interface RobotChannelsTable {
  id: string;
  org_id: string;
  provider: 'wecom' | 'dingtalk' | 'feishu';
  name: string;
  url: string;
  /** DingTalk's and Feishu's signing secret (WeCom robots have none). */
  secret: string | null;
  events: string;
  language: 'zh-CN' | 'en';
  created_at: string;
  created_by: string | null;
  deleted_at: string | null;
}

/** Which event kinds an org sends by e-mail (0016; absent: every kind). */
export interface OrgNotificationSettingsTable {
  org_id: string;
  email_events: string;
  updated_at: string;
  updated_by: string | null;
}

/** A user's e-mail switch and language (0016; absent: e-mail on, the user's locale). */
export interface UserNotificationSettingsTable {
  user_id: string;
  email_enabled: number;
  language: 'zh-CN' | 'en';
  updated_at: string;
}

/** The assessor org assigned to a placement of the skill plan (0018). */
export interface PlacementAssessorsTable {
  placement_id: string;
  assessor_org_id: string;
  assigned_by: string;
  assigned_at: string;
}

/** One milestone's assessment of a placement (0018); its id is the `milestone.due` obligation's. */
export interface AssessmentTasksTable {
  id: string;
  placement_id: string;
  day: number;
  pass_score: number;
  opens_on: string;
  due_on: string;
  score: number | null;
  notes: string | null;
  /** JSON array of file ids. */
  evidence_file_ids: string;
  scored_by: string | null;
  scored_by_org_id: string | null;
  scored_on: string | null;
  scored_at: string | null;
  /** Thousandths: the chance of clearing the last milestone when this score warned both sides; null when it did not. */
  warning_permille: number | null;
  created_at: string;
}

/** An evidence file an assessor uploaded for a task (0018). */
export interface AssessmentEvidenceTable {
  file_id: string;
  task_id: string;
  org_id: string;
  uploaded_by: string;
  created_at: string;
}

/** A salary benchmark import that succeeded (0017): a file with any bad row leaves no row. */
export interface BenchmarkImportsTable {
  id: string;
  imported_at: string;
  imported_by: string;
  file_name: string;
  file_sha256: string;
  rows: number;
}

/** The market's annual salary for a city, job function and level (0017): minor units of `currency` at four percentiles. */
export interface SalaryBenchmarksTable {
  city: string;
  function: string;
  level: string;
  currency: string;
  p25: string | number | bigint;
  p50: string | number | bigint;
  p75: string | number | bigint;
  p90: string | number | bigint;
  import_id: string;
}

/** A background check through a provider (0017): at offer on a submission, or a re-verification of a placement. */
export interface BackgroundChecksTable {
  id: string;
  stage: 'offer' | 'reverification';
  submission_id: string;
  placement_id: string | null;
  poster_org_id: string;
  agency_org_id: string;
  consultant_id: string;
  /** `demo` (the in-process demo provider) or `http` (the configured provider). */
  provider: string;
  provider_ref: string | null;
  status: 'requested' | 'in_progress' | 'completed';
  outcome: 'clear' | 'discrepancies' | 'failed' | null;
  /** JSON: [{ code, note? }] the provider's discrepancies (codes only in audit events). */
  items: string | null;
  /** Why the last attempt to send the order failed (shown to the parties; retried). */
  last_error: string | null;
  ordered_at: string;
  ordered_by: string;
  completed_at: string | null;
  callback_event_id: string | null;
}

/** How many candidates a consultant has submitted to an order (0023): the marketplace's count of past work. */
export interface ConsultantOrderSubmissionsTable {
  consultant_id: string;
  order_id: string;
  submissions: number;
}
