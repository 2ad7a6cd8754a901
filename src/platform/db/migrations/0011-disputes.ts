import type { Migration } from '../migrate.ts';

/**
 * Disputes and arbitration (DESIGN §4.8): a dispute contests one subject (a claim's decision or refund amount, a
 * placement's service); the other party answers; an arbitrator with no tie to either party decides, and the
 * decision is applied. `open_subject_id` holds the subject while the dispute is open (NULL once decided): its
 * unique index makes "one open dispute per subject" hold in the database itself. Arbitrators declare the orgs
 * they are tied to. A claim records the ineligibility codes an arbitrator set aside.
 */
export const disputes: Migration = {
  version: '0011-disputes',
  async up(db) {
    await db.schema
      .createTable('disputes')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('type', 'text', (c) => c.notNull())
      .addColumn('subject_id', 'text', (c) => c.notNull())
      .addColumn('open_subject_id', 'text', (c) => c.unique())
      .addColumn('placement_id', 'text', (c) => c.notNull().references('placements.id'))
      .addColumn('poster_org_id', 'text', (c) => c.notNull().references('orgs.id'))
      .addColumn('agency_org_id', 'text', (c) => c.notNull().references('orgs.id'))
      .addColumn('consultant_id', 'text', (c) => c.notNull().references('users.id'))
      .addColumn('currency', 'text', (c) => c.notNull())
      .addColumn('raised_by_side', 'text', (c) => c.notNull())
      .addColumn('raised_by', 'text', (c) => c.notNull().references('users.id'))
      .addColumn('contested_on', 'text', (c) => c.notNull())
      .addColumn('raised_on', 'text', (c) => c.notNull())
      .addColumn('answer_by', 'text', (c) => c.notNull())
      .addColumn('decide_by', 'text', (c) => c.notNull())
      .addColumn('statement', 'text', (c) => c.notNull())
      .addColumn('state', 'text', (c) => c.notNull())
      .addColumn('response_statement', 'text')
      .addColumn('responded_at', 'text')
      .addColumn('responded_by', 'text', (c) => c.references('users.id'))
      .addColumn('response_missed', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('arbitrator_user_id', 'text', (c) => c.references('users.id'))
      .addColumn('assigned_at', 'text')
      .addColumn('outcome', 'text')
      .addColumn('amount', 'bigint')
      .addColumn('reasons', 'text')
      .addColumn('decided_at', 'text')
      .addColumn('decided_on', 'text')
      .addColumn('effects', 'text')
      .addColumn('overdue_on', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('disputes_placement').on('disputes').columns(['placement_id', 'created_at']).execute();
    await db.schema.createIndex('disputes_arbitrator').on('disputes').columns(['arbitrator_user_id', 'state', 'decide_by']).execute();
    await db.schema.createIndex('disputes_state').on('disputes').columns(['state', 'created_at']).execute();

    await db.schema
      .createTable('dispute_evidence')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('dispute_id', 'text', (c) => c.notNull().references('disputes.id'))
      .addColumn('file_id', 'text', (c) => c.notNull().references('files.id'))
      .addColumn('side', 'text', (c) => c.notNull())
      .addColumn('added_by', 'text', (c) => c.notNull().references('users.id'))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('dispute_evidence_dispute').on('dispute_evidence').columns(['dispute_id', 'created_at']).execute();
    await db.schema.createIndex('dispute_evidence_file').on('dispute_evidence').column('file_id').execute();

    await db.schema
      .createTable('arbitrator_ties')
      .addColumn('arbitrator_user_id', 'text', (c) => c.notNull().references('users.id'))
      .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
      .addColumn('declared_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('arbitrator_ties_pk', ['arbitrator_user_id', 'org_id'])
      .execute();

    await db.schema.alterTable('claims').addColumn('set_aside_codes', 'text').execute();
  },
};
