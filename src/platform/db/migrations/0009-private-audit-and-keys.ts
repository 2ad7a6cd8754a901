import { keyedHash } from '../../auth/keyed-hash.ts';
import { canonicalJson } from '../../canonical-json.ts';
import type { Migration } from '../migrate.ts';

/**
 * Personal data out of what other parties read:
 * - candidates' ownership keys (normalized phone / e-mail, stored in clear) become HMAC-SHA256 keys under the
 *   server secret: the key of a value is now keyedHash(secret, normalized value), so re-keying the stored
 *   normalized values gives exactly the keys new submissions get;
 * - audit events say whose work they are (`work_of_user_id`), so a consultant reads its own work and not its
 *   colleagues'; older events have none and are read by their actor and the org's admins only;
 * - inbox items no longer carry candidate names (an org-wide item reaches people of another agency), and
 *   name their subject `job_order` like the audit log does (kinds `order.*` become `job_order.*`).
 */
export const privateAuditAndKeys: Migration = {
  version: '0009-private-audit-and-keys',
  async up(db, _dialect, secrets) {
    await db.schema.alterTable('audit_events').addColumn('work_of_user_id', 'text').execute();
    await db.schema.createIndex('audit_events_work_of').on('audit_events').columns(['work_of_user_id', 'seq']).execute();

    const submissions = (await db.selectFrom('submissions').select(['id', 'phone_key', 'email_key']).execute()) as Array<{ id: string; phone_key: string | null; email_key: string | null }>;
    for (const s of submissions) {
      await db
        .updateTable('submissions')
        .set({
          phone_key: s.phone_key === null ? null : keyedHash(secrets.keyedHashSecret, s.phone_key),
          email_key: s.email_key === null ? null : keyedHash(secrets.keyedHashSecret, s.email_key),
        })
        .where('id', '=', s.id)
        .execute();
    }

    const notifications = (await db.selectFrom('notifications').select(['id', 'kind', 'subject_type', 'params']).execute()) as Array<{ id: string; kind: string; subject_type: string; params: string }>;
    for (const n of notifications) {
      const params = JSON.parse(n.params) as Record<string, unknown>;
      const hadName = 'candidateName' in params;
      delete params.candidateName;
      const kind = n.kind.startsWith('order.') ? `job_order.${n.kind.slice('order.'.length)}` : n.kind;
      const subjectType = n.subject_type === 'order' ? 'job_order' : n.subject_type;
      if (!hadName && kind === n.kind && subjectType === n.subject_type) continue;
      await db.updateTable('notifications').set({ kind, subject_type: subjectType, params: canonicalJson(params) }).where('id', '=', n.id).execute();
    }
  },
};

