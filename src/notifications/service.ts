import { newId } from '../platform/ids.ts';
import { canonicalJson } from '../platform/canonical-json.ts';
import { inTransaction, type Tx } from '../platform/db/database.ts';
import type { Ctx } from '../platform/deps.ts';
import { notFound } from '../platform/errors.ts';
import { createdCursor, pageOf, type Page } from '../platform/http/pagination.ts';
import { receivesOrgWideNotifications } from '../identity/roles.rules.ts';
import type { NewNotification } from './kinds.ts';
import * as store from './store.ts';
import { announce, type AnnouncedItem } from './fanout.ts';
import type { CheckinLinkEmail } from './email-templates.ts';
import { enqueueMessages } from '../platform/outbox/outbox.ts';
import { deferredPart, DeferredRows } from '../platform/db/deferred-writes.ts';

export type { Notification } from './store.ts';

export type { NewNotification } from './kinds.ts';

/**
 * Writes an in-app inbox item in the caller's transaction, so it exists exactly when the change it
 * announces was committed. Any area may call it.
 */
export async function notify(tx: Tx, now: Date, n: NewNotification): Promise<void> {
  const id = newId();
  await store.insertNotification(tx, {
    id,
    org_id: n.orgId,
    user_id: n.userId ?? null,
    kind: n.kind,
    subject_type: n.subjectType,
    subject_id: n.subjectId,
    params: canonicalJson(n.params),
    created_at: now.toISOString(),
  });
  // Its e-mails, robot messages and webhook events join the outbox in the same transaction: written with the
  // batch's other deferred rows when the transaction defers (a scheduler batch), at once otherwise.
  const item: AnnouncedItem = { id, orgId: n.orgId, userId: n.userId ?? null, kind: n.kind, subjectType: n.subjectType, subjectId: n.subjectId, params: n.params, createdAt: now.toISOString() };
  const deferred = deferredPart(tx, 'outbox-announcements', () => new DeferredRows<AnnouncedItem>((t, items) => announce(t, items)));
  if (deferred) deferred.push(item);
  else await announce(tx, [item]);
}

/**
 * The candidate's check-in link, by e-mail, in the caller's transaction (aftercare opens the form and issues the
 * link in one). Without an address nothing is queued: the consultant passes the link on (the inbox says so).
 */
export async function queueCheckinLinkEmail(tx: Tx, now: Date, m: { orgId: string; placementId: string; to: string | null; url: string; day: number; closesOn: string; expiresAt: string }): Promise<boolean> {
  if (m.to === null) return false;
  const payload: CheckinLinkEmail = { template: 'checkin.link', to: m.to, url: m.url, day: m.day, closesOn: m.closesOn, expiresAt: m.expiresAt };
  await enqueueMessages(tx, now, [{ channel: 'email', orgId: m.orgId, targetId: null, eventId: m.placementId, eventType: 'checkin.link', payload }]);
  return true;
}

/** A consultant's inbox holds what is addressed to it; org-wide items are for the people who act for the org. */
const inboxOf = (ctx: Ctx): store.Inbox => ({ orgId: ctx.actor.orgId, userId: ctx.actor.userId, withOrgWide: receivesOrgWideNotifications(ctx.actor) });

export type InboxPage = Page<store.Notification> & { unreadCount: number };

/** The caller's own inbox, newest first; platform ops too see only their own (an inbox is personal). */
export async function listInbox(ctx: Ctx, opts: { limit: number; cursor?: string | undefined; unreadOnly: boolean }): Promise<InboxPage> {
  const inbox = inboxOf(ctx);
  const after = opts.cursor ? createdCursor.decode(opts.cursor) : undefined;
  const rows = await store.listInbox(ctx.deps.db, inbox, { limit: opts.limit + 1, before: after && { createdAt: after.c, id: after.i }, unreadOnly: opts.unreadOnly });
  return { ...pageOf(rows, opts.limit, createdCursor, (n) => ({ c: n.createdAt, i: n.id })), unreadCount: await store.countUnread(ctx.deps.db, inbox) };
}

/*
 * Read marks are the reader's view state, not a business change: they are not put on the audit log
 * (they would flood it and prove nothing to either party).
 */
export async function markRead(ctx: Ctx, notificationId: string): Promise<{ unreadCount: number }> {
  const inbox = inboxOf(ctx);
  const n = await store.findInInbox(ctx.deps.db, inbox, notificationId);
  if (!n) throw notFound('notification');
  await store.markRead(ctx.deps.db, inbox, n, ctx.deps.clock.now().toISOString());
  return { unreadCount: await store.countUnread(ctx.deps.db, inbox) };
}

/** Both marks (the reader's own notifications, the org-wide ones) land together or not at all. */
export async function markAllRead(ctx: Ctx): Promise<{ unreadCount: number }> {
  const inbox = inboxOf(ctx);
  return inTransaction(ctx.deps.db, async (tx) => {
    await store.markAllRead(tx, inbox, ctx.deps.clock.now().toISOString());
    return { unreadCount: await store.countUnread(tx, inbox) };
  });
}
