import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../../src/platform/errors.ts';
import {
  CURRENCIES,
  amountProblem,
  formatAmount,
  isCurrency,
  minorDigitsOf,
  mulDivRoundHalfUp,
  parseAmount,
  percentHundredths,
  percentOf,
  tryParseAmount,
} from '../../src/platform/money.ts';

describe('currencies', () => {
  it('knows the minor digits of each currency of the design', () => {
    expect(CURRENCIES.map((c) => [c, minorDigitsOf(c)])).toEqual([
      ['CNY', 2], ['USD', 2], ['EUR', 2], ['HKD', 2], ['SGD', 2], ['GBP', 2], ['JPY', 0], ['KRW', 0],
    ]);
  });
  it('refuses codes it does not know, whatever their case', () => {
    expect(isCurrency('CNY')).toBe(true);
    expect(isCurrency('cny')).toBe(false);
    expect(isCurrency('XYZ')).toBe(false);
    expect(isCurrency('toString')).toBe(false);
    expect(isCurrency(1)).toBe(false);
  });
});

describe('parseAmount', () => {
  it('reads whole amounts and amounts with up to the currency digits', () => {
    expect(parseAmount('30000', 'CNY')).toBe(3_000_000n);
    expect(parseAmount('30000.5', 'CNY')).toBe(3_000_050n);
    expect(parseAmount('30000.50', 'CNY')).toBe(3_000_050n);
    expect(parseAmount('0.01', 'USD')).toBe(1n);
    expect(parseAmount('0', 'EUR')).toBe(0n);
    expect(parseAmount('1500', 'JPY')).toBe(1500n);
    expect(parseAmount('1500', 'KRW')).toBe(1500n);
  });
  it('reads amounts far beyond 2^53 minor units exactly', () => {
    expect(parseAmount('123456789012345678.99', 'CNY')).toBe(12_345_678_901_234_567_899n);
    expect(parseAmount('9007199254740993', 'JPY')).toBe(9_007_199_254_740_993n);
    expect(parseAmount('99999999999.99', 'CNY')).toBe(9_999_999_999_999n);
  });
  it.each([
    ['1.005', 'CNY', 'must have at most 2 decimals for CNY'],
    ['1.0', 'JPY', 'must be a whole number of JPY (no decimals)'],
    ['-1', 'CNY', 'must not be negative'],
    ['-0.01', 'CNY', 'must not be negative'],
    ['1e5', 'CNY', 'must be a decimal string'],
    ['+1', 'CNY', 'must be a decimal string'],
    [' 1', 'CNY', 'must be a decimal string'],
    ['1 ', 'CNY', 'must be a decimal string'],
    ['', 'CNY', 'must be a decimal string'],
    ['1.', 'CNY', 'must be a decimal string'],
    ['.5', 'CNY', 'must be a decimal string'],
    ['1,000', 'CNY', 'must be a decimal string'],
    ['0x10', 'CNY', 'must be a decimal string'],
    ['１', 'CNY', 'must be a decimal string'],
  ] as const)('refuses %j in %s', (text, currency, problem) => {
    expect(tryParseAmount(text, currency)).toBeNull();
    expect(amountProblem(text, currency)).toContain(problem);
    expect(() => parseAmount(text, currency, 'placement.fee')).toThrow(DomainError);
    expect(() => parseAmount(text, currency, 'placement.fee')).toThrow(/^placement\.fee /);
  });
  it('refuses what is not a string', () => {
    expect(tryParseAmount(100, 'CNY')).toBeNull();
    expect(amountProblem(100, 'CNY')).toContain('decimal string');
    expect(amountProblem('12.34', 'CNY')).toBeNull();
  });
  it('agrees with the long-hand reading on any decimal string', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{1,20}(\.\d{1,3})?$/), fc.constantFrom(...CURRENCIES), (text, currency) => {
        const [whole, fraction = ''] = text.split('.');
        const digits = minorDigitsOf(currency);
        const expected = fraction.length > digits ? null : BigInt(`${whole}${fraction.padEnd(digits, '0')}`);
        expect(tryParseAmount(text, currency)).toBe(expected);
      }),
    );
  });
});

