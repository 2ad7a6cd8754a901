import { createHash } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { invalidInput } from '../errors.ts';

/** Bytes of the one file of a multipart request, as they arrived, with what the multipart parser knows about them. */
export type Upload = { fileName: string | undefined; bytes: Buffer; truncated: boolean; fields: Record<string, string> };

/**
 * The one file of a multipart request. A file over the size limit arrives truncated by the multipart
 * plugin (deps.config.maxUploadBytes): it is reported as truncated so it is refused, never stored.
 * Read once: a request whose Idempotency-Key had to be checked against its body was read before the
 * route ran (see idempotency.ts), and the route gets those same bytes.
 */
export async function uploadOf(req: FastifyRequest): Promise<Upload> {
  req.upload ??= await readOneFile(req);
  return req.upload;
}

/** What the Idempotency-Key check compares for an upload: the file's bytes, its name and the form's fields. */
export function uploadHash(u: Upload): string {
  const h = createHash('sha256');
  h.update(JSON.stringify({ fileName: u.fileName ?? null, truncated: u.truncated, fields: Object.entries(u.fields).sort(([a], [b]) => (a < b ? -1 : 1)) }));
  h.update('\n');
  h.update(u.bytes);
  return h.digest('hex');
}

async function readOneFile(req: FastifyRequest): Promise<Upload> {
  if (!req.isMultipart()) throw invalidInput('body', 'send the file as multipart/form-data with one file field named "file"');
  let part: Awaited<ReturnType<FastifyRequest['file']>>;
  try {
    part = await req.file();
  } catch (err) {
    throw malformedMultipart(err);
  }
  if (!part) throw invalidInput('file', 'attach the file as the multipart file field "file"');
  const fields: Record<string, string> = {};
  for (const [name, value] of Object.entries(part.fields)) {
    const one = Array.isArray(value) ? value[0] : value;
    if (one && one.type === 'field' && typeof one.value === 'string') fields[name] = one.value;
  }
  try {
    const bytes = await part.toBuffer();
    return { fileName: part.filename, bytes, truncated: part.file.truncated, fields };
  } catch (err) {
    if ((err as { code?: unknown }).code === 'FST_REQ_FILE_TOO_LARGE') return { fileName: part.filename, bytes: Buffer.alloc(0), truncated: true, fields };
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
