import { z } from 'zod';
import type { AppDeps } from '../platform/deps.ts';
import { ctxOf } from '../platform/http/app.ts';
import { pageQuery, pageSchema } from '../platform/http/pagination.ts';
import { uploadBody, uploadValidatorCompiler } from '../platform/http/multipart.ts';
import { CalendarDateString, IdParam, IsoInstant, LineText } from '../platform/http/schemas.ts';
import { normalizeText } from '../platform/text.ts';
import type { App } from '../platform/http/types.ts';
import { uploadOf } from '../platform/http/upload.ts';
import { formatAmount } from '../platform/money.ts';
import { refusalDisputableUntil } from './ownership.rules.ts';
import { STAGES } from './submission-stage.rules.ts';
import * as service from './service.ts';
import { EDUCATION_FIELDS, EDUCATION_LEVELS, MAX_COMMUTE_KM, MAX_PREVIOUS_EMPLOYERS } from './candidate-background.rules.ts';

const Stage = z.enum(STAGES);
const Money = z.string().describe('decimal amount in major units of `currency`, e.g. "350000.00"');

const optionalText = (max: number) =>
  z
    .string()
    .transform((v) => normalizeText(v))
    .pipe(z.string().max(max, `must be at most ${max} characters`))
    .nullish()
    .transform((v) => (v ? v : null));

const SubmitBody = z.object({
  candidateName: LineText(100),
  phone: optionalText(40).describe('any common format: 138 0013 8000, +86-138-0013-8000, (+86)13800138000 …'),
  email: z
    .string()
    .trim()
    .max(254)
    .nullish()
    .transform((v) => (v ? v : null))
    .pipe(z.string().email('must be an e-mail address').nullable()),
  currentEmployer: optionalText(200),
  currentTitle: optionalText(200),
  yearsExperience: z.number().int('must be a whole number of years').min(0).max(60).nullish(),
  education: z.enum(EDUCATION_LEVELS).nullish().describe('highest education completed (the retention-risk model reads it at hire)'),
  educationField: z.enum(EDUCATION_FIELDS).nullish().describe('field of study'),
  previousEmployers: z.number().int('must be a whole number').min(0).max(MAX_PREVIOUS_EMPLOYERS).nullish().describe('employers the candidate worked for before'),
  commuteKm: z.number().int('must be a whole number of km').min(0).max(MAX_COMMUTE_KM).nullish().describe('distance from home to the new workplace, km'),
  expectedSalary: z.string().trim().max(30).nullish().describe("annual, decimal in the order's currency"),
  currency: z.string().length(3).optional().describe("the order's currency (optional; amounts never convert)"),
  notes: z.string().max(5000).optional(),
});

const Reward = z.union([
  z.object({ type: z.literal('percent_of_annual_salary'), percent: z.number() }),
  z.object({ type: z.literal('fixed'), amount: z.string() }),
]);

