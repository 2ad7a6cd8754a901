import { z } from 'zod';
import { JOB_FUNCTIONS, JOB_LEVELS } from '../marketplace/job-catalog.ts';
import type { AppDeps } from '../platform/deps.ts';
import { ctxOf } from '../platform/http/app.ts';
import { pageQuery, pageSchema } from '../platform/http/pagination.ts';
import { IdParam, LineText } from '../platform/http/schemas.ts';
import type { App } from '../platform/http/types.ts';
import { CURRENCIES, formatAmount, parseStoredAmount, type Currency } from '../platform/money.ts';
import type { Position } from './benchmark.rules.ts';
import * as benchmarks from './benchmark.service.ts';
import { CHECK_ITEM_CODES, CHECK_OUTCOMES } from './background-check.rules.ts';
import * as checks from './background-check.service.ts';
import { registerDemoProvider } from './demo-provider.ts';
import { CALLBACK_PATH, callbackSecret, setListeningOrigin, SIGNATURE_HEADER, usesDemoProvider } from './provider.ts';
import { registerSignedCallback } from '../platform/http/signed-callback.ts';

const Amount = z.string().describe('decimal string in major units of the currency');
const CurrencyEnum = z.enum(CURRENCIES);
/** The most a benchmark file may weigh (50,000 rows fit in about 4 MB). */
const MAX_CSV_CHARS = 8 * 1024 * 1024;

const BenchmarkView = z.object({
  city: z.string(),
  function: z.string(),
  level: z.string(),
  currency: CurrencyEnum,
  p25: Amount,
  p50: Amount,
  p75: Amount,
  p90: Amount,
  importId: z.string(),
});
const benchmarkView = (b: benchmarks.Benchmark) => ({
  city: b.city,
  function: b.function,
  level: b.level,
  currency: b.currency,
  p25: formatAmount(b.p25, b.currency),
  p50: formatAmount(b.p50, b.currency),
  p75: formatAmount(b.p75, b.currency),
  p90: formatAmount(b.p90, b.currency),
  importId: b.importId,
});
const PositionView = z.object({
  band: z.enum(['below_p25', 'within', 'above_p90']),
  percentile: z.number().int().nullable().describe('within: the percentile (25–90) interpolated between the points; null below p25 or above p90'),
});
const positionView = (p: Position | null) => (p === null ? null : { band: p.band, percentile: p.percentile });
const PositionAnswer = z.object({ benchmark: BenchmarkView.nullable().describe('null: no benchmark for this city, function, level and currency'), position: PositionView.nullable() });
const ImportView = z.object({ id: z.string(), importedAt: z.string(), importedBy: z.string(), fileName: z.string(), fileSha256: z.string(), rows: z.number().int() });

export function registerIntegrationRoutes(app: App, deps: AppDeps): void {
  registerBenchmarkRoutes(app, deps);
  registerBackgroundCheckRoutes(app, deps);
  // With no provider configured, the demo provider answers on this server (docs/integrations.md).
  if (usesDemoProvider(deps)) registerDemoProvider(app, deps);
  // Once listening, this server knows its own address (the demo provider's and the callbacks'), and sends the
  // orders a provider never took (written while the server was down or starting: the demo world's seed).
  app.addHook('onListen', async () => {
    const address = app.server.address();
    if (typeof address !== 'object' || address === null) return;
    const host = address.family === 'IPv6' ? `[${address.address === '::' ? '::1' : address.address}]` : address.address === '0.0.0.0' ? '127.0.0.1' : address.address;
    setListeningOrigin(deps, `http://${host}:${address.port}`);
    // Sending is background work: the worker's (on with `npm start`; tests run without it and stay deterministic).
    if (deps.config.worker) void checks.sendUnsentOrders(deps).catch((err: unknown) => app.log.warn(`background checks: sending unsent orders failed: ${String(err)}`));
  });
}

