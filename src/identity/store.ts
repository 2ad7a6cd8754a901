import { sql } from 'kysely';
import type { Actor, Role } from '../platform/auth/actor.ts';
import type { Db } from '../platform/db/database.ts';
import { precompiledQuery } from '../platform/db/precompiled.ts';
import { newId } from '../platform/ids.ts';
import type { ApiTokensTable, OrgKind, OrgsTable, UsersTable } from '../platform/db/schema.ts';
import { ownedByActorOrg } from '../platform/tenancy.ts';

export type Org = { id: string; name: string; kind: OrgKind; timeZone: string; createdAt: string };
export type User = { id: string; orgId: string; email: string; name: string; role: Role; disabled: boolean; locale: string; createdAt: string };
export type ApiToken = { id: string; orgId: string; name: string; createdBy: string; createdAt: string; revokedAt: string | null; lastUsedAt: string | null };

export const toOrg = (r: OrgsTable): Org => ({ id: r.id, name: r.name, kind: r.kind, timeZone: r.time_zone, createdAt: r.created_at });
export const toUser = (r: UsersTable): User => ({
  id: r.id,
  orgId: r.org_id,
  email: r.email,
  name: r.name,
  role: r.role as Role,
  disabled: Number(r.disabled) === 1,
  locale: r.locale,
  createdAt: r.created_at,
});
const toToken = (r: ApiTokensTable): ApiToken => ({
  id: r.id,
  orgId: r.org_id,
  name: r.name,
  createdBy: r.created_by,
  createdAt: r.created_at,
  revokedAt: r.revoked_at,
  lastUsedAt: r.last_used_at,
});

// --- orgs (tenant-scoped) ---
export async function listOrgs(db: Db, actor: Actor): Promise<Org[]> {
  const rows = await ownedByActorOrg(db.selectFrom('orgs').selectAll(), 'orgs.id', actor).orderBy('created_at').execute();
  return rows.map(toOrg);
}

export async function findOrg(db: Db, actor: Actor, orgId: string): Promise<Org | undefined> {
  const row = await ownedByActorOrg(db.selectFrom('orgs').selectAll(), 'orgs.id', actor).where('id', '=', orgId).executeTakeFirst();
  return row && toOrg(row);
}

/** Unscoped: for internal lookups by other areas' services (through identity's service), never for a caller's read. */
export async function findOrgById(db: Db, orgId: string): Promise<Org | undefined> {
  const row = await db.selectFrom('orgs').selectAll().where('id', '=', orgId).executeTakeFirst();
  return row && toOrg(row);
}

export async function insertOrg(db: Db, org: Org): Promise<void> {
  await db.insertInto('orgs').values({ id: org.id, name: org.name, kind: org.kind, time_zone: org.timeZone, created_at: org.createdAt }).execute();
}

// --- users (tenant-scoped) ---
export async function listUsers(db: Db, actor: Actor, orgId: string): Promise<User[]> {
  const rows = await ownedByActorOrg(db.selectFrom('users').selectAll(), 'users.org_id', actor).where('org_id', '=', orgId).orderBy('created_at').execute();
  return rows.map(toUser);
}

export async function findUser(db: Db, actor: Actor, userId: string): Promise<User | undefined> {
  const row = await ownedByActorOrg(db.selectFrom('users').selectAll(), 'users.org_id', actor).where('id', '=', userId).executeTakeFirst();
  return row && toUser(row);
}

export async function insertUser(db: Db, u: User & { passwordHash: string }): Promise<void> {
  await db
    .insertInto('users')
    .values({
      id: u.id,
      org_id: u.orgId,
      email: u.email,
      name: u.name,
      role: u.role,
      password_hash: u.passwordHash,
      disabled: u.disabled ? 1 : 0,
      locale: u.locale,
      created_at: u.createdAt,
    })
    .execute();
}

export async function emailTaken(db: Db, email: string): Promise<boolean> {
  return !!(await db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst());
}

export async function updateUser(db: Db, userId: string, patch: { name?: string; role?: Role; disabled?: boolean; locale?: string }): Promise<void> {
  const set: Partial<UsersTable> = {};
  if (patch.name !== undefined) set.name = patch.name;
  if (patch.role !== undefined) set.role = patch.role;
  if (patch.disabled !== undefined) set.disabled = patch.disabled ? 1 : 0;
  if (patch.locale !== undefined) set.locale = patch.locale;
  if (Object.keys(set).length) await db.updateTable('users').set(set).where('id', '=', userId).execute();
}

