import { POSTER_ROLES } from '../marketplace/job-order.rules.ts';
import type { Actor } from '../platform/auth/actor.ts';
import type { SubmissionStage } from '../platform/db/schema.ts';
import { DomainError, forbidden, invalidInput } from '../platform/errors.ts';

/**
 * A submission's pipeline (DESIGN §4.4): submitted → screening → interviewing → offered → hired, or
 * rejected / withdrawn from any stage that is not final.
 *
 * Decided here:
 * - forward moves may skip stages (submitted → interviewing is common: the poster screens by reading
 *   the profile), but `hired` comes only after `offered`: nobody is hired without an offer on record;
 * - no move goes backwards, none leaves a final stage (hired, rejected, withdrawn), none stays in place;
 * - the poster's people make every move but `withdrawn`, which is the deliverer's (the consultant who
 *   submitted, or its agency's admin) — a party asking for the other party's move is `forbidden`;
 *   a move nobody may make is `invalid_transition` (409), naming from and to;
 * - moving to `hired` needs the start date and the annual salary; no other move takes them.
 */
export const STAGES = ['submitted', 'screening', 'interviewing', 'offered', 'hired', 'rejected', 'withdrawn'] as const satisfies readonly SubmissionStage[];
export const PIPELINE: readonly SubmissionStage[] = ['submitted', 'screening', 'interviewing', 'offered', 'hired'];
export const FINAL_STAGES: readonly SubmissionStage[] = ['hired', 'rejected', 'withdrawn'];

export type Side = 'poster' | 'deliverer';

export type SubmissionParties = { posterOrgId: string; agencyOrgId: string; consultantId: string };

/** Which sides of a submission the actor acts for (possibly none, possibly both when an agency posts and delivers). */
export function sidesOf(actor: Actor, s: SubmissionParties): Side[] {
  const sides: Side[] = [];
  // The poster's people are those who post its orders (marketplace's rule): employers, or an agency admin posting for a client.
  if (actor.orgId === s.posterOrgId && POSTER_ROLES.includes(actor.role)) sides.push('poster');
  if (actor.userId === s.consultantId || (actor.orgId === s.agencyOrgId && actor.role === 'agency_admin')) sides.push('deliverer');
  return sides;
}

/** Who sees a submission: both sides, and platform ops. */
export function canSeeSubmission(actor: Actor, s: SubmissionParties): boolean {
  return actor.role === 'platform_ops' || sidesOf(actor, s).length > 0;
}

export const isFinal = (stage: SubmissionStage): boolean => FINAL_STAGES.includes(stage);

/** Whether any party may ever move `from` → `to`. */
export function isValidMove(from: SubmissionStage, to: SubmissionStage): boolean {
  if (isFinal(from) || from === to) return false;
  if (to === 'rejected' || to === 'withdrawn') return true;
  if (to === 'hired') return from === 'offered';
  return PIPELINE.indexOf(to) > PIPELINE.indexOf(from);
}

/** Which side makes a (valid) move. */
export const sideOfMove = (to: SubmissionStage): Side => (to === 'withdrawn' ? 'deliverer' : 'poster');

/** The moves the actor may make from `from` (what the UI offers). */
export function movesFor(from: SubmissionStage, sides: readonly Side[]): SubmissionStage[] {
  return STAGES.filter((to) => isValidMove(from, to) && sides.includes(sideOfMove(to)));
}

/** `confirmOutsideRange`: the poster confirms a salary outside the order's range (else the hire is refused). */
export type HireInput = { startDate: string; annualSalary: string; confirmOutsideRange?: boolean | undefined };

/** Refuses a move, or returns nothing when the actor may make it. */
export function checkMove(from: SubmissionStage, to: SubmissionStage, sides: readonly Side[], hire: HireInput | undefined): void {
  if (!isValidMove(from, to)) {
    const why = isFinal(from)
      ? `${from} is final`
      : from === to
        ? `the submission is already ${from}`
        : to === 'hired'
          ? 'a candidate is hired only after an offer (offered → hired)'
          : 'the pipeline only moves forward';
    throw new DomainError('invalid_transition', `cannot move a submission from ${from} to ${to}: ${why}`, { from, to });
  }
  const side = sideOfMove(to);
  if (!sides.includes(side)) {
    throw forbidden(
      side === 'deliverer'
        ? `only the consultant who submitted the candidate (or its agency's admin) withdraws it (${from} → ${to})`
        : `only the poster of the order moves a submission from ${from} to ${to}`,
    );
  }
  if (to === 'hired' && !hire) throw invalidInput('hire', 'start date and annual salary are required to move a candidate to hired');
  if (to !== 'hired' && hire) throw invalidInput('hire', `is only given when moving to hired, not to ${to}`);
}
