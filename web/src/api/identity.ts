/** The identity API (`/api/v1/auth`, `/orgs`, `/users`, API tokens): its shapes, from the API contract. */
import { everyOf, type ResponseOf } from './contract';

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