/** Unscoped: login happens before anyone is known. */
export async function findLoginUser(db: Db, email: string): Promise<(User & { passwordHash: string; orgKind: OrgKind }) | undefined> {
  const row = await db
    .selectFrom('users')
    .innerJoin('orgs', 'orgs.id', 'users.org_id')
    .selectAll('users')
    .select('orgs.kind as org_kind')
    .where('users.email', '=', email)
    .executeTakeFirst();
  return row && { ...toUser(row), passwordHash: row.password_hash, orgKind: row.org_kind };
}

// --- sessions ---
export async function insertSession(
  db: Db,
  s: { idHash: string; userId: string; csrfToken: string; now: string; expiresAt: string; userAgent: string | undefined; address: string },
): Promise<void> {
  await db
    .insertInto('sessions')
    .values({
      id_hash: s.idHash,
      id: newId(),
      user_id: s.userId,
      csrf_token: s.csrfToken,
      created_at: s.now,
      last_seen_at: s.now,
      expires_at: s.expiresAt,
      revoked_at: null,
      // A user agent is only shown back to its own user; a long one is cut, not refused.
      user_agent: s.userAgent ? s.userAgent.slice(0, 300) : null,
      address: s.address,
    })
    .execute();
}

/** Every signed-in request runs this: compiled once (precompiled.ts). */
const sessionWithUser = precompiledQuery((db, p: { idHash: string }) =>
  db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .innerJoin('orgs', 'orgs.id', 'users.org_id')
    .select([
      'sessions.id_hash',
      'sessions.csrf_token',
      'sessions.last_seen_at',
      'sessions.expires_at',
      'sessions.revoked_at',
      'users.id as user_id',
      'users.org_id',
      'users.role',
      'users.disabled',
      'orgs.kind as org_kind',
    ])
    .where('sessions.id_hash', '=', p.idHash),
);

export async function findSessionWithUser(db: Db, idHash: string) {
  return (await sessionWithUser(db, { idHash }))[0];
}

export async function touchSession(db: Db, idHash: string, now: string): Promise<void> {
  await db.updateTable('sessions').set({ last_seen_at: now }).where('id_hash', '=', idHash).execute();
}

export async function revokeSession(db: Db, idHash: string, now: string): Promise<void> {
  await db.updateTable('sessions').set({ revoked_at: now }).where('id_hash', '=', idHash).where('revoked_at', 'is', null).execute();
}

export async function revokeSessionsOfUser(db: Db, userId: string, now: string): Promise<void> {
  await db.updateTable('sessions').set({ revoked_at: now }).where('user_id', '=', userId).where('revoked_at', 'is', null).execute();
}

/** Unscoped: the user's own password hash, read for a change of password (the caller is that user), row-locked on PostgreSQL. */
export async function lockPasswordHash(db: Db, userId: string, dialect: 'sqlite' | 'postgres'): Promise<{ email: string; passwordHash: string } | undefined> {
  let q = db.selectFrom('users').select(['email', 'password_hash']).where('id', '=', userId);
  if (dialect === 'postgres') q = q.forUpdate();
  const row = await q.executeTakeFirst();
  return row && { email: row.email, passwordHash: row.password_hash };
}

export async function setPasswordHash(db: Db, userId: string, passwordHash: string): Promise<void> {
  await db.updateTable('users').set({ password_hash: passwordHash }).where('id', '=', userId).execute();
}

// --- a user's own sessions ---
export type SessionRow = { id: string; idHash: string; createdAt: string; lastSeenAt: string; expiresAt: string; userAgent: string | null; address: string | null };

/** The sessions of one user not yet revoked or past their absolute expiry (the caller filters idle ones). */
export async function listOpenSessions(db: Db, userId: string, now: string): Promise<SessionRow[]> {
  const rows = await db
    .selectFrom('sessions')
    .select(['id', 'id_hash', 'created_at', 'last_seen_at', 'expires_at', 'user_agent', 'address'])
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', now)
    .orderBy('created_at', 'desc')
    .execute();
  return rows.map((r) => ({ id: r.id ?? '', idHash: r.id_hash, createdAt: r.created_at, lastSeenAt: r.last_seen_at, expiresAt: r.expires_at, userAgent: r.user_agent, address: r.address }));
}

