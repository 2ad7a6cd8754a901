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

export type LoginThrottle = { maxFailuresPerAccount: number; maxFailuresPerAddress: number; windowMinutes: number };

/** Refuses further attempts once an account or an address has failed too often within the window. */
export function loginRefused(failures: { account: number; address: number }, limits: LoginThrottle): boolean {
  return failures.account >= limits.maxFailuresPerAccount || failures.address >= limits.maxFailuresPerAddress;
}

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}
