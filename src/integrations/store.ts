import { sql } from 'kysely';
import type { Db } from '../platform/db/database.ts';
import { toBigInt, toNumber, type BackgroundChecksTable, type SalaryBenchmarksTable } from '../platform/db/schema.ts';
import type { Currency } from '../platform/money.ts';
import type { BenchmarkRow, Points } from './benchmark.rules.ts';

/** Integration queries: salary benchmarks and their imports, background checks. */

// ---------------------------------------------------------------------------------------------- benchmarks

export type Benchmark = { city: string; function: string; level: string; currency: Currency; importId: string } & Points;
export type BenchmarkKey = { city: string; function: string; level: string; currency: string };

const toBenchmark = (r: SalaryBenchmarksTable): Benchmark => ({
  city: r.city,
  function: r.function,
  level: r.level,
  currency: r.currency as Currency,
  p25: toBigInt(r.p25),
  p50: toBigInt(r.p50),
  p75: toBigInt(r.p75),
  p90: toBigInt(r.p90),
  importId: r.import_id,
});

export async function countBenchmarks(db: Db): Promise<number> {
  const r = await db.selectFrom('salary_benchmarks').select((eb) => eb.fn.countAll<string | number>().as('n')).executeTakeFirstOrThrow();
  return toNumber(r.n);
}

/** Writes the rows, many per statement; a row with the same key is replaced. */
export async function upsertBenchmarks(db: Db, rows: readonly BenchmarkRow[], importId: string, onBatch: (done: number) => void): Promise<void> {
  const BATCH = 400;
  for (let i = 0; i < rows.length; i += BATCH) {
    const batch = rows.slice(i, i + BATCH).map((r) => ({
      city: r.city,
      function: r.function,
      level: r.level,
      currency: r.currency,
      p25: r.p25,
      p50: r.p50,
      p75: r.p75,
      p90: r.p90,
      import_id: importId,
    }));
    await db
      .insertInto('salary_benchmarks')
      .values(batch)
      .onConflict((oc) =>
        oc.columns(['city', 'function', 'level', 'currency']).doUpdateSet((eb) => ({
          p25: eb.ref('excluded.p25'),
          p50: eb.ref('excluded.p50'),
          p75: eb.ref('excluded.p75'),
          p90: eb.ref('excluded.p90'),
          import_id: eb.ref('excluded.import_id'),
        })),
      )
      .execute();
    onBatch(Math.min(rows.length, i + BATCH));
  }
}

export async function insertImport(db: Db, row: { id: string; imported_at: string; imported_by: string; file_name: string; file_sha256: string; rows: number }): Promise<void> {
  await db.insertInto('benchmark_imports').values(row).execute();
}

export type BenchmarkImport = { id: string; importedAt: string; importedBy: string; fileName: string; fileSha256: string; rows: number };

