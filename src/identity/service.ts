import { randomUUID } from 'node:crypto';
import { isPlatformOps, type Role } from '../platform/auth/actor.ts';
import { hashPassword } from '../platform/auth/passwords.ts';
import { hashSecret, newSecret } from '../platform/auth/secrets.ts';
import { record } from '../platform/audit/record.ts';
import type { AuditPayloadOf } from '../platform/audit/events.ts';
import { inTransaction, type Db, type Dialect } from '../platform/db/database.ts';
import type { OrgKind } from '../platform/db/schema.ts';
import type { Ctx } from '../platform/deps.ts';
import { DomainError, forbidden, invalidInput, notFound } from '../platform/errors.ts';
import { newId } from '../platform/ids.ts';
import { isTimeZone } from '../platform/zoned-time.ts';
import { ADMIN_ROLE_OF, canManageOrg, canSeeOrg, receivesOrgWideNotifications, roleFitsOrg } from './roles.rules.ts';
import { normalizeEmail } from './session.rules.ts';
import * as store from './store.ts';

export type NewUserInput = { email: string; name: string; role: Role; password: string };

export async function listOrgs(ctx: Ctx): Promise<store.Org[]> {
  return store.listOrgs(ctx.deps.db, ctx.actor);
}

export async function getOrg(ctx: Ctx, orgId: string): Promise<store.Org> {
  const org = canSeeOrg(ctx.actor, orgId) ? await store.findOrg(ctx.deps.db, ctx.actor, orgId) : undefined;
  if (!org) throw notFound('org');
  return org;
}

/**
 * Unscoped, internal: an org's time zone for another area's use case, read in that use case's transaction
 * (e.g. a placement takes the poster's time zone for its calendar). Not for answering a caller directly.
 */
export async function orgTimeZoneOf(db: Db, orgId: string): Promise<string> {
  const org = await store.findOrgById(db, orgId);
  if (!org) throw notFound('org');
  return org.timeZone;
}

/**
 * Unscoped, internal: the display names of a user and its org, for another area's message (who took an order).
 * The one place outside identity's own views that reads people's names.
 */
export async function namesOfUser(db: Db, userId: string): Promise<{ userName: string; orgName: string }> {
  const names = await store.userAndOrgNames(db, userId);
  if (!names) throw notFound('user');
  return names;
}

/** Display names of a page's orgs and users; an id the book was not asked for (or that does not exist) is a bug. */
export type NameBook = {
  org(id: string): string;
  user(id: string): string;
  /** A nullable reference (who resolved, who accepted): null stays null. */
  userOrNull(id: string | null): string | null;
  /** The org a user belongs to (which side of a deal acted). */
  orgOfUser(id: string): string;
};

/**
 * Unscoped, internal: THE names lookup for other areas' views. A list fetches its page of rows, then asks here
 * for the names of the ids on the page: one query per page, whatever its length (never one per row).
 */
export async function namesOf(db: Db, ids: { orgs?: Iterable<string | null>; users?: Iterable<string | null> }): Promise<NameBook> {
  const distinct = (xs: Iterable<string | null> | undefined) => [...new Set([...(xs ?? [])].filter((x): x is string => x !== null))];
  const rows = await store.namesByIds(db, distinct(ids.orgs), distinct(ids.users));
  const orgs = new Map(rows.filter((r) => r.kind === 'org').map((r) => [r.id, r.name]));
  const users = new Map(rows.filter((r) => r.kind === 'user').map((r) => [r.id, r.name]));
  const orgOfUser = new Map(rows.filter((r) => r.kind === 'user').map((r) => [r.id, r.orgId]));
  const known = (map: Map<string, string>, kind: string, id: string): string => {
    const name = map.get(id);
    // Every org and user id another area holds is a foreign key: a missing one is a bug, not a blank name.
    if (name === undefined) throw new Error(`no name for ${kind} ${id}`);
    return name;
  };
  return {
    org: (id) => known(orgs, 'org', id),
    user: (id) => known(users, 'user', id),
    userOrNull: (id) => (id === null ? null : known(users, 'user', id)),
    orgOfUser: (id) => known(orgOfUser, 'user', id),
  };
}

