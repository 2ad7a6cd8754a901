import { describe, expect, it } from 'vitest';
import type { CalendarDate } from '../../src/platform/calendar-date.ts';
import { canonicalJson, sha256Hex } from '../../src/platform/canonical-json.ts';
import { DomainError } from '../../src/platform/errors.ts';
import { agreementDocument, agreementHashOf, checkCorrectable, checkSalaryInRange, checkStartDate, START_DATE_WINDOW_DAYS } from '../../src/placements/agreement.rules.ts';

const facts = { termsHash: 'a'.repeat(64), submissionId: '0190f0a0-0000-7000-8000-000000000001', startDate: '2026-03-01' as CalendarDate, annualSalary: 30_000_000n, fee: 6_000_000n, currency: 'CNY' as const };

describe('the agreement hash', () => {
  it('is the SHA-256 of the canonical JSON of the terms hash and the facts, amounts as decimals', () => {
    expect(agreementDocument(facts)).toEqual({ termsHash: 'a'.repeat(64), candidate: facts.submissionId, startDate: '2026-03-01', annualSalary: '300000.00', fee: '60000.00', currency: 'CNY' });
    expect(agreementHashOf(facts)).toBe(sha256Hex(canonicalJson(agreementDocument(facts))));
    expect(agreementHashOf(facts)).toMatch(/^[0-9a-f]{64}$/);
  });
  it.each([
    ['the terms', { termsHash: 'b'.repeat(64) }],
    ['the candidate', { submissionId: '0190f0a0-0000-7000-8000-000000000002' }],
    ['the start date', { startDate: '2026-03-02' as CalendarDate }],
    ['the salary', { annualSalary: 30_000_001n }],
    ['the fee', { fee: 6_000_001n }],
    ['the currency', { currency: 'USD' as const }],
  ])('changes with %s', (_what, change) => {
    expect(agreementHashOf({ ...facts, ...change })).not.toBe(agreementHashOf(facts));
  });
});

describe('the start date of a hire', () => {
  const today = '2026-11-29' as CalendarDate;
  it.each(['2025-11-28', '2026-11-29', '2027-11-30'])('accepts %s (within a year and a day of today)', (d) => {
    expect(() => checkStartDate(d as CalendarDate, today, 'hire.startDate')).not.toThrow();
  });
  it.each(['0001-01-01', '9999-12-31', '2025-11-27', '2027-12-01'])('refuses %s naming the field and the range', (d) => {
    expect(() => checkStartDate(d as CalendarDate, today, 'hire.startDate')).toThrow(/^hire\.startDate must be within a year of today: from 2025-11-28 to 2027-11-30$/);
  });
  it('is a window of a year and a day either way', () => {
    expect(START_DATE_WINDOW_DAYS).toBe(366);
  });
});

describe('a salary outside the order range', () => {
  const range = { salaryMin: 10_000_000n, salaryMax: 20_000_000n, currency: 'CNY' as const };
  it('passes inside the range, bounds included', () => {
    for (const s of [10_000_000n, 15_000_000n, 20_000_000n]) expect(() => checkSalaryInRange(s, range, false, 'hire.confirmOutsideRange')).not.toThrow();
  });
  it('is refused unconfirmed (0.01 on a ¥100k–200k order), naming the confirmation field and the range', () => {
    try {
      checkSalaryInRange(1n, range, false, 'hire.confirmOutsideRange');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(DomainError);
      expect((e as DomainError).code).toBe('conflict');
      expect((e as DomainError).details).toEqual({ field: 'hire.confirmOutsideRange', salaryMin: '100000.00', salaryMax: '200000.00' });
    }
    expect(() => checkSalaryInRange(20_000_001n, range, false, 'x')).toThrow(DomainError);
  });
  it('passes when confirmed', () => {
    expect(() => checkSalaryInRange(1n, range, true, 'hire.confirmOutsideRange')).not.toThrow();
  });
});

describe('correcting a placement', () => {
  it('is allowed while it waits and not both sides have accepted', () => {
    expect(() => checkCorrectable({ status: 'pending_acceptance', posterAcceptedAt: null, delivererAcceptedAt: null })).not.toThrow();
    expect(() => checkCorrectable({ status: 'pending_acceptance', posterAcceptedAt: 'x', delivererAcceptedAt: null })).not.toThrow();
  });
  it.each(['active', 'guarantee_passed', 'replacing', 'replaced', 'refunded', 'closed'] as const)('is refused once %s (a dispute, not a correction)', (status) => {
    expect(() => checkCorrectable({ status, posterAcceptedAt: 'x', delivererAcceptedAt: 'y' })).toThrow(/dispute/);
  });
});

describe('the agreement of a replacement (DESIGN §4.5)', () => {
  const replacement = { ...facts, fee: 0n, replacesPlacementId: '0190f0a0-0000-7000-8000-0000000000aa', guaranteeDays: 50 };
  it('names the placement it replaces and the guarantee it runs; other placements keep their document', () => {
    expect(agreementDocument(replacement)).toEqual({ ...agreementDocument(facts), fee: '0.00', replaces: replacement.replacesPlacementId, guaranteeDays: '50' });
    expect(agreementDocument({ ...facts, replacesPlacementId: null, guaranteeDays: 90 })).toEqual(agreementDocument(facts));
  });
  it('changes with what it replaces and with its guarantee', () => {
    expect(agreementHashOf({ ...replacement, guaranteeDays: 90 })).not.toBe(agreementHashOf(replacement));
    expect(agreementHashOf({ ...replacement, replacesPlacementId: '0190f0a0-0000-7000-8000-0000000000bb' })).not.toBe(agreementHashOf(replacement));
  });
});
