import { randomBytes } from 'node:crypto';
import { canonicalJson } from '../canonical-json.ts';
import { inTransaction, type Db, type Dialect, type Tx } from '../db/database.ts';
import { chunksOf } from '../db/deferred-writes.ts';
import type { OutboxAttemptsTable, OutboxMessagesTable, OutboxStatus } from '../db/schema.ts';
import { newId } from '../ids.ts';

/**
 * The outbox: deliveries to make, written in the transaction of the change they announce, so a delivery exists
 * exactly when its change was committed. The delivery worker (delivery.ts) claims, sends and marks them.
 */
export type OutboxChannel = 'email' | 'wecom' | 'dingtalk' | 'feishu' | 'webhook';

export type NewOutboxMessage = {
  /** Given when the payload must name its own row (a webhook body's `id`); otherwise drawn here. */
  id?: string;
  channel: OutboxChannel;
  orgId: string | null;
  targetId: string | null;
  eventId: string | null;
  eventType: string;
  payload: unknown;
};

export type OutboxMessage = {
  id: string;
  channel: OutboxChannel;
  orgId: string | null;
  targetId: string | null;
  eventId: string | null;
  eventType: string;
  payload: unknown;
  status: OutboxStatus;
  attempts: number;
  nextAttemptAt: string;
  lastError: string | null;
  lastStatusCode: number | null;
  createdAt: string;
  deliveredAt: string | null;
};

/** A message claimed by one worker: the lease token proves it is still the claimant when it marks the outcome. */
export type ClaimedMessage = OutboxMessage & { leaseToken: string };

export const toMessage = (r: OutboxMessagesTable): OutboxMessage => ({
  id: r.id,
  channel: r.channel as OutboxChannel,
  orgId: r.org_id,
  targetId: r.target_id,
  eventId: r.event_id,
  eventType: r.event_type,
  payload: JSON.parse(r.payload) as unknown,
  status: r.status,
  attempts: Number(r.attempts),
  nextAttemptAt: r.next_attempt_at,
  lastError: r.last_error,
  lastStatusCode: r.last_status_code === null ? null : Number(r.last_status_code),
  createdAt: r.created_at,
  deliveredAt: r.delivered_at,
});

/**
 * Writes the messages in the caller's transaction. They are due at once by the wall clock (`wallNow`): deliveries
 * are real network traffic, timed by real time even when the business clock is moved by hand.
 */
export async function enqueueMessages(tx: Tx, createdAt: Date, messages: readonly NewOutboxMessage[], wallNow: Date = new Date()): Promise<string[]> {
  const at = createdAt.toISOString();
  const due = wallNow.toISOString();
  const rows: OutboxMessagesTable[] = messages.map((m) => ({
    id: m.id ?? newId(),
    channel: m.channel,
    org_id: m.orgId,
    target_id: m.targetId,
    event_id: m.eventId,
    event_type: m.eventType,
    payload: canonicalJson(m.payload),
    status: 'pending',
    attempts: 0,
    next_attempt_at: due,
    leased_until: null,
    lease_token: null,
    last_error: null,
    last_status_code: null,
    created_at: at,
    updated_at: due,
    delivered_at: null,
  }));
  for (const chunk of chunksOf(rows)) await tx.insertInto('outbox_messages').values(chunk).execute();
  return rows.map((r) => r.id);
}

/**
 * Claims up to `limit` due messages of `channels` for `leaseMs`: on PostgreSQL the rows are locked with
 * `FOR UPDATE SKIP LOCKED` while the lease is written (two workers never claim one row); on SQLite the claim is
 * one write transaction (SQLite has one writer at a time). A worker that dies mid-send leaves its lease to
 * expire: the message is claimed again then (so a crash between send and mark delivers at most twice).
 */
export async function claimDue(db: Db, dialect: Dialect, now: Date, opts: { limit: number; leaseMs: number; channels: readonly string[] }): Promise<ClaimedMessage[]> {
  if (opts.channels.length === 0) return [];
  const at = now.toISOString();
  return inTransaction(db, async (tx) => {
    // SQLite: take the write lock before reading (as the scheduler does), so the claim cannot be overtaken.
    if (dialect === 'sqlite') await tx.updateTable('outbox_messages').set((eb) => ({ updated_at: eb.ref('updated_at') })).where('id', '=', '').execute();
    let q = tx
      .selectFrom('outbox_messages')
      .select('id')
      .where('status', '=', 'pending')
      .where('next_attempt_at', '<=', at)
      .where('channel', 'in', [...opts.channels])
      .where((eb) => eb.or([eb('leased_until', 'is', null), eb('leased_until', '<=', at)]))
      .orderBy('next_attempt_at')
      .limit(opts.limit);
    if (dialect === 'postgres') q = q.forUpdate().skipLocked();
    const ids = (await q.execute()).map((r) => r.id);
    if (ids.length === 0) return [];
    const token = randomBytes(12).toString('hex');
    await tx
      .updateTable('outbox_messages')
      .set({ leased_until: new Date(now.getTime() + opts.leaseMs).toISOString(), lease_token: token, updated_at: at })
      .where('id', 'in', ids)
      .execute();
    const rows = await tx.selectFrom('outbox_messages').selectAll().where('id', 'in', ids).where('lease_token', '=', token).execute();
    return rows.map((r) => ({ ...toMessage(r), leaseToken: token }));
  });
}

export type AttemptOutcome = {
  outcome: OutboxAttemptsTable['outcome'];
  statusCode: number | null;
  error: string | null;
  durationMs: number;
  /** For a retry: when. */
  retryAt?: Date;
};

