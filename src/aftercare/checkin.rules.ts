import { type CalendarDate, addDays } from '../platform/calendar-date.ts';
import { startOfDayIn } from '../platform/zoned-time.ts';
import { checkInClosesOn } from '../placements/obligation-schedule.rules.ts';

/**
 * Check-ins (DESIGN §4.5): the form of day N opens on start + N − 1 (`opensOn`); its last day is
 * `closesOn` = opensOn + windowDays − 1; it closes at the end of that day, and a form not answered by then is
 * `missed` (marked the next day). Worrying answers flag the placement.
 */

export type FormStatus = 'scheduled' | 'open' | 'answered' | 'missed';

export type EmployerAnswers = { performance: number; teamFit: number; dismissalRisk: boolean; comment?: string | undefined };
export type CandidateAnswers = {
  overallSatisfaction: number;
  jobSatisfaction: number;
  environmentSatisfaction: number;
  relationshipSatisfaction: number;
  workLifeBalance: number;
  jobInvolvement: number;
  overTime: boolean;
  intentToStay: number;
  comment?: string | undefined;
};

/** `risk_high`: the retention-risk score rose to the high band (the risk area flags it, DESIGN §4.7). */
export const FLAG_REASONS = ['intent_to_stay_low', 'satisfaction_low', 'dismissal_risk', 'candidate_form_missed', 'risk_high'] as const;
export type FlagReason = (typeof FLAG_REASONS)[number];

/** The retention-intervention task a flag creates is due this many days after the day of the flag. */
export const INTERVENTION_DUE_DAYS = 3;

/** The form's last day: the one definition, shared with the `checkin.open` obligation's payload. */
export const formClosesOn = checkInClosesOn;

/** The day an unanswered form is marked missed: the day after its last day. */
export function formMissedOn(closesOn: CalendarDate): CalendarDate {
  return addDays(closesOn, 1);
}

/** The reminder "closes tomorrow" goes out on the day before the last day; none for a one-day window. */
export function closingReminderOn(opensOn: CalendarDate, closesOn: CalendarDate): CalendarDate | null {
  const on = addDays(closesOn, -1);
  return on > opensOn ? on : null;
}

/** An unanswered form's status on `today`. */
export function unansweredStatusOn(today: CalendarDate, form: { opensOn: CalendarDate; closesOn: CalendarDate }): Exclude<FormStatus, 'answered'> {
  if (today < form.opensOn) return 'scheduled';
  return today <= form.closesOn ? 'open' : 'missed';
}

/** A candidate link works until the form closes: the start of the day after its last day, in the employer's zone. */
export function linkExpiresAt(closesOn: CalendarDate, timeZone: string): Date {
  return startOfDayIn(formMissedOn(closesOn), timeZone);
}

/** Worrying answers (DESIGN §4.5): intent to stay ≤ 2, any satisfaction item at 1, the employer's "risk of dismissal". */
export function worryingReasons(answers: { respondent: 'employer'; answers: EmployerAnswers } | { respondent: 'candidate'; answers: CandidateAnswers }): FlagReason[] {
  if (answers.respondent === 'employer') return answers.answers.dismissalRisk ? ['dismissal_risk'] : [];
  const a = answers.answers;
  const reasons: FlagReason[] = [];
  if (a.intentToStay <= 2) reasons.push('intent_to_stay_low');
  const satisfaction = [a.overallSatisfaction, a.jobSatisfaction, a.environmentSatisfaction, a.relationshipSatisfaction];
  if (satisfaction.some((s) => s === 1)) reasons.push('satisfaction_low');
  return reasons;
}

export function interventionDueOn(flaggedOn: CalendarDate): CalendarDate {
  return addDays(flaggedOn, INTERVENTION_DUE_DAYS);
}

/** The first name shown on the candidate's page: the given name of "Li Ming" or "李明" (a Chinese name: the part after the surname). */
export function firstNameOf(fullName: string): string {
  const name = fullName.trim();
  if (/^[\u4e00-\u9fff]{2,4}$/.test(name)) return name.slice(1);
  return name.split(/\s+/)[0] ?? '';
}
