/** Shapes of the Tenure API (`/api/v1`) that the web app reads, from the API contract (`api/schema.d.ts`). */
import { everyOf, type ResponseOf } from './api/contract';

export type Session = ResponseOf<'/api/v1/auth/me'>;
export type SessionUser = Session['user'];
export type SessionOrg = Session['org'];

export type Role = SessionUser['role'];

export type OrgKind = SessionOrg['kind'];
export const ORG_KINDS = everyOf<OrgKind>()(['platform', 'employer', 'agency', 'assessor']);

export type Org = ResponseOf<'/api/v1/orgs/{orgId}'>;
export type User = ResponseOf<'/api/v1/orgs/{orgId}/users'>['items'][number];
export type ApiToken = ResponseOf<'/api/v1/orgs/{orgId}/api-tokens'>['items'][number];
export type CreatedApiToken = ResponseOf<'/api/v1/orgs/{orgId}/api-tokens', 'post'>;

export type Clock = ResponseOf<'/api/v1/clock'>;
export type AdvancedClock = ResponseOf<'/api/v1/clock/advance', 'post'>;

export type Checkpoint = ResponseOf<'/api/v1/audit/checkpoint'>;
export type AuditEvent = ResponseOf<'/api/v1/audit/events'>['items'][number];

export type Health = ResponseOf<'/api/v1/health'>;

export interface Items<T> {
  items: T[];
}

/** GET /risk/fairness: the retention-risk model's fairness report (platform ops). */
export type FairnessReport = ResponseOf<'/api/v1/risk/fairness'>;
export type FairnessGroup = FairnessReport['groups'][number];
export type FairnessProxy = FairnessReport['proxies'][number];
