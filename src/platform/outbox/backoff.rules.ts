/**
 * When a failed delivery is tried again, and when it is given up (dead-lettered for an operator to resend).
 * Pure: `now` is passed in.
 */

/** The first retry comes within a minute (DESIGN §4.13): 30 s, 1 min, 2 min … doubling, capped at an hour. */
export function nextDeliveryAttemptAt(now: Date, failedAttempts: number, notBefore?: Date): Date {
  const seconds = Math.min(30 * 2 ** Math.max(0, failedAttempts - 1), 3600);
  const at = new Date(now.getTime() + seconds * 1000);
  // A receiver that said when to come back (a rate limit's Retry-After) is not asked sooner.
  return notBefore && notBefore > at ? notBefore : at;
}

/** After `maxAttempts` failed tries a delivery is dead: kept, visible to ops, sent again only by hand. */
export function isGivenUp(failedAttempts: number, maxAttempts: number): boolean {
  return failedAttempts >= maxAttempts;
}

/** A `Retry-After` header (seconds, or an HTTP date) as an instant, if it is one; at most a day away. */
export function retryAfterOf(header: string | undefined, now: Date): Date | undefined {
  if (header === undefined || header.trim() === '') return undefined;
  const v = header.trim();
  const ms = /^\d+$/.test(v) ? Number(v) * 1000 : Date.parse(v) - now.getTime();
  if (!Number.isFinite(ms) || ms <= 0) return undefined;
  return new Date(now.getTime() + Math.min(ms, 86_400_000));
}
