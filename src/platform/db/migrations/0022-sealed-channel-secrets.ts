import { isSealed, sealSecret } from '../../auth/secret-box.ts';
import type { Migration } from '../migrate.ts';

/**
 * Webhook endpoints' signing secrets (current and, during a rotation, previous) and group robots' secrets were
 * stored in clear; from here they are stored encrypted (auth/secret-box.ts). This seals every row written before,
 * a row at a time (an org has a handful), leaving a row already sealed as it is.
 */
export const sealedChannelSecrets: Migration = {
  version: '0022-sealed-channel-secrets',
  async up(db, _dialect, secrets) {
    const seal = (v: string | null): string | null => (v === null || isSealed(v) ? v : sealSecret(secrets.keyedHashSecret, v));
    const endpoints = (await db.selectFrom('webhook_endpoints').select(['id', 'secret', 'previous_secret']).execute()) as { id: string; secret: string; previous_secret: string | null }[];
    for (const e of endpoints) {
      if (isSealed(e.secret) && (e.previous_secret === null || isSealed(e.previous_secret))) continue;
      await db.updateTable('webhook_endpoints').set({ secret: seal(e.secret), previous_secret: seal(e.previous_secret) }).where('id', '=', e.id).execute();
    }
    const robots = (await db.selectFrom('robot_channels').select(['id', 'secret']).where('secret', 'is not', null).execute()) as { id: string; secret: string }[];
    for (const r of robots) {
      if (isSealed(r.secret)) continue;
      await db.updateTable('robot_channels').set({ secret: seal(r.secret) }).where('id', '=', r.id).execute();
    }
  },
};
