import { invalidInput } from '../platform/errors.ts';
import type { Tier } from './score.rules.ts';

/**
 * Traffic by tier (DESIGN §4.9): a new job order reaches the tiers in waves on the business clock (S at once,
 * A after 2 h, B after 6 h, C after 24 h by default), and a consultant's concurrent engagements are capped by its
 * tier (S 15, A 10, B 6, C 3 by default). A consultant learns when an order opens to its own tier, never which
 * others can see it.
 */

export const TIERS: readonly Tier[] = ['S', 'A', 'B', 'C'];

export interface TrafficConfig {
  /** Minutes after an order opens before each tier sees it. */
  readonly waveMinutes: Record<Tier, number>;
  readonly engagementCap: Record<Tier, number>;
}

export const DEFAULT_TRAFFIC_CONFIG: TrafficConfig = {
  waveMinutes: { S: 0, A: 120, B: 360, C: 1440 },
  engagementCap: { S: 15, A: 10, B: 6, C: 3 },
};

export function checkTrafficConfig(c: TrafficConfig): TrafficConfig {
  let previous = -1;
  for (const t of TIERS) {
    const w = c.waveMinutes[t];
    if (!(Number.isInteger(w) && w >= 0)) throw invalidInput(`waveMinutes.${t}`, 'must be a whole number of minutes, 0 or more');
    // A better tier never waits longer than a worse one.
    if (w < previous) throw invalidInput(`waveMinutes.${t}`, 'must not be shorter than the tier above');
    previous = w;
    const cap = c.engagementCap[t];
    if (!(Number.isInteger(cap) && cap >= 0)) throw invalidInput(`engagementCap.${t}`, 'must be a whole number, 0 or more');
  }
  return c;
}

function instantMs(value: string, field: string): number {
  const ms = Date.parse(value);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(value) || Number.isNaN(ms)) throw invalidInput(field, 'must be an ISO-8601 instant');
  return ms;
}

/** The instant (ISO-8601 UTC) an order opened at `openedAt` becomes visible to `tier`. */
export function visibleFrom(openedAt: string, tier: Tier, config: TrafficConfig = DEFAULT_TRAFFIC_CONFIG): string {
  const c = checkTrafficConfig(config);
  return new Date(instantMs(openedAt, 'openedAt') + c.waveMinutes[tier] * 60_000).toISOString();
}

export function isVisibleTo(now: Date, openedAt: string, tier: Tier, config: TrafficConfig = DEFAULT_TRAFFIC_CONFIG): boolean {
  return now.getTime() >= Date.parse(visibleFrom(openedAt, tier, config));
}

const timeFormatters = new Map<string, Intl.DateTimeFormat>();
function wallClock(ms: number, timeZone: string): { date: string; time: string } {
  let f = timeFormatters.get(timeZone);
  if (f === undefined) {
    try {
      f = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' });
    } catch {
      throw invalidInput('timeZone', 'must be an IANA time zone');
    }
    timeFormatters.set(timeZone, f);
  }
  const p: Record<string, string> = {};
  for (const part of f.formatToParts(new Date(ms))) p[part.type] = part.value;
  return { date: `${p.year}-${p.month}-${p.day}`, time: `${p.hour}:${p.minute}` };
}

export interface Visibility {
  readonly visible: boolean;
  /** When the order opens to the viewer's tier (ISO-8601 UTC). */
  readonly opensAt: string;
  /** Why it is not visible yet, in the viewer's time zone; null when visible. Names only the viewer's own tier. */
  readonly explanation: { zh: string; en: string } | null;
}

/**
 * Whether an order is visible to a consultant of `tier` at `now`, and if not, why: "opens to tier B at 14:00"
 * (the date is added when it is not today in `timeZone`).
 */
export function visibilityFor(
  now: Date,
  openedAt: string,
  tier: Tier,
  timeZone: string,
  config: TrafficConfig = DEFAULT_TRAFFIC_CONFIG,
): Visibility {
  const opensAt = visibleFrom(openedAt, tier, config);
  const opensMs = Date.parse(opensAt);
  if (now.getTime() >= opensMs) return { visible: true, opensAt, explanation: null };
  const at = wallClock(opensMs, timeZone);
  const today = wallClock(now.getTime(), timeZone).date;
  const sameDay = at.date === today;
  return {
    visible: false,
    opensAt,
    explanation: sameDay
      ? { en: `opens to tier ${tier} at ${at.time}`, zh: `${at.time} 向 ${tier} 级开放` }
      : { en: `opens to tier ${tier} on ${at.date} at ${at.time}`, zh: `${at.date} ${at.time} 向 ${tier} 级开放` },
  };
}

export function engagementCap(tier: Tier, config: TrafficConfig = DEFAULT_TRAFFIC_CONFIG): number {
  return checkTrafficConfig(config).engagementCap[tier];
}

/** Whether a consultant of `tier` with `active` concurrent engagements may take one more. */
export function mayTakeEngagement(tier: Tier, active: number, config: TrafficConfig = DEFAULT_TRAFFIC_CONFIG): boolean {
  if (!(Number.isInteger(active) && active >= 0)) throw invalidInput('active', 'must be a whole number, 0 or more');
  return active < engagementCap(tier, config);
}
