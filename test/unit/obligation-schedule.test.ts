import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { obligationScheduleFor, type PlannedObligation } from '../../src/placements/obligation-schedule.rules.ts';
import { type CalendarDate, fromDayNumber, toDayNumber } from '../../src/platform/calendar-date.ts';
import { calendarDateOf } from '../../src/platform/clock.ts';
import { parseAmount } from '../../src/platform/money.ts';
import { startOfDayIn } from '../../src/platform/zoned-time.ts';
import { planTemplate } from '../../src/plans/plan-templates.ts';

const d = (s: string) => s as CalendarDate;
const cny = (s: string) => parseAmount(s, 'CNY');
const brief = (list: PlannedObligation[]) => list.map((o) => `${o.date} ${o.kind}`);
const shanghaiMidnight = (date: string) => new Date(new Date(`${date}T00:00:00+08:00`).getTime()).toISOString();

describe('Standard plan, start on 2026-01-31 (month ends)', () => {
  const terms = planTemplate('standard').terms;
  const list = obligationScheduleFor(terms, d('2026-01-31'), cny('60000.00'), 'Asia/Shanghai');

  it('schedules 2 installments, the guarantee end and 4 check-ins × 2 respondents, in date order', () => {
    expect(brief(list)).toEqual([
      '2026-02-06 checkin.open',
      '2026-02-06 checkin.open',
      '2026-02-15 installment.due',
      '2026-03-01 checkin.open',
      '2026-03-01 checkin.open',
      '2026-03-31 checkin.open',
      '2026-03-31 checkin.open',
      '2026-04-30 checkin.open',
      '2026-04-30 checkin.open',
      '2026-05-01 guarantee.end',
      '2026-05-16 installment.due',
    ]);
  });

  it('day N is start + N − 1: day 30 of a job started on 31 January is 1 March, not "30 February"', () => {
    const day30 = list.filter((o) => o.kind === 'checkin.open' && o.payload.day === 30);
    expect(day30.map((o) => o.date)).toEqual(['2026-03-01', '2026-03-01']);
  });

  it('gives installments their trigger, dates and exact amounts as decimal strings', () => {
    expect(list.filter((o) => o.kind === 'installment.due').map((o) => o.payload)).toEqual([
      { index: 0, trigger: 'start', triggerDate: '2026-01-31', dueDate: '2026-02-15', amount: '30000.00', currency: 'CNY' },
      { index: 1, trigger: 'guarantee_passed', triggerDate: '2026-05-01', dueDate: '2026-05-16', amount: '30000.00', currency: 'CNY' },
    ]);
  });

  it('opens one check-in per respondent with its window', () => {
    const day7 = list.filter((o) => o.kind === 'checkin.open' && o.payload.day === 7).map((o) => o.payload);
    expect(day7).toEqual([
      { day: 7, respondent: 'employer', windowDays: 5, opensOn: '2026-02-06', closesOn: '2026-02-11' },
      { day: 7, respondent: 'candidate', windowDays: 5, opensOn: '2026-02-06', closesOn: '2026-02-11' },
    ]);
  });

  it('ends the guarantee on start + 90, the day after the last covered day', () => {
    const end = list.find((o) => o.kind === 'guarantee.end');
    expect(end?.payload).toEqual({ guaranteeDays: 90, lastCoveredDay: '2026-04-30', passesOn: '2026-05-01' });
  });

  it('falls due at 00:00 of each date in Asia/Shanghai (16:00 UTC the day before)', () => {
    for (const o of list) expect(o.dueAt).toBe(shanghaiMidnight(o.date));
    expect(list.find((o) => o.kind === 'guarantee.end')?.dueAt).toBe('2026-04-30T16:00:00.000Z');
  });

  it('splits an odd fee so the last installment takes the remainder', () => {
    const odd = obligationScheduleFor(terms, d('2026-01-31'), cny('0.05'), 'Asia/Shanghai').filter((o) => o.kind === 'installment.due');
    expect(odd.map((o) => o.payload.amount)).toEqual(['0.03', '0.02']);
  });
});

