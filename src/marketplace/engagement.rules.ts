import { isPlatformOps, type Actor } from '../platform/auth/actor.ts';
import type { EngagementsTable, JobOrderStatus } from '../platform/db/schema.ts';
import { DomainError } from '../platform/errors.ts';
import { canManageOrder } from './job-order.rules.ts';

/**
 * Taking an order (接单, DESIGN §4.4): a consultant takes an open order of another org, accepting its terms
 * by their hash, while under the cap of concurrent engagements. Engagements on orders that are no longer
 * open or paused (filled, closed) stay on record but no longer use capacity: the work on them is over.
 */

export type EngagementStatus = EngagementsTable['status'];

/** Order statuses whose engagements count against the consultant's capacity. */
export const CAPACITY_STATUSES: readonly JobOrderStatus[] = ['open', 'paused'];

export type TakeFacts = {
  order: { posterOrgId: string; status: JobOrderStatus };
  /** The consultant already has an active engagement on this order. */
  alreadyEngaged: boolean;
  /** The consultant's active engagements on open or paused orders. */
  activeEngagements: number;
  cap: number;
  acceptedTermsHash: string;
  currentTermsHash: string;
};

/** Why `actor` may not take the order, as the DomainError to answer with, or null when they may. Checked in this order. */
export function refusalToTake(actor: Actor, f: TakeFacts): DomainError | null {
  if (actor.role !== 'consultant') return new DomainError('forbidden', 'only consultants take orders');
  if (actor.orgId === f.order.posterOrgId) return new DomainError('forbidden', "you cannot take your own agency's order");
  if (f.order.status !== 'open') return new DomainError('conflict', `the order is ${f.order.status}, not open: it cannot be taken now`, { reason: 'order_not_open', status: f.order.status });
  if (f.alreadyEngaged) return new DomainError('conflict', 'you have already taken this order', { reason: 'already_engaged' });
  if (f.acceptedTermsHash !== f.currentTermsHash) {
    return new DomainError('terms_mismatch', 'acceptedTermsHash: the terms you accepted are not the order’s current terms; read them again and accept the current hash', {
      field: 'acceptedTermsHash',
      currentTermsHash: f.currentTermsHash,
    });
  }
  if (f.activeEngagements >= f.cap) return capacityReached(f.cap);
  return null;
}

export function capacityReached(cap: number): DomainError {
  return new DomainError('capacity_reached', `you already work on ${cap} orders, the most a consultant may take at once (cap ${cap}); drop one or finish one before taking another`, { cap });
}

/** True while the consultant is under the cap. */
export function underCap(activeEngagements: number, cap: number): boolean {
  return activeEngagements < cap;
}

type EngagementParties = { consultantId: string; agencyOrgId: string; posterOrgId: string };

/** The consultant, their agency's admin, the poster's people and platform ops see an engagement. */
export function canSeeEngagement(actor: Actor, e: EngagementParties): boolean {
  if (isPlatformOps(actor)) return true;
  if (actor.userId === e.consultantId) return true;
  if (actor.role === 'agency_admin' && actor.orgId === e.agencyOrgId) return true;
  return canManageOrder(actor, { posterOrgId: e.posterOrgId });
}

/** The consultant drops their own engagement; their agency's admin may drop it for them (e.g. when they leave). */
export function mayDrop(actor: Actor, e: EngagementParties): boolean {
  return actor.userId === e.consultantId || (actor.role === 'agency_admin' && actor.orgId === e.agencyOrgId);
}

export function dropTransition(status: EngagementStatus): 'dropped' {
  if (status !== 'active') throw new DomainError('invalid_transition', `cannot drop an engagement that is ${status}`, { status, action: 'drop' });
  return 'dropped';
}
