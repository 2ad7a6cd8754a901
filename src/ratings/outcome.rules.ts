import type { Metric, Outcome } from './score.rules.ts';

/**
 * What one recorded event counts for a consultant's rating (DESIGN §4.9): pure, from the facts the outcome
 * listener read. Each count has a key naming what it is about, so a later decision on the same thing (a claim's
 * rejection overturned, a task done late after it went overdue) replaces the earlier count instead of adding one.
 *
 * Successes are in quarters (see store.ts); `trials: 0` marks a thing seen but not counted (a departure for a
 * reason that is not the consultant's doing), so a later count for the same key does not count it either.
 */
/** The quarters and trials of one outcome, by the exclusions of score.rules.ts (tallyOutcomes is the reference). */
export function countOf(o: Outcome): { metric: Metric; successesQ: number; trials: number } | null {
  switch (o.kind) {
    case 'guarantee':
      return o.result === 'departed_excluded_reason' ? { metric: 'guaranteePass', successesQ: 0, trials: 0 } : { metric: 'guaranteePass', successesQ: o.result === 'passed' ? 4 : 0, trials: 1 };
    case 'retention180':
      return o.result === 'departed_excluded_reason' ? { metric: 'retention180', successesQ: 0, trials: 0 } : { metric: 'retention180', successesQ: o.result === 'in_post' ? 4 : 0, trials: 1 };
    case 'claim':
      return { metric: 'claimFree', successesQ: o.result === 'covered' ? 0 : 4, trials: 1 };
    case 'dispute':
      return { metric: 'disputesNotLost', successesQ: o.result === 'won' ? 4 : o.result === 'adjusted' ? 2 : 0, trials: 1 };
    case 'obligation':
      return { metric: 'onTime', successesQ: o.onTime ? 4 : 0, trials: 1 };
    case 'satisfaction': {
      if (!(o.scale === 5 && Number.isInteger(o.answer) && o.answer >= 1 && o.answer <= 5)) return null;
      // (answer − 1) / 4 of a success: exactly answer − 1 quarters on the employer's 1–5 scale.
      return { metric: 'satisfaction', successesQ: o.answer - 1, trials: 1 };
    }
  }
}

/** The side that raised a dispute, and its outcome → the delivering consultant won, lost, or half. */
export function disputeResultForDeliverer(raisedBy: 'poster' | 'deliverer', outcome: string): 'won' | 'lost' | 'adjusted' | null {
  if (outcome === 'adjust') return 'adjusted';
  if (outcome === 'uphold') return raisedBy === 'deliverer' ? 'lost' : 'won';
  if (outcome === 'overturn') return raisedBy === 'deliverer' ? 'won' : 'lost';
  return null;
}

/**
 * How a count changes the running sums: the difference from what the same key counted before (nothing new
 * when it is the same; the old count taken back and the new one added when the decision changed).
 */
export function delta(previous: { metric: Metric; successesQ: number; trials: number } | undefined, next: { metric: Metric; successesQ: number; trials: number }): { metric: Metric; dq: number; dt: number }[] {
  if (previous === undefined) return next.trials === 0 && next.successesQ === 0 ? [] : [{ metric: next.metric, dq: next.successesQ, dt: next.trials }];
  if (previous.metric === next.metric) {
    const dq = next.successesQ - previous.successesQ;
    const dt = next.trials - previous.trials;
    return dq === 0 && dt === 0 ? [] : [{ metric: next.metric, dq, dt }];
  }
  return [
    { metric: previous.metric, dq: -previous.successesQ, dt: -previous.trials },
    { metric: next.metric, dq: next.successesQ, dt: next.trials },
  ].filter((d) => d.dq !== 0 || d.dt !== 0);
}

/** The day a placement's 180-day retention is judged: start + 180 (DESIGN §4.9). */
export const RETENTION_DAYS = 180;

export type Counts = { successesQ: number; trials: number };
export type Correction = { metric: Metric; successesQ: number; trials: number; wasSuccessesQ: number; wasTrials: number };

/**
 * What a recomputation corrects (`ratings recompute`): each metric whose running sum differs from the sum of its
 * outcome rows, set to the outcomes' sum; a metric absent on either side counts as zero. None when they agree,
 * so a second run changes nothing.
 */
export function corrections(counters: ReadonlyMap<Metric, Counts>, outcomes: ReadonlyMap<Metric, Counts>, metrics: readonly Metric[]): Correction[] {
  const out: Correction[] = [];
  for (const metric of metrics) {
    const was = counters.get(metric) ?? { successesQ: 0, trials: 0 };
    const now = outcomes.get(metric) ?? { successesQ: 0, trials: 0 };
    if (was.successesQ !== now.successesQ || was.trials !== now.trials) out.push({ metric, successesQ: now.successesQ, trials: now.trials, wasSuccessesQ: was.successesQ, wasTrials: was.trials });
  }
  return out;
}
