import type { Migration } from '../migrate.ts';

/**
 * When the request holding an Idempotency-Key committed a change: written in the change's own transaction, so after a
 * crash between the commit and the stored answer a retry is told the first request took effect instead of running
 * it again, and a key whose request committed nothing is free again once its lease ran out.
 */
export const idempotencyEffects: Migration = {
  version: '0024-idempotency-effects',
  async up(db) {
    await db.schema.alterTable('idempotency_keys').addColumn('effect_committed_at', 'text').execute();
  },
};
