import type { Config } from '../platform/config.ts';
import type { Db } from '../platform/db/database.ts';
import { checkRatingConfig, DEFAULT_RATING_CONFIG, rate, type Rating, type RatingConfig, type Tier } from './score.rules.ts';
import { checkTrafficConfig, type TrafficConfig } from './traffic.rules.ts';
import * as store from './store.ts';

/**
 * The read side of ratings that other areas use (the marketplace asks a consultant's tier for waves and caps).
 * Kept apart from the outcome listeners, which read other areas: this file imports none, so no area that the
 * listeners read can be pulled into a cycle through the marketplace.
 */

/** The rating configuration in force: the rules' defaults with the tier thresholds from TENURE_RATING_TIERS. */
export function ratingConfigOf(config: Pick<Config, 'ratingTiers'>): RatingConfig {
  return checkRatingConfig({ ...DEFAULT_RATING_CONFIG, tiers: config.ratingTiers });
}

/** Waves and caps from TENURE_TRAFFIC_WAVES / TENURE_ENGAGEMENT_CAPS; TENURE_MAX_ENGAGEMENTS, when set, caps every tier alike. */
export function trafficConfigOf(config: Pick<Config, 'traffic' | 'maxEngagements'>): TrafficConfig {
  const cap = config.maxEngagements;
  return checkTrafficConfig({
    waveMinutes: { ...config.traffic.waveMinutes },
    engagementCap: cap === undefined ? { ...config.traffic.engagementCap } : { S: cap, A: cap, B: cap, C: cap },
  });
}

/** A consultant's rating now: its counters against the platform's (twelve rows by primary key). */
export async function consultantRating(db: Db, config: Pick<Config, 'ratingTiers'>, consultantId: string): Promise<Rating> {
  const [own, platform] = await Promise.all([store.talliesOf(db, 'consultant', consultantId), store.talliesOf(db, 'platform', 'all')]);
  return rate(own, platform, ratingConfigOf(config));
}

export async function consultantTier(db: Db, config: Pick<Config, 'ratingTiers'>, consultantId: string): Promise<Tier> {
  return (await consultantRating(db, config, consultantId)).tier;
}
