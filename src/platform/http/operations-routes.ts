import { timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { AppDeps } from '../deps.ts';
import { DomainError } from '../errors.ts';
import type { App } from './types.ts';

/**
 * What a load balancer and a monitoring system ask, outside the versioned API:
 * - `GET /health/live`: the process answers (no database: a slow database must not get the process restarted);
 * - `GET /health/ready`: it can serve — the database answers and it is not shutting down (503 otherwise);
 * - `GET /metrics`: Prometheus text; when TENURE_METRICS_TOKEN is set, only with `Authorization: Bearer <token>`.
 */
export function registerOperationsRoutes(app: App, deps: AppDeps): void {
  const tags = ['operations'];

  app.get('/health/live', {
    schema: { tags, summary: 'Liveness: the process answers (does not touch the database)', response: { 200: z.object({ status: z.literal('live') }) } },
    config: { public: true },
  }, async () => ({ status: 'live' as const }));

  app.get('/health/ready', {
    schema: { tags, summary: 'Readiness: the database answers and the server is not shutting down (else 503)', response: { 200: z.object({ status: z.literal('ready'), database: z.enum(['sqlite', 'postgres']) }) } },
    config: { public: true },
  }, async () => {
    try {
      await deps.db.selectFrom('platform_state').select('key').limit(1).execute();
    } catch (err) {
      throw new DomainError('unavailable', `database: ${err instanceof Error ? err.message : String(err)}`);
    }
    return { status: 'ready' as const, database: deps.dialect };
  });

  app.get('/metrics', {
    schema: { tags, summary: 'Prometheus metrics: HTTP latency by route and status, obligations due, processed and failed, audit tree size, process' },
    config: { public: true },
  }, async (req, reply) => {
    const token = deps.config.metricsToken;
    if (token !== undefined && !bearerMatches(req.headers.authorization, token)) {
      throw new DomainError('unauthenticated', 'authorization: /metrics needs the bearer token set in TENURE_METRICS_TOKEN');
    }
    await refreshGauges(deps);
    return reply.type(deps.metrics.registry.contentType).send(await deps.metrics.registry.metrics());
  });
}

/** Gauges read the database at scrape time, so every instance reports the shared truth. */
async function refreshGauges(deps: AppDeps): Promise<void> {
  const now = deps.clock.now().toISOString();
  const [due, failed, tree] = await Promise.all([
    deps.db.selectFrom('obligations').select((eb) => eb.fn.countAll<string | number>().as('n')).where('status', '=', 'pending').where('due_at', '<=', now).executeTakeFirstOrThrow(),
    deps.db.selectFrom('obligations').select((eb) => eb.fn.countAll<string | number>().as('n')).where('status', '=', 'failed').executeTakeFirstOrThrow(),
    deps.db.selectFrom('audit_state').select('tree_size').where('id', '=', 1).executeTakeFirst(),
  ]);
  deps.metrics.obligationsDue.set(Number(due.n));
  deps.metrics.obligationsFailed.set(Number(failed.n));
  deps.metrics.auditTreeSize.set(Number(tree?.tree_size ?? 0));
}

function bearerMatches(header: string | undefined, token: string): boolean {
  const given = Buffer.from(/^Bearer\s+(\S+)$/i.exec(header ?? '')?.[1] ?? '');
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