describe('Full lifecycle plan, start on 2026-01-31', () => {
  const terms = planTemplate('full_lifecycle').terms;
  const list = obligationScheduleFor(terms, d('2026-01-31'), cny('100000.00'), 'Asia/Shanghai');

  it('schedules 3 installments, 12 check-ins, 4 support tasks and the guarantee end', () => {
    const count = (k: string) => list.filter((o) => o.kind === k).length;
    expect(list).toHaveLength(20);
    expect([count('installment.due'), count('checkin.open'), count('support_task.due'), count('milestone.due'), count('guarantee.end')]).toEqual([3, 12, 4, 0, 1]);
  });

  it('dates each item by DESIGN §4.2', () => {
    expect(brief(list)).toEqual([
      '2026-02-02 support_task.due',
      '2026-02-06 checkin.open',
      '2026-02-06 checkin.open',
      '2026-02-13 support_task.due',
      '2026-02-15 installment.due',
      '2026-03-01 checkin.open',
      '2026-03-01 checkin.open',
      '2026-03-16 support_task.due',
      '2026-03-31 checkin.open',
      '2026-03-31 checkin.open',
      '2026-04-30 checkin.open',
      '2026-04-30 checkin.open',
      '2026-05-15 installment.due',
      '2026-05-30 checkin.open',
      '2026-05-30 checkin.open',
      '2026-06-14 support_task.due',
      '2026-07-29 checkin.open',
      '2026-07-29 checkin.open',
      '2026-07-30 guarantee.end',
      '2026-08-14 installment.due',
    ]);
  });

  it('carries the installment triggers and amounts 40/30/30', () => {
    expect(list.filter((o) => o.kind === 'installment.due').map((o) => o.payload)).toEqual([
      { index: 0, trigger: 'start', triggerDate: '2026-01-31', dueDate: '2026-02-15', amount: '40000.00', currency: 'CNY' },
      { index: 1, trigger: 'day:90', triggerDate: '2026-04-30', dueDate: '2026-05-15', amount: '30000.00', currency: 'CNY' },
      { index: 2, trigger: 'guarantee_passed', triggerDate: '2026-07-30', dueDate: '2026-08-14', amount: '30000.00', currency: 'CNY' },
    ]);
  });

  it('names each support task and its day', () => {
    expect(list.filter((o) => o.kind === 'support_task.due').map((o) => o.payload)).toEqual([
      { taskKind: 'onboarding_coaching', day: 3 },
      { taskKind: 'integration_plan', day: 14 },
      { taskKind: 'return_visit', day: 45 },
      { taskKind: 'return_visit', day: 135 },
    ]);
  });

  it('puts day 30 on 29 February in a leap year', () => {
    const leap = obligationScheduleFor(terms, d('2028-01-31'), cny('100000.00'), 'Asia/Shanghai');
    expect(leap.filter((o) => o.kind === 'checkin.open' && o.payload.day === 30).map((o) => o.date)).toEqual(['2028-02-29', '2028-02-29']);
  });
});

describe('Manufacturing skill plan', () => {
  it('schedules the skill milestones on days 30, 60 and 90 with their pass marks', () => {
    const list = obligationScheduleFor(planTemplate('manufacturing_skill').terms, d('2026-03-02'), cny('8000.00'), 'Asia/Shanghai');
    const milestones = list.filter((o) => o.kind === 'milestone.due');
    expect(milestones.map((o) => [o.date, o.payload.day, o.payload.passScore, o.payload.kind])).toEqual([
      ['2026-03-31', 30, 60, 'skill_assessment'],
      ['2026-04-30', 60, 70, 'skill_assessment'],
      ['2026-05-30', 90, 80, 'skill_assessment'],
    ]);
    expect(milestones[0]?.payload.skill).toEqual({ zh: '设备操作与安全规范', en: 'Machine operation and safety rules' });
    // The day-90 milestone (day 90 = start + 89) comes before the guarantee passes (start + 90).
    expect(brief(list).slice(-5)).toEqual([
      '2026-05-30 milestone.due',
      '2026-05-30 checkin.open',
      '2026-05-30 checkin.open',
      '2026-05-31 guarantee.end',
      '2026-06-15 installment.due',
    ]);
  });
});

describe('no guarantee (G = 0, Match only)', () => {
  const list = obligationScheduleFor(planTemplate('match_only').terms, d('2026-01-31'), cny('54000.00'), 'Asia/Shanghai');
  it('has the single installment and nothing else: no guarantee to pass, no check-ins', () => {
    expect(list).toHaveLength(1);
    expect(list[0]).toEqual({
      kind: 'installment.due',
      date: '2026-02-15',
      dueAt: '2026-02-14T16:00:00.000Z',
      payload: { index: 0, trigger: 'start', triggerDate: '2026-01-31', dueDate: '2026-02-15', amount: '54000.00', currency: 'CNY' },
    });
  });

  it('triggers a guarantee_passed installment on the start date itself when G = 0', () => {
    const terms = { ...planTemplate('match_only').terms, installments: [{ trigger: 'guarantee_passed' as const, percent: 100, dueDays: 0 }] };
    const only = obligationScheduleFor(terms, d('2026-01-31'), cny('1.00'), 'UTC');
    expect(only.map((o) => [o.kind, o.date])).toEqual([['installment.due', '2026-01-31']]);
  });
});

