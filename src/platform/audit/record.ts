import type { Tx } from '../db/database.ts';
import type { Ctx } from '../deps.ts';
import { appendAuditEvent, type AuditEvent } from './audit-log.ts';
import type { NewAuditEvent } from './events.ts';

/** Appends the audit event of a use case, acted by `ctx.actor`, in the use case's transaction. */
export function record(tx: Tx, ctx: Ctx, e: NewAuditEvent): Promise<AuditEvent> {
  return appendAuditEvent(tx, ctx.deps.clock.now(), { actorUserId: ctx.actor.userId, ...e });
}

/** Same, for changes the system makes on nobody's behalf (scheduler, seeding). */
export function recordSystem(tx: Tx, now: Date, e: NewAuditEvent): Promise<AuditEvent> {
  return appendAuditEvent(tx, now, { actorUserId: null, ...e });
}
