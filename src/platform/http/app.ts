import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import { join, resolve } from 'node:path';
import fastifyCookie from '@fastify/cookie';
import fastifyMultipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyError, type FastifyReply, type FastifyRequest } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Actor } from '../auth/actor.ts';
import type { Config } from '../config.ts';
import type { AppDeps, Ctx } from '../deps.ts';
import { DomainError } from '../errors.ts';
import { errorBody, installErrorHandler } from './error-handler.ts';
import { withRequestScope, type QueryTally } from '../db/request-scope.ts';
import { beginIdempotentRequest, finishIdempotentRequest } from './idempotency.ts';
import { findInputProblem } from './input-guard.ts';
import { addSecurityHeaders } from './security-headers.ts';
import type { App } from './types.ts';

export const SESSION_COOKIE = 'tenure_session';
/** Over HTTPS the cookie is `Secure` and `__Host-` prefixed: browsers then refuse it from any subdomain or plain HTTP page. */
export const SECURE_SESSION_COOKIE = '__Host-tenure_session';

/**
 * The session cookie of a request: `Secure` and `__Host-` when the request is HTTPS (directly, or per
 * X-Forwarded-Proto from a trusted proxy), or always/never with TENURE_COOKIE_SECURE=true/false. A request
 * reads only the cookie of its own kind, so an HTTPS session cannot be planted as a plain cookie.
 */
export function sessionCookieOf(req: FastifyRequest, config: Config): { name: string; secure: boolean } {
  const secure = config.cookieSecure === 'auto' ? req.protocol === 'https' : config.cookieSecure === 'true';
  return { name: secure ? SECURE_SESSION_COOKIE : SESSION_COOKIE, secure };
}
export const CSRF_HEADER = 'x-csrf-token';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Resolves who is calling; areas plug their identity lookups in here (the platform imports no area). */
export type Authenticator = {
  fromSession(secret: string): Promise<{ actor: Actor; csrfToken: string } | null>;
  fromApiToken(token: string): Promise<Actor | null>;
};

export type HttpOptions = { webDistDir?: string; logger?: boolean };

