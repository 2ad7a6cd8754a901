import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * The Prometheus metrics of one running Tenure (served at /metrics). One registry per opened Tenure, not
 * prom-client's global one, so several instances in one process (the tests) never mix their numbers.
 * Counters count what this process did since it started; gauges read the database when scraped.
 */
export type Metrics = {
  registry: Registry;
  httpDuration: Histogram<'method' | 'route' | 'status_code'>;
  obligationsProcessed: Counter<'kind' | 'outcome'>;
  obligationsDue: Gauge;
  obligationsFailed: Gauge;
  auditTreeSize: Gauge;
};

/** CPU, memory, event-loop lag and handles of this process: a server's own registry only (not per test app). */
export function collectProcessMetrics(metrics: Metrics): void {
  collectDefaultMetrics({ register: metrics.registry });
}

export function createMetrics(): Metrics {
  const registry = new Registry();
  return {
    registry,
    httpDuration: new Histogram({
      name: 'tenure_http_request_duration_seconds',
      help: 'HTTP request duration by route template (unmatched paths as "unmatched"), method and status code',
      labelNames: ['method', 'route', 'status_code'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
    obligationsProcessed: new Counter({
      name: 'tenure_obligations_processed_total',
      help: 'Obligations this process ran, by kind and outcome (done; retry: failed, will be retried; failed: gave up)',
      labelNames: ['kind', 'outcome'],
      registers: [registry],
    }),
    obligationsDue: new Gauge({ name: 'tenure_obligations_due', help: 'Pending obligations whose due time has come (business clock), waiting for a worker', registers: [registry] }),
    obligationsFailed: new Gauge({ name: 'tenure_obligations_failed', help: 'Obligations that gave up after their last attempt and need a person', registers: [registry] }),
    auditTreeSize: new Gauge({ name: 'tenure_audit_tree_size', help: 'Events in the audit log (the Merkle tree size)', registers: [registry] }),
  };
}
