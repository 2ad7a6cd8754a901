import type { FastifyReply, FastifyRequest } from 'fastify';
import { canonicalHash } from '../canonical-json.ts';
import type { Db } from '../db/database.ts';
import { DomainError } from '../errors.ts';

const HEADER = 'idempotency-key';

/**
 * `Idempotency-Key` for state-changing requests: the first request with a key is recorded with its
 * response; the same key and body replays that response; the same key with another body is a 409.
 * Keys are per caller, so two users cannot collide.
 */
export async function beginIdempotentRequest(db: Db, req: FastifyRequest, reply: FastifyReply, now: Date): Promise<boolean> {
  const key = req.headers[HEADER];
  if (typeof key !== 'string' || !['POST', 'PUT', 'PATCH', 'DELETE'].includes(req.method)) return false;
  if (key.length === 0 || key.length > 200) throw new DomainError('invalid_input', 'Idempotency-Key: must be 1 to 200 characters', { field: 'Idempotency-Key' });
  const scope = req.actor ? `user:${req.actor.userId}` : `address:${req.ip}`;
  const requestHash = canonicalHash({ method: req.method, url: req.url, body: req.body ?? null });
  const inserted = await db
    .insertInto('idempotency_keys')
    .values({ scope, key, request_hash: requestHash, status_code: null, response_body: null, created_at: now.toISOString() })
    .onConflict((oc) => oc.columns(['scope', 'key']).doNothing())
    .executeTakeFirst();
  if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 1) {
    req.idempotency = { scope, key };
    return false;
  }
  const row = await db.selectFrom('idempotency_keys').selectAll().where('scope', '=', scope).where('key', '=', key).executeTakeFirstOrThrow();
  if (row.request_hash !== requestHash) throw new DomainError('idempotency_conflict', 'Idempotency-Key: was already used with a different request');
  if (row.status_code === null) throw new DomainError('idempotency_conflict', 'Idempotency-Key: the first request with this key is still in progress');
  reply.code(row.status_code).header('idempotent-replayed', 'true').header('content-type', 'application/json; charset=utf-8');
  await reply.send(row.response_body ?? '');
  return true;
}

/** Stores the response of a request that began with a fresh key; a server error frees the key for a retry. */
export async function finishIdempotentRequest(db: Db, req: FastifyRequest, statusCode: number, payload: unknown): Promise<void> {
  const idem = req.idempotency;
  if (!idem) return;
  req.idempotency = null;
  const where = db.updateTable('idempotency_keys').where('scope', '=', idem.scope).where('key', '=', idem.key);
  if (statusCode >= 500) {
    await db.deleteFrom('idempotency_keys').where('scope', '=', idem.scope).where('key', '=', idem.key).execute();
    return;
  }
  await where.set({ status_code: statusCode, response_body: typeof payload === 'string' ? payload : payload == null ? '' : String(payload) }).execute();
}
