import { DAY_MS, type ManualClock } from '../clock.ts';
import type { Db, Dialect } from '../db/database.ts';
import { runDueObligations, type ObligationHandlers, type TickOptions } from './scheduler.ts';

export type TimeTravel = { db: Db; dialect: Dialect; clock: ManualClock; handlers: ObligationHandlers };

/**
 * Moves demo time forward by whole days, one day at a time, running what falls due after each: a jump of 120 days
 * does what 120 advances of one day do. Handlers act as of the time they run, so running a season's obligations
 * at its end would see every installment of it overdue at once, and a scheduled step of the demo's story would
 * meet a world already months ahead of it.
 */
export async function advanceDays(
  t: TimeTravel,
  days: number,
  by: { actorUserId: string | null; orgId: string | null },
  opts: Pick<TickOptions, 'onOutcome'> = {},
): Promise<{ now: Date; obligationsRun: number }> {
  let obligationsRun = 0;
  let now = t.clock.now();
  for (let day = 0; day < days; day++) {
    now = await t.clock.advance(DAY_MS, by);
    const tick = await runDueObligations({ db: t.db, dialect: t.dialect, now: () => t.clock.now(), handlers: t.handlers }, opts);
    obligationsRun += tick.done;
  }
  return { now, obligationsRun };
}
