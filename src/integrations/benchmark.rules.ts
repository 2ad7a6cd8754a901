import { isJobFunction, isJobLevel, JOB_FUNCTIONS, JOB_LEVELS, normalizeCity, type JobFunction, type JobLevel } from '../marketplace/job-catalog.ts';
import { CURRENCIES, type Currency, formatAmount, isCurrency, MAX_STORED_MINOR, mulDivRoundHalfUp, tryParseAmount, amountProblem } from '../platform/money.ts';

/**
 * Salary benchmarks (DESIGN §4.7, §4.11): where an annual salary sits in the market of its city, job function and
 * level, and the rows of a benchmark CSV checked one by one. Pure.
 */

export const PERCENTILE_POINTS = [25, 50, 75, 90] as const;
export type Points = { p25: bigint; p50: bigint; p75: bigint; p90: bigint };

/**
 * Where `salary` sits against the four points (same currency, minor units):
 * - `within` with `percentile` (an integer 25–90, rounded half up) by straight-line interpolation between the two
 *   points around it: 68 means "offer at the 68th percentile";
 * - `below_p25` / `above_p90`: outside the points, said as such (no percentile is claimed there);
 * - on a plateau (two points with the same salary, e.g. p50 = p75 = the salary) the middle of the plateau.
 *
 * `estimate` is a number 0–100 for the risk model, which needs one in every case: the interpolated percentile
 * within; outside, the line of the nearest segment extended, held inside [0, 25) below and (90, 100] above.
 */
export type Position =
  | { band: 'within'; percentile: number; estimate: number }
  | { band: 'below_p25'; percentile: null; estimate: number }
  | { band: 'above_p90'; percentile: null; estimate: number };

export function benchmarkPosition(salary: bigint, p: Points): Position {
  const values = [p.p25, p.p50, p.p75, p.p90];
  if (salary < p.p25) return { band: 'below_p25', percentile: null, estimate: extrapolateBelow(salary, p) };
  if (salary > p.p90) return { band: 'above_p90', percentile: null, estimate: extrapolateAbove(salary, p) };
  // The plateau of points equal to the salary, if any: its middle.
  const equal = PERCENTILE_POINTS.filter((_, i) => values[i] === salary);
  if (equal.length > 0) {
    const mid = mulDivRoundHalfUp(BigInt(equal[0]! + equal[equal.length - 1]!), 1n, 2n);
    return { band: 'within', percentile: Number(mid), estimate: (equal[0]! + equal[equal.length - 1]!) / 2 };
  }
  for (let i = 0; i < 3; i++) {
    const lo = values[i]!;
    const hi = values[i + 1]!;
    if (salary > lo && salary < hi) {
      const from = PERCENTILE_POINTS[i]!;
      const span = BigInt(PERCENTILE_POINTS[i + 1]! - from);
      const above = mulDivRoundHalfUp(salary - lo, span, hi - lo);
      return { band: 'within', percentile: from + Number(above), estimate: from + (Number(salary - lo) / Number(hi - lo)) * Number(span) };
    }
  }
  /* c8 ignore next */
  throw new RangeError('benchmark points must be in increasing order');
}

function extrapolateBelow(salary: bigint, p: Points): number {
  const slope = p.p50 - p.p25;
  if (slope <= 0n) return 12.5;
  const v = 25 - (Number(p.p25 - salary) / Number(slope)) * 25;
  return Math.min(24.9, Math.max(0, v));
}

function extrapolateAbove(salary: bigint, p: Points): number {
  const slope = p.p90 - p.p75;
  if (slope <= 0n) return 95;
  const v = 90 + (Number(salary - p.p90) / Number(slope)) * 15;
  return Math.max(90.1, Math.min(100, v));
}

/** An ordinal in words: "68th", "21st", "22nd", "23rd", "11th". */
export function ordinalEn(n: number): string {
  const tens = n % 100;
  if (tens >= 11 && tens <= 13) return `${n}th`;
  return `${n}${['th', 'st', 'nd', 'rd'][n % 10] ?? 'th'}`;
}

// ---------------------------------------------------------------------------------------------- CSV rows

export const BENCHMARK_COLUMNS = ['city', 'function', 'level', 'currency', 'p25', 'p50', 'p75', 'p90'] as const;
/** The same four columns in minor units (whole numbers): `p25_minor` … `p90_minor`. A file uses one form. */
export const MINOR_COLUMNS = ['p25_minor', 'p50_minor', 'p75_minor', 'p90_minor'] as const;
export const MAX_BENCHMARK_ROWS = 50_000;

export type BenchmarkRow = { line: number; city: string; function: JobFunction; level: JobLevel; currency: Currency } & Points;
export type RowError = { line: number; column: string; message: string };
/** A record as the CSV reader gives it: the cells by header name, and the line it ends on (the header is line 1). */
export type CsvRecord = { line: number; cells: Record<string, string> };

export type HeaderCheck = { ok: true; amounts: 'major' | 'minor' } | { ok: false; errors: RowError[] };