export async function listImports(db: Db, after: { c: string; i: string } | null, limit: number): Promise<BenchmarkImport[]> {
  let q = db.selectFrom('benchmark_imports').selectAll();
  if (after) q = q.where((eb) => eb.or([eb('imported_at', '<', after.c), eb.and([eb('imported_at', '=', after.c), eb('id', '<', after.i)])]));
  const rows = await q.orderBy('imported_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
  return rows.map((r) => ({ id: r.id, importedAt: r.imported_at, importedBy: r.imported_by, fileName: r.file_name, fileSha256: r.file_sha256, rows: toNumber(r.rows) }));
}

export type BenchmarkFilter = { city?: string | undefined; function?: string | undefined; level?: string | undefined; currency?: string | undefined };

/** A page of benchmarks in key order (city, function, level, currency), after the key `after`. */
export async function listBenchmarks(db: Db, filter: BenchmarkFilter, after: [string, string, string, string] | null, limit: number): Promise<Benchmark[]> {
  let q = db.selectFrom('salary_benchmarks').selectAll();
  if (filter.city !== undefined) q = q.where('city', '=', filter.city);
  if (filter.function !== undefined) q = q.where('function', '=', filter.function);
  if (filter.level !== undefined) q = q.where('level', '=', filter.level);
  if (filter.currency !== undefined) q = q.where('currency', '=', filter.currency);
  if (after) q = q.where(sql<boolean>`(city, function, level, currency) > (${after[0]}, ${after[1]}, ${after[2]}, ${after[3]})`);
  const rows = await q.orderBy('city').orderBy('function').orderBy('level').orderBy('currency').limit(limit).execute();
  return rows.map(toBenchmark);
}

export async function findBenchmark(db: Db, key: BenchmarkKey): Promise<Benchmark | undefined> {
  const r = await db
    .selectFrom('salary_benchmarks')
    .selectAll()
    .where('city', '=', key.city)
    .where('function', '=', key.function)
    .where('level', '=', key.level)
    .where('currency', '=', key.currency)
    .executeTakeFirst();
  return r && toBenchmark(r);
}

// ---------------------------------------------------------------------------------------------- background checks

export type CheckItem = { code: string; note?: string };
export type BackgroundCheck = {
  id: string;
  stage: BackgroundChecksTable['stage'];
  submissionId: string;
  placementId: string | null;
  posterOrgId: string;
  agencyOrgId: string;
  consultantId: string;
  provider: string;
  providerRef: string | null;
  status: BackgroundChecksTable['status'];
  outcome: BackgroundChecksTable['outcome'];
  items: CheckItem[];
  lastError: string | null;
  orderedAt: string;
  orderedBy: string;
  completedAt: string | null;
};

const toCheck = (r: BackgroundChecksTable): BackgroundCheck => ({
  id: r.id,
  stage: r.stage,
  submissionId: r.submission_id,
  placementId: r.placement_id,
  posterOrgId: r.poster_org_id,
  agencyOrgId: r.agency_org_id,
  consultantId: r.consultant_id,
  provider: r.provider,
  providerRef: r.provider_ref,
  status: r.status,
  outcome: r.outcome,
  items: r.items === null ? [] : (JSON.parse(r.items) as CheckItem[]),
  lastError: r.last_error,
  orderedAt: r.ordered_at,
  orderedBy: r.ordered_by,
  completedAt: r.completed_at,
});

export async function insertCheck(db: Db, row: BackgroundChecksTable): Promise<void> {
  await db.insertInto('background_checks').values(row).execute();
}

export async function checkById(db: Db, id: string): Promise<BackgroundCheck | undefined> {
  const r = await db.selectFrom('background_checks').selectAll().where('id', '=', id).executeTakeFirst();
  return r && toCheck(r);
}

/** Takes the check's row lock (PostgreSQL: FOR UPDATE; SQLite: a write) before reading it. */
export async function lockCheck(db: Db, dialect: 'sqlite' | 'postgres', id: string): Promise<BackgroundCheck | undefined> {
  if (dialect === 'sqlite') await db.updateTable('background_checks').set((eb) => ({ id: eb.ref('id') })).where('id', '=', id).execute();
  else await db.selectFrom('background_checks').select('id').where('id', '=', id).forUpdate().execute();
  return checkById(db, id);
}

export async function checksOfSubmission(db: Db, submissionId: string): Promise<BackgroundCheck[]> {
  const rows = await db.selectFrom('background_checks').selectAll().where('submission_id', '=', submissionId).orderBy('ordered_at').orderBy('id').execute();
  return rows.map(toCheck);
}

export async function checksOfPlacement(db: Db, placementId: string, submissionId: string): Promise<BackgroundCheck[]> {
  const rows = await db
    .selectFrom('background_checks')
    .selectAll()
    .where((eb) => eb.or([eb('placement_id', '=', placementId), eb.and([eb('submission_id', '=', submissionId), eb('stage', '=', 'offer')])]))
    .orderBy('ordered_at')
    .orderBy('id')
    .execute();
  return rows.map(toCheck);
}

/** Checks written but never accepted by their provider (sent again when the server starts listening). */
export async function unsentChecks(db: Db, provider: string, limit: number): Promise<BackgroundCheck[]> {
  const rows = await db.selectFrom('background_checks').selectAll().where('status', '=', 'requested').where('provider', '=', provider).orderBy('ordered_at').limit(limit).execute();
  return rows.map(toCheck);
}

export async function markSent(db: Db, id: string, providerRef: string): Promise<boolean> {
  const r = await db.updateTable('background_checks').set({ status: 'in_progress', provider_ref: providerRef, last_error: null }).where('id', '=', id).where('status', '=', 'requested').executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export async function markSendFailed(db: Db, id: string, error: string): Promise<void> {
  await db.updateTable('background_checks').set({ last_error: error.slice(0, 300) }).where('id', '=', id).where('status', '=', 'requested').execute();
}

export async function complete(db: Db, id: string, r: { outcome: NonNullable<BackgroundChecksTable['outcome']>; items: CheckItem[]; at: string; eventId: string; providerRef: string | null }): Promise<void> {
  await db
    .updateTable('background_checks')
    .set({ status: 'completed', outcome: r.outcome, items: JSON.stringify(r.items), completed_at: r.at, callback_event_id: r.eventId, provider_ref: r.providerRef, last_error: null })
    .where('id', '=', id)
    .execute();
}

export async function checkByCallbackEvent(db: Db, eventId: string): Promise<BackgroundCheck | undefined> {
  const r = await db.selectFrom('background_checks').selectAll().where('callback_event_id', '=', eventId).executeTakeFirst();
  return r && toCheck(r);
}
