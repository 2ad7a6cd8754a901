import { orgTimeZoneOf } from '../identity/service.ts';
import type { Actor } from '../platform/auth/actor.ts';
import type { Db } from '../platform/db/database.ts';
import type { Ctx } from '../platform/deps.ts';
import { DomainError } from '../platform/errors.ts';
import type { Tier } from '../ratings/score.rules.ts';
import { consultantTier, trafficConfigOf } from '../ratings/tier.service.ts';
import { engagementCap, TIERS, visibilityFor, type TrafficConfig, type Visibility } from '../ratings/traffic.rules.ts';
import type { TierWindow } from './ranking.rules.ts';

/**
 * Traffic weighting in the marketplace (DESIGN §4.9): a consultant sees a new order when the wave of its tier
 * reaches it, and takes at most its tier's cap of orders at once. The tier comes from the ratings area.
 * Only consultants wait for waves: an agency's admin oversees the market but takes no order.
 */
export type ViewerTraffic = { tier: Tier; config: TrafficConfig; timeZone: string };

export async function trafficOf(db: Db, ctx: Ctx, actor: Actor): Promise<ViewerTraffic | null> {
  if (actor.role !== 'consultant') return null;
  const [tier, timeZone] = await Promise.all([consultantTier(db, ctx.deps.config, actor.userId), orgTimeZoneOf(db, actor.orgId)]);
  return { tier, config: trafficConfigOf(ctx.deps.config), timeZone };
}

/** The latest opening instant an order may have to be visible to the viewer now (ISO). */
export function openedByFor(v: ViewerTraffic, now: Date): string {
  return new Date(now.getTime() - v.config.waveMinutes[v.tier] * 60_000).toISOString();
}

export function tierWindowOf(v: ViewerTraffic | null): TierWindow | undefined {
  if (v === null) return undefined;
  const next = TIERS[TIERS.indexOf(v.tier) + 1];
  return { ownWaveMinutes: v.config.waveMinutes[v.tier], nextWaveMinutes: next === undefined ? null : v.config.waveMinutes[next] };
}

export function visibilityOf(v: ViewerTraffic, now: Date, openedAt: string): Visibility {
  return visibilityFor(now, openedAt, v.tier, v.timeZone, v.config);
}

/** Refuses an order whose wave has not reached the viewer's tier, saying when it will: never who sees it already. */
export function assertWaveReached(v: ViewerTraffic | null, now: Date, openedAt: string | null): void {
  if (v === null || openedAt === null) return;
  const vis = visibilityOf(v, now, openedAt);
  if (vis.visible) return;
  throw new DomainError('forbidden', `this order ${vis.explanation?.en ?? 'is not open to your tier yet'}`, { reason: 'not_yet_open_to_tier', tier: v.tier, opensAt: vis.opensAt, explanation: vis.explanation });
}

export function capOf(ctx: Ctx, tier: Tier): number {
  return engagementCap(tier, trafficConfigOf(ctx.deps.config));
}
