import { minorDigitsOf, type Currency } from '../platform/money.ts';

/**
 * Relevance of an open job order for one consultant (DESIGN §4.4, §4.9) — a pure, replaceable function:
 * the marketplace computes it over the filtered candidates and sorts by it.
 *
 *   relevance = 0.45 × reward + 0.25 × freshness + 0.15 × fit + 0.15 × head start,   each part in [0, 1]
 *
 * - reward: r / (r + R), with r the order's reward (minor units of `reward_sort`: the fixed amount, or the
 *   percent applied to the middle of the salary range) and R a typical reward in that currency
 *   (REWARD_REFERENCE_MAJOR): 0.5 at the typical reward, approaching 1 for exceptional ones. It never compares
 *   amounts across currencies, and it does not depend on which other orders are listed, so a score is the same
 *   on every page of a listing (cursor pagination relies on that).
 * - freshness: ½ ^ (days since the order opened ÷ 7): 1 on the day it opens, ½ after a week, ¼ after two.
 * - fit: how much of the consultant's past work (functions and cities of their engagements and submissions)
 *   the order matches: 0.65 × share of its function + 0.35 × share of its city, where a share is that value's
 *   count over the consultant's most frequent value. A newcomer has no history and every fit is 0, so
 *   reward and freshness decide alone (nobody is punished for being new).
 *
 * - head start (the tier term, §4.9): 1 while the order is still hidden from the tier below the viewer's — the
 *   hours the viewer's better tier earned it alone with the order (an S consultant's first 2 h, an A's 2 h–6 h …)
 *   — and 0 after, or for the lowest tier. Freshness counts from when the order opened to the viewer's own tier,
 *   so a later wave does not see every order as already stale. Without tiers (`tier` absent) the term is 0.
 *
 * Ties break on the order id in the caller, so the order of a listing is total and stable.
 */

export const RANKING_WEIGHTS = { reward: 0.45, freshness: 0.25, fit: 0.15, headStart: 0.15 } as const;
export const FIT_WEIGHTS = { function: 0.65, city: 0.35 } as const;
export const FRESHNESS_HALF_LIFE_DAYS = 7;

/** A typical placement reward per currency (major units): where the reward part is 0.5. */
export const REWARD_REFERENCE_MAJOR: Readonly<Record<Currency, number>> = {
  CNY: 50_000,
  USD: 7_000,
  EUR: 6_500,
  GBP: 5_500,
  HKD: 55_000,
  SGD: 9_500,
  JPY: 1_000_000,
  KRW: 9_500_000,
};

const DAY_MS = 24 * 60 * 60 * 1000;

const REWARD_REFERENCE_MINOR: Readonly<Record<Currency, number>> = Object.fromEntries(
  Object.entries(REWARD_REFERENCE_MAJOR).map(([c, major]) => [c, major * 10 ** minorDigitsOf(c as Currency)]),
) as Record<Currency, number>;

/** What ranking reads of an order. */
export type RankableOrder = {
  currency: Currency;
  /** `reward_sort` in minor units; a score, not money, so a double is precise enough. */
  rewardMinor: number;
  /** When the order opened (ms since the epoch). */
  openedAtMs: number;
  function: string;
  city: string;
};

/** A consultant's past fields as shares in [0, 1] (1 for their most frequent function or city). */
export type ConsultantHistory = { functions: ReadonlyMap<string, number>; cities: ReadonlyMap<string, number> };

/**
 * The viewer's place in the waves: minutes after opening at which its own tier sees an order, and at which the
 * next tier down does (null for the lowest tier).
 */
export type TierWindow = { ownWaveMinutes: number; nextWaveMinutes: number | null };

export type RankingContext = { nowMs: number; history: ConsultantHistory; tier?: TierWindow | undefined };

export const EMPTY_HISTORY: ConsultantHistory = { functions: new Map(), cities: new Map() };

/**
 * Counts the functions and cities of past work and turns them into shares of the most frequent one. Each item
 * is one piece of work, or `times` pieces of the same function and city (the store counts them in the query).
 */
export function historyOf(pastWork: readonly { function: string; city: string; times?: number }[]): ConsultantHistory {
  return { functions: shares(pastWork.map((w) => [w.function, w.times ?? 1])), cities: shares(pastWork.map((w) => [w.city, w.times ?? 1])) };
}

function shares(values: readonly (readonly [string, number])[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const [v, times] of values) counts.set(v, (counts.get(v) ?? 0) + times);
  const top = Math.max(0, ...counts.values());
  const out = new Map<string, number>();
  for (const [v, n] of counts) out.set(v, n / top);
  return out;
}

export function rewardScore(rewardMinor: number, currency: Currency): number {
  if (!(rewardMinor > 0)) return 0;
  return rewardMinor / (rewardMinor + REWARD_REFERENCE_MINOR[currency]);
}

export function freshnessScore(openedAtMs: number, nowMs: number): number {
  const days = Math.max(0, (nowMs - openedAtMs) / DAY_MS);
  return 0.5 ** (days / FRESHNESS_HALF_LIFE_DAYS);
}

export function fitScore(order: { function: string; city: string }, history: ConsultantHistory): number {
  return FIT_WEIGHTS.function * (history.functions.get(order.function) ?? 0) + FIT_WEIGHTS.city * (history.cities.get(order.city) ?? 0);
}

const MINUTE_MS = 60_000;

/** 1 while the tier below the viewer's cannot see the order yet, else 0. */
export function headStartScore(openedAtMs: number, nowMs: number, tier: TierWindow | undefined): number {
  if (tier === undefined || tier.nextWaveMinutes === null) return 0;
  return nowMs < openedAtMs + tier.nextWaveMinutes * MINUTE_MS ? 1 : 0;
}

export function relevanceScore(order: RankableOrder, ctx: RankingContext): number {
  const openedToViewerMs = order.openedAtMs + (ctx.tier?.ownWaveMinutes ?? 0) * MINUTE_MS;
  return (
    RANKING_WEIGHTS.reward * rewardScore(order.rewardMinor, order.currency) +
    RANKING_WEIGHTS.freshness * freshnessScore(openedToViewerMs, ctx.nowMs) +
    RANKING_WEIGHTS.fit * fitScore(order, ctx.history) +
    RANKING_WEIGHTS.headStart * headStartScore(order.openedAtMs, ctx.nowMs, ctx.tier)
  );
}
