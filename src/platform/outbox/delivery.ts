import type { Db, Dialect } from '../db/database.ts';
import { isGivenUp, nextDeliveryAttemptAt } from './backoff.rules.ts';
import { claimDue, recordAttempt, type ClaimedMessage } from './outbox.ts';

/**
 * What a channel's sender says of one try: delivered; try again later (optionally not before a time the
 * receiver named); dead at once (an answer no retry will change, such as a refused signature); or held (the
 * channel is not configured: kept for ops, sent when resent).
 */
export type SendResult =
  | { outcome: 'delivered'; statusCode?: number | undefined }
  | { outcome: 'retry'; statusCode?: number | undefined; error: string; notBefore?: Date | undefined }
  | { outcome: 'dead'; statusCode?: number | undefined; error: string }
  | { outcome: 'held'; error: string };

export type OutboxSender = (msg: ClaimedMessage) => Promise<SendResult>;
/** Senders by channel; the composition root registers them. A channel without one stays pending, visible. */
export type OutboxSenders = Readonly<Record<string, OutboxSender>>;

export type DeliveryDeps = {
  db: Db;
  dialect: Dialect;
  /** The wall clock: deliveries and their retries are timed by real time. */
  now: () => Date;
  senders: OutboxSenders;
  maxAttempts: number;
};

export type DeliveryOptions = { batchSize?: number; maxBatches?: number; leaseMs?: number; shouldStop?: () => boolean };

export type DeliveryResult = { delivered: number; retried: number; dead: number; held: number };

/** Longer than any sender's own timeout, so a lease never expires under a send still running. */
export const DEFAULT_LEASE_MS = 120_000;

/** Claims what is due, sends it (a batch at a time, its messages concurrently) and marks each outcome. */
export async function deliverDue(deps: DeliveryDeps, opts: DeliveryOptions = {}): Promise<DeliveryResult> {
  const result: DeliveryResult = { delivered: 0, retried: 0, dead: 0, held: 0 };
  const channels = Object.keys(deps.senders);
  const stop = opts.shouldStop ?? (() => false);
  for (let b = 0; b < (opts.maxBatches ?? 50) && !stop(); b++) {
    const claimed = await claimDue(deps.db, deps.dialect, deps.now(), { limit: opts.batchSize ?? 20, leaseMs: opts.leaseMs ?? DEFAULT_LEASE_MS, channels });
    if (claimed.length === 0) break;
    const outcomes = await Promise.all(claimed.map((m) => deliverOne(deps, m)));
    for (const o of outcomes) {
      if (o === 'delivered') result.delivered++;
      else if (o === 'retry') result.retried++;
      else if (o === 'dead') result.dead++;
      else if (o === 'held') result.held++;
    }
  }
  return result;
}

async function deliverOne(deps: DeliveryDeps, msg: ClaimedMessage): Promise<SendResult['outcome'] | 'lost'> {
  const started = Date.now();
  let r: SendResult;
  try {
    const sender = deps.senders[msg.channel];
    r = sender ? await sender(msg) : { outcome: 'held', error: `no sender for ${msg.channel}` };
  } catch (err) {
    r = { outcome: 'retry', error: err instanceof Error ? err.message : String(err) };
  }
  const durationMs = Date.now() - started;
  const now = deps.now();
  const failed = msg.attempts + 1;
  // A retry past the last allowed try is a dead letter.
  const outcome = r.outcome === 'retry' && isGivenUp(failed, deps.maxAttempts) ? 'dead' : r.outcome;
  const statusCode = 'statusCode' in r && r.statusCode !== undefined ? r.statusCode : null;
  const error = r.outcome === 'delivered' ? null : r.error;
  const retryAt = outcome === 'retry' ? nextDeliveryAttemptAt(now, failed, r.outcome === 'retry' ? r.notBefore : undefined) : undefined;
  const kept = await recordAttempt(deps.db, msg, now, { outcome, statusCode, error, durationMs, ...(retryAt ? { retryAt } : {}) });
  return kept ? outcome : 'lost';
}

