import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '../../src/platform/db/migrator.ts';
import { ApiUser } from '../support/api-client.ts';
import { DATABASE_KINDS } from '../support/databases.ts';
import { minimalPdf } from '../support/file-fixtures.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

const VERSION = '0019-ownership-disputes';

/**
 * Migration 0019 on a database as it was before it (the demo's disputes, one with an evidence file): `placement_id`
 * NOT NULL, no respondent columns, no refusals table. After it: the same rows, the same indexes and foreign keys,
 * `placement_id` nullable — on SQLite by a rebuild of the table inside the migration's transaction. The audit
 * log's inner nodes it backfills are exactly those the appender writes.
 */
describe.each(DATABASE_KINDS)('migration 0019 (ownership disputes) on %s', (database) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ database, demoMarketplace: true });
  }, 180_000);
  afterAll(() => server.close());

  it('makes disputes.placement_id nullable keeping every row, index and foreign key; backfills the audit tree’s inner nodes', async () => {
    const db = server.deps.db;
    const hr = await ApiUser.signIn(server.url, 'admin@huaxin.demo');
    const open = (await hr.get<{ items: { id: string; state: string }[] }>('/api/v1/disputes?state=awaiting_response')).body.items[0]!;
    const added = await hr.upload(`/api/v1/disputes/${open.id}/evidence`, { name: '银行回单.pdf', type: 'application/pdf', data: minimalPdf('bank receipt') });
    expect(added.status).toBe(201);

    // The inner nodes the appender wrote with each event since the server started: the backfill must write the same.
    const nodesWritten = await db.selectFrom('audit_nodes').selectAll().orderBy('level').orderBy('idx').execute();
    expect(nodesWritten.length).toBeGreaterThan(100);
    await undo0019(server);
    expect(await placementIdNullable(server)).toBe(false);
    const disputesBefore = await db.selectFrom('disputes').selectAll().orderBy('id').execute();
    const evidenceBefore = await db.selectFrom('dispute_evidence').selectAll().orderBy('id').execute();
    expect(disputesBefore.length).toBeGreaterThanOrEqual(2);
    expect(evidenceBefore).toHaveLength(1);
    const indexesBefore = await indexNames(server);

    expect(await migrate(db, server.deps.dialect, { keyedHashSecret: server.deps.keyedHashSecret })).toEqual([VERSION]);

    expect(await placementIdNullable(server)).toBe(true);
    const disputesAfter = await db.selectFrom('disputes').selectAll().orderBy('id').execute();
    expect(disputesAfter.map((r) => ({ ...r, respondent_org_id: undefined, respondent_consultant_id: undefined }))).toEqual(disputesBefore.map((r) => ({ ...r, respondent_org_id: undefined, respondent_consultant_id: undefined })));
    expect(disputesAfter.every((r) => r.respondent_org_id === null && r.respondent_consultant_id === null)).toBe(true);
    expect(await db.selectFrom('dispute_evidence').selectAll().orderBy('id').execute()).toEqual(evidenceBefore);
    expect(await indexNames(server)).toEqual([...indexesBefore, 'disputes_respondent'].sort());
    expect(await db.selectFrom('ownership_refusals').selectAll().execute()).toEqual([]);
    expect(await db.selectFrom('audit_nodes').selectAll().orderBy('level').orderBy('idx').execute()).toEqual(nodesWritten);

    if (database === 'sqlite') {
      const fks = await sql<{ table: string; from: string }>`SELECT "table", "from" FROM pragma_foreign_key_list('dispute_evidence')`.execute(db);
      expect(fks.rows).toContainEqual({ table: 'disputes', from: 'dispute_id' });
      expect((await sql`SELECT * FROM pragma_foreign_key_check`.execute(db)).rows).toEqual([]);
      // The foreign key holds: evidence pointing at no dispute is refused.
      await expect(sql`INSERT INTO dispute_evidence (id, dispute_id, file_id, side, added_by, created_at) SELECT 'x', 'no-such-dispute', file_id, side, added_by, created_at FROM dispute_evidence LIMIT 1`.execute(db)).rejects.toThrow(/FOREIGN KEY/);
    }
    // The app reads and writes disputes as before.
    const after = await hr.get<{ id: string; evidence: unknown[] }>(`/api/v1/disputes/${open.id}`);
    expect(after.status).toBe(200);
    expect(after.body.evidence).toHaveLength(1);
  });
});

