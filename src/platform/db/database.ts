import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, type Transaction } from 'kysely';
import type PgModule from 'pg';
import { currentCommitMark, tallyQuery } from './request-scope.ts';
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

/** `countQueries`: every query is counted in the tally of the request running it (request-scope.ts). */
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
  // Lets the query planner pick indexes from fresh statistics (analyzes only what needs it). Each index is
  // sampled, not read whole: after a bulk load (the demo's first start seeds 13 MB) a full ANALYZE read the whole
  // file into the page cache of the server, which then kept it.
  sqlite.pragma('analysis_limit = 1000');
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
export async function inTransaction<T>(db: Db, work: (tx: Tx) => Promise<T>): Promise<T> {
  if (db.isTransaction) return work(db as Tx);
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.transaction().execute(async (tx) => {
        const result = await work(tx);
        await currentCommitMark()?.(tx);
        return result;
      });
    } catch (err) {
      if (attempt >= TRANSACTION_ATTEMPTS || !isTransientConflict(err)) throw err;
      // Nothing of the failed attempt was kept; a short random pause lets the winner of the conflict commit first.
      await new Promise((done) => setTimeout(done, attempt * (5 + Math.floor(Math.random() * 20))));
    }
  }
}

const TRANSACTION_ATTEMPTS = 5;

/**
 * PostgreSQL ends one of two transactions that wait on each other's row locks (a deadlock, 40P01) — for example
 * a scheduler batch holding the audit log's head while it locks the next placement, and a user's payment holding
 * that placement while it appends its audit event — and may refuse a serializable one (40001). Neither is the
 * user's fault nor a fault in the data: the whole transaction runs again from the start.
 */
export function isTransientConflict(err: unknown): boolean {
  const code = typeof err === 'object' && err !== null && 'code' in err ? err.code : undefined;
  return code === '40P01' || code === '40001';
}
