import type { Actor } from '../auth/actor.ts';
import type { Db } from '../db/database.ts';
import { ownedByActorOrg } from '../tenancy.ts';
import { SECURITY_EVENT_TYPES, type AuditReach } from './events.ts';

/**
 * The audit events a reader may see: its org's (platform operations: all), narrowed by its reach — security
 * events for admins only, and a consultant's own work only (it acted, or the event is about its work).
 */
export function visibleAuditEvents(db: Db, actor: Actor, reach: AuditReach) {
  const all = db.selectFrom('audit_events').selectAll();
  if (reach === 'own_work') {
    // Its work may sit in another org's log (a submission is logged under the order's poster): found by `work_of`.
    return all.where((eb) => eb.or([eb.and([eb('org_id', '=', actor.orgId), eb('actor_user_id', '=', actor.userId)]), eb('work_of_user_id', '=', actor.userId)]));
  }
  const q = ownedByActorOrg(all, 'audit_events.org_id', actor);
  return reach === 'everything' ? q : q.where('type', 'not in', SECURITY_EVENT_TYPES);
}
