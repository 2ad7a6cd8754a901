import { type CalendarDate, addDays, dayNumberOrNaNOf } from '../platform/calendar-date.ts';
import { DomainError } from '../platform/errors.ts';
import { type Currency, amountProblem, formatAmount, mulDivRoundHalfUp, tryParseAmount } from '../platform/money.ts';
import { type InstallmentTerm, type InstallmentTrigger, InputProblem, MSG, installmentSumMessage, readEngineTerms } from './terms.schema.ts';

/**
 * Installment schedules (DESIGN §4.2, §4.3). Trigger dates: `start` → the start date; `day:N` → start + N − 1;
 * `guarantee_passed` → start + G. Due date = trigger date + dueDays. Each amount is fee × percent / 100 rounded
 * half up, except the last, which takes the remainder so that the amounts add up to the fee exactly.
 */

export interface ScheduledInstallment {
  trigger: InstallmentTrigger;
  triggerDate: CalendarDate;
  dueDate: CalendarDate;
  /** Minor units. */
  amount: bigint;
}

export interface ScheduledInstallmentView {
  trigger: InstallmentTrigger;
  triggerDate: CalendarDate;
  dueDate: CalendarDate;
  amount: string;
}

export interface ScheduleTerms {
  guarantee: { days: number };
  installments: readonly InstallmentTerm[];
}

/** The date an installment's trigger fires. */
export function triggerDateOf(trigger: InstallmentTrigger, startDate: CalendarDate, guaranteeDays: number): CalendarDate {
  if (trigger === 'start') return startDate;
  if (trigger === 'guarantee_passed') return addDays(startDate, guaranteeDays);
  const day = Number(trigger.slice(4)); // 'day:N', N ≥ 1: employment day N
  return addDays(startDate, day - 1);
}

/**
 * The typed core. Percents must add up to exactly 100 (compared in whole hundredths); `parseEngineTerms`
 * guarantees it, and it is checked again here for callers that build terms by hand.
 * With a fee of a few minor units and many installments, rounding the first ones up can leave the last with
 * less than its share (even below zero); the contract's "the last takes the remainder" is applied as written.
 */
export function scheduleInstallmentsFor(terms: ScheduleTerms, startDate: CalendarDate, fee: bigint): ScheduledInstallment[] {
  const items = terms.installments;
  let total = 0;
  for (const item of items) total += Math.round(item.percent * 100);
  if (items.length === 0 || total !== 10_000) {
    throw new DomainError('invalid_input', `terms.installments ${items.length === 0 ? MSG.installments : installmentSumMessage(total)}`, {
      field: 'terms.installments',
    });
  }
  const out = new Array<ScheduledInstallment>(items.length);
  let scheduled = 0n;
  for (let i = 0; i < items.length; i++) {
    const item = items[i] as InstallmentTerm;
    const triggerDate = triggerDateOf(item.trigger, startDate, terms.guarantee.days);
    const amount = i === items.length - 1 ? fee - scheduled : mulDivRoundHalfUp(fee, BigInt(Math.round(item.percent * 100)), 10_000n);
    scheduled += amount;
    out[i] = { trigger: item.trigger, triggerDate, dueDate: addDays(triggerDate, item.dueDays), amount };
  }
  return out;
}

export function formatSchedule(schedule: readonly ScheduledInstallment[], currency: Currency): ScheduledInstallmentView[] {
  return schedule.map((s) => ({ trigger: s.trigger, triggerDate: s.triggerDate, dueDate: s.dueDate, amount: formatAmount(s.amount, currency) }));
}

export interface InvalidInputResult {
  error: { code: 'invalid_input'; message: string };
}

function invalid(field: string, message: string): InputProblem {
  return new InputProblem(field, message);
}

/** `npx tenure installments schedule` for one item: `{ terms, startDate, fee }` → the schedule, or `{ error }`. */
export function scheduleInstallments(input: unknown): ScheduledInstallmentView[] | InvalidInputResult {
  try {
    if (typeof input !== 'object' || input === null || Array.isArray(input)) throw invalid('input', MSG.object);
    const o = input as Record<string, unknown>;
    const terms = readEngineTerms(o.terms, 'terms');
    if (terms.installments === undefined) throw invalid('terms.installments', MSG.array);
    if (Number.isNaN(dayNumberOrNaNOf(o.startDate))) throw invalid('startDate', 'must be a real calendar date written YYYY-MM-DD');
    const fee = tryParseAmount(o.fee, terms.currency);
    if (fee === null) throw invalid('fee', amountProblem(o.fee, terms.currency) ?? MSG.amount);
    const schedule = scheduleInstallmentsFor(
      { guarantee: terms.guarantee, installments: terms.installments },
      o.startDate as CalendarDate,
      fee,
    );
    return formatSchedule(schedule, terms.currency);
  } catch (error) {
    if (error instanceof InputProblem) return { error: { code: 'invalid_input', message: error.message } };
    if (error instanceof DomainError && error.code === 'invalid_input') {
      return { error: { code: 'invalid_input', message: error.message } };
    }
    throw error;
  }
}
