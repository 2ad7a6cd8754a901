import { addDays, type CalendarDate } from '../platform/calendar-date.ts';

/**
 * Ownership protection (DESIGN §4.4): a candidate, identified by normalized phone OR e-mail, submitted
 * to a poster by one consultant cannot be submitted to the same poster by another consultant for
 * `windowDays` days. Counted like the guarantee (§4.2), in the poster's calendar: the protection of a
 * submission made on date D covers D … D + window − 1 and **ends on D + window**, the first date a
 * second consultant may submit. With 90 days: day 89 after D is refused, day 90 is allowed.
 */

/** Characters people type inside phone numbers: spaces, dashes of every width, dots, parentheses. */
const PHONE_SEPARATORS = /[\s\-\u2010-\u2015\u2212.()]/g;
/** A mainland mobile behind a China country code: +86, 0086 or a bare 86. */
const CHINA_PREFIXED_MOBILE = /^(?:\+86|0086|86)(1\d{10})$/;

/**
 * The comparison key of a phone number: separators stripped, full-width characters folded (NFKC turns
 * "１３８" into "138"), and a China country code dropped before an 11-digit mobile starting with 1.
 * null when nothing is left. Other numbers keep their digits and a leading "+".
 */
export function phoneKey(raw: string | null | undefined): string | null {
  if (raw === null || raw === undefined) return null;
  const stripped = raw.normalize('NFKC').replace(PHONE_SEPARATORS, '');
  if (stripped === '') return null;
  return CHINA_PREFIXED_MOBILE.exec(stripped)?.[1] ?? stripped;
}

/** Why a typed phone number is not one (a phrase after the field name), or null. */
export function phoneProblem(raw: string): string | null {
  const key = phoneKey(raw);
  if (key === null) return null;
  return /^\+?\d{5,20}$/.test(key) ? null : 'must be a phone number: digits, optionally with a +country code, spaces, dashes or parentheses';
}

/** The comparison key of an e-mail address: trimmed and lower-cased; null when empty. */
export function emailKey(raw: string | null | undefined): string | null {
  if (raw === null || raw === undefined) return null;
  const key = raw.trim().toLowerCase();
  return key === '' ? null : key;
}

export type CandidateKeys = { phoneKey: string | null; emailKey: string | null };

export const sameCandidate = (a: CandidateKeys, b: CandidateKeys): boolean =>
  (a.phoneKey !== null && a.phoneKey === b.phoneKey) || (a.emailKey !== null && a.emailKey === b.emailKey);

/** The first date on which a submission made on `submittedOn` no longer protects its candidate. */
export const protectionEndsOn = (submittedOn: CalendarDate, windowDays: number): CalendarDate => addDays(submittedOn, windowDays);

export type EarlierSubmission = CandidateKeys & { consultantId: string; submittedOn: CalendarDate };

export type OwnershipVerdict = { blocked: false } | { blocked: true; protectedUntil: CalendarDate };

/**
 * Whether `consultantId` may submit the candidate today, given the poster's earlier submissions. Any
 * still-protecting submission of the same person by another consultant blocks; the refusal names the
 * latest end among them (the date the candidate is free), never who holds the protection. The same
 * consultant is never blocked by its own submissions.
 */
export function ownershipVerdict(input: { today: CalendarDate; consultantId: string; candidate: CandidateKeys; windowDays: number; earlier: readonly EarlierSubmission[] }): OwnershipVerdict {
  let until: CalendarDate | null = null;
  for (const e of input.earlier) {
    if (e.consultantId === input.consultantId || !sameCandidate(input.candidate, e)) continue;
    const ends = protectionEndsOn(e.submittedOn, input.windowDays);
    if (input.today < ends && (until === null || ends > until)) until = ends;
  }
  return until === null ? { blocked: false } : { blocked: true, protectedUntil: until };
}
