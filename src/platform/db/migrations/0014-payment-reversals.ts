import type { Migration } from '../migrate.ts';

/**
 * A payment recorded wrongly can be reversed by an arbitrator's decision (a `payment` dispute, DESIGN §4.8). The
 * payment row stays (what was recorded, and when, is history); it is marked reversed, with the dispute that
 * reversed it and the day, and from then on it no longer counts as paid. The money moves back by new transfers.
 */
export const paymentReversals: Migration = {
  version: '0014-payment-reversals',
  async up(db) {
    await db.schema.alterTable('installment_payments').addColumn('reversed_by_dispute_id', 'text').execute();
    await db.schema.alterTable('installment_payments').addColumn('reversed_on', 'text').execute();
  },
};
