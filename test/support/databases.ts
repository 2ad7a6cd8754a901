import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

/** A database a test may use: a fresh SQLite file, or a fresh PostgreSQL database on the test server. */
export type TestDatabase = { kind: 'sqlite' | 'postgres'; databaseUrl: string | undefined; dataDir: string; drop(): Promise<void> };

const pgUrl = process.env.TENURE_TEST_DATABASE_URL;
if (!pgUrl) {
  if (process.env.TENURE_REQUIRE_PG === '1') throw new Error('TENURE_REQUIRE_PG=1 but TENURE_TEST_DATABASE_URL is not set');
  if (!(globalThis as { __tenurePgNotice?: boolean }).__tenurePgNotice) {
    (globalThis as { __tenurePgNotice?: boolean }).__tenurePgNotice = true;
    console.warn('notice: TENURE_TEST_DATABASE_URL is not set — the PostgreSQL runs of the integration suites are skipped');
  }
}

/** The kinds of database the integration suites run on here: SQLite always, PostgreSQL when one is given. */
export const DATABASE_KINDS: ('sqlite' | 'postgres')[] = pgUrl ? ['sqlite', 'postgres'] : ['sqlite'];

export async function createTestDatabase(kind: 'sqlite' | 'postgres'): Promise<TestDatabase> {
  const dataDir = mkdtempSync(join(tmpdir(), 'tenure-test-'));
  if (kind === 'sqlite') {
    return { kind, databaseUrl: undefined, dataDir, drop: async () => rmSync(dataDir, { recursive: true, force: true }) };
  }
  if (!pgUrl) throw new Error('no PostgreSQL test database configured');
  const name = `tenure_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: pgUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(pgUrl);
  url.pathname = `/${name}`;
  return {
    kind,
    databaseUrl: url.toString(),
    dataDir,
    drop: async () => {
      rmSync(dataDir, { recursive: true, force: true });
      const c = new pg.Client({ connectionString: pgUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}
