import { DomainError } from './errors.ts';

/**
 * A calendar date `YYYY-MM-DD` in the employer's time zone (DESIGN §4.2). It is a day, not an instant:
 * all arithmetic runs on integer day numbers (days since 1970-01-01 in the proleptic Gregorian calendar),
 * so no time zone or daylight-saving change can shift it. Years 0001–9999.
 */
export type CalendarDate = string & { readonly __brand: 'CalendarDate' };

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** The digit at `i`, or NaN. */
function digitAt(text: string, i: number): number {
  const v = text.charCodeAt(i) - 48;
  return v >= 0 && v <= 9 ? v : Number.NaN;
}

/** Day number of a valid date `text`, or NaN when `text` is not a real `YYYY-MM-DD` date. Hot path: no regex. */
function dayNumberOrNaN(text: string): number {
  if (text.length !== 10 || text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45) return Number.NaN;
  const year = digitAt(text, 0) * 1000 + digitAt(text, 1) * 100 + digitAt(text, 2) * 10 + digitAt(text, 3);
  const month = digitAt(text, 5) * 10 + digitAt(text, 6);
  const day = digitAt(text, 8) * 10 + digitAt(text, 9);
  // NaN fails every comparison below.
  if (!(year >= 1 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month))) return Number.NaN;
  return daysFromCivil(year, month, day);
}

/** Days since 1970-01-01 (H. Hinnant's days_from_civil). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

const MIN_DAY = daysFromCivil(1, 1, 1);
const MAX_DAY = daysFromCivil(9999, 12, 31);

export function isCalendarDate(value: unknown): value is CalendarDate {
  return typeof value === 'string' && !Number.isNaN(dayNumberOrNaN(value));
}

/** Strict: `YYYY-MM-DD` of a date that exists (2026-02-30 and 2026-2-3 are refused). Throws invalid_input naming `field`. */
export function parseCalendarDate(value: unknown, field = 'date'): CalendarDate {
  if (!isCalendarDate(value)) {
    throw new DomainError('invalid_input', `${field} must be a real calendar date written YYYY-MM-DD`, { field });
  }
  return value;
}

/**
 * The dates a filter may name (e.g. `postedSince`): 2000-01-01 to 2099-12-31. Nothing in Tenure happened before
 * or will be looked for after; a date beyond would only reach time-zone arithmetic that cannot represent it.
 */
export const FIRST_FILTER_DATE = '2000-01-01' as CalendarDate;
export const LAST_FILTER_DATE = '2099-12-31' as CalendarDate;

/** parseCalendarDate for a filter: also within FIRST_FILTER_DATE … LAST_FILTER_DATE, naming `field` when not. */
export function parseFilterDate(value: unknown, field: string): CalendarDate {
  const date = parseCalendarDate(value, field);
  if (date < FIRST_FILTER_DATE || date > LAST_FILTER_DATE) {
    throw new DomainError('invalid_input', `${field} must be a date from ${FIRST_FILTER_DATE} to ${LAST_FILTER_DATE}`, { field });
  }
  return date;
}

/** Days since 1970-01-01 of `value` when it is a real `YYYY-MM-DD` date, else NaN (one pass: check and convert). */
export function dayNumberOrNaNOf(value: unknown): number {
  return typeof value === 'string' ? dayNumberOrNaN(value) : Number.NaN;
}

/** Days since 1970-01-01. */
export function toDayNumber(date: CalendarDate): number {
  return dayNumberOrNaN(date);
}

/** The date `dayNumber` days after 1970-01-01 (H. Hinnant's civil_from_days). */
export function fromDayNumber(dayNumber: number): CalendarDate {
  if (!Number.isSafeInteger(dayNumber) || dayNumber < MIN_DAY || dayNumber > MAX_DAY) {
    throw new DomainError('invalid_input', 'date out of range (years 0001–9999)');
  }
  const z = dayNumber + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  return `${String(year).padStart(4, '0')}-${month < 10 ? '0' : ''}${month}-${day < 10 ? '0' : ''}${day}` as CalendarDate;
}

/**
 * Refuses a date more than `within.before` days before `today` or `within.after` days after it (a side left out
 * is unbounded), naming `field` and the range: the one way every documented date range is enforced.
 */
export function checkDateWindow(date: CalendarDate, today: CalendarDate, within: { before?: number; after?: number }, field: string, what: string): void {
  const earliest = within.before === undefined ? null : addDays(today, -within.before);
  const latest = within.after === undefined ? null : addDays(today, within.after);
  if ((earliest !== null && date < earliest) || (latest !== null && date > latest)) {
    const range = [earliest && `from ${earliest}`, latest && `to ${latest}`].filter(Boolean).join(' ');
    throw new DomainError('invalid_input', `${field} ${what}: ${range}`, { field, ...(earliest ? { earliest } : {}), ...(latest ? { latest } : {}) });
  }
}

/** `date` + `n` days (n may be negative). */
export function addDays(date: CalendarDate, n: number): CalendarDate {
  return fromDayNumber(toDayNumber(date) + n);
}

/** b − a in days: daysBetween('2026-01-05', '2026-01-06') = 1. */
export function daysBetween(a: CalendarDate, b: CalendarDate): number {
  return toDayNumber(b) - toDayNumber(a);
}
