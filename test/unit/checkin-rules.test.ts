import { describe, expect, it } from 'vitest';
import { closingReminderOn, firstNameOf, formClosesOn, formMissedOn, interventionDueOn, linkExpiresAt, unansweredStatusOn, worryingReasons, type CandidateAnswers } from '../../src/aftercare/checkin.rules.ts';
import type { CalendarDate } from '../../src/platform/calendar-date.ts';

const d = (s: string) => s as CalendarDate;
const calm: CandidateAnswers = { overallSatisfaction: 3, jobSatisfaction: 2, environmentSatisfaction: 2, relationshipSatisfaction: 2, workLifeBalance: 1, jobInvolvement: 1, overTime: true, intentToStay: 3 };

describe('check-in windows (DESIGN §4.5)', () => {
  it('a window of 5 days opening on the 6th has its last day on the 10th and is missed on the 11th', () => {
    expect(formClosesOn(d('2026-03-06'), 5)).toBe('2026-03-10');
    expect(formMissedOn(d('2026-03-10'))).toBe('2026-03-11');
    expect(closingReminderOn(d('2026-03-06'), d('2026-03-10'))).toBe('2026-03-09');
  });
  it('a one-day window closes the day it opens and needs no "closes tomorrow" reminder', () => {
    expect(formClosesOn(d('2026-03-06'), 1)).toBe('2026-03-06');
    expect(closingReminderOn(d('2026-03-06'), d('2026-03-06'))).toBeNull();
    expect(closingReminderOn(d('2026-03-06'), d('2026-03-07'))).toBeNull();
  });
  it('is scheduled before it opens, open through its last day, missed after', () => {
    const f = { opensOn: d('2026-03-06'), closesOn: d('2026-03-10') };
    expect(unansweredStatusOn(d('2026-03-05'), f)).toBe('scheduled');
    expect(unansweredStatusOn(d('2026-03-06'), f)).toBe('open');
    expect(unansweredStatusOn(d('2026-03-10'), f)).toBe('open');
    expect(unansweredStatusOn(d('2026-03-11'), f)).toBe('missed');
  });
  it("a link expires when the employer's day after the last day begins", () => {
    expect(linkExpiresAt(d('2026-03-10'), 'Asia/Shanghai').toISOString()).toBe('2026-03-10T16:00:00.000Z');
    expect(linkExpiresAt(d('2026-03-10'), 'Europe/London').toISOString()).toBe('2026-03-11T00:00:00.000Z');
  });
  it('the intervention task is due 3 days after the flag', () => {
    expect(interventionDueOn(d('2026-12-30'))).toBe('2027-01-02');
  });
});

describe('worrying answers', () => {
  it('work-life balance and involvement at 1 are not satisfaction items; intent 3 is not low', () => {
    expect(worryingReasons({ respondent: 'candidate', answers: calm })).toEqual([]);
  });
  it('intent to stay 2 or less', () => {
    expect(worryingReasons({ respondent: 'candidate', answers: { ...calm, intentToStay: 2 } })).toEqual(['intent_to_stay_low']);
    expect(worryingReasons({ respondent: 'candidate', answers: { ...calm, intentToStay: 1 } })).toEqual(['intent_to_stay_low']);
  });
  it.each(['overallSatisfaction', 'jobSatisfaction', 'environmentSatisfaction', 'relationshipSatisfaction'] as const)('%s at 1', (item) => {
    expect(worryingReasons({ respondent: 'candidate', answers: { ...calm, [item]: 1 } })).toEqual(['satisfaction_low']);
  });
  it('both reasons at once, in order', () => {
    expect(worryingReasons({ respondent: 'candidate', answers: { ...calm, intentToStay: 1, overallSatisfaction: 1 } })).toEqual(['intent_to_stay_low', 'satisfaction_low']);
  });
  it("the employer's risk of dismissal, whatever the scores", () => {
    expect(worryingReasons({ respondent: 'employer', answers: { performance: 5, teamFit: 5, dismissalRisk: true } })).toEqual(['dismissal_risk']);
    expect(worryingReasons({ respondent: 'employer', answers: { performance: 1, teamFit: 1, dismissalRisk: false } })).toEqual([]);
  });
});

describe('the first name shown on the candidate page', () => {
  it.each([
    ['王小明', '小明'],
    ['李明', '明'],
    ['Li Ming', 'Li'],
    ['  Anna  Smith ', 'Anna'],
  ])('%s → %s', (full, first) => expect(firstNameOf(full)).toBe(first));
});