describe('formatAmount', () => {
  it('always writes exactly the currency digits', () => {
    expect(formatAmount(0n, 'CNY')).toBe('0.00');
    expect(formatAmount(5n, 'CNY')).toBe('0.05');
    expect(formatAmount(2_866_667n, 'CNY')).toBe('28666.67');
    expect(formatAmount(3_000_000n, 'USD')).toBe('30000.00');
    expect(formatAmount(1500n, 'JPY')).toBe('1500');
    expect(formatAmount(0n, 'KRW')).toBe('0');
    expect(formatAmount(-1n, 'CNY')).toBe('-0.01');
    expect(formatAmount(12_345_678_901_234_567_899n, 'CNY')).toBe('123456789012345678.99');
  });
  it('round-trips with parseAmount', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 24n }), fc.constantFrom(...CURRENCIES), (minor, currency) => {
        expect(parseAmount(formatAmount(minor, currency), currency)).toBe(minor);
      }),
    );
  });
});

describe('mulDivRoundHalfUp, the one rounding rule', () => {
  it('rounds exact halves up and everything else to the nearest', () => {
    expect(mulDivRoundHalfUp(1n, 1n, 2n)).toBe(1n); // 0.5 → 1
    expect(mulDivRoundHalfUp(3n, 1n, 2n)).toBe(2n); // 1.5 → 2
    expect(mulDivRoundHalfUp(5n, 1n, 2n)).toBe(3n); // 2.5 → 3 (not banker's 2)
    expect(mulDivRoundHalfUp(1n, 1n, 3n)).toBe(0n); // 0.33 → 0
    expect(mulDivRoundHalfUp(2n, 1n, 3n)).toBe(1n); // 0.67 → 1
    expect(mulDivRoundHalfUp(6_000_000n, 43n, 90n)).toBe(2_866_667n); // the DESIGN example
    expect(mulDivRoundHalfUp(0n, 7n, 9n)).toBe(0n);
  });
  it('refuses negative operands and a zero denominator', () => {
    expect(() => mulDivRoundHalfUp(-1n, 1n, 2n)).toThrow(RangeError);
    expect(() => mulDivRoundHalfUp(1n, -1n, 2n)).toThrow(RangeError);
    expect(() => mulDivRoundHalfUp(1n, 1n, 0n)).toThrow(RangeError);
  });
  it('is the nearest integer, halves up', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 20n }), fc.bigInt({ min: 0n, max: 10n ** 6n }), fc.bigInt({ min: 1n, max: 10n ** 6n }), (a, num, den) => {
        const r = mulDivRoundHalfUp(a, num, den);
        const exact2 = 2n * a * num; // 2 × the exact value × den
        // r − 1/2 ≤ a·num/den < r + 1/2
        expect((2n * r - 1n) * den <= exact2).toBe(true);
        expect(exact2 < (2n * r + 1n) * den).toBe(true);
      }),
    );
  });
});

describe('percents', () => {
  it('reads percents with at most 2 decimals from their decimal text, never by float multiplication', () => {
    expect(percentHundredths(20)).toBe(2000);
    expect(percentHundredths(33.33)).toBe(3333);
    expect(percentHundredths(0.07)).toBe(7); // 0.07 × 100 = 7.000000000000001 in floating point
    expect(percentHundredths(12.5)).toBe(1250);
    expect(percentHundredths('33.33')).toBe(3333);
    expect(percentHundredths('100')).toBe(10_000);
    expect(percentHundredths(0)).toBe(0);
  });
  it.each([33.333, 0.1 + 0.2, -1, Number.NaN, Number.POSITIVE_INFINITY, 1e-7, '1e2', '-5', ' 5', '5.', '33.333', true, null])(
    'refuses %j',
    (value) => {
      expect(percentHundredths(value)).toBeNull();
    },
  );
  it('agrees with the decimal text of the number', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1_000_000 }), fc.integer({ min: 0, max: 2 }), (n, decimals) => {
        const value = n / 10 ** decimals;
        expect(percentHundredths(value)).toBe(percentHundredths(String(value)));
      }),
    );
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1e6, noNaN: true }), (value) => {
        const text = String(value);
        const expected = /^\d+(\.\d{1,2})?$/.test(text) ? percentHundredths(text) : null;
        expect(percentHundredths(value)).toBe(expected);
      }),
    );
  });
  it('takes a percent of an amount, rounded half up', () => {
    expect(percentOf(6_000_000n, 20)).toBe(1_200_000n);
    expect(percentOf(100n, '33.33')).toBe(33n);
    expect(percentOf(150n, 33.33)).toBe(50n); // 49.995 → 50
    expect(percentOf(1n, 50)).toBe(1n); // 0.5 → 1
    expect(() => percentOf(100n, 1.234)).toThrow(RangeError);
  });
});
