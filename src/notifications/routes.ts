import { z } from 'zod';
import { ctxOf } from '../platform/http/app.ts';
import { pageQuery, pageSchema } from '../platform/http/pagination.ts';
import { IdParam, IsoInstant } from '../platform/http/schemas.ts';
import type { App } from '../platform/http/types.ts';
import type { AppDeps } from '../platform/deps.ts';
import * as service from './service.ts';

const NotificationView = z.object({
  id: z.string(),
  kind: z.string().describe('message key: the web app renders notifications.kinds.<kind> with params'),
  subjectType: z.string(),
  subjectId: z.string(),
  params: z.record(z.string(), z.union([z.string(), z.number()])),
  personal: z.boolean().describe('true: addressed to the caller; false: to the caller’s whole org'),
  createdAt: IsoInstant,
  readAt: IsoInstant.nullable(),
});
const UnreadView = z.object({ unreadCount: z.number().int() });

const view = (n: service.Notification): z.infer<typeof NotificationView> => ({
  id: n.id,
  kind: n.kind,
  subjectType: n.subjectType,
  subjectId: n.subjectId,
  params: n.params,
  personal: n.userId !== null,
  createdAt: n.createdAt,
  readAt: n.readAt,
});

export function registerNotificationRoutes(app: App, deps: AppDeps): void {
  const tags = ['notifications'];

  app.get('/api/v1/notifications', {
    schema: {
      tags,
      summary: "The caller's in-app inbox: items addressed to the caller or to the caller's org, newest first, with the unread count",
      querystring: z.object({
        ...pageQuery,
        unreadOnly: z.enum(['true', 'false']).default('false'),
      }),
      response: { 200: pageSchema(NotificationView).extend({ unreadCount: z.number().int() }) },
    },
  }, async (req) => {
    const page = await service.listInbox(ctxOf(deps, req), { limit: req.query.limit, cursor: req.query.cursor, unreadOnly: req.query.unreadOnly === 'true' });
    return { ...page, items: page.items.map(view) };
  });

  app.post('/api/v1/notifications/:notificationId/read', {
    schema: { tags, summary: 'Mark one inbox item read (for the caller)', params: z.object({ notificationId: IdParam }), response: { 200: UnreadView } },
  }, async (req) => service.markRead(ctxOf(deps, req), req.params.notificationId));

  app.post('/api/v1/notifications/read-all', {
    schema: { tags, summary: "Mark every item of the caller's inbox read", response: { 200: UnreadView } },
  }, async (req) => service.markAllRead(ctxOf(deps, req)));
}
