import type { AppDeps } from '../deps.ts';
import { deliverDue, type DeliveryOptions, type DeliveryResult } from './delivery.ts';

/** The outbox delivered with a running Tenure's own senders, clock and limits (the worker, `npx tenure tick`). */
export function deliverOutbox(deps: Pick<AppDeps, 'db' | 'dialect' | 'wallClock' | 'outboxSenders' | 'config'>, opts: DeliveryOptions = {}): Promise<DeliveryResult> {
  return deliverDue({ db: deps.db, dialect: deps.dialect, now: () => deps.wallClock.now(), senders: deps.outboxSenders, maxAttempts: deps.config.outboxMaxAttempts }, opts);
}
