import { randomBytes } from 'node:crypto';
import { isPlatformOps } from '../platform/auth/actor.ts';
import { record } from '../platform/audit/record.ts';
import { sealSecret } from '../platform/auth/secret-box.ts';
import { inTransaction } from '../platform/db/database.ts';
import type { OutboxStatus } from '../platform/db/schema.ts';
import type { Ctx } from '../platform/deps.ts';
import { DomainError, forbidden, invalidInput, notFound } from '../platform/errors.ts';
import { createdCursor, pageOf, type Page } from '../platform/http/pagination.ts';
import { newId } from '../platform/ids.ts';
import type { SendResult } from '../platform/outbox/delivery.ts';
import { AddressRefused, assertPublicUrl } from '../platform/outbox/guarded-http.ts';
import * as outbox from '../platform/outbox/outbox.ts';
import { canManageOrg } from '../identity/roles.rules.ts';
import { namesOf, orgExists } from '../identity/service.ts';
import { normalizeEventList } from './channel-settings.rules.ts';
import * as channels from './channels.store.ts';
import { isNotificationKind } from './kinds.ts';
import type { MessageLanguage } from './message-words.ts';
import type { RobotProvider } from './robot-format.rules.ts';
import { sendToRobot } from './senders.ts';
import { DEFAULT_ROTATION_OVERLAP_HOURS, MAX_ROTATION_OVERLAP_HOURS } from './webhook-signature.rules.ts';

/*
 * An org's notification channels (DESIGN §4.11, docs/notifications.md): which kinds go by e-mail, its webhook
 * endpoints and group robots; each user's e-mail switch and language; ops' view of the outbox. Org admins (and
 * platform ops) manage an org's channels; a user manages its own settings.
 */

async function assertManages(ctx: Ctx, orgId: string): Promise<void> {
  // Another org's channels are not found rather than forbidden: their existence is not told.
  if (!canManageOrg(ctx.actor, orgId)) throw notFound('org');
  if (!(await orgExists(ctx.deps.db, orgId))) throw notFound('org');
}

/** The kinds of a request's `field`, or a refusal naming that field. */
function eventsOrRefuse(events: readonly string[], field = 'events'): string[] {
  const v = normalizeEventList(events, isNotificationKind);
  if (!v.ok) throw invalidInput(field, `unknown event kind: ${v.unknown}`);
  return v.events;
}

/** Refuses a URL that is (or resolves to) loopback, link-local or private, unless ops allow private targets. */
async function assertTargetUrl(ctx: Ctx, url: string): Promise<void> {
  try {
    await assertPublicUrl(url, ctx.deps.config.allowPrivateWebhooks);
  } catch (err) {
    // `reason: address_refused` lets the web app say in words why the URL cannot be used.
    if (err instanceof AddressRefused) throw new DomainError('invalid_input', `url: ${err.message} (TENURE_WEBHOOK_ALLOW_PRIVATE=1 allows it)`, { field: 'url', reason: 'address_refused', refused: err.reason });
    throw err;
  }
}

// ------------------------------------------------------------------------------------------ settings

export type OrgNotificationSettings = { orgId: string; emailEvents: string[] };

export async function orgSettings(ctx: Ctx, orgId: string): Promise<OrgNotificationSettings> {
  await assertManages(ctx, orgId);
  return { orgId, emailEvents: (await channels.orgEmailEvents(ctx.deps.db, [orgId])).get(orgId) ?? ['*'] };
}

export async function saveOrgSettings(ctx: Ctx, orgId: string, emailEvents: string[]): Promise<OrgNotificationSettings> {
  await assertManages(ctx, orgId);
  const events = emailEvents.length === 0 ? [] : eventsOrRefuse(emailEvents, 'emailEvents');
  return inTransaction(ctx.deps.db, async (tx) => {
    await channels.saveOrgEmailEvents(tx, orgId, events, ctx.deps.clock.now().toISOString(), ctx.actor.userId);
    await record(tx, ctx, { type: 'notification_settings.updated', subjectType: 'org', subjectId: orgId, orgId, payload: { emailEvents: events } });
    return { orgId, emailEvents: events };
  });
}

export type MySettings = { emailEnabled: boolean; language: MessageLanguage };

export async function mySettings(ctx: Ctx, locale: string): Promise<MySettings> {
  const s = (await channels.userSettings(ctx.deps.db, [ctx.actor.userId])).get(ctx.actor.userId);
  return s ?? { emailEnabled: true, language: locale.startsWith('en') ? 'en' : 'zh-CN' };
}

