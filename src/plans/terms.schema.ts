import * as z from 'zod';
import { DomainError } from '../platform/errors.ts';
import { CURRENCIES, type Currency, amountProblem, isCurrency, percentHundredths } from '../platform/money.ts';

/**
 * The terms of an after-sales plan (DESIGN §4.1): the machine rules both sides sign.
 *
 * Two validators describe the same boundary and must agree (a property test holds them to it):
 * - the zod schemas below, the documented boundary (HTTP routes, OpenAPI);
 * - a hand-written validator (`parseTerms`, `parseEngineTerms`, `readClaimTerms`), used on the hot path (claim evaluation runs hundreds of
 *   thousands of times per second in batch), which reports the same first problem with the same words.
 *
 * Error messages name the place: "guarantee.days must be a whole number ≥ 0".
 */

// ---------------------------------------------------------------------------------------------- codes

export const TERMINATION_REASONS = [
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
export type TerminationReason = (typeof TERMINATION_REASONS)[number];

/** Reasons the platform reviews by hand unless the terms list them as covered. */
export const REVIEW_REASONS = ['mutual_agreement', 'other'] as const satisfies readonly TerminationReason[];
export type ReviewReason = (typeof REVIEW_REASONS)[number];

/** Reasons by their first letter: a lookup compares a string with one to three candidates (hot path). */
const REASONS_BY_INITIAL: readonly (readonly string[] | undefined)[] = (() => {
  const table: string[][] = [];
  for (const reason of TERMINATION_REASONS) (table[reason.charCodeAt(0)] ??= []).push(reason);
  return table;
})();

export function isTerminationReason(value: unknown): value is TerminationReason {
  if (typeof value !== 'string') return false;
  const candidates = REASONS_BY_INITIAL[value.charCodeAt(0)];
  if (candidates === undefined) return false;
  for (const candidate of candidates) if (candidate === value) return true;
  return false;
}

export function isReviewReason(reason: TerminationReason): reason is ReviewReason {
  return reason === 'mutual_agreement' || reason === 'other';
}

export const REMEDY_KINDS = ['replacement', 'refund'] as const;
export type RemedyKind = (typeof REMEDY_KINDS)[number];

export const RELEASE_POLICIES = ['on_payment', 'after_guarantee'] as const;
export const NEW_GUARANTEE_KINDS = ['fresh', 'remaining'] as const;
export const CHECK_IN_RESPONDENTS = ['employer', 'candidate'] as const;
export const SUPPORT_TASK_KINDS = ['onboarding_coaching', 'return_visit', 'integration_plan', 'retention_intervention'] as const;
export const MILESTONE_KINDS = ['skill_assessment'] as const;

// ---------------------------------------------------------------------------------------------- types

export type Percent = number; // 0–100 with at most 2 decimals
export interface LocalizedText {
  zh: string;
  en: string;
}
export type Reward = { type: 'percent_of_annual_salary'; percent: Percent } | { type: 'fixed'; amount: string };
export interface Guarantee {
  days: number;
  covered: TerminationReason[];
  noticeDays: number;
  requireTimelyPayment: boolean;
  paymentGraceDays: number;
}
export interface ReplacementRemedy {
  maxReplacements: number;
  deliveryDays: number;
  newGuarantee: (typeof NEW_GUARANTEE_KINDS)[number];
}
export interface RefundStep {
  uptoDay: number;
  percent: Percent;
}
export type RefundRemedy = { schedule: 'linear' } | { schedule: 'stepped'; steps: RefundStep[] };
export interface Remedies {
  replacement: ReplacementRemedy | null;
  refund: RefundRemedy | null;
}
/** `start`, `guarantee_passed`, or `day:N` (N ≥ 1): DESIGN §4.2. */
export type InstallmentTrigger = 'start' | 'guarantee_passed' | `day:${number}`;
export interface InstallmentTerm {
  trigger: InstallmentTrigger;
  percent: Percent;
  dueDays: number;
}
export type Release = (typeof RELEASE_POLICIES)[number];
export interface CheckIns {
  days: number[];
  windowDays: number;
  respondents: (typeof CHECK_IN_RESPONDENTS)[number][];
}
export interface SupportTask {
  kind: (typeof SUPPORT_TASK_KINDS)[number];
  day: number;
}
/** A third-party skill assessment on employment day `day`; scores are out of 100 and `passScore` passes. */
export interface Milestone {
  day: number;
  kind: (typeof MILESTONE_KINDS)[number];
  passScore: number;
  skill?: LocalizedText;
}
export interface Scope {
  included: LocalizedText[];
  excluded: LocalizedText[];
}

/** What the claim engine and the installment scheduler need; the other parts are checked when present. */
export interface EngineTerms {
  currency: Currency;
  reward?: Reward;
  platformFeePercent?: Percent;
  guarantee: Guarantee;
  remedies: Remedies;
  installments?: InstallmentTerm[];
  release?: Release;
  checkIns?: CheckIns | null;
  supportTasks?: SupportTask[];
  milestones?: Milestone[];
  /** Retention-risk warnings (DESIGN §4.7) are part of the service. */
  riskAlerts?: boolean;
  scope?: Scope;
}

/** The part of the terms a claim decision reads (DESIGN §4.3). */
export type ClaimTerms = Pick<EngineTerms, 'currency' | 'guarantee' | 'remedies'>;

/** A complete terms snapshot, as a plan version stores it and both sides sign it. */
export interface Terms extends EngineTerms {
  reward: Reward;
  platformFeePercent: Percent;
  installments: InstallmentTerm[];
  release: Release;
  checkIns: CheckIns | null;
  supportTasks: SupportTask[];
  milestones: Milestone[];
  scope: Scope;
}

// ---------------------------------------------------------------------------------------------- messages

const quoted = (values: readonly string[]): string => {
  const q = values.map((v) => `"${v}"`);
  return q.length <= 1 ? q.join('') : `${q.slice(0, -1).join(', ')} or ${q[q.length - 1]}`;
};

export const MSG = {
  object: 'must be an object',
  array: 'must be an array',
  boolean: 'must be true or false',
  whole0: 'must be a whole number ≥ 0',
  whole1: 'must be a whole number ≥ 1',
  percent: 'must be a percent from 0 to 100 with at most 2 decimals',
  positivePercent: 'must be a percent above 0 and at most 100, with at most 2 decimals',
  text: 'must be a non-empty string',
  currency: `must be one of ${CURRENCIES.join(', ')}`,
  reason: `must be a termination reason: one of ${TERMINATION_REASONS.join(', ')}`,
  rewardType: `must be ${quoted(['percent_of_annual_salary', 'fixed'])}`,
  schedule: `must be ${quoted(['linear', 'stepped'])}`,
  newGuarantee: `must be ${quoted(NEW_GUARANTEE_KINDS)}`,
  release: `must be ${quoted(RELEASE_POLICIES)}`,
  respondent: `must be ${quoted(CHECK_IN_RESPONDENTS)}`,
  supportTask: `must be one of ${quoted(SUPPORT_TASK_KINDS)}`,
  milestoneKind: `must be ${quoted(MILESTONE_KINDS)}`,
  trigger: 'must be "start", "guarantee_passed" or "day:N" with N a whole number ≥ 1',
  passScore: 'must be a whole number from 0 to 100',
  steps: 'must list at least one step',
  stepOrder: "must be greater than the previous step's uptoDay",
  installments: 'must list at least one installment',
  amount: 'must be a decimal string such as "1234.50"',
} as const;

export const installmentSumMessage = (hundredths: number): string =>
  `percents must add up to exactly 100 (they add up to ${formatHundredths(hundredths)})`;

export function formatHundredths(hundredths: number): string {
  const whole = Math.trunc(hundredths / 100);
  const frac = hundredths % 100;
  return frac === 0 ? String(whole) : `${whole}.${String(frac).padStart(2, '0').replace(/0$/, '')}`;
}

const TRIGGER = /^(?:start|guarantee_passed|day:[1-9]\d{0,8})$/;
const DECIMAL_AMOUNT = /^\d+(?:\.\d+)?$/;

// ---------------------------------------------------------------------------------------------- zod

const wholeNumber = (min: 0 | 1) => {
  const error = min === 0 ? MSG.whole0 : MSG.whole1;
  return z.number({ error }).int({ error }).min(min, { error });
};
const oneOf = <const T extends readonly [string, ...string[]]>(values: T, error: string) => z.enum(values, { error });

const percentSchema = (error: string, min: 'zero' | 'above_zero') =>
  z.union([z.number(), z.string()], { error }).transform((value, ctx) => {
    const h = percentHundredths(value);
    if (h === null || h > 10_000 || (min === 'above_zero' && h === 0)) {
      ctx.issues.push({ code: 'custom', message: error, input: value });
      return z.NEVER;
    }
    return h / 100;
  });
const percent = () => percentSchema(MSG.percent, 'zero');

const localizedText = z.object(
  { zh: z.string({ error: MSG.text }).min(1, { error: MSG.text }), en: z.string({ error: MSG.text }).min(1, { error: MSG.text }) },
  { error: MSG.object },
);

const rewardSchema = z.discriminatedUnion(
  'type',
  [
    z.object({ type: z.literal('percent_of_annual_salary'), percent: percentSchema(MSG.positivePercent, 'above_zero') }),
    z.object({
      type: z.literal('fixed'),
      amount: z.string({ error: MSG.amount }).refine((s) => DECIMAL_AMOUNT.test(s), {
        error: (iss) => (typeof iss.input === 'string' && /^-\s*\d/.test(iss.input) ? 'must not be negative' : MSG.amount),
      }),
    }),
  ],
  { error: (iss) => (iss.code === 'invalid_union' ? MSG.rewardType : MSG.object) },
);

const guaranteeSchema = z.object(
  {
    days: wholeNumber(0),
    covered: z.array(oneOf(TERMINATION_REASONS, MSG.reason), { error: MSG.array }),
    noticeDays: wholeNumber(0),
    requireTimelyPayment: z.boolean({ error: MSG.boolean }),
    paymentGraceDays: wholeNumber(0),
  },
  { error: MSG.object },
);

const replacementSchema = z.object(
  { maxReplacements: wholeNumber(0), deliveryDays: wholeNumber(0), newGuarantee: oneOf(NEW_GUARANTEE_KINDS, MSG.newGuarantee) },
  { error: MSG.object },
);

const refundStepSchema = z.object({ uptoDay: wholeNumber(0), percent: percent() }, { error: MSG.object });

const refundSchema = z.discriminatedUnion(
  'schedule',
  [
    z.object({ schedule: z.literal('linear') }),
    z.object({
      schedule: z.literal('stepped'),
      steps: z
        .array(refundStepSchema, { error: MSG.array })
        .min(1, { error: MSG.steps })
        .superRefine((steps, ctx) => {
          for (let i = 1; i < steps.length; i++) {
            const prev = steps[i - 1];
            const step = steps[i];
            if (prev && step && step.uptoDay <= prev.uptoDay) {
              ctx.addIssue({ code: 'custom', message: MSG.stepOrder, path: [i, 'uptoDay'], input: step.uptoDay });
              return;
            }
          }
        }),
    }),
  ],
  { error: (iss) => (iss.code === 'invalid_union' ? MSG.schedule : MSG.object) },
);

const remediesSchema = z
  .object(
    { replacement: replacementSchema.nullable().default(null), refund: refundSchema.nullable().default(null) },
    { error: MSG.object },
  )
  .nullable()
  .default(null)
  .transform((r): Remedies => r ?? { replacement: null, refund: null });

const installmentSchema = z.object(
  {
    trigger: z
      .string({ error: MSG.trigger })
      .regex(TRIGGER, { error: MSG.trigger })
      .transform((t) => t as InstallmentTrigger),
    percent: percent(),
    dueDays: wholeNumber(0),
  },
  { error: MSG.object },
);

const installmentsSchema = z
  .array(installmentSchema, { error: MSG.array })
  .min(1, { error: MSG.installments })
  .superRefine((items, ctx) => {
    const total = items.reduce((sum, item) => sum + Math.round(item.percent * 100), 0);
    if (total !== 10_000) ctx.addIssue({ code: 'custom', message: installmentSumMessage(total), input: items });
  });

const checkInsSchema = z
  .object(
    {
      days: z.array(wholeNumber(1), { error: MSG.array }),
      windowDays: wholeNumber(0),
      respondents: z.array(oneOf(CHECK_IN_RESPONDENTS, MSG.respondent), { error: MSG.array }),
    },
    { error: MSG.object },
  )
  .nullable();

const supportTaskSchema = z.object({ kind: oneOf(SUPPORT_TASK_KINDS, MSG.supportTask), day: wholeNumber(0) }, { error: MSG.object });

const milestoneSchema = z.object(
  {
    day: wholeNumber(1),
    kind: oneOf(MILESTONE_KINDS, MSG.milestoneKind),
    passScore: z.number({ error: MSG.passScore }).int({ error: MSG.passScore }).min(0, { error: MSG.passScore }).max(100, { error: MSG.passScore }),
    skill: localizedText.optional(),
  },
  { error: MSG.object },
);

const scopeSchema = z.object(
  { included: z.array(localizedText, { error: MSG.array }), excluded: z.array(localizedText, { error: MSG.array }) },
  { error: MSG.object },
);

/** The amount of a fixed reward must fit the currency's minor digits; checked once the parts are valid. */
function checkRewardAmount(terms: { currency: Currency; reward?: Reward | undefined }, ctx: z.RefinementCtx): void {
  if (terms.reward?.type !== 'fixed') return;
  const problem = amountProblem(terms.reward.amount, terms.currency);
  if (problem !== null) ctx.addIssue({ code: 'custom', message: problem, path: ['reward', 'amount'], input: terms.reward.amount });
}

const currencySchema = z.string({ error: MSG.currency }).refine(isCurrency, { error: MSG.currency }).transform((c) => c as Currency);

/** Complete terms (a plan version, a placement's snapshot). */
export const termsSchema = z
  .object(
    {
      currency: currencySchema,
      reward: rewardSchema,
      platformFeePercent: percent(),
      guarantee: guaranteeSchema,
      remedies: remediesSchema,
      installments: installmentsSchema,
      release: oneOf(RELEASE_POLICIES, MSG.release),
      checkIns: checkInsSchema,
      supportTasks: z.array(supportTaskSchema, { error: MSG.array }),
      milestones: z.array(milestoneSchema, { error: MSG.array }),
      riskAlerts: z.boolean({ error: MSG.boolean }).optional(),
      scope: scopeSchema,
    },
    { error: MSG.object },
  )
  .superRefine(checkRewardAmount);

/** Terms as the claim engine and the scheduler read them: parts they do not use may be left out, but are checked when present. */
export const engineTermsSchema = z
  .object(
    {
      currency: currencySchema,
      reward: rewardSchema.optional(),
      platformFeePercent: percent().optional(),
      guarantee: guaranteeSchema,
      remedies: remediesSchema,
      installments: installmentsSchema.optional(),
      release: oneOf(RELEASE_POLICIES, MSG.release).optional(),
      checkIns: checkInsSchema.optional(),
      supportTasks: z.array(supportTaskSchema, { error: MSG.array }).optional(),
      milestones: z.array(milestoneSchema, { error: MSG.array }).optional(),
      riskAlerts: z.boolean({ error: MSG.boolean }).optional(),
      scope: scopeSchema.optional(),
    },
    { error: MSG.object },
  )
  .superRefine(checkRewardAmount);

/** "guarantee.days", "installments[1].percent" */
export function formatPath(path: readonly PropertyKey[], prefix = ''): string {
  let out = prefix;
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out;
}

/** The first problem zod found, worded as "<path> <message>". */
export function zodProblem(error: z.ZodError, prefix = ''): string {
  const issue = error.issues[0];
  if (!issue) return `${prefix || 'input'} is invalid`;
  const where = formatPath(issue.path, prefix);
  return `${where === '' ? 'terms' : where} ${issue.message}`;
}

// ---------------------------------------------------------------------------------------------- fast validator
// Same rules, same order (zod reports the first problem depth-first in shape order; refinements of a list after
// its items; the reward amount against the currency last), same words. It first checks without allocating
// anything, then copies only what the caller needs. Paths are only spelled out on failure.

/**
 * What the fast validators throw: a field and what is wrong with it. Not an Error on purpose: capturing a stack
 * trace costs more than validating a whole claim, and a batch may hold many invalid items. The public functions
 * turn it into DomainError('invalid_input') (see `toDomainError`).
 */
export class InputProblem {
  constructor(
    readonly field: string,
    readonly problem: string,
  ) {}
  /** "guarantee.days must be a whole number ≥ 0" */
  get message(): string {
    return `${this.field} ${this.problem}`;
  }
  toDomainError(): DomainError {
    return new DomainError('invalid_input', this.message, { field: this.field });
  }
}

type Obj = Record<string, unknown>;
type Key = string | number;

/** "guarantee" + "days" → "guarantee.days"; "installments" + 1 → "installments[1]". */
export function joinPath(path: string, key: Key): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return path === '' ? key : `${path}.${key}`;
}
function fail(path: string, key: Key, message: string): never {
  throw new InputProblem(joinPath(path, key), message);
}

