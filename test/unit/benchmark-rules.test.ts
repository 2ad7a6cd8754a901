import { describe, expect, it } from 'vitest';
import { benchmarkPosition, checkHeader, checkRecords, ordinalEn, type CsvRecord } from '../../src/integrations/benchmark.rules.ts';

// 上海 software engineering, senior (CNY minor units): 300k / 400k / 500k / 650k a year.
const P = { p25: 30_000_000n, p50: 40_000_000n, p75: 50_000_000n, p90: 65_000_000n };

describe('benchmarkPosition', () => {
  it('names each point exactly', () => {
    expect(benchmarkPosition(P.p25, P)).toMatchObject({ band: 'within', percentile: 25 });
    expect(benchmarkPosition(P.p50, P)).toMatchObject({ band: 'within', percentile: 50 });
    expect(benchmarkPosition(P.p75, P)).toMatchObject({ band: 'within', percentile: 75 });
    expect(benchmarkPosition(P.p90, P)).toMatchObject({ band: 'within', percentile: 90 });
  });

  it('interpolates on a straight line between the two points around the salary', () => {
    // 472,000 is 72% of the way from p50 to p75: 50 + 0.72 × 25 = 68.
    expect(benchmarkPosition(47_200_000n, P)).toEqual({ band: 'within', percentile: 68, estimate: 68 });
    // 350,000: half way from p25 to p50.
    expect(benchmarkPosition(35_000_000n, P)).toMatchObject({ percentile: 38 }); // 37.5 rounds half up
    // 575,000: half way from p75 to p90 (15 points): 82.5 → 83.
    expect(benchmarkPosition(57_500_000n, P)).toMatchObject({ percentile: 83 });
    expect(benchmarkPosition(57_500_000n, P).estimate).toBeCloseTo(82.5, 10);
  });

  it('rounds half up once, on the exact fraction (no float)', () => {
    // 1 minor unit above p25 is still the 25th; the segment's last minor unit below p50 rounds to 50.
    expect(benchmarkPosition(P.p25 + 1n, P)).toMatchObject({ percentile: 25 });
    expect(benchmarkPosition(P.p50 - 1n, P)).toMatchObject({ percentile: 50 });
    // 0.02 of 25 points = 0.5 exactly → 26 (half up); a hair less → 25.
    const span = P.p50 - P.p25;
    expect(benchmarkPosition(P.p25 + span / 50n, P)).toMatchObject({ percentile: 26 });
    expect(benchmarkPosition(P.p25 + span / 50n - 1n, P)).toMatchObject({ percentile: 25 });
  });

  it('says below p25 and above p90 as such, without a percentile', () => {
    const below = benchmarkPosition(P.p25 - 1n, P);
    expect(below).toMatchObject({ band: 'below_p25', percentile: null });
    expect(below.estimate).toBeLessThan(25);
    expect(below.estimate).toBeGreaterThan(24.9 - 0.01);
    const above = benchmarkPosition(P.p90 + 1n, P);
    expect(above).toMatchObject({ band: 'above_p90', percentile: null });
    expect(above.estimate).toBeGreaterThan(90);
  });

  it('holds the estimate for the model inside [0, 25) below and (90, 100] above', () => {
    expect(benchmarkPosition(1n, P).estimate).toBe(0);
    expect(benchmarkPosition(20_000_000n, P).estimate).toBe(0); // a whole segment below p25: 25 − 25 = 0
    expect(benchmarkPosition(25_000_000n, P).estimate).toBeCloseTo(12.5, 10);
    expect(benchmarkPosition(80_000_000n, P).estimate).toBe(100);
    expect(benchmarkPosition(72_500_000n, P).estimate).toBeCloseTo(97.5, 10);
  });

  it('takes the middle of a plateau of equal points', () => {
    const flat = { p25: 100n, p50: 200n, p75: 200n, p90: 300n };
    expect(benchmarkPosition(200n, flat)).toMatchObject({ band: 'within', percentile: 63 }); // (50 + 75) / 2 = 62.5 → 63
    const allSame = { p25: 100n, p50: 100n, p75: 100n, p90: 100n };
    expect(benchmarkPosition(100n, allSame)).toMatchObject({ band: 'within', percentile: 58 }); // (25 + 90) / 2 = 57.5 → 58
    expect(benchmarkPosition(99n, allSame)).toMatchObject({ band: 'below_p25', estimate: 12.5 });
    expect(benchmarkPosition(101n, allSame)).toMatchObject({ band: 'above_p90', estimate: 95 });
  });

  it('is monotone: a higher salary is never at a lower percentile', () => {
    let previous = -1;
    for (let s = 25_000_000n; s <= 70_000_000n; s += 250_000n) {
      const e = benchmarkPosition(s, P).estimate;
      expect(e).toBeGreaterThanOrEqual(previous);
      previous = e;
    }
  });
});