/** Unscoped, internal: whether an org exists (a path's org before money is written for it). */
export async function orgExists(db: Db, orgId: string): Promise<boolean> {
  return store.orgExists(db, orgId);
}

/** Internal: locks an org's row for the rest of the caller's transaction (payouts and clawbacks on one balance). */
export async function lockOrg(tx: Db, dialect: Dialect, orgId: string): Promise<boolean> {
  return store.lockOrg(tx, dialect, orgId);
}

/** Unscoped, internal: the ids of an org's consultants (a consultant-share table may name only them). */
export async function consultantIdsOf(db: Db, orgId: string): Promise<Set<string>> {
  return new Set(await store.consultantIdsOf(db, orgId));
}

/** Unscoped, internal: an org's display name, for another area's message. */
export async function orgNameOf(db: Db, orgId: string): Promise<string> {
  const org = await store.findOrgById(db, orgId);
  if (!org) throw notFound('org');
  return org.name;
}

/** Unscoped, internal: the enabled arbitrators (for the disputes area's assignment and its checks). */
export async function arbitratorUsers(db: Db): Promise<Array<{ id: string; orgId: string; name: string }>> {
  return (await store.usersWithRole(db, 'arbitrator')).map((u) => ({ id: u.id, orgId: u.orgId, name: u.name }));
}

/** Unscoped, internal: a user's role and org, or undefined (for another area's checks: is this an arbitrator?). */
export async function roleOfUser(db: Db, userId: string): Promise<{ role: Role; orgId: string; disabled: boolean } | undefined> {
  const u = await store.userById(db, userId);
  return u && { role: u.role, orgId: u.orgId, disabled: u.disabled };
}

/** Someone notifications may e-mail: an enabled user, and whether items addressed to its whole org reach it. */
export type Contact = { userId: string; orgId: string; email: string; locale: string; receivesOrgWide: boolean };

/** Unscoped, internal: the enabled users of these orgs, for notifications' e-mail (one query whatever the count). */
export async function contactsOf(db: Db, orgIds: readonly string[]): Promise<Contact[]> {
  return (await store.enabledUsersOfOrgs(db, orgIds)).map((u) => ({
    userId: u.id,
    orgId: u.orgId,
    email: u.email,
    locale: u.locale,
    receivesOrgWide: receivesOrgWideNotifications({ role: u.role, orgKind: u.orgKind }),
  }));
}

/** Unscoped, internal: the assessor orgs by name (the skill plan's assignment offers them), ids and names only. */
export async function assessorOrgs(db: Db): Promise<Array<{ id: string; name: string }>> {
  return store.assessorOrgs(db);
}

/** Unscoped, internal: an org's kind, or undefined when there is no such org. */
export async function orgKindOf(db: Db, orgId: string): Promise<OrgKind | undefined> {
  return (await store.findOrgById(db, orgId))?.kind;
}

/** Unscoped, internal: the platform's org(s), whose operations people are told what needs platform action. */
export async function platformOrgIds(db: Db): Promise<string[]> {
  return store.platformOrgIds(db);
}

/** The language the acting user chose (`zh-CN` or `en`), for exports that carry words (statements). */
export async function localeOfActor(ctx: Ctx): Promise<string> {
  const user = await store.findUser(ctx.deps.db, ctx.actor, ctx.actor.userId);
  return user?.locale ?? 'zh-CN';
}

