import { isPlatformOps, type Actor } from '../platform/auth/actor.ts';

/**
 * Who sees a placement and who signs for which side (DESIGN §2, §4.1). A placement joins two tenants: the
 * poster (the org that posted the order and pays) and the deliverer (the agency whose consultant delivered).
 * - Platform ops see every placement and sign for neither side.
 * - The poster org's employer admins and HR, or the admin of an agency that posted for its client, see the
 *   poster's placements and accept for the poster.
 * - An agency admin sees every placement its consultants delivered and accepts for the deliverer; a consultant
 *   sees and accepts only the placements it delivered itself.
 * Everyone else gets "not found", as if the placement did not exist.
 */

export const PLACEMENT_SIDES = ['poster', 'deliverer'] as const;
export type PlacementSide = (typeof PLACEMENT_SIDES)[number];

export type PlacementParties = { posterOrgId: string; agencyOrgId: string; consultantId: string };

export function canSeePlacement(actor: Actor, p: PlacementParties): boolean {
  if (isPlatformOps(actor)) return true;
  return sidesOf(actor, p).length > 0;
}

/** The sides `actor` may accept for, in the order they are signed when one person holds both. */
export function sidesOf(actor: Actor, p: PlacementParties): PlacementSide[] {
  const sides: PlacementSide[] = [];
  const posterRole = actor.role === 'employer_admin' || actor.role === 'employer_hr' || actor.role === 'agency_admin';
  if (posterRole && actor.orgId === p.posterOrgId) sides.push('poster');
  const delivers =
    (actor.role === 'consultant' && actor.userId === p.consultantId && actor.orgId === p.agencyOrgId) ||
    (actor.role === 'agency_admin' && actor.orgId === p.agencyOrgId);
  if (delivers) sides.push('deliverer');
  return sides;
}

export type Acceptances = { posterAcceptedAt: string | null; delivererAcceptedAt: string | null };

export function pendingSides(a: Acceptances): PlacementSide[] {
  return PLACEMENT_SIDES.filter((s) => (s === 'poster' ? a.posterAcceptedAt : a.delivererAcceptedAt) === null);
}

/**
 * The side an acceptance by `actor` signs: the first of its sides still open. null when every side it may sign
 * has already accepted (a repeat: nothing to do). An agency that posted an order its own consultant delivered
 * holds both sides; its admin signs them one at a time, poster first.
 */
export function sideToAccept(actor: Actor, p: PlacementParties & Acceptances): PlacementSide | null {
  const open = pendingSides(p);
  return sidesOf(actor, p).find((s) => open.includes(s)) ?? null;
}
