import { AsyncLocalStorage } from 'node:async_hooks';
import type { LogEvent, Transaction } from 'kysely';
import type { Database } from './schema.ts';

/**
 * What the database layer knows of the HTTP request running a query or a transaction, whichever use case it calls
 * (one AsyncLocalStorage scope per request, entered in the request's first hook):
 *
 * - a commit mark: a write every transaction the request commits carries with it. An Idempotency-Key is marked
 *   "took effect" this way, so a process killed after the commit but before the answer was stored can never be
 *   mistaken for one that changed nothing (and run twice). Read by `inTransaction`.
 * - a query tally (TENURE_QUERY_COUNT=1 only: the load bench and N+1 hunting): every query the request runs,
 *   awaited or not, and their time in the driver.
 */
export type CommitMark = (tx: Transaction<Database>) => Promise<void>;
export type QueryTally = { count: number; ms: number };

type Scope = { mark: CommitMark | null; tally: QueryTally | null };

const current = new AsyncLocalStorage<Scope>();

/** Runs `work` (and everything it starts) in a request's scope; `tally` counts its queries when given. */
export function withRequestScope<T>(tally: QueryTally | null, work: () => T): T {
  return current.run({ mark: null, tally }, work);
}

/** The mark every transaction committed from here on in this scope writes; no effect outside a scope. */
export function setCommitMark(mark: CommitMark | null): void {
  const scope = current.getStore();
  if (scope) scope.mark = mark;
}

export function currentCommitMark(): CommitMark | null {
  return current.getStore()?.mark ?? null;
}

/** Kysely's log hook: counts each query run inside a counting scope (errors too: they were sent). */
export function tallyQuery(event: LogEvent): void {
  const tally = current.getStore()?.tally;
  if (!tally) return;
  tally.count++;
  tally.ms += event.queryDurationMillis;
}
