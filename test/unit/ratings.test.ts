import { describe, expect, it } from 'vitest';
import {
  DEFAULT_RATING_CONFIG,
  METRICS,
  type Outcome,
  type Tallies,
  checkRatingConfig,
  platformMeans,
  rate,
  shrink,
  sumTallies,
  tallyOutcomes,
  tierOf,
} from '../../src/ratings/score.rules.ts';

const repeat = <T>(n: number, o: T): T[] => Array.from({ length: n }, () => o);
/** A consultant's placements: `passed` of `n` guarantees passed, the same for 180-day retention and claims. */
function placements(n: number, passed: number): Outcome[] {
  return [
    ...repeat<Outcome>(passed, { kind: 'guarantee', result: 'passed' }),
    ...repeat<Outcome>(n - passed, { kind: 'guarantee', result: 'failed' }),
    ...repeat<Outcome>(passed, { kind: 'retention180', result: 'in_post' }),
    ...repeat<Outcome>(n - passed, { kind: 'retention180', result: 'departed' }),
    ...repeat<Outcome>(passed, { kind: 'claim', result: 'none' }),
    ...repeat<Outcome>(n - passed, { kind: 'claim', result: 'covered' }),
  ];
}
// The platform: 1,000 placements, 850 good ones; obligations 90% on time; satisfaction answers averaging 3 of 4.
const PLATFORM: Tallies = tallyOutcomes([
  ...placements(1000, 850),
  ...repeat<Outcome>(900, { kind: 'obligation', onTime: true }),
  ...repeat<Outcome>(100, { kind: 'obligation', onTime: false }),
  ...repeat<Outcome>(40, { kind: 'dispute', result: 'won' }),
  ...repeat<Outcome>(10, { kind: 'dispute', result: 'lost' }),
  ...repeat<Outcome>(300, { kind: 'satisfaction', answer: 3, scale: 4 }),
]);

describe('tallying outcomes (what counts against a consultant)', () => {
  it('counts successes and trials per metric', () => {
    const t = tallyOutcomes(placements(10, 7));
    expect(t.guaranteePass).toEqual({ successes: 7, trials: 10 });
    expect(t.retention180).toEqual({ successes: 7, trials: 10 });
    expect(t.claimFree).toEqual({ successes: 7, trials: 10 });
    expect(t.onTime).toEqual({ successes: 0, trials: 0 });
  });

  it('a departure for an excluded reason (a layoff) never counts: neither guarantee nor retention moves', () => {
    const before = tallyOutcomes(placements(10, 7));
    const after = tallyOutcomes([
      ...placements(10, 7),
      { kind: 'guarantee', result: 'departed_excluded_reason' },
      { kind: 'retention180', result: 'departed_excluded_reason' },
      { kind: 'claim', result: 'excluded_reason' },
    ]);
    expect(after.guaranteePass).toEqual(before.guaranteePass);
    expect(after.retention180).toEqual(before.retention180);
    // The claim for an excluded reason is a placement without a covered claim.
    expect(after.claimFree).toEqual({ successes: 8, trials: 11 });
    expect(rate(after, PLATFORM).score).toBeGreaterThanOrEqual(rate(before, PLATFORM).score);
  });

  it('a claim rejected or overturned in the consultant’s favour is no claim; a covered one counts', () => {
    const t = tallyOutcomes([
      { kind: 'claim', result: 'rejected' },
      { kind: 'claim', result: 'overturned_in_favour' },
      { kind: 'claim', result: 'covered' },
    ]);
    expect(t.claimFree).toEqual({ successes: 2, trials: 3 });
    const clean = rate(tallyOutcomes([...placements(5, 5), { kind: 'claim', result: 'rejected' }]), PLATFORM);
    const base = rate(tallyOutcomes([...placements(5, 5), { kind: 'claim', result: 'none' }]), PLATFORM);
    expect(clean.score).toBe(base.score);
  });

  it('disputes: won 1, adjusted ½, lost 0; satisfaction answers scaled to 0–1; a bad answer is refused naming it', () => {
    const t = tallyOutcomes([
      { kind: 'dispute', result: 'won' },
      { kind: 'dispute', result: 'adjusted' },
      { kind: 'dispute', result: 'lost' },
      { kind: 'satisfaction', answer: 1, scale: 5 },
      { kind: 'satisfaction', answer: 5, scale: 5 },
      { kind: 'satisfaction', answer: 3, scale: 5 },
    ]);
    expect(t.disputesNotLost).toEqual({ successes: 1.5, trials: 3 });
    expect(t.satisfaction).toEqual({ successes: 1.5, trials: 3 });
    expect(() => tallyOutcomes([{ kind: 'satisfaction', answer: 6, scale: 5 }])).toThrow(/outcomes\[0\]\.answer/);
    expect(() => tallyOutcomes([{ kind: 'satisfaction', answer: 1.5, scale: 5 }])).toThrow(/outcomes\[0\]\.answer/);
  });

  it('an agency’s tally is the sum of its consultants’', () => {
    const a = tallyOutcomes(placements(3, 2));
    const b = tallyOutcomes(placements(4, 4));
    expect(sumTallies([a, b])).toEqual(tallyOutcomes([...placements(3, 2), ...placements(4, 4)]));
  });
});