export async function saveMySettings(ctx: Ctx, s: MySettings): Promise<MySettings> {
  return inTransaction(ctx.deps.db, async (tx) => {
    await channels.saveUserSettings(tx, ctx.actor.userId, s, ctx.deps.clock.now().toISOString());
    await record(tx, ctx, { type: 'user.notification_settings_updated', subjectType: 'user', subjectId: ctx.actor.userId, orgId: ctx.actor.orgId, payload: { emailEnabled: s.emailEnabled, language: s.language } });
    return s;
  });
}

// ------------------------------------------------------------------------------------------ webhook endpoints

export type EndpointView = { id: string; orgId: string; url: string; events: string[]; previousSecretUntil: string | null; createdAt: string };
const endpointView = (e: channels.WebhookEndpoint): EndpointView => ({ id: e.id, orgId: e.orgId, url: e.url, events: e.events, previousSecretUntil: e.previousSecretUntil, createdAt: e.createdAt });

/** 32 random bytes, prefixed so a leaked one is recognizable in a scan. */
const newSigningSecret = (): string => `whsec_${randomBytes(32).toString('base64url')}`;

export async function listEndpoints(ctx: Ctx, orgId: string): Promise<EndpointView[]> {
  await assertManages(ctx, orgId);
  return (await channels.endpointsOf(ctx.deps.db, [orgId])).map(endpointView);
}

/** A new endpoint with its secret, shown this once. */
export async function createEndpoint(ctx: Ctx, orgId: string, input: { url: string; events: string[] }): Promise<EndpointView & { secret: string }> {
  await assertManages(ctx, orgId);
  const events = eventsOrRefuse(input.events);
  if (events.length === 0) throw invalidInput('events', 'name at least one event kind, or "*"');
  await assertTargetUrl(ctx, input.url);
  const secret = newSigningSecret();
  return inTransaction(ctx.deps.db, async (tx) => {
    const at = ctx.deps.clock.now().toISOString();
    const id = newId();
    await channels.insertEndpoint(tx, { id, org_id: orgId, url: input.url, events: JSON.stringify(events), secret: sealSecret(ctx.deps.keyedHashSecret, secret), previous_secret: null, previous_secret_until: null, created_at: at, created_by: ctx.actor.userId, updated_at: at, deleted_at: null });
    await record(tx, ctx, { type: 'webhook_endpoint.created', subjectType: 'webhook_endpoint', subjectId: id, orgId, payload: { events } });
    return { id, orgId, url: input.url, events, previousSecretUntil: null, createdAt: at, secret };
  });
}

async function endpointFor(ctx: Ctx, endpointId: string): Promise<channels.WebhookEndpoint> {
  const e = await channels.findEndpoint(ctx.deps.db, endpointId);
  if (!e || !canManageOrg(ctx.actor, e.orgId)) throw notFound('webhook endpoint');
  return e;
}

/**
 * A new secret, shown once; the old one keeps signing beside it (a second `v1=`) for `overlapHours`, so the
 * integrator can switch without losing a delivery. The overlap runs on the wall clock, as signatures do.
 */
export async function rotateEndpointSecret(ctx: Ctx, endpointId: string, overlapHours = DEFAULT_ROTATION_OVERLAP_HOURS): Promise<{ id: string; secret: string; previousSecretUntil: string }> {
  if (overlapHours < 0 || overlapHours > MAX_ROTATION_OVERLAP_HOURS) throw invalidInput('overlapHours', `must be 0 to ${MAX_ROTATION_OVERLAP_HOURS}`);
  const e = await endpointFor(ctx, endpointId);
  const secret = newSigningSecret();
  return inTransaction(ctx.deps.db, async (tx) => {
    const locked = await channels.findEndpoint(tx, e.id, { lock: true, postgres: ctx.deps.dialect === 'postgres' });
    if (!locked) throw notFound('webhook endpoint');
    const until = new Date(ctx.deps.wallClock.now().getTime() + overlapHours * 3_600_000).toISOString();
    // The previous secret moves over as stored (sealed); only the new one is sealed here.
    await channels.rotateEndpointSecret(tx, e.id, sealSecret(ctx.deps.keyedHashSecret, secret), locked.secret, until, ctx.deps.clock.now().toISOString());
    await record(tx, ctx, { type: 'webhook_endpoint.secret_rotated', subjectType: 'webhook_endpoint', subjectId: e.id, orgId: e.orgId, payload: { previousSecretUntil: until } });
    return { id: e.id, secret, previousSecretUntil: until };
  });
}

