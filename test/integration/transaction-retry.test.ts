import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { inTransaction, openDatabase, type Db } from '../../src/platform/db/database.ts';
import { createTestDatabase, DATABASE_KINDS } from '../support/databases.ts';

/**
 * Two transactions that lock two rows in opposite orders deadlock on PostgreSQL, which ends one of them (40P01).
 * Before, that one reached its user as a 500 (the crash suite met it: a payment locking its placement against a
 * scheduler batch holding the audit log's head). Now the ended transaction runs again from the start: both commit,
 * each exactly once.
 */
describe.skipIf(!DATABASE_KINDS.includes('postgres'))('a transaction ended by a deadlock on PostgreSQL', () => {
  it('runs again and both transactions commit once', async () => {
    const database = await createTestDatabase('postgres');
    const handle = openDatabase({ databaseUrl: database.databaseUrl, sqlitePath: ':memory:' });
    const db: Db = handle.db;
    try {
      await sql`create table deadlock_probe (id int primary key, hits int not null)`.execute(db);
      await sql`insert into deadlock_probe values (1, 0), (2, 0)`.execute(db);
      const runs = { first: 0, second: 0 };
      // Each first attempt waits until the other holds its first row, so the opposite orders really cross.
      let arrived = 0;
      let bothHold: () => void = () => {};
      const barrier = new Promise<void>((done) => (bothHold = done));
      const crossing = (name: 'first' | 'second', rows: [number, number]) =>
        inTransaction(db, async (tx) => {
          runs[name]++;
          await sql`update deadlock_probe set hits = hits + 1 where id = ${rows[0]}`.execute(tx);
          if (runs[name] === 1) {
            if (++arrived === 2) bothHold();
            await barrier;
          }
          await sql`update deadlock_probe set hits = hits + 1 where id = ${rows[1]}`.execute(tx);
          return name;
        });
      const results = await Promise.all([crossing('first', [1, 2]), crossing('second', [2, 1])]);
      expect(results).toEqual(['first', 'second']);
      // One of the two ran again; the other did not need to.
      expect(runs.first + runs.second).toBe(3);
      const rows = await sql<{ id: number; hits: number }>`select id, hits from deadlock_probe order by id`.execute(db);
      expect(rows.rows).toEqual([
        { id: 1, hits: 2 },
        { id: 2, hits: 2 },
      ]);
    } finally {
      await handle.close();
      await database.drop();
    }
  }, 60_000);
});
