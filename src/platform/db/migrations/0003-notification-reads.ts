import type { Migration } from '../migrate.ts';

/**
 * Read receipts per user for notifications addressed to a whole org: one HR reading "a candidate was
 * submitted" must not mark it read for the org's other members. Items addressed to one user keep
 * using `notifications.read_at`.
 */
export const notificationReads: Migration = {
  version: '0003-notification-reads',
  async up(db) {
    await db.schema
      .createTable('notification_reads')
      .addColumn('notification_id', 'text', (c) => c.notNull().references('notifications.id'))
      .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
      .addColumn('read_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('notification_reads_pk', ['notification_id', 'user_id'])
      .execute();
  },
};
