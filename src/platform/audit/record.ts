import type { Tx } from '../db/database.ts';
import type { Ctx } from '../deps.ts';
import { appendAuditEvent, type AuditEvent } from './audit-log.ts';
import type { NewAuditEvent } from './events.ts';
import { notifyListeners } from './listeners.ts';

/** Appends the audit event of a use case, acted by `ctx.actor`, in the use case's transaction; then its listeners run there too. */
export async function record(tx: Tx, ctx: Ctx, e: NewAuditEvent): Promise<AuditEvent> {
  const now = ctx.deps.clock.now();
  const input = { actorUserId: ctx.actor.userId, ...e };
  const stored = await appendAuditEvent(tx, now, input);
  await notifyListeners(tx, now, input);
  return stored;
}

/** Same, for changes the system makes on nobody's behalf (scheduler, seeding). */
export async function recordSystem(tx: Tx, now: Date, e: NewAuditEvent): Promise<AuditEvent> {
  const input = { actorUserId: null, ...e };
  const stored = await appendAuditEvent(tx, now, input);
  await notifyListeners(tx, now, input);
  return stored;
}