function isObject(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
function objectAt(value: unknown, path: string, key: Key): Obj {
  if (!isObject(value)) fail(path, key, MSG.object);
  return value;
}
function arrayAt(value: unknown, path: string, key: Key): unknown[] {
  if (!Array.isArray(value)) fail(path, key, MSG.array);
  return value;
}
function checkWhole(value: unknown, min: 0 | 1, path: string, key: Key): void {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min) fail(path, key, min === 0 ? MSG.whole0 : MSG.whole1);
}
/** Checks a percent (0–100, at most 2 decimals) and gives it in hundredths. */
function checkPercent(value: unknown, path: string, key: Key, aboveZero = false): number {
  const h = typeof value === 'number' || typeof value === 'string' ? percentHundredths(value) : null;
  if (h === null || h > 10_000 || (aboveZero && h === 0)) fail(path, key, aboveZero ? MSG.positivePercent : MSG.percent);
  return h;
}
function checkBool(value: unknown, path: string, key: Key): void {
  if (typeof value !== 'boolean') fail(path, key, MSG.boolean);
}
function checkOneOf(value: unknown, values: readonly string[], message: string, path: string, key: Key): void {
  if (typeof value !== 'string' || !values.includes(value)) fail(path, key, message);
}
function checkText(value: unknown, path: string, key: Key): void {
  if (typeof value !== 'string' || value.length === 0) fail(path, key, MSG.text);
}
function checkLocalized(value: unknown, parent: string, key: Key): void {
  const o = objectAt(value, parent, key);
  if (typeof o.zh !== 'string' || o.zh.length === 0) fail(joinPath(parent, key), 'zh', MSG.text);
  if (typeof o.en !== 'string' || o.en.length === 0) fail(joinPath(parent, key), 'en', MSG.text);
}
function checkLocalizedList(value: unknown, parent: string, key: Key): void {
  const items = arrayAt(value, parent, key);
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    // Fast path for the common valid case; the slow path names the place.
    if (!(isObject(item) && typeof item.zh === 'string' && item.zh !== '' && typeof item.en === 'string' && item.en !== '')) {
      checkLocalized(item, joinPath(parent, key), i);
    }
  }
}

