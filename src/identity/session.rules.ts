export type SessionState = 'active' | 'revoked' | 'idle_expired' | 'expired' | 'user_disabled';

/** A session lives until logout, its absolute expiry, a pause longer than the idle limit, or its user is disabled. */
export function sessionStateAt(
  now: Date,
  s: { lastSeenAt: string; expiresAt: string; revokedAt: string | null; userDisabled: boolean },
  idleMinutes: number,
): SessionState {
  if (s.revokedAt) return 'revoked';
  if (s.userDisabled) return 'user_disabled';
  if (now.getTime() >= new Date(s.expiresAt).getTime()) return 'expired';
  if (now.getTime() - new Date(s.lastSeenAt).getTime() > idleMinutes * 60_000) return 'idle_expired';
  return 'active';
}

/** Refreshing last-seen on every request would write on every read; once a minute is enough for idle expiry. */
export function shouldTouchSession(now: Date, lastSeenAt: string): boolean {
  return now.getTime() - new Date(lastSeenAt).getTime() > 60_000;
}

export type LoginThrottle = { maxFailuresPerPair: number; maxFailuresPerAccount: number; maxFailuresPerAddress: number; windowMinutes: number };

/** One counter a sign-in attempt is counted on, with the most attempts it may hold within the window. */
export type ThrottleCounter = { scope: 'pair' | 'account' | 'address'; key: string; limit: number };

/**
 * The counters one sign-in attempt reserves a place on, strictest first:
 * - the account and address pair (few failures): the guesser at one place is stopped, while the account's
 *   owner elsewhere — or a colleague behind the same proxy on another account — still signs in;
 * - the account, with a looser ceiling: guessing from many addresses at once stays bounded, and a few
 *   guesses from elsewhere cannot lock its owner out;
 * - the address, with a ceiling for password spraying across accounts, high enough that many people
 *   behind one proxy do not lock each other out (and TENURE_TRUST_PROXY makes the address the real client's).
 */
export function loginCounters(email: string, address: string, limits: LoginThrottle): ThrottleCounter[] {
  return [
    { scope: 'pair', key: `pair:${email}\n${address}`, limit: limits.maxFailuresPerPair },
    { scope: 'account', key: `account:${email}`, limit: limits.maxFailuresPerAccount },
    { scope: 'address', key: `address:${address}`, limit: limits.maxFailuresPerAddress },
  ];
}

/** Whether an attempt that brought a counter to `attempts` (itself included) goes beyond its limit. */
export function overLimit(attempts: number, counter: ThrottleCounter): boolean {
  return attempts > counter.limit;
}

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}
