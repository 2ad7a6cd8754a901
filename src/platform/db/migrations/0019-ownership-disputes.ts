import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { Migration, MigrationDb } from '../migrate.ts';

/**
 * Ownership disputes (DESIGN §4.4, §4.8).
 *
 * `ownership_refusals`: each submission refused because another consultant's submission protects the candidate at
 * that poster — stored so the refused side can contest it. It keeps what was submitted (to create the submission
 * if an arbitrator overturns the refusal) and which submission held the protection (never shown to the refused
 * side); `accepted_submission_id` is the submission an overturned dispute created (set once).
 *
 * `disputes`: an ownership dispute has no placement, so `placement_id` becomes nullable, and it names its
 * respondent (the owning consultant and its agency) in `respondent_org_id` / `respondent_consultant_id`. PostgreSQL
 * drops the NOT NULL in place. SQLite cannot: the table is rebuilt (new table, rows copied, old one dropped, new
 * one renamed) inside this migration's transaction, where `PRAGMA foreign_keys` cannot be switched off. Its one
 * child, `dispute_evidence`, is set aside in a plain copy and recreated after, so dropping `disputes` never finds a
 * row pointing at it; every index of both tables is recreated from its own stored SQL, and a foreign-key check
 * at the end refuses to commit a broken reference.
 *
 * `audit_nodes`: the audit log's Merkle tree keeps its complete inner subtrees, written with the append that
 * completes them, so a record bundle's inclusion proofs read O(log n) nodes instead of every leaf. The log as it
 * stands is backfilled here.
 */
