import { z } from 'zod';
import type { AppDeps } from '../platform/deps.ts';
import { ctxOf } from '../platform/http/app.ts';
import { CalendarDateString, IdParam, IsoInstant } from '../platform/http/schemas.ts';
import type { App } from '../platform/http/types.ts';
import { TERMINATION_REASONS } from '../plans/terms.schema.ts';
import { CLAIM_STATES } from './claim.rules.ts';
import { FLAG_REASONS } from './checkin.rules.ts';
import * as checkins from './checkin.service.ts';
import { dashboardFor } from './dashboard.service.ts';
import * as flags from './flag.service.ts';
import type { Claim } from './claim.service.ts';
import type { SupportTask } from './store.ts';
import * as tasks from './task.service.ts';
import { registerClaimRoutes } from './claim.routes.ts';
import { registerEvidenceRoutes } from './evidence.routes.ts';

const Comment = z.string().trim().max(2000).optional();
const Scale5 = z.number().int().min(1).max(5);
const Scale4 = z.number().int().min(1).max(4);

export const EmployerAnswersBody = z.object({ performance: Scale5, teamFit: Scale5, dismissalRisk: z.boolean(), comment: Comment }).strict();
export const CandidateAnswersBody = z
  .object({
    overallSatisfaction: Scale5,
    jobSatisfaction: Scale4,
    environmentSatisfaction: Scale4,
    relationshipSatisfaction: Scale4,
    workLifeBalance: Scale4,
    jobInvolvement: Scale4,
    overTime: z.boolean(),
    intentToStay: Scale5,
    comment: Comment,
  })
  .strict();

const FormView = z.object({
  id: z.string(),
  day: z.number().int(),
  respondent: z.enum(['employer', 'candidate']),
  opensOn: CalendarDateString,
  closesOn: CalendarDateString.describe('the last day the form can be answered'),
  status: z.enum(['scheduled', 'open', 'answered', 'missed']),
  answeredAt: IsoInstant.nullable(),
  answers: z.record(z.string(), z.unknown()).nullable(),
  linkActive: z.boolean().describe('a candidate link for this form is live (not revoked, not spent)'),
});

const TaskView = z.object({
  id: z.string(),
  placementId: z.string(),
  kind: z.string(),
  source: z.enum(['terms', 'flag']),
  dueOn: CalendarDateString,
  status: z.enum(['open', 'done', 'overdue']),
  doneAt: IsoInstant.nullable(),
  doneOn: CalendarDateString.nullable(),
  note: z.string().nullable(),
});

const FlagView = z.object({ id: z.string(), formId: z.string().nullable(), reasons: z.array(z.enum(FLAG_REASONS)), flaggedOn: CalendarDateString, createdAt: IsoInstant });

const formView = (f: checkins.FormView): z.infer<typeof FormView> => ({
  id: f.id,
  day: f.day,
  respondent: f.respondent,
  opensOn: f.opensOn,
  closesOn: f.closesOn,
  status: f.status,
  answeredAt: f.answeredAt,
  answers: f.answers,
  linkActive: f.linkActive,
});

export const taskView = (t: SupportTask): z.infer<typeof TaskView> => ({
  id: t.id,
  placementId: t.placementId,
  kind: t.kind,
  source: t.source,
  dueOn: t.dueOn,
  status: t.status,
  doneAt: t.doneAt,
  doneOn: t.doneOn,
  note: t.note,
});

export { TaskView };

const PlacementParams = z.object({ placementId: IdParam });
const CheckinParams = z.object({ checkinId: IdParam });
// The token is checked by shape in the service too: any other text gets the same refusal as a wrong token.
const TokenParams = z.object({ token: z.string().min(1).max(300) });

/** The origin links are built on: the address the caller used (the web app's own). */
const originOf = (req: { protocol: string; host: string }): string => `${req.protocol}://${req.host}`;

