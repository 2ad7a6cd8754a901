import { z } from 'zod';
import { ctxOf, requireActor, sessionCookieOf } from '../platform/http/app.ts';
import { Email, IdParam, IsoInstant, Name, Password } from '../platform/http/schemas.ts';
import type { App } from '../platform/http/types.ts';
import type { AppDeps } from '../platform/deps.ts';
import { ALL_ROLES } from './roles.rules.ts';
import * as auth from './auth-service.ts';
import * as service from './service.ts';
import type { Org, User } from './store.ts';

const RoleSchema = z.enum(ALL_ROLES as [string, ...string[]]).transform((r) => r as User['role']);
/** The role in an answer: the same values, named so the web app's types (generated from the contract) know them. */
const RoleView = z.enum(ALL_ROLES as [User['role'], ...User['role'][]]);
const OrgKindSchema = z.enum(['employer', 'agency', 'assessor', 'platform']);
const OrgView = z.object({ id: z.string(), name: z.string(), kind: OrgKindSchema, timeZone: z.string(), createdAt: IsoInstant });
const UserView = z.object({ id: z.string(), orgId: z.string(), email: z.string(), name: z.string(), role: RoleView, disabled: z.boolean(), locale: z.string(), createdAt: IsoInstant });
const SessionView = z.object({ user: UserView, org: OrgView, csrfToken: z.string() });
const TokenView = z.object({ id: z.string(), name: z.string(), createdAt: IsoInstant, revokedAt: IsoInstant.nullable(), lastUsedAt: IsoInstant.nullable() });

const OwnSessionView = z.object({
  id: z.string(),
  createdAt: IsoInstant,
  lastSeenAt: IsoInstant,
  expiresAt: IsoInstant,
  userAgent: z.string().nullable(),
  address: z.string().nullable(),
  current: z.boolean().describe('the session making this request'),
});

const orgView = (o: Org) => o;
const userView = (u: User) => u;

