import { randomUUID } from 'node:crypto';
import type { Migration } from '../migrate.ts';

/**
 * Sign-in throttling that holds under parallel guesses, sessions a user can list and revoke, and
 * one-time password reset links.
 *
 * - `login_throttle`: one counter row per throttled key (an account and address pair, an account, an
 *   address — each stored as a SHA-256, never the e-mail or address itself). An attempt is reserved by
 *   one upsert on its row before the password hash is computed; the row lock makes parallel attempts
 *   count one after another. It replaces `login_failures`, whose count-then-insert let 40 parallel
 *   guesses all be checked.
 * - `sessions` gain a public `id` (revoking by it never exposes the secret's hash), the user agent and
 *   the address they were opened from.
 * - `password_resets`: an admin-issued link's token is stored as its SHA-256 only; it expires and is spent once.
 */
export const security: Migration = {
  version: '0004-security',
  async up(db) {
    await db.schema
      .createTable('login_throttle')
      .addColumn('key', 'text', (c) => c.primaryKey())
      .addColumn('window_started_at', 'text', (c) => c.notNull())
      .addColumn('attempts', 'integer', (c) => c.notNull())
      .execute();
    await db.schema.dropTable('login_failures').execute();

    await db.schema.alterTable('sessions').addColumn('id', 'text').execute();
    await db.schema.alterTable('sessions').addColumn('user_agent', 'text').execute();
    await db.schema.alterTable('sessions').addColumn('address', 'text').execute();
    const open = await db.selectFrom('sessions').select('id_hash').execute();
    for (const s of open as { id_hash: string }[]) await db.updateTable('sessions').set({ id: randomUUID() }).where('id_hash', '=', s.id_hash).execute();
    await db.schema.createIndex('sessions_id').on('sessions').column('id').unique().execute();

    await db.schema
      .createTable('password_resets')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
      .addColumn('token_hash', 'text', (c) => c.notNull().unique())
      .addColumn('created_by', 'text', (c) => c.notNull().references('users.id'))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('expires_at', 'text', (c) => c.notNull())
      .addColumn('used_at', 'text')
      .execute();
    await db.schema.createIndex('password_resets_user').on('password_resets').column('user_id').execute();
  },
};
