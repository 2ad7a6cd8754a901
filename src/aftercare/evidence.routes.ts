import { z } from 'zod';
import type { AppDeps } from '../platform/deps.ts';
import { ctxOf } from '../platform/http/app.ts';
import { uploadBody, uploadValidatorCompiler } from '../platform/http/multipart.ts';
import { IdParam, IsoInstant } from '../platform/http/schemas.ts';
import type { App } from '../platform/http/types.ts';
import { uploadOf } from '../platform/http/upload.ts';
import { attachClaimEvidence, listClaimEvidence, uploadPlacementEvidence, type Evidence } from './evidence.service.ts';

const EvidenceView = z.object({
  id: z.string().describe('the file id: name it in `evidenceFileIds` when filing a claim'),
  placementId: z.string(),
  claimId: z.string().nullable().describe('null until attached to a claim'),
  name: z.string(),
  mediaType: z.string().describe('the type read from the bytes'),
  sizeBytes: z.number().int(),
  sha256: z.string().describe('SHA-256 of the bytes, hex'),
  uploadedAt: IsoInstant,
  downloadUrl: z.string(),
});

const view = (e: Evidence): z.infer<typeof EvidenceView> => ({
  id: e.id,
  placementId: e.placementId,
  claimId: e.claimId,
  name: e.originalName,
  mediaType: e.mediaType,
  sizeBytes: e.sizeBytes,
  sha256: e.sha256,
  uploadedAt: e.createdAt,
  downloadUrl: `/api/v1/files/${e.id}`,
});

const WHAT = 'the evidence: PDF, DOC, DOCX, UTF-8 text, PNG or JPEG';
const RULES =
  'The type is read from the bytes: PDF, DOC, DOCX, UTF-8 text, PNG or JPEG. Anything else is 415 `unsupported_media_type` naming what the file is (`details.detected`); a file over the upload limit is 413 `payload_too_large` and is not stored. Kept with its SHA-256; downloaded with GET /api/v1/files/{fileId} by the poster’s org, and once attached to a claim by both sides and platform ops.';

export function registerEvidenceRoutes(app: App, deps: AppDeps): void {
  const tags = ['claims'];

  app.post('/api/v1/placements/:placementId/evidence', {
    schema: {
      tags,
      summary: 'Upload evidence of a departure before reporting it (poster’s users): multipart/form-data, one file field "file"; name its id in the claim’s `evidenceFileIds`',
      description: RULES,
      consumes: ['multipart/form-data'],
      params: z.object({ placementId: IdParam }),
      body: uploadBody(WHAT),
      response: { 201: EvidenceView },
    },
    validatorCompiler: uploadValidatorCompiler,
    config: { upload: true },
  }, async (req, reply) => reply.code(201).send(view(await uploadPlacementEvidence(ctxOf(deps, req), req.params.placementId, () => uploadOf(req, 'the evidence')))));

  app.post('/api/v1/claims/:claimId/evidence', {
    schema: {
      tags,
      summary: 'Add an evidence file to a claim (poster’s users, in any state; at most 20 per claim): multipart/form-data, one file field "file"',
      description: `${RULES} The delivering consultant is notified.`,
      consumes: ['multipart/form-data'],
      params: z.object({ claimId: IdParam }),
      body: uploadBody(WHAT),
      response: { 201: EvidenceView },
    },
    validatorCompiler: uploadValidatorCompiler,
    config: { upload: true },
  }, async (req, reply) => reply.code(201).send(view(await attachClaimEvidence(ctxOf(deps, req), req.params.claimId, () => uploadOf(req, 'the evidence')))));

  app.get('/api/v1/claims/:claimId/evidence', {
    schema: {
      tags,
      summary: 'A claim’s evidence files, oldest first (both sides, ops)',
      params: z.object({ claimId: IdParam }),
      response: { 200: z.object({ items: z.array(EvidenceView), nextCursor: z.null() }) },
    },
  }, async (req) => ({ items: (await listClaimEvidence(ctxOf(deps, req), req.params.claimId)).map(view), nextCursor: null }));
}
