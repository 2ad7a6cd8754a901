import type { Db } from '../db/database.ts';
import { toNumber } from '../db/schema.ts';
import { allCheckpoints } from './audit-checkpoints.ts';
import { auditEventFromRow, auditLeafBytes, currentTree } from './audit-log.ts';
import { verifyCheckpoint } from './checkpoint.ts';
import { leafHash, MerkleAccumulator } from './merkle.ts';

export type AuditVerification =
  | { ok: true; verified: number; checkpoints: number }
  | { ok: false; verified: number; firstAlteredSeq: number | null; reason: string };

/**
 * Recomputes every leaf from the stored event columns and the tree over them, checks each signed
 * checkpoint against the recomputed root and the platform's public key, and names the first event that does not match.
 */
export async function verifyAuditLog(db: Db, trustedPublicKeyPem: string, onProgress: (done: number, total: number) => void = () => {}): Promise<AuditVerification> {
  const { treeSize, rootHash } = await currentTree(db);
  const checkpoints = await allCheckpoints(db);
  let nextCheckpoint = 0;
  let lastGoodCheckpointSize = 0;
  const acc = new MerkleAccumulator();
  const batch = 5_000;
  for (let from = 0; ; from += batch) {
    const rows = await db.selectFrom('audit_events').selectAll().where('seq', '>=', from).orderBy('seq').limit(batch).execute();
    for (const row of rows) {
      const seq = toNumber(row.seq);
      if (seq !== acc.size) return fail(acc.size, acc.size, `event ${acc.size} is missing`);
      const leaf = leafHash(auditLeafBytes(auditEventFromRow(row)));
      if (leaf.toString('hex') !== row.leaf_hash) return fail(acc.size, seq, `event ${seq} (${row.type}) was altered: its content no longer matches its leaf hash`);
      acc.append(leaf);
      while (nextCheckpoint < checkpoints.length && checkpoints[nextCheckpoint]!.treeSize === acc.size) {
        const cp = checkpoints[nextCheckpoint]!;
        if (!verifyCheckpoint(cp, trustedPublicKeyPem)) {
          return fail(acc.size, null, `checkpoint at tree size ${cp.treeSize} has an invalid signature`);
        }
        if (acc.root().toString('hex') !== cp.rootHash) {
          return fail(acc.size, lastGoodCheckpointSize, `events ${lastGoodCheckpointSize}..${cp.treeSize - 1} were altered: the root no longer matches the checkpoint signed at tree size ${cp.treeSize}`);
        }
        lastGoodCheckpointSize = cp.treeSize;
        nextCheckpoint++;
      }
    }
    onProgress(acc.size, treeSize);
    if (rows.length < batch) break;
  }
  if (acc.size !== treeSize) return fail(acc.size, acc.size, `the log holds ${acc.size} events but its head says ${treeSize}`);
  if (nextCheckpoint < checkpoints.length) return fail(acc.size, null, `checkpoint at tree size ${checkpoints[nextCheckpoint]!.treeSize} is beyond the log`);
  if (acc.root().toString('hex') !== rootHash) return fail(acc.size, null, 'the stored tree head does not match the events');
  return { ok: true, verified: acc.size, checkpoints: checkpoints.length };

  function fail(verified: number, firstAlteredSeq: number | null, reason: string): AuditVerification {
    return { ok: false, verified, firstAlteredSeq, reason };
  }
}

