import { invalidInput } from '../platform/errors.ts';

/**
 * Consultant and agency ratings from outcomes, not stars (DESIGN §4.9).
 *
 * Each metric is a rate of successes in trials: guarantees passed, placements still in post at day 180,
 * placements without a covered claim, disputes not lost, obligations met on time (check-ins, tasks,
 * replacements), and employer satisfaction (an answer on a 1–N scale counts as (answer − 1) / (N − 1) of a
 * success). Small samples are shrunk toward the platform mean with a Beta prior of `k` pseudo-trials:
 * shrunk = (successes + k · mean) / (trials + k), so three perfect placements do not outrank three hundred good
 * ones. What is not the consultant's doing never counts against it: a departure for an excluded reason (a layoff,
 * the employer's breach) leaves the guarantee and retention metrics untouched, and a claim rejected or
 * overturned in the consultant's favour is no claim.
 */

export const METRICS = ['guaranteePass', 'retention180', 'claimFree', 'disputesNotLost', 'onTime', 'satisfaction'] as const;
export type Metric = (typeof METRICS)[number];

/** One outcome as the areas that own it report it; `tallyOutcomes` applies the exclusions. */
export type Outcome =
  | { kind: 'guarantee'; result: 'passed' | 'failed' | 'departed_excluded_reason' }
  | { kind: 'retention180'; result: 'in_post' | 'departed' | 'departed_excluded_reason' }
  | { kind: 'claim'; result: 'none' | 'covered' | 'rejected' | 'overturned_in_favour' | 'excluded_reason' }
  | { kind: 'dispute'; result: 'won' | 'lost' | 'adjusted' }
  | { kind: 'obligation'; onTime: boolean }
  | { kind: 'satisfaction'; answer: number; scale: number };

export interface Tally {
  readonly successes: number;
  readonly trials: number;
}
export type Tallies = Record<Metric, Tally>;

const empty = (): Record<Metric, { successes: number; trials: number }> =>
  Object.fromEntries(METRICS.map((m) => [m, { successes: 0, trials: 0 }])) as Record<Metric, { successes: number; trials: number }>;

/** Counts outcomes into metrics; what is not the consultant's doing is left out (or counts as no claim). */
export function tallyOutcomes(outcomes: readonly Outcome[]): Tallies {
  const t = empty();
  const add = (m: Metric, success: number) => {
    t[m].successes += success;
    t[m].trials += 1;
  };
  outcomes.forEach((o, i) => {
    switch (o.kind) {
      case 'guarantee':
        if (o.result !== 'departed_excluded_reason') add('guaranteePass', o.result === 'passed' ? 1 : 0);
        break;
      case 'retention180':
        if (o.result !== 'departed_excluded_reason') add('retention180', o.result === 'in_post' ? 1 : 0);
        break;
      case 'claim':
        // A rejected claim, one overturned in the consultant's favour, or one for an excluded reason is no claim.
        add('claimFree', o.result === 'covered' ? 0 : 1);
        break;
      case 'dispute':
        // An adjusted decision is half a loss: the consultant was partly right.
        add('disputesNotLost', o.result === 'won' ? 1 : o.result === 'adjusted' ? 0.5 : 0);
        break;
      case 'obligation':
        add('onTime', o.onTime ? 1 : 0);
        break;
      case 'satisfaction':
        if (!(Number.isInteger(o.scale) && o.scale >= 2 && Number.isInteger(o.answer) && o.answer >= 1 && o.answer <= o.scale)) {
          throw invalidInput(`outcomes[${i}].answer`, 'must be a whole number from 1 to the scale');
        }
        add('satisfaction', (o.answer - 1) / (o.scale - 1));
        break;
    }
  });
  return t;
}

/** Adds tallies (an agency's are the sum of its consultants'; the platform's the sum of all). */
export function sumTallies(all: readonly Tallies[]): Tallies {
  const t = empty();
  for (const x of all) {
    for (const m of METRICS) {
      t[m].successes += x[m].successes;
      t[m].trials += x[m].trials;
    }
  }
  return t;
}

export interface RatingConfig {
  /** Pseudo-trials of the Beta prior per metric: how many real outcomes it takes to weigh as much as the mean. */
  readonly priorTrials: Record<Metric, number>;
  /** Weights of the metrics in the score (normalized over the metrics). */
  readonly weights: Record<Metric, number>;
  /**
   * Tier thresholds in score points (0–100) relative to the platform's score: at or above `S` is S, at or above
   * `A` is A, at or above `B` is B, below is C. `A` > 0 ≥ `B`, so the platform mean — a newcomer's score — is B.
   */
  readonly tiers: { S: number; A: number; B: number };
}

