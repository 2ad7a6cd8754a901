import { createHash } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { readOneFile, type UploadedFile } from './multipart.ts';

export type Upload = UploadedFile;

/**
 * The one file of an upload route's request, read once: a request whose Idempotency-Key had to be compared
 * with its body was read before the route ran (idempotency.ts), and the route gets those same bytes.
 */
export async function uploadOf(req: FastifyRequest, what = 'the file'): Promise<UploadedFile> {
  req.upload ??= await readOneFile(req, what);
  return req.upload;
}

/** What the Idempotency-Key check compares for an upload: the file's bytes and name. */
export function uploadHash(u: UploadedFile): string {
  const h = createHash('sha256');
  h.update(JSON.stringify({ fileName: u.fileName ?? null, truncated: u.truncated }));
  h.update('\n');
  h.update(u.bytes);
  return h.digest('hex');
}
