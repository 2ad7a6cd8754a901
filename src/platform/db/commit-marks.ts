import { AsyncLocalStorage } from 'node:async_hooks';
import type { Transaction } from 'kysely';
import type { Database } from './schema.ts';

/**
 * A write that must commit with whatever a piece of work changes, whichever use case it calls: an HTTP request
 * with an Idempotency-Key marks its key "took effect" inside each transaction the request commits, so a process
 * killed after the commit but before the answer was stored can never be mistaken for one that changed nothing
 * (and run twice). Set per request; read by `inTransaction`.
 */
export type CommitMark = (tx: Transaction<Database>) => Promise<void>;

type Holder = { mark: CommitMark | null };

const current = new AsyncLocalStorage<Holder>();

/** Runs `work` (and everything it starts) with a place for a mark, set later by `setCommitMark`. */
export function withCommitMarkScope<T>(work: () => T): T {
  return current.run({ mark: null }, work);
}

/** The mark every transaction committed from here on in this scope writes; no effect outside a scope. */
export function setCommitMark(mark: CommitMark | null): void {
  const holder = current.getStore();
  if (holder) holder.mark = mark;
}

export function currentCommitMark(): CommitMark | null {
  return current.getStore()?.mark ?? null;
}
