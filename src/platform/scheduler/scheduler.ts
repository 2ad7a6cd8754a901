import { sql } from 'kysely';
import { canonicalJson } from '../canonical-json.ts';
import { newId } from '../ids.ts';
import { inTransaction, isTransientConflict, type Db, type Dialect, type Tx } from '../db/database.ts';
import type { ObligationsTable } from '../db/schema.ts';
import { deferWritesIn, deferredPart, DeferredRows, flushDeferred } from '../db/deferred-writes.ts';
import { nextAttemptAt, MAX_ATTEMPTS } from './retry.rules.ts';

export type Obligation = {
  id: string;
  kind: string;
  subjectType: string;
  subjectId: string;
  orgId: string | null;
  dueAt: string;
  status: ObligationsTable['status'];
  attempts: number;
  lastError: string | null;
  payload: unknown;
};

export type ObligationRun = { tx: Tx; now: Date; obligation: Obligation };
export type ObligationHandler = (run: ObligationRun) => Promise<void>;
/** Handlers by obligation kind. A kind without a handler stays pending (visible, not failing) until one exists. */
export type ObligationHandlers = Readonly<Record<string, ObligationHandler>>;

export type NewObligation = { kind: string; subjectType: string; subjectId: string; orgId: string | null; dueAt: Date | string; payload?: unknown };

export async function scheduleObligation(tx: Tx, now: Date, o: NewObligation): Promise<string> {
  // Time-ordered ids: new obligations land at the end of the primary key's index, not at random pages of it.
  const id = newId();
  const at = now.toISOString();
  // due_at is compared as text with now.toISOString(): store it in exactly that form, whatever offset it came with.
  const dueAt = new Date(o.dueAt);
  if (Number.isNaN(dueAt.getTime())) throw new RangeError(`obligation ${o.kind}: due time ${String(o.dueAt)} is not an instant`);
  const row: ObligationsTable = {
    id,
    kind: o.kind,
    subject_type: o.subjectType,
    subject_id: o.subjectId,
    org_id: o.orgId,
    due_at: dueAt.toISOString(),
    status: 'pending',
    attempts: 0,
    last_error: null,
    payload: canonicalJson(o.payload ?? {}),
    created_at: at,
    updated_at: at,
    completed_at: null,
  };
  // In a batch, new obligations are written with the batch's other deferred rows; every read of the table below
  // writes them first (a reader of the obligations table outside this module must call findObligation).
  const deferred = deferredPart(tx, OBLIGATION_ROWS, () => new DeferredRows<ObligationsTable>((t, rows) => t.insertInto('obligations').values(rows).execute().then(() => {})));
  if (deferred) deferred.push(row);
  else await tx.insertInto('obligations').values(row).execute();
  return id;
}

const OBLIGATION_ROWS = 'obligations';

/** One obligation by id, as the transaction sees it (its own deferred obligations included). */
export async function findObligation(tx: Db, id: string): Promise<Obligation | undefined> {
  if (tx.isTransaction) await flushDeferred(tx as Tx, OBLIGATION_ROWS);
  const row = await tx.selectFrom('obligations').selectAll().where('id', '=', id).executeTakeFirst();
  return row && fromRow(row);
}

export async function obligationsOf(db: Db, subjectType: string, subjectId: string): Promise<Obligation[]> {
  if (db.isTransaction) await flushDeferred(db as Tx, OBLIGATION_ROWS);
  const rows = await db.selectFrom('obligations').selectAll().where('subject_type', '=', subjectType).where('subject_id', '=', subjectId).orderBy('due_at').execute();
  return rows.map(fromRow);
}

/** Cancels a subject's pending obligations of `kinds` (a placement that ended needs no more check-ins); returns how many. */
export async function cancelPendingObligations(tx: Tx, now: Date, subjectType: string, subjectId: string, kinds: readonly string[]): Promise<number> {
  if (kinds.length === 0) return 0;
  await flushDeferred(tx, OBLIGATION_ROWS);
  const res = await tx
    .updateTable('obligations')
    .set({ status: 'cancelled', updated_at: now.toISOString() })
    .where('subject_type', '=', subjectType)
    .where('subject_id', '=', subjectId)
    .where('status', '=', 'pending')
    .where('kind', 'in', [...kinds])
    .executeTakeFirst();
  return Number(res.numUpdatedRows);
}

export type TickResult = { done: number; failed: number; retried: number };

