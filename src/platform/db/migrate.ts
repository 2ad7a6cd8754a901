import type { Kysely } from 'kysely';
import type { Dialect } from './database.ts';

// The shape of a migration (migrations import this file; migrator.ts runs them, so no import cycle).
// Migrations see an untyped database: they create the tables the typed schema describes.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type MigrationDb = Kysely<any>;
/** Secrets a migration may need to rewrite stored values (keys derived with the server's HMAC secret). */
export type MigrationSecrets = { keyedHashSecret: string };
export type Migration = { version: string; up(db: MigrationDb, dialect: Dialect, secrets: MigrationSecrets): Promise<void> };

