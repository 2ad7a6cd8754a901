import { sql } from 'kysely';
import type { Migration } from '../migrate.ts';
import { guardAppendOnly } from './0001-foundation.ts';

/** Plans and their immutable versions, job orders, engagements, submissions, files, placements, notifications. */
export const marketplace: Migration = {
  version: '0002-marketplace',
  async up(db, dialect) {
    const blob = dialect === 'postgres' ? 'bytea' : 'blob';

    await db.schema
      .createTable('plans')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('key', 'text', (c) => c.notNull().unique())
      .addColumn('tier', 'text', (c) => c.notNull())
      .addColumn('name_zh', 'text', (c) => c.notNull())
      .addColumn('name_en', 'text', (c) => c.notNull())
      .addColumn('owner_org_id', 'text', (c) => c.references('orgs.id'))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('plan_versions')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('plan_id', 'text', (c) => c.notNull().references('plans.id'))
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('terms', 'text', (c) => c.notNull())
      .addColumn('terms_hash', 'text', (c) => c.notNull())
      .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('published_by', 'text')
      .addColumn('published_at', 'text', (c) => c.notNull())
      .addUniqueConstraint('plan_versions_plan_version', ['plan_id', 'version'])
      .execute();
    // A published version never changes: editing a plan publishes a new version.
    await guardAppendOnly(db, dialect, 'plan_versions');

    await db.schema
      .createTable('custom_plan_requests')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
      .addColumn('requested_by', 'text', (c) => c.notNull().references('users.id'))
      .addColumn('description', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('plan_id', 'text', (c) => c.references('plans.id'))
      .addColumn('response_note', 'text')
      .addColumn('resolved_by', 'text')
      .addColumn('resolved_at', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('job_orders')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('poster_org_id', 'text', (c) => c.notNull().references('orgs.id'))
      .addColumn('created_by', 'text', (c) => c.notNull().references('users.id'))
      .addColumn('client_name', 'text')
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('city', 'text', (c) => c.notNull())
      .addColumn('function', 'text', (c) => c.notNull())
      .addColumn('level', 'text', (c) => c.notNull())
      .addColumn('headcount', 'integer', (c) => c.notNull())
      .addColumn('hired_count', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('currency', 'text', (c) => c.notNull())
      .addColumn('salary_min', 'bigint', (c) => c.notNull())
      .addColumn('salary_max', 'bigint', (c) => c.notNull())
      .addColumn('description', 'text', (c) => c.notNull())
      .addColumn('reward', 'text', (c) => c.notNull())
      .addColumn('reward_sort', 'bigint', (c) => c.notNull())
      .addColumn('plan_version_id', 'text', (c) => c.notNull().references('plan_versions.id'))
      .addColumn('plan_tier', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('opened_at', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('job_orders_open').on('job_orders').columns(['status', 'opened_at']).execute();
    await db.schema.createIndex('job_orders_poster').on('job_orders').columns(['poster_org_id', 'status']).execute();
    await db.schema.createIndex('job_orders_city').on('job_orders').columns(['status', 'city']).execute();
    await db.schema.createIndex('job_orders_function').on('job_orders').columns(['status', 'function']).execute();

    await db.schema
      .createTable('engagements')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('order_id', 'text', (c) => c.notNull().references('job_orders.id'))
      .addColumn('consultant_id', 'text', (c) => c.notNull().references('users.id'))
      .addColumn('agency_org_id', 'text', (c) => c.notNull().references('orgs.id'))
      .addColumn('poster_org_id', 'text', (c) => c.notNull().references('orgs.id'))
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('terms_hash', 'text', (c) => c.notNull())
      .addColumn('accepted_at', 'text', (c) => c.notNull())
      .addColumn('dropped_at', 'text')
      .addColumn('drop_reason', 'text')
      .execute();
    await db.schema.createIndex('engagements_consultant').on('engagements').columns(['consultant_id', 'status']).execute();
    await db.schema.createIndex('engagements_order').on('engagements').columns(['order_id', 'status']).execute();
    await db.schema.createIndex('engagements_agency').on('engagements').columns(['agency_org_id', 'status']).execute();
    // One active engagement per consultant and order.
    await db.schema.createIndex('engagements_one_active').on('engagements').columns(['order_id', 'consultant_id']).unique().where(sql.ref('status'), '=', 'active').execute();

    await db.schema
      .createTable('files')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
      .addColumn('uploaded_by', 'text', (c) => c.notNull().references('users.id'))
      .addColumn('original_name', 'text', (c) => c.notNull())
      .addColumn('media_type', 'text', (c) => c.notNull())
      .addColumn('size_bytes', 'integer', (c) => c.notNull())
      .addColumn('sha256', 'text', (c) => c.notNull())
      .addColumn('content', blob, (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('submissions')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('order_id', 'text', (c) => c.notNull().references('job_orders.id'))
      .addColumn('poster_org_id', 'text', (c) => c.notNull().references('orgs.id'))
      .addColumn('engagement_id', 'text', (c) => c.notNull().references('engagements.id'))
      .addColumn('consultant_id', 'text', (c) => c.notNull().references('users.id'))
      .addColumn('agency_org_id', 'text', (c) => c.notNull().references('orgs.id'))
      .addColumn('candidate_name', 'text', (c) => c.notNull())
      .addColumn('phone', 'text')
      .addColumn('phone_key', 'text')
      .addColumn('email', 'text')
      .addColumn('email_key', 'text')
      .addColumn('current_employer', 'text')
      .addColumn('current_title', 'text')
      .addColumn('years_experience', 'integer')
      .addColumn('currency', 'text', (c) => c.notNull())
      .addColumn('expected_salary', 'bigint')
      .addColumn('notes', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('resume_file_id', 'text', (c) => c.references('files.id'))
      .addColumn('stage', 'text', (c) => c.notNull())
      .addColumn('stage_changed_at', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('submissions_order').on('submissions').columns(['order_id', 'stage']).execute();
    await db.schema.createIndex('submissions_consultant').on('submissions').columns(['consultant_id', 'created_at']).execute();
    await db.schema.createIndex('submissions_agency').on('submissions').columns(['agency_org_id', 'created_at']).execute();
    await db.schema.createIndex('submissions_owner_phone').on('submissions').columns(['poster_org_id', 'phone_key', 'created_at']).execute();
    await db.schema.createIndex('submissions_owner_email').on('submissions').columns(['poster_org_id', 'email_key', 'created_at']).execute();

    await db.schema
      .createTable('submission_events')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('submission_id', 'text', (c) => c.notNull().references('submissions.id'))
      .addColumn('from_stage', 'text')
      .addColumn('to_stage', 'text', (c) => c.notNull())
      .addColumn('comment', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('actor_user_id', 'text', (c) => c.notNull().references('users.id'))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('submission_events_submission').on('submission_events').columns(['submission_id', 'created_at']).execute();

    await db.schema
      .createTable('placements')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('submission_id', 'text', (c) => c.notNull().unique().references('submissions.id'))
      .addColumn('order_id', 'text', (c) => c.notNull().references('job_orders.id'))
      .addColumn('poster_org_id', 'text', (c) => c.notNull().references('orgs.id'))
      .addColumn('agency_org_id', 'text', (c) => c.notNull().references('orgs.id'))
      .addColumn('consultant_id', 'text', (c) => c.notNull().references('users.id'))
      .addColumn('candidate_name', 'text', (c) => c.notNull())
      .addColumn('start_date', 'text', (c) => c.notNull())
      .addColumn('time_zone', 'text', (c) => c.notNull())
      .addColumn('currency', 'text', (c) => c.notNull())
      .addColumn('annual_salary', 'bigint', (c) => c.notNull())
      .addColumn('fee', 'bigint', (c) => c.notNull())
      .addColumn('plan_version_id', 'text', (c) => c.notNull().references('plan_versions.id'))
      .addColumn('terms', 'text', (c) => c.notNull())
      .addColumn('terms_hash', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('poster_accepted_by', 'text')
      .addColumn('poster_accepted_at', 'text')
      .addColumn('deliverer_accepted_by', 'text')
      .addColumn('deliverer_accepted_at', 'text')
      .addColumn('replaces_placement_id', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('placements_poster').on('placements').columns(['poster_org_id', 'created_at']).execute();
    await db.schema.createIndex('placements_agency').on('placements').columns(['agency_org_id', 'created_at']).execute();

    await db.schema
      .createTable('notifications')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
      .addColumn('user_id', 'text', (c) => c.references('users.id'))
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('subject_type', 'text', (c) => c.notNull())
      .addColumn('subject_id', 'text', (c) => c.notNull())
      .addColumn('params', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('read_at', 'text')
      .execute();
    await db.schema.createIndex('notifications_org').on('notifications').columns(['org_id', 'created_at']).execute();
    await db.schema.createIndex('notifications_user').on('notifications').columns(['user_id', 'created_at']).execute();
  },
};
