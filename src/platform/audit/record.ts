import type { Tx } from '../db/database.ts';
import type { Ctx } from '../deps.ts';
import { appendAuditEvent, type AuditEvent } from './audit-log.ts';

export type Recorded = { type: string; subjectType: string; subjectId: string; orgId: string | null; payload?: unknown };

/** Appends the audit event of a use case, acted by `ctx.actor`, in the use case's transaction. */
export function record(tx: Tx, ctx: Ctx, e: Recorded): Promise<AuditEvent> {
  return appendAuditEvent(tx, ctx.deps.clock.now(), { actorUserId: ctx.actor.userId, ...e, payload: e.payload ?? {} });
}

/** Same, for changes the system makes on nobody's behalf (scheduler, seeding). */
export function recordSystem(tx: Tx, now: Date, e: Recorded): Promise<AuditEvent> {
  return appendAuditEvent(tx, now, { actorUserId: null, ...e, payload: e.payload ?? {} });
}
