import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type CalendarDate,
  addDays,
  daysBetween,
  fromDayNumber,
  isCalendarDate,
  parseCalendarDate,
  toDayNumber,
} from '../../src/platform/calendar-date.ts';
import { DomainError } from '../../src/platform/errors.ts';

const d = (text: string): CalendarDate => parseCalendarDate(text);

describe('parseCalendarDate', () => {
  it('accepts real dates, leap days included', () => {
    expect(d('2026-01-05')).toBe('2026-01-05');
    expect(d('2024-02-29')).toBe('2024-02-29');
    expect(d('2000-02-29')).toBe('2000-02-29');
    expect(d('0001-01-01')).toBe('0001-01-01');
    expect(d('9999-12-31')).toBe('9999-12-31');
  });
  it.each([
    '2026-02-30', '2026-02-29', '1900-02-29', '2026-04-31', '2026-13-01', '2026-00-10', '2026-01-00', '2026-01-32',
    '2026-1-5', '26-01-05', '2026/01/05', '2026-01-05T00:00:00Z', ' 2026-01-05', '2026-01-05 ', '', '0000-01-01', '２０２６-01-05',
  ])('refuses %j', (text) => {
    expect(isCalendarDate(text)).toBe(false);
    expect(() => parseCalendarDate(text, 'claim.reportedOn')).toThrow(DomainError);
    expect(() => parseCalendarDate(text, 'claim.reportedOn')).toThrow(/^claim\.reportedOn must be a real calendar date/);
  });
  it('refuses what is not a string', () => {
    expect(isCalendarDate(20260105)).toBe(false);
    expect(isCalendarDate(null)).toBe(false);
    expect(isCalendarDate(new Date())).toBe(false);
  });
});

describe('day arithmetic', () => {
  it('counts days across month ends, year ends and leap days', () => {
    expect(daysBetween(d('2026-01-05'), d('2026-02-20'))).toBe(46);
    expect(addDays(d('2026-02-24'), 30)).toBe('2026-03-26');
    expect(addDays(d('2024-02-28'), 1)).toBe('2024-02-29');
    expect(addDays(d('2026-02-28'), 1)).toBe('2026-03-01');
    expect(addDays(d('2026-12-31'), 1)).toBe('2027-01-01');
    expect(addDays(d('2026-01-01'), -1)).toBe('2025-12-31');
    expect(addDays(d('2026-01-05'), 90)).toBe('2026-04-05');
    expect(daysBetween(d('2026-02-24'), d('2026-02-20'))).toBe(-4);
    expect(toDayNumber(d('1970-01-01'))).toBe(0);
    expect(fromDayNumber(0)).toBe('1970-01-01');
  });
  it('agrees with the UTC calendar of the platform on every day from 1600 to 2400', () => {
    const start = Date.UTC(1600, 0, 1) / 86_400_000;
    fc.assert(
      fc.property(fc.integer({ min: start, max: start + 800 * 366 }), (n) => {
        const iso = new Date(n * 86_400_000).toISOString().slice(0, 10);
        expect(fromDayNumber(n)).toBe(iso);
        expect(toDayNumber(iso as CalendarDate)).toBe(n);
      }),
    );
  });
  it('addDays and daysBetween are inverse', () => {
    fc.assert(
      fc.property(fc.integer({ min: -300_000, max: 300_000 }), fc.integer({ min: -100_000, max: 100_000 }), (n, k) => {
        const a = fromDayNumber(n);
        expect(daysBetween(a, addDays(a, k))).toBe(k);
      }),
    );
  });
  it('refuses to leave years 0001–9999', () => {
    expect(() => addDays(d('9999-12-31'), 1)).toThrow(DomainError);
    expect(() => addDays(d('0001-01-01'), -1)).toThrow(DomainError);
  });
  it('does not depend on the process time zone', () => {
    const before = process.env.TZ;
    process.env.TZ = 'Pacific/Kiritimati';
    try {
      expect(addDays(d('2026-03-29'), 1)).toBe('2026-03-30');
    } finally {
      process.env.TZ = before;
    }
  });
});