/** Revokes one session of `userId` by its public id; answers whether one was revoked. */
export async function revokeOwnSession(db: Db, userId: string, sessionId: string, now: string): Promise<boolean> {
  const res = await db.updateTable('sessions').set({ revoked_at: now }).where('id', '=', sessionId).where('user_id', '=', userId).where('revoked_at', 'is', null).executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

export async function revokeOtherSessions(db: Db, userId: string, keepIdHash: string, now: string): Promise<void> {
  await db.updateTable('sessions').set({ revoked_at: now }).where('user_id', '=', userId).where('id_hash', '!=', keepIdHash).where('revoked_at', 'is', null).execute();
}

// --- password reset links ---
export async function expireOpenResets(db: Db, userId: string, now: string): Promise<void> {
  await db.updateTable('password_resets').set({ expires_at: now }).where('user_id', '=', userId).where('used_at', 'is', null).where('expires_at', '>', now).execute();
}

export async function insertPasswordReset(db: Db, r: { id: string; userId: string; tokenHash: string; createdBy: string; createdAt: string; expiresAt: string }): Promise<void> {
  await db
    .insertInto('password_resets')
    .values({ id: r.id, user_id: r.userId, token_hash: r.tokenHash, created_by: r.createdBy, created_at: r.createdAt, expires_at: r.expiresAt, used_at: null })
    .execute();
}

/**
 * Spends a reset link in one statement (so two uses at once cannot both succeed) and answers its user,
 * or undefined when the link is unknown, spent or expired.
 */
export async function spendPasswordReset(db: Db, tokenHash: string, now: string): Promise<{ id: string; userId: string } | undefined> {
  const res = await db.updateTable('password_resets').set({ used_at: now }).where('token_hash', '=', tokenHash).where('used_at', 'is', null).where('expires_at', '>', now).executeTakeFirst();
  if (Number(res.numUpdatedRows) !== 1) return undefined;
  const row = await db.selectFrom('password_resets').select(['id', 'user_id']).where('token_hash', '=', tokenHash).executeTakeFirstOrThrow();
  return { id: row.id, userId: row.user_id };
}

// --- login throttling ---
/**
 * Reserves one attempt on a throttled key in one statement and answers the attempts now counted in the
 * window (this one included). The upsert takes the row's lock, so parallel attempts on PostgreSQL count
 * one after another; a window that has passed starts again at 1.
 */
export async function reserveLoginAttempt(db: Db, key: string, now: string, windowStartsAfter: string): Promise<number> {
  const row = await sql<{ attempts: number | string }>`
    insert into login_throttle (key, window_started_at, attempts) values (${key}, ${now}, 1)
    on conflict (key) do update set
      attempts = case when login_throttle.window_started_at <= ${windowStartsAfter} then 1 else login_throttle.attempts + 1 end,
      window_started_at = case when login_throttle.window_started_at <= ${windowStartsAfter} then ${now} else login_throttle.window_started_at end
    returning attempts`.execute(db);
  return Number(row.rows[0]?.attempts ?? 0);
}

/** A successful sign-in gives its reserved attempt back on the wider counters and clears its pair's. */
export async function releaseLoginAttempt(db: Db, pairKey: string, widerKeys: readonly string[]): Promise<void> {
  await db.deleteFrom('login_throttle').where('key', '=', pairKey).execute();
  if (widerKeys.length === 0) return;
  await db
    .updateTable('login_throttle')
    .set((eb) => ({ attempts: eb.case().when('attempts', '>', 0).then(eb('attempts', '-', 1)).else(0).end() }))
    .where('key', 'in', [...widerKeys])
    .execute();
}

// --- API tokens (tenant-scoped) ---
export async function listApiTokens(db: Db, actor: Actor, orgId: string): Promise<ApiToken[]> {
  const rows = await ownedByActorOrg(db.selectFrom('api_tokens').selectAll(), 'api_tokens.org_id', actor).where('org_id', '=', orgId).orderBy('created_at').execute();
  return rows.map(toToken);
}

export async function findApiToken(db: Db, actor: Actor, tokenId: string): Promise<ApiToken | undefined> {
  const row = await ownedByActorOrg(db.selectFrom('api_tokens').selectAll(), 'api_tokens.org_id', actor).where('id', '=', tokenId).executeTakeFirst();
  return row && toToken(row);
}

export async function insertApiToken(db: Db, t: ApiToken & { tokenHash: string }): Promise<void> {
  await db
    .insertInto('api_tokens')
    .values({ id: t.id, org_id: t.orgId, name: t.name, token_hash: t.tokenHash, created_by: t.createdBy, created_at: t.createdAt, revoked_at: null, last_used_at: null })
    .execute();
}

export async function revokeApiToken(db: Db, tokenId: string, now: string): Promise<void> {
  await db.updateTable('api_tokens').set({ revoked_at: now }).where('id', '=', tokenId).where('revoked_at', 'is', null).execute();
}

export async function findTokenActor(db: Db, tokenHash: string) {
  return db
    .selectFrom('api_tokens')
    .innerJoin('users', 'users.id', 'api_tokens.created_by')
    .innerJoin('orgs', 'orgs.id', 'api_tokens.org_id')
    .select(['api_tokens.id', 'api_tokens.revoked_at', 'api_tokens.last_used_at', 'users.id as user_id', 'users.org_id', 'users.role', 'users.disabled', 'orgs.kind as org_kind'])
    .where('api_tokens.token_hash', '=', tokenHash)
    .executeTakeFirst();
}

export async function markTokenUsed(db: Db, tokenId: string, now: string): Promise<void> {
  await db.updateTable('api_tokens').set({ last_used_at: now }).where('id', '=', tokenId).execute();
}

/** Display names of a user and of its org. */
export async function userAndOrgNames(db: Db, userId: string): Promise<{ userName: string; orgName: string } | undefined> {
  const row = await db
    .selectFrom('users')
    .innerJoin('orgs', 'orgs.id', 'users.org_id')
    .select(['users.name as user_name', 'orgs.name as org_name'])
    .where('users.id', '=', userId)
    .executeTakeFirst();
  return row && { userName: row.user_name, orgName: row.org_name };
}

/** Every enabled user of a role, across orgs (platform roles: arbitrators for assignment), by name. */
export async function usersWithRole(db: Db, role: Role): Promise<User[]> {
  const rows = await db.selectFrom('users').selectAll().where('role', '=', role).where('disabled', '=', 0).orderBy('name').orderBy('id').execute();
  return rows.map(toUser);
}

export async function userById(db: Db, userId: string): Promise<User | undefined> {
  const r = await db.selectFrom('users').selectAll().where('id', '=', userId).executeTakeFirst();
  return r && toUser(r);
}

/** Unscoped: the assessor orgs (a directory anyone who assigns assessments may read: names only). */
export async function assessorOrgs(db: Db): Promise<Array<{ id: string; name: string }>> {
  return db.selectFrom('orgs').select(['id', 'name']).where('kind', '=', 'assessor').orderBy('name').orderBy('id').execute();
}

export async function platformOrgIds(db: Db): Promise<string[]> {
  return (await db.selectFrom('orgs').select('id').where('kind', '=', 'platform').orderBy('id').execute()).map((r) => r.id);
}

/**
 * Display names of the given orgs and users in ONE query (a union of both tables), for a page of another area's
 * rows. Unknown ids are simply absent.
 */
export async function namesByIds(
  db: Db,
  orgIds: readonly string[],
  userIds: readonly string[],
): Promise<Array<{ kind: 'org' | 'user'; id: string; name: string; orgId: string }>> {
  const orgs = db.selectFrom('orgs').select([sql<'org' | 'user'>`'org'`.as('kind'), 'id', 'name', 'id as orgId']).where('id', 'in', orgIds);
  const users = db.selectFrom('users').select([sql<'org' | 'user'>`'user'`.as('kind'), 'id', 'name', 'org_id as orgId']).where('id', 'in', userIds);
  if (orgIds.length > 0 && userIds.length > 0) return orgs.unionAll(users).execute();
  if (orgIds.length > 0) return orgs.execute();
  if (userIds.length > 0) return users.execute();
  return [];
}

/** The ids of an org's consultants (the people a consultant-share table lists). */
export async function consultantIdsOf(db: Db, orgId: string): Promise<string[]> {
  return (await db.selectFrom('users').select('id').where('org_id', '=', orgId).where('role', '=', 'consultant').orderBy('id').execute()).map((r) => r.id);
}

export async function orgExists(db: Db, orgId: string): Promise<boolean> {
  return (await db.selectFrom('orgs').select('id').where('id', '=', orgId).executeTakeFirst()) !== undefined;
}

/**
 * Locks an org's row until the transaction ends, so two money moves on one org's balance serialize. SQLite has
 * no row locks: a no-op update takes the database's write lock at once instead.
 */
export async function lockOrg(db: Db, dialect: 'sqlite' | 'postgres', orgId: string): Promise<boolean> {
  if (dialect === 'sqlite') {
    const r = await db.updateTable('orgs').set((eb) => ({ name: eb.ref('name') })).where('id', '=', orgId).executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }
  return (await db.selectFrom('orgs').select('id').where('id', '=', orgId).forUpdate().executeTakeFirst()) !== undefined;
}

/** The enabled users of these orgs with their org's kind (notifications' e-mail recipients). */
export async function enabledUsersOfOrgs(db: Db, orgIds: readonly string[]): Promise<Array<{ id: string; orgId: string; orgKind: OrgKind; email: string; role: Role; locale: string }>> {
  if (orgIds.length === 0) return [];
  const rows = await db
    .selectFrom('users as u')
    .innerJoin('orgs as o', 'o.id', 'u.org_id')
    .select(['u.id', 'u.org_id', 'o.kind', 'u.email', 'u.role', 'u.locale'])
    .where('u.org_id', 'in', [...orgIds])
    .where('u.disabled', '=', 0)
    .orderBy('u.id')
    .execute();
  return rows.map((r) => ({ id: r.id, orgId: r.org_id, orgKind: r.kind, email: r.email, role: r.role as Role, locale: r.locale }));
}