/**
 * Marks a claimed message's try, with its line in the delivery log, in one transaction; nothing when the lease
 * was lost (expired and claimed by another worker: that one marks it).
 */
export async function recordAttempt(db: Db, msg: ClaimedMessage, now: Date, o: AttemptOutcome): Promise<boolean> {
  const at = now.toISOString();
  return inTransaction(db, async (tx) => {
    const status: OutboxStatus = o.outcome === 'retry' ? 'pending' : o.outcome;
    const res = await tx
      .updateTable('outbox_messages')
      .set({
        status,
        attempts: msg.attempts + 1,
        next_attempt_at: o.retryAt ? o.retryAt.toISOString() : msg.nextAttemptAt,
        leased_until: null,
        lease_token: null,
        last_error: o.error === null ? null : o.error.slice(0, 1000),
        last_status_code: o.statusCode,
        updated_at: at,
        delivered_at: o.outcome === 'delivered' ? at : null,
      })
      .where('id', '=', msg.id)
      .where('lease_token', '=', msg.leaseToken)
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) return false;
    const count = await tx.selectFrom('outbox_attempts').select((eb) => eb.fn.countAll().as('n')).where('message_id', '=', msg.id).executeTakeFirst();
    await tx
      .insertInto('outbox_attempts')
      .values({ id: newId(), message_id: msg.id, attempt: Number(count?.n ?? 0) + 1, at, outcome: o.outcome, status_code: o.statusCode, error: o.error === null ? null : o.error.slice(0, 1000), duration_ms: Math.round(o.durationMs) })
      .execute();
    return true;
  });
}

/**
 * Puts a message back in the queue, due now, with a fresh count of tries (a dead letter resent by ops, a held
 * e-mail once SMTP is configured, a webhook delivery replayed). Its log keeps the earlier tries. Locked first.
 */
export async function requeueMessage(tx: Tx, dialect: Dialect, id: string, wallNow: Date): Promise<OutboxMessage | undefined> {
  let q = tx.selectFrom('outbox_messages').selectAll().where('id', '=', id);
  if (dialect === 'postgres') q = q.forUpdate();
  const row = await q.executeTakeFirst();
  if (!row) return undefined;
  const at = wallNow.toISOString();
  await tx
    .updateTable('outbox_messages')
    .set({ status: 'pending', attempts: 0, next_attempt_at: at, leased_until: null, lease_token: null, updated_at: at, delivered_at: null })
    .where('id', '=', id)
    .execute();
  return toMessage({ ...row, status: 'pending', attempts: 0, next_attempt_at: at });
}

export async function findMessage(db: Db, id: string): Promise<OutboxMessage | undefined> {
  const row = await db.selectFrom('outbox_messages').selectAll().where('id', '=', id).executeTakeFirst();
  return row && toMessage(row);
}

export type OutboxAttempt = { attempt: number; at: string; outcome: OutboxAttemptsTable['outcome']; statusCode: number | null; error: string | null; durationMs: number };

export async function attemptsOf(db: Db, messageIds: readonly string[]): Promise<Map<string, OutboxAttempt[]>> {
  const out = new Map<string, OutboxAttempt[]>();
  if (messageIds.length === 0) return out;
  const rows = await db.selectFrom('outbox_attempts').selectAll().where('message_id', 'in', [...messageIds]).orderBy('message_id').orderBy('attempt').execute();
  for (const r of rows) {
    const list = out.get(r.message_id) ?? [];
    list.push({ attempt: Number(r.attempt), at: r.at, outcome: r.outcome, statusCode: r.status_code === null ? null : Number(r.status_code), error: r.error, durationMs: Number(r.duration_ms) });
    out.set(r.message_id, list);
  }
  return out;
}

export type MessageFilter = { status?: OutboxStatus | undefined; channel?: OutboxChannel | undefined; targetId?: string | undefined; orgId?: string | undefined };

/** Newest first, keyset-paged by (created_at, id). */
export async function listMessages(db: Db, f: MessageFilter, opts: { limit: number; before?: { createdAt: string; id: string } | undefined }): Promise<OutboxMessage[]> {
  let q = db.selectFrom('outbox_messages').selectAll();
  if (f.status) q = q.where('status', '=', f.status);
  if (f.channel) q = q.where('channel', '=', f.channel);
  if (f.targetId) q = q.where('target_id', '=', f.targetId);
  if (f.orgId) q = q.where('org_id', '=', f.orgId);
  const before = opts.before;
  if (before) q = q.where((eb) => eb.or([eb('created_at', '<', before.createdAt), eb.and([eb('created_at', '=', before.createdAt), eb('id', '<', before.id)])]));
  const rows = await q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(opts.limit).execute();
  return rows.map(toMessage);
}

/** How many messages wait in each status (ops' overview). */
export async function countByStatus(db: Db): Promise<Record<OutboxStatus, number>> {
  const rows = await db.selectFrom('outbox_messages').select(['status', (eb) => eb.fn.countAll().as('n')]).groupBy('status').execute();
  const out: Record<OutboxStatus, number> = { pending: 0, delivered: 0, dead: 0, held: 0 };
  for (const r of rows) out[r.status] = Number(r.n);
  return out;
}

/** The number of deliveries per channel and status (ops' backlog chart). */
export async function countByChannelAndStatus(db: Db): Promise<Array<{ channel: OutboxChannel; status: OutboxStatus; count: number }>> {
  const rows = await db.selectFrom('outbox_messages').select(['channel', 'status', (eb) => eb.fn.countAll().as('n')]).groupBy(['channel', 'status']).execute();
  return rows.map((r) => ({ channel: r.channel as OutboxChannel, status: r.status, count: Number(r.n) }));
}
