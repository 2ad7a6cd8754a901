/*
 * The capability growth curve of a manufacturing skill plan (DESIGN §4.11, docs/skill-plan.md): a least-squares
 * straight line through the assessor's scores over the days of employment, its uncertainty, and what it says of
 * the last milestone (day 90 in the built-in plan): the projected score and the probability it clears that
 * milestone's pass score. Pure: numbers in, numbers out.
 *
 * The model. Score y at employment day x: y = a + b·x + e, e ~ N(0, σ²), independent.
 * - a, b: ordinary least squares over the n scores (n ≥ 2 on at least two different days).
 * - σ: three scores leave one degree of freedom, two leave none (the line passes through both points, the
 *   residuals are 0 and say nothing of the noise). So σ² is pooled with a prior: s² = (SSR + ν₀·σ₀²) / (n − 2 + ν₀),
 *   σ₀ = PRIOR_RESIDUAL_SD points (how far one assessment strays from a person's trend), weighed as ν₀ =
 *   PRIOR_DEGREES observations. With two scores s = σ₀ exactly: the curve says so (`residualSdFrom: 'prior'`).
 * - The day-x₀ score is a new observation: its standard error is s·√(1 + 1/n + (x₀ − x̄)²/Sxx) (the prediction's,
 *   not the line's), so far-off days and few points widen it.
 * - P(score ≥ T) = 1 − Φ((T − ŷ) / se), the normal approximation (documented: with so few points Student's t
 *   would be wider still; the prior on σ is what keeps two points from looking certain).
 * - "Unlikely" is a probability below 1/3 (the IPCC's word for 0–33 %): then both sides are warned.
 * - The chart's band is the 80 % prediction band, ŷ ± 1.2816·se, clipped to the 0–100 scale.
 */

export type ScorePoint = { day: number; score: number };

/** How far one assessment strays from a person's trend, in points out of 100 (the prior of σ). */
export const PRIOR_RESIDUAL_SD = 6;
/** How many observations the prior of σ weighs. */
export const PRIOR_DEGREES = 2;
/** Below this probability of clearing the last milestone, meeting it is "unlikely" and both sides are warned. */
export const UNLIKELY_BELOW = 1 / 3;
/** z of the 80 % two-sided band drawn around the trend. */
export const BAND_Z = 1.2815515655446004;

export type Trend = {
  slope: number;
  intercept: number;
  /** s, the residual standard deviation used for every standard error. */
  residualSd: number;
  /** `prior`: two scores, whose residuals are all 0, so s is the prior's; `pooled`: the residuals and the prior. */
  residualSdFrom: 'prior' | 'pooled';
  n: number;
  meanDay: number;
  /** Σ(x − x̄)². */
  sxx: number;
};

export type Projection = {
  day: number;
  /** The trend's value at `day`, clipped to 0–100. */
  score: number;
  standardError: number;
  low: number;
  high: number;
  /** P(score at `day` ≥ threshold). */
  probability: number;
  unlikely: boolean;
};

export type BandPoint = { day: number; fit: number; low: number; high: number };

export type GrowthCurve = {
  points: ScorePoint[];
  targetDay: number;
  threshold: number;
  /**
   * `no_scores` / `one_score`: no trend yet (a line needs two days); `projected`: the target day is ahead, its
   * score projected; `measured`: the target day was scored, so that score is the answer.
   */
  status: 'no_scores' | 'one_score' | 'projected' | 'measured';
  trend: Trend | null;
  projection: Projection | null;
  measured: { score: number; passed: boolean } | null;
  band: BandPoint[];
};

const clip = (v: number): number => Math.min(100, Math.max(0, v));

/**
 * Φ, the standard normal distribution function, through erf (Abramowitz & Stegun 7.1.26: |error| < 1.5e−7,
 * plenty for a probability shown to three decimals).
 */
export function normalCdf(z: number): number {
  if (z === Infinity) return 1;
  if (z === -Infinity) return 0;
  // The approximation is 1e−9 off at 0; Φ(0) is exactly one half, and Φ(z) + Φ(−z) = 1 must hold there too.
  if (z === 0) return 0.5;
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const erf = 1 - poly * Math.exp(-x * x);
  return z >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
}

