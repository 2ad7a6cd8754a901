import { z } from 'zod';
import type { AppDeps } from '../platform/deps.ts';
import { ctxOf } from '../platform/http/app.ts';
import { uploadBody, uploadValidatorCompiler } from '../platform/http/multipart.ts';
import { pageQuery, pageSchema } from '../platform/http/pagination.ts';
import { CalendarDateString, IdParam, IsoInstant } from '../platform/http/schemas.ts';
import type { App } from '../platform/http/types.ts';
import { uploadOf } from '../platform/http/upload.ts';
import { UNLIKELY_BELOW, type GrowthCurve } from './growth-curve.rules.ts';
import * as service from './service.ts';

const Localized = z.object({ zh: z.string(), en: z.string() });
const TaskStatus = z.enum(['scheduled', 'open', 'overdue', 'passed', 'failed']);

const EvidenceView = z.object({
  id: z.string().describe('the file id: name it in the score’s `evidenceFileIds`'),
  taskId: z.string(),
  name: z.string(),
  mediaType: z.string().describe('the type read from the bytes'),
  sizeBytes: z.number().int(),
  sha256: z.string(),
  uploadedAt: IsoInstant,
  downloadUrl: z.string(),
});

const evidenceView = (e: service.EvidenceView): z.infer<typeof EvidenceView> => ({
  id: e.id,
  taskId: e.taskId,
  name: e.originalName,
  mediaType: e.mediaType,
  sizeBytes: e.sizeBytes,
  sha256: e.sha256,
  uploadedAt: e.createdAt,
  downloadUrl: `/api/v1/files/${e.id}`,
});

const TaskView = z.object({
  id: z.string().describe('the assessment task (before it opens: the id it will keep)'),
  placementId: z.string(),
  day: z.number().int().describe('the employment day the milestone measures'),
  passScore: z.number().int(),
  skill: Localized.nullable(),
  opensOn: CalendarDateString,
  dueOn: CalendarDateString.describe('the last day of the 7-day window to record the score (a late score is still taken)'),
  status: TaskStatus,
  dueSoon: z.boolean().describe('unscored and due within 7 days (or overdue)'),
  score: z.number().int().nullable(),
  notes: z.string().nullable(),
  scoredOn: CalendarDateString.nullable(),
  scoredAt: IsoInstant.nullable(),
  late: z.boolean(),
  warningPermille: z.number().int().nullable().describe('when this score warned both sides: the chance (thousandths) of clearing the last milestone'),
  evidence: z.array(EvidenceView),
});

const taskView = (t: service.TaskView): z.infer<typeof TaskView> => ({ ...t, evidence: t.evidence.map(evidenceView) });

const r3 = (v: number): number => Math.round(v * 1000) / 1000;

const CurveView = z.object({
  status: z.enum(['no_scores', 'one_score', 'projected', 'measured']),
  targetDay: z.number().int().describe('the last milestone’s day'),
  threshold: z.number().int().describe('the last milestone’s pass score'),
  unlikelyBelow: z.number().describe('a probability below this is "unlikely": both sides are warned'),
  points: z.array(z.object({ day: z.number().int(), score: z.number().int() })),
  trend: z
    .object({
      slope: z.number().describe('points per day'),
      intercept: z.number(),
      residualSd: z.number().describe('s, the residual standard deviation (pooled with the prior)'),
      residualSdFrom: z.enum(['prior', 'pooled']).describe('prior: two scores, whose residuals say nothing of the noise'),
      n: z.number().int(),
    })
    .nullable(),
  projection: z
    .object({ day: z.number().int(), score: z.number(), standardError: z.number(), low: z.number(), high: z.number(), probability: z.number(), unlikely: z.boolean() })
    .nullable(),
  measured: z.object({ score: z.number().int(), passed: z.boolean() }).nullable(),
  band: z.array(z.object({ day: z.number().int(), fit: z.number(), low: z.number(), high: z.number() })).describe('the 80 % prediction band, day 1 to the target day'),
});

const curveView = (c: GrowthCurve): z.infer<typeof CurveView> => ({
  status: c.status,
  targetDay: c.targetDay,
  threshold: c.threshold,
  unlikelyBelow: r3(UNLIKELY_BELOW),
  points: c.points,
  trend: c.trend && { slope: Math.round(c.trend.slope * 1e6) / 1e6, intercept: r3(c.trend.intercept), residualSd: r3(c.trend.residualSd), residualSdFrom: c.trend.residualSdFrom, n: c.trend.n },
  projection: c.projection && {
    day: c.projection.day,
    score: r3(c.projection.score),
    standardError: r3(c.projection.standardError),
    low: r3(c.projection.low),
    high: r3(c.projection.high),
    probability: r3(c.projection.probability),
    unlikely: c.projection.unlikely,
  },
  measured: c.measured,
  band: c.band.map((b) => ({ day: b.day, fit: r3(b.fit), low: r3(b.low), high: r3(b.high) })),
});

const AssessmentsView = z.object({
  placementId: z.string(),
  candidateName: z.string(),
  posterOrgName: z.string(),
  startDate: CalendarDateString,
  status: z.string(),
  today: CalendarDateString.describe('the business date in the employer’s time zone'),
  assessor: z.object({ orgId: z.string(), name: z.string(), assignedAt: IsoInstant }).nullable(),
  canAssign: z.boolean().describe('the caller may assign (or change) the assessor org'),
  canScore: z.boolean().describe('the caller belongs to the assigned assessor org and the placement is in service'),
  milestones: z.array(TaskView),
  curve: CurveView,
});

