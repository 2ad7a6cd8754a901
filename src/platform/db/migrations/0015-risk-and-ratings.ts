import type { Migration } from '../migrate.ts';

/**
 * Retention risk on placements and outcome ratings (DESIGN §4.7, §4.9).
 *
 * `risk_scores`: a placement's risk history, one row per scoring (at hire, after each candidate check-in answered
 * or missed). The probability is stored in parts per million (an integer: the same on SQLite and PostgreSQL).
 *
 * `risk_settings` (one row, id 'current', absent until ops change something): the protected inputs ops enabled
 * (none by default) and the band thresholds (JSON); and
 * `risk_report_views`: which ops user viewed the fairness report when (enabling a protected input needs one).
 *
 * `rating_outcomes`: every outcome counted for a consultant, keyed by what it is about (`claim:<id>`,
 * `task:<id>` …), so a decision that changes (a rejection overturned) replaces its earlier count instead of
 * adding to it. `rating_counters`: the running sums per consultant, agency and the platform — one outcome
 * updates three rows, whatever the number of placements. Successes are counted in quarters (an adjusted dispute
 * is half a loss, a satisfaction answer 0–4 quarters), so every sum is an exact integer.
 */
export const riskAndRatings: Migration = {
  version: '0015-risk-and-ratings',
  async up(db) {
    await db.schema
      .createTable('risk_scores')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('placement_id', 'text', (c) => c.notNull().references('placements.id'))
      .addColumn('scored_at', 'text', (c) => c.notNull())
      .addColumn('scored_on', 'text', (c) => c.notNull())
      .addColumn('trigger', 'text', (c) => c.notNull())
      .addColumn('form_id', 'text')
      .addColumn('day', 'integer')
      .addColumn('probability_ppm', 'integer', (c) => c.notNull())
      .addColumn('band', 'text', (c) => c.notNull())
      .addColumn('factors', 'text', (c) => c.notNull())
      .addColumn('model', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('risk_scores_placement').on('risk_scores').columns(['placement_id', 'scored_at', 'id']).execute();

    await db.schema
      .createTable('risk_settings')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('enabled_protected', 'text', (c) => c.notNull())
      .addColumn('thresholds', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text')
      .addColumn('updated_by', 'text')
      .execute();
    await db.schema
      .createTable('risk_report_views')
      .addColumn('user_id', 'text', (c) => c.notNull())
      .addColumn('viewed_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('risk_report_views_pk', ['user_id', 'viewed_at'])
      .execute();

    await db.schema
      .createTable('rating_outcomes')
      .addColumn('key', 'text', (c) => c.primaryKey())
      .addColumn('consultant_id', 'text', (c) => c.notNull())
      .addColumn('agency_org_id', 'text', (c) => c.notNull())
      .addColumn('placement_id', 'text')
      .addColumn('metric', 'text', (c) => c.notNull())
      .addColumn('successes_q', 'integer', (c) => c.notNull())
      .addColumn('trials', 'integer', (c) => c.notNull())
      .addColumn('recorded_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('rating_outcomes_consultant').on('rating_outcomes').columns(['consultant_id', 'recorded_at']).execute();

    await db.schema
      .createTable('rating_counters')
      .addColumn('scope', 'text', (c) => c.notNull())
      .addColumn('scope_id', 'text', (c) => c.notNull())
      .addColumn('metric', 'text', (c) => c.notNull())
      .addColumn('agency_org_id', 'text')
      .addColumn('successes_q', 'integer', (c) => c.notNull())
      .addColumn('trials', 'integer', (c) => c.notNull())
      .addPrimaryKeyConstraint('rating_counters_pk', ['scope', 'scope_id', 'metric'])
      .execute();
    await db.schema.createIndex('rating_counters_agency').on('rating_counters').columns(['agency_org_id', 'scope', 'scope_id']).execute();
  },
};
