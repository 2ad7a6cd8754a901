import { createHmac, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { DomainError, notFound } from '../errors.ts';
import type { App } from './types.ts';

/**
 * Callbacks from providers outside (a payment provider, a background-check provider: docs/money.md,
 * docs/integrations.md), signed the one way Tenure signs and checks: a header
 * `<Name>: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>", keyed with the secret's UTF-8 bytes>`.
 * Older than 5 minutes (or more than 5 minutes ahead) is refused, so a captured callback cannot be replayed later.
 */
export const MAX_AGE_SECONDS = 5 * 60;

export function signCallback(secret: string, timestamp: number, body: string): string {
  const mac = createHmac('sha256', Buffer.from(secret, 'utf8')).update(`${timestamp}.${body}`, 'utf8').digest('hex');
  return `t=${timestamp},v1=${mac}`;
}

export type SignatureProblem = 'missing' | 'malformed' | 'expired' | 'mismatch';

/** Why a callback is refused, or null when its signature is good and fresh (`nowSeconds` is the wall clock). */
export function signatureProblem(header: unknown, body: string, secret: string, nowSeconds: number): SignatureProblem | null {
  if (typeof header !== 'string' || header.length === 0) return 'missing';
  const parts = new Map<string, string>();
  for (const piece of header.split(',')) {
    const eq = piece.indexOf('=');
    if (eq > 0) parts.set(piece.slice(0, eq).trim(), piece.slice(eq + 1).trim());
  }
  const t = parts.get('t');
  const v1 = parts.get('v1');
  if (!t || !/^\d{1,12}$/.test(t) || !v1 || !/^[0-9a-f]{64}$/i.test(v1)) return 'malformed';
  const timestamp = Number(t);
  if (Math.abs(nowSeconds - timestamp) > MAX_AGE_SECONDS) return 'expired';
  const expected = Buffer.from(signCallback(secret, timestamp, body).slice(`t=${timestamp},v1=`.length), 'hex');
  const given = Buffer.from(v1, 'hex');
  return expected.length === given.length && timingSafeEqual(expected, given) ? null : 'mismatch';
}

export type SignedCallbackRoute<B extends z.ZodType, R extends z.ZodType> = {
  path: string;
  /** The signature header, lower case (`tenure-payment-signature`). */
  header: string;
  /** The shared secret now; undefined: callbacks are not configured (404). */
  secret: () => string | undefined;
  nowSeconds: () => number;
  tags: string[];
  summary: string;
  /** What the body describes, for the OpenAPI document (the route reads it as text to check the signature). */
  bodyDescription: string;
  body: B;
  response: R;
  /** Left out of the OpenAPI document (a stand-in that is not part of Tenure's API, such as the demo provider). */
  hide?: boolean;
  handle: (body: z.infer<B>, req: FastifyRequest, reply: FastifyReply) => Promise<z.infer<R>>;
};

/**
 * A signed callback route. The signature covers the raw body, so the route reads the body as text in its own
 * scope and parses it only after the signature is checked: a bad or stale signature changes nothing (401
 * `bad_signature` naming the header); a good signature over a bad body is a 400 naming the field.
 */
export function registerSignedCallback<B extends z.ZodType, R extends z.ZodType>(app: App, route: SignedCallbackRoute<B, R>): void {
  // Widened for Fastify's type provider (the answer is still checked against this schema on its way out).
  const response: z.ZodType = route.response;
  void app.register(async (scope) => {
    scope.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit: 64 * 1024 }, (_req, body, done) => done(null, body));
    scope.post(route.path, {
      config: { public: true },
      schema: { ...(route.hide ? { hide: true } : {}), tags: route.tags, summary: route.summary, body: z.string().max(64 * 1024).describe(route.bodyDescription), response: { 200: response } },
    }, async (req, reply) => {
      const secret = route.secret();
      if (!secret) throw notFound('these callbacks are not configured');
      const raw = req.body as string;
      const problem = signatureProblem(req.headers[route.header], raw, secret, route.nowSeconds());
      if (problem) {
        const why = problem === 'expired' ? 'older than 5 minutes' : problem === 'missing' ? 'missing' : 'does not match the body';
        throw new DomainError('bad_signature', `${route.header}: ${why}`, { field: route.header });
      }
      let json: unknown;
      try {
        json = JSON.parse(raw);
      } catch {
        throw new DomainError('invalid_input', 'body: not JSON', { field: 'body' });
      }
      const parsed = route.body.safeParse(json);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        const field = issue?.path.join('.') || 'body';
        throw new DomainError('invalid_input', `${field}: ${issue?.message ?? 'invalid'}`, { field });
      }
      // The response schema (generic here) checks the answer on its way out.
      return route.handle(parsed.data, req, reply);
    });
  });
}
