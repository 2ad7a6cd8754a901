import type { Actor, Role } from '../platform/auth/actor.ts';
import { DUMMY_PASSWORD_HASH, hashPassword, verifyPassword } from '../platform/auth/passwords.ts';
import { hashSecret, newSecret } from '../platform/auth/secrets.ts';
import { appendAuditEvent } from '../platform/audit/audit-log.ts';
import { inTransaction } from '../platform/db/database.ts';
import type { AppDeps } from '../platform/deps.ts';
import { DomainError, notFound } from '../platform/errors.ts';
import { loginCounters, normalizeEmail, overLimit, sessionStateAt, shouldTouchSession } from './session.rules.ts';
import * as store from './store.ts';

export type SessionInfo = { user: store.User; org: store.Org; csrfToken: string };

/** Where a sign-in comes from: the client address (the proxy's view with TENURE_TRUST_PROXY) and its user agent. */
export type ClientInfo = { address: string; userAgent: string | undefined };

/**
 * Reserves one attempt on each throttle counter of (email, address) in one transaction, before any
 * password is hashed: a counter over its limit rolls the whole reservation back and refuses with 429.
 * Answers the hashed keys, to give the attempt back when the password was right.
 */
async function reserveAttempt(deps: AppDeps, email: string, address: string, now: Date): Promise<{ pair: string; wider: string[] }> {
  const limits = deps.config.login;
  const since = new Date(now.getTime() - limits.windowMinutes * 60_000).toISOString();
  const counters = loginCounters(email, address, limits).map((c) => ({ ...c, key: hashSecret(c.key) }));
  await inTransaction(deps.db, async (tx) => {
    for (const counter of counters) {
      const attempts = await store.reserveLoginAttempt(tx, counter.key, now.toISOString(), since);
      if (overLimit(attempts, counter)) {
        throw new DomainError('rate_limited', `too many failed sign-ins; try again in ${limits.windowMinutes} minutes`, { retryAfterSeconds: limits.windowMinutes * 60 });
      }
    }
  });
  return { pair: counters[0]!.key, wider: counters.slice(1).map((c) => c.key) };
}

export async function login(deps: AppDeps, input: { email: string; password: string } & ClientInfo): Promise<SessionInfo & { secret: string }> {
  const email = normalizeEmail(input.email);
  const now = deps.wallClock.now();
  const reserved = await reserveAttempt(deps, email, input.address, now);
  const user = await store.findLoginUser(deps.db, email);
  const passwordOk = await verifyPassword(input.password, user?.passwordHash ?? DUMMY_PASSWORD_HASH);
  // A wrong attempt keeps its reservation: it is a failure counted in the window.
  if (!user || !passwordOk || user.disabled) throw new DomainError('unauthenticated', 'e-mail or password is wrong, or the account is disabled');
  const secret = newSecret();
  const csrfToken = newSecret();
  const expiresAt = new Date(now.getTime() + deps.config.sessionMaxHours * 3_600_000).toISOString();
  const org = await inTransaction(deps.db, async (tx) => {
    await store.releaseLoginAttempt(tx, reserved.pair, reserved.wider);
    await store.insertSession(tx, { idHash: hashSecret(secret), userId: user.id, csrfToken, now: now.toISOString(), expiresAt, userAgent: input.userAgent, address: input.address });
    await appendAuditEvent(tx, deps.clock.now(), { actorUserId: user.id, orgId: user.orgId, subjectType: 'user', subjectId: user.id, type: 'auth.signed_in', payload: {} });
    return tx.selectFrom('orgs').selectAll().where('id', '=', user.orgId).executeTakeFirstOrThrow();
  });
  const { passwordHash: _ignored, orgKind: _kind, ...publicUser } = user;
  return { secret, csrfToken, user: publicUser, org: store.toOrg(org) };
}

export async function logout(deps: AppDeps, actor: Actor, secret: string): Promise<void> {
  await inTransaction(deps.db, async (tx) => {
    await store.revokeSession(tx, hashSecret(secret), deps.wallClock.now().toISOString());
    await appendAuditEvent(tx, deps.clock.now(), { actorUserId: actor.userId, orgId: actor.orgId, subjectType: 'user', subjectId: actor.userId, type: 'auth.signed_out', payload: {} });
  });
}

/** The actor behind a session cookie, or null when the session is unknown, expired, revoked or its user disabled. */
export async function actorFromSession(deps: AppDeps, secret: string): Promise<{ actor: Actor; csrfToken: string } | null> {
  const idHash = hashSecret(secret);
  const row = await store.findSessionWithUser(deps.db, idHash);
  if (!row) return null;
  const now = deps.wallClock.now();
  const state = sessionStateAt(
    now,
    { lastSeenAt: row.last_seen_at, expiresAt: row.expires_at, revokedAt: row.revoked_at, userDisabled: Number(row.disabled) === 1 },
    deps.config.sessionIdleMinutes,
  );
  if (state !== 'active') return null;
  if (shouldTouchSession(now, row.last_seen_at)) await store.touchSession(deps.db, idHash, now.toISOString());
  return {
    actor: { userId: row.user_id, orgId: row.org_id, orgKind: row.org_kind, role: row.role as Role, via: 'session' },
    csrfToken: row.csrf_token,
  };
}

