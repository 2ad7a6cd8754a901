import { z } from 'zod';
import type { AppDeps } from '../platform/deps.ts';
import { ctxOf } from '../platform/http/app.ts';
import { IdParam } from '../platform/http/schemas.ts';
import type { App } from '../platform/http/types.ts';
import { contentDisposition } from './file-type.rules.ts';
import { readFileFor, type FileReadRule } from './service.ts';

/** The download route; `readRules` come from the areas that reference files (see service.ts). */
export function registerFileRoutes(app: App, deps: AppDeps, readRules: readonly FileReadRule[]): void {
  app.get('/api/v1/files/:fileId', {
    schema: {
      tags: ['files'],
      summary: 'Download a stored file (a résumé: for the submission’s poster and its consultant and agency)',
      description: 'Answers the bytes with the Content-Type found when the file was uploaded and Content-Disposition: attachment with the original name (RFC 5987 for non-ASCII names).',
      params: z.object({ fileId: IdParam }),
      response: { 200: z.unknown().describe('the file’s bytes') },
    },
  }, async (req, reply) => {
    const { meta, content } = await readFileFor(ctxOf(deps, req), req.params.fileId, readRules);
    return reply
      .header('content-type', meta.mediaType)
      .header('content-disposition', contentDisposition(meta.originalName))
      .header('content-length', String(content.length))
      .header('x-content-type-options', 'nosniff')
      .header('cache-control', 'private, no-store')
      .header('x-file-sha256', meta.sha256)
      .send(content);
  });
}
