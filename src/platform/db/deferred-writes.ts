import type { Tx } from './database.ts';

/**
 * Append-only rows a transaction writes many of (audit events, inbox items) can wait in memory and be written
 * together, many rows per statement, just before the transaction commits: nothing reads them back before then.
 * Only a transaction that opted in defers (the scheduler's batches: hundreds of obligations, each appending events
 * and notifications); everywhere else each row is written at once. A part is one kind of deferred row with the
 * state it keeps beside them (the audit log's head); a savepoint rolled back takes its rows back out.
 */
export interface DeferredPart {
  /** Where the part stands now, to come back to if a savepoint is rolled back. */
  mark(): unknown;
  rollbackTo(mark: unknown): void;
  /** Writes what waits, in the transaction, before it commits. */
  flush(tx: Tx): Promise<void>;
  /**
   * Written before the other parts. The audit log's head is the lock every audited transaction takes first (it
   * records, then its listeners write): a batch that locked other rows before it could deadlock with such a one.
   */
  readonly flushFirst?: boolean;
}

export type DeferredWrites = {
  /** Taken before a savepoint: what the parts hold, and which parts exist. */
  mark(): DeferredMark;
  /** After the savepoint is rolled back: parts created since are dropped whole, the others rewound. */
  rollbackTo(mark: DeferredMark): void;
  flush(): Promise<void>;
};

export type DeferredMark = ReadonlyMap<string, unknown>;

const partsOf = new WeakMap<Tx, Map<string, DeferredPart>>();

/** Opts the transaction in; the caller must `flush()` before the transaction commits. */
export function deferWritesIn(tx: Tx): DeferredWrites {
  const parts = new Map<string, DeferredPart>();
  partsOf.set(tx, parts);
  return {
    mark: () => new Map([...parts].map(([key, part]) => [key, part.mark()])),
    rollbackTo(mark) {
      for (const [key, part] of [...parts]) {
        if (mark.has(key)) part.rollbackTo(mark.get(key));
        else parts.delete(key);
      }
    },
    async flush() {
      // A part may be flushed once: what it wrote is no longer waiting.
      const ordered = [...parts].sort(([, a], [, b]) => Number(b.flushFirst === true) - Number(a.flushFirst === true));
      for (const [key, part] of ordered) {
        parts.delete(key);
        await part.flush(tx);
      }
    },
  };
}

/** The transaction's part under `key` (created on first use), or undefined when the transaction writes at once. */
export function deferredPart<P extends DeferredPart>(tx: Tx, key: string, create: () => P): P | undefined {
  const parts = partsOf.get(tx);
  if (!parts) return undefined;
  let part = parts.get(key) as P | undefined;
  if (!part) {
    part = create();
    parts.set(key, part);
  }
  return part;
}

/**
 * Deferred rows of one table with nothing beside them. Rows may be written before the end (`flushDeferred`, when the
 * transaction is about to read the table): a savepoint rolled back after that takes the written rows back out of the
 * database too, so they count as waiting again.
 */
export class DeferredRows<T> implements DeferredPart {
  private readonly rows: T[] = [];
  private written = 0;
  constructor(private readonly insert: (tx: Tx, rows: T[]) => Promise<void>) {}
  push(row: T): void {
    this.rows.push(row);
  }
  mark(): unknown {
    return [this.rows.length, this.written];
  }
  rollbackTo(mark: unknown): void {
    const [rows, written] = mark as [number, number];
    this.rows.length = rows;
    this.written = written;
  }
  async flush(tx: Tx): Promise<void> {
    for (const chunk of chunksOf(this.rows.slice(this.written))) await this.insert(tx, chunk);
    this.written = this.rows.length;
  }
}

/** Writes what waits of one part now (its table is about to be read in the transaction); it goes on deferring. */
export async function flushDeferred(tx: Tx, key: string): Promise<void> {
  await partsOf.get(tx)?.get(key)?.flush(tx);
}

/**
 * Rows a hundred at a time: few parameters per statement (PostgreSQL's limit is 65,535, SQLite's 32,766) and few
 * distinct statement texts, so the prepared statements are reused.
 */
export function chunksOf<T>(rows: readonly T[], size = 100): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}
