import { sql } from 'kysely';
import type { Migration } from '../migrate.ts';

/**
 * After-sales service (DESIGN §4.5): check-in forms and the candidate's links, support tasks, flags on a
 * placement, and claims. A form or a task of the terms takes the id of the obligation that opens it, so the
 * placement's schedule and its forms are one list.
 */
export const aftercare: Migration = {
  version: '0007-aftercare',
  async up(db) {
    await db.schema
      .createTable('checkin_forms')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('placement_id', 'text', (c) => c.notNull().references('placements.id'))
      .addColumn('day', 'integer', (c) => c.notNull())
      .addColumn('respondent', 'text', (c) => c.notNull())
      .addColumn('opens_on', 'text', (c) => c.notNull())
      .addColumn('closes_on', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('answered_at', 'text')
      .addColumn('answered_by', 'text', (c) => c.references('users.id'))
      .addColumn('answers', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('checkin_forms_placement').on('checkin_forms').columns(['placement_id', 'opens_on']).execute();
    await db.schema.createIndex('checkin_forms_status').on('checkin_forms').columns(['status', 'closes_on']).execute();

    await db.schema
      .createTable('checkin_links')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('form_id', 'text', (c) => c.notNull().references('checkin_forms.id'))
      .addColumn('token_hash', 'text', (c) => c.notNull().unique())
      .addColumn('expires_at', 'text', (c) => c.notNull())
      .addColumn('issued_by', 'text', (c) => c.references('users.id'))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('revoked_at', 'text')
      .addColumn('spent_at', 'text')
      .execute();
    await db.schema.createIndex('checkin_links_form').on('checkin_links').column('form_id').execute();

    // What waits to be e-mailed (the candidate's link): kept until a mail transport sends it.
    await db.schema
      .createTable('aftercare_outbox')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('placement_id', 'text', (c) => c.notNull().references('placements.id'))
      .addColumn('form_id', 'text', (c) => c.references('checkin_forms.id'))
      .addColumn('channel', 'text', (c) => c.notNull())
      .addColumn('recipient', 'text')
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('body', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('sent_at', 'text')
      .execute();

    await db.schema
      .createTable('placement_flags')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('placement_id', 'text', (c) => c.notNull().references('placements.id'))
      .addColumn('form_id', 'text', (c) => c.references('checkin_forms.id'))
      .addColumn('reasons', 'text', (c) => c.notNull())
      .addColumn('flagged_on', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('placement_flags_placement').on('placement_flags').column('placement_id').execute();

    await db.schema
      .createTable('support_tasks')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('placement_id', 'text', (c) => c.notNull().references('placements.id'))
      .addColumn('consultant_id', 'text', (c) => c.notNull().references('users.id'))
      .addColumn('agency_org_id', 'text', (c) => c.notNull().references('orgs.id'))
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('source', 'text', (c) => c.notNull())
      .addColumn('flag_id', 'text', (c) => c.references('placement_flags.id'))
      .addColumn('due_on', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('done_at', 'text')
      .addColumn('done_on', 'text')
      .addColumn('done_by', 'text', (c) => c.references('users.id'))
      .addColumn('note', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('support_tasks_placement').on('support_tasks').columns(['placement_id', 'due_on']).execute();
    await db.schema.createIndex('support_tasks_consultant').on('support_tasks').columns(['consultant_id', 'status']).execute();
    await db.schema.createIndex('support_tasks_status').on('support_tasks').columns(['status', 'due_on']).execute();

    await db.schema
      .createTable('claims')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('placement_id', 'text', (c) => c.notNull().references('placements.id'))
      .addColumn('poster_org_id', 'text', (c) => c.notNull().references('orgs.id'))
      .addColumn('agency_org_id', 'text', (c) => c.notNull().references('orgs.id'))
      .addColumn('reason', 'text', (c) => c.notNull())
      .addColumn('last_working_day', 'text')
      .addColumn('reported_on', 'text', (c) => c.notNull())
      .addColumn('remedy', 'text')
      .addColumn('comment', 'text', (c) => c.notNull())
      .addColumn('evidence_file_ids', 'text', (c) => c.notNull())
      .addColumn('state', 'text', (c) => c.notNull())
      .addColumn('is_open', 'integer', (c) => c.notNull())
      .addColumn('decision', 'text', (c) => c.notNull())
      .addColumn('terms_hash', 'text', (c) => c.notNull())
      .addColumn('replacement_placement_id', 'text', (c) => c.references('placements.id'))
      .addColumn('deliver_by', 'text')
      .addColumn('extended', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('review_covered', 'integer')
      .addColumn('review_reason', 'text')
      .addColumn('reviewed_by', 'text', (c) => c.references('users.id'))
      .addColumn('filed_by', 'text', (c) => c.notNull().references('users.id'))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('claims_placement').on('claims').columns(['placement_id', 'created_at']).execute();
    await db.schema.createIndex('claims_state').on('claims').columns(['state', 'created_at']).execute();
    // One open claim per placement, held by the database too (the service checks it under the placement's lock).
    await sql`create unique index claims_one_open on claims (placement_id) where is_open = 1`.execute(db);
  },
};
