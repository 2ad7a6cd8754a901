import { type CalendarDate, addDays } from '../platform/calendar-date.ts';
import { type Currency, formatAmount } from '../platform/money.ts';
import { startOfDayIn } from '../platform/zoned-time.ts';
import { scheduleInstallmentsFor } from '../plans/installment-schedule.rules.ts';
import type { CheckIns, InstallmentTrigger, LocalizedText, Milestone, SupportTask, Terms } from '../plans/terms.schema.ts';

/**
 * Everything a placement obliges someone to do, with its calendar date (DESIGN §4.2, §4.5), decided once when
 * both sides have accepted the terms and stored as scheduler obligations. Day counting: the start date is day 1,
 * so "day N" is start + N − 1; the guarantee of G days passes on start + G.
 *
 * An obligation falls due at 00:00 of its date in the employer's time zone (the placement's `time_zone`): a
 * check-in opens, an installment becomes payable, the guarantee passes at the start of that local day.
 *
 * The kinds and payloads below are the contract with the handlers that later areas register by kind
 * (aftercare: check-ins, support tasks, milestones, guarantee end; ledger: installments).
 */

export const OBLIGATION_KINDS = ['installment.due', 'checkin.open', 'support_task.due', 'milestone.due', 'guarantee.end'] as const;
export type PlacementObligationKind = (typeof OBLIGATION_KINDS)[number];

export interface InstallmentDuePayload {
  /** Position in `terms.installments`, from 0. */
  index: number;
  trigger: InstallmentTrigger;
  triggerDate: CalendarDate;
  dueDate: CalendarDate;
  /** Decimal string in major units of `currency`. */
  amount: string;
  currency: Currency;
}

export interface CheckInOpenPayload {
  /** Employment day N (day 1 = start date). */
  day: number;
  respondent: CheckIns['respondents'][number];
  windowDays: number;
  opensOn: CalendarDate;
  /** opensOn + windowDays: the form is missed if not answered before this date begins. */
  closesOn: CalendarDate;
}

export interface SupportTaskDuePayload {
  taskKind: SupportTask['kind'];
  day: number;
}

export interface MilestoneDuePayload {
  day: number;
  kind: Milestone['kind'];
  passScore: number;
  skill?: LocalizedText;
}

export interface GuaranteeEndPayload {
  guaranteeDays: number;
  /** Day G of employment: the last day a departure is covered. */
  lastCoveredDay: CalendarDate;
  /** start + G: the day the guarantee passes if no claim is open. */
  passesOn: CalendarDate;
}

type Planned<K extends PlacementObligationKind, P> = {
  kind: K;
  /** The calendar date in the employer's time zone. */
  date: CalendarDate;
  /** 00:00 of `date` in the employer's time zone, ISO-8601 UTC. */
  dueAt: string;
  payload: P;
};

export type PlannedObligation =
  | Planned<'installment.due', InstallmentDuePayload>
  | Planned<'checkin.open', CheckInOpenPayload>
  | Planned<'support_task.due', SupportTaskDuePayload>
  | Planned<'milestone.due', MilestoneDuePayload>
  | Planned<'guarantee.end', GuaranteeEndPayload>;

export type ObligationScheduleTerms = Pick<Terms, 'currency' | 'guarantee' | 'installments' | 'checkIns' | 'supportTasks' | 'milestones'>;

/** Same-day obligations in the order a person reads them: money, the guarantee, then the service. */
const KIND_ORDER: Readonly<Record<PlacementObligationKind, number>> = {
  'installment.due': 0,
  'guarantee.end': 1,
  'milestone.due': 2,
  'checkin.open': 3,
  'support_task.due': 4,
};

/** Employment day N → its calendar date. */
export function dateOfEmploymentDay(startDate: CalendarDate, day: number): CalendarDate {
  return addDays(startDate, day - 1);
}

/**
 * The obligations of a placement, ordered by date (then kind, then their order in the terms).
 * - installments: one per `terms.installments` item, on its due date (trigger date + dueDays), with the amounts
 *   of the terms engine (the last takes the remainder, so they add up to the fee);
 * - check-ins: one per day of `checkIns.days` and per respondent, opening on employment day N;
 * - support tasks: one per task, due on employment day N;
 * - milestones: one per milestone, due on employment day N;
 * - guarantee end: on start + G. With G = 0 there is no guarantee to pass (the Match-only plan), so none — except
 *   for a replacement (`opts.replacement`), whose guarantee end also passes the money of the placement it replaces.
 * A fee of 0 (a replacement) has no installments.
 */
export function obligationScheduleFor(terms: ObligationScheduleTerms, startDate: CalendarDate, fee: bigint, timeZone: string, opts: { replacement?: boolean } = {}): PlannedObligation[] {
  const dueAtCache = new Map<string, string>();
  const dueAt = (date: CalendarDate): string => {
    let at = dueAtCache.get(date);
    if (at === undefined) {
      at = startOfDayIn(date, timeZone).toISOString();
      dueAtCache.set(date, at);
    }
    return at;
  };
  const out: PlannedObligation[] = [];

  // A replacement (fee 0) has no installments: what is still to pay stays on the placement it replaces.
  const installments = fee === 0n ? [] : scheduleInstallmentsFor({ guarantee: terms.guarantee, installments: terms.installments }, startDate, fee);
  installments.forEach((inst, index) => {
    out.push({
      kind: 'installment.due',
      date: inst.dueDate,
      dueAt: dueAt(inst.dueDate),
      payload: {
        index,
        trigger: inst.trigger,
        triggerDate: inst.triggerDate,
        dueDate: inst.dueDate,
        amount: formatAmount(inst.amount, terms.currency),
        currency: terms.currency,
      },
    });
  });

  const g = terms.guarantee.days;
  // A replacement's guarantee always ends, even at 0 days ("remaining" with nothing left): the money it carries
  // for the placement it replaces passes then.
  if (g > 0 || opts.replacement) {
    const passesOn = addDays(startDate, g);
    out.push({
      kind: 'guarantee.end',
      date: passesOn,
      dueAt: dueAt(passesOn),
      payload: { guaranteeDays: g, lastCoveredDay: addDays(startDate, g - 1), passesOn },
    });
  }

  for (const m of terms.milestones) {
    const date = dateOfEmploymentDay(startDate, m.day);
    const payload: MilestoneDuePayload = { day: m.day, kind: m.kind, passScore: m.passScore };
    if (m.skill) payload.skill = { zh: m.skill.zh, en: m.skill.en };
    out.push({ kind: 'milestone.due', date, dueAt: dueAt(date), payload });
  }

  if (terms.checkIns) {
    const { days, windowDays, respondents } = terms.checkIns;
    for (const day of days) {
      const opensOn = dateOfEmploymentDay(startDate, day);
      for (const respondent of respondents) {
        out.push({
          kind: 'checkin.open',
          date: opensOn,
          dueAt: dueAt(opensOn),
          payload: { day, respondent, windowDays, opensOn, closesOn: addDays(opensOn, windowDays) },
        });
      }
    }
  }

  for (const task of terms.supportTasks) {
    const date = dateOfEmploymentDay(startDate, task.day);
    out.push({ kind: 'support_task.due', date, dueAt: dueAt(date), payload: { taskKind: task.kind, day: task.day } });
  }

  // Stable: same date and kind keep the order of the terms.
  return out
    .map((o, i) => ({ o, i }))
    .sort((a, b) => (a.o.date < b.o.date ? -1 : a.o.date > b.o.date ? 1 : KIND_ORDER[a.o.kind] - KIND_ORDER[b.o.kind] || a.i - b.i))
    .map(({ o }) => o);
}
