import type { Db } from '../db/database.ts';
import { toNumber } from '../db/schema.ts';
import { latestCheckpoint, publishCheckpoint } from './audit-checkpoints.ts';
import { auditEventFromRow, storedNodes } from './audit-log.ts';
import { inclusionProofsFromNodes, nodesForProofs } from './merkle.ts';
import { assembleRecordBundle, type RecordBundle } from './record-bundle.ts';
import type { AuditSigningKey } from './signing-key.ts';

/**
 * Which events make up a subject's record: those about any of `subjects`, and those whose payload names the
 * subject under `payloadKey` (an installment's payment names its placement, a dispute its placement).
 */
export type RecordScope = { subject: { type: string; id: string }; subjects: readonly { type: string; id: string }[]; payloadKey: string };

/**
 * The record bundle of a subject (record-bundle.ts), against the latest signed checkpoint. When no checkpoint
 * covers the subject's latest event yet (the worker signs every few seconds), one is signed now, so a bundle
 * always holds every event committed before the request. This is the one read that may write: a checkpoint is a
 * statement about the log, not a change of it, and signing the same tree twice is refused by its unique size.
 */
export async function subjectRecordBundle(db: Db, key: AuditSigningKey, wallNow: Date, scope: RecordScope): Promise<RecordBundle> {
  // Ids are UUIDs from our own rows (no LIKE wildcards in them); payloads are canonical JSON, so the spelling is exact.
  const needle = `%${JSON.stringify(scope.payloadKey)}:${JSON.stringify(scope.subject.id)}%`;
  const rows = await db
    .selectFrom('audit_events')
    .selectAll()
    .where((eb) => eb.or([...scope.subjects.map((s) => eb.and([eb('subject_type', '=', s.type), eb('subject_id', '=', s.id)])), eb('payload', 'like', needle)]))
    .orderBy('seq')
    .execute();
  const lastSeq = rows.length > 0 ? toNumber(rows[rows.length - 1]!.seq) : -1;
  let checkpoint = await latestCheckpoint(db);
  if (!checkpoint || checkpoint.treeSize <= lastSeq) checkpoint = await publishCheckpoint(db, key, wallNow);
  const covered = rows.filter((r) => toNumber(r.seq) < checkpoint.treeSize);
  // The proofs read only the stored subtrees on the events' paths (O(log n) each), never the whole log.
  const indices = covered.map((r) => toNumber(r.seq));
  const node = await storedNodes(db, nodesForProofs(indices, checkpoint.treeSize));
  const proofs = inclusionProofsFromNodes(indices, checkpoint.treeSize, (level, index) => node(level, index) ?? new Uint8Array());
  return assembleRecordBundle({
    subject: scope.subject,
    events: covered.map((r, i) => ({ event: auditEventFromRow(r), proof: proofs[i]! })),
    checkpoint: { treeSize: checkpoint.treeSize, rootHash: checkpoint.rootHash, issuedAt: checkpoint.issuedAt, signature: checkpoint.signature },
    key,
    generatedAt: wallNow.toISOString(),
  });
}