function checkReward(value: unknown, parent: string): void {
  const o = objectAt(value, parent, 'reward');
  if (o.type === 'percent_of_annual_salary') {
    checkPercent(o.percent, joinPath(parent, 'reward'), 'percent', true);
    return;
  }
  if (o.type === 'fixed') {
    const amount = o.amount;
    if (typeof amount !== 'string') fail(joinPath(parent, 'reward'), 'amount', MSG.amount);
    if (!DECIMAL_AMOUNT.test(amount)) fail(joinPath(parent, 'reward'), 'amount', /^-\s*\d/.test(amount) ? 'must not be negative' : MSG.amount);
    return;
  }
  fail(joinPath(parent, 'reward'), 'type', MSG.rewardType);
}

function checkGuarantee(value: unknown, parent: string): void {
  const o = objectAt(value, parent, 'guarantee');
  const path = parent === '' ? 'guarantee' : `${parent}.guarantee`;
  checkWhole(o.days, 0, path, 'days');
  const covered = arrayAt(o.covered, path, 'covered');
  for (let i = 0; i < covered.length; i++) {
    if (!isTerminationReason(covered[i])) fail(joinPath(path, 'covered'), i, MSG.reason);
  }
  checkWhole(o.noticeDays, 0, path, 'noticeDays');
  checkBool(o.requireTimelyPayment, path, 'requireTimelyPayment');
  checkWhole(o.paymentGraceDays, 0, path, 'paymentGraceDays');
}

