import { sql } from 'kysely';
import type { Dialect } from './database.ts';
import type { MigrationDb, MigrationSecrets } from './migrate.ts';
import { migrations } from './migrations/index.ts';

/**
 * Forward-only, versioned migrations: each runs once, in its own transaction, in order.
 * Landed migrations are never edited; a change is a new migration.
 */
export async function migrate(db: MigrationDb, dialect: Dialect, secrets: MigrationSecrets, log: (m: string) => void = () => {}): Promise<string[]> {
  await sql`CREATE TABLE IF NOT EXISTS schema_migrations (version text PRIMARY KEY, applied_at text NOT NULL)`.execute(db);
  const applied: string[] = [];
  for (const m of migrations) {
    const ran = await db.transaction().execute(async (tx) => {
      // Several app instances may start at once on PostgreSQL: one migrates, the others wait.
      if (dialect === 'postgres') await sql`SELECT pg_advisory_xact_lock(4242001)`.execute(tx);
      const done = await tx.selectFrom('schema_migrations').select('version').where('version', '=', m.version).executeTakeFirst();
      if (done) return false;
      await m.up(tx, dialect, secrets);
      await tx.insertInto('schema_migrations').values({ version: m.version, applied_at: new Date().toISOString() }).execute();
      return true;
    });
    if (ran) {
      applied.push(m.version);
      log(`migrated ${m.version}`);
    }
  }
  return applied;
}