describe('time zones', () => {
  const terms = planTemplate('standard').terms;
  it('gives the same dates in Asia/Shanghai and UTC, eight hours apart in instants', () => {
    const sh = obligationScheduleFor(terms, d('2026-01-31'), cny('60000.00'), 'Asia/Shanghai');
    const utc = obligationScheduleFor(terms, d('2026-01-31'), cny('60000.00'), 'UTC');
    expect(utc.map((o) => o.date)).toEqual(sh.map((o) => o.date));
    for (let i = 0; i < sh.length; i++) {
      expect(utc[i]?.dueAt).toBe(`${utc[i]?.date}T00:00:00.000Z`);
      expect(Date.parse(utc[i]!.dueAt) - Date.parse(sh[i]!.dueAt)).toBe(8 * 3600 * 1000);
    }
  });

  it('follows daylight saving time (America/New_York in March)', () => {
    expect(startOfDayIn(d('2026-03-08'), 'America/New_York').toISOString()).toBe('2026-03-08T05:00:00.000Z');
    expect(startOfDayIn(d('2026-03-09'), 'America/New_York').toISOString()).toBe('2026-03-09T04:00:00.000Z');
  });

  it('starts the day at the clock change where midnight is skipped (America/Santiago, September)', () => {
    // Chile moves its clocks from 00:00 to 01:00 on the first Sunday of September.
    const start = startOfDayIn(d('2026-09-06'), 'America/Santiago');
    expect(calendarDateOf(start, 'America/Santiago')).toBe('2026-09-06');
    expect(calendarDateOf(new Date(start.getTime() - 1), 'America/Santiago')).toBe('2026-09-05');
  });

  it('refuses an unknown time zone', () => {
    expect(() => obligationScheduleFor(terms, d('2026-01-31'), 1n, 'Mars/Olympus')).toThrow(/timeZone/);
  });

  it('always returns the first instant of the date (property, several zones, 1900–2100)', () => {
    const zones = ['Asia/Shanghai', 'UTC', 'America/New_York', 'Europe/London', 'Australia/Lord_Howe', 'America/Santiago', 'Asia/Kolkata'];
    fc.assert(
      fc.property(fc.integer({ min: toDayNumber(d('1900-01-01')), max: toDayNumber(d('2100-12-31')) }), fc.constantFrom(...zones), (n, zone) => {
        const date = fromDayNumber(n);
        const start = startOfDayIn(date, zone);
        expect(calendarDateOf(start, zone)).toBe(date);
        expect(calendarDateOf(new Date(start.getTime() - 1000), zone) < date).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});

describe('a replacement (fee 0, DESIGN §4.5)', () => {
  const standard = planTemplate('standard').terms;
  it('has no installments and ends its own guarantee; the service (check-ins) runs as the terms say', () => {
    const terms = { ...standard, guarantee: { ...standard.guarantee, days: 50 } };
    const list = obligationScheduleFor(terms, d('2026-03-01'), 0n, 'Asia/Shanghai', { replacement: true });
    expect(list.filter((o) => o.kind === 'installment.due')).toEqual([]);
    expect(list.filter((o) => o.kind === 'guarantee.end').map((o) => [o.date, o.payload])).toEqual([['2026-04-20', { guaranteeDays: 50, lastCoveredDay: '2026-04-19', passesOn: '2026-04-20' }]]);
    expect(list.filter((o) => o.kind === 'checkin.open')).toHaveLength(8);
  });
  it('with nothing left of the guarantee ("remaining" at day G) it still ends, on its start date', () => {
    const terms = { ...standard, guarantee: { ...standard.guarantee, days: 0 } };
    expect(obligationScheduleFor(terms, d('2026-03-01'), 0n, 'Asia/Shanghai', { replacement: true }).filter((o) => o.kind === 'guarantee.end').map((o) => o.date)).toEqual(['2026-03-01']);
    expect(obligationScheduleFor(terms, d('2026-03-01'), cny('100.00'), 'Asia/Shanghai').filter((o) => o.kind === 'guarantee.end')).toEqual([]);
  });
});
