import * as z from 'zod';
import { DomainError } from '../platform/errors.ts';
import { CURRENCIES, type Currency, amountProblem, isCurrency, percentHundredths } from '../platform/money.ts';

/**
 * The terms of an after-sales plan (DESIGN §4.1): the machine rules both sides sign.
 *
 * Two validators describe the same boundary and must agree (a property test holds them to it):
 * - the zod schemas below, the documented boundary (HTTP routes, OpenAPI);
 * - a hand-written validator (`validateTerms`), used on the hot path (claim evaluation runs hundreds of
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

export function isTerminationReason(value: unknown): value is TerminationReason {
  return typeof value === 'string' && (TERMINATION_REASONS as readonly string[]).includes(value);
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
// its items; the reward amount against the currency last), same words. Paths are only spelled out on failure.

type Obj = Record<string, unknown>;
type Key = string | number;

/** "guarantee" + "days" → "guarantee.days"; "installments" + 1 → "installments[1]". */
function join(path: string, key: Key): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return path === '' ? key : `${path}.${key}`;
}
function fail(path: string, key: Key, message: string): never {
  const field = join(path, key);
  throw new DomainError('invalid_input', `${field === '' ? 'terms' : field} ${message}`, { field });
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
function wholeAt(value: unknown, min: 0 | 1, path: string, key: Key): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min) fail(path, key, min === 0 ? MSG.whole0 : MSG.whole1);
  return value;
}
function percentAt(value: unknown, path: string, key: Key, aboveZero = false): number {
  const h = typeof value === 'number' || typeof value === 'string' ? percentHundredths(value) : null;
  if (h === null || h > 10_000 || (aboveZero && h === 0)) fail(path, key, aboveZero ? MSG.positivePercent : MSG.percent);
  return typeof value === 'number' ? value : h / 100;
}
function boolAt(value: unknown, path: string, key: Key): boolean {
  if (typeof value !== 'boolean') fail(path, key, MSG.boolean);
  return value;
}
function oneOfAt<T extends string>(value: unknown, values: readonly T[], message: string, path: string, key: Key): T {
  if (typeof value !== 'string' || !(values as readonly string[]).includes(value)) fail(path, key, message);
  return value as T;
}
function textAt(value: unknown, path: string, key: Key): string {
  if (typeof value !== 'string' || value.length === 0) fail(path, key, MSG.text);
  return value;
}
function localizedAt(value: unknown, parent: string, key: Key): LocalizedText {
  const o = objectAt(value, parent, key);
  const path = join(parent, key);
  return { zh: textAt(o.zh, path, 'zh'), en: textAt(o.en, path, 'en') };
}
function localizedListAt(value: unknown, path: string, key: Key): LocalizedText[] {
  const items = arrayAt(value, path, key);
  const here = join(path, key);
  const out = new Array<LocalizedText>(items.length);
  for (let i = 0; i < items.length; i++) out[i] = localizedAt(items[i], here, i);
  return out;
}

function rewardAt(value: unknown, parent: string): Reward {
  const o = objectAt(value, parent, 'reward');
  const path = join(parent, 'reward');
  if (o.type === 'percent_of_annual_salary') {
    return { type: 'percent_of_annual_salary', percent: percentAt(o.percent, path, 'percent', true) };
  }
  if (o.type === 'fixed') {
    const amount = o.amount;
    if (typeof amount !== 'string') fail(path, 'amount', MSG.amount);
    if (!DECIMAL_AMOUNT.test(amount)) fail(path, 'amount', /^-\s*\d/.test(amount) ? 'must not be negative' : MSG.amount);
    return { type: 'fixed', amount };
  }
  return fail(path, 'type', MSG.rewardType);
}

function guaranteeAt(value: unknown, parent: string): Guarantee {
  const o = objectAt(value, parent, 'guarantee');
  const path = join(parent, 'guarantee');
  const days = wholeAt(o.days, 0, path, 'days');
  const coveredIn = arrayAt(o.covered, path, 'covered');
  const covered = new Array<TerminationReason>(coveredIn.length);
  for (let i = 0; i < coveredIn.length; i++) {
    const reason = coveredIn[i];
    if (!isTerminationReason(reason)) fail(join(path, 'covered'), i, MSG.reason);
    covered[i] = reason;
  }
  return {
    days,
    covered,
    noticeDays: wholeAt(o.noticeDays, 0, path, 'noticeDays'),
    requireTimelyPayment: boolAt(o.requireTimelyPayment, path, 'requireTimelyPayment'),
    paymentGraceDays: wholeAt(o.paymentGraceDays, 0, path, 'paymentGraceDays'),
  };
}

