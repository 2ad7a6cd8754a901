import type { Actor } from './auth/actor.ts';
import type { AuditSigningKey } from './audit/signing-key.ts';
import type { Clock } from './clock.ts';
import type { Config } from './config.ts';
import type { Db, Dialect } from './db/database.ts';
import type { Metrics } from './metrics.ts';
import type { ObligationHandlers } from './scheduler/scheduler.ts';
import type { OutboxSenders } from './outbox/delivery.ts';

/** What every use case may need; built once at start and shared by routes, worker and CLI. */
export type AppDeps = {
  db: Db;
  dialect: Dialect;
  config: Config;
  /** Business time: rules, obligations, dates. */
  clock: Clock;
  /** Wall time for security (session expiry, login throttling), so advancing demo time never logs people out. */
  wallClock: Clock;
  signingKey: AuditSigningKey;
  /** The HMAC secret of candidate keys (auth/keyed-hash.ts). */
  keyedHashSecret: string;
  obligationHandlers: ObligationHandlers;
  /** The outbox's senders by channel (e-mail, robots, webhooks), registered by the composition root. */
  outboxSenders: OutboxSenders;
  /** Prometheus metrics of this process (served at /metrics). */
  metrics: Metrics;
};

/** A use case's context: the shared machinery and who is acting. */
export type Ctx = { deps: AppDeps; actor: Actor };