function checkReplacement(value: unknown, parent: string): void {
  if (value === undefined || value === null) return;
  const o = objectAt(value, parent, 'replacement');
  const path = joinPath(parent, 'replacement');
  checkWhole(o.maxReplacements, 0, path, 'maxReplacements');
  checkWhole(o.deliveryDays, 0, path, 'deliveryDays');
  checkOneOf(o.newGuarantee, NEW_GUARANTEE_KINDS, MSG.newGuarantee, path, 'newGuarantee');
}

function checkRefund(value: unknown, parent: string): void {
  if (value === undefined || value === null) return;
  const o = objectAt(value, parent, 'refund');
  if (o.schedule === 'linear') return;
  const path = joinPath(parent, 'refund');
  if (o.schedule !== 'stepped') fail(path, 'schedule', MSG.schedule);
  const steps = arrayAt(o.steps, path, 'steps');
  const stepsPath = joinPath(path, 'steps');
  for (let i = 0; i < steps.length; i++) {
    const s = objectAt(steps[i], stepsPath, i);
    checkWhole(s.uptoDay, 0, joinPath(stepsPath, i), 'uptoDay');
    checkPercent(s.percent, joinPath(stepsPath, i), 'percent');
  }
  if (steps.length === 0) fail(path, 'steps', MSG.steps);
  for (let i = 1; i < steps.length; i++) {
    if (((steps[i] as Obj).uptoDay as number) <= ((steps[i - 1] as Obj).uptoDay as number)) fail(joinPath(stepsPath, i), 'uptoDay', MSG.stepOrder);
  }
}