function replacementAt(value: unknown, parent: string): ReplacementRemedy | null {
  if (value === undefined || value === null) return null;
  const o = objectAt(value, parent, 'replacement');
  const path = join(parent, 'replacement');
  return {
    maxReplacements: wholeAt(o.maxReplacements, 0, path, 'maxReplacements'),
    deliveryDays: wholeAt(o.deliveryDays, 0, path, 'deliveryDays'),
    newGuarantee: oneOfAt(o.newGuarantee, NEW_GUARANTEE_KINDS, MSG.newGuarantee, path, 'newGuarantee'),
  };
}

const LINEAR: RefundRemedy = Object.freeze({ schedule: 'linear' });

function refundAt(value: unknown, parent: string): RefundRemedy | null {
  if (value === undefined || value === null) return null;
  const o = objectAt(value, parent, 'refund');
  const path = join(parent, 'refund');
  if (o.schedule === 'linear') return LINEAR;
  if (o.schedule !== 'stepped') return fail(path, 'schedule', MSG.schedule);
  const stepsIn = arrayAt(o.steps, path, 'steps');
  const stepsPath = join(path, 'steps');
  const steps = new Array<RefundStep>(stepsIn.length);
  for (let i = 0; i < stepsIn.length; i++) {
    const s = objectAt(stepsIn[i], stepsPath, i);
    const uptoDay = s.uptoDay;
    const percent = s.percent;
    if (typeof uptoDay !== 'number' || !Number.isSafeInteger(uptoDay) || uptoDay < 0) fail(join(stepsPath, i), 'uptoDay', MSG.whole0);
    steps[i] = { uptoDay, percent: percentAt(percent, join(stepsPath, i), 'percent') };
  }
  if (steps.length === 0) fail(path, 'steps', MSG.steps);
  for (let i = 1; i < steps.length; i++) {
    if ((steps[i] as RefundStep).uptoDay <= (steps[i - 1] as RefundStep).uptoDay) fail(join(stepsPath, i), 'uptoDay', MSG.stepOrder);
  }
  return { schedule: 'stepped', steps };
}

function remediesAt(value: unknown, parent: string): Remedies {
  if (value === undefined || value === null) return { replacement: null, refund: null };
  const o = objectAt(value, parent, 'remedies');
  const path = join(parent, 'remedies');
  return { replacement: replacementAt(o.replacement, path), refund: refundAt(o.refund, path) };
}

function installmentsAt(value: unknown, parent: string): InstallmentTerm[] {
  const items = arrayAt(value, parent, 'installments');
  const path = join(parent, 'installments');
  const out = new Array<InstallmentTerm>(items.length);
  let total = 0;
  for (let i = 0; i < items.length; i++) {
    const o = objectAt(items[i], path, i);
    const trigger = o.trigger;
    if (typeof trigger !== 'string' || !(trigger === 'start' || trigger === 'guarantee_passed' || TRIGGER.test(trigger))) {
      fail(join(path, i), 'trigger', MSG.trigger);
    }
    const percent = percentAt(o.percent, join(path, i), 'percent');
    out[i] = { trigger: trigger as InstallmentTrigger, percent, dueDays: wholeAt(o.dueDays, 0, join(path, i), 'dueDays') };
    total += Math.round(percent * 100);
  }
  if (out.length === 0) fail(parent, 'installments', MSG.installments);
  if (total !== 10_000) fail(parent, 'installments', installmentSumMessage(total));
  return out;
}

function checkInsAt(value: unknown, parent: string): CheckIns | null {
  if (value === null) return null;
  const o = objectAt(value, parent, 'checkIns');
  const path = join(parent, 'checkIns');
  const daysIn = arrayAt(o.days, path, 'days');
  const days = new Array<number>(daysIn.length);
  for (let i = 0; i < daysIn.length; i++) days[i] = wholeAt(daysIn[i], 1, join(path, 'days'), i);
  const windowDays = wholeAt(o.windowDays, 0, path, 'windowDays');
  const respondentsIn = arrayAt(o.respondents, path, 'respondents');
  const respondents = new Array<CheckIns['respondents'][number]>(respondentsIn.length);
  for (let i = 0; i < respondentsIn.length; i++) {
    respondents[i] = oneOfAt(respondentsIn[i], CHECK_IN_RESPONDENTS, MSG.respondent, join(path, 'respondents'), i);
  }
  return { days, windowDays, respondents };
}