/** Platform ops open an org together with its first admin. */
export async function createOrg(
  ctx: Ctx,
  input: { name: string; kind: OrgKind; timeZone?: string | undefined; admin: Omit<NewUserInput, 'role'> },
): Promise<{ org: store.Org; admin: store.User }> {
  if (!isPlatformOps(ctx.actor)) throw forbidden('only platform operations can open an org');
  // Every date of the org (due dates, check-ins, "today") is computed in this zone: an unknown one would break them all later.
  if (input.timeZone !== undefined && !isTimeZone(input.timeZone)) throw invalidInput('timeZone', 'must be an IANA time zone such as Asia/Shanghai');
  const passwordHash = await hashPassword(input.admin.password);
  return inTransaction(ctx.deps.db, async (tx) => {
    const now = ctx.deps.clock.now().toISOString();
    const org: store.Org = { id: randomUUID(), name: input.name.trim(), kind: input.kind, timeZone: input.timeZone ?? 'Asia/Shanghai', createdAt: now };
    await store.insertOrg(tx, org);
    const admin = await insertMember(tx, org, { ...input.admin, role: ADMIN_ROLE_OF[input.kind] }, passwordHash, now);
    await record(tx, ctx, { type: 'org.created', subjectType: 'org', subjectId: org.id, orgId: org.id, payload: { kind: org.kind, adminUserId: admin.id } });
    return { org, admin };
  });
}

export async function listUsers(ctx: Ctx, orgId: string): Promise<store.User[]> {
  await getOrg(ctx, orgId);
  return store.listUsers(ctx.deps.db, ctx.actor, orgId);
}

export async function createUser(ctx: Ctx, orgId: string, input: NewUserInput): Promise<store.User> {
  const org = await getOrg(ctx, orgId);
  if (!canManageOrg(ctx.actor, orgId)) throw forbidden('only the org admin can add users');
  if (!roleFitsOrg(input.role, org.kind)) throw new DomainError('invalid_input', `role: ${input.role} is not a role of a ${org.kind} org`, { field: 'role' });
  const passwordHash = await hashPassword(input.password);
  return inTransaction(ctx.deps.db, async (tx) => {
    const user = await insertMember(tx, org, input, passwordHash, ctx.deps.clock.now().toISOString());
    await record(tx, ctx, { type: 'user.created', subjectType: 'user', subjectId: user.id, orgId, payload: { role: user.role } });
    return user;
  });
}

async function insertMember(tx: Parameters<typeof store.insertUser>[0], org: store.Org, input: NewUserInput, passwordHash: string, now: string): Promise<store.User> {
  const email = normalizeEmail(input.email);
  // Addresses are unique across Tenure (they sign in). The refusal is the same whether the address is a member
  // of this org or of another one, and in the shape of any other bad address: it never says where it is used.
  if (await store.emailTaken(tx, email)) {
    throw new DomainError('invalid_input', 'email: cannot be used for a new account; ask the person for another address', { field: 'email', reason: 'email_unavailable' });
  }
  const user: store.User = { id: randomUUID(), orgId: org.id, email, name: input.name.trim(), role: input.role, disabled: false, locale: 'zh-CN', createdAt: now };
  await store.insertUser(tx, { ...user, passwordHash });
  return user;
}

export async function updateUser(ctx: Ctx, userId: string, patch: { name?: string | undefined; role?: Role | undefined; disabled?: boolean | undefined; locale?: string | undefined }): Promise<store.User> {
  const user = await store.findUser(ctx.deps.db, ctx.actor, userId);
  if (!user) throw notFound('user');
  const self = user.id === ctx.actor.userId;
  const adminOfOrg = canManageOrg(ctx.actor, user.orgId);
  // Anyone may rename themselves or pick a language; roles and access are the org admin's.
  if (!adminOfOrg && (!self || patch.role !== undefined || patch.disabled !== undefined)) throw forbidden('only the org admin can change roles or access');
  if (self && patch.disabled) throw new DomainError('conflict', 'you cannot disable your own account');
  const org = await getOrg(ctx, user.orgId);
  if (patch.role !== undefined && !roleFitsOrg(patch.role, org.kind)) throw new DomainError('invalid_input', `role: ${patch.role} is not a role of a ${org.kind} org`, { field: 'role' });
  return inTransaction(ctx.deps.db, async (tx) => {
    await store.updateUser(tx, userId, patch);
    // Disabling a user ends their sessions at once, not at the next expiry.
    if (patch.disabled) await store.revokeSessionsOfUser(tx, userId, ctx.deps.wallClock.now().toISOString());
    await record(tx, ctx, { type: 'user.updated', subjectType: 'user', subjectId: userId, orgId: user.orgId, payload: userChangeOf(patch) });
    const updated = await store.findUser(tx, ctx.actor, userId);
    if (!updated) throw notFound('user');
    return updated;
  });
}

