import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keyedHash } from '../../src/platform/auth/keyed-hash.ts';
import { migrate } from '../../src/platform/db/migrator.ts';
import { phoneKey } from '../../src/submissions/ownership.rules.ts';
import { DATABASE_KINDS } from '../support/databases.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

/**
 * Migration 0009 on a database as it was before it: ownership keys in clear, inbox items naming candidates
 * and subjects called `order`. The demo marketplace is put back into that shape, then migrated again.
 */
describe.each(DATABASE_KINDS)('migration 0009 (private audit and keys) on %s', (database) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ database, demoMarketplace: true });
  }, 120_000);
  afterAll(() => server.close());

  it('re-keys stored ownership keys, strips candidate names from inbox items and renames order subjects', async () => {
    const db = server.deps.db;
    const secret = server.deps.keyedHashSecret;
    const subs = await db.selectFrom('submissions').select(['id', 'phone', 'email']).execute();
    expect(subs.length).toBeGreaterThan(0);
    // Back to the old shape.
    for (const s of subs) {
      await db.updateTable('submissions').set({ phone_key: phoneKey(s.phone), email_key: s.email?.trim().toLowerCase() ?? null }).where('id', '=', s.id).execute();
    }
    const n = await db.selectFrom('notifications').select(['id', 'params']).where('kind', '=', 'job_order.engaged').executeTakeFirstOrThrow();
    await db.updateTable('notifications').set({ kind: 'order.engaged', subject_type: 'order', params: JSON.stringify({ ...JSON.parse(n.params), candidateName: '某某' }) }).where('id', '=', n.id).execute();
    await sql`DROP INDEX audit_events_work_of`.execute(db);
    await sql`ALTER TABLE audit_events DROP COLUMN work_of_user_id`.execute(db);
    await sql`DELETE FROM schema_migrations WHERE version = ${'0009-private-audit-and-keys'}`.execute(db);

    expect(await migrate(db, server.deps.dialect, { keyedHashSecret: secret })).toContain('0009-private-audit-and-keys');

    for (const s of await db.selectFrom('submissions').select(['phone', 'email', 'phone_key', 'email_key']).execute()) {
      const phone = phoneKey(s.phone);
      expect(s.phone_key).toBe(phone === null ? null : keyedHash(secret, phone));
      expect(s.email_key).toBe(s.email === null ? null : keyedHash(secret, s.email.trim().toLowerCase()));
    }
    const after = await db.selectFrom('notifications').select(['kind', 'subject_type', 'params']).where('id', '=', n.id).executeTakeFirstOrThrow();
    expect(after.kind).toBe('job_order.engaged');
    expect(after.subject_type).toBe('job_order');
    expect(JSON.parse(after.params)).toEqual(JSON.parse(n.params));
    expect(await db.selectFrom('notifications').select('id').where('params', 'like', '%candidateName%').execute()).toEqual([]);
    expect(await db.selectFrom('notifications').select('id').where('subject_type', '=', 'order').execute()).toEqual([]);
  });
});
