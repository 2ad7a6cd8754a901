import type { FastifyReply, FastifyRequest } from 'fastify';
import { canonicalHash } from '../canonical-json.ts';
import type { Db } from '../db/database.ts';
import { DomainError } from '../errors.ts';
import { uploadHash, uploadOf } from './upload.ts';

const HEADER = 'idempotency-key';

/**
 * How long a first request may stay unanswered before its key is taken to be orphaned: its process was killed or
 * crashed mid-request (a graceful stop finishes requests in flight within TENURE_SHUTDOWN_TIMEOUT_MS, 30 s by
 * default), so no answer will ever be stored. A retry with the same key and request after this runs it again
 * instead of answering "still in progress" for ever. Far longer than any request takes.
 */
export const IN_PROGRESS_LEASE_MS = 2 * 60_000;

/**
 * How a route takes `Idempotency-Key` (route config `idempotency`):
 * - `replay` (default): the first response is stored and a repeat with the same key and request gets it again;
 * - `no-replay`: the response holds a secret shown once (an API token, a password reset link): it is never
 *   stored, and a repeat gets 409 `idempotency_replay_unavailable` instead of the secret;
 * - `ignore`: the key has no effect (sign-in: each attempt is checked and throttled on its own).
 */
export type IdempotencyMode = 'replay' | 'no-replay' | 'ignore';

/**
 * `Idempotency-Key` for state-changing requests: the first request with a key is recorded with its
 * response; the same key and request replays that response; the same key with another request is a 409.
 * The request is its method, URL and body — for an upload, the file's bytes, name and form fields, so
 * another résumé under the same key is a 409, not silently dropped. Keys are per caller.
 */
export async function beginIdempotentRequest(db: Db, req: FastifyRequest, reply: FastifyReply, now: Date): Promise<boolean> {
  const key = req.headers[HEADER];
  const mode: IdempotencyMode = req.routeOptions.config.idempotency ?? 'replay';
  if (typeof key !== 'string' || mode === 'ignore' || !['POST', 'PUT', 'PATCH', 'DELETE'].includes(req.method)) return false;
  if (key.length === 0 || key.length > 200) throw new DomainError('invalid_input', 'Idempotency-Key: must be 1 to 200 characters', { field: 'Idempotency-Key' });
  const scope = req.actor ? `user:${req.actor.userId}` : `address:${req.ip}`;
  const body = req.routeOptions.config.upload ? { upload: uploadHash(await uploadOf(req)) } : (req.body ?? null);
  const requestHash = canonicalHash({ method: req.method, url: req.url, body });
  const inserted = await db
    .insertInto('idempotency_keys')
    .values({ scope, key, request_hash: requestHash, status_code: null, response_body: null, created_at: now.toISOString() })
    .onConflict((oc) => oc.columns(['scope', 'key']).doNothing())
    .executeTakeFirst();
  if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 1) {
    req.idempotency = { scope, key, storeBody: mode === 'replay' };
    return false;
  }
  const row = await db.selectFrom('idempotency_keys').selectAll().where('scope', '=', scope).where('key', '=', key).executeTakeFirstOrThrow();
  if (row.request_hash !== requestHash) throw new DomainError('idempotency_conflict', 'Idempotency-Key: was already used with a different request');
  if (row.status_code === null) {
    if (await takeOverOrphanedKey(db, scope, key, requestHash, now)) {
      req.idempotency = { scope, key, storeBody: mode === 'replay' };
      return false;
    }
    throw new DomainError('idempotency_conflict', 'Idempotency-Key: the first request with this key is still in progress');
  }
  if (row.response_body === null) {
    throw new DomainError('idempotency_replay_unavailable', 'Idempotency-Key: the first request with this key succeeded; its answer held a secret shown only once and is not repeated', {
      status: row.status_code,
    });
  }
  reply.code(row.status_code).header('idempotent-replayed', 'true').header('content-type', 'application/json; charset=utf-8');
  await reply.send(row.response_body);
  return true;
}

/**
 * A key still in progress past the lease belongs to a request whose process died: this request takes it over, in
 * one conditional update, so of several retries at once exactly one runs (the others see it in progress, then its
 * answer). Whatever that process had not committed was rolled back with it; a use case it had committed before
 * dying refuses or repeats as it would for a new request (its own checks, not this key, decide).
 */
async function takeOverOrphanedKey(db: Db, scope: string, key: string, requestHash: string, now: Date): Promise<boolean> {
  const res = await db
    .updateTable('idempotency_keys')
    .set({ created_at: now.toISOString() })
    .where('scope', '=', scope)
    .where('key', '=', key)
    .where('request_hash', '=', requestHash)
    .where('status_code', 'is', null)
    .where('created_at', '<', new Date(now.getTime() - IN_PROGRESS_LEASE_MS).toISOString())
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

/**
 * Stores the response of a request that began with a fresh key; a server error frees the key for a retry.
 * A response holding a secret keeps only its status (a null body), so the secret is never at rest here.
 */
export async function finishIdempotentRequest(db: Db, req: FastifyRequest, statusCode: number, payload: unknown): Promise<void> {
  const idem = req.idempotency;
  if (!idem) return;
  req.idempotency = null;
  const where = db.updateTable('idempotency_keys').where('scope', '=', idem.scope).where('key', '=', idem.key);
  if (statusCode >= 500) {
    await db.deleteFrom('idempotency_keys').where('scope', '=', idem.scope).where('key', '=', idem.key).execute();
    return;
  }
  const body = typeof payload === 'string' ? payload : payload == null ? '' : String(payload);
  const keepBody = idem.storeBody || statusCode >= 300;
  await where.set({ status_code: statusCode, response_body: keepBody ? body : null }).execute();
}
