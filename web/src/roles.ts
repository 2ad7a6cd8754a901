import type { OrgKind, Role } from './api/identity';

/** The roles a user of each kind of org can hold: the server's own rule (pure data), so the forms never offer a role the API refuses. */
export { ROLES_BY_ORG_KIND } from '../../src/identity/roles.rules.ts';

/** Roles that administer their own org: its users and its API tokens. */
export const ORG_ADMIN_ROLES: readonly Role[] = ['platform_ops', 'employer_admin', 'agency_admin', 'assessor_admin'];

export const isOrgAdmin = (role: Role): boolean => ORG_ADMIN_ROLES.includes(role);

/** Org kinds platform ops can create from the console (the platform org exists from the start). */
export const CREATABLE_ORG_KINDS: readonly OrgKind[] = ['employer', 'agency', 'assessor'];

export const ROLE_COLORS: Record<Role, string> = {
  platform_ops: 'magenta',
  arbitrator: 'purple',
  employer_admin: 'blue',
  employer_hr: 'geekblue',
  agency_admin: 'green',
  consultant: 'cyan',
  assessor_admin: 'orange',
  assessor: 'gold',
};

export const ORG_KIND_COLORS: Record<OrgKind, string> = {
  platform: 'magenta',
  employer: 'blue',
  agency: 'green',
  assessor: 'orange',
};
