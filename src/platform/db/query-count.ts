import { AsyncLocalStorage } from 'node:async_hooks';
import type { LogEvent } from 'kysely';

/** The queries one unit of work (an HTTP request) ran, and their time in the database driver. */
export type QueryTally = { count: number; ms: number };

const current = new AsyncLocalStorage<QueryTally>();

/**
 * Runs `work` with its own tally: every query it runs, awaited or not, counts there. Only used with
 * TENURE_QUERY_COUNT=1 (the load bench and N+1 hunting), so a normal server pays nothing.
 */
export function withQueryTally<T>(tally: QueryTally, work: () => T): T {
  return current.run(tally, work);
}

/** Kysely's log hook: counts each query run inside withQueryTally (errors too: they were sent). */
export function tallyQuery(event: LogEvent): void {
  const tally = current.getStore();
  if (!tally) return;
  tally.count++;
  tally.ms += event.queryDurationMillis;
}
