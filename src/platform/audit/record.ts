import type { Tx } from '../db/database.ts';
import type { Ctx } from '../deps.ts';
import { appendAuditEvent } from './audit-log.ts';
import type { NewAuditEvent } from './events.ts';
import { notifyListeners } from './listeners.ts';

/** Appends the audit event of a use case, acted by `ctx.actor`, in the use case's transaction; then its listeners run there too. */
export async function record(tx: Tx, ctx: Ctx, e: NewAuditEvent): Promise<void> {
  const now = ctx.deps.clock.now();
  const input = { actorUserId: ctx.actor.userId, ...e };
  await appendAuditEvent(tx, now, input);
  await notifyListeners(tx, now, input);
}

/** Same, for changes the system makes on nobody's behalf (scheduler, seeding). */
export async function recordSystem(tx: Tx, now: Date, e: NewAuditEvent): Promise<void> {
  const input = { actorUserId: null, ...e };
  await appendAuditEvent(tx, now, input);
  await notifyListeners(tx, now, input);
}