const CheckView = z.object({
  id: z.string(),
  stage: z.enum(['offer', 'reverification']),
  submissionId: z.string(),
  placementId: z.string().nullable(),
  provider: z.string().describe('demo (the in-process demo provider) or http (the configured provider)'),
  providerRef: z.string().nullable(),
  status: z.enum(['requested', 'in_progress', 'completed']).describe('requested: not yet taken by the provider (see lastError); in_progress: the provider has it'),
  outcome: z.enum(CHECK_OUTCOMES).nullable(),
  items: z.array(z.object({ code: z.enum(CHECK_ITEM_CODES), note: z.string().optional() })),
  lastError: z.string().nullable(),
  orderedAt: z.string(),
  completedAt: z.string().nullable(),
});
const checkView = (c: checks.BackgroundCheck) => ({
  id: c.id,
  stage: c.stage,
  submissionId: c.submissionId,
  placementId: c.placementId,
  provider: c.provider,
  providerRef: c.providerRef,
  status: c.status,
  outcome: c.outcome,
  items: c.items as { code: (typeof CHECK_ITEM_CODES)[number]; note?: string }[],
  lastError: c.lastError,
  orderedAt: c.orderedAt,
  completedAt: c.completedAt,
});
const CheckList = z.object({ items: z.array(CheckView) });

const CallbackBody = z.object({
  eventId: z.string().min(1).max(200).describe("the provider's own id of this result: a replay changes nothing"),
  checkId: IdParam,
  reference: z.string().min(1).max(200).describe('the reference the provider answered the order with'),
  outcome: z.enum(CHECK_OUTCOMES),
  items: z.array(z.object({ code: z.enum(CHECK_ITEM_CODES), note: z.string().max(500).optional() }).strict()).max(50).default([]),
});

function registerBackgroundCheckRoutes(app: App, deps: AppDeps): void {
  const tags = ['integrations'];
  app.post(
    '/api/v1/submissions/:submissionId/background-checks',
    {
      schema: {
        tags,
        summary: 'Order a background check of an offered candidate (the poster); the provider takes it and calls back with the result',
        params: z.object({ submissionId: IdParam }),
        body: z.object({}).strict(),
        response: { 201: CheckView },
      },
    },
    async (req, reply) => reply.code(201).send(checkView(await checks.orderAtOffer(ctxOf(deps, req), req.params.submissionId))),
  );
  app.get(
    '/api/v1/submissions/:submissionId/background-checks',
    { schema: { tags, summary: "A submission's background checks (the poster and the delivering consultant only)", params: z.object({ submissionId: IdParam }), response: { 200: CheckList } } },
    async (req) => ({ items: (await checks.checksOfSubmission(ctxOf(deps, req), req.params.submissionId)).map(checkView) }),
  );
  app.post(
    '/api/v1/placements/:placementId/background-checks',
    {
      schema: {
        tags,
        summary: "Order a re-verification of a placement's hire (the poster), when its signed terms offer one for the job's level",
        params: z.object({ placementId: IdParam }),
        body: z.object({}).strict(),
        response: { 201: CheckView },
      },
    },
    async (req, reply) => reply.code(201).send(checkView(await checks.orderReverification(ctxOf(deps, req), req.params.placementId))),
  );
  app.get(
    '/api/v1/placements/:placementId/background-checks',
    {
      schema: {
        tags,
        summary: "A placement's background checks: at offer and re-verifications (the poster and the delivering consultant only)",
        params: z.object({ placementId: IdParam }),
        response: { 200: CheckList.extend({ reverificationOffered: z.boolean().describe("whether the placement's signed terms offer a re-verification for the job's level") }) },
      },
    },
    async (req) => {
      const r = await checks.checksOfPlacement(ctxOf(deps, req), req.params.placementId);
      return { items: r.items.map(checkView), reverificationOffered: r.reverificationOffered };
    },
  );
  app.get(
    '/api/v1/background-checks/:checkId',
    { schema: { tags, summary: 'One background check (the poster and the delivering consultant only)', params: z.object({ checkId: IdParam }), response: { 200: CheckView } } },
    async (req) => checkView(await checks.getCheck(ctxOf(deps, req), req.params.checkId)),
  );
  app.post(
    '/api/v1/background-checks/:checkId/resend',
    {
      schema: {
        tags,
        summary: 'Send an order again that the provider has not taken yet (the poster)',
        params: z.object({ checkId: IdParam }),
        body: z.object({}).strict(),
        response: { 200: CheckView },
      },
    },
    async (req) => checkView(await checks.resendCheck(ctxOf(deps, req), req.params.checkId)),
  );
  registerSignedCallback(app, {
    path: CALLBACK_PATH,
    header: SIGNATURE_HEADER,
    secret: () => callbackSecret(deps),
    nowSeconds: () => Math.floor(deps.wallClock.now().getTime() / 1000),
    tags,
    summary: 'The background-check provider reports a result, signed: Tenure-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body">',
    bodyDescription: 'JSON: { eventId, checkId, reference, outcome: clear | discrepancies | failed, items?: [{ code, note? }] }',
    body: CallbackBody,
    response: CheckView,
    handle: async (b) => checkView(await checks.completeFromProvider(deps, b)),
  });
}

