import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scheduleInstallments, scheduleInstallmentsFor, triggerDateOf } from '../../src/plans/installment-schedule.rules.ts';
import type { CalendarDate } from '../../src/platform/calendar-date.ts';
import { DomainError } from '../../src/platform/errors.ts';
import { CURRENCIES, type Currency, formatAmount } from '../../src/platform/money.ts';
import { PLAN_TEMPLATES } from '../../src/plans/plan-templates.ts';

const terms = (installments: unknown, extra: Record<string, unknown> = {}) => ({
  currency: 'CNY',
  guarantee: { days: 90, covered: ['voluntary_resignation'], noticeDays: 7, requireTimelyPayment: true, paymentGraceDays: 5 },
  remedies: { replacement: null, refund: { schedule: 'linear' } },
  installments,
  ...extra,
});
const DESIGN_INSTALLMENTS = [
  { trigger: 'start', percent: 50, dueDays: 15 },
  { trigger: 'guarantee_passed', percent: 50, dueDays: 15 },
];

describe('installment schedule', () => {
  it('schedules the terms of DESIGN §4.1', () => {
    expect(scheduleInstallments({ terms: terms(DESIGN_INSTALLMENTS), startDate: '2026-01-05', fee: '60000.00' })).toEqual([
      { trigger: 'start', triggerDate: '2026-01-05', dueDate: '2026-01-20', amount: '30000.00' },
      { trigger: 'guarantee_passed', triggerDate: '2026-04-05', dueDate: '2026-04-20', amount: '30000.00' },
    ]);
  });
  it('day:N fires on employment day N (start + N − 1); guarantee_passed on start + G', () => {
    const start = '2026-01-05' as CalendarDate;
    expect(triggerDateOf('day:1', start, 90)).toBe('2026-01-05');
    expect(triggerDateOf('day:90', start, 90)).toBe('2026-04-04');
    expect(triggerDateOf('guarantee_passed', start, 90)).toBe('2026-04-05');
    expect(triggerDateOf('guarantee_passed', start, 0)).toBe('2026-01-05');
    expect(triggerDateOf('start', start, 90)).toBe('2026-01-05');
  });
  it('schedules the full lifecycle plan, with a due date 0 days after the trigger', () => {
    const r = scheduleInstallments({
      terms: terms([
        { trigger: 'start', percent: 40, dueDays: 0 },
        { trigger: 'day:90', percent: 30, dueDays: 15 },
        { trigger: 'guarantee_passed', percent: 30, dueDays: 15 },
      ], { guarantee: { days: 180, covered: [], noticeDays: 7, requireTimelyPayment: false, paymentGraceDays: 0 } }),
      startDate: '2026-01-05',
      fee: '100000',
    });
    expect(r).toEqual([
      { trigger: 'start', triggerDate: '2026-01-05', dueDate: '2026-01-05', amount: '40000.00' },
      { trigger: 'day:90', triggerDate: '2026-04-04', dueDate: '2026-04-19', amount: '30000.00' },
      { trigger: 'guarantee_passed', triggerDate: '2026-07-04', dueDate: '2026-07-19', amount: '30000.00' },
    ]);
  });
  it('rounds each share half up and gives the last the remainder', () => {
    const amounts = (fee: string, percents: (number | string)[], currency = 'CNY') => {
      const r = scheduleInstallments({
        terms: terms(percents.map((percent) => ({ trigger: 'start', percent, dueDays: 0 })), { currency }),
        startDate: '2026-01-05',
        fee,
      });
      if ('error' in r) throw new Error(r.error.message);
      return r.map((x) => x.amount);
    };
    expect(amounts('100.00', [33.33, 33.33, 33.34])).toEqual(['33.33', '33.33', '33.34']);
    expect(amounts('100.01', [33.33, 66.67])).toEqual(['33.33', '66.68']); // 33.333333 → 33.33; the rest 66.68
    expect(amounts('0.05', [50, 50])).toEqual(['0.03', '0.02']); // 0.025 → 0.03 (a half rounds up)
    expect(amounts('0.01', [50, 50])).toEqual(['0.01', '0.00']);
    expect(amounts('1000', [33.33, 33.33, 33.34], 'JPY')).toEqual(['333', '333', '334']);
    expect(amounts('1001', [12.5, 87.5], 'KRW')).toEqual(['125', '876']); // 125.125 → 125
    expect(amounts('60000', ['33.33', '66.67'])).toEqual(['19998.00', '40002.00']);
    expect(amounts('60000', [100])).toEqual(['60000.00']);
  });
  it('refuses percents that do not add up to exactly 100', () => {
    const bad = (installments: unknown) => scheduleInstallments({ terms: terms(installments), startDate: '2026-01-05', fee: '100.00' });
    expect(bad([{ trigger: 'start', percent: 33.33, dueDays: 0 }, { trigger: 'start', percent: 33.33, dueDays: 0 }, { trigger: 'start', percent: 33.33, dueDays: 0 }])).toEqual({
      error: { code: 'invalid_input', message: 'terms.installments percents must add up to exactly 100 (they add up to 99.99)' },
    });
    expect(bad([{ trigger: 'start', percent: 60, dueDays: 0 }, { trigger: 'start', percent: 60, dueDays: 0 }])).toEqual({
      error: { code: 'invalid_input', message: 'terms.installments percents must add up to exactly 100 (they add up to 120)' },
    });
    expect(bad([])).toEqual({ error: { code: 'invalid_input', message: 'terms.installments must list at least one installment' } });
  });
  it('the typed core checks the sum too', () => {
    expect(() =>
      scheduleInstallmentsFor({ guarantee: { days: 90 }, installments: [{ trigger: 'start', percent: 99, dueDays: 0 }] }, '2026-01-05' as CalendarDate, 100n),
    ).toThrow(DomainError);
  });
  it.each([
    ['not an object', 'x', 'input must be an object'],
    ['no terms', { startDate: '2026-01-05', fee: '1.00' }, 'terms must be an object'],
    ['terms without installments', { terms: terms(undefined), startDate: '2026-01-05', fee: '1.00' }, 'terms.installments must be an array'],
    ['an unknown trigger', { terms: terms([{ trigger: 'hire', percent: 100, dueDays: 0 }]), startDate: '2026-01-05', fee: '1.00' }, 'terms.installments[0].trigger must be'],
    ['an unknown currency', { terms: terms(DESIGN_INSTALLMENTS, { currency: 'ABC' }), startDate: '2026-01-05', fee: '1.00' }, 'terms.currency must be one of'],
    ['a bad start date', { terms: terms(DESIGN_INSTALLMENTS), startDate: '2026-02-30', fee: '1.00' }, 'startDate must be a real calendar date written YYYY-MM-DD'],
    ['a fee with too many decimals', { terms: terms(DESIGN_INSTALLMENTS), startDate: '2026-01-05', fee: '1.001' }, 'fee must have at most 2 decimals for CNY'],
    ['a negative fee', { terms: terms(DESIGN_INSTALLMENTS), startDate: '2026-01-05', fee: '-1' }, 'fee must not be negative'],
    ['a JPY fee with decimals', { terms: terms(DESIGN_INSTALLMENTS, { currency: 'JPY' }), startDate: '2026-01-05', fee: '100.5' }, 'fee must be a whole number of JPY'],
  ])('refuses %s, naming the place', (_what, input, message) => {
    const r = scheduleInstallments(input);
    expect(r).toHaveProperty('error.code', 'invalid_input');
    expect((r as { error: { message: string } }).error.message).toContain(message);
  });
  it('schedules every built-in plan', () => {
    for (const p of PLAN_TEMPLATES) {
      const r = scheduleInstallments({ terms: p.terms, startDate: '2026-03-02', fee: '50000.00' });
      expect(Array.isArray(r)).toBe(true);
    }
  });

  it('amounts add up exactly to the fee; all but the last are the rounded shares (property)', () => {
    const percents = fc
      .array(fc.integer({ min: 0, max: 10_000 }), { minLength: 0, maxLength: 5 })
      .map((hs) => {
        const out: number[] = [];
        let left = 10_000;
        for (const h of hs) {
          const take = Math.min(h, left);
          out.push(take);
          left -= take;
        }
        out.push(left);
        return out;
      });
    fc.assert(
      fc.property(percents, fc.bigInt({ min: 0n, max: 10n ** 15n }), fc.constantFrom(...CURRENCIES), (hs, fee, currency: Currency) => {
        const r = scheduleInstallments({
          terms: terms(hs.map((h, i) => ({ trigger: i === 0 ? 'start' : `day:${i * 30}`, percent: h / 100, dueDays: 10 })), { currency }),
          startDate: '2026-01-05',
          fee: formatAmount(fee, currency),
        });
        if ('error' in r) throw new Error(r.error.message);
        const minors = r.map((x) => BigInt(x.amount.replace('.', '')));
        expect(minors.reduce((a, b) => a + b, 0n)).toBe(fee);
        hs.slice(0, -1).forEach((h, i) => {
          const exact2 = 2n * fee * BigInt(h); // twice the exact share × 10000
          const share = minors[i] as bigint;
          expect((2n * share - 1n) * 10_000n <= exact2 && exact2 < (2n * share + 1n) * 10_000n).toBe(true);
        });
      }),
      { numRuns: 1000 },
    );
  });
});
