import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  EMPTY_HISTORY,
  fitScore,
  freshnessScore,
  historyOf,
  RANKING_WEIGHTS,
  relevanceScore,
  headStartScore,
  rewardScore,
  type RankableOrder,
} from '../../src/marketplace/ranking.rules.ts';
import { CURRENCIES } from '../../src/platform/money.ts';

const DAY = 24 * 60 * 60 * 1000;
const NOW = Date.parse('2026-11-25T09:00:00.000Z');

const order = (over: Partial<RankableOrder> = {}): RankableOrder => ({
  currency: 'CNY',
  rewardMinor: 5_000_000,
  openedAtMs: NOW - 3 * DAY,
  function: 'sales',
  city: '上海',
  ...over,
});

describe('relevance', () => {
  it('weighs reward, freshness and fit as documented, summing to 1', () => {
    expect(RANKING_WEIGHTS.reward + RANKING_WEIGHTS.freshness + RANKING_WEIGHTS.fit + RANKING_WEIGHTS.headStart).toBeCloseTo(1, 12);
  });

  it('gives the reward part 0.5 at the typical reward of the currency, 0 for none', () => {
    expect(rewardScore(5_000_000, 'CNY')).toBe(0.5);
    expect(rewardScore(1_000_000, 'JPY')).toBe(0.5);
    expect(rewardScore(0, 'CNY')).toBe(0);
  });

  it('gives freshness 1 on the opening day, ½ after a week, ¼ after two, and never more than 1', () => {
    expect(freshnessScore(NOW, NOW)).toBe(1);
    expect(freshnessScore(NOW - 7 * DAY, NOW)).toBeCloseTo(0.5, 12);
    expect(freshnessScore(NOW - 14 * DAY, NOW)).toBeCloseTo(0.25, 12);
    expect(freshnessScore(NOW + DAY, NOW)).toBe(1);
  });

  it('is monotonic in the reward: more reward never ranks lower', () => {
    fc.assert(
      fc.property(fc.constantFrom(...CURRENCIES), fc.nat(1e12), fc.nat(1e12), fc.nat(60 * DAY), (currency, a, b, age) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        const ctx = { nowMs: NOW, history: historyOf([{ function: 'sales', city: '上海' }]) };
        expect(relevanceScore(order({ currency, rewardMinor: hi, openedAtMs: NOW - age }), ctx)).toBeGreaterThanOrEqual(
          relevanceScore(order({ currency, rewardMinor: lo, openedAtMs: NOW - age }), ctx),
        );
      }),
    );
  });

  it('is monotonic in freshness: an order opened later never ranks lower', () => {
    fc.assert(
      fc.property(fc.nat(365 * DAY), fc.nat(365 * DAY), fc.nat(1e10), (a, b, reward) => {
        const [younger, older] = a <= b ? [a, b] : [b, a];
        const ctx = { nowMs: NOW, history: EMPTY_HISTORY };
        expect(relevanceScore(order({ rewardMinor: reward, openedAtMs: NOW - younger }), ctx)).toBeGreaterThanOrEqual(
          relevanceScore(order({ rewardMinor: reward, openedAtMs: NOW - older }), ctx),
        );
      }),
    );
  });

  it('stays within [0, 1]', () => {
    fc.assert(
      fc.property(fc.nat(1e15), fc.integer({ min: -1000 * DAY, max: 1000 * DAY }), (reward, age) => {
        const s = relevanceScore(order({ rewardMinor: reward, openedAtMs: NOW - age }), { nowMs: NOW, history: historyOf([{ function: 'sales', city: '上海' }]) });
        expect(s).toBeGreaterThanOrEqual(0);
        expect(s).toBeLessThanOrEqual(1);
      }),
    );
  });

  it("ranks an order in the consultant's usual function and city above an otherwise equal one", () => {
    const history = historyOf([
      { function: 'sales', city: '上海' },
      { function: 'sales', city: '北京' },
      { function: 'finance', city: '上海' },
    ]);
    const ctx = { nowMs: NOW, history };
    const usual = relevanceScore(order(), ctx);
    const otherCity = relevanceScore(order({ city: '成都' }), ctx);
    const otherFunction = relevanceScore(order({ function: 'legal' }), ctx);
    expect(usual).toBeGreaterThan(otherCity);
    expect(otherCity).toBeGreaterThan(otherFunction);
    expect(fitScore({ function: 'sales', city: '上海' }, history)).toBeCloseTo(1, 12);
    expect(fitScore({ function: 'finance', city: '北京' }, history)).toBeCloseTo(0.65 * 0.5 + 0.35 * 0.5, 12);
  });

  it('weighs work counted together (as the store counts it) the same as the pieces one by one', () => {
    const oneByOne = historyOf([
      { function: 'sales', city: '上海' },
      { function: 'sales', city: '上海' },
      { function: 'sales', city: '北京' },
      { function: 'finance', city: '上海' },
    ]);
    const counted = historyOf([
      { function: 'sales', city: '上海', times: 2 },
      { function: 'sales', city: '北京', times: 1 },
      { function: 'finance', city: '上海', times: 1 },
    ]);
    expect(counted).toEqual(oneByOne);
    expect(counted.cities.get('北京')).toBeCloseTo(1 / 3, 12);
  });

  it('does not punish a newcomer: without history every fit is 0 and reward and freshness decide', () => {
    expect(fitScore({ function: 'sales', city: '上海' }, EMPTY_HISTORY)).toBe(0);
    const a = relevanceScore(order({ rewardMinor: 8_000_000 }), { nowMs: NOW, history: EMPTY_HISTORY });
    const b = relevanceScore(order({ rewardMinor: 4_000_000 }), { nowMs: NOW, history: EMPTY_HISTORY });
    expect(a).toBeGreaterThan(b);
  });

  it('is the same on every call with the same facts (cursor pages rely on it)', () => {
    const ctx = { nowMs: NOW, history: historyOf([{ function: 'sales', city: '上海' }]) };
    expect(relevanceScore(order(), ctx)).toBe(relevanceScore(order(), ctx));
  });

  it('gives the head start (the tier term) while the tier below cannot see the order yet, and none to the lowest tier', () => {
    const S = { ownWaveMinutes: 0, nextWaveMinutes: 120 };
    const B = { ownWaveMinutes: 360, nextWaveMinutes: 1440 };
    const C = { ownWaveMinutes: 1440, nextWaveMinutes: null };
    const HOUR = DAY / 24;
    expect(headStartScore(NOW - HOUR, NOW, S)).toBe(1);
    expect(headStartScore(NOW - 2 * HOUR, NOW, S)).toBe(0); // A sees it from 2 h on
    expect(headStartScore(NOW - 7 * HOUR, NOW, B)).toBe(1);
    expect(headStartScore(NOW - 24 * HOUR, NOW, B)).toBe(0);
    expect(headStartScore(NOW - 25 * HOUR, NOW, C)).toBe(0);
    expect(headStartScore(NOW, NOW, undefined)).toBe(0);
    // In its head start an S consultant ranks the order above the same order after the window.
    const early = relevanceScore(order({ openedAtMs: NOW - HOUR }), { nowMs: NOW, history: EMPTY_HISTORY, tier: S });
    const late = relevanceScore(order({ openedAtMs: NOW - 3 * HOUR }), { nowMs: NOW, history: EMPTY_HISTORY, tier: S });
    expect(early - late).toBeGreaterThan(RANKING_WEIGHTS.headStart * 0.99);
  });

  it("counts freshness from the viewer's own wave: a B consultant sees an order that just opened to B as fresh", () => {
    const B = { ownWaveMinutes: 360, nextWaveMinutes: 1440 };
    const opened = NOW - 6 * (DAY / 24);
    const asB = relevanceScore(order({ openedAtMs: opened }), { nowMs: NOW, history: EMPTY_HISTORY, tier: B });
    const asOpenedNow = relevanceScore(order({ openedAtMs: NOW }), { nowMs: NOW, history: EMPTY_HISTORY, tier: { ownWaveMinutes: 0, nextWaveMinutes: 120 } });
    expect(asB).toBeCloseTo(asOpenedNow, 12); // both: fresh, and within a head start
  });
});
