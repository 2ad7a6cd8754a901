import { type CalendarDate, addDays } from '../platform/calendar-date.ts';

/**
 * Support tasks (DESIGN §4.5): due on start + day − 1, done with a note, or overdue once their due day has
 * passed. Overdue tasks count against the delivering consultant's on-time rate.
 */

export type TaskStatus = 'open' | 'done' | 'overdue';

/** The day an open task becomes overdue: the day after its due day. */
export function overdueOn(dueOn: CalendarDate): CalendarDate {
  return addDays(dueOn, 1);
}

export function taskStatusOn(today: CalendarDate, t: { dueOn: CalendarDate; doneOn: CalendarDate | null }): TaskStatus {
  if (t.doneOn !== null) return 'done';
  return today > t.dueOn ? 'overdue' : 'open';
}

export type OnTimeRate = { onTime: number; late: number; overdue: number; counted: number; rate: number | null };

/**
 * Of the tasks whose due day has passed (or that are done), the share done on or before the due day. A task
 * still open before its due day does not count yet. `rate` is null when nothing counts.
 */
export function onTimeRate(today: CalendarDate, tasks: readonly { dueOn: CalendarDate; doneOn: CalendarDate | null }[]): OnTimeRate {
  let onTime = 0;
  let late = 0;
  let overdue = 0;
  for (const t of tasks) {
    if (t.doneOn !== null) {
      if (t.doneOn <= t.dueOn) onTime++;
      else late++;
    } else if (today > t.dueOn) overdue++;
  }
  const counted = onTime + late + overdue;
  return { onTime, late, overdue, counted, rate: counted === 0 ? null : onTime / counted };
}
