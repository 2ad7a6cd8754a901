import { sql, type Kysely } from 'kysely';
import type { Dialect } from './database.ts';
import { migrations } from './migrations/index.ts';

// Migrations see an untyped database: they create the tables the typed schema describes.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type MigrationDb = Kysely<any>;
/** Secrets a migration may need to rewrite stored values (keys derived with the server's HMAC secret). */
export type MigrationSecrets = { keyedHashSecret: string };
export type Migration = { version: string; up(db: MigrationDb, dialect: Dialect, secrets: MigrationSecrets): Promise<void> };

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