async function placementIdNullable(server: TestServer): Promise<boolean> {
  if (server.deps.dialect === 'sqlite') {
    const cols = await sql<{ name: string; notnull: number }>`SELECT name, "notnull" FROM pragma_table_info('disputes')`.execute(server.deps.db);
    return Number(cols.rows.find((c) => c.name === 'placement_id')!.notnull) === 0;
  }
  const cols = await sql<{ is_nullable: string }>`SELECT is_nullable FROM information_schema.columns WHERE table_name = 'disputes' AND column_name = 'placement_id'`.execute(server.deps.db);
  return cols.rows[0]!.is_nullable === 'YES';
}

async function indexNames(server: TestServer): Promise<string[]> {
  const rows =
    server.deps.dialect === 'sqlite'
      ? await sql<{ name: string }>`SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name IN ('disputes', 'dispute_evidence') AND sql IS NOT NULL`.execute(server.deps.db)
      : await sql<{ name: string }>`SELECT indexname AS name FROM pg_indexes WHERE tablename IN ('disputes', 'dispute_evidence') AND indexname NOT LIKE '%_pkey' AND indexname NOT LIKE '%_key'`.execute(server.deps.db);
  return rows.rows.map((r) => r.name).sort();
}

/** Puts the disputes table back as 0011 made it (the test's own rebuild, foreign keys off outside a transaction). */
async function undo0019(server: TestServer): Promise<void> {
  const db = server.deps.db;
  await sql`DROP TABLE ownership_refusals`.execute(db);
  await sql`DROP TABLE audit_nodes`.execute(db);
  await sql`DELETE FROM schema_migrations WHERE version = ${VERSION}`.execute(db);
  if (server.deps.dialect === 'postgres') {
    await sql`ALTER TABLE disputes DROP COLUMN respondent_org_id, DROP COLUMN respondent_consultant_id`.execute(db);
    await sql`ALTER TABLE disputes ALTER COLUMN placement_id SET NOT NULL`.execute(db);
    return;
  }
  const table = await sql<{ sql: string }>`SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'disputes'`.execute(db);
  const indexes = await sql<{ name: string; sql: string }>`SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'disputes' AND sql IS NOT NULL`.execute(db);
  const before = table.rows[0]!.sql
    .replace(/^create table "disputes"/i, 'CREATE TABLE "disputes_pre"')
    .replace(/"placement_id" text references/i, '"placement_id" text not null references')
    .replace(/, "respondent_org_id"[^,]*, "respondent_consultant_id"[^)]*\)\)/i, ')');
  expect(before).not.toContain('respondent');
  await sql`PRAGMA foreign_keys = OFF`.execute(db);
  await sql.raw(before).execute(db);
  const cols = sql.raw((await sql<{ name: string }>`SELECT name FROM pragma_table_info('disputes_pre')`.execute(db)).rows.map((c) => `"${c.name}"`).join(', '));
  await sql`INSERT INTO disputes_pre (${cols}) SELECT ${cols} FROM disputes`.execute(db);
  await sql`DROP TABLE disputes`.execute(db);
  await sql`ALTER TABLE disputes_pre RENAME TO disputes`.execute(db);
  for (const ix of indexes.rows) if (ix.name !== 'disputes_respondent') await sql.raw(ix.sql).execute(db);
  await sql`PRAGMA foreign_keys = ON`.execute(db);
}
