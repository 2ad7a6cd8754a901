import type { Migration } from '../migrate.ts';

/**
 * Claim evidence: each evidence file uploaded for a placement by its poster, and the claim it is attached to (null
 * until one is). The file itself is a row of `files` (bytes, SHA-256); this says what it is evidence for, which
 * decides who may read it.
 *
 * A check-in's `closesOn` means one thing everywhere: the last day the form can be answered (DESIGN §4.5:
 * opensOn + windowDays − 1). The `checkin.open` obligations stored before said the day after it (opensOn +
 * windowDays); this rewrites their payloads. The day arithmetic is written out here, on purpose: a migration must
 * mean the same thing forever, whatever the live rules become.
 */

const DAY_MS = 86_400_000;

function lastDay(opensOn: string, windowDays: number): string | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(opensOn) || !Number.isInteger(windowDays)) return null;
  const ms = Date.parse(`${opensOn}T00:00:00Z`);
  if (Number.isNaN(ms)) return null;
  return new Date(ms + (Math.max(1, windowDays) - 1) * DAY_MS).toISOString().slice(0, 10);
}

/** Sorted keys at every level, as the obligations' payloads are stored (canonical JSON). */
function sortedJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(sortedJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${sortedJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export const claimEvidenceAndCheckinDays: Migration = {
  version: '0013-claim-evidence-and-checkin-days',
  async up(db) {
    await db.schema
      .createTable('evidence_files')
      .addColumn('file_id', 'text', (c) => c.primaryKey().references('files.id'))
      .addColumn('placement_id', 'text', (c) => c.notNull().references('placements.id'))
      .addColumn('org_id', 'text', (c) => c.notNull())
      .addColumn('uploaded_by', 'text', (c) => c.notNull())
      .addColumn('claim_id', 'text', (c) => c.references('claims.id'))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('evidence_files_placement').on('evidence_files').columns(['placement_id', 'created_at']).execute();
    await db.schema.createIndex('evidence_files_claim').on('evidence_files').columns(['claim_id', 'created_at']).execute();

    let after = '';
    for (;;) {
      const rows = (await db.selectFrom('obligations').select(['id', 'payload']).where('kind', '=', 'checkin.open').where('id', '>', after).orderBy('id').limit(1000).execute()) as { id: string; payload: string }[];
      if (rows.length === 0) break;
      for (const row of rows) {
        const payload = JSON.parse(row.payload) as Record<string, unknown>;
        const closesOn = typeof payload.opensOn === 'string' && typeof payload.windowDays === 'number' ? lastDay(payload.opensOn, payload.windowDays) : null;
        if (closesOn === null || payload.closesOn === closesOn) continue;
        await db.updateTable('obligations').set({ payload: sortedJson({ ...payload, closesOn }) }).where('id', '=', row.id).execute();
      }
      after = rows[rows.length - 1]!.id;
    }
  },
};
