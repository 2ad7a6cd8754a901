import { checkDateWindow, type CalendarDate } from '../platform/calendar-date.ts';
import { canonicalHash } from '../platform/canonical-json.ts';
import { DomainError } from '../platform/errors.ts';
import { formatAmount, type Currency } from '../platform/money.ts';
import type { PlacementStatus } from '../platform/db/schema.ts';

/**
 * What both sides of a placement accept (DESIGN §4.4). The terms hash is the terms alone, as the deliverer
 * accepted them when taking the order; the agreement hash adds the placement's facts — which submission (the
 * candidate), the start date, the annual salary, the fee and the currency — so an acceptance covers the hire
 * as it stands, and any correction of the facts changes the hash (and asks both sides again).
 */

export type AgreementFacts = {
  termsHash: string;
  submissionId: string;
  startDate: CalendarDate;
  annualSalary: bigint;
  fee: bigint;
  currency: Currency;
  /** A replacement (DESIGN §4.5) says what it replaces and the guarantee it runs: both sides accept that too. */
  replacesPlacementId?: string | null;
  guaranteeDays?: number;
};

/** SHA-256 (hex) of the canonical JSON of { termsHash, candidate, startDate, annualSalary, fee, currency[, replaces, guaranteeDays] }; amounts as decimal strings. */
export function agreementHashOf(f: AgreementFacts): string {
  return canonicalHash(agreementDocument(f));
}

/** The exact object the agreement hash is computed over (shown beside the hash so anyone can recompute it). */
export function agreementDocument(f: AgreementFacts): Record<string, string> {
  return {
    termsHash: f.termsHash,
    candidate: f.submissionId,
    startDate: f.startDate,
    annualSalary: formatAmount(f.annualSalary, f.currency),
    fee: formatAmount(f.fee, f.currency),
    currency: f.currency,
    // Only a replacement carries these, so the hash of every other placement stays what it was.
    ...(f.replacesPlacementId ? { replaces: f.replacesPlacementId, guaranteeDays: String(f.guaranteeDays ?? 0) } : {}),
  };
}

/**
 * How far from today (the business clock, in the poster's calendar) a start date may be: a year and a day either
 * way. A hire is recorded around the time it happens; a date outside is a typo (0001-01-01, 9999-12-31) that would
 * put every obligation of the placement out of reach.
 */
export const START_DATE_WINDOW_DAYS = 366;

/** Refuses a start date outside today ± START_DATE_WINDOW_DAYS, naming `field`. */
export function checkStartDate(startDate: CalendarDate, today: CalendarDate, field: string): void {
  checkDateWindow(startDate, today, { before: START_DATE_WINDOW_DAYS, after: START_DATE_WINDOW_DAYS }, field, 'must be within a year of today');
}

/**
 * A salary outside the order's range is allowed only when the poster says so (`confirmField` true): 0.01 on a
 * ¥100k–200k order is a slip of the keyboard, and the fee follows from it.
 */
export function checkSalaryInRange(
  salary: bigint,
  range: { salaryMin: bigint; salaryMax: bigint; currency: Currency },
  confirmed: boolean,
  confirmField: string,
): void {
  if (confirmed || (salary >= range.salaryMin && salary <= range.salaryMax)) return;
  const words = `${formatAmount(range.salaryMin, range.currency)}–${formatAmount(range.salaryMax, range.currency)} ${range.currency}`;
  throw new DomainError('conflict', `${confirmField}: the annual salary ${formatAmount(salary, range.currency)} is outside the order's range ${words}; confirm it to go on`, {
    field: confirmField,
    salaryMin: formatAmount(range.salaryMin, range.currency),
    salaryMax: formatAmount(range.salaryMax, range.currency),
  });
}

/**
 * A placement's facts may be corrected by its poster while it waits for acceptances and not both sides have
 * accepted; after that, the record stands and a disagreement goes to a dispute.
 */
export function checkCorrectable(p: { status: PlacementStatus; posterAcceptedAt: string | null; delivererAcceptedAt: string | null }): void {
  if (p.status !== 'pending_acceptance' || (p.posterAcceptedAt !== null && p.delivererAcceptedAt !== null)) {
    throw new DomainError('invalid_transition', `a placement in status ${p.status} that both sides have accepted is no longer corrected: open a dispute instead`, { status: p.status });
  }
}
