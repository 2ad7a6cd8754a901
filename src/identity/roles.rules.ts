import { isPlatformOps, type Actor, type Role } from '../platform/auth/actor.ts';
import type { AuditReach } from '../platform/audit/events.ts';
import type { OrgKind } from '../platform/db/schema.ts';

export const ROLES_BY_ORG_KIND: Record<OrgKind, readonly Role[]> = {
  platform: ['platform_ops', 'arbitrator'],
  employer: ['employer_admin', 'employer_hr'],
  agency: ['agency_admin', 'consultant'],
  assessor: ['assessor_admin', 'assessor'],
};

export const ADMIN_ROLE_OF: Record<OrgKind, Role> = {
  platform: 'platform_ops',
  employer: 'employer_admin',
  agency: 'agency_admin',
  assessor: 'assessor_admin',
};

export const ALL_ROLES = Object.values(ROLES_BY_ORG_KIND).flat();

export function roleFitsOrg(role: Role, kind: OrgKind): boolean {
  return ROLES_BY_ORG_KIND[kind].includes(role);
}

export function isOrgAdmin(actor: Actor): boolean {
  return actor.role === ADMIN_ROLE_OF[actor.orgKind];
}

/** The roles that post and manage job orders and act for the poster side of a submission or placement. */
export const POSTER_ROLES: readonly Role[] = ['employer_admin', 'employer_hr', 'agency_admin'];

export function isPosterRole(role: Role): boolean {
  return POSTER_ROLES.includes(role);
}

/**
 * Inbox items addressed to a whole org are about the org's side of a deal (an order, a submission to it, a
 * placement): they reach its admins and posters. A consultant hears of its own work, addressed to it.
 */
export function receivesOrgWideNotifications(actor: Pick<Actor, 'role' | 'orgKind'>): boolean {
  // An assessor org's items are all about its assessments: its assessors act on them as much as its admin.
  return actor.role === ADMIN_ROLE_OF[actor.orgKind] || isPosterRole(actor.role) || actor.role === 'assessor';
}

/**
 * Who reads which audit events of an org: admins (and platform operations) read all of them, including
 * security events (users, tokens, sign-ins); a consultant reads only its own work (events it acted in or
 * that are about its engagements, submissions and placements); other members read the org's business events.
 */
export function auditReachOf(actor: Pick<Actor, 'role' | 'orgKind'>): AuditReach {
  if (isPlatformOps(actor) || actor.role === ADMIN_ROLE_OF[actor.orgKind]) return 'everything';
  return actor.role === 'consultant' ? 'own_work' : 'org_business';
}

/** Org admins manage their own org's users and tokens; platform ops manage every org. */
export function canManageOrg(actor: Actor, orgId: string): boolean {
  return isPlatformOps(actor) || (actor.orgId === orgId && isOrgAdmin(actor));
}

/** Who may see an org's details and member list. */
export function canSeeOrg(actor: Actor, orgId: string): boolean {
  return isPlatformOps(actor) || actor.orgId === orgId;
}
