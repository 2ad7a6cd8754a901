import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, parseCalendarDate } from '../../src/platform/calendar-date.ts';
import { migrate } from '../../src/platform/db/migrator.ts';
import { formClosesOn } from '../../src/aftercare/checkin.rules.ts';
import { DATABASE_KINDS } from '../support/databases.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

/** Migration 0013 on a database as it was before it: no evidence table, check-ins whose `closesOn` was the day after the last day. */
describe.each(DATABASE_KINDS)('migration 0013 (check-in closesOn) on %s', (database) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ database, demoMarketplace: true });
  }, 120_000);
  afterAll(() => server.close());

  it("rewrites each stored check-in's closesOn to its last day, the same day the form states", async () => {
    const db = server.deps.db;
    const rows = await db.selectFrom('obligations').select(['id', 'payload']).where('kind', '=', 'checkin.open').execute();
    expect(rows.length).toBeGreaterThan(0);
    type P = { opensOn: string; windowDays: number; closesOn: string };
    for (const r of rows) {
      const p = JSON.parse(r.payload) as P;
      expect(p.closesOn).toBe(formClosesOn(parseCalendarDate(p.opensOn), p.windowDays));
      // Back to the old shape: exclusive.
      await db.updateTable('obligations').set({ payload: JSON.stringify({ ...p, closesOn: addDays(parseCalendarDate(p.opensOn), p.windowDays) }) }).where('id', '=', r.id).execute();
    }
    await sql`DROP TABLE evidence_files`.execute(db);
    await sql`DELETE FROM schema_migrations WHERE version = ${'0013-claim-evidence-and-checkin-days'}`.execute(db);

    expect(await migrate(db, server.deps.dialect, { keyedHashSecret: server.deps.keyedHashSecret })).toContain('0013-claim-evidence-and-checkin-days');
    expect(await db.selectFrom('evidence_files').selectAll().execute()).toEqual([]);

    for (const r of await db.selectFrom('obligations').select(['id', 'payload']).where('kind', '=', 'checkin.open').execute()) {
      const p = JSON.parse(r.payload) as P;
      expect(p.closesOn).toBe(formClosesOn(parseCalendarDate(p.opensOn), p.windowDays));
      expect(Object.keys(JSON.parse(r.payload) as object)).toEqual([...Object.keys(p)].sort());
    }
  });
});
