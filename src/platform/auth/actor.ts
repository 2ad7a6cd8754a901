import type { OrgKind } from '../db/schema.ts';

export type Role =
  | 'platform_ops'
  | 'arbitrator'
  | 'employer_admin'
  | 'employer_hr'
  | 'agency_admin'
  | 'consultant'
  | 'assessor_admin'
  | 'assessor';

/** Who is acting: a signed-in user (cookie session) or an org's integration (bearer token). */
export type Actor = {
  userId: string;
  orgId: string;
  orgKind: OrgKind;
  role: Role;
  via: 'session' | 'token';
};

/** Platform operations: the one role that sees and acts across every org. */
export function isPlatformOps(actor: Pick<Actor, 'role'>): boolean {
  return actor.role === 'platform_ops';
}

