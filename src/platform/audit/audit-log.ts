import { canonicalJson } from '../canonical-json.ts';
import type { Db, Tx } from '../db/database.ts';
import { chunksOf, deferredPart, type DeferredPart } from '../db/deferred-writes.ts';
import { toNumber, type AuditEventsTable, type AuditNodesTable } from '../db/schema.ts';
import type { NewAuditEvent } from './events.ts';
import { leafHash, MerkleAccumulator, type NodeRef, type StoredNode } from './merkle.ts';

/** A catalogued event (events.ts) and who acted (null: the system). */
export type AuditEventInput = NewAuditEvent & { actorUserId: string | null };

/**
 * An event as stored. Read back, its type and payload are whatever was recorded at the time (older
 * events predate the catalog), so they are plain strings and unknown JSON here.
 */
export type AuditEvent = {
  seq: number;
  occurredAt: string;
  actorUserId: string | null;
  orgId: string | null;
  subjectType: string;
  subjectId: string;
  type: string;
  payload: unknown;
};

/** The bytes a leaf commits to: every column of the event, in canonical JSON. */
export function auditLeafBytes(e: AuditEvent): Buffer {
  return Buffer.from(
    canonicalJson({
      seq: e.seq,
      occurredAt: e.occurredAt,
      actorUserId: e.actorUserId,
      orgId: e.orgId,
      subjectType: e.subjectType,
      subjectId: e.subjectId,
      type: e.type,
      payload: e.payload ?? null,
    }),
    'utf8',
  );
}

export function auditEventFromRow(row: AuditEventsTable): AuditEvent {
  return {
    seq: toNumber(row.seq),
    occurredAt: row.occurred_at,
    actorUserId: row.actor_user_id,
    orgId: row.org_id,
    subjectType: row.subject_type,
    subjectId: row.subject_id,
    type: row.type,
    payload: JSON.parse(row.payload) as unknown,
  };
}

/**
 * The log's head as this transaction last wrote it: a transaction appending many events (a scheduler batch) reads
 * the audit_state row once, not once per event. Keyed by the transaction object, so it dies with it.
 */
const headOf = new WeakMap<Tx, { size: number; acc: MerkleAccumulator }>();

/**
 * Appends one event inside the caller's transaction, so the change and its record commit together.
 * The audit_state row is updated first: that row lock serializes appends on PostgreSQL. A later append in the same
 * transaction starts from the head it remembers, and its update names the size it expects: were that head stale
 * (a savepoint rolled back events since), the update changes nothing and the head is read again.
 */
export async function appendAuditEvent(tx: Tx, now: Date, input: AuditEventInput): Promise<void> {
  const deferred = deferredPart(tx, 'audit_events', () => new DeferredAuditEvents());
  if (deferred) return deferred.append(now, input);
  const known = headOf.get(tx);
  if (known) {
    const event = eventAt(known.size, now, input);
    const acc = known.acc.clone();
    const leaf = leafHash(auditLeafBytes(event));
    const nodes = acc.appendCollect(leaf);
    const moved = await tx
      .updateTable('audit_state')
      .set({ tree_size: event.seq + 1, frontier: JSON.stringify(acc.toJSON()) })
      .where('id', '=', 1)
      .where('tree_size', '=', known.size)
      .executeTakeFirst();
    if (Number(moved.numUpdatedRows) === 1) {
      await insertEvent(tx, event, leaf, input);
      await insertNodes(tx, nodes.map(nodeRow));
      headOf.set(tx, { size: event.seq + 1, acc });
      return;
    }
    headOf.delete(tx);
  }
  headOf.set(tx, await appendLocked(tx, [{ now, input }]));
}

type Waiting = { now: Date; input: AuditEventInput };

/**
 * Locks the head (the update first: that row lock serializes appends on PostgreSQL), reads it, gives each event its
 * place, leaf and completed subtrees, writes them, and moves the head; returns the new head.
 */
async function appendLocked(tx: Tx, waiting: readonly Waiting[]): Promise<{ size: number; acc: MerkleAccumulator }> {
  await tx.updateTable('audit_state').set((eb) => ({ tree_size: eb.ref('tree_size') })).where('id', '=', 1).execute();
  const state = await tx.selectFrom('audit_state').selectAll().where('id', '=', 1).executeTakeFirstOrThrow();
  const acc = MerkleAccumulator.fromJSON(JSON.parse(state.frontier) as unknown);
  let size = toNumber(state.tree_size);
  const rows: AuditEventsTable[] = [];
  const nodes: AuditNodesTable[] = [];
  for (const { now, input } of waiting) {
    const event = eventAt(size, now, input);
    const leaf = leafHash(auditLeafBytes(event));
    for (const n of acc.appendCollect(leaf)) nodes.push(nodeRow(n));
    rows.push(eventRow(event, leaf, input));
    size += 1;
  }
  for (const chunk of chunksOf(rows)) await tx.insertInto('audit_events').values(chunk).execute();
  await insertNodes(tx, nodes);
  await tx.updateTable('audit_state').set({ tree_size: size, frontier: JSON.stringify(acc.toJSON()) }).where('id', '=', 1).execute();
  return { size, acc };
}

