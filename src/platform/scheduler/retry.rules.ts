/** After this many failed attempts an obligation is marked failed for an operator to look at. */
export const MAX_ATTEMPTS = 8;

/** Exponential backoff: 1, 2, 4 … minutes after the n-th failure, capped at six hours. */
export function nextAttemptAt(now: Date, failedAttempts: number): Date {
  const minutes = Math.min(2 ** Math.max(0, failedAttempts - 1), 360);
  return new Date(now.getTime() + minutes * 60_000);
}