function supportTasksAt(value: unknown, parent: string): SupportTask[] {
  const items = arrayAt(value, parent, 'supportTasks');
  const path = join(parent, 'supportTasks');
  const out = new Array<SupportTask>(items.length);
  for (let i = 0; i < items.length; i++) {
    const o = objectAt(items[i], path, i);
    out[i] = {
      kind: oneOfAt(o.kind, SUPPORT_TASK_KINDS, MSG.supportTask, join(path, i), 'kind'),
      day: wholeAt(o.day, 0, join(path, i), 'day'),
    };
  }
  return out;
}

function milestonesAt(value: unknown, parent: string): Milestone[] {
  const items = arrayAt(value, parent, 'milestones');
  const path = join(parent, 'milestones');
  const out = new Array<Milestone>(items.length);
  for (let i = 0; i < items.length; i++) {
    const o = objectAt(items[i], path, i);
    const here = join(path, i);
    const day = wholeAt(o.day, 1, here, 'day');
    const kind = oneOfAt(o.kind, MILESTONE_KINDS, MSG.milestoneKind, here, 'kind');
    const passScore = o.passScore;
    if (typeof passScore !== 'number' || !Number.isSafeInteger(passScore) || passScore < 0 || passScore > 100) {
      fail(here, 'passScore', MSG.passScore);
    }
    const milestone: Milestone = { day, kind, passScore };
    if (o.skill !== undefined) milestone.skill = localizedAt(o.skill, here, 'skill');
    out[i] = milestone;
  }
  return out;
}

function scopeAt(value: unknown, parent: string): Scope {
  const o = objectAt(value, parent, 'scope');
  const path = join(parent, 'scope');
  return { included: localizedListAt(o.included, path, 'included'), excluded: localizedListAt(o.excluded, path, 'excluded') };
}

function validate(input: unknown, root: string, complete: boolean): EngineTerms {
  if (!isObject(input)) {
    const field = root === '' ? 'terms' : root;
    throw new DomainError('invalid_input', `${field} ${MSG.object}`, { field });
  }
  const o = input;
  const currency = o.currency;
  if (!isCurrency(currency)) fail(root, 'currency', MSG.currency);
  // Every key is written (possibly undefined) so that all terms objects share one shape.
  const terms: EngineTerms = {
    currency,
    reward: complete || o.reward !== undefined ? rewardAt(o.reward, root) : undefined,
    platformFeePercent:
      complete || o.platformFeePercent !== undefined ? percentAt(o.platformFeePercent, root, 'platformFeePercent') : undefined,
    guarantee: guaranteeAt(o.guarantee, root),
    remedies: remediesAt(o.remedies, root),
    installments: complete || o.installments !== undefined ? installmentsAt(o.installments, root) : undefined,
    release: complete || o.release !== undefined ? oneOfAt(o.release, RELEASE_POLICIES, MSG.release, root, 'release') : undefined,
    checkIns: complete || o.checkIns !== undefined ? checkInsAt(o.checkIns, root) : undefined,
    supportTasks: complete || o.supportTasks !== undefined ? supportTasksAt(o.supportTasks, root) : undefined,
    milestones: complete || o.milestones !== undefined ? milestonesAt(o.milestones, root) : undefined,
    riskAlerts: o.riskAlerts !== undefined ? boolAt(o.riskAlerts, root, 'riskAlerts') : undefined,
    scope: complete || o.scope !== undefined ? scopeAt(o.scope, root) : undefined,
  };
  if (terms.reward?.type === 'fixed') {
    const problem = amountProblem(terms.reward.amount, currency);
    if (problem !== null) fail(join(root, 'reward'), 'amount', problem);
  }
  return terms;
}

/**
 * Complete terms (a plan version or a placement's snapshot), validated and normalized (percents as numbers,
 * unknown keys dropped, absent remedies as null). Throws DomainError('invalid_input') naming the first problem:
 * "guarantee.days must be a whole number ≥ 0". Agrees with `termsSchema`.
 * `root` prefixes the paths in messages ("terms" → "terms.guarantee.days …").
 */
export function parseTerms(input: unknown, root = ''): Terms {
  return validate(input, root, true) as Terms;
}

/**
 * Terms as the engines read them (see `EngineTerms`). Agrees with `engineTermsSchema`. Parts left out of the
 * input are `undefined` in the result.
 */
export function parseEngineTerms(input: unknown, root = ''): EngineTerms {
  return validate(input, root, false);
}
