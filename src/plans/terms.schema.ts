import * as z from 'zod';
import { JOB_LEVELS, type JobLevel } from '../marketplace/job-catalog.ts';
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
/** Background checks the plan includes (DESIGN §4.11): a re-verification after hire for these job levels. */
export interface BackgroundCheckTerms {
  reverificationLevels: JobLevel[];
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
  backgroundChecks?: BackgroundCheckTerms;
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

/**
 * The most any count in terms may be (days of the guarantee, notice, grace, delivery, refund steps, installment
 * due days, check-in days and window, support tasks, milestones; replacements): ten years. More breaks no
 * arithmetic but means nothing a person would sign, and keeps every computed date within range.
 */
export const MAX_TERM_DAYS = 3660;

export const MSG = {
  object: 'must be an object',
  array: 'must be an array',
  boolean: 'must be true or false',
  whole0: 'must be a whole number ≥ 0',
  whole1: 'must be a whole number ≥ 1',
  tooLarge: `must be at most ${MAX_TERM_DAYS} (ten years: every count of days or items in terms stays within that)`,
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
  jobLevel: `must be ${quoted(JOB_LEVELS)}`,
  trigger: 'must be "start", "guarantee_passed" or "day:N" with N a whole number from 1 to 9999',
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

const TRIGGER = /^(?:start|guarantee_passed|day:[1-9]\d{0,3})$/;
const DECIMAL_AMOUNT = /^\d+(?:\.\d+)?$/;

// ---------------------------------------------------------------------------------------------- zod

const wholeNumber = (min: 0 | 1) => {
  const error = min === 0 ? MSG.whole0 : MSG.whole1;
  return z.number({ error }).int({ error }).min(min, { error }).max(MAX_TERM_DAYS, { error: MSG.tooLarge });
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

const currencySchema = z.string({ error: MSG.currency }).refine(isCurrency, { error: MSG.currency }).transform((c) => c);

const backgroundChecksSchema = z.object({ reverificationLevels: z.array(oneOf(JOB_LEVELS, MSG.jobLevel), { error: MSG.array }) }, { error: MSG.object });

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
      backgroundChecks: backgroundChecksSchema.optional(),
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
      backgroundChecks: backgroundChecksSchema.optional(),
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

/** The paths of the parts of the terms under one root ('' or 'terms'), spelled out once, not per check. */
interface Paths {
  root: string;
  reward: string;
  guarantee: string;
  covered: string;
  remedies: string;
  replacement: string;
  refund: string;
  steps: string;
  installments: string;
  checkIns: string;
  checkInDays: string;
  respondents: string;
  supportTasks: string;
  milestones: string;
  scope: string;
  included: string;
  excluded: string;
}
const pathsByRoot = new Map<string, Paths>();
function pathsFor(root: string): Paths {
  let p = pathsByRoot.get(root);
  if (p === undefined) {
    const at = (key: string) => joinPath(root, key);
    p = {
      root,
      reward: at('reward'),
      guarantee: at('guarantee'),
      covered: joinPath(at('guarantee'), 'covered'),
      remedies: at('remedies'),
      replacement: joinPath(at('remedies'), 'replacement'),
      refund: joinPath(at('remedies'), 'refund'),
      steps: joinPath(joinPath(at('remedies'), 'refund'), 'steps'),
      installments: at('installments'),
      checkIns: at('checkIns'),
      checkInDays: joinPath(at('checkIns'), 'days'),
      respondents: joinPath(at('checkIns'), 'respondents'),
      supportTasks: at('supportTasks'),
      milestones: at('milestones'),
      scope: at('scope'),
      included: joinPath(at('scope'), 'included'),
      excluded: joinPath(at('scope'), 'excluded'),
    };
    if (pathsByRoot.size < 16) pathsByRoot.set(root, p);
  }
  return p;
}

// Boolean tests; every check below is `if (!test) fail(path…)`, so a path is only spelled out on failure.
function isObject(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
function isWhole(value: unknown, min: 0 | 1): boolean {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= min;
}
/** The fast twin of `wholeNumber`: a whole number ≥ min, then at most MAX_TERM_DAYS, failing with zod's words. */
function checkWhole(value: unknown, min: 0 | 1, where: string, key: Key): void {
  if (!isWhole(value, min)) fail(where, key, min === 0 ? MSG.whole0 : MSG.whole1);
  if ((value as number) > MAX_TERM_DAYS) fail(where, key, MSG.tooLarge);
}
/** A percent (0–100, at most 2 decimals) in hundredths, or -1. */
function hundredthsOf(value: unknown, aboveZero: boolean): number {
  const h = typeof value === 'number' || typeof value === 'string' ? percentHundredths(value) : null;
  return h === null || h > 10_000 || (aboveZero && h === 0) ? -1 : h;
}
function isOneOf(value: unknown, values: readonly string[]): boolean {
  return typeof value === 'string' && values.includes(value);
}
function isText(value: unknown): boolean {
  return typeof value === 'string' && value !== '';
}
function isLocalized(value: unknown): boolean {
  return isObject(value) && isText(value.zh) && isText(value.en);
}
/** Names the first problem of a localized text already known to be invalid. */
function failLocalized(value: unknown, path: string): never {
  if (!isObject(value)) throw new InputProblem(path, MSG.object);
  if (!isText(value.zh)) fail(path, 'zh', MSG.text);
  return fail(path, 'en', MSG.text);
}
function checkLocalizedList(value: unknown, path: string): void {
  if (!Array.isArray(value)) throw new InputProblem(path, MSG.array);
  for (let i = 0; i < value.length; i++) if (!isLocalized(value[i])) failLocalized(value[i], joinPath(path, i));
}

function checkReward(value: unknown, p: Paths): void {
  if (!isObject(value)) throw new InputProblem(p.reward, MSG.object);
  if (value.type === 'percent_of_annual_salary') {
    if (hundredthsOf(value.percent, true) < 0) fail(p.reward, 'percent', MSG.positivePercent);
    return;
  }
  if (value.type === 'fixed') {
    const amount = value.amount;
    if (typeof amount !== 'string') fail(p.reward, 'amount', MSG.amount);
    if (!DECIMAL_AMOUNT.test(amount)) fail(p.reward, 'amount', /^-\s*\d/.test(amount) ? 'must not be negative' : MSG.amount);
    return;
  }
  fail(p.reward, 'type', MSG.rewardType);
}

function checkGuarantee(value: unknown, p: Paths): void {
  if (!isObject(value)) throw new InputProblem(p.guarantee, MSG.object);
  checkWhole(value.days, 0, p.guarantee, 'days');
  const covered = value.covered;
  if (!Array.isArray(covered)) throw new InputProblem(p.covered, MSG.array);
  for (let i = 0; i < covered.length; i++) if (!isTerminationReason(covered[i])) fail(p.covered, i, MSG.reason);
  checkWhole(value.noticeDays, 0, p.guarantee, 'noticeDays');
  if (typeof value.requireTimelyPayment !== 'boolean') fail(p.guarantee, 'requireTimelyPayment', MSG.boolean);
  checkWhole(value.paymentGraceDays, 0, p.guarantee, 'paymentGraceDays');
}

function checkReplacement(value: unknown, p: Paths): void {
  if (value === undefined || value === null) return;
  if (!isObject(value)) throw new InputProblem(p.replacement, MSG.object);
  checkWhole(value.maxReplacements, 0, p.replacement, 'maxReplacements');
  checkWhole(value.deliveryDays, 0, p.replacement, 'deliveryDays');
  if (!isOneOf(value.newGuarantee, NEW_GUARANTEE_KINDS)) fail(p.replacement, 'newGuarantee', MSG.newGuarantee);
}

function checkRefund(value: unknown, p: Paths): void {
  if (value === undefined || value === null) return;
  if (!isObject(value)) throw new InputProblem(p.refund, MSG.object);
  if (value.schedule === 'linear') return;
  if (value.schedule !== 'stepped') fail(p.refund, 'schedule', MSG.schedule);
  const steps = value.steps;
  if (!Array.isArray(steps)) throw new InputProblem(p.steps, MSG.array);
  for (let i = 0; i < steps.length; i++) {
    const s: unknown = steps[i];
    if (!isObject(s)) fail(p.steps, i, MSG.object);
    checkWhole(s.uptoDay, 0, joinPath(p.steps, i), 'uptoDay');
    if (hundredthsOf(s.percent, false) < 0) fail(joinPath(p.steps, i), 'percent', MSG.percent);
  }
  if (steps.length === 0) throw new InputProblem(p.steps, MSG.steps);
  for (let i = 1; i < steps.length; i++) {
    if (((steps[i] as Obj).uptoDay as number) <= ((steps[i - 1] as Obj).uptoDay as number)) fail(joinPath(p.steps, i), 'uptoDay', MSG.stepOrder);
  }
}

function checkRemedies(value: unknown, p: Paths): void {
  if (value === undefined || value === null) return;
  if (!isObject(value)) throw new InputProblem(p.remedies, MSG.object);
  checkReplacement(value.replacement, p);
  checkRefund(value.refund, p);
}

function checkInstallments(value: unknown, p: Paths): void {
  if (!Array.isArray(value)) throw new InputProblem(p.installments, MSG.array);
  let total = 0;
  for (let i = 0; i < value.length; i++) {
    const o: unknown = value[i];
    if (!isObject(o)) fail(p.installments, i, MSG.object);
    const trigger = o.trigger;
    if (typeof trigger !== 'string' || !(trigger === 'start' || trigger === 'guarantee_passed' || TRIGGER.test(trigger))) {
      fail(joinPath(p.installments, i), 'trigger', MSG.trigger);
    }
    const h = hundredthsOf(o.percent, false);
    if (h < 0) fail(joinPath(p.installments, i), 'percent', MSG.percent);
    total += h;
    checkWhole(o.dueDays, 0, joinPath(p.installments, i), 'dueDays');
  }
  if (value.length === 0) throw new InputProblem(p.installments, MSG.installments);
  if (total !== 10_000) throw new InputProblem(p.installments, installmentSumMessage(total));
}

function checkCheckIns(value: unknown, p: Paths): void {
  if (value === null) return;
  if (!isObject(value)) throw new InputProblem(p.checkIns, MSG.object);
  const days = value.days;
  if (!Array.isArray(days)) throw new InputProblem(p.checkInDays, MSG.array);
  for (let i = 0; i < days.length; i++) checkWhole(days[i], 1, p.checkInDays, i);
  checkWhole(value.windowDays, 0, p.checkIns, 'windowDays');
  const respondents = value.respondents;
  if (!Array.isArray(respondents)) throw new InputProblem(p.respondents, MSG.array);
  for (let i = 0; i < respondents.length; i++) {
    if (!isOneOf(respondents[i], CHECK_IN_RESPONDENTS)) fail(p.respondents, i, MSG.respondent);
  }
}

function checkSupportTasks(value: unknown, p: Paths): void {
  if (!Array.isArray(value)) throw new InputProblem(p.supportTasks, MSG.array);
  for (let i = 0; i < value.length; i++) {
    const o: unknown = value[i];
    if (!isObject(o)) fail(p.supportTasks, i, MSG.object);
    if (!isOneOf(o.kind, SUPPORT_TASK_KINDS)) fail(joinPath(p.supportTasks, i), 'kind', MSG.supportTask);
    checkWhole(o.day, 0, joinPath(p.supportTasks, i), 'day');
  }
}

function checkMilestones(value: unknown, p: Paths): void {
  if (!Array.isArray(value)) throw new InputProblem(p.milestones, MSG.array);
  for (let i = 0; i < value.length; i++) {
    const o: unknown = value[i];
    if (!isObject(o)) fail(p.milestones, i, MSG.object);
    checkWhole(o.day, 1, joinPath(p.milestones, i), 'day');
    if (!isOneOf(o.kind, MILESTONE_KINDS)) fail(joinPath(p.milestones, i), 'kind', MSG.milestoneKind);
    const passScore = o.passScore;
    if (typeof passScore !== 'number' || !Number.isSafeInteger(passScore) || passScore < 0 || passScore > 100) {
      fail(joinPath(p.milestones, i), 'passScore', MSG.passScore);
    }
    if (o.skill !== undefined && !isLocalized(o.skill)) failLocalized(o.skill, joinPath(joinPath(p.milestones, i), 'skill'));
  }
}

function checkBackgroundChecks(value: unknown, path: string): void {
  if (!isObject(value)) throw new InputProblem(path, MSG.object);
  const levels = value.reverificationLevels;
  if (!Array.isArray(levels)) throw new InputProblem(joinPath(path, 'reverificationLevels'), MSG.array);
  for (let i = 0; i < levels.length; i++) if (!isOneOf(levels[i], JOB_LEVELS)) fail(joinPath(path, 'reverificationLevels'), i, MSG.jobLevel);
}

function checkScope(value: unknown, p: Paths): void {
  if (!isObject(value)) throw new InputProblem(p.scope, MSG.object);
  checkLocalizedList(value.included, p.included);
  checkLocalizedList(value.excluded, p.excluded);
}

/** Checks terms in the order zod does; `complete` requires every part, otherwise parts may be left out. */
function checkTerms(input: unknown, root: string, complete: boolean): Obj {
  if (!isObject(input)) throw new InputProblem(root === '' ? 'terms' : root, MSG.object);
  const o = input;
  const p = pathsFor(root);
  const currency = o.currency;
  if (!isCurrency(currency)) fail(root, 'currency', MSG.currency);
  if (complete || o.reward !== undefined) checkReward(o.reward, p);
  if ((complete || o.platformFeePercent !== undefined) && hundredthsOf(o.platformFeePercent, false) < 0) {
    fail(root, 'platformFeePercent', MSG.percent);
  }
  checkGuarantee(o.guarantee, p);
  checkRemedies(o.remedies, p);
  if (complete || o.installments !== undefined) checkInstallments(o.installments, p);
  if ((complete || o.release !== undefined) && !isOneOf(o.release, RELEASE_POLICIES)) fail(root, 'release', MSG.release);
  if (complete || o.checkIns !== undefined) checkCheckIns(o.checkIns, p);
  if (complete || o.supportTasks !== undefined) checkSupportTasks(o.supportTasks, p);
  if (complete || o.milestones !== undefined) checkMilestones(o.milestones, p);
  if (o.riskAlerts !== undefined && typeof o.riskAlerts !== 'boolean') fail(root, 'riskAlerts', MSG.boolean);
  if (o.backgroundChecks !== undefined) checkBackgroundChecks(o.backgroundChecks, joinPath(root, 'backgroundChecks'));
  if (complete || o.scope !== undefined) checkScope(o.scope, p);
  const reward = o.reward as Obj | undefined;
  if (reward?.type === 'fixed') {
    const problem = amountProblem(reward.amount, currency);
    if (problem !== null) fail(p.reward, 'amount', problem);
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
    backgroundChecks: o.backgroundChecks !== undefined ? { reverificationLevels: ((o.backgroundChecks as Obj).reverificationLevels as JobLevel[]).slice() } : undefined,
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