export const DEFAULT_RATING_CONFIG: RatingConfig = {
  priorTrials: { guaranteePass: 20, retention180: 20, claimFree: 20, disputesNotLost: 5, onTime: 30, satisfaction: 10 },
  weights: { guaranteePass: 0.3, retention180: 0.25, claimFree: 0.15, disputesNotLost: 0.1, onTime: 0.1, satisfaction: 0.1 },
  tiers: { S: 6, A: 2, B: -4 },
};

export function checkRatingConfig(c: RatingConfig): RatingConfig {
  for (const m of METRICS) {
    if (!(Number.isFinite(c.priorTrials[m]) && c.priorTrials[m] > 0)) throw invalidInput(`priorTrials.${m}`, 'must be above 0');
    if (!(Number.isFinite(c.weights[m]) && c.weights[m] >= 0)) throw invalidInput(`weights.${m}`, 'must be 0 or more');
  }
  if (!(METRICS.reduce((s, m) => s + c.weights[m], 0) > 0)) throw invalidInput('weights', 'at least one must be above 0');
  const { S, A, B } = c.tiers;
  if (!(S > A)) throw invalidInput('tiers.S', 'must be above the A threshold');
  if (!(A > 0)) throw invalidInput('tiers.A', 'must be above 0 (the platform mean is tier B)');
  if (!(B <= 0)) throw invalidInput('tiers.B', 'must be 0 or below (the platform mean is tier B)');
  return c;
}

/** The platform mean of each metric; a metric nobody has any outcome for yet counts as 1 (nothing went wrong). */
export function platformMeans(platform: Tallies): Record<Metric, number> {
  return Object.fromEntries(METRICS.map((m) => [m, platform[m].trials > 0 ? platform[m].successes / platform[m].trials : 1])) as Record<
    Metric,
    number
  >;
}

export interface MetricRating {
  readonly metric: Metric;
  /** The observed rate; null with no outcome yet. */
  readonly raw: number | null;
  /** Shrunk toward the platform mean. */
  readonly shrunk: number;
  readonly successes: number;
  readonly trials: number;
}
export type Tier = 'S' | 'A' | 'B' | 'C';
export interface Rating {
  readonly metrics: MetricRating[];
  /** 0–100: the weighted mean of the shrunk metrics. */
  readonly score: number;
  /** The same for the platform mean (what a newcomer gets). */
  readonly platformScore: number;
  readonly tier: Tier;
  /** Outcomes behind the score (the trials of every metric together), shown beside it. */
  readonly sampleSize: number;
}

/** Beta-prior shrinkage: the posterior mean with `k` pseudo-trials at the platform mean. */
export function shrink(t: Tally, mean: number, k: number): number {
  return (t.successes + k * mean) / (t.trials + k);
}

export function tierOf(score: number, platformScore: number, tiers: RatingConfig['tiers']): Tier {
  const d = score - platformScore;
  // A hair of rounding must not move the platform mean itself out of B.
  const eps = 1e-9;
  if (d >= tiers.S - eps) return 'S';
  if (d >= tiers.A - eps) return 'A';
  if (d >= tiers.B - eps) return 'B';
  return 'C';
}

export function rate(own: Tallies, platform: Tallies, config: RatingConfig = DEFAULT_RATING_CONFIG): Rating {
  const c = checkRatingConfig(config);
  const means = platformMeans(platform);
  const totalWeight = METRICS.reduce((s, m) => s + c.weights[m], 0);
  const metrics = METRICS.map((metric) => ({
    metric,
    raw: own[metric].trials > 0 ? own[metric].successes / own[metric].trials : null,
    shrunk: shrink(own[metric], means[metric], c.priorTrials[metric]),
    successes: own[metric].successes,
    trials: own[metric].trials,
  }));
  const score = (100 * metrics.reduce((s, m) => s + c.weights[m.metric] * m.shrunk, 0)) / totalWeight;
  const platformScore = (100 * METRICS.reduce((s, m) => s + c.weights[m] * means[m], 0)) / totalWeight;
  return {
    metrics,
    score,
    platformScore,
    tier: tierOf(score, platformScore, c.tiers),
    sampleSize: metrics.reduce((s, m) => s + m.trials, 0),
  };
}