export function registerAftercareRoutes(app: App, deps: AppDeps): void {
  const tags = ['aftercare'];

  app.get('/api/v1/placements/:placementId/checkins', {
    schema: { tags, summary: "A placement's check-in forms, one per day and respondent, from acceptance on (scheduled until they open)", params: PlacementParams, response: { 200: z.object({ items: z.array(FormView), nextCursor: z.null() }) } },
  }, async (req) => ({ items: (await checkins.listCheckins(ctxOf(deps, req), req.params.placementId)).map(formView), nextCursor: null }));

  app.post('/api/v1/checkins/:checkinId/answers', {
    schema: { tags, summary: "The employer answers its open check-in form (poster's users)", params: CheckinParams, body: EmployerAnswersBody, response: { 200: FormView } },
  }, async (req) => {
    const form = await checkins.answerEmployerForm(ctxOf(deps, req), req.params.checkinId, req.body);
    return formView({ ...form, linkActive: false });
  });

  app.post('/api/v1/checkins/:checkinId/candidate-link', {
    schema: {
      tags,
      summary: 'A new link for an open candidate form (the delivering consultant or the poster); the previous link stops working',
      params: CheckinParams,
      body: z.object({}).strict().nullish(),
      response: { 200: z.object({ url: z.string(), token: z.string(), expiresAt: IsoInstant }) },
    },
  }, async (req) => checkins.issueCandidateLink(ctxOf(deps, req), req.params.checkinId, originOf(req)));

  app.get('/api/v1/public/checkins/:token', {
    config: { public: true },
    schema: {
      tags,
      summary: "The candidate's check-in form behind a link: the candidate's first name and the job title only",
      params: TokenParams,
      response: { 200: z.object({ firstName: z.string(), jobTitle: z.string(), day: z.number().int(), closesOn: CalendarDateString }) },
    },
  }, async (req, reply) => {
    reply.header('cache-control', 'no-store').header('referrer-policy', 'no-referrer');
    return checkins.publicForm(deps, req.params.token);
  });

  app.post('/api/v1/public/checkins/:token', {
    config: { public: true },
    schema: { tags, summary: 'The candidate answers through the link (once; the link is spent with it)', params: TokenParams, body: CandidateAnswersBody, response: { 200: z.object({ answered: z.literal(true) }) } },
  }, async (req, reply) => {
    reply.header('cache-control', 'no-store').header('referrer-policy', 'no-referrer');
    await checkins.answerCandidateForm(deps, req.params.token, req.body);
    return { answered: true as const };
  });

  app.get('/api/v1/placements/:placementId/flags', {
    schema: { tags, summary: 'Why a placement is flagged (worrying answers, missed candidate forms): both sides see the reasons', params: PlacementParams, response: { 200: z.object({ items: z.array(FlagView), nextCursor: z.null() }) } },
  }, async (req) => ({ items: await flags.listFlags(ctxOf(deps, req), req.params.placementId), nextCursor: null }));

  app.get('/api/v1/placements/:placementId/tasks', {
    schema: { tags, summary: "A placement's support tasks (from its terms and from flags)", params: PlacementParams, response: { 200: z.object({ items: z.array(TaskView), nextCursor: z.null() }) } },
  }, async (req) => ({ items: (await tasks.listTasks(ctxOf(deps, req), req.params.placementId)).map(taskView), nextCursor: null }));

  app.post('/api/v1/tasks/:taskId/complete', {
    schema: { tags, summary: 'The delivering consultant marks a support task done, with a note', params: z.object({ taskId: IdParam }), body: z.object({ note: z.string().trim().min(1, 'must not be empty').max(4000) }).strict(), response: { 200: TaskView } },
  }, async (req) => taskView(await tasks.completeTask(ctxOf(deps, req), req.params.taskId, req.body.note)));

  app.get('/api/v1/orgs/:orgId/task-rates', {
    schema: {
      tags,
      summary: "On-time rate of support tasks per consultant of an agency (its admins and consultants, ops)",
      params: z.object({ orgId: IdParam }),
      response: {
        200: z.object({
          items: z.array(z.object({ consultantId: z.string(), consultantName: z.string().nullable(), onTime: z.number().int(), late: z.number().int(), overdue: z.number().int(), counted: z.number().int(), rate: z.number().nullable() })),
          nextCursor: z.null(),
        }),
      },
    },
  }, async (req) => ({ items: await tasks.agencyTaskRates(ctxOf(deps, req), req.params.orgId), nextCursor: null }));

  const FormItem = z.object({ id: z.string(), placementId: z.string(), candidateName: z.string(), orderTitle: z.string().nullable(), day: z.number().int(), respondent: z.enum(['employer', 'candidate']), closesOn: CalendarDateString, status: z.enum(['scheduled', 'open', 'answered', 'missed']) });
  const TaskItem = z.object({ id: z.string(), placementId: z.string(), candidateName: z.string(), orderTitle: z.string().nullable(), kind: z.string(), dueOn: CalendarDateString, status: z.enum(['open', 'done', 'overdue']), consultantName: z.string().nullable() });
  const ClaimItem = z.object({ id: z.string(), placementId: z.string(), reason: z.enum(TERMINATION_REASONS), reportedOn: CalendarDateString, state: z.enum(CLAIM_STATES), deliverBy: CalendarDateString.nullable() });
  app.get('/api/v1/aftercare/dashboard', {
    schema: {
      tags,
      summary: "The caller's after-sales dashboard: what its role watches (employer, consultant, agency admin, ops)",
      response: {
        200: z.object({
          inGuarantee: z.array(z.object({ id: z.string(), candidateName: z.string(), orderTitle: z.string().nullable(), startDate: CalendarDateString })),
          toAnswer: z.array(FormItem),
          dueCheckins: z.array(FormItem),
          missed: z.array(FormItem),
          flagged: z.array(z.object({ placementId: z.string(), candidateName: z.string(), orderTitle: z.string().nullable(), lastFlaggedOn: CalendarDateString, reasons: z.array(z.enum(FLAG_REASONS)), status: z.string() })),
          tasks: z.array(TaskItem),
          replacements: z.array(ClaimItem),
          claims: z.array(ClaimItem),
          reviewQueue: z.array(ClaimItem),
          overdueTasks: z.array(TaskItem),
          claimsByState: z.record(z.string(), z.number().int()),
        }),
      },
    },
  }, async (req) => {
    const d = await dashboardFor(ctxOf(deps, req));
    const claim = (c: Claim) => ({ id: c.id, placementId: c.placementId, reason: c.reason, reportedOn: c.reportedOn, state: c.state, deliverBy: c.deliverBy });
    return { ...d, replacements: d.replacements.map(claim), claims: d.claims.map(claim), reviewQueue: d.reviewQueue.map(claim) };
  });

  registerClaimRoutes(app, deps);
  registerEvidenceRoutes(app, deps);
}
