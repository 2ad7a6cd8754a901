import type { Migration } from '../migrate.ts';

/**
 * Statements read an account's transfers in order, a page at a time, and the balance up to any point: the
 * account indexes carry the amount too, so a page and every balance sum are read from the index alone. They
 * replace the narrower ones of 0006 (one index per side, so posting a transfer still updates two).
 */
export const statementIndexes: Migration = {
  version: '0012-statement-indexes',
  async up(db) {
    await db.schema.createIndex('ledger_transfers_credit_amount').on('ledger_transfers').columns(['credit_account_id', 'business_date', 'posted_order', 'amount']).execute();
    await db.schema.createIndex('ledger_transfers_debit_amount').on('ledger_transfers').columns(['debit_account_id', 'business_date', 'posted_order', 'amount']).execute();
    await db.schema.dropIndex('ledger_transfers_credit').execute();
    await db.schema.dropIndex('ledger_transfers_debit').execute();
  },
};
