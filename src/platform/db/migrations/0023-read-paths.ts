import { sql } from 'kysely';
import type { Migration } from '../migrate.ts';

/**
 * Read paths measured under load at 100,000 placements (bench/load.bench.ts):
 *
 * - `placements_replaces`: a placement's page names the placement that replaces it; without an index that lookup
 *   read the whole placements table on every page view.
 * - `consultant_order_submissions`: how many candidates each consultant has submitted to each order, kept by the
 *   marketplace as submissions are made. The marketplace's relevance ranking weighs a consultant's past work by
 *   function and city; counting it from the submissions table read every submission the consultant ever made on
 *   every search. Keyed by order, so an order's function or city is still read from the order as it is now.
 *   Filled here from the submissions already made.
 */
export const readPaths: Migration = {
  version: '0023-read-paths',
  async up(db) {
    await db.schema.createIndex('placements_replaces').on('placements').column('replaces_placement_id').execute();

    await db.schema
      .createTable('consultant_order_submissions')
      .addColumn('consultant_id', 'text', (c) => c.notNull())
      .addColumn('order_id', 'text', (c) => c.notNull().references('job_orders.id'))
      .addColumn('submissions', 'integer', (c) => c.notNull())
      .addPrimaryKeyConstraint('consultant_order_submissions_pk', ['consultant_id', 'order_id'])
      .execute();
    await sql`insert into consultant_order_submissions (consultant_id, order_id, submissions)
      select consultant_id, order_id, count(*) from submissions group by consultant_id, order_id`.execute(db);
  },
};