/**
 * Processes what is due now, in batches: each batch is ONE transaction in which every obligation's handler runs
 * inside its own savepoint, followed by its done mark. A handler that throws is rolled back to its savepoint (its
 * writes vanish, the others' stay) and its failure is recorded in the same transaction, to be retried with
 * backoff. A crash leaves the whole batch pending; a committed success can never run again. Should the batch's
 * transaction itself fail (a lost connection, a deadlock on PostgreSQL), nothing of it was kept, and the batch's
 * obligations are run again one per transaction. On PostgreSQL, `FOR UPDATE SKIP LOCKED` lets several workers
 * share the queue without waiting on each other.
 *
 * Why batches: one commit per obligation made the commit (the WAL write and its sync) most of an obligation's
 * cost (bench/lifecycle.bench.ts).
 */
export type TickOptions = {
  /** Obligations per transaction (default 200). */
  batchSize?: number;
  /**
   * A batch commits once it has run this long (default 250 ms), however many of its obligations remain: on SQLite
   * it holds the one write lock until it commits, and users' writes wait behind it. (The audit log's head it takes
   * only at its end, when it writes its events.)
   */
  batchTimeBudgetMs?: number;
  maxBatches?: number;
  /** Asked before each obligation: a shutting-down worker finishes the one it is running and takes no more. */
  shouldStop?: () => boolean;
  /** Told each outcome (metrics), once its transaction has committed. */
  onOutcome?: (kind: string, outcome: 'done' | 'retry' | 'failed') => void;
};

type SchedulerDeps = { db: Db; dialect: Dialect; now: () => Date; handlers: ObligationHandlers };
type Outcome = 'done' | 'retry' | 'failed' | 'taken';

export const DEFAULT_BATCH_SIZE = 200;
const DEFAULT_BATCH_TIME_BUDGET_MS = 250;

export async function runDueObligations(deps: SchedulerDeps, opts: TickOptions = {}): Promise<TickResult> {
  const kinds = Object.keys(deps.handlers);
  const result: TickResult = { done: 0, failed: 0, retried: 0 };
  if (kinds.length === 0) return result;
  const batchSize = opts.batchSize ?? DEFAULT_BATCH_SIZE;
  const skipped = new Set<string>();
  const stop = opts.shouldStop ?? (() => false);
  for (let b = 0; b < (opts.maxBatches ?? Number.POSITIVE_INFINITY) && !stop(); b++) {
    const now = deps.now();
    const q = deps.db
      .selectFrom('obligations')
      .select('id')
      .where('status', '=', 'pending')
      .where('due_at', '<=', now.toISOString())
      .where('kind', 'in', kinds)
      .orderBy('due_at')
      .limit(batchSize + skipped.size);
    const ids = (await q.execute()).map((r) => r.id).filter((id) => !skipped.has(id)).slice(0, batchSize);
    if (ids.length === 0) break;
    let outcomes: [string, Outcome, string | null][];
    try {
      outcomes = await runBatch(deps, ids, stop, opts.batchTimeBudgetMs ?? DEFAULT_BATCH_TIME_BUDGET_MS);
    } catch {
      // The batch's transaction failed as a whole: none of it was kept. Run them again, one transaction each.
      outcomes = [];
      for (const id of ids) {
        if (stop()) break;
        outcomes.push(await runOne(deps, id));
      }
    }
    let progressed = false;
    for (const [id, outcome, kind] of outcomes) {
      if (kind && outcome !== 'taken') opts.onOutcome?.(kind, outcome);
      if (outcome === 'done') result.done++;
      else if (outcome === 'retry') { result.retried++; skipped.add(id); }
      else if (outcome === 'failed') result.failed++;
      else skipped.add(id);
      progressed = true;
    }
    if (!progressed) break; // asked to stop before the first one
  }
  return result;
}