function checkRemedies(value: unknown, parent: string): void {
  if (value === undefined || value === null) return;
  const o = objectAt(value, parent, 'remedies');
  const path = joinPath(parent, 'remedies');
  checkReplacement(o.replacement, path);
  checkRefund(o.refund, path);
}

function checkInstallments(value: unknown, parent: string): void {
  const items = arrayAt(value, parent, 'installments');
  const path = joinPath(parent, 'installments');
  let total = 0;
  for (let i = 0; i < items.length; i++) {
    const o = objectAt(items[i], path, i);
    const trigger = o.trigger;
    if (typeof trigger !== 'string' || !(trigger === 'start' || trigger === 'guarantee_passed' || TRIGGER.test(trigger))) {
      fail(joinPath(path, i), 'trigger', MSG.trigger);
    }
    total += checkPercent(o.percent, joinPath(path, i), 'percent');
    checkWhole(o.dueDays, 0, joinPath(path, i), 'dueDays');
  }
  if (items.length === 0) fail(parent, 'installments', MSG.installments);
  if (total !== 10_000) fail(parent, 'installments', installmentSumMessage(total));
}

function checkCheckIns(value: unknown, parent: string): void {
  if (value === null) return;
  const o = objectAt(value, parent, 'checkIns');
  const path = joinPath(parent, 'checkIns');
  const days = arrayAt(o.days, path, 'days');
  for (let i = 0; i < days.length; i++) checkWhole(days[i], 1, joinPath(path, 'days'), i);
  checkWhole(o.windowDays, 0, path, 'windowDays');
  const respondents = arrayAt(o.respondents, path, 'respondents');
  for (let i = 0; i < respondents.length; i++) checkOneOf(respondents[i], CHECK_IN_RESPONDENTS, MSG.respondent, joinPath(path, 'respondents'), i);
}

