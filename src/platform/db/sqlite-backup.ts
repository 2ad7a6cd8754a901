import { existsSync, renameSync, rmSync, statSync } from 'node:fs';
import SQLite from 'better-sqlite3';

/**
 * Copies of a SQLite database through SQLite's online backup API: consistent while a server writes to it (the
 * copy is one snapshot, the WAL included), unlike copying the file. PostgreSQL has its own tools (pg_dump).
 */

export type BackupSummary = { bytes: number; auditEvents: number };

/** `from` → `to` (written beside it under a temporary name, then renamed: a failed copy leaves no half file). */
export async function backupSqlite(from: string, to: string): Promise<BackupSummary> {
  if (!existsSync(from)) throw new Error(`no database at ${from}`);
  const source = new SQLite(from, { fileMustExist: true });
  const tmp = `${to}.${process.pid}.partial`;
  try {
    source.pragma('busy_timeout = 5000');
    await source.backup(tmp);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  } finally {
    source.close();
  }
  const summary = checkTenureDatabase(tmp);
  renameSync(tmp, to);
  return summary;
}

/**
 * Puts the backup `from` in place of the database `to`, which no process may have open: its WAL and
 * shared-memory files are removed, since replaying the old database's WAL onto the restored one would corrupt it.
 */
export async function restoreSqlite(from: string, to: string): Promise<BackupSummary> {
  if (!existsSync(from)) throw new Error(`no backup at ${from}`);
  const summary = checkTenureDatabase(from);
  const tmp = `${to}.${process.pid}.restoring`;
  const source = new SQLite(from, { readonly: true, fileMustExist: true });
  try {
    await source.backup(tmp);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  } finally {
    source.close();
  }
  for (const suffix of ['-wal', '-shm']) rmSync(`${to}${suffix}`, { force: true });
  renameSync(tmp, to);
  return summary;
}

/** Refuses a file that is not an intact SQLite database of Tenure (an audit log is the mark of one). */
function checkTenureDatabase(path: string): BackupSummary {
  let db: SQLite.Database;
  try {
    db = new SQLite(path, { readonly: true, fileMustExist: true });
  } catch (err) {
    throw new Error(`${path} is not a SQLite database (${err instanceof Error ? err.message : String(err)})`);
  }
  try {
    const check = db.pragma('quick_check', { simple: true });
    if (check !== 'ok') throw new Error(`${path} is damaged: ${String(check)}`);
    const table = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'audit_state'").get();
    if (!table) throw new Error(`${path} is not a Tenure database (it has no audit log)`);
    const row = db.prepare('SELECT tree_size FROM audit_state WHERE id = 1').get() as { tree_size: number | bigint } | undefined;
    return { bytes: statSync(path).size, auditEvents: Number(row?.tree_size ?? 0) };
  } catch (err) {
    if (err instanceof Error && err.message.startsWith(path)) throw err;
    throw new Error(`${path} is not a SQLite database (${err instanceof Error ? err.message : String(err)})`);
  } finally {
    db.close();
  }
}