export async function actorFromApiToken(deps: AppDeps, token: string): Promise<Actor | null> {
  const row = await store.findTokenActor(deps.db, hashSecret(token));
  if (!row || row.revoked_at || Number(row.disabled) === 1) return null;
  const now = deps.wallClock.now();
  if (!row.last_used_at || shouldTouchSession(now, row.last_used_at)) await store.markTokenUsed(deps.db, row.id, now.toISOString());
  return { userId: row.user_id, orgId: row.org_id, orgKind: row.org_kind, role: row.role as Role, via: 'token' };
}

export async function sessionInfo(deps: AppDeps, actor: Actor, csrfToken: string): Promise<SessionInfo> {
  const user = await store.findUser(deps.db, actor, actor.userId);
  const org = await store.findOrg(deps.db, actor, actor.orgId);
  if (!user || !org) throw new DomainError('unauthenticated', 'the session is no longer valid');
  return { user, org, csrfToken };
}

/**
 * A signed-in user changes their password with the current one. A wrong current password counts as a failed
 * sign-in (the same throttle), so this is no side door for guessing. Every other session of the user ends.
 */
export async function changePassword(
  deps: AppDeps,
  actor: Actor,
  sessionSecret: string | undefined,
  input: { currentPassword: string; newPassword: string } & ClientInfo,
): Promise<void> {
  if (actor.via !== 'session' || !sessionSecret) throw new DomainError('forbidden', 'a password is changed by its user, signed in, not with an API token');
  const now = deps.wallClock.now();
  const current = await store.lockPasswordHash(deps.db, actor.userId, deps.dialect);
  if (!current) throw new DomainError('unauthenticated', 'the session is no longer valid');
  const reserved = await reserveAttempt(deps, current.email, input.address, now);
  if (!(await verifyPassword(input.currentPassword, current.passwordHash))) throw new DomainError('invalid_input', 'currentPassword: is not your current password', { field: 'currentPassword' });
  const newHash = await hashPassword(input.newPassword);
  await inTransaction(deps.db, async (tx) => {
    // Lock, then check: the hash must still be the one the current password was checked against.
    const locked = await store.lockPasswordHash(tx, actor.userId, deps.dialect);
    if (locked?.passwordHash !== current.passwordHash) throw new DomainError('conflict', 'the password was changed meanwhile; sign in again');
    await store.setPasswordHash(tx, actor.userId, newHash);
    await store.revokeOtherSessions(tx, actor.userId, hashSecret(sessionSecret), now.toISOString());
    await store.releaseLoginAttempt(tx, reserved.pair, reserved.wider);
    await appendAuditEvent(tx, deps.clock.now(), { actorUserId: actor.userId, orgId: actor.orgId, subjectType: 'user', subjectId: actor.userId, type: 'auth.password_changed', payload: {} });
  });
}

export type OwnSession = { id: string; createdAt: string; lastSeenAt: string; expiresAt: string; userAgent: string | null; address: string | null; current: boolean };

/** The caller's own active sessions, newest first, marking the one making this request. */
export async function listOwnSessions(deps: AppDeps, actor: Actor, sessionSecret: string | undefined): Promise<OwnSession[]> {
  const now = deps.wallClock.now();
  const currentHash = sessionSecret ? hashSecret(sessionSecret) : null;
  const rows = await store.listOpenSessions(deps.db, actor.userId, now.toISOString());
  return rows
    .filter((r) => sessionStateAt(now, { lastSeenAt: r.lastSeenAt, expiresAt: r.expiresAt, revokedAt: null, userDisabled: false }, deps.config.sessionIdleMinutes) === 'active')
    .map(({ idHash, ...r }) => ({ ...r, current: idHash === currentHash }));
}

/** Ends one of the caller's own sessions (another device); another user's session is not found. */
export async function revokeOwnSession(deps: AppDeps, actor: Actor, sessionId: string): Promise<void> {
  await inTransaction(deps.db, async (tx) => {
    if (!(await store.revokeOwnSession(tx, actor.userId, sessionId, deps.wallClock.now().toISOString()))) throw notFound('session');
    await appendAuditEvent(tx, deps.clock.now(), { actorUserId: actor.userId, orgId: actor.orgId, subjectType: 'session', subjectId: sessionId, type: 'auth.session_revoked', payload: {} });
  });
}

/**
 * Sets a new password with a one-time reset link an admin issued. The link is spent in one statement, so it
 * works once; every session of the user ends. An unknown, spent or expired link is refused naming `token`.
 */
export async function resetPassword(deps: AppDeps, input: { token: string; newPassword: string }): Promise<void> {
  const newHash = await hashPassword(input.newPassword);
  const now = deps.wallClock.now().toISOString();
  await inTransaction(deps.db, async (tx) => {
    const reset = await store.spendPasswordReset(tx, hashSecret(input.token), now);
    if (!reset) throw new DomainError('invalid_input', 'token: this reset link is unknown, already used or expired; ask your admin for a new one', { field: 'token' });
    const user = await tx.selectFrom('users').select(['id', 'org_id']).where('id', '=', reset.userId).executeTakeFirstOrThrow();
    await store.setPasswordHash(tx, user.id, newHash);
    await store.revokeSessionsOfUser(tx, user.id, now);
    await appendAuditEvent(tx, deps.clock.now(), { actorUserId: user.id, orgId: user.org_id, subjectType: 'user', subjectId: user.id, type: 'auth.password_reset_used', payload: { resetId: reset.id } });
  });
}