function eventAt(seq: number, now: Date, input: AuditEventInput): AuditEvent {
  return {
    seq,
    occurredAt: now.toISOString(),
    actorUserId: input.actorUserId,
    orgId: input.orgId,
    subjectType: input.subjectType,
    subjectId: input.subjectId,
    type: input.type,
    payload: normalizePayload(input.payload),
  };
}

async function insertEvent(tx: Tx, event: AuditEvent, leaf: Buffer, input: AuditEventInput): Promise<void> {
  await tx.insertInto('audit_events').values(eventRow(event, leaf, input)).execute();
}

/** The perfect subtrees an append completed (half the appends complete none), stored with it (0019). */
async function insertNodes(tx: Tx, rows: AuditNodesTable[]): Promise<void> {
  for (const chunk of chunksOf(rows)) await tx.insertInto('audit_nodes').values(chunk).execute();
}

const nodeRow = (n: StoredNode): AuditNodesTable => ({ level: n.level, idx: n.index, hash: n.hash.toString('hex') });

function eventRow(event: AuditEvent, leaf: Buffer, input: AuditEventInput): AuditEventsTable {
  return {
    seq: event.seq,
    occurred_at: event.occurredAt,
    actor_user_id: event.actorUserId,
    org_id: event.orgId,
    subject_type: event.subjectType,
    subject_id: event.subjectId,
    type: event.type,
    payload: canonicalJson(event.payload ?? null),
    leaf_hash: leaf.toString('hex'),
    // Who may read it as their own work; not part of the leaf (it decides visibility, not what happened).
    work_of_user_id: input.workOf ?? null,
  };
}

/**
 * A scheduler batch's events (deferred-writes.ts) wait in memory as they were recorded, without a place in the log:
 * the head is read and locked only when they are written, just before the batch commits, and each gets its sequence
 * number, leaf and the subtrees it completes then. So batches of several processes do their work side by side and
 * wait for one another only for those last writes (the head's row lock is what orders appends on PostgreSQL). A
 * rolled-back savepoint takes its events back out; nothing of the log was touched before the flush.
 */
class DeferredAuditEvents implements DeferredPart {
  readonly flushFirst = true;
  private waiting: Waiting[] = [];

  append(now: Date, input: AuditEventInput): void {
    this.waiting.push({ now, input });
  }

  mark(): unknown {
    return this.waiting.length;
  }

  rollbackTo(mark: unknown): void {
    this.waiting.length = mark as number;
  }

  async flush(tx: Tx): Promise<void> {
    if (this.waiting.length === 0) return;
    await appendLocked(tx, this.waiting);
    this.waiting = [];
  }
}

/** Payloads are stored as canonical JSON; bigint money becomes its decimal string. */
function normalizePayload(payload: unknown): unknown {
  return JSON.parse(canonicalJson(payload ?? null)) as unknown;
}

export async function currentTree(db: Db): Promise<{ treeSize: number; rootHash: string }> {
  const state = await db.selectFrom('audit_state').selectAll().where('id', '=', 1).executeTakeFirstOrThrow();
  const acc = MerkleAccumulator.fromJSON(JSON.parse(state.frontier) as unknown);
  return { treeSize: toNumber(state.tree_size), rootHash: acc.root().toString('hex') };
}

/**
 * The stored perfect subtrees `refs` (level 0: leaf hashes from the events; above: audit_nodes), one query per level,
 * as a lookup for `inclusionProofsFromNodes`.
 */
export async function storedNodes(db: Db, refs: readonly NodeRef[]): Promise<(level: number, index: number) => Uint8Array | undefined> {
  const byLevel = new Map<number, number[]>();
  for (const r of refs) byLevel.set(r.level, [...(byLevel.get(r.level) ?? []), r.index]);
  const found = new Map<string, Buffer>();
  for (const [level, indices] of byLevel) {
    for (const chunk of chunksOf(indices)) {
      if (level === 0) {
        const rows = await db.selectFrom('audit_events').select(['seq', 'leaf_hash']).where('seq', 'in', chunk).execute();
        for (const r of rows) found.set(`0:${String(toNumber(r.seq))}`, Buffer.from(r.leaf_hash, 'hex'));
      } else {
        const rows = await db.selectFrom('audit_nodes').select(['idx', 'hash']).where('level', '=', level).where('idx', 'in', chunk).execute();
        for (const r of rows) found.set(`${String(level)}:${String(toNumber(r.idx))}`, Buffer.from(r.hash, 'hex'));
      }
    }
  }
  return (level, index) => found.get(`${String(level)}:${String(index)}`);
}

/** Leaf hashes [0, size) as stored (linear in the log size: consistency proofs and full verification read them). */
export async function storedLeafHashes(db: Db, size: number): Promise<Buffer[]> {
  const out: Buffer[] = [];
  const batch = 10_000;
  for (let from = 0; from < size; from += batch) {
    const rows = await db
      .selectFrom('audit_events')
      .select(['leaf_hash'])
      .where('seq', '>=', from)
      .where('seq', '<', Math.min(size, from + batch))
      .orderBy('seq')
      .execute();
    for (const r of rows) out.push(Buffer.from(r.leaf_hash, 'hex'));
  }
  return out;
}
