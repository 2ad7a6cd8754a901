import { existsSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Config } from '../platform/config.ts';
import { backupSqlite, restoreSqlite } from '../platform/db/sqlite-backup.ts';
import { verifyAudit } from './audit-actions.ts';
import { runningServerPid } from './pid-file.ts';

/** Exit codes: 0 done; 1 refused or failed; 2 not for this database (PostgreSQL). */

const POSTGRES =
  'tenure: backup and restore handle the SQLite database; with DATABASE_URL (PostgreSQL) use PostgreSQL\'s own tools: ' +
  '`pg_dump --format=custom "$DATABASE_URL" > tenure.dump` and `pg_restore --clean --dbname="$DATABASE_URL" tenure.dump`, ' +
  'then `npx tenure audit verify`';

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

export async function backup(cfg: Config, file: string, force: boolean): Promise<number> {
  if (cfg.databaseUrl) {
    console.error(POSTGRES);
    return 2;
  }
  const target = resolve(file);
  if (existsSync(target) && !force) {
    console.error(`tenure: ${target} exists; pass --force to overwrite it`);
    return 1;
  }
  mkdirSync(dirname(target), { recursive: true });
  const summary = await backupSqlite(cfg.sqlitePath, target);
  console.log(`backed up ${cfg.sqlitePath} to ${target} (${mb(summary.bytes)}, ${summary.auditEvents} audit events)`);
  if (!cfg.auditPrivateKeyPem) console.log(`keep the audit signing key with it: ${resolve(cfg.dataDir, 'audit-signing-key.pem')}`);
  return 0;
}

export async function restore(cfg: Config, file: string, force: boolean): Promise<number> {
  if (cfg.databaseUrl) {
    console.error(POSTGRES);
    return 2;
  }
  const pid = runningServerPid(cfg.dataDir);
  if (pid !== null && !force) {
    console.error(`tenure: a server (process ${pid}) is running on ${cfg.sqlitePath}; stop it first (or pass --force if it is not a Tenure server)`);
    return 1;
  }
  mkdirSync(dirname(cfg.sqlitePath), { recursive: true });
  const summary = await restoreSqlite(resolve(file), cfg.sqlitePath);
  console.log(`restored ${resolve(file)} to ${cfg.sqlitePath} (${mb(summary.bytes)}, ${summary.auditEvents} audit events)`);
  return (await verifyAudit(cfg)) ? 0 : 1;
}
