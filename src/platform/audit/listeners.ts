import type { Tx } from '../db/database.ts';
import type { AuditEventType, NewAuditEvent } from './events.ts';

/**
 * What other areas do when an event is recorded, in the same transaction (an outcome recorded by aftercare or
 * disputes updates the ratings' counters before it commits, or with it rolls back). The platform knows no area:
 * the composition root registers the listeners (src/tenure.ts), as it registers obligation handlers.
 *
 * A listener sees the event as recorded (ids, codes and amounts only) and reads anything else through services.
 */
export type RecordedEvent<T extends AuditEventType = AuditEventType> = Extract<NewAuditEvent, { type: T }> & { actorUserId: string | null };
export type AuditListener<T extends AuditEventType = AuditEventType> = (tx: Tx, now: Date, event: RecordedEvent<T>) => Promise<void>;

// Stored untyped: the type a listener was registered for is the key it is stored under.
type AnyListener = (tx: Tx, now: Date, event: NewAuditEvent & { actorUserId: string | null }) => Promise<void>;
const listeners = new Map<AuditEventType, AnyListener[]>();

/** Registers `listener` for each of `types` (once per process: registering the same function again is a no-op). */
export function onRecorded<T extends AuditEventType>(types: readonly T[], listener: AuditListener<T>): void {
  for (const type of types) {
    const list = listeners.get(type) ?? [];
    const stored = listener as unknown as AnyListener;
    if (!list.includes(stored)) list.push(stored);
    listeners.set(type, list);
  }
}

export async function notifyListeners(tx: Tx, now: Date, event: NewAuditEvent & { actorUserId: string | null }): Promise<void> {
  const list = listeners.get(event.type);
  if (list === undefined) return;
  for (const l of list) await l(tx, now, event);
}