const assessmentsView = (a: service.PlacementAssessments): z.infer<typeof AssessmentsView> => ({ ...a, milestones: a.milestones.map(taskView), curve: curveView(a.curve) });

const AssignedPlacementView = z.object({
  placementId: z.string(),
  candidateName: z.string(),
  posterOrgName: z.string(),
  startDate: CalendarDateString,
  status: z.string(),
  assignedAt: IsoInstant,
  scored: z.number().int(),
  milestones: z.number().int(),
  failed: z.number().int(),
  nextTask: z.object({ id: z.string(), day: z.number().int(), dueOn: CalendarDateString, status: TaskStatus }).nullable(),
});

const OpenTaskView = TaskView.extend({ candidateName: z.string(), posterOrgName: z.string() });

const PlacementParams = z.object({ placementId: IdParam });
const TaskParams = z.object({ assessmentTaskId: IdParam });

const EVIDENCE_RULES =
  'The type is read from the bytes: PDF, DOC, DOCX, UTF-8 text, PNG or JPEG; anything else is 415 naming what it is, over the upload limit 413 (nothing stored). Readable by the assessor org, and once named in the recorded score by both sides of the placement and platform ops.';

export function registerAssessmentRoutes(app: App, deps: AppDeps): void {
  const tags = ['assessments'];

  app.get('/api/v1/assessor-orgs', {
    schema: { tags, summary: 'The assessor orgs one may assign to a skill-plan placement, by name (poster’s users, platform ops)', response: { 200: pageSchema(z.object({ id: z.string(), name: z.string() })) } },
  }, async (req) => ({ items: await service.listAssessorOrgs(ctxOf(deps, req)), nextCursor: null }));

  app.get('/api/v1/placements/:placementId/assessments', {
    schema: {
      tags,
      summary: 'A placement’s skill assessments: the assessor org, its milestones with scores, and the growth curve (both sides, ops, the assigned assessor org)',
      params: PlacementParams,
      response: { 200: AssessmentsView },
    },
  }, async (req) => assessmentsView(await service.getPlacementAssessments(ctxOf(deps, req), req.params.placementId)));

  app.put('/api/v1/placements/:placementId/assessor', {
    schema: {
      tags,
      summary: 'Assign (or hand over) the placement’s assessor org (poster’s users, platform ops); the plan must have skill milestones',
      params: PlacementParams,
      body: z.object({ assessorOrgId: IdParam }).strict(),
      response: { 200: AssessmentsView },
    },
  }, async (req) => assessmentsView(await service.assignAssessor(ctxOf(deps, req), req.params.placementId, req.body.assessorOrgId)));

  app.get('/api/v1/assessments/placements', {
    schema: {
      tags,
      summary: 'The workbench: placements assigned to the caller’s assessor org, newest assignment first (assessor orgs only)',
      querystring: z.object(pageQuery).strict(),
      response: { 200: pageSchema(AssignedPlacementView) },
    },
  }, async (req) => service.listAssignedPlacements(ctxOf(deps, req), { limit: req.query.limit, cursor: req.query.cursor }));

  app.get('/api/v1/assessments/tasks', {
    schema: {
      tags,
      summary: 'The workbench: the caller’s assessor org’s unscored assessment tasks, earliest due first (assessor orgs only); dueSoon=true keeps those due within 7 days, overdue included',
      querystring: z.object({ ...pageQuery, dueSoon: z.enum(['true', 'false']).default('false') }).strict(),
      response: { 200: pageSchema(OpenTaskView) },
    },
  }, async (req) => {
    const page = await service.listOpenTasks(ctxOf(deps, req), { limit: req.query.limit, cursor: req.query.cursor, dueSoon: req.query.dueSoon === 'true' });
    return { items: page.items.map((t) => ({ ...taskView(t), candidateName: t.candidateName, posterOrgName: t.posterOrgName })), nextCursor: page.nextCursor };
  });

  app.post('/api/v1/assessment-tasks/:assessmentTaskId/evidence', {
    schema: {
      tags,
      summary: 'Upload an evidence file for an open assessment task (the assigned assessor org): multipart/form-data, one file field "file"; name its id in the score’s `evidenceFileIds`',
      description: EVIDENCE_RULES,
      consumes: ['multipart/form-data'],
      params: TaskParams,
      body: uploadBody('the evidence: PDF, DOC, DOCX, UTF-8 text, PNG or JPEG'),
      response: { 201: EvidenceView },
    },
    validatorCompiler: uploadValidatorCompiler,
    config: { upload: true },
  }, async (req, reply) => reply.code(201).send(evidenceView(await service.uploadTaskEvidence(ctxOf(deps, req), req.params.assessmentTaskId, () => uploadOf(req, 'the evidence')))));

  app.post('/api/v1/assessment-tasks/:assessmentTaskId/score', {
    schema: {
      tags,
      summary: 'Record a milestone’s score, once (the assigned assessor org): a whole number 0–100 with notes and evidence; below the pass score the milestone fails. Both sides are told, and warned when the growth curve makes the last milestone unlikely',
      params: TaskParams,
      body: z
        .object({
          score: z.number().int('must be a whole number').min(0).max(100),
          notes: z.string().trim().min(1, 'must not be empty').max(4000),
          evidenceFileIds: z.array(IdParam).max(20).optional(),
        })
        .strict(),
      response: { 200: TaskView },
    },
  }, async (req) => taskView(await service.recordScore(ctxOf(deps, req), req.params.assessmentTaskId, req.body)));
}
