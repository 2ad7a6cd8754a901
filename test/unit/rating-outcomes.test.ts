import { describe, expect, it } from 'vitest';
import { corrections, countOf, delta, disputeResultForDeliverer } from '../../src/ratings/outcome.rules.ts';
import { METRICS, tallyOutcomes, type Outcome } from '../../src/ratings/score.rules.ts';

describe('what one outcome counts (in quarters), by the exclusions of the rating rules', () => {
  const cases: [Outcome, ReturnType<typeof countOf>][] = [
    [{ kind: 'guarantee', result: 'passed' }, { metric: 'guaranteePass', successesQ: 4, trials: 1 }],
    [{ kind: 'guarantee', result: 'failed' }, { metric: 'guaranteePass', successesQ: 0, trials: 1 }],
    [{ kind: 'guarantee', result: 'departed_excluded_reason' }, { metric: 'guaranteePass', successesQ: 0, trials: 0 }],
    [{ kind: 'retention180', result: 'in_post' }, { metric: 'retention180', successesQ: 4, trials: 1 }],
    [{ kind: 'retention180', result: 'departed_excluded_reason' }, { metric: 'retention180', successesQ: 0, trials: 0 }],
    [{ kind: 'claim', result: 'covered' }, { metric: 'claimFree', successesQ: 0, trials: 1 }],
    [{ kind: 'claim', result: 'rejected' }, { metric: 'claimFree', successesQ: 4, trials: 1 }],
    [{ kind: 'claim', result: 'overturned_in_favour' }, { metric: 'claimFree', successesQ: 4, trials: 1 }],
    [{ kind: 'dispute', result: 'adjusted' }, { metric: 'disputesNotLost', successesQ: 2, trials: 1 }],
    [{ kind: 'obligation', onTime: false }, { metric: 'onTime', successesQ: 0, trials: 1 }],
    [{ kind: 'satisfaction', answer: 4, scale: 5 }, { metric: 'satisfaction', successesQ: 3, trials: 1 }],
    [{ kind: 'satisfaction', answer: 6, scale: 5 }, null],
  ];
  it.each(cases)('%j counts %j', (outcome, count) => expect(countOf(outcome)).toEqual(count));

  it('agrees with tallyOutcomes, the reference, on every valid outcome', () => {
    for (const [outcome, count] of cases) {
      if (count === null) continue;
      const t = tallyOutcomes([outcome])[count.metric];
      expect(t.successes).toBe(count.successesQ / 4);
      expect(t.trials).toBe(count.trials);
    }
  });
});

describe('a dispute for the delivering consultant', () => {
  it('is won when its own challenge is granted or the poster’s is refused; lost the other way; half on an adjustment', () => {
    expect(disputeResultForDeliverer('deliverer', 'overturn')).toBe('won');
    expect(disputeResultForDeliverer('deliverer', 'uphold')).toBe('lost');
    expect(disputeResultForDeliverer('poster', 'uphold')).toBe('won');
    expect(disputeResultForDeliverer('poster', 'overturn')).toBe('lost');
    expect(disputeResultForDeliverer('poster', 'adjust')).toBe('adjusted');
    expect(disputeResultForDeliverer('poster', 'withdrawn')).toBeNull();
  });
});

describe('the change one count makes to the running sums', () => {
  it('adds a first count, nothing for a repeat, and replaces a changed decision', () => {
    expect(delta(undefined, { metric: 'claimFree', successesQ: 4, trials: 1 })).toEqual([{ metric: 'claimFree', dq: 4, dt: 1 }]);
    expect(delta({ metric: 'claimFree', successesQ: 4, trials: 1 }, { metric: 'claimFree', successesQ: 4, trials: 1 })).toEqual([]);
    // A rejection overturned against the consultant: the claim now counts as covered.
    expect(delta({ metric: 'claimFree', successesQ: 4, trials: 1 }, { metric: 'claimFree', successesQ: 0, trials: 1 })).toEqual([{ metric: 'claimFree', dq: -4, dt: 0 }]);
    // A marker (seen, not counted) adds nothing.
    expect(delta(undefined, { metric: 'retention180', successesQ: 0, trials: 0 })).toEqual([]);
    expect(delta({ metric: 'retention180', successesQ: 0, trials: 0 }, { metric: 'retention180', successesQ: 0, trials: 1 })).toEqual([{ metric: 'retention180', dq: 0, dt: 1 }]);
  });

  it('moves a count between metrics when the key changes meaning', () => {
    expect(delta({ metric: 'onTime', successesQ: 4, trials: 1 }, { metric: 'satisfaction', successesQ: 2, trials: 1 })).toEqual([
      { metric: 'onTime', dq: -4, dt: -1 },
      { metric: 'satisfaction', dq: 2, dt: 1 },
    ]);
  });
});

describe('what a recomputation corrects', () => {
  const m = (entries: [string, number, number][]) => new Map(entries.map(([k, q, t]) => [k as (typeof METRICS)[number], { successesQ: q, trials: t }]));

  it('nothing when the sums agree with the outcomes (a second run is a no-op)', () => {
    expect(corrections(m([['onTime', 8, 3]]), m([['onTime', 8, 3]]), METRICS)).toEqual([]);
    expect(corrections(m([['onTime', 0, 0]]), m([]), METRICS)).toEqual([]);
  });

  it('each differing metric, set to the outcomes, with what it was; a missing side is zero', () => {
    const out = corrections(m([['guaranteePass', 12, 4], ['onTime', 4, 1]]), m([['guaranteePass', 8, 3], ['satisfaction', 3, 1]]), METRICS);
    expect(out).toEqual([
      { metric: 'guaranteePass', successesQ: 8, trials: 3, wasSuccessesQ: 12, wasTrials: 4 },
      { metric: 'onTime', successesQ: 0, trials: 0, wasSuccessesQ: 4, wasTrials: 1 },
      { metric: 'satisfaction', successesQ: 3, trials: 1, wasSuccessesQ: 0, wasTrials: 0 },
    ]);
  });

  it('only the metrics it is asked about', () => {
    expect(corrections(m([['onTime', 4, 1]]), m([]), ['guaranteePass'])).toEqual([]);
  });
});
