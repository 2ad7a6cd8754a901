import type { CalendarDate } from './calendar-date.ts';
import { DomainError } from './errors.ts';

/**
 * Instants of calendar dates in an IANA time zone, computed with Intl only: the process's own time zone
 * (TZ) never enters, so a server running in UTC and one running in Shanghai agree to the millisecond.
 */

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterOf(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** True for a time zone name Intl knows ("Asia/Shanghai", "UTC"). */
export function isTimeZone(value: unknown): value is string {
  if (typeof value !== 'string' || value.length === 0 || value.length > 64) return false;
  try {
    formatterOf(value);
    return true;
  } catch {
    return false;
  }
}

type WallClock = { date: string; seconds: number; asUtcMs: number };

/** The wall-clock reading of `ms` in `timeZone`, and that reading taken as if it were UTC. */
function wallClockOf(ms: number, timeZone: string): WallClock {
  const parts: Record<string, string> = {};
  for (const p of formatterOf(timeZone).formatToParts(new Date(ms))) parts[p.type] = p.value;
  const y = Number(parts.year);
  const mo = Number(parts.month);
  const d = Number(parts.day);
  const h = Number(parts.hour);
  const mi = Number(parts.minute);
  const s = Number(parts.second);
  return {
    date: `${String(y).padStart(4, '0')}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`,
    seconds: h * 3600 + mi * 60 + s,
    asUtcMs: Date.UTC(y, mo - 1, d, h, mi, s),
  };
}

/**
 * Answers remembered, by zone and input: formatting through Intl is the costly part, and a scheduler batch asks the
 * same few questions (today in the employer's zone, the start of a few days) for every obligation. Bounded: cleared
 * when full.
 */
const MEMO_LIMIT = 10_000;
const dateMemo = new Map<string, CalendarDate>();
const startMemo = new Map<string, number>();

function remember<V>(memo: Map<string, V>, key: string, compute: () => V): V {
  const known = memo.get(key);
  if (known !== undefined) return known;
  const value = compute();
  if (memo.size >= MEMO_LIMIT) memo.clear();
  memo.set(key, value);
  return value;
}

/** The calendar date (YYYY-MM-DD) of an instant in an IANA time zone. */
export function calendarDateOf(instant: Date, timeZone: string): CalendarDate {
  const ms = instant.getTime();
  return remember(dateMemo, `${timeZone} ${ms}`, () => wallClockOf(ms, timeZone).date as CalendarDate);
}

/** Offset of `timeZone` from UTC at instant `ms`, in ms (Asia/Shanghai: +8 h), to the whole second. */
function offsetAt(ms: number, timeZone: string): number {
  const whole = Math.floor(ms / 1000) * 1000;
  return wallClockOf(whole, timeZone).asUtcMs - whole;
}

const HALF_DAY = 12 * 60 * 60 * 1000;

/**
 * The first instant of `date` in `timeZone`: 00:00 local time. Where a daylight-saving change skips midnight
 * (a few zones move their clocks at 00:00), the day begins at the change, and that instant is returned; where
 * midnight happens twice, the first.
 */
export function startOfDayIn(date: CalendarDate, timeZone: string): Date {
  return new Date(remember(startMemo, `${timeZone} ${date}`, () => computeStartOfDayIn(date, timeZone).getTime()));
}

function computeStartOfDayIn(date: CalendarDate, timeZone: string): Date {
  if (!isTimeZone(timeZone)) throw new DomainError('invalid_input', `timeZone: ${timeZone} is not a known time zone`, { field: 'timeZone' });
  const y = Number(date.slice(0, 4));
  const m = Number(date.slice(5, 7));
  const d = Number(date.slice(8, 10));
  const midnightAsUtc = new Date(0);
  midnightAsUtc.setUTCFullYear(y, m - 1, d); // setUTCFullYear, unlike Date.UTC, keeps years 0–99 as written
  const guess = midnightAsUtc.getTime();
  // The offset before and after the day's start: equal except across a change that falls near midnight.
  const candidates = [...new Set([guess - offsetAt(guess - HALF_DAY, timeZone), guess - offsetAt(guess + HALF_DAY, timeZone)])].sort((a, b) => a - b);
  const readings = candidates.map((t) => ({ t, wall: wallClockOf(t, timeZone) }));
  const exact = readings.find((r) => r.wall.date === date && r.wall.seconds === 0);
  if (exact) return new Date(exact.t);
  const sameDay = readings.find((r) => r.wall.date === date);
  if (sameDay) return new Date(sameDay.t);
  throw new RangeError(`no start of day found for ${date} in ${timeZone}`);
}
