import { describe, expect, it } from 'vitest';
import { onTimeRate, overdueOn, taskStatusOn } from '../../src/aftercare/support-task.rules.ts';
import type { CalendarDate } from '../../src/platform/calendar-date.ts';

const d = (s: string) => s as CalendarDate;

describe('support tasks (DESIGN §4.5)', () => {
  it('are open through their due day and overdue the day after', () => {
    expect(taskStatusOn(d('2026-03-10'), { dueOn: d('2026-03-10'), doneOn: null })).toBe('open');
    expect(taskStatusOn(d('2026-03-11'), { dueOn: d('2026-03-10'), doneOn: null })).toBe('overdue');
    expect(overdueOn(d('2026-03-10'))).toBe('2026-03-11');
    expect(taskStatusOn(d('2026-03-20'), { dueOn: d('2026-03-10'), doneOn: d('2026-03-15') })).toBe('done');
  });
  it('on-time rate: done on the due day is on time, the day after is late, a past undone one overdue, a future one not counted', () => {
    const r = onTimeRate(d('2026-03-20'), [
      { dueOn: d('2026-03-10'), doneOn: d('2026-03-10') },
      { dueOn: d('2026-03-10'), doneOn: d('2026-03-11') },
      { dueOn: d('2026-03-19'), doneOn: null },
      { dueOn: d('2026-03-20'), doneOn: null },
      { dueOn: d('2026-04-01'), doneOn: d('2026-03-01') },
    ]);
    expect(r).toEqual({ onTime: 2, late: 1, overdue: 1, counted: 4, rate: 0.5 });
  });
  it('no rate before anything counts', () => {
    expect(onTimeRate(d('2026-03-01'), [{ dueOn: d('2026-03-10'), doneOn: null }]).rate).toBeNull();
  });
});
