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

/** GET /risk/fairness: the retention-risk model's fairness report (platform ops). */
export interface FairnessGroup {
  attribute: 'gender' | 'age' | 'maritalStatus';
  group: string;
  n: number;
  leavers: number;
  leaverRate: number;
  auc: number | null;
  aucAtHire: number | null;
  flagRate: number;
  meanScore: number;
}
export interface FairnessProxy {
  input: string;
  proxy: Record<'gender' | 'age' | 'maritalStatus', { auc: number; group: string }>;
  aucWithout: number;
  aucCost: number;
}
export interface FairnessReport {
  model: { name: string; version: number; lambda: number; protectedInputs: string[] };
  data: { file: string; sha256: string; rows: number; leavers: number };
  folds: number;
  thresholds: { medium: number; high: number };
  overall: { auc: number; aucAtHire: number; flagRate: number; leaverRate: number };
  calibration: Record<'withCheckIns' | 'atHire', { brier: number; deciles: { bin: number; n: number; meanPredicted: number; observedRate: number }[] }>;
  groups: FairnessGroup[];
  proxies: FairnessProxy[];
}