export const ownershipDisputes: Migration = {
  version: '0019-ownership-disputes',
  async up(db, dialect) {
    await db.schema
      .createTable('ownership_refusals')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('order_id', 'text', (c) => c.notNull().references('job_orders.id'))
      .addColumn('poster_org_id', 'text', (c) => c.notNull().references('orgs.id'))
      .addColumn('engagement_id', 'text', (c) => c.notNull().references('engagements.id'))
      .addColumn('consultant_id', 'text', (c) => c.notNull().references('users.id'))
      .addColumn('agency_org_id', 'text', (c) => c.notNull().references('orgs.id'))
      .addColumn('holder_submission_id', 'text', (c) => c.notNull().references('submissions.id'))
      .addColumn('holder_consultant_id', 'text', (c) => c.notNull().references('users.id'))
      .addColumn('holder_agency_org_id', 'text', (c) => c.notNull().references('orgs.id'))
      .addColumn('candidate_name', 'text', (c) => c.notNull())
      .addColumn('phone', 'text')
      .addColumn('phone_key', 'text')
      .addColumn('email', 'text')
      .addColumn('email_key', 'text')
      .addColumn('current_employer', 'text')
      .addColumn('current_title', 'text')
      .addColumn('years_experience', 'integer')
      .addColumn('currency', 'text', (c) => c.notNull())
      .addColumn('expected_salary', 'bigint')
      .addColumn('notes', 'text', (c) => c.notNull())
      .addColumn('refused_on', 'text', (c) => c.notNull())
      .addColumn('protected_until', 'text', (c) => c.notNull())
      .addColumn('accepted_submission_id', 'text', (c) => c.references('submissions.id'))
      .addColumn('accepted_at', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('ownership_refusals_consultant').on('ownership_refusals').columns(['consultant_id', 'created_at', 'id']).execute();
    await db.schema.createIndex('ownership_refusals_agency').on('ownership_refusals').columns(['agency_org_id', 'created_at', 'id']).execute();
    await db.schema.createIndex('ownership_refusals_order').on('ownership_refusals').columns(['order_id', 'consultant_id']).execute();

    if (dialect === 'postgres') {
      await sql`ALTER TABLE disputes ALTER COLUMN placement_id DROP NOT NULL`.execute(db);
      await db.schema.alterTable('disputes').addColumn('respondent_org_id', 'text', (c) => c.references('orgs.id')).execute();
      await db.schema.alterTable('disputes').addColumn('respondent_consultant_id', 'text', (c) => c.references('users.id')).execute();
    } else {
      await rebuildSqliteDisputes(db);
    }
    await db.schema.createIndex('disputes_respondent').on('disputes').columns(['respondent_org_id', 'created_at']).execute();

    await db.schema
      .createTable('audit_nodes')
      .addColumn('level', 'integer', (c) => c.notNull())
      .addColumn('idx', 'bigint', (c) => c.notNull())
      .addColumn('hash', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('audit_nodes_pk', ['level', 'idx'])
      .execute();
    await backfillAuditNodes(db);
  },
};

/**
 * Every perfect subtree (level ≥ 1) of the audit log as it stands, built in one pass over the leaf hashes in order
 * (the appender writes the later ones). The hashing is RFC 9162's node hash, written out here so that this
 * migration keeps its meaning whatever later code does.
 */
async function backfillAuditNodes(db: MigrationDb): Promise<void> {
  const frontier: Array<{ level: number; hash: Buffer }> = [];
  const batch = 5_000;
  let pending: Array<{ level: number; idx: number; hash: string }> = [];
  const flush = async () => {
    for (let i = 0; i < pending.length; i += 100) await db.insertInto('audit_nodes').values(pending.slice(i, i + 100)).execute();
    pending = [];
  };
  for (let from = 0; ; from += batch) {
    const rows = (await db.selectFrom('audit_events').select(['seq', 'leaf_hash']).where('seq', '>=', from).where('seq', '<', from + batch).orderBy('seq').execute()) as Array<{ seq: number | string; leaf_hash: string }>;
    if (rows.length === 0) break;
    for (const r of rows) {
      const seq = Number(r.seq);
      let node = { level: 0, hash: Buffer.from(r.leaf_hash, 'hex') };
      for (let top = frontier[frontier.length - 1]; top !== undefined && top.level === node.level; top = frontier[frontier.length - 1]) {
        frontier.pop();
        const level = node.level + 1;
        node = { level, hash: createHash('sha256').update(Buffer.from([1])).update(top.hash).update(node.hash).digest() };
        pending.push({ level, idx: (seq + 1) / 2 ** level - 1, hash: node.hash.toString('hex') });
      }
      frontier.push(node);
    }
    await flush();
  }
}

/** The columns of `disputes` as 0011 made them, in order: copied as they are. */
const DISPUTE_COLUMNS = [
  'id', 'type', 'subject_id', 'open_subject_id', 'placement_id', 'poster_org_id', 'agency_org_id', 'consultant_id', 'currency', 'raised_by_side',
  'raised_by', 'contested_on', 'raised_on', 'answer_by', 'decide_by', 'statement', 'state', 'response_statement', 'responded_at', 'responded_by',
  'response_missed', 'arbitrator_user_id', 'assigned_at', 'outcome', 'amount', 'reasons', 'decided_at', 'decided_on', 'effects', 'overdue_on',
  'created_at', 'updated_at',
] as const;

async function rebuildSqliteDisputes(db: MigrationDb): Promise<void> {
  // The indexes both tables have now (0011's and any later one), by their own SQL; the automatic ones (UNIQUE)
  // come back with the column definitions.
  const indexes = await sql<{ sql: string }>`SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name IN ('disputes', 'dispute_evidence') AND sql IS NOT NULL`.execute(db);
  const children = await sql<{ name: string }>`SELECT m.name FROM sqlite_master m, pragma_foreign_key_list(m.name) f WHERE m.type = 'table' AND f."table" = 'disputes' AND m.name <> 'dispute_evidence'`.execute(db);
  if (children.rows.length > 0) throw new Error(`0019: unexpected tables referencing disputes: ${children.rows.map((r) => r.name).join(', ')}`);

  await db.schema
    .createTable('disputes_0019')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('subject_id', 'text', (c) => c.notNull())
    .addColumn('open_subject_id', 'text', (c) => c.unique())
    .addColumn('placement_id', 'text', (c) => c.references('placements.id'))
    .addColumn('poster_org_id', 'text', (c) => c.notNull().references('orgs.id'))
    .addColumn('agency_org_id', 'text', (c) => c.notNull().references('orgs.id'))
    .addColumn('consultant_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('raised_by_side', 'text', (c) => c.notNull())
    .addColumn('raised_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('contested_on', 'text', (c) => c.notNull())
    .addColumn('raised_on', 'text', (c) => c.notNull())
    .addColumn('answer_by', 'text', (c) => c.notNull())
    .addColumn('decide_by', 'text', (c) => c.notNull())
    .addColumn('statement', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('response_statement', 'text')
    .addColumn('responded_at', 'text')
    .addColumn('responded_by', 'text', (c) => c.references('users.id'))
    .addColumn('response_missed', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('arbitrator_user_id', 'text', (c) => c.references('users.id'))
    .addColumn('assigned_at', 'text')
    .addColumn('outcome', 'text')
    .addColumn('amount', 'bigint')
    .addColumn('reasons', 'text')
    .addColumn('decided_at', 'text')
    .addColumn('decided_on', 'text')
    .addColumn('effects', 'text')
    .addColumn('overdue_on', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('respondent_org_id', 'text', (c) => c.references('orgs.id'))
    .addColumn('respondent_consultant_id', 'text', (c) => c.references('users.id'))
    .execute();
  const cols = sql.join(DISPUTE_COLUMNS.map((c) => sql.ref(c)));
  await sql`INSERT INTO disputes_0019 (${cols}) SELECT ${cols} FROM disputes`.execute(db);

  // The child set aside without its foreign key, so that dropping `disputes` deletes nothing it points at.
  await sql`CREATE TABLE dispute_evidence_0019 AS SELECT * FROM dispute_evidence`.execute(db);
  await sql`DROP TABLE dispute_evidence`.execute(db);
  await sql`DROP TABLE disputes`.execute(db);
  await sql`ALTER TABLE disputes_0019 RENAME TO disputes`.execute(db);
  await db.schema
    .createTable('dispute_evidence')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('dispute_id', 'text', (c) => c.notNull().references('disputes.id'))
    .addColumn('file_id', 'text', (c) => c.notNull().references('files.id'))
    .addColumn('side', 'text', (c) => c.notNull())
    .addColumn('added_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await sql`INSERT INTO dispute_evidence (id, dispute_id, file_id, side, added_by, created_at) SELECT id, dispute_id, file_id, side, added_by, created_at FROM dispute_evidence_0019`.execute(db);
  await sql`DROP TABLE dispute_evidence_0019`.execute(db);
  for (const ix of indexes.rows) await sql.raw(ix.sql).execute(db);

  const broken = await sql<{ table: string }>`SELECT "table" FROM pragma_foreign_key_check WHERE "table" IN ('disputes', 'dispute_evidence')`.execute(db);
  if (broken.rows.length > 0) throw new Error(`0019: broken references after rebuilding disputes (${broken.rows.length})`);
}
