import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, type Transaction } from 'kysely';
import type PgModule from 'pg';
import { tallyQuery } from './query-count.ts';
import type { Database } from './schema.ts';

export type Db = Kysely<Database>;
export type Tx = Transaction<Database>;
export type Dialect = 'sqlite' | 'postgres';

export type DatabaseHandle = { db: Db; dialect: Dialect; close(): Promise<void> };

/** pg is loaded only when PostgreSQL is used: a SQLite server does not keep its code in memory. */
let pgModule: typeof PgModule | undefined;
function loadPg(): typeof PgModule {
  if (!pgModule) {
    pgModule = createRequire(import.meta.url)('pg') as typeof PgModule;
    // int8 (counts, bigint money) arrives as a string from pg; callers convert with toBigInt/toNumber.
    pgModule.types.setTypeParser(20, (v: string) => v);
  }
  return pgModule;
}

/** `countQueries`: every query is counted in the tally of the request running it (query-count.ts). */
export function openDatabase(opts: { databaseUrl?: string | undefined; sqlitePath: string; countQueries?: boolean }): DatabaseHandle {
  const log = opts.countQueries ? { log: tallyQuery } : {};
  if (opts.databaseUrl) {
    const pg = loadPg();
    const pool = new pg.Pool({ connectionString: opts.databaseUrl, max: 10 });
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }), ...log });
    return { db, dialect: 'postgres', close: () => db.destroy() };
  }
  if (opts.sqlitePath !== ':memory:') mkdirSync(dirname(opts.sqlitePath), { recursive: true });
  const sqlite = new SQLite(opts.sqlitePath);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('synchronous = NORMAL');
  // 64 MiB of page cache (the default is 2 MiB): the obligations, audit and inbox tables' indexes stay in memory.
  sqlite.pragma('cache_size = -65536');
  // Lets the query planner pick indexes from fresh statistics (analyzes only what needs it).
  sqlite.pragma('optimize = 0x10002');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }), ...log });
  return { db, dialect: 'sqlite', close: () => db.destroy() };
}

const STATEMENT_CACHE_SIZE = 500;

/**
 * Kysely's SQLite driver prepares every query afresh; compiling the SQL was a third of the scheduler's time
 * (bench/lifecycle.bench.ts). The same text gets the same prepared statement back, least recently used dropped
 * beyond STATEMENT_CACHE_SIZE (lists of varying length make many texts). Safe because the driver runs one query at
 * a time on its one connection; SQLite re-prepares a statement itself when a migration changed the schema.
 */
function withStatementCache(sqlite: SQLite.Database): { prepare(sql: string): SQLite.Statement; close(): void } {
  const cache = new Map<string, SQLite.Statement>();
  return {
    prepare(sql: string) {
      let stmt = cache.get(sql);
      if (stmt) {
        cache.delete(sql);
      } else {
        stmt = sqlite.prepare(sql);
        if (cache.size >= STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value!);
      }
      cache.set(sql, stmt);
      return stmt;
    },
    close: () => sqlite.close(),
  };
}

/**
 * Runs `work` in one transaction; every state change and its audit event go through here. Given a transaction, the
 * work joins it instead (a scheduled step that acts through users' use cases, inside the scheduler's transaction and
 * savepoint): it commits or rolls back with that transaction.
 */
export function inTransaction<T>(db: Db, work: (tx: Tx) => Promise<T>): Promise<T> {
  if (db.isTransaction) return work(db as Tx);
  return db.transaction().execute(work);
}
