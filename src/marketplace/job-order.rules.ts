import { isPosterRole } from '../identity/roles.rules.ts';
import { isPlatformOps, type Actor } from '../platform/auth/actor.ts';
import type { JobOrderStatus, OrgKind } from '../platform/db/schema.ts';
import { DomainError, invalidInput } from '../platform/errors.ts';
import { amountProblem, formatAmount, isCurrency, mulDivRoundHalfUp, parseAmount, parseStoredAmount, percentHundredths, percentOf, type Currency } from '../platform/money.ts';
import type { Reward } from '../plans/terms.schema.ts';
import { isJobFunction, isJobLevel, normalizeCity, type JobFunction, type JobLevel } from './job-catalog.ts';

/**
 * A job order's life (DESIGN §4.4): draft → open ⇄ paused → closed, and open/paused → filled when the
 * headcount is hired. Only a draft can be edited: once consultants may have accepted an order's terms,
 * changing them under their feet would void what they accepted.
 */

export const JOB_ORDER_STATUSES = ['draft', 'open', 'paused', 'filled', 'closed'] as const satisfies readonly JobOrderStatus[];

/** What people do to an order; `fill` is what the last hire does, never a person. */
export const ORDER_ACTIONS = ['edit', 'open', 'pause', 'resume', 'close', 'fill'] as const;
export type OrderAction = (typeof ORDER_ACTIONS)[number];

const TRANSITIONS: Readonly<Record<JobOrderStatus, Partial<Record<OrderAction, JobOrderStatus>>>> = {
  // A draft nobody will open is withdrawn by closing it, so it leaves the poster's working list.
  draft: { edit: 'draft', open: 'open', close: 'closed' },
  open: { pause: 'paused', close: 'closed', fill: 'filled' },
  paused: { resume: 'open', close: 'closed', fill: 'filled' },
  filled: {},
  closed: {},
};

/** The status after `action`, or null when the action is not allowed from `status`. */
export function nextStatus(status: JobOrderStatus, action: OrderAction): JobOrderStatus | null {
  return TRANSITIONS[status][action] ?? null;
}

const ACTION_WORDS: Record<OrderAction, string> = { edit: 'edit', open: 'open', pause: 'pause', resume: 'resume', close: 'close', fill: 'fill' };

/** The status after `action`; a DomainError `invalid_transition` naming both when it is not allowed. */
export function transition(status: JobOrderStatus, action: OrderAction): JobOrderStatus {
  const next = nextStatus(status, action);
  if (next !== null) return next;
  const message =
    action === 'edit'
      ? `an order can be edited only while it is a draft; this one is ${status}`
      : `cannot ${ACTION_WORDS[action]} an order that is ${status}`;
  throw new DomainError('invalid_transition', message, { status, action });
}

/**
 * After one more hire: the count goes up, and the order is filled at its headcount. Only an order that takes
 * candidates (open or paused) takes a hire, and never beyond its headcount: the caller decides on the order row
 * it has locked, so two hires at the same instant cannot both pass.
 */
export function afterHire(order: { status: JobOrderStatus; headcount: number; hiredCount: number }): { hiredCount: number; status: JobOrderStatus } {
  if (order.status !== 'open' && order.status !== 'paused') {
    const why = order.status === 'draft' ? 'it was never opened' : `it is ${order.status}`;
    throw new DomainError('invalid_transition', `cannot hire on this order: ${why}`, { orderStatus: order.status, action: 'fill' });
  }
  if (order.hiredCount >= order.headcount) {
    throw new DomainError('invalid_transition', `cannot hire on this order: all ${order.headcount} positions are filled`, { orderStatus: order.status, action: 'fill', headcount: order.headcount });
  }
  const hiredCount = order.hiredCount + 1;
  return { hiredCount, status: hiredCount >= order.headcount ? 'filled' : order.status };
}

// ------------------------------------------------------------------------------------------ who may do what

/** Employers post for themselves; an agency admin posts for the agency's own clients (发单方): the poster roles. */
export function canPostOrders(actor: Actor): boolean {
  return isPosterRole(actor.role);
}

/** The poster's people manage their org's orders. */
export function canManageOrder(actor: Actor, order: { posterOrgId: string }): boolean {
  return actor.orgId === order.posterOrgId && canPostOrders(actor);
}

/** Who sees an order as its poster does (with who works on it): its managers, and platform ops. */
export function canSeeAsPoster(actor: Actor, order: { posterOrgId: string }): boolean {
  return isPlatformOps(actor) || canManageOrder(actor, order);
}

/** Managers do everything; platform ops may only close an order (with a reason), e.g. one that breaks the rules. */
export function mayAct(actor: Actor, order: { posterOrgId: string }, action: Exclude<OrderAction, 'fill'>): boolean {
  if (canManageOrder(actor, order)) return true;
  return isPlatformOps(actor) && action === 'close';
}

