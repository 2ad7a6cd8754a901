import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inTransaction, openDatabase, type DatabaseHandle } from '../../src/platform/db/database.ts';
import { precompiledQuery } from '../../src/platform/db/precompiled.ts';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../support/databases.ts';

/**
 * A precompiled query answers exactly what the same query built each time answers: its placeholders take each
 * call's values, the values written into it stay, inside a transaction as outside, on each database's own SQL.
 */
describe.each(DATABASE_KINDS)('a precompiled query on %s', (kind) => {
  let database: TestDatabase;
  let handle: DatabaseHandle;
  const valueOf = precompiledQuery((db, p: { key: string; after: string }) =>
    db.selectFrom('platform_state').select(['key', 'value']).where('key', '=', p.key).where('value', '<>', 'hidden').where('value', '>', p.after).orderBy('key'),
  );

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    handle = openDatabase({ databaseUrl: database.databaseUrl, sqlitePath: `${database.dataDir}/probe.sqlite` });
    await sql`create table platform_state (key text primary key, value text not null)`.execute(handle.db);
    await handle.db
      .insertInto('platform_state')
      .values([
        { key: 'a', value: 'apple' },
        { key: 'b', value: 'hidden' },
        { key: 'c', value: 'cherry' },
      ])
      .execute();
  });
  afterAll(async () => {
    await handle.close();
    await database.drop();
  });

  it('takes each call its own values and keeps the ones written into the query', async () => {
    const built = (key: string, after: string) =>
      handle.db.selectFrom('platform_state').select(['key', 'value']).where('key', '=', key).where('value', '<>', 'hidden').where('value', '>', after).orderBy('key').execute();
    for (const [key, after] of [['a', ''], ['b', ''], ['c', 'b'], ['c', 'd'], ['zz', '']] as const) {
      expect(await valueOf(handle.db, { key, after })).toEqual(await built(key, after));
    }
    expect(await valueOf(handle.db, { key: 'a', after: '' })).toEqual([{ key: 'a', value: 'apple' }]);
    // 'hidden' is written into the query: no value passed for the placeholders brings that row back.
    expect(await valueOf(handle.db, { key: 'b', after: '' })).toEqual([]);
  });

  it('runs inside a transaction and sees its uncommitted writes', async () => {
    const seen = await inTransaction(handle.db, async (tx) => {
      await tx.updateTable('platform_state').set({ value: 'apricot' }).where('key', '=', 'a').execute();
      const inside = await valueOf(tx, { key: 'a', after: '' });
      await tx.updateTable('platform_state').set({ value: 'apple' }).where('key', '=', 'a').execute();
      return inside;
    });
    expect(seen).toEqual([{ key: 'a', value: 'apricot' }]);
    expect(await valueOf(handle.db, { key: 'a', after: '' })).toEqual([{ key: 'a', value: 'apple' }]);
  });
});
