import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  BAND_Z,
  fitTrend,
  growthCurve,
  normalCdf,
  predictionStandardError,
  PRIOR_DEGREES,
  PRIOR_RESIDUAL_SD,
  probabilityAtLeast,
  UNLIKELY_BELOW,
  warrantsWarning,
  type ScorePoint,
} from '../../src/assessments/growth-curve.rules.ts';
import { assessmentDueOn, isDueSoon, scoreProblem, targetMilestone, taskStatusOn } from '../../src/assessments/assessment.rules.ts';
import type { CalendarDate } from '../../src/platform/calendar-date.ts';

const d = (s: string) => s as CalendarDate;

const DAY_90 = { day: 90, threshold: 80 };

describe('normalCdf', () => {
  it('has the textbook values', () => {
    expect(normalCdf(0)).toBeCloseTo(0.5, 7);
    expect(normalCdf(1.959964)).toBeCloseTo(0.975, 6);
    expect(normalCdf(-1)).toBeCloseTo(0.158655, 6);
    expect(normalCdf(Infinity)).toBe(1);
    expect(normalCdf(-Infinity)).toBe(0);
  });
  it('is symmetric and non-decreasing', () => {
    fc.assert(
      fc.property(fc.double({ min: -8, max: 8, noNaN: true }), fc.double({ min: 0, max: 4, noNaN: true }), (z, dz) => {
        expect(normalCdf(z) + normalCdf(-z)).toBeCloseTo(1, 9);
        expect(normalCdf(z + dz)).toBeGreaterThanOrEqual(normalCdf(z) - 1e-12);
      }),
      { numRuns: 300 },
    );
  });
});