export async function buildHttpApp(deps: AppDeps, auth: Authenticator, registerAreas: (app: App) => Promise<void> | void, opts: HttpOptions = {}): Promise<App> {
  const app = Fastify({
    logger:
      opts.logger === false || deps.config.logLevel === 'silent'
        ? false
        : { level: deps.config.logLevel, redact: ['req.headers.cookie', 'req.headers.authorization', 'req.headers["x-csrf-token"]'] },
    bodyLimit: 1024 * 1024,
    // Behind a reverse proxy, X-Forwarded-For/-Proto give the client's address (sign-in throttling) and scheme (Secure cookie).
    trustProxy: trustProxyOption(deps.config.trustProxy),
    // A path parameter of any length reaches its route, whose schema names it ("params.orderId: …");
    // Node's header size limit (16 KiB) still bounds the whole URL.
    routerOptions: { maxParamLength: 16 * 1024 },
    // Errors the router meets before any route (a path that is not valid percent-encoded UTF-8) get the one error shape too.
    frameworkErrors: answerRouterError,
    // Requests Node's HTTP parser refuses before Fastify sees them (a URL and headers over 16 KiB, malformed HTTP).
    clientErrorHandler: answerClientError,
    // zod validates and serializes every route (set just below): Fastify's default compilers (Ajv,
    // fast-json-stringify) would only be loaded to go unused, at about a third of the start-up time.
    schemaController: { compilersFactory: { buildValidator: zodCompilesEverySchema, buildSerializer: zodCompilesEverySchema } },
    // While closing, requests arriving on open connections get our own 503 (below), in the one error shape.
    return503OnClosing: false,
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installErrorHandler(app);

  app.decorateRequest('actor', null);
  app.decorateRequest('sessionCsrfToken', null);
  app.decorateRequest('idempotency', null);
  app.decorateRequest('upload', null);

  await app.register(fastifyCookie);
  addSecurityHeaders(app);
  // Uploads (résumés, evidence): one file per request, size-limited here and type-checked from its bytes by the area.
  await app.register(fastifyMultipart, { limits: { fileSize: deps.config.maxUploadBytes, files: 1, fields: 20, fieldSize: 100_000 } });
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Tenure (稳聘) API', description: 'Headhunter delivery-capacity marketplace: after-sales service as the product.', version: '1.0.0' },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE },
          bearer: { type: 'http', scheme: 'bearer' },
        },
      },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs' });

  // First of all: each request runs in its own scope (request-scope.ts: an Idempotency-Key's commit mark, and with
  // TENURE_QUERY_COUNT=1 its query tally). Callback style, so every later hook and the handler run inside.
  if (deps.config.queryCount) countQueriesPerRequest(app);
  else app.addHook('onRequest', (_req, _reply, done) => withRequestScope(null, done));

  // Graceful shutdown: once close() begins, requests in flight finish; new ones are told to go elsewhere.
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onRequest', async (req, reply) => {
    if (closing) {
      void reply.header('connection', 'close');
      throw new DomainError('unavailable', 'the server is shutting down; retry on another instance');
    }
  });
  // A request that was in flight when closing began gets its answer, and its connection is then closed, so
  // close() does not wait on an idle keep-alive connection.
  app.addHook('onSend', async (_req, reply, payload) => {
    if (closing) void reply.header('connection', 'close');
    return payload;
  });
  app.addHook('onResponse', async (req, reply) => {
    deps.metrics.httpDuration.observe(
      { method: req.method, route: req.routeOptions.url ?? 'unmatched', status_code: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
  });

  app.addHook('onRequest', async (req) => {
    if (!req.url.startsWith('/api/')) return;
    await deps.clock.refresh();
    const bearer = req.headers.authorization?.match(/^Bearer\s+(\S+)$/i)?.[1];
    if (bearer) {
      req.actor = await auth.fromApiToken(bearer);
      if (!req.actor) throw new DomainError('unauthenticated', 'the API token is unknown or revoked');
      return;
    }
    const secret = req.cookies[sessionCookieOf(req, deps.config).name];
    if (secret) {
      const found = await auth.fromSession(secret);
      if (found) {
        req.actor = found.actor;
        req.sessionCsrfToken = found.csrfToken;
      }
    }
  });

  // Before the route's own schema: text no database can keep as sent, and absurdly deep JSON, are refused for every route alike.
  app.addHook('preValidation', async (req) => {
    const found = findInputProblem(req.params, 'params') ?? findInputProblem(req.query, 'querystring') ?? findInputProblem(req.body, 'body');
    if (found) throw new DomainError('invalid_input', `${found.field}: ${found.problem}`, { field: found.field });
  });

  app.addHook('preHandler', async (req, reply) => {
    if (!req.url.startsWith('/api/') || req.url.startsWith('/api/docs')) return;
    if (!req.routeOptions.config.public && !req.actor && req.routeOptions.url) throw new DomainError('unauthenticated', 'sign in first');
    // Cookie sessions must prove the request came from our own page; bearer tokens are not sent by browsers.
    if (req.actor?.via === 'session' && !SAFE_METHODS.has(req.method) && req.headers[CSRF_HEADER] !== req.sessionCsrfToken) {
      throw new DomainError('csrf_failed', `${CSRF_HEADER}: missing or wrong CSRF token`);
    }
    if (await beginIdempotentRequest(deps.db, req, reply, deps.wallClock.now())) return reply;
  });

  app.addHook('onSend', async (req, reply, payload) => {
    // API answers hold personal data and the CSRF token: no browser or proxy may keep them. The OpenAPI
    // document and the interactive docs are the same for everyone and may be cached.
    if (req.url.startsWith('/api/') && !req.url.startsWith('/api/docs') && !req.url.startsWith('/api/openapi.json')) reply.header('cache-control', 'no-store');
    await finishIdempotentRequest(deps.db, req, reply.statusCode, payload);
    return payload;
  });

  app.get('/api/openapi.json', { schema: { hide: true }, config: { public: true } }, async () => app.swagger());

  await registerAreas(app);

  const webDist = resolve(opts.webDistDir ?? join(process.cwd(), 'web', 'dist'));
  const hasWeb = existsSync(join(webDist, 'index.html'));
  if (hasWeb) await app.register(fastifyStatic, { root: webDist, wildcard: false, index: false });
  app.setNotFoundHandler(async (req, reply) => {
    if (req.url.startsWith('/api/') || req.method !== 'GET' || !hasWeb) {
      return reply.code(404).send(errorBody('not_found', `no route ${req.method} ${req.url.split('?')[0]}`));
    }
    // The web app routes on the client: every other page gets index.html.
    return reply.type('text/html; charset=utf-8').send(await readFile(join(webDist, 'index.html'), 'utf8'));
  });
  return app;
}

/**
 * TENURE_QUERY_COUNT=1: each request's scope holds its own query tally (from its first hook, so the session check
 * counts), and its answer says `Server-Timing: db;dur=<ms>;desc="<n> queries"` — how N+1 reads are found.
 */
function countQueriesPerRequest(app: App): void {
  const tallies = new WeakMap<FastifyRequest, QueryTally>();
  app.addHook('onRequest', (req, _reply, done) => {
    const tally = { count: 0, ms: 0 };
    tallies.set(req, tally);
    // The rest of the request (hooks, handler, serialization) runs inside this call, so its queries land in `tally`.
    withRequestScope(tally, () => done());
  });
  app.addHook('onSend', async (req, reply, payload) => {
    const tally = tallies.get(req);
    if (tally) void reply.header('server-timing', `db;dur=${tally.ms.toFixed(2)};desc="${tally.count} queries"`);
    return payload;
  });
}

/** A hop count trusts that many proxies nearest to Tenure; addresses and `true`/`false` pass as Fastify takes them. */
function trustProxyOption(t: boolean | number | string[]): boolean | string[] | ((address: string, hop: number) => boolean) {
  return typeof t === 'number' ? (_address, hop) => hop < t : t;
}

function zodCompilesEverySchema(): never {
  throw new Error('every schema is compiled by zod: setValidatorCompiler/setSerializerCompiler run before any route');
}

/** The router's own errors: a bad URL is the caller's fault and is answered in the one error shape. */
function answerRouterError(err: FastifyError, _req: FastifyRequest, reply: FastifyReply): void {
  if (typeof err.statusCode === 'number' && err.statusCode >= 400 && err.statusCode < 500) {
    void reply.code(400).send(errorBody('invalid_input', 'path: is not a valid URL (bad percent-encoding or a parameter too long)', { field: 'path' }));
    return;
  }
  void reply.code(500).send(errorBody('internal', 'internal error', null));
}

/**
 * The parser's refusals in the one error shape (Fastify's default answers `{ error, message, statusCode }`):
 * 431 for a URL and headers past Node's limit, 400 for anything else that is not HTTP; a reset is just closed.
 */
function answerClientError(err: Error & { code?: string }, socket: Socket): void {
  if (err.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const tooLarge = err.code === 'HPE_HEADER_OVERFLOW';
  const status = tooLarge ? 431 : 400;
  const body = JSON.stringify(
    tooLarge ? errorBody('headers_too_large', 'request: the URL and headers are larger than 16 KiB', { field: 'headers' }) : errorBody('invalid_input', 'request: is not valid HTTP', { field: 'request' }),
  );
  socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nConnection: close\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
}

export function requireActor(req: { actor: Actor | null }): Actor {
  if (!req.actor) throw new DomainError('unauthenticated', 'sign in first');
  return req.actor;
}

/** The use-case context of a signed-in request. */
export function ctxOf(deps: AppDeps, req: { actor: Actor | null }): Ctx {
  return { deps, actor: requireActor(req) };
}
