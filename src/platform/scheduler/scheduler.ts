import { randomUUID } from 'node:crypto';
import { canonicalJson } from '../canonical-json.ts';
import { inTransaction, type Db, type Dialect, type Tx } from '../db/database.ts';
import type { ObligationsTable } from '../db/schema.ts';
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
  const id = randomUUID();
  const at = now.toISOString();
  // due_at is compared as text with now.toISOString(): store it in exactly that form, whatever offset it came with.
  const dueAt = new Date(o.dueAt);
  if (Number.isNaN(dueAt.getTime())) throw new RangeError(`obligation ${o.kind}: due time ${String(o.dueAt)} is not an instant`);
  await tx
    .insertInto('obligations')
    .values({
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
    })
    .execute();
  return id;
}

export async function obligationsOf(db: Db, subjectType: string, subjectId: string): Promise<Obligation[]> {
  const rows = await db.selectFrom('obligations').selectAll().where('subject_type', '=', subjectType).where('subject_id', '=', subjectId).orderBy('due_at').execute();
  return rows.map(fromRow);
}

/** Cancels a subject's pending obligations of `kinds` (a placement that ended needs no more check-ins); returns how many. */
export async function cancelPendingObligations(tx: Tx, now: Date, subjectType: string, subjectId: string, kinds: readonly string[]): Promise<number> {
  if (kinds.length === 0) return 0;
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
 * Processes what is due now, in batches. Each obligation runs in its own transaction together with
 * the mark that it is done, so a crash leaves it pending and a success can never run again. On
 * PostgreSQL, `FOR UPDATE SKIP LOCKED` lets several workers share the queue without waiting on each other.
 */
export type TickOptions = {
  batchSize?: number;
  maxBatches?: number;
  /** Asked before each obligation: a shutting-down worker finishes the one it is running and takes no more. */
  shouldStop?: () => boolean;
  /** Told each outcome (metrics). */
  onOutcome?: (kind: string, outcome: 'done' | 'retry' | 'failed') => void;
};

export async function runDueObligations(
  deps: { db: Db; dialect: Dialect; now: () => Date; handlers: ObligationHandlers },
  opts: TickOptions = {},
): Promise<TickResult> {
  const kinds = Object.keys(deps.handlers);
  const result: TickResult = { done: 0, failed: 0, retried: 0 };
  if (kinds.length === 0) return result;
  const batchSize = opts.batchSize ?? 100;
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
    const ids = (await q.execute()).map((r) => r.id).filter((id) => !skipped.has(id));
    if (ids.length === 0) break;
    for (const id of ids) {
      if (stop()) break;
      const outcome = await runOne(deps, id, opts.onOutcome);
      if (outcome === 'done') result.done++;
      else if (outcome === 'retry') { result.retried++; skipped.add(id); }
      else if (outcome === 'failed') result.failed++;
      else skipped.add(id);
    }
  }
  return result;
}

async function runOne(
  deps: { db: Db; dialect: Dialect; now: () => Date; handlers: ObligationHandlers },
  id: string,
  onOutcome: TickOptions['onOutcome'],
): Promise<'done' | 'retry' | 'failed' | 'taken'> {
  let claimed: Obligation | null = null;
  let outcome: 'done' | 'retry' | 'failed' | 'taken';
  try {
    outcome = await inTransaction(deps.db, async (tx) => {
      // SQLite: write first, so the transaction holds the write lock (waiting for another process's worker or CLI
      // tick) before it reads. A transaction that reads first cannot write once another connection has committed
      // (SQLITE_BUSY_SNAPSHOT): the handler would run for nothing and the obligation be retried as if it had failed.
      if (deps.dialect === 'sqlite') await tx.updateTable('obligations').set((eb) => ({ updated_at: eb.ref('updated_at') })).where('id', '=', id).where('status', '=', 'pending').execute();
      let q = tx.selectFrom('obligations').selectAll().where('id', '=', id).where('status', '=', 'pending');
      if (deps.dialect === 'postgres') q = q.forUpdate().skipLocked();
      const row = await q.executeTakeFirst();
      if (!row) return 'taken' as const;
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
  } catch (err) {
    if (!claimed) throw err;
    outcome = await recordFailure(deps, claimed, err);
  }
  // Assigned inside the transaction's callback, which TypeScript's narrowing does not follow.
  const ran = claimed as Obligation | null;
  if (ran && outcome !== 'taken') onOutcome?.(ran.kind, outcome);
  return outcome;
}

async function recordFailure(deps: { db: Db; now: () => Date }, o: Obligation, err: unknown): Promise<'retry' | 'failed'> {
  const now = deps.now();
  const attempts = o.attempts + 1;
  const message = err instanceof Error ? err.message : String(err);
  const giveUp = attempts >= MAX_ATTEMPTS;
  await deps.db
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
