import type { FastifyBaseLogger, FastifyInstance, RawReplyDefaultExpression, RawRequestDefaultExpression, RawServerDefault } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Actor } from '../auth/actor.ts';
import type { IdempotencyMode } from './idempotency.ts';
import type { Upload } from './upload.ts';

export type App = FastifyInstance<RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression, FastifyBaseLogger, ZodTypeProvider>;

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
    sessionCsrfToken: string | null;
    idempotency: { scope: string; key: string; storeBody: boolean } | null;
    /** The one file of an upload route's multipart body, once read (see upload.ts). */
    upload: Upload | null;
  }
  interface FastifyContextConfig {
    /** Routes that anyone may call without signing in. */
    public?: boolean;
    /** How `Idempotency-Key` applies (idempotency.ts); `replay` when absent. */
    idempotency?: IdempotencyMode;
    /** The route takes one multipart file (read through `uploadOf`; its bytes count in the Idempotency-Key check). */
    upload?: boolean;
  }
}