export async function deleteEndpoint(ctx: Ctx, endpointId: string): Promise<void> {
  const e = await endpointFor(ctx, endpointId);
  await inTransaction(ctx.deps.db, async (tx) => {
    await channels.deleteEndpoint(tx, e.id, ctx.deps.clock.now().toISOString());
    await record(tx, ctx, { type: 'webhook_endpoint.deleted', subjectType: 'webhook_endpoint', subjectId: e.id, orgId: e.orgId, payload: {} });
  });
}

export type DeliveryView = outbox.OutboxMessage & { log: outbox.OutboxAttempt[] };

async function withLogs(ctx: Ctx, page: Page<outbox.OutboxMessage>): Promise<Page<DeliveryView>> {
  const logs = await outbox.attemptsOf(ctx.deps.db, page.items.map((m) => m.id));
  return { ...page, items: page.items.map((m) => ({ ...m, log: logs.get(m.id) ?? [] })) };
}

/** The endpoint's deliveries, newest first, each with its tries. */
export async function listDeliveries(ctx: Ctx, endpointId: string, opts: { limit: number; cursor?: string | undefined; status?: OutboxStatus | undefined }): Promise<Page<DeliveryView>> {
  const e = await endpointFor(ctx, endpointId);
  const after = opts.cursor ? createdCursor.decode(opts.cursor) : undefined;
  const rows = await outbox.listMessages(ctx.deps.db, { targetId: e.id, channel: 'webhook', status: opts.status }, { limit: opts.limit + 1, before: after && { createdAt: after.c, id: after.i } });
  return withLogs(ctx, pageOf(rows, opts.limit, createdCursor, (m) => ({ c: m.createdAt, i: m.id })));
}

async function requeue(ctx: Ctx, messageId: string, orgId: string | null): Promise<DeliveryView> {
  return inTransaction(ctx.deps.db, async (tx) => {
    const before = await outbox.findMessage(tx, messageId);
    if (!before) throw notFound('delivery');
    if (before.status === 'pending') throw new DomainError('invalid_transition', 'this delivery is already waiting to be sent', { status: before.status });
    const m = await outbox.requeueMessage(tx, ctx.deps.dialect, messageId, ctx.deps.wallClock.now());
    if (!m) throw notFound('delivery');
    await record(tx, ctx, { type: 'outbox_message.requeued', subjectType: 'outbox_message', subjectId: m.id, orgId, payload: { channel: m.channel, previousStatus: before.status } });
    return { ...m, log: (await outbox.attemptsOf(tx, [m.id])).get(m.id) ?? [] };
  });
}

/** Sends one delivery of an endpoint again, with its same body and id (the receiver drops it if it had it). */
export async function replayDelivery(ctx: Ctx, deliveryId: string): Promise<DeliveryView> {
  const m = await outbox.findMessage(ctx.deps.db, deliveryId);
  if (!m || m.channel !== 'webhook' || !m.targetId) throw notFound('delivery');
  await endpointFor(ctx, m.targetId);
  return requeue(ctx, m.id, m.orgId);
}

// ------------------------------------------------------------------------------------------ robots

export type RobotView = { id: string; orgId: string; provider: RobotProvider; name: string; url: string; signed: boolean; events: string[]; language: MessageLanguage; createdAt: string };
/** The robot's URL carries its access token: shown to the org's admins only, with its end masked. */
const maskUrl = (url: string): string => {
  const u = new URL(url);
  // Written out by hand: URLSearchParams would percent-encode the ellipsis, which reads as noise.
  const query = [...u.searchParams].map(([k, v]) => `${encodeURIComponent(k)}=${v.length > 6 ? `${encodeURIComponent(v.slice(0, 4))}…` : '…'}`).join('&');
  const path = u.pathname.length > 24 ? `${u.pathname.slice(0, 24)}…` : u.pathname;
  return `${u.origin}${path}${query ? `?${query}` : ''}`;
};
const robotView = (r: channels.RobotChannel): RobotView => ({ id: r.id, orgId: r.orgId, provider: r.provider, name: r.name, url: maskUrl(r.url), signed: r.secret !== null, events: r.events, language: r.language, createdAt: r.createdAt });

export async function listRobots(ctx: Ctx, orgId: string): Promise<RobotView[]> {
  await assertManages(ctx, orgId);
  return (await channels.robotsOf(ctx.deps.db, [orgId])).map(robotView);
}

export type NewRobot = { provider: RobotProvider; name: string; url: string; secret?: string | undefined; events: string[]; language: MessageLanguage };

