import { addDays, type CalendarDate } from '../platform/calendar-date.ts';
import type { SubmissionStage } from '../platform/db/schema.ts';

/**
 * Ownership protection (DESIGN §4.4): a candidate, identified by normalized phone OR e-mail, submitted
 * to a poster by one consultant cannot be submitted to the same poster by another consultant for
 * `windowDays` days. Counted like the guarantee (§4.2), in the poster's calendar: the protection of a
 * submission made on date D covers D … D + window − 1 and **ends on D + window**, the first date a
 * second consultant may submit. With 90 days: day 89 after D is refused, day 90 is allowed.
 */

/** Characters people type inside phone numbers: spaces, dashes of every width, dots, parentheses, slashes. */
const PHONE_SEPARATORS = /[\s\-\u2010-\u2015\u2212.()/]/g;
/** A mainland mobile behind a China country code: +86, 0086 or a bare 86 (a trunk 0 already dropped). */
const CHINA_PREFIXED_MOBILE = /^(?:\+86|0086|86)(1\d{10})$/;
/**
 * The "(0)" trunk prefix written after a country code ("+86 (0)139 …", "+44 (0)20 …"): dialled from abroad the
 * 0 is left out, so it is not part of the number.
 */
const TRUNK_AFTER_COUNTRY_CODE = /^(\s*(?:\+|00)\s*\d{1,3})\s*\(\s*0\s*\)/;
/** Phone-number dressing: a "tel:" scheme. */
const TEL_SCHEME = /^\s*tel:/i;

/**
 * The comparison key of a phone number: "tel:" and separators stripped, full-width characters folded (NFKC turns
 * "１３８" into "138"), a "(0)" trunk prefix after a country code dropped, the "00" international prefix written
 * as "+", and a China country code dropped before an 11-digit mobile starting with 1. null when nothing is left.
 * Other numbers keep their digits and a leading "+".
 */
export function phoneKey(raw: string | null | undefined): string | null {
  if (raw === null || raw === undefined) return null;
  const folded = raw.normalize('NFKC').replace(TEL_SCHEME, '').replace(TRUNK_AFTER_COUNTRY_CODE, '$1');
  const stripped = folded.replace(PHONE_SEPARATORS, '');
  if (stripped === '') return null;
  const international = stripped.startsWith('00') ? `+${stripped.slice(2)}` : stripped;
  return CHINA_PREFIXED_MOBILE.exec(international)?.[1] ?? international;
}

/** Why a typed phone number is not one (a phrase after the field name), or null. */
export function phoneProblem(raw: string): string | null {
  const key = phoneKey(raw);
  if (key === null) return null;
  return /^\+?\d{5,20}$/.test(key) ? null : 'must be a phone number: digits, optionally with a +country code, spaces, dashes or parentheses';
}

/** Domains that are one Gmail mailbox: dots in the name are ignored, and googlemail.com is gmail.com. */
const GMAIL_DOMAINS = new Set(['gmail.com', 'googlemail.com']);

/**
 * The comparison key of an e-mail address: trimmed, folded (NFKC) and lower-cased; a sub-address ("+tag", which
 * delivers to the same mailbox at every common provider) dropped for every domain; for Gmail, dots in the name
 * dropped and googlemail.com written gmail.com. null when empty. A name that is only a tag keeps it.
 */
export function emailKey(raw: string | null | undefined): string | null {
  if (raw === null || raw === undefined) return null;
  const key = raw.normalize('NFKC').trim().toLowerCase();
  if (key === '') return null;
  const at = key.lastIndexOf('@');
  if (at <= 0) return key;
  let name = key.slice(0, at);
  let domain = key.slice(at + 1);
  const plus = name.indexOf('+');
  if (plus > 0) name = name.slice(0, plus);
  if (GMAIL_DOMAINS.has(domain)) {
    domain = 'gmail.com';
    name = name.replace(/\./g, '') || name;
  }
  return `${name}@${domain}`;
}

export type CandidateKeys = { phoneKey: string | null; emailKey: string | null };

export const sameCandidate = (a: CandidateKeys, b: CandidateKeys): boolean =>
  (a.phoneKey !== null && a.phoneKey === b.phoneKey) || (a.emailKey !== null && a.emailKey === b.emailKey);

/** The first date on which a submission made on `submittedOn` no longer protects its candidate. */
export const protectionEndsOn = (submittedOn: CalendarDate, windowDays: number): CalendarDate => addDays(submittedOn, windowDays);

/**
 * How a withdrawn submission was withdrawn: from which stage, and by whom. A submission its own consultant
 * withdrew while it was still `submitted` (the poster had not acted on it) never reached the poster's process:
 * it releases the candidate, so submitting and withdrawing at once cannot squat a person for the whole window.
 */
export type Withdrawal = { fromStage: SubmissionStage; byUserId: string };

export function releasesCandidate(e: { consultantId: string; withdrawal: Withdrawal | null }): boolean {
  return e.withdrawal !== null && e.withdrawal.fromStage === 'submitted' && e.withdrawal.byUserId === e.consultantId;
}

export type EarlierSubmission = CandidateKeys & { consultantId: string; submittedOn: CalendarDate; withdrawal?: Withdrawal | null | undefined };

export type OwnershipVerdict = { blocked: false } | { blocked: true; protectedUntil: CalendarDate };

/**
 * Whether `consultantId` may submit the candidate today, given the poster's earlier submissions. Any
 * still-protecting submission of the same person by another consultant blocks; the refusal names the
 * latest end among them (the date the candidate is free), never who holds the protection. The same
 * consultant is never blocked by its own submissions, and a submission that released the candidate
 * (`releasesCandidate`) protects nothing.
 */
export function ownershipVerdict(input: { today: CalendarDate; consultantId: string; candidate: CandidateKeys; windowDays: number; earlier: readonly EarlierSubmission[] }): OwnershipVerdict {
  let until: CalendarDate | null = null;
  for (const e of input.earlier) {
    if (e.consultantId === input.consultantId || !sameCandidate(input.candidate, e)) continue;
    if (releasesCandidate({ consultantId: e.consultantId, withdrawal: e.withdrawal ?? null })) continue;
    const ends = protectionEndsOn(e.submittedOn, input.windowDays);
    if (input.today < ends && (until === null || ends > until)) until = ends;
  }
  return until === null ? { blocked: false } : { blocked: true, protectedUntil: until };
}

/**
 * The earlier submission whose protection blocks `consultantId` the longest (the one `ownershipVerdict` names the
 * end of), or null when none does. It is the other party of an ownership dispute; the refused consultant is never
 * told which it is.
 */
export function protectionHolder<E extends EarlierSubmission>(input: { today: CalendarDate; consultantId: string; candidate: CandidateKeys; windowDays: number; earlier: readonly E[] }): E | null {
  let holder: E | null = null;
  let until: CalendarDate | null = null;
  for (const e of input.earlier) {
    if (e.consultantId === input.consultantId || !sameCandidate(input.candidate, e)) continue;
    if (releasesCandidate({ consultantId: e.consultantId, withdrawal: e.withdrawal ?? null })) continue;
    const ends = protectionEndsOn(e.submittedOn, input.windowDays);
    if (input.today < ends && (until === null || ends > until)) {
      until = ends;
      holder = e;
    }
  }
  return holder;
}

/** A refusal can be disputed for 30 days (DESIGN §4.8), the day of the refusal being day 0: its last day. */
export const refusalDisputableUntil = (refusedOn: CalendarDate): CalendarDate => addDays(refusedOn, 30);