function registerBenchmarkRoutes(app: App, deps: AppDeps): void {
  app.post(
    '/api/v1/benchmarks/imports',
    {
      bodyLimit: MAX_CSV_CHARS * 4 + 1024,
      schema: {
        tags: ['integrations'],
        summary:
          'Import a salary benchmark table from CSV (platform ops): columns city, function, level, currency, p25, p50, p75, p90 (decimal major units; or p25_minor … p90_minor in minor units). Any bad row: 400 listing every problem (details.errors: line, column, message) and nothing imported',
        body: z.object({ fileName: LineText(200), csv: z.string().min(1, 'must not be empty').max(MAX_CSV_CHARS) }).strict(),
        response: { 201: z.object({ importId: z.string(), rows: z.number().int(), created: z.number().int(), updated: z.number().int(), fileSha256: z.string() }) },
      },
    },
    async (req, reply) => {
      const ctx = ctxOf(deps, req);
      return reply.code(201).send(await benchmarks.importBenchmarks(deps, ctx.actor, req.body));
    },
  );
  app.get(
    '/api/v1/benchmarks/imports',
    { schema: { tags: ['integrations'], summary: 'The salary benchmark imports, newest first (platform ops)', querystring: z.object(pageQuery).strict(), response: { 200: pageSchema(ImportView) } } },
    async (req) => benchmarks.listImports(ctxOf(deps, req), req.query),
  );
  app.get(
    '/api/v1/benchmarks',
    {
      schema: {
        tags: ['integrations'],
        summary: 'The salary benchmarks (annual salary at the 25th, 50th, 75th and 90th percentiles), by city, function, level and currency (every signed-in user)',
        querystring: z
          .object({ city: LineText(100).optional(), function: z.enum(JOB_FUNCTIONS).optional(), level: z.enum(JOB_LEVELS).optional(), currency: CurrencyEnum.optional(), ...pageQuery })
          .strict(),
        response: { 200: pageSchema(BenchmarkView) },
      },
    },
    async (req) => {
      const page = await benchmarks.listBenchmarks(ctxOf(deps, req), req.query);
      return { items: page.items.map(benchmarkView), nextCursor: page.nextCursor };
    },
  );
  app.get(
    '/api/v1/benchmarks/position',
    {
      schema: {
        tags: ['integrations'],
        summary: 'Where an annual salary sits in the market of its city, function and level ("offer at the 68th percentile"); the order form asks it (every signed-in user)',
        querystring: z.object({ city: LineText(100), function: z.enum(JOB_FUNCTIONS), level: z.enum(JOB_LEVELS), currency: CurrencyEnum, salary: z.string().min(1).max(40).describe('decimal string in major units') }).strict(),
        response: { 200: PositionAnswer },
      },
    },
    async (req) => {
      const q = req.query;
      const salary = parseStoredAmount(q.salary, q.currency, 'salary');
      const r = await benchmarks.positionFor(ctxOf(deps, req), { ...q, salary });
      return { benchmark: r.benchmark && benchmarkView(r.benchmark), position: positionView(r.position) };
    },
  );
  app.get(
    '/api/v1/placements/:placementId/benchmark',
    {
      schema: {
        tags: ['integrations'],
        summary: "A placement's offer against the salary benchmark of its city, function and level (both sides, ops)",
        params: z.object({ placementId: IdParam }),
        response: {
          200: PositionAnswer.extend({ job: z.object({ city: z.string(), function: z.string(), level: z.string() }), annualSalary: Amount, currency: CurrencyEnum }),
        },
      },
    },
    async (req) => {
      const r = await benchmarks.placementBenchmark(ctxOf(deps, req), req.params.placementId);
      const currency: Currency = r.currency;
      return { benchmark: r.benchmark && benchmarkView(r.benchmark), position: positionView(r.position), job: r.job, annualSalary: formatAmount(r.annualSalary, currency), currency };
    },
  );
}