/** Platform ops must say why they close someone else's order; the poster may. */
export function closeReasonRequired(actor: Actor, order: { posterOrgId: string }): boolean {
  return !canManageOrder(actor, order);
}

// ------------------------------------------------------------------------------------------ the order's content

export type RewardInput = { type: 'percent_of_annual_salary'; percent: number } | { type: 'fixed'; amount: string };

export type OrderContentInput = {
  clientName?: string | null | undefined;
  title: string;
  city: string;
  function: string;
  level: string;
  headcount: number;
  currency: string;
  salaryMin: string;
  salaryMax: string;
  description: string;
  reward: RewardInput;
};

export type OrderContent = {
  clientName: string | null;
  title: string;
  city: string;
  function: JobFunction;
  level: JobLevel;
  headcount: number;
  currency: Currency;
  salaryMin: bigint;
  salaryMax: bigint;
  description: string;
  reward: Reward;
  rewardSort: bigint;
};

export const MAX_HEADCOUNT = 1000;

/**
 * Checks an order's content and puts it in its stored form, naming the field of the first problem.
 * The reward is normalized ("50000" → "50000.00"), so equal terms hash equally whoever typed them.
 */
export function validateOrderContent(input: OrderContentInput, posterKind: OrgKind): OrderContent {
  const title = input.title.trim();
  if (title.length === 0) throw invalidInput('title', 'must not be empty');
  const city = normalizeCity(input.city);
  if (city.length === 0) throw invalidInput('city', 'must not be empty');
  if (!isJobFunction(input.function)) throw invalidInput('function', `"${input.function}" is not a known job function`);
  if (!isJobLevel(input.level)) throw invalidInput('level', `"${input.level}" is not a known job level`);
  if (!Number.isInteger(input.headcount) || input.headcount < 1) throw invalidInput('headcount', 'must be a whole number ≥ 1');
  if (input.headcount > MAX_HEADCOUNT) throw invalidInput('headcount', `must be at most ${MAX_HEADCOUNT}`);
  if (!isCurrency(input.currency)) throw invalidInput('currency', `"${input.currency}" is not a supported currency`);
  const currency = input.currency;
  const salaryMin = parseStoredAmount(input.salaryMin, currency, 'salaryMin');
  const salaryMax = parseStoredAmount(input.salaryMax, currency, 'salaryMax');
  if (salaryMin <= 0n) throw invalidInput('salaryMin', 'must be more than 0');
  if (salaryMin > salaryMax) throw invalidInput('salaryMax', 'must be at least salaryMin');

  const clientName = input.clientName?.trim() || null;
  if (posterKind === 'agency' && clientName === null) throw invalidInput('clientName', 'an agency posts for a client: name the client');
  if (posterKind !== 'agency' && clientName !== null) throw invalidInput('clientName', 'only an agency posting for its client names one');

  const reward = validateReward(input.reward, currency);
  return {
    clientName,
    title,
    city,
    function: input.function,
    level: input.level,
    headcount: input.headcount,
    currency,
    salaryMin,
    salaryMax,
    description: input.description.trim(),
    reward,
    rewardSort: rewardSortOf(reward, currency, salaryMin, salaryMax),
  };
}

export function validateReward(input: RewardInput, currency: Currency): Reward {
  if (input.type === 'percent_of_annual_salary') {
    const hundredths = percentHundredths(input.percent);
    if (hundredths === null || hundredths > 10_000) throw invalidInput('reward.percent', 'must be a percent from 0 to 100 with at most 2 decimals');
    if (hundredths === 0) throw invalidInput('reward.percent', 'must be more than 0');
    return { type: 'percent_of_annual_salary', percent: hundredths / 100 };
  }
  const problem = amountProblem(input.amount, currency);
  if (problem !== null) throw invalidInput('reward.amount', problem);
  const minor = parseStoredAmount(input.amount, currency, 'reward.amount');
  if (minor <= 0n) throw invalidInput('reward.amount', 'must be more than 0');
  return { type: 'fixed', amount: formatAmount(minor, currency) };
}

/**
 * The reward in minor units, for sorting and filtering the marketplace: a fixed amount as it is; a percent of
 * the annual salary applied to the middle of the salary range (what a consultant expects to earn), half up.
 */
export function rewardSortOf(reward: Reward, currency: Currency, salaryMin: bigint, salaryMax: bigint): bigint {
  if (reward.type === 'fixed') return parseAmount(reward.amount, currency, 'reward.amount');
  const middle = mulDivRoundHalfUp(salaryMin + salaryMax, 1n, 2n);
  return percentOf(middle, reward.percent);
}