describe('shrinkage toward the platform mean (Beta prior)', () => {
  it('is the posterior mean with k pseudo-trials at the mean', () => {
    expect(shrink({ successes: 3, trials: 3 }, 0.85, 20)).toBeCloseTo((3 + 17) / 23, 12);
    expect(shrink({ successes: 0, trials: 0 }, 0.85, 20)).toBe(0.85);
    // Many outcomes: the prior barely matters.
    expect(shrink({ successes: 950, trials: 1000 }, 0.5, 20)).toBeCloseTo(960 / 1020, 12);
  });

  it('three perfect placements do not outrank three hundred good ones', () => {
    const three = rate(tallyOutcomes(placements(3, 3)), PLATFORM);
    const threeHundred = rate(tallyOutcomes(placements(300, 285)), PLATFORM);
    expect(three.metrics.find((m) => m.metric === 'guaranteePass')?.raw).toBe(1);
    expect(threeHundred.metrics.find((m) => m.metric === 'guaranteePass')?.raw).toBe(0.95);
    expect(threeHundred.score).toBeGreaterThan(three.score);
    expect(threeHundred.tier).toBe('S');
    expect(three.tier).toBe('B');
  });

  it('three bad placements do not sink a newcomer as far as three hundred bad ones', () => {
    const three = rate(tallyOutcomes(placements(3, 0)), PLATFORM);
    const many = rate(tallyOutcomes(placements(300, 150)), PLATFORM);
    expect(three.score).toBeGreaterThan(many.score);
    expect(many.tier).toBe('C');
  });

  it('shows its sample size and each metric’s own counts', () => {
    const r = rate(tallyOutcomes(placements(12, 10)), PLATFORM);
    expect(r.sampleSize).toBe(36);
    expect(r.metrics.map((m) => m.metric)).toEqual([...METRICS]);
    expect(r.metrics.find((m) => m.metric === 'onTime')).toMatchObject({ raw: null, trials: 0 });
  });

  it('pseudo-counts are configurable: a stronger prior pulls harder', () => {
    const own = tallyOutcomes(placements(10, 10));
    const weak = rate(own, PLATFORM, { ...DEFAULT_RATING_CONFIG, priorTrials: { ...DEFAULT_RATING_CONFIG.priorTrials, guaranteePass: 1 } });
    const strong = rate(own, PLATFORM, { ...DEFAULT_RATING_CONFIG, priorTrials: { ...DEFAULT_RATING_CONFIG.priorTrials, guaranteePass: 500 } });
    const g = (r: typeof weak) => r.metrics.find((m) => m.metric === 'guaranteePass')?.shrunk ?? 0;
    expect(g(weak)).toBeCloseTo((10 + 0.85) / 11, 12);
    expect(g(strong)).toBeCloseTo((10 + 500 * 0.85) / 510, 12);
  });
});

describe('tiers', () => {
  it('a newcomer gets the platform mean, which is tier B', () => {
    const empty = tallyOutcomes([]);
    const r = rate(empty, PLATFORM);
    expect(r.score).toBeCloseTo(r.platformScore, 9);
    expect(r.tier).toBe('B');
    expect(r.sampleSize).toBe(0);
    // On an empty platform too.
    expect(rate(empty, empty).tier).toBe('B');
    expect(platformMeans(empty).guaranteePass).toBe(1);
  });

  it('thresholds relative to the platform score, at and around each boundary', () => {
    const t = DEFAULT_RATING_CONFIG.tiers;
    expect(tierOf(80 + t.S, 80, t)).toBe('S');
    expect(tierOf(80 + t.S - 0.01, 80, t)).toBe('A');
    expect(tierOf(80 + t.A, 80, t)).toBe('A');
    expect(tierOf(80 + t.A - 0.01, 80, t)).toBe('B');
    expect(tierOf(80, 80, t)).toBe('B');
    expect(tierOf(80 + t.B, 80, t)).toBe('B');
    expect(tierOf(80 + t.B - 0.01, 80, t)).toBe('C');
  });

  it('a strong, long record reaches S; configurable thresholds move it', () => {
    const star = rate(
      tallyOutcomes([...placements(200, 198), ...repeat<Outcome>(200, { kind: 'obligation', onTime: true }), ...repeat<Outcome>(60, { kind: 'satisfaction', answer: 4, scale: 4 })]),
      PLATFORM,
    );
    expect(star.tier).toBe('S');
    const strict = rate(
      tallyOutcomes(placements(200, 198)),
      PLATFORM,
      { ...DEFAULT_RATING_CONFIG, tiers: { S: 50, A: 40, B: -4 } },
    );
    expect(strict.tier).toBe('B');
  });

  it('refuses a configuration that would not put the mean in B, naming the field', () => {
    const c = DEFAULT_RATING_CONFIG;
    expect(() => checkRatingConfig({ ...c, tiers: { S: 2, A: 2, B: -4 } })).toThrow(/tiers\.S/);
    expect(() => checkRatingConfig({ ...c, tiers: { S: 6, A: 0, B: -4 } })).toThrow(/tiers\.A/);
    expect(() => checkRatingConfig({ ...c, tiers: { S: 6, A: 2, B: 1 } })).toThrow(/tiers\.B/);
    expect(() => checkRatingConfig({ ...c, priorTrials: { ...c.priorTrials, onTime: 0 } })).toThrow(/priorTrials\.onTime/);
    expect(() => checkRatingConfig({ ...c, weights: { ...c.weights, satisfaction: -1 } })).toThrow(/weights\.satisfaction/);
    const zero = Object.fromEntries(METRICS.map((m) => [m, 0])) as typeof c.weights;
    expect(() => checkRatingConfig({ ...c, weights: zero })).toThrow(/weights/);
  });
});
