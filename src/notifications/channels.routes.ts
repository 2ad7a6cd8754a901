import { z } from 'zod';
import { ctxOf } from '../platform/http/app.ts';
import { pageQuery, pageSchema } from '../platform/http/pagination.ts';
import { IdParam, IsoInstant, LineText } from '../platform/http/schemas.ts';
import type { App } from '../platform/http/types.ts';
import type { AppDeps } from '../platform/deps.ts';
import { localeOfActor } from '../identity/service.ts';
import * as service from './channels.service.ts';
import { ROBOT_PROVIDERS } from './robot-format.rules.ts';
import { MAX_ROTATION_OVERLAP_HOURS } from './webhook-signature.rules.ts';

const Language = z.enum(['zh-CN', 'en']);
const Status = z.enum(['pending', 'delivered', 'dead', 'held']);
const Channel = z.enum(['email', 'wecom', 'dingtalk', 'feishu', 'webhook']);
const EventKinds = z.array(z.string().min(1).max(100)).max(200).describe('notification kinds (docs/notifications.md), or ["*"] for all');
const TargetUrl = z.string().trim().min(8).max(2000).url('must be a URL');

const EndpointView = z.object({ id: z.string(), orgId: z.string(), url: z.string(), events: z.array(z.string()), previousSecretUntil: IsoInstant.nullable().describe('during a rotation: until when the previous secret also signs'), createdAt: IsoInstant });
const AttemptView = z.object({ attempt: z.number().int(), at: IsoInstant, outcome: z.enum(['delivered', 'retry', 'dead', 'held']), statusCode: z.number().int().nullable(), error: z.string().nullable(), durationMs: z.number().int() });
const DeliveryView = z.object({
  id: z.string().describe('the idempotency key: the same on every retry and replay'),
  channel: Channel,
  orgId: z.string().nullable(),
  targetId: z.string().nullable(),
  eventType: z.string(),
  status: Status,
  attempts: z.number().int().describe('tries since it was queued (or last resent)'),
  nextAttemptAt: IsoInstant,
  lastStatusCode: z.number().int().nullable(),
  lastError: z.string().nullable(),
  createdAt: IsoInstant,
  deliveredAt: IsoInstant.nullable(),
  payload: z.record(z.string(), z.unknown()).describe("what is sent: a webhook's exact body, an e-mail's recipient and item"),
  log: z.array(AttemptView),
});
const RobotView = z.object({ id: z.string(), orgId: z.string(), provider: z.enum(ROBOT_PROVIDERS), name: z.string(), url: z.string().describe('masked: the URL carries the robot’s token'), signed: z.boolean(), events: z.array(z.string()), language: Language, createdAt: IsoInstant });
const SendResultView = z.object({ outcome: z.enum(['delivered', 'retry', 'dead', 'held']), statusCode: z.number().int().nullable(), error: z.string().nullable() });

const deliveryView = (d: service.DeliveryView): z.infer<typeof DeliveryView> => ({
  id: d.id,
  channel: d.channel,
  orgId: d.orgId,
  targetId: d.targetId,
  eventType: d.eventType,
  status: d.status,
  attempts: d.attempts,
  nextAttemptAt: d.nextAttemptAt,
  lastStatusCode: d.lastStatusCode,
  lastError: d.lastError,
  createdAt: d.createdAt,
  deliveredAt: d.deliveredAt,
  payload: d.payload as Record<string, unknown>,
  log: d.log,
});