describe('ordinalEn', () => {
  it.each([
    [1, '1st'],
    [2, '2nd'],
    [3, '3rd'],
    [11, '11th'],
    [12, '12th'],
    [13, '13th'],
    [21, '21st'],
    [68, '68th'],
    [90, '90th'],
  ])('%i → %s', (n, text) => expect(ordinalEn(n)).toBe(text));
});

describe('benchmark CSV rows', () => {
  const rec = (line: number, cells: Partial<Record<string, string>>): CsvRecord => ({
    line,
    cells: { city: '上海', function: 'software_engineering', level: 'senior', currency: 'CNY', p25: '300000', p50: '400000.00', p75: '500000', p90: '650000', ...cells },
  });

  it('reads decimal major units without floats, and minor units as whole numbers', () => {
    const major = checkRecords([rec(2, { p50: '400000.05' })], 'major');
    expect(major.errors).toEqual([]);
    expect(major.rows[0]).toMatchObject({ line: 2, city: '上海', p25: 30_000_000n, p50: 40_000_005n });
    const minor = checkRecords([{ line: 2, cells: { city: ' 上海 ', function: 'sales', level: 'mid', currency: 'JPY', p25_minor: '1', p50_minor: '2', p75_minor: '3', p90_minor: '4' } }], 'minor');
    expect(minor.errors).toEqual([]);
    expect(minor.rows[0]).toMatchObject({ city: '上海', currency: 'JPY', p25: 1n, p90: 4n });
  });

  it('names every bad cell with its line and column', () => {
    const { rows, errors } = checkRecords(
      [
        rec(2, {}),
        rec(3, { city: '  ' }),
        rec(4, { function: 'backend' }),
        rec(5, { level: 'L3' }),
        rec(6, { currency: 'RMB' }),
        rec(7, { p25: '1e5' }),
        rec(8, { p50: '-1' }),
        rec(9, { p75: '500000.001' }),
        rec(10, { p90: '' }),
        rec(11, { p75: '350000' }),
        rec(12, { p25: '0' }),
      ],
      'major',
    );
    expect(rows.map((r) => r.line)).toEqual([2]);
    expect(errors.map((e) => [e.line, e.column])).toEqual([
      [3, 'city'],
      [4, 'function'],
      [5, 'level'],
      [6, 'currency'],
      [7, 'p25'],
      [8, 'p50'],
      [9, 'p75'],
      [10, 'p90'],
      [11, 'p75'],
      [12, 'p25'],
    ]);
    expect(errors.find((e) => e.line === 11)?.message).toBe('must be at least p50 (400000.00 CNY)');
    expect(errors.find((e) => e.line === 8)?.message).toBe('must not be negative');
    expect(errors.find((e) => e.line === 9)?.message).toBe('must have at most 2 decimals for CNY');
    expect(errors.find((e) => e.line === 12)?.message).toBe('must be more than 0');
  });

  it('refuses a key twice, naming the earlier line', () => {
    const { errors } = checkRecords([rec(2, {}), rec(3, { level: 'mid' }), rec(4, { city: '上海 ' })], 'major');
    expect(errors).toEqual([{ line: 4, column: 'city', message: 'the same city, function, level and currency as line 2' }]);
  });

  it('refuses a file without rows', () => {
    expect(checkRecords([], 'major').errors).toEqual([{ line: 2, column: 'city', message: 'the file has no rows' }]);
  });

  it('checks the header: every column once, nothing else, one form of amounts', () => {
    expect(checkHeader(['city', 'function', 'level', 'currency', 'p25', 'p50', 'p75', 'p90'])).toEqual({ ok: true, amounts: 'major' });
    expect(checkHeader(['city', 'function', 'level', 'currency', 'p25_minor', 'p50_minor', 'p75_minor', 'p90_minor'])).toEqual({ ok: true, amounts: 'minor' });
    const bad = checkHeader(['city', 'function', 'level', 'currency', 'p25', 'p50', 'p75', 'p75', 'bonus']);
    expect(bad).toEqual({
      ok: false,
      errors: [
        { line: 1, column: 'p90', message: 'column missing from the header' },
        { line: 1, column: 'p75', message: 'column named twice' },
        { line: 1, column: 'bonus', message: 'unknown column; expected city, function, level, currency, p25, p50, p75, p90' },
      ],
    });
    const mixed = checkHeader(['city', 'function', 'level', 'currency', 'p25', 'p50_minor', 'p75_minor', 'p90_minor']);
    expect(mixed.ok).toBe(false);
  });
});
