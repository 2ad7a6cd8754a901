import { z } from 'zod';
import { latestCheckpoint } from '../audit/audit-checkpoints.ts';
import { storedLeafHashes, currentTree, auditEventFromRow } from '../audit/audit-log.ts';
import { visibleAuditEvents } from '../audit/audit-access.ts';
import type { AuditReach } from '../audit/events.ts';
import { isPlatformOps, type Actor } from '../auth/actor.ts';
import { publicKeyFingerprint } from '../audit/checkpoint.ts';
import { consistencyProof, inclusionProof, rootOfSize } from '../audit/merkle.ts';
import { ManualClock, calendarDateOf } from '../clock.ts';
import type { AppDeps } from '../deps.ts';
import { DomainError, forbidden, notFound } from '../errors.ts';
import { advanceDays } from '../scheduler/time-travel.ts';
import { toNumber } from '../db/schema.ts';
import { requireActor } from './app.ts';
import { cursorCodec, pageOf, pageQuery, pageSchema, SeqKey } from './pagination.ts';
import type { App } from './types.ts';

const ClockView = z.object({ mode: z.enum(['system', 'manual']), now: z.string(), today: z.string() });
const CheckpointView = z.object({ treeSize: z.number(), rootHash: z.string(), issuedAt: z.string(), signature: z.string(), publicKey: z.string() });
const version = '0.1.0';
const AuditEventView = z.object({ index: z.number(), type: z.string(), actorUserId: z.string().nullable(), orgId: z.string().nullable(), subjectType: z.string(), subjectId: z.string(), payload: z.unknown(), occurredAt: z.string(), leafHash: z.string() });
/** The audit list's key: the last event's index (sequence number). */
const auditCursor = cursorCodec(z.strictObject({ s: SeqKey }));

/** What the platform's routes learn from the areas: how much of the audit log a reader's role reaches. */
export type PlatformRoutePolicies = { auditReachOf: (actor: Actor) => AuditReach };