export function registerChannelRoutes(app: App, deps: AppDeps): void {
  const tags = ['notification channels'];
  const OrgParams = z.object({ orgId: IdParam });

  app.get('/api/v1/orgs/:orgId/notification-settings', {
    schema: { tags, summary: 'Which notification kinds the org sends by e-mail (org admins)', params: OrgParams, response: { 200: z.object({ orgId: z.string(), emailEvents: z.array(z.string()) }) } },
  }, async (req) => service.orgSettings(ctxOf(deps, req), req.params.orgId));

  app.put('/api/v1/orgs/:orgId/notification-settings', {
    schema: { tags, summary: 'Set which kinds go by e-mail ([] none, ["*"] all)', params: OrgParams, body: z.object({ emailEvents: EventKinds }), response: { 200: z.object({ orgId: z.string(), emailEvents: z.array(z.string()) }) } },
  }, async (req) => service.saveOrgSettings(ctxOf(deps, req), req.params.orgId, req.body.emailEvents));

  const MySettings = z.object({ emailEnabled: z.boolean(), language: Language });
  app.get('/api/v1/me/notification-settings', {
    schema: { tags, summary: "The caller's e-mail switch and language", response: { 200: MySettings } },
  }, async (req) => {
    const ctx = ctxOf(deps, req);
    return service.mySettings(ctx, await localeOfActor(ctx));
  });

  app.put('/api/v1/me/notification-settings', {
    schema: { tags, summary: "Set the caller's e-mail switch and language", body: MySettings, response: { 200: MySettings } },
  }, async (req) => service.saveMySettings(ctxOf(deps, req), req.body));

  app.get('/api/v1/orgs/:orgId/webhook-endpoints', {
    schema: { tags, summary: "The org's webhook endpoints (org admins; secrets are never shown again)", params: OrgParams, response: { 200: pageSchema(EndpointView) } },
  }, async (req) => ({ items: await service.listEndpoints(ctxOf(deps, req), req.params.orgId), nextCursor: null }));

  app.post('/api/v1/orgs/:orgId/webhook-endpoints', {
    schema: {
      tags,
      summary: 'Add a webhook endpoint: its signing secret is in this answer only. Loopback and private addresses are refused unless ops allow them',
      params: OrgParams,
      body: z.object({ url: TargetUrl, events: EventKinds }),
      response: { 201: EndpointView.extend({ secret: z.string() }) },
    },
    config: { idempotency: 'no-replay' },
  }, async (req, reply) => reply.code(201).send(await service.createEndpoint(ctxOf(deps, req), req.params.orgId, req.body)));

  const EndpointParams = z.object({ endpointId: IdParam });
  app.post('/api/v1/webhook-endpoints/:endpointId/rotate-secret', {
    schema: {
      tags,
      summary: 'A new signing secret (shown once); the previous one keeps signing beside it for overlapHours (default 24)',
      params: EndpointParams,
      body: z.object({ overlapHours: z.number().int().min(0).max(MAX_ROTATION_OVERLAP_HOURS).optional() }),
      response: { 200: z.object({ id: z.string(), secret: z.string(), previousSecretUntil: IsoInstant }) },
    },
    config: { idempotency: 'no-replay' },
  }, async (req) => service.rotateEndpointSecret(ctxOf(deps, req), req.params.endpointId, req.body.overlapHours));

  app.delete('/api/v1/webhook-endpoints/:endpointId', {
    schema: { tags, summary: 'Remove a webhook endpoint (its deliveries stop)', params: EndpointParams, response: { 204: z.null() } },
  }, async (req, reply) => {
    await service.deleteEndpoint(ctxOf(deps, req), req.params.endpointId);
    return reply.code(204).send(null);
  });

  app.get('/api/v1/webhook-endpoints/:endpointId/deliveries', {
    schema: { tags, summary: "The endpoint's delivery log, newest first: status, tries, response codes", params: EndpointParams, querystring: z.object({ ...pageQuery, status: Status.optional() }), response: { 200: pageSchema(DeliveryView) } },
  }, async (req) => {
    const page = await service.listDeliveries(ctxOf(deps, req), req.params.endpointId, { limit: req.query.limit, cursor: req.query.cursor, status: req.query.status });
    return { ...page, items: page.items.map(deliveryView) };
  });

  app.post('/api/v1/webhook-deliveries/:deliveryId/replay', {
    schema: { tags, summary: 'Send one delivery again, same body and id', params: z.object({ deliveryId: IdParam }), response: { 200: DeliveryView } },
  }, async (req) => deliveryView(await service.replayDelivery(ctxOf(deps, req), req.params.deliveryId)));

  app.get('/api/v1/orgs/:orgId/robots', {
    schema: { tags, summary: "The org's WeCom, DingTalk and Feishu group robots (org admins)", params: OrgParams, response: { 200: pageSchema(RobotView) } },
  }, async (req) => ({ items: await service.listRobots(ctxOf(deps, req), req.params.orgId), nextCursor: null }));

  app.post('/api/v1/orgs/:orgId/robots', {
    schema: {
      tags,
      summary: "Add a group robot: its webhook URL, and DingTalk's or Feishu's signing secret",
      params: OrgParams,
      body: z.object({ provider: z.enum(ROBOT_PROVIDERS), name: LineText(100), url: TargetUrl, secret: z.string().trim().max(200).optional(), events: EventKinds, language: Language.default('zh-CN') }),
      response: { 201: RobotView },
    },
  }, async (req, reply) => reply.code(201).send(await service.createRobot(ctxOf(deps, req), req.params.orgId, req.body)));

  const RobotParams = z.object({ robotId: IdParam });
  app.delete('/api/v1/robots/:robotId', {
    schema: { tags, summary: 'Remove a group robot', params: RobotParams, response: { 204: z.null() } },
  }, async (req, reply) => {
    await service.deleteRobot(ctxOf(deps, req), req.params.robotId);
    return reply.code(204).send(null);
  });

  app.post('/api/v1/robots/:robotId/test', {
    schema: { tags, summary: 'Send a test message to the robot now; the answer says what the robot replied', params: RobotParams, response: { 200: SendResultView } },
  }, async (req) => {
    const r = await service.testRobot(ctxOf(deps, req), req.params.robotId);
    return { outcome: r.outcome, statusCode: 'statusCode' in r && r.statusCode !== undefined ? r.statusCode : null, error: r.outcome === 'delivered' ? null : r.error };
  });

  app.get('/api/v1/outbox', {
    schema: {
      tags,
      summary: 'Platform ops: every delivery, newest first, with counts by status (dead letters: status=dead)',
      querystring: z.object({ ...pageQuery, status: Status.optional(), channel: Channel.optional() }),
      response: {
        200: pageSchema(DeliveryView.extend({ orgName: z.string().nullable() })).extend({
          counts: z.object({ pending: z.number().int(), delivered: z.number().int(), dead: z.number().int(), held: z.number().int() }),
          byChannel: z.array(z.object({ channel: Channel, status: Status, count: z.number().int() })).describe('deliveries per channel and status, whatever the filter'),
        }),
      },
    },
  }, async (req) => {
    const page = await service.listOutbox(ctxOf(deps, req), { limit: req.query.limit, cursor: req.query.cursor, status: req.query.status, channel: req.query.channel });
    return { ...page, items: page.items.map((d) => ({ ...deliveryView(d), orgName: d.orgName })) };
  });

  app.post('/api/v1/outbox/:messageId/resend', {
    schema: { tags, summary: 'Platform ops: send a dead or held delivery again, with a fresh count of tries', params: z.object({ messageId: IdParam }), response: { 200: DeliveryView } },
  }, async (req) => deliveryView(await service.resendMessage(ctxOf(deps, req), req.params.messageId)));
}
