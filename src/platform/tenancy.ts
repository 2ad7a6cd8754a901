import { sql, type SelectQueryBuilder } from 'kysely';
import { isPlatformOps, type Actor } from './auth/actor.ts';

/**
 * Restricts a query on a tenant-owned table to what the actor's org may see. Stores build every
 * tenant-owned read through this (or through an explicit rule that grants cross-org access, such as
 * a placement's delivering agency); the cross-tenant API walk checks that none was forgotten.
 */
export function ownedByActorOrg<DB, TB extends keyof DB, O>(qb: SelectQueryBuilder<DB, TB, O>, orgColumn: string, actor: Actor): SelectQueryBuilder<DB, TB, O> {
  if (isPlatformOps(actor)) return qb;
  return qb.where(sql.ref(orgColumn), '=', actor.orgId);
}
