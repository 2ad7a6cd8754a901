import type { FastifyRequest } from 'fastify';
import type { FastifyRouteSchemaDef, FastifyValidationResult } from 'fastify/types/schema.js';
import { validatorCompiler } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { invalidInput } from '../errors.ts';

/**
 * Uploads (a submission's résumé; later a dispute's evidence): one file per multipart/form-data request, field
 * "file". The multipart plugin (registered in app.ts) caps the size at `maxUploadBytes`; the area that takes the
 * file judges its type from the bytes, after its own access check — which is why routes read the file lazily.
 */

/** Bytes as they arrived, with what the multipart parser knows about them. */
export type UploadedFile = { fileName: string | undefined; bytes: Buffer; truncated: boolean };

/**
 * The body schema of an upload route, for the OpenAPI document only: the file is read by `readOneFile` in the
 * handler, after the access check, so the JSON validator must not judge the body (`uploadValidatorCompiler`).
 */
export const uploadBody = (what: string) => z.object({ file: z.string().meta({ format: 'binary' }).describe(what) });

/** The validator compiler of an upload route: zod for params and query, nothing for the multipart body. */
export const uploadValidatorCompiler = <S>(route: FastifyRouteSchemaDef<S>): FastifyValidationResult =>
  route.httpPart === 'body' ? () => ({ value: undefined }) : validatorCompiler(route as unknown as Parameters<typeof validatorCompiler>[0]);

/**
 * The one file of a multipart request, as `what` (e.g. "the résumé") in the refusals. A file over the size
 * limit arrives truncated by the plugin: it is reported as truncated so the area refuses it, never stores it.
 */
export async function readOneFile(req: FastifyRequest, what: string): Promise<UploadedFile> {
  if (!req.isMultipart()) throw invalidInput('body', `send ${what} as multipart/form-data with one file field named "file"`);
  let part: Awaited<ReturnType<FastifyRequest['file']>>;
  try {
    part = await req.file();
  } catch (err) {
    throw malformedMultipart(err);
  }
  if (!part) throw invalidInput('file', `attach ${what} as the multipart file field "file"`);
  try {
    const bytes = await part.toBuffer();
    return { fileName: part.filename, bytes, truncated: part.file.truncated };
  } catch (err) {
    if ((err as { code?: unknown }).code === 'FST_REQ_FILE_TOO_LARGE') return { fileName: part.filename, bytes: Buffer.alloc(0), truncated: true };
    throw malformedMultipart(err);
  }
}

/**
 * The multipart parser's own failures (no boundary, a body cut short) are plain errors without a status:
 * they are the sender's fault, so they become a 400 naming the body. The plugin's limits keep their 4xx.
 */
function malformedMultipart(err: unknown): unknown {
  const status = (err as { statusCode?: unknown }).statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) return err;
  return invalidInput('body', 'is not a well-formed multipart/form-data body');
}
