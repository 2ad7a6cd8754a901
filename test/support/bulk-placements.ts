import { randomUUID } from 'node:crypto';
import { createInstallmentsOnActivation } from '../../src/ledger/service.ts';
import { placementById } from '../../src/placements/service.ts';
import { obligationScheduleFor } from '../../src/placements/obligation-schedule.rules.ts';
import { inTransaction, type Db } from '../../src/platform/db/database.ts';
import type { PlacementsTable } from '../../src/platform/db/schema.ts';
import type { Terms } from '../../src/plans/terms.schema.ts';

/**
 * Many accepted Full-lifecycle placements, fast (as bench/lifecycle.bench.ts seeds them): each a copy of a demo
 * placement with a submission of its own, its obligations scheduled from its terms as acceptance schedules them,
 * and its installments created as activation does (the ledger's own use case). Returns the scheduled obligations
 * by kind, so a test can tell what must run.
 */
export async function seedActivePlacements(db: Db, n: number, startDate: string): Promise<Record<string, number>> {
  const template = await db.selectFrom('placements').selectAll().orderBy('id').executeTakeFirstOrThrow();
  const submission = await db.selectFrom('submissions').selectAll().where('id', '=', template.submission_id).executeTakeFirstOrThrow();
  const version = await db
    .selectFrom('plan_versions')
    .innerJoin('plans', 'plans.id', 'plan_versions.plan_id')
    .select(['plan_versions.id', 'plan_versions.terms', 'plan_versions.terms_hash'])
    .where('plans.key', '=', 'full_lifecycle')
    .executeTakeFirstOrThrow();
  const terms = JSON.parse(version.terms) as Terms;
  const now = new Date().toISOString();
  const scheduled: Record<string, number> = {};
  for (let i = 0; i < n; i += 250) {
    await inTransaction(db, async (tx) => {
      for (let j = i; j < Math.min(n, i + 250); j++) {
        const sid = randomUUID();
        await tx.insertInto('submissions').values({ ...submission, id: sid, phone_key: null, email_key: null }).execute();
        const row: PlacementsTable = { ...template, id: randomUUID(), submission_id: sid, start_date: startDate, status: 'active', terms: version.terms, terms_hash: version.terms_hash, plan_version_id: version.id };
        await tx.insertInto('placements').values(row).execute();
        const planned = obligationScheduleFor(terms, startDate as never, 6_000_000n, template.time_zone);
        for (const o of planned) scheduled[o.kind] = (scheduled[o.kind] ?? 0) + 1;
        const values = planned.map((o) => ({
          id: randomUUID(), kind: o.kind, subject_type: 'placement', subject_id: row.id, org_id: row.poster_org_id, due_at: o.dueAt, status: 'pending' as const, attempts: 0, last_error: null,
          payload: JSON.stringify({ ...o.payload, date: o.date }), created_at: now, updated_at: now, completed_at: null,
        }));
        if (values.length > 0) await tx.insertInto('obligations').values(values).execute();
        await createInstallmentsOnActivation(tx, new Date(now), (await placementById(tx, row.id))!);
      }
    });
  }
  // The copies are the template consultant's submissions too: the marketplace's count of past work says so.
  await db
    .updateTable('consultant_order_submissions')
    .set((eb) => ({ submissions: eb('submissions', '+', n) }))
    .where('consultant_id', '=', submission.consultant_id)
    .where('order_id', '=', submission.order_id)
    .execute();
  return scheduled;
}
