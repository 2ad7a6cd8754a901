/**
 * Table types for Kysely. One representation per kind of value, on SQLite and PostgreSQL alike:
 * - ids: text (UUID);
 * - instants: text, ISO-8601 UTC with milliseconds ("2026-01-05T09:00:00.000Z"), which sorts correctly;
 * - calendar dates: text "YYYY-MM-DD";
 * - money: bigint minor units (read back with `toBigInt`, since drivers return number or string);
 * - booleans: integer 0/1;
 * - JSON: text holding canonical JSON.
 */
export type OrgKind = 'employer' | 'agency' | 'assessor' | 'platform';

export interface OrgsTable {
  id: string;
  name: string;
  kind: OrgKind;
  time_zone: string;
  created_at: string;
}

export interface UsersTable {
  id: string;
  org_id: string;
  email: string;
  name: string;
  role: string;
  password_hash: string;
  disabled: number;
  locale: string;
  created_at: string;
}

export interface SessionsTable {
  id_hash: string;
  user_id: string;
  csrf_token: string;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
  revoked_at: string | null;
}

export interface ApiTokensTable {
  id: string;
  org_id: string;
  name: string;
  token_hash: string;
  created_by: string;
  created_at: string;
  revoked_at: string | null;
  last_used_at: string | null;
}

export interface LoginFailuresTable {
  id: string;
  key: string;
  failed_at: string;
}

export interface IdempotencyKeysTable {
  scope: string;
  key: string;
  request_hash: string;
  status_code: number | null;
  response_body: string | null;
  created_at: string;
}

export interface AuditEventsTable {
  seq: number;
  occurred_at: string;
  actor_user_id: string | null;
  org_id: string | null;
  subject_type: string;
  subject_id: string;
  type: string;
  payload: string;
  leaf_hash: string;
}

export interface AuditStateTable {
  id: number;
  tree_size: number;
  frontier: string;
}

export interface AuditCheckpointsTable {
  tree_size: number;
  root_hash: string;
  issued_at: string;
  signature: string;
  public_key: string;
}

export interface ObligationsTable {
  id: string;
  kind: string;
  subject_type: string;
  subject_id: string;
  org_id: string | null;
  due_at: string;
  status: 'pending' | 'done' | 'failed' | 'cancelled';
  attempts: number;
  last_error: string | null;
  payload: string;
  created_at: string;
  updated_at: string;
  completed_at: string | null;
}

export interface PlatformStateTable {
  key: string;
  value: string;
}

export interface Database {
  orgs: OrgsTable;
  users: UsersTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  login_failures: LoginFailuresTable;
  idempotency_keys: IdempotencyKeysTable;
  audit_events: AuditEventsTable;
  audit_state: AuditStateTable;
  audit_checkpoints: AuditCheckpointsTable;
  obligations: ObligationsTable;
  platform_state: PlatformStateTable;
}

export function toBigInt(value: string | number | bigint): bigint {
  return typeof value === 'bigint' ? value : BigInt(value);
}

export function toNumber(value: string | number | bigint | null | undefined): number {
  return value === null || value === undefined ? 0 : Number(value);
}
