import { daysBetween, type CalendarDate } from '../platform/calendar-date.ts';
import { kaplanMeier, type Observation, type SurvivalCurve } from './survival.rules.ts';

/**
 * The definitions of the analytics figures (docs/analytics.md), from the grouped rows the store returns. Pure:
 * `today` (the business date) is passed in.
 */

/** The observation groups of the survival curves: each row counts `n` placements with the same start and end. */
export type GroupedObservation = { startDate: string; lastWorkingDay: string | null; n: number };

/**
 * Days served, the survival time: a departure's last working day is day `lwd − start + 1` (leaving on the start
 * date is one day served); one still in post is censored at today (`today − start + 1`). A placement that has not
 * started yet is not observed at all.
 */
export function observationsOf(rows: readonly GroupedObservation[], today: CalendarDate): Observation[] {
  const out: Observation[] = [];
  for (const r of rows) {
    if (r.startDate > today) continue;
    const departed = r.lastWorkingDay !== null && r.lastWorkingDay <= today;
    const end = departed ? (r.lastWorkingDay as CalendarDate) : today;
    const time = Math.max(0, daysBetween(r.startDate as CalendarDate, end) + 1);
    for (let i = 0; i < r.n; i++) out.push({ time, departed });
  }
  return out;
}

export type SurvivalGroup = { key: string; curve: SurvivalCurve };

/** One Kaplan–Meier curve per key, keys in the order given (the largest groups first is the caller's choice). */
export function survivalByKey<R extends GroupedObservation>(rows: readonly R[], keyOf: (r: R) => string, today: CalendarDate, confidence = 0.95): SurvivalGroup[] {
  const groups = new Map<string, R[]>();
  for (const r of rows) {
    const k = keyOf(r);
    const list = groups.get(k) ?? [];
    list.push(r);
    groups.set(k, list);
  }
  return [...groups.entries()]
    .map(([key, list]) => ({ key, curve: kaplanMeier(observationsOf(list, today), confidence) }))
    .filter((g) => g.curve.n > 0)
    .sort((a, b) => b.curve.n - a.curve.n || a.key.localeCompare(b.key));
}

/** What a placement's status says of its guarantee: passed, failed (a departure ended it in a refund or a replacement), or still running. */
export type GuaranteeOutcome = 'passed' | 'failed' | 'running' | 'other';

export function guaranteeOutcomeOf(status: string): GuaranteeOutcome {
  if (status === 'guarantee_passed') return 'passed';
  if (status === 'refunded' || status === 'replaced' || status === 'replacing') return 'failed';
  if (status === 'active') return 'running';
  return 'other';
}

export type PassRate = { passed: number; failed: number; running: number; rate: number | null };

/** Pass rate = passed / (passed + failed): guarantees still running are not decided yet and count in neither. */
export function passRate(rows: readonly { status: string; n: number }[]): PassRate {
  const t = { passed: 0, failed: 0, running: 0 };
  for (const r of rows) {
    const o = guaranteeOutcomeOf(r.status);
    if (o !== 'other') t[o] += r.n;
  }
  const decided = t.passed + t.failed;
  return { ...t, rate: decided === 0 ? null : t.passed / decided };
}

export type ResponseRate = { answered: number; missed: number; open: number; scheduled: number; rate: number | null };

/** Response rate = answered / (answered + missed): forms still open or not yet open are not decided. */
export function responseRate(rows: readonly { status: string; n: number }[]): ResponseRate {
  const t = { answered: 0, missed: 0, open: 0, scheduled: 0 };
  for (const r of rows) if (r.status in t) t[r.status as keyof typeof t] += r.n;
  const decided = t.answered + t.missed;
  return { ...t, rate: decided === 0 ? null : t.answered / decided };
}

export type Satisfaction = { answers: number; mean: number | null; distribution: number[] };

/** Mean and distribution (index 0 = score 1) of 1–5 scores. */
export function satisfactionOf(rows: readonly { score: number; n: number }[]): Satisfaction {
  const distribution = [0, 0, 0, 0, 0];
  let sum = 0;
  let answers = 0;
  for (const r of rows) {
    if (!(Number.isInteger(r.score) && r.score >= 1 && r.score <= 5)) continue;
    distribution[r.score - 1]! += r.n;
    sum += r.score * r.n;
    answers += r.n;
  }
  return { answers, mean: answers === 0 ? null : sum / answers, distribution };
}

export type TaskSla = { onTime: number; late: number; overdue: number; open: number; rate: number | null };

/**
 * Tasks on time = done by their due date / (done + overdue). A task done late was overdue first and stays late;
 * open tasks not yet due are not decided.
 */
export function taskSla(rows: readonly { status: string; late: boolean; n: number }[]): TaskSla {
  const t = { onTime: 0, late: 0, overdue: 0, open: 0 };
  for (const r of rows) {
    if (r.status === 'done') t[r.late ? 'late' : 'onTime'] += r.n;
    else if (r.status === 'overdue') t.overdue += r.n;
    else if (r.status === 'open') t.open += r.n;
  }
  const decided = t.onTime + t.late + t.overdue;
  return { ...t, rate: decided === 0 ? null : t.onTime / decided };
}

export type ReplacementSla = { delivered: number; pending: number; overdue: number; refundedInstead: number; rate: number | null };

/** Replacements delivered on time = delivered / (delivered + overdue + converted to a refund after the deadline). */
export function replacementSla(rows: readonly { state: string; n: number }[]): ReplacementSla {
  const t = { delivered: 0, pending: 0, overdue: 0, refundedInstead: 0 };
  for (const r of rows) {
    if (r.state === 'replaced') t.delivered += r.n;
    else if (r.state === 'replacement_pending') t.pending += r.n;
    else if (r.state === 'replacement_overdue') t.overdue += r.n;
    else if (r.state === 'refunded') t.refundedInstead += r.n;
  }
  const decided = t.delivered + t.overdue + t.refundedInstead;
  return { ...t, rate: decided === 0 ? null : t.delivered / decided };
}

export const RENEWAL_WINDOW_DAYS = 180;

export type Renewal = { employers: number; eligible: number; renewed: number; rate: number | null };

const dateOf = (instant: string): CalendarDate => instant.slice(0, 10) as CalendarDate;

/**
 * 续约率: of the employers with a placement, those who created a job order again within 180 days of their first
 * placement's hire. An employer whose window is still open and who has not posted again yet is not decided
 * (neither renewed nor counted); one who posted again inside the window is renewed at once. Dates are UTC days of
 * the instants.
 */
export function renewalOf(rows: readonly { firstHireAt: string; nextOrderAt: string | null }[], today: CalendarDate, windowDays = RENEWAL_WINDOW_DAYS): Renewal {
  let eligible = 0;
  let renewed = 0;
  for (const r of rows) {
    const hired = dateOf(r.firstHireAt);
    const gap = r.nextOrderAt === null ? null : daysBetween(hired, dateOf(r.nextOrderAt));
    if (gap !== null && gap <= windowDays) {
      eligible++;
      renewed++;
    } else if (daysBetween(hired, today) > windowDays) {
      eligible++;
    }
  }
  return { employers: rows.length, eligible, renewed, rate: eligible === 0 ? null : renewed / eligible };
}
