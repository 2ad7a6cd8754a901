import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { feeFor } from '../../src/placements/fee.rules.ts';
import { DomainError } from '../../src/platform/errors.ts';
import { formatAmount, parseAmount } from '../../src/platform/money.ts';

const pct = (percent: number) => ({ type: 'percent_of_annual_salary' as const, percent });
const cny = (text: string) => parseAmount(text, 'CNY');

describe('fee from a percent of the annual salary', () => {
  it('is salary × percent / 100 in minor units', () => {
    expect(formatAmount(feeFor(pct(20), cny('300000.00'), 'CNY'), 'CNY')).toBe('60000.00');
    expect(formatAmount(feeFor(pct(25), cny('480000.00'), 'CNY'), 'CNY')).toBe('120000.00');
    expect(formatAmount(feeFor(pct(100), cny('1.23'), 'CNY'), 'CNY')).toBe('1.23');
  });

  it('takes fractional percents exactly (no float drift)', () => {
    // 20.5 % of 333,333.33 = 68,333.33265 → 68,333.33
    expect(formatAmount(feeFor(pct(20.5), cny('333333.33'), 'CNY'), 'CNY')).toBe('68333.33');
    // 0.1 + 0.2 style trap: 18.33 % of 100,000.00 = 18,330.00 exactly
    expect(formatAmount(feeFor(pct(18.33), cny('100000.00'), 'CNY'), 'CNY')).toBe('18330.00');
    // 12.25 % of 123,456.78 = 15,123.455550 → 15,123.46
    expect(formatAmount(feeFor(pct(12.25), cny('123456.78'), 'CNY'), 'CNY')).toBe('15123.46');
    // 0.01 % of 0.49 = 0.000049 → 0.00
    expect(formatAmount(feeFor(pct(0.01), cny('0.49'), 'CNY'), 'CNY')).toBe('0.00');
  });

  it('rounds an exact half up, and just below a half down', () => {
    // 10 % of 0.05 = 0.005 → 0.01
    expect(formatAmount(feeFor(pct(10), cny('0.05'), 'CNY'), 'CNY')).toBe('0.01');
    // 10 % of 0.04 = 0.004 → 0.00
    expect(formatAmount(feeFor(pct(10), cny('0.04'), 'CNY'), 'CNY')).toBe('0.00');
    // 50 % of 0.01 = 0.005 → 0.01
    expect(formatAmount(feeFor(pct(50), cny('0.01'), 'CNY'), 'CNY')).toBe('0.01');
    // 12.5 % of 1.00 = 0.125 → 0.13
    expect(formatAmount(feeFor(pct(12.5), cny('1.00'), 'CNY'), 'CNY')).toBe('0.13');
    // 12.5 % of 0.99 = 0.12375 → 0.12
    expect(formatAmount(feeFor(pct(12.5), cny('0.99'), 'CNY'), 'CNY')).toBe('0.12');
  });

  it('rounds to whole yen for JPY (no minor digits)', () => {
    // 20 % of ¥5,000,003 = ¥1,000,000.6 → ¥1,000,001
    expect(feeFor(pct(20), parseAmount('5000003', 'JPY'), 'JPY')).toBe(1_000_001n);
    // 25 % of ¥2 = ¥0.5 → ¥1 (a half rounds up)
    expect(feeFor(pct(25), 2n, 'JPY')).toBe(1n);
    // 33.33 % of ¥10 = ¥3.333 → ¥3
    expect(feeFor(pct(33.33), 10n, 'JPY')).toBe(3n);
    expect(formatAmount(feeFor(pct(18), parseAmount('8000000', 'JPY'), 'JPY'), 'JPY')).toBe('1440000');
  });

  it('is zero for a zero salary', () => {
    expect(feeFor(pct(20), 0n, 'CNY')).toBe(0n);
  });

  it('stays exact for salaries beyond 2^53 minor units', () => {
    const salary = 123_456_789_012_345_678n;
    expect(feeFor(pct(20), salary, 'CNY')).toBe((salary * 2000n * 2n + 10_000n) / 20_000n);
  });

  it('always lies within half a minor unit of the exact value (property)', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 15n }), fc.integer({ min: 1, max: 10_000 }), (salary, hundredths) => {
        const fee = feeFor(pct(hundredths / 100), salary, 'CNY');
        // fee − exact ∈ (−½, ½] minor unit: within half a unit, and an exact half went up (never down).
        const diff = fee * 10_000n - salary * BigInt(hundredths);
        expect(diff > -5_000n && diff <= 5_000n).toBe(true);
      }),
    );
  });
});

describe('fixed fee', () => {
  it('is the amount, whatever the salary', () => {
    expect(formatAmount(feeFor({ type: 'fixed', amount: '8000.00' }, cny('60000.00'), 'CNY'), 'CNY')).toBe('8000.00');
    expect(formatAmount(feeFor({ type: 'fixed', amount: '8000' }, 0n, 'CNY'), 'CNY')).toBe('8000.00');
    expect(feeFor({ type: 'fixed', amount: '500000' }, 1n, 'JPY')).toBe(500_000n);
  });

  it('refuses an amount with more decimals than the currency has, naming the field', () => {
    const err = (() => {
      try {
        feeFor({ type: 'fixed', amount: '100.5' }, 0n, 'JPY');
      } catch (e) {
        return e;
      }
      return null;
    })();
    expect(err).toBeInstanceOf(DomainError);
    expect((err as DomainError).code).toBe('invalid_input');
    expect((err as DomainError).message).toContain('terms.reward.amount');
    expect(() => feeFor({ type: 'fixed', amount: '1.005' }, 0n, 'CNY')).toThrow(/terms\.reward\.amount/);
  });
});

describe('bad input', () => {
  it('refuses a percent with 3 decimals or above 100, and a negative salary', () => {
    expect(() => feeFor(pct(20.125), 100n, 'CNY')).toThrow(/terms\.reward\.percent/);
    expect(() => feeFor(pct(100.01), 100n, 'CNY')).toThrow(/terms\.reward\.percent/);
    expect(() => feeFor(pct(20), -1n, 'CNY')).toThrow(/annualSalary/);
  });
});
