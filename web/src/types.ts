/** Shapes of the Tenure API (`/api/v1`) that the web app reads. */

export const ROLES = [
  'platform_ops',
  'arbitrator',
  'employer_admin',
  'employer_hr',
  'agency_admin',
  'consultant',
  'assessor_admin',
  'assessor',
] as const;
export type Role = (typeof ROLES)[number];

export const ORG_KINDS = ['platform', 'employer', 'agency', 'assessor'] as const;
export type OrgKind = (typeof ORG_KINDS)[number];

export interface SessionUser {
  id: string;
  email: string;
  name: string;
  role: Role;
  orgId: string;
  locale: string;
}

export interface SessionOrg {
  id: string;
  name: string;
  kind: OrgKind;
  timeZone?: string;
}

export interface Session {
  user: SessionUser;
  org: SessionOrg;
  csrfToken: string;
}

export interface Org {
  id: string;
  name: string;
  kind: OrgKind;
  /** IANA time zone the org's calendar dates are counted in (DESIGN §4.2). */
  timeZone?: string;
  createdAt: string;
}

export interface User {
  id: string;
  email: string;
  name: string;
  role: Role;
  orgId: string;
  disabled: boolean;
  locale?: string;
  createdAt: string;
}

export interface ApiToken {
  id: string;
  name: string;
  createdAt: string;
  revokedAt: string | null;
  lastUsedAt: string | null;
}

export interface CreatedApiToken {
  id: string;
  name: string;
  token: string;
}

export interface Clock {
  mode: 'manual' | 'system';
  now: string;
  today: string;
}

export interface AdvancedClock extends Clock {
  /** How many due obligations the scheduler ran at the new time. */
  obligationsRun?: number;
}

export interface Checkpoint {
  treeSize: number;
  rootHash: string;
  issuedAt: string;
  signature: string;
  publicKey: string;
}

export interface AuditEvent {
  index: number;
  type: string;
  actorUserId: string | null;
  orgId: string | null;
  subjectType: string | null;
  subjectId: string | null;
  payload: unknown;
  occurredAt: string;
  /** RFC 9162 leaf hash of the event, when the server sends it. */
  leafHash?: string;
}

export interface Health {
  status: 'ok';
  database: 'sqlite' | 'postgres';
  version: string;
}

export interface Items<T> {
  items: T[];
}
