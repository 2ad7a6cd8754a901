import { publishCheckpoint } from '../audit/audit-checkpoints.ts';
import type { AppDeps } from '../deps.ts';
import { runDueObligations } from './scheduler.ts';
import { deliverOutbox } from '../outbox/deliver-outbox.ts';

const CHECKPOINT_EVERY_MS = 10_000;

/**
 * The worker inside the server: every interval it re-reads platform time, runs what fell due, delivers the
 * outbox and,
 * now and then, signs a checkpoint of the audit log if it grew.
 */
export function startWorker(deps: AppDeps, log: (msg: string, err?: unknown) => void): { stop(): Promise<void> } {
  // stop() lets the obligation being run finish (its transaction commits with its done mark) and starts no other.
  let running: Promise<void> | null = null;
  let stopped = false;
  let lastCheckpoint = 0;
  const beat = async () => {
    await deps.clock.refresh();
    const tick = await runDueObligations(
      { db: deps.db, dialect: deps.dialect, now: () => deps.clock.now(), handlers: deps.obligationHandlers },
      { shouldStop: () => stopped, onOutcome: (kind, outcome) => deps.metrics.obligationsProcessed.inc({ kind, outcome }) },
    );
    if (tick.done + tick.failed + tick.retried > 0) log(`obligations: ${tick.done} done, ${tick.retried} to retry, ${tick.failed} failed`);
    // Then what those obligations (and users' requests since the last beat) put in the outbox.
    const sent = await deliverOutbox(deps, { shouldStop: () => stopped });
    if (sent.delivered + sent.retried + sent.dead + sent.held > 0) log(`outbox: ${sent.delivered} delivered, ${sent.retried} to retry, ${sent.dead} dead, ${sent.held} held`);
    const wall = deps.wallClock.now().getTime();
    if (!stopped && wall - lastCheckpoint >= CHECKPOINT_EVERY_MS) {
      lastCheckpoint = wall;
      await publishCheckpoint(deps.db, deps.signingKey, deps.wallClock.now());
    }
  };
  const timer = setInterval(() => {
    if (running || stopped) return;
    running = beat()
      .catch((err: unknown) => log('worker beat failed', err))
      .finally(() => {
        running = null;
      });
  }, deps.config.workerIntervalMs);
  timer.unref();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      if (running) await running;
    },
  };
}
