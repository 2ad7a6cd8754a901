import { addDays, type CalendarDate } from '../platform/calendar-date.ts';

/*
 * Assessment tasks of the manufacturing skill plan (DESIGN §4.11, docs/skill-plan.md). A milestone of the terms
 * (day N, pass score P) opens a task for the placement's assessor on employment day N (start + N − 1). The
 * assessor has ASSESSMENT_WINDOW_DAYS to record the score (its `dueOn` is the last of them); a late score is still
 * taken, and shown as late. A score below P fails the milestone, which the poster may claim as
 * `skill_milestone_failed`.
 */

/** Days the assessor has to record a score, the opening day included. */
export const ASSESSMENT_WINDOW_DAYS = 7;
/** "Due soon" on the workbench: due within this many days from today (overdue ones are listed too). */
export const DUE_SOON_DAYS = 7;

export type MilestoneTerm = { day: number; passScore: number };
export type TaskStatus = 'scheduled' | 'open' | 'overdue' | 'passed' | 'failed';

/** The last day of a task's window: opensOn + ASSESSMENT_WINDOW_DAYS − 1. */
export function assessmentDueOn(opensOn: CalendarDate): CalendarDate {
  return addDays(opensOn, ASSESSMENT_WINDOW_DAYS - 1);
}

export function passes(score: number, passScore: number): boolean {
  return score >= passScore;
}

/** A task as of `today`: scored (passed or failed), or still to do (scheduled before it opens, overdue after its due day). */
export function taskStatusOn(today: CalendarDate, t: { opensOn: CalendarDate; dueOn: CalendarDate; score: number | null; passScore: number }): TaskStatus {
  if (t.score !== null) return passes(t.score, t.passScore) ? 'passed' : 'failed';
  if (today < t.opensOn) return 'scheduled';
  return today > t.dueOn ? 'overdue' : 'open';
}

/** Whether an unscored open task belongs on the workbench's "due soon" list. */
export function isDueSoon(today: CalendarDate, dueOn: CalendarDate): boolean {
  return dueOn <= addDays(today, DUE_SOON_DAYS);
}

/** The milestone the growth curve aims at: the last one of the terms (day 90 in the built-in plan), or null when there is none. */
export function targetMilestone(milestones: readonly MilestoneTerm[]): MilestoneTerm | null {
  let target: MilestoneTerm | null = null;
  for (const m of milestones) if (!target || m.day > target.day) target = m;
  return target;
}

/** A score must be a whole number 0–100 (the assessors' scale). */
export function scoreProblem(score: number): string | null {
  return Number.isInteger(score) && score >= 0 && score <= 100 ? null : 'must be a whole number from 0 to 100';
}