describe('growth curve', () => {
  it('with no score or one score draws no trend and projects nothing', () => {
    expect(growthCurve([], DAY_90)).toMatchObject({ status: 'no_scores', trend: null, projection: null, measured: null, band: [] });
    expect(growthCurve([{ day: 30, score: 70 }], DAY_90)).toMatchObject({ status: 'one_score', trend: null, projection: null, band: [] });
    // Two scores on the same day are no trend either (Sxx = 0).
    expect(growthCurve([{ day: 30, score: 70 }, { day: 30, score: 60 }], DAY_90).status).toBe('one_score');
  });

  it('with two scores goes through both and takes its noise from the prior, saying so', () => {
    // (30, 62), (60, 64): slope 2/30 per day, intercept 60, so day 90 → 66. Two points: s = σ₀ = 6.
    // x̄ = 45, Sxx = 2·15² = 450: se = 6·√(1 + 1/2 + 45²/450) = 6·√6 ≈ 14.697.
    // P(≥ 80) = 1 − Φ(14/(6√6)) = 1 − Φ(0.95257) ≈ 0.1704: unlikely (< 1/3), so both sides are warned.
    const curve = growthCurve([{ day: 60, score: 64 }, { day: 30, score: 62 }], DAY_90);
    expect(curve.status).toBe('projected');
    expect(curve.points).toEqual([{ day: 30, score: 62 }, { day: 60, score: 64 }]);
    expect(curve.trend).toMatchObject({ residualSd: PRIOR_RESIDUAL_SD, residualSdFrom: 'prior', n: 2, meanDay: 45, sxx: 450 });
    expect(curve.trend!.slope).toBeCloseTo(2 / 30, 12);
    expect(curve.trend!.intercept).toBeCloseTo(60, 10);
    expect(curve.projection!.score).toBeCloseTo(66, 10);
    expect(curve.projection!.standardError).toBeCloseTo(6 * Math.sqrt(6), 10);
    expect(curve.projection!.probability).toBeCloseTo(0.1704, 4);
    expect(curve.projection!.unlikely).toBe(true);
    expect(curve.projection!.low).toBeCloseTo(66 - BAND_Z * 6 * Math.sqrt(6), 8);
    expect(curve.projection!.high).toBeCloseTo(66 + BAND_Z * 6 * Math.sqrt(6), 8);
    expect(warrantsWarning(curve)).toBe(true);
  });

  it('a steep enough climb is not unlikely to clear, so it warns nobody', () => {
    // (30, 60), (60, 72): 0.4 a day → day 90: 84; z = (80 − 84)/(6√6) = −0.272; P = Φ(0.272) ≈ 0.607.
    const curve = growthCurve([{ day: 30, score: 60 }, { day: 60, score: 72 }], DAY_90);
    expect(curve.projection!.score).toBeCloseTo(84, 10);
    expect(curve.projection!.probability).toBeCloseTo(0.6073, 3);
    expect(warrantsWarning(curve)).toBe(false);
  });

  it('with three scores pools the residuals with the prior', () => {
    // (30, 60), (60, 70), (90, 74) toward day 120, pass 85: x̄ = 60, ȳ = 68, Sxx = 1800, Sxy = 420:
    // slope 7/30, intercept 54; residuals −1, 2, −1: SSR = 6; s² = (6 + 2·36)/(1 + 2) = 26.
    // Day 120: fit 82; se = √26·√(1 + 1/3 + 60²/1800) = √26·√(10/3) ≈ 9.3095; P(≥ 85) = 1 − Φ(3/9.3095) ≈ 0.3736.
    const curve = growthCurve([{ day: 30, score: 60 }, { day: 60, score: 70 }, { day: 90, score: 74 }], { day: 120, threshold: 85 });
    expect(curve.trend).toMatchObject({ residualSdFrom: 'pooled', n: 3, sxx: 1800 });
    expect(curve.trend!.residualSd).toBeCloseTo(Math.sqrt(26), 10);
    expect(curve.projection!.score).toBeCloseTo(82, 10);
    expect(curve.projection!.standardError).toBeCloseTo(Math.sqrt(26) * Math.sqrt(10 / 3), 10);
    expect(curve.projection!.probability).toBeCloseTo(0.3736, 3);
    expect(curve.projection!.unlikely).toBe(false);
  });

  it('once the target day is scored, that score is the answer: measured, passed or not, and no warning', () => {
    const failed = growthCurve([{ day: 30, score: 62 }, { day: 60, score: 64 }, { day: 90, score: 71 }], DAY_90);
    expect(failed).toMatchObject({ status: 'measured', measured: { score: 71, passed: false }, projection: null });
    expect(failed.band.length).toBeGreaterThan(0);
    expect(warrantsWarning(failed)).toBe(false);
    expect(growthCurve([{ day: 90, score: 80 }], DAY_90)).toMatchObject({ status: 'measured', measured: { score: 80, passed: true }, band: [] });
  });

  it('clips the projection and band to the 0–100 scale', () => {
    const soaring = growthCurve([{ day: 30, score: 90 }, { day: 60, score: 100 }], DAY_90);
    expect(soaring.projection!.score).toBe(100);
    expect(soaring.projection!.high).toBe(100);
    const sinking = growthCurve([{ day: 30, score: 20 }, { day: 60, score: 2 }], DAY_90);
    expect(sinking.projection!.score).toBe(0);
    expect(sinking.projection!.low).toBe(0);
    expect(sinking.projection!.probability).toBeLessThan(0.001);
  });

  it('the band runs from day 1 to the target day and includes each scored day', () => {
    const curve = growthCurve([{ day: 30, score: 62 }, { day: 60, score: 64 }], DAY_90, 10);
    const days = curve.band.map((b) => b.day);
    expect(days[0]).toBe(1);
    expect(days[days.length - 1]).toBe(90);
    expect(days).toEqual(expect.arrayContaining([30, 60]));
    expect([...days].sort((a, b) => a - b)).toEqual(days);
  });

  it('a pass score of 0 is always cleared', () => {
    const trend = fitTrend([{ day: 30, score: 0 }, { day: 60, score: 0 }])!;
    expect(probabilityAtLeast(trend, 90, 0)).toBe(1);
  });

  // ------------------------------------------------------------------------------------------ properties

  const point = fc.record({ day: fc.integer({ min: 1, max: 180 }), score: fc.integer({ min: 0, max: 100 }) });
  const points = fc.array(point, { minLength: 2, maxLength: 8 }).filter((ps) => new Set(ps.map((p) => p.day)).size >= 2);
  const target = fc.record({ day: fc.integer({ min: 1, max: 200 }), threshold: fc.integer({ min: 0, max: 100 }) });

  it('the least-squares line minimizes the squared residuals (no nearby line does better)', () => {
    fc.assert(
      fc.property(points, fc.double({ min: -0.5, max: 0.5, noNaN: true }), fc.double({ min: -5, max: 5, noNaN: true }), (ps, db, da) => {
        const t = fitTrend(ps)!;
        const ssr = (a: number, b: number) => ps.reduce((s, p) => s + (p.score - a - b * p.day) ** 2, 0);
        expect(ssr(t.intercept, t.slope)).toBeLessThanOrEqual(ssr(t.intercept + da, t.slope + db) + 1e-6);
      }),
      { numRuns: 300 },
    );
  });

  it('ignores the order of the points', () => {
    fc.assert(
      fc.property(points, target, (ps, tg) => {
        const a = growthCurve(ps, tg);
        const b = growthCurve([...ps].reverse(), tg);
        expect(b.status).toBe(a.status);
        expect(b.projection?.probability ?? null).toBeCloseTo(a.projection?.probability ?? 0, 9);
      }),
      { numRuns: 200 },
    );
  });

  it('moving every score by c moves the line by c and leaves its uncertainty alone', () => {
    fc.assert(
      fc.property(points, fc.integer({ min: -50, max: 50 }), fc.integer({ min: 1, max: 200 }), (ps, c, day) => {
        const a = fitTrend(ps)!;
        const b = fitTrend(ps.map((p) => ({ day: p.day, score: p.score + c })))!;
        expect(b.slope).toBeCloseTo(a.slope, 9);
        expect(b.intercept).toBeCloseTo(a.intercept + c, 7);
        expect(b.residualSd).toBeCloseTo(a.residualSd, 9);
        expect(predictionStandardError(b, day)).toBeCloseTo(predictionStandardError(a, day), 9);
      }),
      { numRuns: 200 },
    );
  });

  it('points on a line give that line, and only the prior as noise', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 1, max: 180 }), { minLength: 2, maxLength: 6 }), fc.integer({ min: -3, max: 3 }), fc.integer({ min: 0, max: 50 }), (days, b, a) => {
        const ps: ScorePoint[] = days.map((d) => ({ day: d, score: a + b * d }));
        const t = fitTrend(ps)!;
        expect(t.slope).toBeCloseTo(b, 9);
        expect(t.intercept).toBeCloseTo(a, 6);
        expect(t.residualSd).toBeCloseTo(PRIOR_RESIDUAL_SD * Math.sqrt(PRIOR_DEGREES / (ps.length - 2 + PRIOR_DEGREES)), 6);
      }),
      { numRuns: 200 },
    );
  });

  it('the prediction error is never below the residual sd, and grows away from the mean day', () => {
    fc.assert(
      fc.property(points, fc.integer({ min: 0, max: 100 }), (ps, k) => {
        const t = fitTrend(ps)!;
        const near = predictionStandardError(t, t.meanDay);
        expect(near).toBeGreaterThanOrEqual(t.residualSd);
        expect(predictionStandardError(t, t.meanDay + k)).toBeGreaterThanOrEqual(near - 1e-12);
        expect(predictionStandardError(t, t.meanDay - k)).toBeGreaterThanOrEqual(near - 1e-12);
      }),
      { numRuns: 200 },
    );
  });

  it('the probability is in [0, 1], falls as the pass score rises, and warns exactly when below 1/3', () => {
    fc.assert(
      fc.property(points, target, fc.integer({ min: 0, max: 30 }), (ps, tg, up) => {
        const curve = growthCurve(ps, tg);
        if (curve.status !== 'projected') return;
        const p = curve.projection!.probability;
        expect(p).toBeGreaterThanOrEqual(0);
        expect(p).toBeLessThanOrEqual(1);
        expect(warrantsWarning(curve)).toBe(p < UNLIKELY_BELOW);
        const harder = growthCurve(ps, { day: tg.day, threshold: Math.min(100, tg.threshold + up) });
        expect(harder.projection!.probability).toBeLessThanOrEqual(p + 1e-12);
      }),
      { numRuns: 300 },
    );
  });

  it('every band point holds low ≤ fit ≤ high within 0–100', () => {
    fc.assert(
      fc.property(points, target, (ps, tg) => {
        for (const b of growthCurve(ps, tg).band) {
          expect(b.low).toBeLessThanOrEqual(b.fit);
          expect(b.fit).toBeLessThanOrEqual(b.high);
          expect(b.low).toBeGreaterThanOrEqual(0);
          expect(b.high).toBeLessThanOrEqual(100);
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe('assessment tasks', () => {
  const task = { opensOn: d('2026-03-01'), dueOn: assessmentDueOn(d('2026-03-01')), passScore: 70 };
  it('a task is due on the 7th day of its window', () => {
    expect(assessmentDueOn(d('2026-03-01'))).toBe(d('2026-03-07'));
  });
  it('is scheduled before it opens, open through its due day, overdue after, passed or failed once scored', () => {
    expect(taskStatusOn(d('2026-02-28'), { ...task, score: null })).toBe('scheduled');
    expect(taskStatusOn(d('2026-03-01'), { ...task, score: null })).toBe('open');
    expect(taskStatusOn(d('2026-03-07'), { ...task, score: null })).toBe('open');
    expect(taskStatusOn(d('2026-03-08'), { ...task, score: null })).toBe('overdue');
    expect(taskStatusOn(d('2026-03-08'), { ...task, score: 70 })).toBe('passed');
    expect(taskStatusOn(d('2026-03-02'), { ...task, score: 69 })).toBe('failed');
  });
  it('due soon: within 7 days from today, overdue included', () => {
    expect(isDueSoon(d('2026-03-01'), d('2026-03-08'))).toBe(true);
    expect(isDueSoon(d('2026-03-01'), d('2026-03-09'))).toBe(false);
    expect(isDueSoon(d('2026-03-10'), d('2026-03-07'))).toBe(true);
  });
  it('aims at the last milestone of the terms', () => {
    expect(targetMilestone([{ day: 60, passScore: 70 }, { day: 90, passScore: 80 }, { day: 30, passScore: 60 }])).toEqual({ day: 90, passScore: 80 });
    expect(targetMilestone([])).toBeNull();
  });
  it('takes whole scores from 0 to 100 only', () => {
    expect(scoreProblem(0)).toBeNull();
    expect(scoreProblem(100)).toBeNull();
    expect(scoreProblem(101)).not.toBeNull();
    expect(scoreProblem(-1)).not.toBeNull();
    expect(scoreProblem(55.5)).not.toBeNull();
  });
});