/** The header names the eight columns (amounts either as `p25`… in major units or `p25_minor`… in minor units), nothing else. */
export function checkHeader(header: readonly string[]): HeaderCheck {
  const names = header.map((h) => h.trim());
  const errors: RowError[] = [];
  const minor = MINOR_COLUMNS.some((c) => names.includes(c));
  const expected: string[] = minor ? [...BENCHMARK_COLUMNS.slice(0, 4), ...MINOR_COLUMNS] : [...BENCHMARK_COLUMNS];
  for (const c of expected) if (!names.includes(c)) errors.push({ line: 1, column: c, message: 'column missing from the header' });
  const seen = new Set<string>();
  for (const n of names) {
    if (!expected.includes(n)) errors.push({ line: 1, column: n || '(empty)', message: `unknown column; expected ${expected.join(', ')}` });
    else if (seen.has(n)) errors.push({ line: 1, column: n, message: 'column named twice' });
    seen.add(n);
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, amounts: minor ? 'minor' : 'major' };
}

const MAX_CITY = 100;

/** Every record checked: the good rows, and every problem by line and column. A duplicate key names the line it repeats. */
export function checkRecords(records: readonly CsvRecord[], amounts: 'major' | 'minor'): { rows: BenchmarkRow[]; errors: RowError[] } {
  const rows: BenchmarkRow[] = [];
  const errors: RowError[] = [];
  const keys = new Map<string, number>();
  if (records.length === 0) errors.push({ line: 2, column: 'city', message: 'the file has no rows' });
  if (records.length > MAX_BENCHMARK_ROWS) errors.push({ line: records[MAX_BENCHMARK_ROWS]!.line, column: 'city', message: `at most ${MAX_BENCHMARK_ROWS} rows per file` });
  for (const rec of records.slice(0, MAX_BENCHMARK_ROWS)) {
    const before = errors.length;
    const row = checkRecord(rec, amounts, errors);
    if (row === null || errors.length > before) continue;
    const key = `${row.city}\u0000${row.function}\u0000${row.level}\u0000${row.currency}`;
    const earlier = keys.get(key);
    if (earlier !== undefined) {
      errors.push({ line: rec.line, column: 'city', message: `the same city, function, level and currency as line ${earlier}` });
      continue;
    }
    keys.set(key, rec.line);
    rows.push(row);
  }
  return { rows, errors };
}

function checkRecord(rec: CsvRecord, amounts: 'major' | 'minor', errors: RowError[]): BenchmarkRow | null {
  const at = (column: string, message: string) => errors.push({ line: rec.line, column, message });
  const cell = (name: string) => (rec.cells[name] ?? '').trim();
  const city = normalizeCity(cell('city'));
  if (city === '') at('city', 'must not be empty');
  else if ([...city].length > MAX_CITY) at('city', `at most ${MAX_CITY} characters`);
  const fn = cell('function');
  if (!isJobFunction(fn)) at('function', `must be one of ${JOB_FUNCTIONS.join(', ')}`);
  const level = cell('level');
  if (!isJobLevel(level)) at('level', `must be one of ${JOB_LEVELS.join(', ')}`);
  const currency = cell('currency');
  if (!isCurrency(currency)) {
    at('currency', `must be one of ${CURRENCIES.join(', ')}`);
    return null;
  }
  const points: bigint[] = [];
  for (const [i, point] of PERCENTILE_POINTS.entries()) {
    const column = amounts === 'minor' ? MINOR_COLUMNS[i]! : `p${point}`;
    const minor = parseCell(cell(column), currency, amounts);
    if (typeof minor === 'string') at(column, minor);
    else points.push(minor);
  }
  if (points.length === 4) {
    for (let i = 1; i < 4; i++) {
      if (points[i]! < points[i - 1]!) {
        const column = amounts === 'minor' ? MINOR_COLUMNS[i]! : `p${PERCENTILE_POINTS[i]}`;
        at(column, `must be at least p${PERCENTILE_POINTS[i - 1]} (${formatAmount(points[i - 1]!, currency)} ${currency})`);
      }
    }
  }
  if (!isJobFunction(fn) || !isJobLevel(level) || city === '' || points.length < 4) return null;
  return { line: rec.line, city, function: fn, level, currency, p25: points[0]!, p50: points[1]!, p75: points[2]!, p90: points[3]! };
}

/** Minor units, or why not: decimal major units ("35000.50") or whole minor units ("3500050"), never a float. */
function parseCell(text: string, currency: Currency, amounts: 'major' | 'minor'): bigint | string {
  if (text === '') return 'must not be empty';
  let minor: bigint | null;
  if (amounts === 'minor') {
    if (!/^\d{1,19}$/.test(text)) return 'must be a whole number of minor units (e.g. 3500000 for 35000.00)';
    minor = BigInt(text);
  } else {
    minor = tryParseAmount(text, currency);
    if (minor === null) return amountProblem(text, currency) ?? 'must be a decimal amount';
  }
  if (minor <= 0n) return 'must be more than 0';
  if (minor > MAX_STORED_MINOR) return `must be at most ${formatAmount(MAX_STORED_MINOR, currency)}`;
  return minor;
}
