import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { DomainError, httpStatusOf, type ErrorCode } from '../errors.ts';

export type ErrorBody = { error: { code: ErrorCode; message: string; details: unknown } };

export function errorBody(code: ErrorCode, message: string, details: unknown = null): ErrorBody {
  return { error: { code, message, details } };
}

/** The one place where failures become HTTP responses. Nothing leaks a stack trace. */
export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError | DomainError | Error, req: FastifyRequest, reply: FastifyReply) => {
    if (err instanceof DomainError) {
      const retryAfter = (err.details as { retryAfterSeconds?: unknown } | undefined)?.retryAfterSeconds;
      if (typeof retryAfter === 'number') void reply.header('retry-after', String(retryAfter));
      return reply.code(httpStatusOf[err.code]).send(errorBody(err.code, err.message, err.details ?? null));
    }
    if (hasZodFastifySchemaValidationErrors(err)) {
      const where = err.validationContext ?? 'input';
      const issues = err.validation.map((v) => ({
        field: [where, ...v.instancePath.split('/').filter(Boolean)].join('.'),
        message: v.message ?? 'is invalid',
      }));
      const first = issues[0];
      const message = first ? `${first.field}: ${first.message}` : `${where} is invalid`;
      return reply.code(400).send(errorBody('invalid_input', message, { issues }));
    }
    const status = 'statusCode' in err && typeof err.statusCode === 'number' ? err.statusCode : 500;
    if (status >= 400 && status < 500) {
      const code: ErrorCode =
        status === 413 ? 'payload_too_large' : status === 415 ? 'unsupported_media_type' : status === 429 ? 'rate_limited' : status === 404 ? 'not_found' : 'invalid_input';
      return reply.code(status).send(errorBody(code, clientMessage(err), null));
    }
    req.log.error({ err }, 'unhandled error');
    return reply.code(500).send(errorBody('internal', 'internal error', null));
  });
}

function clientMessage(err: Error): string {
  if ('code' in err && err.code === 'FST_ERR_CTP_INVALID_JSON_BODY') return 'body: is not valid JSON';
  if ('code' in err && err.code === 'FST_ERR_CTP_EMPTY_JSON_BODY') return 'body: is empty but the content type is JSON';
  return err.message.replace(/^FST_\w+:\s*/, '');
}
