import type { Migration } from '../migrate.ts';

/**
 * The outbox and its channels (DESIGN §4.11, docs/notifications.md).
 *
 * `outbox_messages`: one row per delivery to make (an e-mail to one person, a message to one group robot, an
 * event to one webhook endpoint), written in the transaction of the change it announces. The delivery worker
 * claims due rows (a lease: `leased_until`), sends, and marks them delivered, puts them off with backoff, or
 * dead-letters them after N attempts. `held`: an e-mail with no SMTP server configured. The row's id is the
 * idempotency key every delivery carries. `outbox_attempts`: each try, with its answer (the delivery log).
 *
 * `webhook_endpoints` (an org's integrator URLs, their signing secret and, during a rotation, the previous one
 * until it expires), `robot_channels` (an org's WeCom / DingTalk / Feishu group robots), and the settings:
 * which event kinds an org sends by e-mail, and each user's e-mail switch and language.
 */
export const outbox: Migration = {
  version: '0016-outbox',
  async up(db) {
    await db.schema
      .createTable('outbox_messages')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('channel', 'text', (c) => c.notNull())
      .addColumn('org_id', 'text')
      .addColumn('target_id', 'text')
      .addColumn('event_id', 'text')
      .addColumn('event_type', 'text', (c) => c.notNull())
      .addColumn('payload', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('attempts', 'integer', (c) => c.notNull())
      .addColumn('next_attempt_at', 'text', (c) => c.notNull())
      .addColumn('leased_until', 'text')
      .addColumn('lease_token', 'text')
      .addColumn('last_error', 'text')
      .addColumn('last_status_code', 'integer')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addColumn('delivered_at', 'text')
      .execute();
    await db.schema.createIndex('outbox_messages_due').on('outbox_messages').columns(['status', 'next_attempt_at']).execute();
    await db.schema.createIndex('outbox_messages_target').on('outbox_messages').columns(['target_id', 'created_at', 'id']).execute();
    await db.schema.createIndex('outbox_messages_org').on('outbox_messages').columns(['org_id', 'created_at', 'id']).execute();

    await db.schema
      .createTable('outbox_attempts')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('message_id', 'text', (c) => c.notNull().references('outbox_messages.id'))
      .addColumn('attempt', 'integer', (c) => c.notNull())
      .addColumn('at', 'text', (c) => c.notNull())
      .addColumn('outcome', 'text', (c) => c.notNull())
      .addColumn('status_code', 'integer')
      .addColumn('error', 'text')
      .addColumn('duration_ms', 'integer', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('outbox_attempts_message').on('outbox_attempts').columns(['message_id', 'attempt']).execute();

    await db.schema
      .createTable('webhook_endpoints')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
      .addColumn('url', 'text', (c) => c.notNull())
      .addColumn('events', 'text', (c) => c.notNull())
      .addColumn('secret', 'text', (c) => c.notNull())
      .addColumn('previous_secret', 'text')
      .addColumn('previous_secret_until', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('created_by', 'text')
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addColumn('deleted_at', 'text')
      .execute();
    await db.schema.createIndex('webhook_endpoints_org').on('webhook_endpoints').columns(['org_id', 'created_at']).execute();

    await db.schema
      .createTable('robot_channels')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
      .addColumn('provider', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('url', 'text', (c) => c.notNull())
      .addColumn('secret', 'text')
      .addColumn('events', 'text', (c) => c.notNull())
      .addColumn('language', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('created_by', 'text')
      .addColumn('deleted_at', 'text')
      .execute();
    await db.schema.createIndex('robot_channels_org').on('robot_channels').columns(['org_id', 'created_at']).execute();

    await db.schema
      .createTable('org_notification_settings')
      .addColumn('org_id', 'text', (c) => c.primaryKey().references('orgs.id'))
      .addColumn('email_events', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addColumn('updated_by', 'text')
      .execute();

    await db.schema
      .createTable('user_notification_settings')
      .addColumn('user_id', 'text', (c) => c.primaryKey().references('users.id'))
      .addColumn('email_enabled', 'integer', (c) => c.notNull())
      .addColumn('language', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
  },
};
