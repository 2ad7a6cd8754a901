import { appendAuditEvent } from './audit/audit-log.ts';
import { inTransaction, type Db } from './db/database.ts';
import { precompiledQuery } from './db/precompiled.ts';

/** The business clock: every rule gets `now` from here, never from `new Date()`. */
export interface Clock {
  readonly mode: 'system' | 'manual';
  now(): Date;
  /** Re-reads a shared manual time (another process may have advanced it); no-op for the system clock. */
  refresh(): Promise<void>;
}

export class SystemClock implements Clock {
  readonly mode = 'system' as const;
  now(): Date {
    return new Date();
  }
  async refresh(): Promise<void> {}
}

const CLOCK_KEY = 'clock.manual_now';
/** Read before every request and obligation batch: compiled once (precompiled.ts). */
const manualNow = precompiledQuery((db) => db.selectFrom('platform_state').select('value').where('key', '=', CLOCK_KEY));

/**
 * Demo and test time: stored in the database so the server, the worker and `npx tenure clock advance`
 * all see one platform date. It starts at 09:00 UTC of the real date (or `TENURE_CLOCK_START`) the first time it is read.
 */
export class ManualClock implements Clock {
  readonly mode = 'manual' as const;
  private current: Date;

  private constructor(
    private readonly db: Db,
    initial: Date,
  ) {
    this.current = initial;
  }

  static async open(db: Db, initial: Date = defaultStart()): Promise<ManualClock> {
    const clock = new ManualClock(db, initial);
    const row = await db.selectFrom('platform_state').select('value').where('key', '=', CLOCK_KEY).executeTakeFirst();
    if (row) clock.current = new Date(row.value);
    else await db.insertInto('platform_state').values({ key: CLOCK_KEY, value: initial.toISOString() }).execute();
    return clock;
  }

  now(): Date {
    return new Date(this.current.getTime());
  }

  async refresh(): Promise<void> {
    const [row] = await manualNow(this.db, {});
    if (row) this.current = new Date(row.value);
  }

  /**
   * Moves platform time forward (never back: obligations already run would disagree with the past),
   * recording who moved it in the audit log in the same transaction.
   */
  async advance(ms: number, by: { actorUserId: string | null; orgId: string | null } = { actorUserId: null, orgId: null }): Promise<Date> {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError('the clock only moves forward');
    const next = await inTransaction(this.db, async (tx) => {
      await tx.updateTable('platform_state').set((eb) => ({ value: eb.ref('value') })).where('key', '=', CLOCK_KEY).execute();
      const row = await tx.selectFrom('platform_state').select('value').where('key', '=', CLOCK_KEY).executeTakeFirstOrThrow();
      const from = new Date(row.value);
      const to = new Date(from.getTime() + ms);
      await tx.updateTable('platform_state').set({ value: to.toISOString() }).where('key', '=', CLOCK_KEY).execute();
      await appendAuditEvent(tx, to, { ...by, subjectType: 'platform', subjectId: 'clock', type: 'clock.advanced', payload: { from: from.toISOString(), to: to.toISOString() } });
      return to;
    });
    this.current = next;
    return this.now();
  }
}

function defaultStart(): Date {
  const today = new Date().toISOString().slice(0, 10);
  return new Date(`${today}T09:00:00.000Z`);
}

export const DAY_MS = 24 * 60 * 60 * 1000;

// One zoned-date computation (cached formatters) serves the clock's callers too.
export { calendarDateOf } from './zoned-time.ts';

export async function openClock(db: Db, mode: 'system' | 'manual', start?: string): Promise<Clock> {
  return mode === 'manual' ? ManualClock.open(db, start ? new Date(`${start}T09:00:00.000Z`) : defaultStart()) : new SystemClock();
}