function checkSupportTasks(value: unknown, parent: string): void {
  const items = arrayAt(value, parent, 'supportTasks');
  const path = joinPath(parent, 'supportTasks');
  for (let i = 0; i < items.length; i++) {
    const o = objectAt(items[i], path, i);
    checkOneOf(o.kind, SUPPORT_TASK_KINDS, MSG.supportTask, joinPath(path, i), 'kind');
    checkWhole(o.day, 0, joinPath(path, i), 'day');
  }
}

function checkMilestones(value: unknown, parent: string): void {
  const items = arrayAt(value, parent, 'milestones');
  const path = joinPath(parent, 'milestones');
  for (let i = 0; i < items.length; i++) {
    const o = objectAt(items[i], path, i);
    const here = joinPath(path, i);
    checkWhole(o.day, 1, here, 'day');
    checkOneOf(o.kind, MILESTONE_KINDS, MSG.milestoneKind, here, 'kind');
    const passScore = o.passScore;
    if (typeof passScore !== 'number' || !Number.isSafeInteger(passScore) || passScore < 0 || passScore > 100) {
      fail(here, 'passScore', MSG.passScore);
    }
    if (o.skill !== undefined) checkLocalized(o.skill, here, 'skill');
  }
}

function checkScope(value: unknown, parent: string): void {
  const o = objectAt(value, parent, 'scope');
  const path = joinPath(parent, 'scope');
  checkLocalizedList(o.included, path, 'included');
  checkLocalizedList(o.excluded, path, 'excluded');
}

