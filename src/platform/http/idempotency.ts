import type { FastifyReply, FastifyRequest } from 'fastify';
import { canonicalHash } from '../canonical-json.ts';
import type { Db } from '../db/database.ts';
import { setCommitMark } from '../db/request-scope.ts';
import { DomainError } from '../errors.ts';
import { uploadHash, uploadOf } from './upload.ts';

const HEADER = 'idempotency-key';

/** How long a key without an answer is taken to be in progress; a request runs far shorter than this. */
export const IDEMPOTENCY_LEASE_MS = 60_000;

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
 *
 * A process killed while it held a key leaves the key without an answer. Each transaction the request commits
 * marks the key "took effect" (request-scope.ts), so a retry can tell the two cases apart: a request that took
 * effect is never run again (409 `idempotency_answer_lost`: read the resource to see its result), and one that
 * committed nothing may run again once its lease has run out (before that, 409: it may still be running).
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
    .values({ scope, key, request_hash: requestHash, status_code: null, response_body: null, created_at: now.toISOString(), effect_committed_at: null })
    .onConflict((oc) => oc.columns(['scope', 'key']).doNothing())
    .executeTakeFirst();
  const hold = () => {
    req.idempotency = { scope, key, storeBody: mode === 'replay' };
    const at = now.toISOString();
    setCommitMark(async (tx) => {
      await tx.updateTable('idempotency_keys').set({ effect_committed_at: at }).where('scope', '=', scope).where('key', '=', key).execute();
    });
    return false;
  };
  if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 1) return hold();
  const row = await db.selectFrom('idempotency_keys').selectAll().where('scope', '=', scope).where('key', '=', key).executeTakeFirstOrThrow();
  if (row.request_hash !== requestHash) throw new DomainError('idempotency_conflict', 'Idempotency-Key: was already used with a different request');
  if (row.status_code === null && row.effect_committed_at !== null) {
    throw new DomainError('idempotency_answer_lost', 'Idempotency-Key: the first request with this key took effect, but the server stopped before answering it; read the resource to see the result', {
      tookEffectAt: row.effect_committed_at,
    });
  }
  if (row.status_code === null) {
    // Nothing of the first request committed. Still within its lease it may be running; after, its process is gone.
    if (now.getTime() - Date.parse(row.created_at) < IDEMPOTENCY_LEASE_MS) throw new DomainError('idempotency_conflict', 'Idempotency-Key: the first request with this key is still in progress');
    const taken = await db
      .updateTable('idempotency_keys')
      .set({ created_at: now.toISOString() })
      .where('scope', '=', scope)
      .where('key', '=', key)
      .where('created_at', '=', row.created_at)
      .where('status_code', 'is', null)
      .where('effect_committed_at', 'is', null)
      .executeTakeFirst();
    // Two retries at once: one takes the key over, the other is told it is in progress.
    if (Number(taken.numUpdatedRows) === 1) return hold();
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
 * Stores the response of a request that began with a fresh key; a server error frees the key for a retry.
 * A response holding a secret keeps only its status (a null body), so the secret is never at rest here.
 */
export async function finishIdempotentRequest(db: Db, req: FastifyRequest, statusCode: number, payload: unknown): Promise<void> {
  const idem = req.idempotency;
  if (!idem) return;
  req.idempotency = null;
  setCommitMark(null);
  const where = db.updateTable('idempotency_keys').where('scope', '=', idem.scope).where('key', '=', idem.key);
  if (statusCode >= 500) {
    // Freed only if nothing of it committed; one that took effect stays "answer lost" and is never run twice.
    await db.deleteFrom('idempotency_keys').where('scope', '=', idem.scope).where('key', '=', idem.key).where('effect_committed_at', 'is', null).execute();
    return;
  }
  const body = typeof payload === 'string' ? payload : payload == null ? '' : String(payload);
  const keepBody = idem.storeBody || statusCode >= 300;
  await where.set({ status_code: statusCode, response_body: keepBody ? body : null }).execute();
}
