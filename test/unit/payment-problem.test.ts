import { describe, expect, it } from 'vitest';
import { paymentProblem, type InstallmentMoney } from '../../src/ledger/ledger.rules.ts';

/** Which payments ops may record on an installment: positive, dated between the hire's earliest date and today, within what is open. */
describe('paymentProblem', () => {
  const open: InstallmentMoney = { amount: 10_000n, paid: 2_500n, voided: 0n, issued: true };
  const today = '2026-11-29';
  const earliest = '2025-10-01';
  const cases: Array<[string, bigint, string, string | null]> = [
    ['the whole open amount today', 7_500n, today, null],
    ['part of it on the earliest date', 1n, earliest, null],
    ['nothing', 0n, today, 'not_positive'],
    ['a negative amount', -1n, today, 'not_positive'],
    ['tomorrow', 1n, '2026-11-30', 'future_date'],
    ['the year 9999', 1n, '9999-12-31', 'future_date'],
    ['the day before the earliest', 1n, '2025-09-30', 'too_early'],
    ['the year 1', 1n, '0001-01-01', 'too_early'],
    ['a minor unit more than open', 7_501n, today, 'overpayment'],
  ];
  it.each(cases)('%s', (_label, amount, paidOn, code) => {
    const problem = paymentProblem(open, amount, paidOn, today, earliest);
    expect(problem?.code ?? null).toBe(code);
    if (problem) expect(problem.open).toBe(7_500n);
  });
});