export function registerPlatformRoutes(app: App, deps: AppDeps, policies: PlatformRoutePolicies): void {
  app.get('/api/v1/health', {
    schema: { tags: ['platform'], summary: 'Liveness and database', response: { 200: z.object({ status: z.literal('ok'), database: z.enum(['sqlite', 'postgres']), version: z.string() }) } },
    config: { public: true },
  }, async () => {
    await deps.db.selectFrom('platform_state').select('key').limit(1).execute();
    return { status: 'ok' as const, database: deps.dialect, version };
  });

  const clockView = () => {
    const now = deps.clock.now();
    return { mode: deps.clock.mode, now: now.toISOString(), today: calendarDateOf(now, 'Asia/Shanghai') };
  };

  app.get('/api/v1/clock', { schema: { tags: ['platform'], summary: 'Platform time (manual in demo mode)', response: { 200: ClockView } } }, async (req) => {
    requireActor(req);
    return clockView();
  });

  app.post('/api/v1/clock/advance', {
    schema: { tags: ['platform'], summary: 'Advance demo time by whole days and run what fell due (platform ops, manual clock only)', body: z.object({ days: z.number().int().min(1).max(3650) }), response: { 200: ClockView.extend({ obligationsRun: z.number() }) } },
  }, async (req) => {
    const actor = requireActor(req);
    if (!isPlatformOps(actor)) throw forbidden('only platform operations move time');
    if (!(deps.clock instanceof ManualClock)) throw new DomainError('conflict', 'the clock is the system clock; start with TENURE_CLOCK=manual to move time');
    const travelled = await advanceDays(
      { db: deps.db, dialect: deps.dialect, clock: deps.clock, handlers: deps.obligationHandlers },
      req.body.days,
      { actorUserId: actor.userId, orgId: actor.orgId },
      { onOutcome: (kind, outcome) => deps.metrics.obligationsProcessed.inc({ kind, outcome }) },
    );
    return { ...clockView(), obligationsRun: travelled.obligationsRun };
  });

  // Reading never writes: the worker signs the grown log on its schedule (scheduler/worker.ts), so the latest
  // checkpoint may lag the log by one interval; proofs against it stay valid (consistency proofs bridge the rest).
  app.get('/api/v1/audit/checkpoint', {
    schema: { tags: ['audit'], summary: 'Latest signed tree head of the audit log (signed by the worker every few seconds when the log grew)', response: { 200: CheckpointView } },
  }, async (req) => {
    requireActor(req);
    const latest = await latestCheckpoint(deps.db);
    if (!latest) throw notFound('audit checkpoint (none signed yet: the worker signs the log within seconds of its first events)');
    return latest;
  });

  // Pinned outside the checkpoints: a verifier fetches it once (or reads it from the docs of the deployment) and
  // checks bundles against it, so a bundle that brings its own key proves nothing by itself.
  app.get('/api/v1/audit/public-key', {
    schema: {
      tags: ['audit'],
      summary: 'The Ed25519 key that signs audit checkpoints and record bundles (SPKI PEM, text/plain), and its SHA-256 fingerprint in the X-Key-Fingerprint header',
      produces: ['text/plain'],
    },
    config: { public: true },
  }, async (_req, reply) =>
    reply
      .type('text/plain; charset=utf-8')
      .header('x-key-fingerprint', publicKeyFingerprint(deps.signingKey.publicKeyPem))
      .header('cache-control', 'public, max-age=300')
      .send(deps.signingKey.publicKeyPem));

  app.get('/api/v1/audit/events', {
    schema: {
      tags: ['audit'],
      summary: "Recent audit events the caller may read: its org's (platform ops: all); security events for admins only; a consultant's own work only",
      querystring: z.object(pageQuery),
      response: { 200: pageSchema(AuditEventView) },
    },
  }, async (req) => {
    const actor = requireActor(req);
    const after = req.query.cursor ? auditCursor.decode(req.query.cursor) : undefined;
    let q = visibleAuditEvents(deps.db, actor, policies.auditReachOf(actor)).orderBy('seq', 'desc').limit(req.query.limit + 1);
    if (after) q = q.where('seq', '<', after.s);
    const page = pageOf(await q.execute(), req.query.limit, auditCursor, (r) => ({ s: toNumber(r.seq) }));
    return { ...page, items: page.items.map((r) => ({ ...auditEventFromRow(r), index: toNumber(r.seq), leafHash: r.leaf_hash })) };
  });

  app.get('/api/v1/audit/proofs/inclusion', {
    schema: {
      tags: ['audit'],
      summary: 'RFC 9162 inclusion proof of one of your events in a tree of the given size',
      querystring: z.object({ index: z.coerce.number().int().min(0), treeSize: z.coerce.number().int().min(1).optional() }),
      response: { 200: z.object({ index: z.number(), treeSize: z.number(), leafHash: z.string(), rootHash: z.string(), proof: z.array(z.string()) }) },
    },
  }, async (req) => {
    const actor = requireActor(req);
    const event = await visibleAuditEvents(deps.db, actor, policies.auditReachOf(actor)).where('seq', '=', req.query.index).executeTakeFirst();
    if (!event) throw notFound('audit event');
    const { treeSize: size } = await currentTree(deps.db);
    const treeSize = req.query.treeSize ?? size;
    if (treeSize > size || treeSize <= req.query.index) throw new DomainError('invalid_input', `treeSize: must be between ${req.query.index + 1} and ${size}`, { field: 'treeSize' });
    const leaves = await storedLeafHashes(deps.db, treeSize);
    return {
      index: req.query.index,
      treeSize,
      leafHash: event.leaf_hash,
      rootHash: rootOfSize(leaves, treeSize).toString('hex'),
      proof: inclusionProof(leaves, req.query.index, treeSize).map((h) => h.toString('hex')),
    };
  });

  app.get('/api/v1/audit/proofs/consistency', {
    schema: {
      tags: ['audit'],
      summary: 'RFC 9162 consistency proof between two tree sizes',
      querystring: z.object({ from: z.coerce.number().int().min(1), to: z.coerce.number().int().min(1) }),
      response: { 200: z.object({ from: z.number(), to: z.number(), fromRoot: z.string(), toRoot: z.string(), proof: z.array(z.string()) }) },
    },
  }, async (req) => {
    requireActor(req);
    const { from, to } = req.query;
    const { treeSize } = await currentTree(deps.db);
    if (from > to || to > treeSize) throw new DomainError('invalid_input', `to: must be between from (${from}) and the tree size (${treeSize})`, { field: 'to' });
    const leaves = await storedLeafHashes(deps.db, to);
    return {
      from,
      to,
      fromRoot: rootOfSize(leaves, from).toString('hex'),
      toRoot: rootOfSize(leaves, to).toString('hex'),
      proof: consistencyProof(leaves, from, to).map((h) => h.toString('hex')),
    };
  });
}
