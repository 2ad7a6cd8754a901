import type { Db } from '../db/database.ts';
import { toNumber } from '../db/schema.ts';
import { currentTree } from './audit-log.ts';
import { checkpointBody, signCheckpoint } from './checkpoint.ts';
import type { AuditSigningKey } from './signing-key.ts';

export type SignedCheckpoint = { treeSize: number; rootHash: string; issuedAt: string; signature: string; publicKey: string };

/** Signs the current tree head when the log has grown since the last checkpoint; returns the latest. */
export async function publishCheckpoint(db: Db, key: AuditSigningKey, now: Date): Promise<SignedCheckpoint> {
  const tree = await currentTree(db);
  const latest = await latestCheckpoint(db);
  if (latest && latest.treeSize >= tree.treeSize) return latest;
  const issuedAt = now.toISOString();
  const signature = signCheckpoint(checkpointBody({ treeSize: tree.treeSize, rootHash: tree.rootHash, issuedAt }), key.privateKeyPem);
  const cp = { treeSize: tree.treeSize, rootHash: tree.rootHash, issuedAt, signature, publicKey: key.publicKeyPem };
  await db
    .insertInto('audit_checkpoints')
    .values({ tree_size: cp.treeSize, root_hash: cp.rootHash, issued_at: cp.issuedAt, signature: cp.signature, public_key: cp.publicKey })
    .onConflict((oc) => oc.column('tree_size').doNothing())
    .execute();
  return cp;
}

export async function latestCheckpoint(db: Db): Promise<SignedCheckpoint | undefined> {
  const row = await db.selectFrom('audit_checkpoints').selectAll().orderBy('tree_size', 'desc').limit(1).executeTakeFirst();
  return row && fromRow(row);
}

export async function allCheckpoints(db: Db): Promise<SignedCheckpoint[]> {
  const rows = await db.selectFrom('audit_checkpoints').selectAll().orderBy('tree_size').execute();
  return rows.map(fromRow);
}

function fromRow(row: { tree_size: number; root_hash: string; issued_at: string; signature: string; public_key: string }): SignedCheckpoint {
  return { treeSize: toNumber(row.tree_size), rootHash: row.root_hash, issuedAt: row.issued_at, signature: row.signature, publicKey: row.public_key };
}
