import { describe, expect, it } from 'vitest';
import { observationsOf, passRate, renewalOf, replacementSla, responseRate, satisfactionOf, survivalByKey, taskSla } from '../../src/analytics/analytics.rules.ts';
import type { CalendarDate } from '../../src/platform/calendar-date.ts';

const today = '2026-03-01' as CalendarDate;

describe('survival observations', () => {
  it('counts days served from the start date (day 1) to the last working day, and censors the rest at today', () => {
    const obs = observationsOf(
      [
        { startDate: '2026-01-01', lastWorkingDay: '2026-01-01', n: 1 }, // left on its first day: 1 day served
        { startDate: '2026-01-01', lastWorkingDay: '2026-01-30', n: 2 }, // 30 days
        { startDate: '2026-02-01', lastWorkingDay: null, n: 1 }, // in post: censored at 29 days (Feb 1 … Mar 1)
        { startDate: '2026-03-10', lastWorkingDay: null, n: 4 }, // not started: not observed
        { startDate: '2026-02-20', lastWorkingDay: '2026-03-05', n: 1 }, // a departure still ahead: censored today
      ],
      today,
    );
    expect(obs).toEqual([
      { time: 1, departed: true },
      { time: 30, departed: true },
      { time: 30, departed: true },
      { time: 29, departed: false },
      { time: 10, departed: false },
    ]);
  });

  it('draws one Kaplan–Meier curve per key, the largest group first', () => {
    const rows = [
      { k: 'a', startDate: '2026-01-01', lastWorkingDay: '2026-01-10', n: 1 },
      { k: 'a', startDate: '2026-01-01', lastWorkingDay: null, n: 1 },
      { k: 'b', startDate: '2026-01-01', lastWorkingDay: null, n: 3 },
    ];
    const groups = survivalByKey(rows, (r) => r.k, today);
    expect(groups.map((g) => [g.key, g.curve.n, g.curve.departures])).toEqual([
      ['b', 3, 0],
      ['a', 2, 1],
    ]);
    // Group a: 2 at risk on day 10, one leaves: S = 1/2.
    expect(groups[1]!.curve.steps[0]).toMatchObject({ time: 10, atRisk: 2, departures: 1, survival: 0.5 });
  });
});

describe('rates', () => {
  it('guarantee pass rate leaves running guarantees out of the denominator', () => {
    expect(passRate([{ status: 'guarantee_passed', n: 3 }, { status: 'refunded', n: 1 }, { status: 'replaced', n: 1 }, { status: 'active', n: 5 }, { status: 'closed', n: 2 }])).toEqual({ passed: 3, failed: 2, running: 5, rate: 0.6 });
    expect(passRate([{ status: 'active', n: 2 }]).rate).toBeNull();
  });

  it('check-in response rate counts answered against answered + missed', () => {
    expect(responseRate([{ status: 'answered', n: 3 }, { status: 'missed', n: 1 }, { status: 'open', n: 2 }, { status: 'scheduled', n: 7 }])).toEqual({ answered: 3, missed: 1, open: 2, scheduled: 7, rate: 0.75 });
  });

  it('satisfaction: mean and distribution of 1–5 scores, anything else ignored', () => {
    expect(satisfactionOf([{ score: 5, n: 2 }, { score: 2, n: 1 }, { score: 9, n: 4 }])).toEqual({ answers: 3, mean: 4, distribution: [0, 1, 0, 0, 2] });
    expect(satisfactionOf([]).mean).toBeNull();
  });

  it('tasks on time: done by the due date against everything decided (done late and overdue count against)', () => {
    expect(taskSla([{ status: 'done', late: false, n: 6 }, { status: 'done', late: true, n: 1 }, { status: 'overdue', n: 1, late: false }, { status: 'open', n: 4, late: false }])).toEqual({ onTime: 6, late: 1, overdue: 1, open: 4, rate: 0.75 });
  });

  it('replacements in time: delivered against delivered, overdue and converted to refunds', () => {
    expect(replacementSla([{ state: 'replaced', n: 3 }, { state: 'replacement_overdue', n: 1 }, { state: 'refunded', n: 0 }, { state: 'replacement_pending', n: 2 }])).toEqual({ delivered: 3, pending: 2, overdue: 1, refundedInstead: 0, rate: 0.75 });
  });
});

describe('renewal rate (续约率)', () => {
  it('renewed: posted again within 180 days of the first hire; undecided while the window is open', () => {
    const r = renewalOf(
      [
        { firstHireAt: '2025-06-01T02:00:00.000Z', nextOrderAt: '2025-11-28T02:00:00.000Z' }, // 180 days: renewed
        { firstHireAt: '2025-06-01T02:00:00.000Z', nextOrderAt: '2025-11-29T02:00:00.000Z' }, // 181 days: not renewed
        { firstHireAt: '2025-06-01T02:00:00.000Z', nextOrderAt: null }, // window over: not renewed
        { firstHireAt: '2026-02-01T02:00:00.000Z', nextOrderAt: null }, // window open: undecided
        { firstHireAt: '2026-02-01T02:00:00.000Z', nextOrderAt: '2026-02-15T02:00:00.000Z' }, // renewed already
      ],
      today,
    );
    expect(r).toEqual({ employers: 5, eligible: 4, renewed: 2, rate: 0.5 });
  });
});
