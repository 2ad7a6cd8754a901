import type { Actor, Role } from '../platform/auth/actor.ts';
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

export function isPlatformOps(actor: Actor): boolean {
  return actor.role === 'platform_ops';
}

/** Org admins manage their own org's users and tokens; platform ops manage every org. */
export function canManageOrg(actor: Actor, orgId: string): boolean {
  return isPlatformOps(actor) || (actor.orgId === orgId && isOrgAdmin(actor));
}

/** Who may see an org's details and member list. */
export function canSeeOrg(actor: Actor, orgId: string): boolean {
  return isPlatformOps(actor) || actor.orgId === orgId;
}
