import { isPosterRole } from '../identity/roles.rules.ts';
import type { Actor } from '../platform/auth/actor.ts';
import { DomainError, forbidden } from '../platform/errors.ts';

/**
 * Background checks (DESIGN §4.11; docs/integrations.md). Pure.
 *
 * - At offer: the poster orders a check of a submission's candidate once the submission is `offered`.
 * - Re-verification: after hire, for a placement whose signed terms offer it for the job's level
 *   (`backgroundChecks.reverificationLevels`, e.g. ["manager", "director", "executive"]) and that is not over.
 * - One check of a kind at a time: while one is requested or in progress, another order is a conflict.
 * - Who reads them: the poster's people and the delivering consultant — nobody else (not the agency's other
 *   people, not platform operations: a check's result is the candidate's personal data, shared for this hire).
 */

export const CHECK_STAGES = ['offer', 'reverification'] as const;
export type CheckStage = (typeof CHECK_STAGES)[number];
export const CHECK_OUTCOMES = ['clear', 'discrepancies', 'failed'] as const;
export type CheckOutcome = (typeof CHECK_OUTCOMES)[number];
/** What a discrepancy is about (codes the web app labels; a provider's own words go in `note`). */
export const CHECK_ITEM_CODES = ['identity', 'education', 'employment_history', 'criminal_record', 'professional_license', 'credit', 'other'] as const;
export type CheckItemCode = (typeof CHECK_ITEM_CODES)[number];

export type CheckParties = { posterOrgId: string; consultantId: string };

export function canReadCheck(actor: Actor, p: CheckParties): boolean {
  if (actor.orgId === p.posterOrgId && isPosterRole(actor.role)) return true;
  return actor.role === 'consultant' && actor.userId === p.consultantId;
}

/** Only the poster's people order (the poster pays for the check). */
export function assertMayOrder(actor: Actor, p: CheckParties): void {
  if (!(actor.orgId === p.posterOrgId && isPosterRole(actor.role))) throw forbidden('only the poster orders a background check');
}

/** A check at offer needs the submission at `offered`. */
export function assertOfferStage(stage: string): void {
  if (stage !== 'offered') throw new DomainError('invalid_transition', `a background check at offer needs the submission offered (it is ${stage})`, { field: 'stage', from: stage });
}

const ENDED_PLACEMENT = new Set(['replaced', 'refunded', 'closed']);

type ReverificationFacts = { status: string; level: string; reverificationLevels: readonly string[] | undefined };

/** Whether the placement's signed terms offer a re-verification for the job's level (whatever its status). */
export const reverificationInTerms = (p: Pick<ReverificationFacts, 'level' | 'reverificationLevels'>): boolean => p.reverificationLevels?.includes(p.level) ?? false;

/** A re-verification needs the placement in service and its terms offering one for the job's level. */
export function assertReverification(p: ReverificationFacts): void {
  if (ENDED_PLACEMENT.has(p.status)) throw new DomainError('invalid_transition', `the placement is ${p.status}: no re-verification`, { field: 'placementId' });
  if (!reverificationInTerms(p)) {
    throw new DomainError('invalid_transition', `the placement's terms offer no re-verification for level ${p.level}`, { field: 'placementId', reason: 'not_in_terms' });
  }
}

/** One of a kind at a time. */
export function assertNoneOpen(existing: readonly { stage: CheckStage; status: string }[], stage: CheckStage): void {
  if (existing.some((c) => c.stage === stage && c.status !== 'completed')) throw new DomainError('conflict', `a background check (${stage}) is already in progress`, { field: 'stage' });
}

export type ResultInput = { outcome: CheckOutcome; items: { code: CheckItemCode; note?: string | undefined }[] };

/** A result is consistent: discrepancies name at least one item; clear names none. */
export function checkResult(r: ResultInput): void {
  if (r.outcome === 'discrepancies' && r.items.length === 0) throw new DomainError('invalid_input', 'items: discrepancies need at least one item', { field: 'items' });
  if (r.outcome === 'clear' && r.items.length > 0) throw new DomainError('invalid_input', 'items: a clear result has no items', { field: 'items' });
}
