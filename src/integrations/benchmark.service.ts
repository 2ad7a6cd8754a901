import { parse } from 'csv-parse/sync';
import { orderJobFacts } from '../marketplace/service.ts';
import { normalizeCity } from '../marketplace/job-catalog.ts';
import { visiblePlacement } from '../placements/service.ts';
import { isPlatformOps, type Actor } from '../platform/auth/actor.ts';
import { record, recordSystem } from '../platform/audit/record.ts';
import { sha256Hex } from '../platform/canonical-json.ts';
import { inTransaction, type Db } from '../platform/db/database.ts';
import type { AppDeps, Ctx } from '../platform/deps.ts';
import { DomainError, forbidden } from '../platform/errors.ts';
import { cursorCodec, IdKey, type Page, CreatedKey } from '../platform/http/pagination.ts';
import { newId } from '../platform/ids.ts';
import type { Currency } from '../platform/money.ts';
import { z } from 'zod';
import { benchmarkPosition, checkHeader, checkRecords, type CsvRecord, type Position, type RowError } from './benchmark.rules.ts';
import * as store from './store.ts';

/**
 * Salary benchmarks (DESIGN §4.7, §4.11; docs/integrations.md): ops import a table from CSV, every user reads it,
 * and an offer is placed against it ("offer at the 68th percentile for 上海 software engineering, senior").
 */

export type { Benchmark } from './store.ts';
export type ImportProgress = (step: string, done: number, total: number) => void;
export type ImportResult = { importId: string; rows: number; created: number; updated: number; fileSha256: string };

/** The most problems one answer lists (a file of 50,000 bad rows would otherwise answer megabytes). */
export const MAX_REPORTED_ERRORS = 500;

/** The rows of a CSV text, by line; a file that is not CSV at all is one error naming its line. */
export function readBenchmarkCsv(text: string): { rows: ReturnType<typeof checkRecords>['rows']; errors: RowError[] } {
  let parsed: { record: string[]; info: { lines: number } }[];
  try {
    parsed = parse(text, { info: true, relax_column_count: true, skip_empty_lines: true, bom: true }) as unknown as { record: string[]; info: { lines: number } }[];
  } catch (err) {
    const e = err as { lines?: number; message?: string };
    return { rows: [], errors: [{ line: e.lines ?? 1, column: '(file)', message: `not readable as CSV: ${(e.message ?? 'parse error').slice(0, 200)}` }] };
  }
  const [head, ...body] = parsed;
  if (!head) return { rows: [], errors: [{ line: 1, column: '(file)', message: 'the file is empty; the first line names the columns' }] };
  const header = checkHeader(head.record);
  if (!header.ok) return { rows: [], errors: header.errors };
  const names = head.record.map((h) => h.trim());
  const records: CsvRecord[] = [];
  const errors: RowError[] = [];
  for (const r of body) {
    if (r.record.length !== names.length) {
      errors.push({ line: r.info.lines, column: '(row)', message: `has ${r.record.length} cells; the header has ${names.length}` });
      continue;
    }
    const cells: Record<string, string> = {};
    names.forEach((n, i) => (cells[n] = r.record[i] ?? ''));
    records.push({ line: r.info.lines, cells });
  }
  const checked = checkRecords(records, header.amounts);
  return { rows: checked.rows, errors: [...errors, ...checked.errors].sort((a, b) => a.line - b.line) };
}

/**
 * Imports a benchmark file: every row checked first; a file with any bad row imports nothing (400 listing each
 * problem with its line and column). A good file is written in one transaction with its audit event: rows with
 * the key of an existing benchmark replace it, the others are added. `actor` null: the CLI (the system).
 */
