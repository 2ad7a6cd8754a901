import { recordSystem } from '../platform/audit/record.ts';
import { inTransaction, type Tx } from '../platform/db/database.ts';
import type { RatingCountersTable } from '../platform/db/schema.ts';
import type { AppDeps } from '../platform/deps.ts';
import { corrections, type Correction } from './outcome.rules.ts';
import { METRICS } from './score.rules.ts';
import * as store from './store.ts';

/**
 * `npx tenure ratings recompute` (docs/ratings.md): every consultant's and agency's running sums, and the
 * platform's, set again from the outcome rows they sum — after a restore, an import of past outcomes, or to check
 * that nothing drifted. One transaction per subject (lock its sums, read its outcomes, write the difference and its
 * audit event); idempotent: a second run finds nothing to correct and records only its run.
 */
export type RecomputeResult = { consultants: number; agencies: number; corrected: number; platformCorrected: number };
export type RecomputeProgress = (done: number, total: number) => void;

export async function recomputeRatings(deps: AppDeps, progress: RecomputeProgress = () => {}): Promise<RecomputeResult> {
  const subjects = await store.ratedSubjects(deps.db);
  // Consultants, then agencies: each one transaction, audited when something was corrected.
  const rated: RatedSubject[] = [
    ...subjects.consultants.map((c) => ({ scope: 'consultant' as const, id: c.id, agencyOrgId: c.agencyOrgId })),
    ...subjects.agencies.map((id) => ({ scope: 'agency' as const, id, agencyOrgId: null })),
  ];
  const total = rated.length + 1;
  let done = 0;
  let corrected = 0;
  for (const subject of rated) {
    if (await inTransaction(deps.db, (tx) => recomputeSubject(tx, deps, subject))) corrected++;
    progress(++done, total);
  }
  const platformCorrected = await inTransaction(deps.db, async (tx) => {
    const changes = await recomputeScope(tx, deps, 'platform', 'all', null);
    const run = { consultants: subjects.consultants.length, agencies: subjects.agencies.length, corrected, platformCorrected: changes };
    await recordSystem(tx, deps.clock.now(), { type: 'rating.recompute_run', subjectType: 'platform', subjectId: 'ratings', orgId: null, payload: run });
    return changes.length;
  });
  progress(++done, total);
  return { consultants: subjects.consultants.length, agencies: subjects.agencies.length, corrected, platformCorrected };
}

type RatedSubject = { scope: 'consultant'; id: string; agencyOrgId: string } | { scope: 'agency'; id: string; agencyOrgId: null };

/** One consultant or agency set again from its outcomes, with its audit event when something changed. */
async function recomputeSubject(tx: Tx, deps: AppDeps, s: RatedSubject): Promise<boolean> {
  const changes = await recomputeScope(tx, deps, s.scope, s.id, s.agencyOrgId);
  if (changes.length === 0) return false;
  const at = deps.clock.now();
  if (s.scope === 'consultant') {
    await recordSystem(tx, at, { type: 'rating.consultant_recomputed', subjectType: 'user', subjectId: s.id, orgId: s.agencyOrgId, payload: { agencyOrgId: s.agencyOrgId, corrected: changes } });
  } else {
    await recordSystem(tx, at, { type: 'rating.agency_recomputed', subjectType: 'org', subjectId: s.id, orgId: s.id, payload: { corrected: changes } });
  }
  return true;
}

/** Lock, then compare, then write: the scope's sums locked first, its outcomes read after, only differences written. */
async function recomputeScope(tx: Tx, deps: AppDeps, scope: RatingCountersTable['scope'], scopeId: string, agencyOrgId: string | null): Promise<Correction[]> {
  const counters = await store.lockCounters(tx, deps.dialect, scope, scopeId);
  const sums = await store.outcomeSums(tx, scope, scopeId);
  const changes = corrections(counters, sums, METRICS);
  for (const c of changes) await store.setCounter(tx, { scope, scopeId, agencyOrgId, metric: c.metric, successesQ: c.successesQ, trials: c.trials });
  return changes;
}
