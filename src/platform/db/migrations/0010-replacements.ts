import type { Migration } from '../migrate.ts';

/**
 * Replacements (DESIGN §4.5, §4.6): while a claim's replacement is pending, its order is reopened for the
 * delivering agency alone (one row per claim: who it is reserved for, the order's status to return to when the
 * claim ends); submissions made to it then are replacement submissions, linked to the claim; the placement a
 * replacement hire creates keeps its own guarantee length (`newGuarantee`: the terms' G, or what remained).
 */
export const replacements: Migration = {
  version: '0010-replacements',
  async up(db) {
    await db.schema
      .createTable('order_reopenings')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('order_id', 'text', (c) => c.notNull().references('job_orders.id'))
      .addColumn('claim_id', 'text', (c) => c.notNull().unique().references('claims.id'))
      .addColumn('agency_org_id', 'text', (c) => c.notNull().references('orgs.id'))
      .addColumn('placement_id', 'text', (c) => c.notNull().references('placements.id'))
      .addColumn('status_before', 'text', (c) => c.notNull())
      .addColumn('opened_at', 'text', (c) => c.notNull())
      .addColumn('closed_at', 'text')
      .addColumn('outcome', 'text')
      .execute();
    await db.schema.createIndex('order_reopenings_order').on('order_reopenings').columns(['order_id', 'closed_at']).execute();

    await db.schema.alterTable('submissions').addColumn('replacement_claim_id', 'text', (c) => c.references('claims.id')).execute();
    await db.schema.createIndex('submissions_replacement_claim').on('submissions').column('replacement_claim_id').execute();

    // null: the terms' guarantee.days (every placement but a replacement).
    await db.schema.alterTable('placements').addColumn('guarantee_days', 'integer').execute();
  },
};
