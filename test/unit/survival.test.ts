import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { kaplanMeier, logLogBand, normalQuantile, survivalAt } from '../../src/analytics/survival.rules.ts';

// Seven placements, followed for: 3 (left), 5 (still in post), 6 (left), 6 (left), 8 (still in post), 10 (left),
// 12 (still in post) days. Worked by hand:
//   day 3:  7 at risk, 1 leaves      S = 6/7                 Greenwood Σ = 1/(7·6) = 1/42
//   day 5:  6 at risk, 1 censored    S unchanged
//   day 6:  5 at risk, 2 leave       S = 6/7 · 3/5 = 18/35   Σ = 1/42 + 2/(5·3) = 11/70
//   day 8:  3 at risk, 1 censored    S unchanged
//   day 10: 2 at risk, 1 leaves      S = 18/35 · 1/2 = 9/35  Σ = 11/70 + 1/(2·1) = 23/35
//   day 12: 1 at risk, 1 censored    S unchanged; the median is day 10 (the first S ≤ 1/2; 18/35 is still above)
// 95% log-log band, S^exp(±1.959964 · √Σ / |ln S|), by hand (calculator):
//   day 3: [0.33405, 0.97856]   day 6: [0.11776, 0.81325]   day 10: [0.01258, 0.65602]
const EXAMPLE = [
  { time: 3, departed: true },
  { time: 5, departed: false },
  { time: 6, departed: true },
  { time: 6, departed: true },
  { time: 8, departed: false },
  { time: 10, departed: true },
  { time: 12, departed: false },
];

describe('Kaplan–Meier with censoring (hand-worked example)', () => {
  const curve = kaplanMeier(EXAMPLE);

  it('steps, numbers at risk and survival', () => {
    expect(curve.n).toBe(7);
    expect(curve.departures).toBe(4);
    expect(curve.steps.map((s) => [s.time, s.atRisk, s.departures, s.censored])).toEqual([
      [3, 7, 1, 0],
      [5, 6, 0, 1],
      [6, 5, 2, 0],
      [8, 3, 0, 1],
      [10, 2, 1, 0],
      [12, 1, 0, 1],
    ]);
    const s = curve.steps.map((x) => x.survival);
    const expected = [6 / 7, 6 / 7, 18 / 35, 18 / 35, 9 / 35, 9 / 35];
    s.forEach((v, i) => expect(v).toBeCloseTo(expected[i] as number, 12));
    expect(curve.median).toBe(10);
  });

  it('Greenwood variance and the log-log band', () => {
    const at = (t: number) => curve.steps.find((x) => x.time === t);
    expect(at(3)?.greenwood).toBeCloseTo(1 / 42, 12);
    expect(at(6)?.greenwood).toBeCloseTo(11 / 70, 12);
    expect(at(10)?.greenwood).toBeCloseTo(23 / 35, 12);
    expect(at(10)?.standardError).toBeCloseTo((9 / 35) * Math.sqrt(23 / 35), 12);
    expect(at(3)?.lower).toBeCloseTo(0.33405, 4);
    expect(at(3)?.upper).toBeCloseTo(0.97856, 4);
    expect(at(6)?.lower).toBeCloseTo(0.11776, 4);
    expect(at(6)?.upper).toBeCloseTo(0.81325, 4);
    expect(at(10)?.lower).toBeCloseTo(0.01258, 4);
    expect(at(10)?.upper).toBeCloseTo(0.65602, 4);
    // A censoring step keeps the band of the step before.
    expect(at(8)?.lower).toBe(at(6)?.lower);
  });

  it('survival read at any day', () => {
    expect(survivalAt(curve, 0)).toBe(1);
    expect(survivalAt(curve, 2.9)).toBe(1);
    expect(survivalAt(curve, 3)).toBeCloseTo(6 / 7, 12);
    expect(survivalAt(curve, 9)).toBeCloseTo(18 / 35, 12);
    expect(survivalAt(curve, 1000)).toBeCloseTo(9 / 35, 12);
  });

  it('a departure and a censoring on the same day: the censored one was still at risk', () => {
    const c = kaplanMeier([
      { time: 4, departed: true },
      { time: 4, departed: false },
      { time: 9, departed: false },
    ]);
    expect(c.steps[0]).toMatchObject({ time: 4, atRisk: 3, departures: 1, censored: 1 });
    expect(c.steps[0]?.survival).toBeCloseTo(2 / 3, 12);
  });

  it('everyone leaving ends at 0 with no band; nobody leaving stays at 1; no placements is an empty curve', () => {
    const all = kaplanMeier([
      { time: 1, departed: true },
      { time: 2, departed: true },
    ]);
    expect(all.steps.at(-1)).toMatchObject({ survival: 0, greenwood: null, lower: null, upper: null });
    expect(all.median).toBe(1);
    const none = kaplanMeier([{ time: 30, departed: false }]);
    expect(none.steps).toEqual([
      { time: 30, atRisk: 1, departures: 0, censored: 1, survival: 1, greenwood: 0, standardError: 0, lower: 1, upper: 1 },
    ]);
    expect(none.median).toBeNull();
    expect(kaplanMeier([]).steps).toEqual([]);
  });

  it('refuses a negative or non-numeric time and a confidence outside (0, 1), naming it', () => {
    expect(() => kaplanMeier([{ time: -1, departed: true }])).toThrow(/observations\[0\]\.time/);
    expect(() => kaplanMeier([{ time: Number.NaN, departed: true }])).toThrow(/observations\[0\]\.time/);
    expect(() => kaplanMeier(EXAMPLE, 1)).toThrow(/confidence/);
  });

  it('normal quantiles and the band at S = 1', () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959964, 6);
    expect(normalQuantile(0.5)).toBeCloseTo(0, 12);
    expect(normalQuantile(0.005)).toBeCloseTo(-2.575829, 6);
    expect(logLogBand(1, 0, 1.96)).toEqual({ lower: 1, upper: 1 });
  });

  it('properties: survival never rises, stays in [0, 1], and the band holds it', () => {
    const obs = fc.array(fc.record({ time: fc.integer({ min: 0, max: 400 }), departed: fc.boolean() }), { maxLength: 60 });
    fc.assert(
      fc.property(obs, (o) => {
        const c = kaplanMeier(o);
        let prev = 1;
        let followed = 0;
        for (const s of c.steps) {
          expect(s.survival).toBeLessThanOrEqual(prev + 1e-15);
          expect(s.survival).toBeGreaterThanOrEqual(0);
          if (s.lower !== null && s.upper !== null) {
            expect(s.lower).toBeLessThanOrEqual(s.survival + 1e-12);
            expect(s.upper).toBeGreaterThanOrEqual(s.survival - 1e-12);
          }
          prev = s.survival;
          followed += s.departures + s.censored;
        }
        expect(followed).toBe(o.length);
        // Without censoring the curve is the plain share still in post.
        if (o.every((x) => x.departed) && o.length > 0) {
          const t = 200;
          expect(survivalAt(c, t)).toBeCloseTo(o.filter((x) => x.time > t).length / o.length, 12);
        }
      }),
      { numRuns: 200 },
    );
  });
});