const SubmissionView = z.object({
  id: z.string(),
  orderId: z.string(),
  orderTitle: z.string(),
  orderStatus: z.string(),
  posterOrgId: z.string(),
  posterOrgName: z.string(),
  consultantId: z.string(),
  consultantName: z.string(),
  agencyOrgId: z.string(),
  agencyName: z.string(),
  candidateName: z.string(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
  currentEmployer: z.string().nullable(),
  currentTitle: z.string().nullable(),
  yearsExperience: z.number().nullable(),
  education: z.enum(EDUCATION_LEVELS).nullable(),
  educationField: z.enum(EDUCATION_FIELDS).nullable(),
  previousEmployers: z.number().int().nullable(),
  commuteKm: z.number().int().nullable(),
  currency: z.string(),
  expectedSalary: Money.nullable(),
  notes: z.string(),
  hasResume: z.boolean(),
  stage: Stage,
  stageChangedAt: IsoInstant,
  replacementClaimId: z.string().nullable().describe("made while the order was reopened for this claim's replacement: hiring it replaces the claimed placement (fee 0)"),
  createdAt: IsoInstant,
});

const FileView = z.object({ id: z.string(), name: z.string(), mediaType: z.string(), sizeBytes: z.number(), sha256: z.string(), uploadedAt: IsoInstant, downloadUrl: z.string() });

const EventView = z.object({
  id: z.string(),
  kind: z.enum(['created', 'moved', 'comment']),
  fromStage: Stage.nullable(),
  toStage: Stage,
  comment: z.string(),
  actorName: z.string(),
  actorSide: z.enum(['poster', 'deliverer', 'platform']),
  createdAt: IsoInstant,
});

const DetailView = z.object({
  submission: SubmissionView,
  resume: FileView.nullable(),
  events: z.array(EventView),
  order: z.object({ id: z.string(), title: z.string(), status: z.string(), currency: z.string(), reward: Reward, headcount: z.number(), hiredCount: z.number() }),
  allowedMoves: z.array(Stage).describe('the moves the caller may make now'),
  sides: z.array(z.enum(['poster', 'deliverer'])).describe('which sides of the submission the caller acts for'),
  placementId: z.string().nullable().describe('the placement a hired submission became'),
});

const ListView = pageSchema(SubmissionView).extend({
  stageCounts: z.record(z.string(), z.number()).describe('submissions per stage under the same filters (stage filter aside)'),
});

const StageList = z
  .string()
  .max(200)
  .optional()
  .transform((v, ctx) => {
    if (!v) return undefined;
    const parts = v.split(',').map((s) => s.trim()).filter(Boolean);
    const bad = parts.find((p) => !(STAGES as readonly string[]).includes(p));
    if (bad) {
      ctx.addIssue({ code: 'custom', message: `unknown stage ${bad}; stages are ${STAGES.join(', ')}` });
      return z.NEVER;
    }
    return parts as (typeof STAGES)[number][];
  })
  .describe('one stage or several, comma-separated');

const PageQuery = {
  stage: StageList,
  q: z.string().trim().max(100).optional().describe('search in candidate name, employer, title and order title'),
  ...pageQuery,
};

const submissionView = (s: service.LabelledSubmission): z.infer<typeof SubmissionView> => ({
  id: s.id,
  orderId: s.orderId,
  orderTitle: s.orderTitle,
  orderStatus: s.orderStatus,
  posterOrgId: s.posterOrgId,
  posterOrgName: s.posterOrgName,
  consultantId: s.consultantId,
  consultantName: s.consultantName,
  agencyOrgId: s.agencyOrgId,
  agencyName: s.agencyName,
  candidateName: s.candidateName,
  phone: s.phone,
  email: s.email,
  currentEmployer: s.currentEmployer,
  currentTitle: s.currentTitle,
  yearsExperience: s.yearsExperience,
  education: s.education,
  educationField: s.educationField,
  previousEmployers: s.previousEmployers,
  commuteKm: s.commuteKm,
  currency: s.currency,
  expectedSalary: s.expectedSalary === null ? null : formatAmount(s.expectedSalary, s.currency),
  notes: s.notes,
  hasResume: s.resumeFileId !== null,
  stage: s.stage,
  stageChangedAt: s.stageChangedAt,
  replacementClaimId: s.replacementClaimId,
  createdAt: s.createdAt,
});

const detailView = (d: service.SubmissionDetail): z.infer<typeof DetailView> => ({
  submission: submissionView(d.submission),
  resume: d.resume && {
    id: d.resume.id,
    name: d.resume.originalName,
    mediaType: d.resume.mediaType,
    sizeBytes: d.resume.sizeBytes,
    sha256: d.resume.sha256,
    uploadedAt: d.resume.createdAt,
    downloadUrl: `/api/v1/files/${d.resume.id}`,
  },
  events: d.events.map((e) => ({
    id: e.id,
    kind: e.fromStage === null ? 'created' : e.fromStage === e.toStage ? 'comment' : 'moved',
    fromStage: e.fromStage,
    toStage: e.toStage,
    comment: e.comment,
    actorName: e.actorName,
    actorSide: e.actorOrgId === d.submission.posterOrgId ? 'poster' : e.actorOrgId === d.submission.agencyOrgId ? 'deliverer' : 'platform',
    createdAt: e.createdAt,
  })),
  order: { id: d.order.id, title: d.order.title, status: d.order.status, currency: d.order.currency, reward: d.order.reward, headcount: d.order.headcount, hiredCount: d.order.hiredCount },
  allowedMoves: d.allowedMoves,
  sides: d.sides,
  placementId: d.placementId,
});

const listView = (p: service.ListPage): z.infer<typeof ListView> => ({ items: p.items.map(submissionView), nextCursor: p.nextCursor, stageCounts: p.stageCounts });

export function registerSubmissionRoutes(app: App, deps: AppDeps): void {
  const tags = ['submissions'];
  const SubmissionParams = z.object({ submissionId: IdParam });

  app.post('/api/v1/orders/:orderId/submissions', {
    schema: {
      tags,
      summary: 'Submit a candidate to an order the caller (a consultant) has an active engagement on',
      description:
        'At least one of phone and e-mail. The candidate is identified by normalized phone or lower-cased e-mail: if another consultant submitted the same person to this poster within the ownership window, the answer is 409 `ownership_protected` with `details.protectedUntil` (YYYY-MM-DD, the first date the candidate may be submitted again) and `details.refusalId`: the refusal is stored (GET /api/v1/ownership-refusals) and can be disputed within 30 days (POST /api/v1/disputes, type `ownership`); who holds the protection is never said. Attach the résumé afterwards with POST /api/v1/submissions/{submissionId}/resume.',
      params: z.object({ orderId: IdParam }),
      body: SubmitBody,
      response: { 201: DetailView },
    },
  }, async (req, reply) => {
    const detail = await service.submitCandidate(ctxOf(deps, req), req.params.orderId, { ...req.body, notes: req.body.notes });
    return reply.code(201).send(detailView(detail));
  });

  app.get('/api/v1/orders/:orderId/submissions', {
    schema: {
      tags,
      summary: "An order's pipeline: every submission to it (the poster's people and platform ops)",
      params: z.object({ orderId: IdParam }),
      querystring: z.object(PageQuery),
      response: { 200: ListView },
    },
  }, async (req) => listView(await service.listForOrder(ctxOf(deps, req), req.params.orderId, { stages: req.query.stage, q: req.query.q, limit: req.query.limit, cursor: req.query.cursor })));

  app.get('/api/v1/submissions', {
    schema: {
      tags,
      summary: "The caller's submissions: received (to the caller org's orders) or delivered (a consultant's own, an agency admin's whole agency)",
      querystring: z.object({
        side: z.enum(['received', 'delivered']).optional().describe('default: delivered for agencies, received for everyone else'),
        orderId: IdParam.optional(),
        consultantId: IdParam.optional().describe("an agency admin's filter: one consultant's submissions"),
        ...PageQuery,
      }),
      response: { 200: ListView },
    },
  }, async (req) =>
    listView(await service.listSubmissions(ctxOf(deps, req), { side: req.query.side, orderId: req.query.orderId, consultantId: req.query.consultantId, stages: req.query.stage, q: req.query.q, limit: req.query.limit, cursor: req.query.cursor })),
  );

  app.get('/api/v1/submissions/:submissionId', {
    schema: { tags, summary: 'One submission with its résumé, stage history and comments, and the moves the caller may make', params: SubmissionParams, response: { 200: DetailView } },
  }, async (req) => detailView(await service.getSubmission(ctxOf(deps, req), req.params.submissionId)));

  app.post('/api/v1/submissions/:submissionId/stage', {
    schema: {
      tags,
      summary: 'Move a submission: the poster moves it along the pipeline or rejects it; its consultant withdraws it',
      description:
        'submitted → screening → interviewing → offered → hired (forward moves may skip stages; hired only from offered), rejected or withdrawn from any stage that is not final. Moving to hired needs `hire` and creates the placement with the order’s terms in the same transaction; it is refused when the order is not open or paused or is already filled. Invalid moves are 409 `invalid_transition`.',
      params: SubmissionParams,
      body: z.object({
        to: Stage,
        comment: z.string().max(2000).optional(),
        hire: z
          .object({
            startDate: CalendarDateString.describe('within a year of today (the poster calendar)'),
            annualSalary: Money,
            confirmOutsideRange: z.boolean().optional().describe("true to confirm an annual salary outside the order's range (else 409 naming hire.confirmOutsideRange)"),
          })
          .optional(),
      }),
      response: { 200: DetailView },
    },
  }, async (req) => detailView(await service.moveStage(ctxOf(deps, req), req.params.submissionId, req.body)));

  app.post('/api/v1/submissions/:submissionId/comments', {
    schema: { tags, summary: 'Comment on a submission without moving it (either side); the other side is notified', params: SubmissionParams, body: z.object({ comment: z.string().trim().min(1, 'must not be empty').max(2000) }), response: { 201: DetailView } },
  }, async (req, reply) => reply.code(201).send(detailView(await service.addComment(ctxOf(deps, req), req.params.submissionId, req.body.comment))));

  app.post('/api/v1/submissions/:submissionId/resume', {
    schema: {
      tags,
      summary: "Attach or replace the submission's résumé (its consultant): multipart/form-data, one file field \"file\"",
      description:
        'The type is read from the bytes: PDF, DOC, DOCX or UTF-8 text. Anything else is 415 `unsupported_media_type` naming what the file is (`details.detected`); a file over the upload limit is 413 `payload_too_large` and is not stored. The file is kept with its SHA-256; download it with GET /api/v1/files/{fileId}.',
      consumes: ['multipart/form-data'],
      params: SubmissionParams,
      body: uploadBody('the résumé: PDF, DOC, DOCX or UTF-8 text'),
      response: { 200: DetailView },
    },
    validatorCompiler: uploadValidatorCompiler,
    config: { upload: true },
  }, async (req) => detailView(await service.attachResume(ctxOf(deps, req), req.params.submissionId, () => uploadOf(req, 'the résumé'))));

  const RefusalParams = z.object({ refusalId: IdParam });
  app.get('/api/v1/ownership-refusals', {
    schema: {
      tags,
      summary: "Submissions refused by ownership protection: a consultant's own, an agency admin's agency's (platform ops all); newest first",
      description: 'Each names the order, the person, the day of the refusal and the day the protection ends, never who holds it. Dispute one within 30 days with POST /api/v1/disputes `{ type: "ownership", subjectId: <refusal id> }`.',
      querystring: z.object(pageQuery),
      response: { 200: pageSchema(RefusalView) },
    },
  }, async (req) => {
    const page = await service.listRefusals(ctxOf(deps, req), req.query);
    return { items: page.items.map(refusalView), nextCursor: page.nextCursor };
  });

  app.get('/api/v1/ownership-refusals/:refusalId', {
    schema: { tags, summary: 'One ownership refusal (the refused consultant, its agency admin, platform ops)', params: RefusalParams, response: { 200: RefusalView } },
  }, async (req) => refusalView(await service.getRefusal(ctxOf(deps, req), req.params.refusalId)));
}

const RefusalView = z.object({
  id: z.string(),
  orderId: z.string(),
  orderTitle: z.string(),
  posterOrgName: z.string(),
  consultantName: z.string().describe('the refused consultant'),
  candidateName: z.string(),
  refusedOn: CalendarDateString.describe("the day of the refusal, in the poster's time zone (the dispute window counts from it)"),
  protectedUntil: CalendarDateString.describe('the first day the candidate may be submitted again'),
  disputeWindowClosesOn: CalendarDateString.describe('the last day the refusal can be disputed (+30)'),
  acceptedSubmissionId: z.string().nullable().describe('the submission an overturned ownership dispute accepted'),
  createdAt: IsoInstant,
});

const refusalView = (r: service.RefusalView): z.infer<typeof RefusalView> => ({ ...r, disputeWindowClosesOn: refusalDisputableUntil(r.refusedOn) });