/** Checks terms in the order zod does; `complete` requires every part, otherwise parts may be left out. */
function checkTerms(input: unknown, root: string, complete: boolean): Obj {
  if (!isObject(input)) throw new InputProblem(root === '' ? 'terms' : root, MSG.object);
  const o = input;
  const currency = o.currency;
  if (!isCurrency(currency)) fail(root, 'currency', MSG.currency);
  if (complete || o.reward !== undefined) checkReward(o.reward, root);
  if (complete || o.platformFeePercent !== undefined) checkPercent(o.platformFeePercent, root, 'platformFeePercent');
  checkGuarantee(o.guarantee, root);
  checkRemedies(o.remedies, root);
  if (complete || o.installments !== undefined) checkInstallments(o.installments, root);
  if (complete || o.release !== undefined) checkOneOf(o.release, RELEASE_POLICIES, MSG.release, root, 'release');
  if (complete || o.checkIns !== undefined) checkCheckIns(o.checkIns, root);
  if (complete || o.supportTasks !== undefined) checkSupportTasks(o.supportTasks, root);
  if (complete || o.milestones !== undefined) checkMilestones(o.milestones, root);
  if (o.riskAlerts !== undefined) checkBool(o.riskAlerts, root, 'riskAlerts');
  if (complete || o.scope !== undefined) checkScope(o.scope, root);
  const reward = o.reward as Obj | undefined;
  if (reward?.type === 'fixed') {
    const problem = amountProblem(reward.amount, currency);
    if (problem !== null) fail(joinPath(root, 'reward'), 'amount', problem);
  }
  return o;
}

// Copies of checked parts: known keys only, percents as numbers, absent remedies as null.

const percentValue = (value: unknown): number => (typeof value === 'number' ? value : (percentHundredths(value) as number) / 100);
const copyLocalized = (value: unknown): LocalizedText => ({ zh: (value as Obj).zh as string, en: (value as Obj).en as string });

function copyReward(value: unknown): Reward {
  const o = value as Obj;
  return o.type === 'fixed'
    ? { type: 'fixed', amount: o.amount as string }
    : { type: 'percent_of_annual_salary', percent: percentValue(o.percent) };
}

function copyGuarantee(value: unknown): Guarantee {
  const o = value as Obj;
  return {
    days: o.days as number,
    covered: (o.covered as TerminationReason[]).slice(),
    noticeDays: o.noticeDays as number,
    requireTimelyPayment: o.requireTimelyPayment as boolean,
    paymentGraceDays: o.paymentGraceDays as number,
  };
}

const LINEAR: RefundRemedy = Object.freeze({ schedule: 'linear' });

function copyRemedies(value: unknown): Remedies {
  if (value === undefined || value === null) return { replacement: null, refund: null };
  const o = value as Obj;
  const r = o.replacement as Obj | null | undefined;
  const f = o.refund as Obj | null | undefined;
  let refund: RefundRemedy | null = null;
  if (f !== undefined && f !== null) {
    refund =
      f.schedule === 'linear'
        ? LINEAR
        : { schedule: 'stepped', steps: (f.steps as Obj[]).map((s) => ({ uptoDay: s.uptoDay as number, percent: percentValue(s.percent) })) };
  }
  return {
    replacement:
      r === undefined || r === null
        ? null
        : { maxReplacements: r.maxReplacements as number, deliveryDays: r.deliveryDays as number, newGuarantee: r.newGuarantee as ReplacementRemedy['newGuarantee'] },
    refund,
  };
}