/** The least-squares line through the points, or null when they lie on fewer than two different days. */
export function fitTrend(points: readonly ScorePoint[]): Trend | null {
  const n = points.length;
  if (n < 2) return null;
  const meanDay = points.reduce((s, p) => s + p.day, 0) / n;
  const meanScore = points.reduce((s, p) => s + p.score, 0) / n;
  let sxx = 0;
  let sxy = 0;
  for (const p of points) {
    sxx += (p.day - meanDay) ** 2;
    sxy += (p.day - meanDay) * (p.score - meanScore);
  }
  if (sxx === 0) return null;
  const slope = sxy / sxx;
  const intercept = meanScore - slope * meanDay;
  const ssr = points.reduce((s, p) => s + (p.score - intercept - slope * p.day) ** 2, 0);
  const residualSd = Math.sqrt((ssr + PRIOR_DEGREES * PRIOR_RESIDUAL_SD ** 2) / (n - 2 + PRIOR_DEGREES));
  return { slope, intercept, residualSd, residualSdFrom: n === 2 ? 'prior' : 'pooled', n, meanDay, sxx };
}

/** The standard error of a new score at `day` (the prediction's, not the line's). */
export function predictionStandardError(trend: Trend, day: number): number {
  return trend.residualSd * Math.sqrt(1 + 1 / trend.n + (day - trend.meanDay) ** 2 / trend.sxx);
}

/** P(a new score at `day` ≥ threshold) under the trend. A threshold of 0 is always cleared. */
export function probabilityAtLeast(trend: Trend, day: number, threshold: number): number {
  if (threshold <= 0) return 1;
  const fit = trend.intercept + trend.slope * day;
  return 1 - normalCdf((threshold - fit) / predictionStandardError(trend, day));
}

function bandAt(trend: Trend, day: number): BandPoint {
  const raw = trend.intercept + trend.slope * day;
  const half = BAND_Z * predictionStandardError(trend, day);
  return { day, fit: clip(raw), low: clip(raw - half), high: clip(raw + half) };
}

/**
 * The curve of a placement's scores toward its last milestone (`targetDay`, pass score `threshold`). Points on
 * the same day are all used (two assessors, a re-test); the order of the points does not matter. The band runs
 * from day 1 to the target day, one point every `step` days and at each scored day.
 */
export function growthCurve(points: readonly ScorePoint[], target: { day: number; threshold: number }, step = 5): GrowthCurve {
  const sorted = [...points].sort((p, q) => p.day - q.day || p.score - q.score);
  const base = { points: sorted, targetDay: target.day, threshold: target.threshold };
  const atTarget = sorted.filter((p) => p.day === target.day);
  // The last one recorded on the target day is not knowable here; with two on that day the lower one decides (conservative).
  const measured = atTarget.length > 0 ? { score: atTarget[0]!.score, passed: atTarget[0]!.score >= target.threshold } : null;
  const trend = fitTrend(sorted);
  if (!trend) {
    return { ...base, status: measured ? 'measured' : sorted.length === 0 ? 'no_scores' : 'one_score', trend: null, projection: null, measured, band: [] };
  }
  const days = new Set<number>(sorted.map((p) => p.day));
  for (let d = 1; d < target.day; d += Math.max(1, step)) days.add(d);
  days.add(target.day);
  const band = [...days].filter((d) => d >= 1 && d <= Math.max(target.day, sorted[sorted.length - 1]!.day)).sort((a, b) => a - b).map((d) => bandAt(trend, d));
  if (measured) return { ...base, status: 'measured', trend, projection: null, measured, band };
  const at = bandAt(trend, target.day);
  const probability = probabilityAtLeast(trend, target.day, target.threshold);
  return {
    ...base,
    status: 'projected',
    trend,
    projection: { day: target.day, score: at.fit, standardError: predictionStandardError(trend, target.day), low: at.low, high: at.high, probability, unlikely: probability < UNLIKELY_BELOW },
    measured: null,
    band,
  };
}

/** Whether a newly recorded score should warn both sides: the target still ahead, and clearing it unlikely. */
export function warrantsWarning(curve: GrowthCurve): boolean {
  return curve.status === 'projected' && curve.projection !== null && curve.projection.unlikely;
}
