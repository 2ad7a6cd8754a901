import { randomBytes } from 'node:crypto';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
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
  await adminQuery(`CREATE DATABASE ${name}`);
  return postgresDatabase(name, dataDir);
}

/**
 * A copy of a PostgreSQL test database (`CREATE DATABASE … TEMPLATE …`) with its data directory (its keys), to
 * live the very same world a second way: the same rows and ids, without building it twice. Nobody may be
 * connected to the source while it is copied.
 */
export async function copyTestDatabase(source: TestDatabase): Promise<TestDatabase> {
  if (source.kind !== 'postgres' || !source.databaseUrl) throw new Error('only a PostgreSQL test database is copied this way');
  const from = new URL(source.databaseUrl).pathname.slice(1);
  const name = `tenure_test_${randomBytes(6).toString('hex')}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'tenure-test-'));
  cpSync(source.dataDir, dataDir, { recursive: true });
  // A closed pool's connections end a moment after it resolves: the copy waits for the source to be free.
  for (let attempt = 0; ; attempt++) {
    try {
      await adminQuery(`CREATE DATABASE ${name} TEMPLATE ${from}`);
      break;
    } catch (err) {
      if (attempt >= 50 || !/being accessed by other users/.test(String(err))) throw err;
      await new Promise((done) => setTimeout(done, 100));
    }
  }
  return postgresDatabase(name, dataDir);
}

function postgresDatabase(name: string, dataDir: string): TestDatabase {
  const url = new URL(pgUrl!);
  url.pathname = `/${name}`;
  return {
    kind: 'postgres',
    databaseUrl: url.toString(),
    dataDir,
    drop: async () => {
      rmSync(dataDir, { recursive: true, force: true });
      await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}

async function adminQuery(text: string): Promise<void> {
  const admin = new pg.Client({ connectionString: pgUrl });
  await admin.connect();
  try {
    await admin.query(text);
  } finally {
    await admin.end();
  }
}
