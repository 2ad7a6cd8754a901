import type { Migration } from '../migrate.ts';

/**
 * Ecosystem services (DESIGN §4.11): salary benchmarks imported from CSV, and background checks ordered through a
 * provider.
 *
 * `salary_benchmarks`: one row per (city, function, level, currency): the annual salary at the 25th, 50th, 75th
 * and 90th percentiles, bigint minor units. An import replaces the rows it names and keeps the others; which
 * import last wrote a row is kept (`import_id`). `benchmark_imports`: one row per import that succeeded (a file
 * with any bad row imports nothing and leaves no row here).
 *
 * `background_checks`: a check of a submission's candidate at offer, or a re-verification of a placement's hire.
 * The parties (poster org, delivering agency and consultant) are copied from the submission at order time, so
 * "who may read it" is one row's question. `status`: `requested` (written, not yet accepted by the provider),
 * `in_progress` (the provider accepted it: `provider_ref`), `completed` (`outcome` clear / discrepancies /
 * failed, `items` the discrepancies as JSON). `callback_event_id` is the provider's id of the result: unique, so a
 * replayed callback changes nothing.
 */
export const integrations: Migration = {
  version: '0017-integrations',
  async up(db) {
    await db.schema
      .createTable('benchmark_imports')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('imported_at', 'text', (c) => c.notNull())
      .addColumn('imported_by', 'text', (c) => c.notNull())
      .addColumn('file_name', 'text', (c) => c.notNull())
      .addColumn('file_sha256', 'text', (c) => c.notNull())
      .addColumn('rows', 'integer', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('salary_benchmarks')
      .addColumn('city', 'text', (c) => c.notNull())
      .addColumn('function', 'text', (c) => c.notNull())
      .addColumn('level', 'text', (c) => c.notNull())
      .addColumn('currency', 'text', (c) => c.notNull())
      .addColumn('p25', 'bigint', (c) => c.notNull())
      .addColumn('p50', 'bigint', (c) => c.notNull())
      .addColumn('p75', 'bigint', (c) => c.notNull())
      .addColumn('p90', 'bigint', (c) => c.notNull())
      .addColumn('import_id', 'text', (c) => c.notNull().references('benchmark_imports.id'))
      .addPrimaryKeyConstraint('salary_benchmarks_pk', ['city', 'function', 'level', 'currency'])
      .execute();

    await db.schema
      .createTable('background_checks')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('stage', 'text', (c) => c.notNull())
      .addColumn('submission_id', 'text', (c) => c.notNull().references('submissions.id'))
      .addColumn('placement_id', 'text', (c) => c.references('placements.id'))
      .addColumn('poster_org_id', 'text', (c) => c.notNull())
      .addColumn('agency_org_id', 'text', (c) => c.notNull())
      .addColumn('consultant_id', 'text', (c) => c.notNull())
      .addColumn('provider', 'text', (c) => c.notNull())
      .addColumn('provider_ref', 'text')
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('outcome', 'text')
      .addColumn('items', 'text')
      .addColumn('last_error', 'text')
      .addColumn('ordered_at', 'text', (c) => c.notNull())
      .addColumn('ordered_by', 'text', (c) => c.notNull())
      .addColumn('completed_at', 'text')
      .addColumn('callback_event_id', 'text', (c) => c.unique())
      .execute();
    await db.schema.createIndex('background_checks_submission').on('background_checks').columns(['submission_id', 'ordered_at']).execute();
    await db.schema.createIndex('background_checks_placement').on('background_checks').columns(['placement_id', 'ordered_at']).execute();
    await db.schema.createIndex('background_checks_status').on('background_checks').columns(['status', 'ordered_at']).execute();
  },
};