export async function createRobot(ctx: Ctx, orgId: string, input: NewRobot): Promise<RobotView> {
  await assertManages(ctx, orgId);
  const events = eventsOrRefuse(input.events);
  if (events.length === 0) throw invalidInput('events', 'name at least one event kind, or "*"');
  if (input.provider === 'wecom' && input.secret) throw invalidInput('secret', 'WeCom group robots are not signed: the key in the URL is their secret');
  await assertTargetUrl(ctx, input.url);
  return inTransaction(ctx.deps.db, async (tx) => {
    const at = ctx.deps.clock.now().toISOString();
    const id = newId();
    const secret = input.secret ? sealSecret(ctx.deps.keyedHashSecret, input.secret) : null;
    const row = { id, org_id: orgId, provider: input.provider, name: input.name, url: input.url, secret, events: JSON.stringify(events), language: input.language, created_at: at, created_by: ctx.actor.userId, deleted_at: null };
    await channels.insertRobot(tx, row);
    await record(tx, ctx, { type: 'robot_channel.created', subjectType: 'robot_channel', subjectId: id, orgId, payload: { provider: input.provider, events, signed: row.secret !== null } });
    return robotView({ id, orgId, provider: input.provider, name: input.name, url: input.url, secret: row.secret, events, language: input.language, createdAt: at });
  });
}

async function robotFor(ctx: Ctx, robotId: string): Promise<channels.RobotChannel> {
  const r = await channels.findRobot(ctx.deps.db, robotId);
  if (!r || !canManageOrg(ctx.actor, r.orgId)) throw notFound('robot');
  return r;
}

export async function deleteRobot(ctx: Ctx, robotId: string): Promise<void> {
  const r = await robotFor(ctx, robotId);
  await inTransaction(ctx.deps.db, async (tx) => {
    await channels.deleteRobot(tx, r.id, ctx.deps.clock.now().toISOString());
    await record(tx, ctx, { type: 'robot_channel.deleted', subjectType: 'robot_channel', subjectId: r.id, orgId: r.orgId, payload: {} });
  });
}

/** Sends a test message to the robot now, outside the outbox, and says what the robot answered. */
export async function testRobot(ctx: Ctx, robotId: string): Promise<SendResult> {
  const r = await robotFor(ctx, robotId);
  const zh = r.language === 'zh-CN';
  return sendToRobot(ctx.deps, r, {
    title: zh ? '稳聘测试消息' : 'Tenure test message',
    lines: [zh ? `机器人「${r.name}」已接入稳聘通知。` : `The robot “${r.name}” receives Tenure's notifications.`],
    link: null,
    ref: `test-${newId()}`,
  });
}

// ------------------------------------------------------------------------------------------ ops' outbox

export type OutboxPage = Page<DeliveryView & { orgName: string | null }> & {
  counts: Record<OutboxStatus, number>;
  byChannel: Array<{ channel: outbox.OutboxChannel; status: OutboxStatus; count: number }>;
};

export async function listOutbox(ctx: Ctx, opts: { limit: number; cursor?: string | undefined; status?: OutboxStatus | undefined; channel?: outbox.OutboxChannel | undefined }): Promise<OutboxPage> {
  if (!isPlatformOps(ctx.actor)) throw forbidden('the outbox is for platform operations');
  const after = opts.cursor ? createdCursor.decode(opts.cursor) : undefined;
  const rows = await outbox.listMessages(ctx.deps.db, { status: opts.status, channel: opts.channel }, { limit: opts.limit + 1, before: after && { createdAt: after.c, id: after.i } });
  const page = await withLogs(ctx, pageOf(rows, opts.limit, createdCursor, (m) => ({ c: m.createdAt, i: m.id })));
  const names = await namesOf(ctx.deps.db, { orgs: page.items.map((m) => m.orgId) });
  return {
    ...page,
    items: page.items.map((m) => ({ ...m, orgName: m.orgId === null ? null : names.org(m.orgId) })),
    counts: await outbox.countByStatus(ctx.deps.db),
    byChannel: await outbox.countByChannelAndStatus(ctx.deps.db),
  };
}

/** Ops send a dead letter (or a held e-mail) again, with a fresh count of tries. */
export async function resendMessage(ctx: Ctx, messageId: string): Promise<DeliveryView> {
  if (!isPlatformOps(ctx.actor)) throw forbidden('resending is for platform operations');
  const m = await outbox.findMessage(ctx.deps.db, messageId);
  if (!m) throw notFound('delivery');
  return requeue(ctx, m.id, m.orgId);
}