/** What the log says of a user change: which fields changed, with values only for role and access. */
function userChangeOf(patch: { name?: string | undefined; role?: Role | undefined; disabled?: boolean | undefined; locale?: string | undefined }): AuditPayloadOf<'user.updated'> {
  const changed = (['name', 'role', 'disabled', 'locale'] as const).filter((f) => patch[f] !== undefined);
  return { changed, ...(patch.role !== undefined ? { role: patch.role } : {}), ...(patch.disabled !== undefined ? { disabled: patch.disabled } : {}) };
}

export async function listApiTokens(ctx: Ctx, orgId: string): Promise<store.ApiToken[]> {
  await getOrg(ctx, orgId);
  if (!canManageOrg(ctx.actor, orgId)) throw forbidden('only the org admin manages API tokens');
  return store.listApiTokens(ctx.deps.db, ctx.actor, orgId);
}

/** The token is shown once, here; only its hash is kept. */
export async function createApiToken(ctx: Ctx, orgId: string, name: string): Promise<{ id: string; name: string; token: string }> {
  await getOrg(ctx, orgId);
  if (!canManageOrg(ctx.actor, orgId) || ctx.actor.orgId !== orgId) throw forbidden('only the org admin creates API tokens for their org');
  const token = newSecret('tnr_');
  return inTransaction(ctx.deps.db, async (tx) => {
    const id = randomUUID();
    await store.insertApiToken(tx, { id, orgId, name: name.trim(), createdBy: ctx.actor.userId, createdAt: ctx.deps.clock.now().toISOString(), revokedAt: null, lastUsedAt: null, tokenHash: hashSecret(token) });
    await record(tx, ctx, { type: 'api_token.created', subjectType: 'api_token', subjectId: id, orgId, payload: { name } });
    return { id, name: name.trim(), token };
  });
}

export async function revokeApiToken(ctx: Ctx, tokenId: string): Promise<void> {
  const token = await store.findApiToken(ctx.deps.db, ctx.actor, tokenId);
  if (!token) throw notFound('API token');
  if (!canManageOrg(ctx.actor, token.orgId)) throw forbidden('only the org admin revokes API tokens');
  await inTransaction(ctx.deps.db, async (tx) => {
    await store.revokeApiToken(tx, tokenId, ctx.deps.wallClock.now().toISOString());
    await record(tx, ctx, { type: 'api_token.revoked', subjectType: 'api_token', subjectId: tokenId, orgId: token.orgId, payload: {} });
  });
}

/** How long an admin-issued reset link works. */
export const PASSWORD_RESET_HOURS = 24;

/**
 * An org admin (or platform ops) issues a one-time link for a member to set a new password: a 256-bit token,
 * shown once in the link and stored only as its SHA-256, expiring after PASSWORD_RESET_HOURS. A new link
 * ends the user's earlier unused ones. The admin hands it over; the token sits in the URL's fragment, which
 * browsers never send to a server or in a Referer.
 */
export async function issuePasswordReset(ctx: Ctx, userId: string): Promise<{ path: string; expiresAt: string }> {
  const user = await store.findUser(ctx.deps.db, ctx.actor, userId);
  if (!user) throw notFound('user');
  if (!canManageOrg(ctx.actor, user.orgId)) throw forbidden('only the org admin issues password reset links');
  const token = newSecret();
  const now = ctx.deps.wallClock.now();
  const expiresAt = new Date(now.getTime() + PASSWORD_RESET_HOURS * 3_600_000).toISOString();
  return inTransaction(ctx.deps.db, async (tx) => {
    const id = newId();
    await store.expireOpenResets(tx, userId, now.toISOString());
    await store.insertPasswordReset(tx, { id, userId, tokenHash: hashSecret(token), createdBy: ctx.actor.userId, createdAt: now.toISOString(), expiresAt });
    await record(tx, ctx, { type: 'user.password_reset_issued', subjectType: 'user', subjectId: userId, orgId: user.orgId, payload: { resetId: id } });
    return { path: `/reset-password#${token}`, expiresAt };
  });
}