/** One batch in one transaction; each obligation in its own savepoint. Returns each one's outcome and kind. */
async function runBatch(deps: SchedulerDeps, ids: string[], stop: () => boolean, budgetMs: number): Promise<[string, Outcome, string | null][]> {
  return inTransaction(deps.db, async (tx) => {
    const started = performance.now();
    // SQLite: write first, so the transaction holds the write lock (waiting for another process's worker or CLI
    // tick) before it reads. A transaction that reads first cannot write once another connection has committed
    // (SQLITE_BUSY_SNAPSHOT): the handlers would run for nothing and the obligations be retried as if they had failed.
    // An UPDATE that matches no row still begins the write transaction, without rewriting anything.
    if (deps.dialect === 'sqlite') await tx.updateTable('obligations').set((eb) => ({ updated_at: eb.ref('updated_at') })).where('id', '=', '').execute();
    // By id only, the status checked here: with a status condition SQLite may walk the (status, due_at) index.
    let q = tx.selectFrom('obligations').selectAll().where('id', 'in', ids);
    if (deps.dialect === 'postgres') q = q.forUpdate().skipLocked();
    // Still pending and still due: another worker may have run one since the ids were read, or failed it and put
    // it off until its retry time.
    const dueBy = deps.now().toISOString();
    const rows = new Map((await q.execute()).filter((r) => r.status === 'pending' && r.due_at <= dueBy).map((r) => [r.id, r]));
    const out: [string, Outcome, string | null][] = [];
    const done: string[] = [];
    // The batch's audit events and inbox items are written together at its end, many rows per statement.
    const deferred = deferWritesIn(tx);
    for (const id of ids) {
      // The ones left are neither done nor skipped: the next batch reads them again.
      if (stop() || (out.length > 0 && performance.now() - started > budgetMs)) break;
      const row = rows.get(id);
      const handler = row && deps.handlers[row.kind];
      if (!row || !handler) {
        out.push([id, 'taken', null]);
        continue;
      }
      const o = fromRow(row);
      const now = deps.now();
      const mark = deferred.mark();
      await sql`savepoint obligation`.execute(tx);
      try {
        await handler({ tx, now, obligation: o });
        await sql`release savepoint obligation`.execute(tx);
        done.push(id);
        out.push([id, 'done', o.kind]);
      } catch (err) {
        await sql`rollback to savepoint obligation`.execute(tx);
        await sql`release savepoint obligation`.execute(tx);
        deferred.rollbackTo(mark);
        out.push([id, await recordFailure(tx, now, o, err), o.kind]);
      }
    }
    await deferred.flush();
    if (done.length > 0) {
      const at = deps.now().toISOString();
      await tx
        .updateTable('obligations')
        .set((eb) => ({ status: 'done', attempts: eb('attempts', '+', 1), last_error: null, updated_at: at, completed_at: at }))
        .where('id', 'in', done)
        .execute();
    }
    return out;
  });
}

/** One obligation in its own transaction (when a batch's transaction failed as a whole). */
async function runOne(deps: SchedulerDeps, id: string): Promise<[string, Outcome, string | null]> {
  let claimed: Obligation | null = null;
  try {
    const outcome = await inTransaction(deps.db, async (tx) => {
      if (deps.dialect === 'sqlite') await tx.updateTable('obligations').set((eb) => ({ updated_at: eb.ref('updated_at') })).where('id', '=', id).where('status', '=', 'pending').execute();
      let q = tx.selectFrom('obligations').selectAll().where('id', '=', id).where('status', '=', 'pending');
      if (deps.dialect === 'postgres') q = q.forUpdate().skipLocked();
      const row = await q.executeTakeFirst();
      if (!row || row.due_at > deps.now().toISOString()) return 'taken' as const;
      claimed = fromRow(row);
      const handler = deps.handlers[claimed.kind];
      if (!handler) return 'taken' as const;
      const now = deps.now();
      await handler({ tx, now, obligation: claimed });
      await tx
        .updateTable('obligations')
        .set({ status: 'done', attempts: claimed.attempts + 1, last_error: null, updated_at: now.toISOString(), completed_at: now.toISOString() })
        .where('id', '=', id)
        .execute();
      return 'done' as const;
    });
    // Assigned inside the transaction's callback, which TypeScript's narrowing does not follow.
    return [id, outcome, (claimed as Obligation | null)?.kind ?? null];
  } catch (err) {
    const ran = claimed as Obligation | null;
    if (!ran) throw err;
    const outcome = await inTransaction(deps.db, (tx) => recordFailure(tx, deps.now(), ran, err));
    return [id, outcome, ran.kind];
  }
}

async function recordFailure(tx: Tx, now: Date, o: Obligation, err: unknown): Promise<'retry' | 'failed'> {
  const attempts = o.attempts + 1;
  const message = err instanceof Error ? err.message : String(err);
  // Lost a lock conflict to another transaction (PostgreSQL ended it): not the obligation's failure. It stays
  // due, its attempts untouched, and the next tick runs it again.
  if (isTransientConflict(err)) return 'retry';
  const giveUp = attempts >= MAX_ATTEMPTS;
  await tx
    .updateTable('obligations')
    .set({
      status: giveUp ? 'failed' : 'pending',
      attempts,
      last_error: message.slice(0, 2000),
      due_at: giveUp ? o.dueAt : nextAttemptAt(now, attempts).toISOString(),
      updated_at: now.toISOString(),
    })
    .where('id', '=', o.id)
    .where('status', '=', 'pending')
    .execute();
  return giveUp ? 'failed' : 'retry';
}

function fromRow(row: ObligationsTable): Obligation {
  return {
    id: row.id,
    kind: row.kind,
    subjectType: row.subject_type,
    subjectId: row.subject_id,
    orgId: row.org_id,
    dueAt: row.due_at,
    status: row.status,
    attempts: Number(row.attempts),
    lastError: row.last_error,
    payload: JSON.parse(row.payload) as unknown,
  };
}
