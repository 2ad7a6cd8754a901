import { isPlatformOps, type Actor } from '../platform/auth/actor.ts';
import type { PlanTier } from '../platform/db/schema.ts';

/**
 * Who sees and uses which after-sales plan (DESIGN §2, §4.1).
 *
 * - The built-in tiers (no owner) are offered to every org: employers pick them, consultants and agencies read
 *   their terms, arbitrators cite them.
 * - A custom plan belongs to the one employer it was negotiated with. Other tenants cannot learn it exists; a
 *   consultant sees its terms only through a job order that uses it (the order carries the terms and hash).
 * - The built-in 定制 (custom) template is the starting point ops copy when they write a custom plan for an
 *   employer. It is shown in the tier comparison so employers know what "negotiated" usually means, but no order
 *   can be posted on it: an employer requests a custom plan instead.
 */

export type PlanOwnership = { tier: PlanTier; ownerOrgId: string | null };
type Who = Pick<Actor, 'role' | 'orgId' | 'orgKind'>;

export function isBuiltIn(plan: PlanOwnership): boolean {
  return plan.ownerOrgId === null;
}

/** The built-in custom template: a starting point for ops, not a plan an order may use. */
export function isTemplateOnly(plan: PlanOwnership): boolean {
  return plan.ownerOrgId === null && plan.tier === 'custom';
}

/** Whether the actor may read the plan, its versions and their terms. */
export function canSeePlan(actor: Who, plan: PlanOwnership): boolean {
  return isPlatformOps(actor) || plan.ownerOrgId === null || plan.ownerOrgId === actor.orgId;
}

/** Publishing versions (editing a plan) is platform operations' work. */
export function canPublishPlanVersion(actor: Who): boolean {
  return isPlatformOps(actor);
}

/** An employer's admin or HR asks for a custom plan for their own org. */
export function canRequestCustomPlan(actor: Who, orgId: string): boolean {
  return actor.orgKind === 'employer' && actor.orgId === orgId && (actor.role === 'employer_admin' || actor.role === 'employer_hr');
}

/** Who may read an org's custom-plan requests: its own members, and ops. */
export function canSeeOrgRequests(actor: Who, orgId: string): boolean {
  return isPlatformOps(actor) || actor.orgId === orgId;
}

export type PlanUse = 'usable' | 'not_found' | 'template_only';

/**
 * Whether an org may put a plan on a job order. A custom plan of another org answers `not_found`, exactly as
 * an unknown id does, so that no tenant can probe for another's plans.
 */
export function planUseForOrg(plan: PlanOwnership, orgId: string): PlanUse {
  if (plan.ownerOrgId !== null && plan.ownerOrgId !== orgId) return 'not_found';
  if (isTemplateOnly(plan)) return 'template_only';
  return 'usable';
}
