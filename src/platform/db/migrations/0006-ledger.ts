import { sql } from 'kysely';
import type { Migration } from '../migrate.ts';
import { guardAppendOnly } from './0001-foundation.ts';

/**
 * Money (DESIGN §4.6): a double-entry ledger of accounts and immutable transfers, the money facts of each
 * placement, installments as invoices with their payments, refund settlements, and consultants' shares.
 */
export const ledger: Migration = {
  version: '0006-ledger',
  async up(db, dialect) {
    await db.schema
      .createTable('ledger_accounts')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('purpose', 'text', (c) => c.notNull())
      .addColumn('org_id', 'text', (c) => c.references('orgs.id'))
      .addColumn('placement_id', 'text', (c) => c.references('placements.id'))
      .addColumn('currency', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('ledger_accounts_org').on('ledger_accounts').columns(['org_id', 'currency']).execute();

    await db.schema
      .createTable('ledger_transfers')
      // Derived from the business event and the leg: posting the same event twice collides here.
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('event', 'text', (c) => c.notNull())
      .addColumn('leg', 'text', (c) => c.notNull())
      .addColumn('currency', 'text', (c) => c.notNull())
      .addColumn('debit_account_id', 'text', (c) => c.notNull().references('ledger_accounts.id'))
      .addColumn('credit_account_id', 'text', (c) => c.notNull().references('ledger_accounts.id'))
      .addColumn('amount', 'bigint', (c) => c.notNull().check(sql`amount > 0`))
      .addColumn('reason', 'text', (c) => c.notNull())
      .addColumn('placement_id', 'text')
      .addColumn('installment_id', 'text')
      .addColumn('consultant_id', 'text')
      .addColumn('business_date', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      // A time-ordered id (UUIDv7) taken when posted: the order of transfers that share a business instant.
      .addColumn('posted_order', 'text', (c) => c.notNull())
      .addCheckConstraint('ledger_transfers_two_accounts', sql`debit_account_id <> credit_account_id`)
      .addUniqueConstraint('ledger_transfers_event_leg', ['event', 'leg'])
      .execute();
    await db.schema.createIndex('ledger_transfers_debit').on('ledger_transfers').columns(['debit_account_id', 'business_date', 'posted_order']).execute();
    await db.schema.createIndex('ledger_transfers_credit').on('ledger_transfers').columns(['credit_account_id', 'business_date', 'posted_order']).execute();
    await db.schema.createIndex('ledger_transfers_placement').on('ledger_transfers').columns(['placement_id']).execute();
    // Corrections are new transfers: the database itself refuses to change or delete one.
    await guardAppendOnly(db, dialect, 'ledger_transfers');

    await db.schema
      .createTable('ledger_placements')
      .addColumn('placement_id', 'text', (c) => c.primaryKey().references('placements.id'))
      .addColumn('poster_org_id', 'text', (c) => c.notNull().references('orgs.id'))
      .addColumn('agency_org_id', 'text', (c) => c.notNull().references('orgs.id'))
      .addColumn('consultant_id', 'text', (c) => c.notNull())
      .addColumn('currency', 'text', (c) => c.notNull())
      .addColumn('fee', 'bigint', (c) => c.notNull())
      .addColumn('final_fee', 'bigint')
      .addColumn('release', 'text', (c) => c.notNull())
      .addColumn('platform_fee_percent', 'text', (c) => c.notNull())
      .addColumn('start_date', 'text', (c) => c.notNull())
      .addColumn('time_zone', 'text', (c) => c.notNull())
      .addColumn('guarantee_ends_on', 'text', (c) => c.notNull())
      .addColumn('guarantee_over', 'integer', (c) => c.notNull().defaultTo(0))
      // Set when a replacement takes over: the pending money waits for the replacement's guarantee.
      .addColumn('successor_placement_id', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('ledger_placements_poster').on('ledger_placements').columns(['poster_org_id']).execute();
    await db.schema.createIndex('ledger_placements_successor').on('ledger_placements').columns(['successor_placement_id']).execute();
    await db.schema.createIndex('ledger_placements_agency').on('ledger_placements').columns(['agency_org_id']).execute();

    await db.schema
      .createTable('installments')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('placement_id', 'text', (c) => c.notNull().references('placements.id'))
      .addColumn('sequence', 'integer', (c) => c.notNull())
      .addColumn('trigger', 'text', (c) => c.notNull())
      .addColumn('trigger_date', 'text', (c) => c.notNull())
      .addColumn('due_date', 'text', (c) => c.notNull())
      .addColumn('currency', 'text', (c) => c.notNull())
      .addColumn('amount', 'bigint', (c) => c.notNull())
      .addColumn('paid', 'bigint', (c) => c.notNull().defaultTo(0))
      .addColumn('voided', 'bigint', (c) => c.notNull().defaultTo(0))
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('issued_on', 'text')
      .addColumn('overdue_notified_on', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addUniqueConstraint('installments_placement_sequence', ['placement_id', 'sequence'])
      .execute();

    await db.schema
      .createTable('installment_payments')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('installment_id', 'text', (c) => c.notNull().references('installments.id'))
      .addColumn('placement_id', 'text', (c) => c.notNull().references('placements.id'))
      .addColumn('currency', 'text', (c) => c.notNull())
      .addColumn('amount', 'bigint', (c) => c.notNull().check(sql`amount > 0`))
      .addColumn('paid_on', 'text', (c) => c.notNull())
      .addColumn('reference', 'text', (c) => c.notNull())
      .addColumn('source', 'text', (c) => c.notNull())
      // The provider's own id of the payment: a replayed callback finds it and records nothing new.
      .addColumn('provider_event_id', 'text', (c) => c.unique())
      .addColumn('recorded_by', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('installment_payments_installment').on('installment_payments').columns(['installment_id']).execute();

    await db.schema
      .createTable('refund_settlements')
      .addColumn('claim_id', 'text', (c) => c.primaryKey())
      .addColumn('placement_id', 'text', (c) => c.notNull().references('placements.id'))
      .addColumn('decided_on', 'text', (c) => c.notNull())
      .addColumn('refund', 'bigint', (c) => c.notNull())
      .addColumn('final_fee', 'bigint', (c) => c.notNull())
      .addColumn('cash_refund', 'bigint', (c) => c.notNull())
      .addColumn('still_due', 'bigint', (c) => c.notNull())
      .addColumn('deliverer_shortfall', 'bigint', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('consultant_shares')
      .addColumn('agency_org_id', 'text', (c) => c.notNull().references('orgs.id'))
      .addColumn('consultant_id', 'text', (c) => c.notNull().references('users.id'))
      .addColumn('percent', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('consultant_shares_pk', ['agency_org_id', 'consultant_id'])
      .execute();
  },
};
