import { sql, type ExpressionBuilder } from 'kysely';
import type { Db, Tx } from '../platform/db/database.ts';
import { deferredPart, DeferredRows } from '../platform/db/deferred-writes.ts';
import type { Database, NotificationReadsTable, NotificationsTable } from '../platform/db/schema.ts';

/** Whose inbox: a user of an org. Every query here is limited to what that inbox may hold. */
export type Inbox = { orgId: string; userId: string; /** Items addressed to the whole org too (not for consultants). */ withOrgWide: boolean };

export type Notification = {
  id: string;
  orgId: string;
  /** null: addressed to the whole org. */
  userId: string | null;
  kind: string;
  subjectType: string;
  subjectId: string;
  params: Record<string, string | number>;
  createdAt: string;
  /** When this inbox's user read it. */
  readAt: string | null;
};

type Row = NotificationsTable & { org_read_at: string | null };

const toNotification = (r: Row): Notification => ({
  id: r.id,
  orgId: r.org_id,
  userId: r.user_id,
  kind: r.kind,
  subjectType: r.subject_type,
  subjectId: r.subject_id,
  params: JSON.parse(r.params) as Record<string, string | number>,
  createdAt: r.created_at,
  readAt: r.user_id === null ? r.org_read_at : r.read_at,
});

/** Written at once, or with the transaction's other inbox items before it commits when it defers (a scheduler batch). */
export async function insertNotification(tx: Tx, n: Omit<NotificationsTable, 'read_at'>): Promise<void> {
  const row = { ...n, read_at: null };
  const deferred = deferredPart(tx, 'notifications', () => new DeferredRows<NotificationsTable>((t, rows) => t.insertInto('notifications').values(rows).execute().then(() => {})));
  if (deferred) deferred.push(row);
  else await tx.insertInto('notifications').values(row).execute();
}

/** Items addressed to the user or to the user's whole org, with this user's read state. */
function inboxQuery(db: Db, inbox: Inbox) {
  return db
    .selectFrom('notifications as n')
    .leftJoin('notification_reads as r', (j) => j.onRef('r.notification_id', '=', 'n.id').on('r.user_id', '=', inbox.userId))
    .where('n.org_id', '=', inbox.orgId)
    .where((eb) => (inbox.withOrgWide ? eb.or([eb('n.user_id', 'is', null), eb('n.user_id', '=', inbox.userId)]) : eb('n.user_id', '=', inbox.userId)));
}

type InboxEb = ExpressionBuilder<Database & { n: NotificationsTable; r: { [K in keyof NotificationReadsTable]: NotificationReadsTable[K] | null } }, 'n' | 'r'>;

function unread(eb: InboxEb) {
  return eb.or([
    eb.and([eb('n.user_id', 'is not', null), eb('n.read_at', 'is', null)]),
    eb.and([eb('n.user_id', 'is', null), eb('r.read_at', 'is', null)]),
  ]);
}

export async function listInbox(db: Db, inbox: Inbox, opts: { limit: number; before?: { createdAt: string; id: string } | undefined; unreadOnly: boolean }): Promise<Notification[]> {
  let q = inboxQuery(db, inbox).selectAll('n').select('r.read_at as org_read_at');
  if (opts.unreadOnly) q = q.where((eb) => unread(eb));
  const before = opts.before;
  if (before) {
    q = q.where((eb) => eb.or([eb('n.created_at', '<', before.createdAt), eb.and([eb('n.created_at', '=', before.createdAt), eb('n.id', '<', before.id)])]));
  }
  const rows = await q.orderBy('n.created_at', 'desc').orderBy('n.id', 'desc').limit(opts.limit).execute();
  return rows.map(toNotification);
}

export async function countUnread(db: Db, inbox: Inbox): Promise<number> {
  const row = await inboxQuery(db, inbox)
    .where((eb) => unread(eb))
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

export async function findInInbox(db: Db, inbox: Inbox, notificationId: string): Promise<Notification | undefined> {
  const row = await inboxQuery(db, inbox).selectAll('n').select('r.read_at as org_read_at').where('n.id', '=', notificationId).executeTakeFirst();
  return row && toNotification(row);
}

export async function markRead(db: Db, inbox: Inbox, n: Notification, now: string): Promise<void> {
  if (n.userId !== null) {
    await db.updateTable('notifications').set({ read_at: now }).where('id', '=', n.id).where('read_at', 'is', null).execute();
    return;
  }
  await db
    .insertInto('notification_reads')
    .values({ notification_id: n.id, user_id: inbox.userId, read_at: now })
    .onConflict((oc) => oc.columns(['notification_id', 'user_id']).doNothing())
    .execute();
}

/**
 * A value selected as a column, as a parameter: the statement's text stays the same for every user and moment, so
 * it is prepared once (a literal would make each call a new statement in the cache). The cast gives PostgreSQL the
 * parameter's type, which it cannot infer from a select list.
 */
const textParam = (value: string) => sql<string>`cast(${value} as text)`;

export async function markAllRead(db: Db, inbox: Inbox, now: string): Promise<void> {
  await db
    .updateTable('notifications')
    .set({ read_at: now })
    .where('org_id', '=', inbox.orgId)
    .where('user_id', '=', inbox.userId)
    .where('read_at', 'is', null)
    .execute();
  if (!inbox.withOrgWide) return;
  await db
    .insertInto('notification_reads')
    .columns(['notification_id', 'user_id', 'read_at'])
    .expression(
      db
        .selectFrom('notifications as n')
        .select(['n.id', textParam(inbox.userId).as('user_id'), textParam(now).as('read_at')])
        .where('n.org_id', '=', inbox.orgId)
        .where('n.user_id', 'is', null)
        .where((eb) => eb.not(eb.exists(eb.selectFrom('notification_reads as r').select('r.user_id').whereRef('r.notification_id', '=', 'n.id').where('r.user_id', '=', inbox.userId)))),
    )
    .execute();
}