export async function importBenchmarks(deps: AppDeps, actor: Actor | null, input: { fileName: string; csv: string }, progress: ImportProgress = () => {}): Promise<ImportResult> {
  if (actor !== null && !isPlatformOps(actor)) throw forbidden('only platform operations import salary benchmarks');
  progress('read', 0, 1);
  const { rows, errors } = readBenchmarkCsv(input.csv);
  if (errors.length > 0) {
    const first = errors[0]!;
    throw new DomainError('invalid_input', `csv: ${errors.length} problem(s), nothing was imported; line ${first.line}, ${first.column}: ${first.message}`, {
      field: 'csv',
      errors: errors.slice(0, MAX_REPORTED_ERRORS),
      total: errors.length,
    });
  }
  const fileSha256 = sha256Hex(input.csv);
  const importId = newId();
  const now = deps.clock.now();
  return inTransaction(deps.db, async (tx) => {
    const before = await store.countBenchmarks(tx);
    await store.insertImport(tx, { id: importId, imported_at: now.toISOString(), imported_by: actor?.userId ?? 'cli', file_name: input.fileName, file_sha256: fileSha256, rows: rows.length });
    await store.upsertBenchmarks(tx, rows, importId, (done) => progress('write', done, rows.length));
    const created = (await store.countBenchmarks(tx)) - before;
    const result = { importId, rows: rows.length, created, updated: rows.length - created, fileSha256 };
    const event = { type: 'benchmarks.imported', subjectType: 'platform', subjectId: 'salary_benchmarks', orgId: actor?.orgId ?? null, payload: result } as const;
    if (actor) await record(tx, { deps, actor }, event);
    else await recordSystem(tx, now, event);
    return result;
  });
}

const KeyCursor = cursorCodec(z.strictObject({ k: z.tuple([z.string().max(200), IdKey, IdKey, z.string().max(8)]) }));
const ImportCursor = cursorCodec(CreatedKey);

export async function listBenchmarks(ctx: Ctx, q: store.BenchmarkFilter & { cursor?: string | undefined; limit: number }): Promise<Page<store.Benchmark>> {
  const after = q.cursor ? KeyCursor.decode(q.cursor).k : null;
  const filter = { ...q, city: q.city === undefined ? undefined : normalizeCity(q.city) };
  const rows = await store.listBenchmarks(ctx.deps.db, filter, after, q.limit + 1);
  const items = rows.slice(0, q.limit);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > q.limit && last ? KeyCursor.encode({ k: [last.city, last.function, last.level, last.currency] }) : null };
}

export async function listImports(ctx: Ctx, q: { cursor?: string | undefined; limit: number }): Promise<Page<store.BenchmarkImport>> {
  if (!isPlatformOps(ctx.actor)) throw forbidden('only platform operations see benchmark imports');
  const after = q.cursor ? ImportCursor.decode(q.cursor) : null;
  const rows = await store.listImports(ctx.deps.db, after, q.limit + 1);
  const items = rows.slice(0, q.limit);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > q.limit && last ? ImportCursor.encode({ c: last.importedAt, i: last.id }) : null };
}

export type SalaryPosition = { benchmark: store.Benchmark | null; position: Position | null };

/** Where a salary sits in the market of its city, function and level (no benchmark: both null). */
export async function salaryPosition(db: Db, job: { city: string; function: string; level: string }, currency: Currency, salary: bigint): Promise<SalaryPosition> {
  const benchmark = await store.findBenchmark(db, { city: normalizeCity(job.city), function: job.function, level: job.level, currency });
  return { benchmark: benchmark ?? null, position: benchmark ? benchmarkPosition(salary, benchmark) : null };
}

/** The order form's question: where would this salary sit? Any signed-in user (the benchmarks are the platform's). */
export function positionFor(ctx: Ctx, q: { city: string; function: string; level: string; currency: Currency; salary: bigint }): Promise<SalaryPosition> {
  return salaryPosition(ctx.deps.db, q, q.currency, q.salary);
}

/** A placement's offer against its market: both sides and ops (placements decides who is a side). */
export async function placementBenchmark(ctx: Ctx, placementId: string): Promise<SalaryPosition & { job: { city: string; function: string; level: string }; annualSalary: bigint; currency: Currency }> {
  const p = await visiblePlacement(ctx, placementId);
  const job = await orderJobFacts(ctx.deps.db, p.orderId);
  if (!job) throw new DomainError('not_found', 'the placement’s job order not found');
  return { ...(await salaryPosition(ctx.deps.db, job, p.currency, p.annualSalary)), job, annualSalary: p.annualSalary, currency: p.currency };
}

/** The market position of a placement's offer, unscoped (the risk model reads it as an input when a benchmark places it). */
export async function offerPositionOf(db: Db, placement: { orderId: string; currency: Currency; annualSalary: bigint }): Promise<Position | null> {
  const job = await orderJobFacts(db, placement.orderId);
  if (!job) return null;
  return (await salaryPosition(db, job, placement.currency, placement.annualSalary)).position;
}