export function registerIdentityRoutes(app: App, deps: AppDeps): void {
  const tags = ['identity'];

  app.post('/api/v1/auth/login', {
    schema: { tags, summary: 'Sign in with e-mail and password (sets the session cookie)', body: z.object({ email: Email, password: z.string().min(1).max(200) }), response: { 200: SessionView } },
    // Each sign-in is checked and throttled on its own: a repeated Idempotency-Key never replays one.
    config: { public: true, idempotency: 'ignore' },
  }, async (req, reply) => {
    const s = await auth.login(deps, { ...req.body, address: req.ip, userAgent: req.headers['user-agent'] });
    const cookie = sessionCookieOf(req, deps.config);
    reply.setCookie(cookie.name, s.secret, { path: '/', httpOnly: true, sameSite: 'lax', secure: cookie.secure, maxAge: deps.config.sessionMaxHours * 3600 });
    return { user: userView(s.user), org: orgView(s.org), csrfToken: s.csrfToken };
  });

  app.post('/api/v1/auth/logout', { schema: { tags, summary: 'Sign out (ends the session)', response: { 204: z.null() } } }, async (req, reply) => {
    const actor = requireActor(req);
    const cookie = sessionCookieOf(req, deps.config);
    const secret = req.cookies[cookie.name];
    if (secret) await auth.logout(deps, actor, secret);
    reply.clearCookie(cookie.name, { path: '/', secure: cookie.secure });
    return reply.code(204).send(null);
  });

  app.get('/api/v1/auth/me', { schema: { tags, summary: 'The signed-in user, org and CSRF token', response: { 200: SessionView } } }, async (req) => {
    const actor = requireActor(req);
    return auth.sessionInfo(deps, actor, req.sessionCsrfToken ?? '');
  });

  app.post('/api/v1/auth/password', {
    schema: {
      tags,
      summary: 'Change your own password with the current one (signs out your other sessions)',
      description: 'Session only (not with an API token). A wrong currentPassword is a 400 naming it and counts as a failed sign-in.',
      body: z.object({ currentPassword: z.string().min(1).max(200), newPassword: Password }),
      response: { 204: z.null() },
    },
  }, async (req, reply) => {
    const actor = requireActor(req);
    await auth.changePassword(deps, actor, req.cookies[sessionCookieOf(req, deps.config).name], { ...req.body, address: req.ip, userAgent: req.headers['user-agent'] });
    return reply.code(204).send(null);
  });

  app.get('/api/v1/auth/sessions', {
    schema: { tags, summary: 'Your own active sessions (devices), newest first', response: { 200: z.object({ items: z.array(OwnSessionView) }) } },
  }, async (req) => ({ items: await auth.listOwnSessions(deps, requireActor(req), req.cookies[sessionCookieOf(req, deps.config).name]) }));

  app.post('/api/v1/auth/sessions/:sessionId/revoke', {
    schema: { tags, summary: 'End one of your own sessions', params: z.object({ sessionId: IdParam }), response: { 204: z.null() } },
  }, async (req, reply) => {
    await auth.revokeOwnSession(deps, requireActor(req), req.params.sessionId);
    return reply.code(204).send(null);
  });

  app.post('/api/v1/users/:userId/password-reset', {
    schema: {
      tags,
      summary: 'Issue a one-time password reset link for a member (org admin); shown once',
      description: 'The link (path + fragment holding the token) works once, for 24 hours; a new one ends earlier unused ones. A repeated Idempotency-Key answers 409 idempotency_replay_unavailable rather than the link again.',
      params: z.object({ userId: IdParam }),
      response: { 201: z.object({ path: z.string(), expiresAt: IsoInstant }) },
    },
    config: { idempotency: 'no-replay' },
  }, async (req, reply) => reply.code(201).send(await service.issuePasswordReset(ctxOf(deps, req), req.params.userId)));

  app.post('/api/v1/auth/password-reset', {
    schema: {
      tags,
      summary: 'Set a new password with a reset link (public); ends every session of the user',
      body: z.object({ token: z.string().min(1).max(200), newPassword: Password }),
      response: { 204: z.null() },
    },
    config: { public: true },
  }, async (req, reply) => {
    await auth.resetPassword(deps, req.body);
    return reply.code(204).send(null);
  });

  app.get('/api/v1/orgs', { schema: { tags, summary: 'Orgs visible to the caller (platform ops: all)', response: { 200: z.object({ items: z.array(OrgView) }) } } }, async (req) => ({
    items: await service.listOrgs(ctxOf(deps, req)),
  }));

  app.post('/api/v1/orgs', {
    schema: {
      tags,
      summary: 'Open an org with its first admin (platform ops)',
      body: z.object({ name: Name, kind: OrgKindSchema, timeZone: z.string().min(1).max(64).optional(), admin: z.object({ email: Email, name: Name, password: Password }) }),
      response: { 201: z.object({ org: OrgView, admin: UserView }) },
    },
  }, async (req, reply) => reply.code(201).send(await service.createOrg(ctxOf(deps, req), req.body)));

  app.get('/api/v1/orgs/:orgId', { schema: { tags, summary: 'One org', params: z.object({ orgId: IdParam }), response: { 200: OrgView } } }, async (req) =>
    service.getOrg(ctxOf(deps, req), req.params.orgId),
  );

  app.get('/api/v1/orgs/:orgId/users', { schema: { tags, summary: "An org's users", params: z.object({ orgId: IdParam }), response: { 200: z.object({ items: z.array(UserView) }) } } }, async (req) => ({
    items: await service.listUsers(ctxOf(deps, req), req.params.orgId),
  }));

  app.post('/api/v1/orgs/:orgId/users', {
    schema: { tags, summary: 'Add a user to an org (org admin)', params: z.object({ orgId: IdParam }), body: z.object({ email: Email, name: Name, role: RoleSchema, password: Password }), response: { 201: UserView } },
  }, async (req, reply) => reply.code(201).send(await service.createUser(ctxOf(deps, req), req.params.orgId, req.body)));

  app.patch('/api/v1/users/:userId', {
    schema: {
      tags,
      summary: 'Rename, change role, disable or enable a user; pick a language',
      params: z.object({ userId: IdParam }),
      body: z.object({ name: Name.optional(), role: RoleSchema.optional(), disabled: z.boolean().optional(), locale: z.enum(['zh-CN', 'en']).optional() }),
      response: { 200: UserView },
    },
  }, async (req) => service.updateUser(ctxOf(deps, req), req.params.userId, req.body));

  app.get('/api/v1/orgs/:orgId/api-tokens', { schema: { tags, summary: "An org's API tokens (org admin)", params: z.object({ orgId: IdParam }), response: { 200: z.object({ items: z.array(TokenView) }) } } }, async (req) => ({
    items: await service.listApiTokens(ctxOf(deps, req), req.params.orgId),
  }));

  app.post('/api/v1/orgs/:orgId/api-tokens', {
    schema: { tags, summary: 'Create an API token (shown once)', params: z.object({ orgId: IdParam }), body: z.object({ name: Name }), response: { 201: z.object({ id: z.string(), name: z.string(), token: z.string() }) } },
    config: { idempotency: 'no-replay' },
  }, async (req, reply) => reply.code(201).send(await service.createApiToken(ctxOf(deps, req), req.params.orgId, req.body.name)));

  app.post('/api/v1/api-tokens/:tokenId/revoke', { schema: { tags, summary: 'Revoke an API token', params: z.object({ tokenId: IdParam }), response: { 204: z.null() } } }, async (req, reply) => {
    await service.revokeApiToken(ctxOf(deps, req), req.params.tokenId);
    return reply.code(204).send(null);
  });
}