function copyInstallments(value: unknown): InstallmentTerm[] {
  return (value as Obj[]).map((o) => ({ trigger: o.trigger as InstallmentTrigger, percent: percentValue(o.percent), dueDays: o.dueDays as number }));
}

function copyCheckIns(value: unknown): CheckIns | null {
  if (value === null) return null;
  const o = value as Obj;
  return {
    days: (o.days as number[]).slice(),
    windowDays: o.windowDays as number,
    respondents: (o.respondents as CheckIns['respondents']).slice(),
  };
}

function copyMilestone(value: unknown): Milestone {
  const o = value as Obj;
  const m: Milestone = { day: o.day as number, kind: o.kind as Milestone['kind'], passScore: o.passScore as number };
  if (o.skill !== undefined) m.skill = copyLocalized(o.skill);
  return m;
}

function copyTerms(o: Obj): EngineTerms {
  // Every key is written (possibly undefined) so that all terms objects share one shape.
  return {
    currency: o.currency as Currency,
    reward: o.reward !== undefined ? copyReward(o.reward) : undefined,
    platformFeePercent: o.platformFeePercent !== undefined ? percentValue(o.platformFeePercent) : undefined,
    guarantee: copyGuarantee(o.guarantee),
    remedies: copyRemedies(o.remedies),
    installments: o.installments !== undefined ? copyInstallments(o.installments) : undefined,
    release: o.release !== undefined ? (o.release as Release) : undefined,
    checkIns: o.checkIns !== undefined ? copyCheckIns(o.checkIns) : undefined,
    supportTasks:
      o.supportTasks !== undefined
        ? (o.supportTasks as Obj[]).map((t) => ({ kind: t.kind as SupportTask['kind'], day: t.day as number }))
        : undefined,
    milestones: o.milestones !== undefined ? (o.milestones as unknown[]).map(copyMilestone) : undefined,
    riskAlerts: o.riskAlerts !== undefined ? (o.riskAlerts as boolean) : undefined,
    scope:
      o.scope !== undefined
        ? {
            included: ((o.scope as Obj).included as unknown[]).map(copyLocalized),
            excluded: ((o.scope as Obj).excluded as unknown[]).map(copyLocalized),
          }
        : undefined,
  };
}

/**
 * Complete terms (a plan version or a placement's snapshot), validated and normalized (percents as numbers,
 * unknown keys dropped, absent remedies as null). Throws DomainError('invalid_input') naming the first problem:
 * "guarantee.days must be a whole number ≥ 0". Agrees with `termsSchema`.
 * `root` prefixes the paths in messages ("terms" → "terms.guarantee.days …").
 */
export function parseTerms(input: unknown, root = ''): Terms {
  try {
    return copyTerms(checkTerms(input, root, true)) as Terms;
  } catch (error) {
    throw error instanceof InputProblem ? error.toDomainError() : error;
  }
}

/**
 * Terms as the engines read them (see `EngineTerms`). Agrees with `engineTermsSchema`. Parts left out of the
 * input are `undefined` in the result.
 */
export function parseEngineTerms(input: unknown, root = ''): EngineTerms {
  try {
    return readEngineTerms(input, root);
  } catch (error) {
    throw error instanceof InputProblem ? error.toDomainError() : error;
  }
}

/** `parseEngineTerms` for hot paths: throws InputProblem. */
export function readEngineTerms(input: unknown, root = ''): EngineTerms {
  return copyTerms(checkTerms(input, root, false));
}

/**
 * Checks terms exactly as `parseEngineTerms` does, then copies only what a claim decision reads. Throws
 * InputProblem. This is the claim engine's hot path.
 */
export function readClaimTerms(input: unknown, root = ''): ClaimTerms {
  const o = checkTerms(input, root, false);
  return { currency: o.currency as Currency, guarantee: copyGuarantee(o.guarantee), remedies: copyRemedies(o.remedies) };
}
