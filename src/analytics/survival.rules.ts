import { invalidInput } from '../platform/errors.ts';

/**
 * Retention survival curves (DESIGN §4.12): the Kaplan–Meier estimator with right-censoring and Greenwood
 * confidence bands on the log-log scale (Kalbfleisch–Prentice), so the band stays inside [0, 1].
 *
 * An observation is one placement: `time` is the days it has been followed (days served for a departure; days so
 * far, or until the follow-up ended, for one still in post), `departed` whether it ended in a departure (the
 * event) or is censored (still in post, or its follow-up ended for another reason). At a time with both, the
 * departures come first: a placement censored on day t was still at risk on day t.
 */

export interface Observation {
  readonly time: number;
  readonly departed: boolean;
}

export interface SurvivalStep {
  /** A time at which at least one departure or censoring happened. */
  readonly time: number;
  /** Still followed just before `time`. */
  readonly atRisk: number;
  readonly departures: number;
  readonly censored: number;
  /** S(t): the estimated share still in post after `time`. */
  readonly survival: number;
  /** Greenwood's Σ d / (n (n − d)) up to `time`; Var(S) = S² × this. Null once S reaches 0. */
  readonly greenwood: number | null;
  readonly standardError: number | null;
  /** Log-log band at the chosen confidence; both null where S is 0 and the variance is undefined. */
  readonly lower: number | null;
  readonly upper: number | null;
}

export interface SurvivalCurve {
  readonly n: number;
  readonly departures: number;
  readonly confidence: number;
  readonly steps: SurvivalStep[];
  /** The first time S(t) ≤ 0.5; null when the curve never gets there. */
  readonly median: number | null;
}

/** The two-sided standard normal quantile for a confidence level (Acklam's rational approximation, |error| < 1e-9). */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) throw invalidInput('p', 'must be between 0 and 1');
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const [a0, a1, a2, a3, a4, a5] = a as [number, number, number, number, number, number];
  const [b0, b1, b2, b3, b4] = b as [number, number, number, number, number];
  const [c0, c1, c2, c3, c4, c5] = c as [number, number, number, number, number, number];
  const [d0, d1, d2, d3] = d as [number, number, number, number];
  const tail = (q: number) => (((((c0 * q + c1) * q + c2) * q + c3) * q + c4) * q + c5) / ((((d0 * q + d1) * q + d2) * q + d3) * q + 1);
  if (p < 0.02425) return tail(Math.sqrt(-2 * Math.log(p)));
  if (p > 1 - 0.02425) return -tail(Math.sqrt(-2 * Math.log(1 - p)));
  const q = p - 0.5;
  const r = q * q;
  return ((((((a0 * r + a1) * r + a2) * r + a3) * r + a4) * r + a5) * q) / (((((b0 * r + b1) * r + b2) * r + b3) * r + b4) * r + 1);
}

/** The log-log band: θ = log(−log S) ± z·se_θ, se_θ = √greenwood / |log S|; S = 1 gives [1, 1]. */
export function logLogBand(survival: number, greenwood: number, z: number): { lower: number; upper: number } {
  if (survival >= 1) return { lower: 1, upper: 1 };
  const logS = Math.log(survival);
  const se = Math.sqrt(greenwood) / Math.abs(logS);
  return { lower: survival ** Math.exp(z * se), upper: survival ** Math.exp(-z * se) };
}

export function kaplanMeier(observations: readonly Observation[], confidence = 0.95): SurvivalCurve {
  if (!(confidence > 0 && confidence < 1)) throw invalidInput('confidence', 'must be between 0 and 1');
  observations.forEach((o, i) => {
    if (!(Number.isFinite(o.time) && o.time >= 0)) throw invalidInput(`observations[${i}].time`, 'must be a number of days, 0 or more');
  });
  const z = normalQuantile(1 - (1 - confidence) / 2);
  const byTime = new Map<number, { d: number; c: number }>();
  for (const o of observations) {
    const e = byTime.get(o.time) ?? { d: 0, c: 0 };
    if (o.departed) e.d++;
    else e.c++;
    byTime.set(o.time, e);
  }
  const times = [...byTime.keys()].sort((x, y) => x - y);
  let atRisk = observations.length;
  let survival = 1;
  let greenwood: number | null = 0;
  let median: number | null = null;
  const steps: SurvivalStep[] = [];
  for (const time of times) {
    const { d, c } = byTime.get(time) as { d: number; c: number };
    if (d > 0) {
      survival *= (atRisk - d) / atRisk;
      greenwood = greenwood === null || atRisk === d ? null : greenwood + d / (atRisk * (atRisk - d));
    }
    if (median === null && survival <= 0.5) median = time;
    const band = greenwood === null || survival <= 0 ? null : logLogBand(survival, greenwood, z);
    steps.push({
      time,
      atRisk,
      departures: d,
      censored: c,
      survival,
      greenwood: survival <= 0 ? null : greenwood,
      standardError: greenwood === null || survival <= 0 ? null : survival * Math.sqrt(greenwood),
      lower: band?.lower ?? null,
      upper: band?.upper ?? null,
    });
    atRisk -= d + c;
  }
  return { n: observations.length, departures: observations.filter((o) => o.departed).length, confidence, steps, median };
}

/** S(t) read off the curve: the survival after the last step at or before `time` (1 before the first). */
export function survivalAt(curve: SurvivalCurve, time: number): number {
  let s = 1;
  for (const step of curve.steps) {
    if (step.time > time) break;
    s = step.survival;
  }
  return s;
}
