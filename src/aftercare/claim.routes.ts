import { z } from 'zod';
import type { AppDeps } from '../platform/deps.ts';
import { ctxOf } from '../platform/http/app.ts';
import { CalendarDateString, IdParam, IsoInstant } from '../platform/http/schemas.ts';
import type { App } from '../platform/http/types.ts';
import { parseCalendarDate, type CalendarDate } from '../platform/calendar-date.ts';
import { invalidInput } from '../platform/errors.ts';
import { formatAmount } from '../platform/money.ts';
import { REMEDY_KINDS, TERMINATION_REASONS } from '../plans/terms.schema.ts';
import { INELIGIBILITY_CODES } from './claim-evaluation.rules.ts';
import { CLAIM_STATES } from './claim.rules.ts';
import { CLAUSES, claimDecisionInWords } from './claim-wording.rules.ts';
import * as claims from './claim.service.ts';

const Remedy = z.enum(REMEDY_KINDS);
const Decision = z.object({
  status: z.enum(['eligible', 'needs_review', 'ineligible']),
  codes: z.array(z.enum(INELIGIBILITY_CODES)),
  daysServed: z.number().int(),
  allowedRemedies: z.array(Remedy),
  remedyRejected: z.enum(['replacements_exhausted', 'remedy_not_offered']).nullable(),
  refund: z.object({ amount: z.string(), finalFee: z.string(), cashRefund: z.string(), stillDue: z.string() }).nullable(),
  replacement: z.object({ deliverBy: CalendarDateString, guaranteeDays: z.number().int() }).nullable(),
}).describe('exactly the claim engine’s output (DESIGN §4.3)');

const Worded = z.array(z.object({ clause: z.enum(CLAUSES), met: z.boolean().nullable(), text: z.string() }));

const ClaimView = z.object({
  id: z.string(),
  placementId: z.string(),
  reason: z.enum(TERMINATION_REASONS),
  lastWorkingDay: CalendarDateString.nullable(),
  reportedOn: CalendarDateString,
  remedy: Remedy.nullable(),
  comment: z.string(),
  evidenceFileIds: z.array(z.string()),
  state: z.enum(CLAIM_STATES),
  decision: Decision,
  termsHash: z.string(),
  replacementPlacementId: z.string().nullable(),
  deliverBy: CalendarDateString.nullable(),
  extended: z.boolean(),
  review: z.object({ covered: z.boolean(), reason: z.string() }).nullable(),
  setAsideCodes: z.array(z.string()).describe('ineligibility codes an arbitrator set aside when overturning a rejection (disputes); the decision is as if they were absent'),
  createdAt: IsoInstant,
  updatedAt: IsoInstant,
});

const ReplacementView = z
  .object({
    orderId: z.string().describe('the order reopened for the delivering agency while the replacement is pending'),
    submissions: z.array(z.object({ id: z.string(), candidateName: z.string(), consultantName: z.string(), stage: z.string(), createdAt: IsoInstant, placementId: z.string().nullable() })).describe('replacement submissions the caller may see'),
    placement: z.object({ id: z.string(), status: z.string(), startDate: CalendarDateString, guaranteeDays: z.number().int() }).nullable().describe('the replacement placement, once hired (fee 0)'),
  })
  .nullable();

const ClaimDetailView = ClaimView.extend({
  inWords: z.object({ 'zh-CN': Worded, en: Worded }).describe('the decision clause by clause, in both languages'),
  placement: z.object({
    candidateName: z.string(),
    orderTitle: z.string().nullable(),
    startDate: CalendarDateString,
    fee: z.string().describe('the fee the decision rests on (for a replacement, the fee of the hire it replaces)'),
    currency: z.string(),
    status: z.string(),
    guaranteeDays: z.number().int(),
    replacesPlacementId: z.string().nullable(),
  }),
  replacement: ReplacementView.describe('the replacement remedy: its submissions and placement'),
});

const view = (c: claims.Claim): z.infer<typeof ClaimView> => ({
  id: c.id,
  placementId: c.placementId,
  reason: c.reason,
  lastWorkingDay: c.lastWorkingDay,
  reportedOn: c.reportedOn,
  remedy: c.remedy,
  comment: c.comment,
  evidenceFileIds: c.evidenceFileIds,
  state: c.state,
  decision: c.decision,
  termsHash: c.termsHash,
  replacementPlacementId: c.replacementPlacementId,
  deliverBy: c.deliverBy,
  extended: c.extended,
  review: c.review,
  setAsideCodes: c.setAsideCodes,
  createdAt: c.createdAt,
  updatedAt: c.updatedAt,
});

function detailView(d: claims.ClaimDetail): z.infer<typeof ClaimDetailView> {
  const p = d.placement;
  const fee = formatAmount(p.feeBasis, p.currency);
  const input = { terms: claims.termsRun(p), decision: d.claim.decision, claim: { reason: d.claim.reason, lastWorkingDay: d.claim.lastWorkingDay, reportedOn: d.claim.reportedOn, startDate: p.startDate, fee } };
  return {
    ...view(d.claim),
    inWords: { 'zh-CN': claimDecisionInWords(input, 'zh-CN'), en: claimDecisionInWords(input, 'en') },
    placement: { candidateName: p.candidateName, orderTitle: p.orderTitle, startDate: p.startDate, fee, currency: p.currency, status: p.status, guaranteeDays: p.guaranteeDays, replacesPlacementId: p.replacesPlacementId },
    replacement: d.replacement && { orderId: p.orderId, ...d.replacement },
  };
}

const DateField = CalendarDateString.transform((v, c): CalendarDate => {
  try {
    return parseCalendarDate(v, 'lastWorkingDay');
  } catch {
    c.addIssue({ code: 'custom', message: 'must be a calendar date' });
    return z.NEVER;
  }
});

const FileClaimBody = z
  .object({
    reason: z.enum(TERMINATION_REASONS),
    lastWorkingDay: DateField.nullable().optional().describe('required except for no_show'),
    remedy: Remedy.nullable(),
    comment: z.string().trim().max(4000).optional(),
    evidenceFileIds: z.array(IdParam).max(20).optional(),
  })
  .strict();

const ClaimParams = z.object({ claimId: IdParam });

export function registerClaimRoutes(app: App, deps: AppDeps): void {
  const tags = ['claims'];

  app.post('/api/v1/placements/:placementId/claims', {
    schema: {
      tags,
      summary: 'Report a departure (poster’s users): decided at once by the terms; an ineligible claim is a decision, not an error. A claim open, or the placement ended: 409',
      params: z.object({ placementId: IdParam }),
      body: FileClaimBody,
      response: { 201: ClaimDetailView },
    },
  }, async (req, reply) => {
    const ctx = ctxOf(deps, req);
    const b = req.body;
    if (b.reason !== 'no_show' && !b.lastWorkingDay) {
      throw invalidInput('lastWorkingDay', 'required unless the reason is no_show');
    }
    const claim = await claims.fileClaim(ctx, req.params.placementId, { reason: b.reason, lastWorkingDay: b.lastWorkingDay ?? null, remedy: b.remedy, comment: b.comment, evidenceFileIds: b.evidenceFileIds });
    return reply.code(201).send(detailView(await claims.getClaim(ctx, claim.id)));
  });

  app.get('/api/v1/placements/:placementId/claims', {
    schema: { tags, summary: "A placement's claims, newest first", params: z.object({ placementId: IdParam }), response: { 200: z.object({ items: z.array(ClaimView), nextCursor: z.null() }) } },
  }, async (req) => ({ items: (await claims.claimsOfPlacement(ctxOf(deps, req), req.params.placementId)).map(view), nextCursor: null }));

  app.get('/api/v1/claims', {
    schema: {
      tags,
      summary: 'Claims the caller may see (ops: all; each side its own), newest first; ops’ review queue is ?state=pending_review',
      querystring: z.object({ state: z.enum(CLAIM_STATES).optional(), limit: z.coerce.number().int().min(1).max(200).default(50), cursor: z.string().max(500).optional() }),
      response: { 200: z.object({ items: z.array(ClaimView), nextCursor: z.string().nullable() }) },
    },
  }, async (req) => {
    const page = await claims.listClaims(ctxOf(deps, req), req.query);
    return { items: page.items.map(view), nextCursor: page.nextCursor };
  });

  app.get('/api/v1/claims/:claimId', {
    schema: { tags, summary: 'One claim with its decision in words beside the clauses it rests on', params: ClaimParams, response: { 200: ClaimDetailView } },
  }, async (req) => detailView(await claims.getClaim(ctxOf(deps, req), req.params.claimId)));

  app.post('/api/v1/claims/:claimId/remedy', {
    schema: { tags, summary: 'The poster picks a remedy for an awaiting_remedy claim (one of its allowedRemedies)', params: ClaimParams, body: z.object({ remedy: Remedy }).strict(), response: { 200: ClaimDetailView } },
  }, async (req) => {
    const ctx = ctxOf(deps, req);
    const c = await claims.chooseRemedy(ctx, req.params.claimId, req.body.remedy);
    return detailView(await claims.getClaim(ctx, c.id));
  });

  app.post('/api/v1/claims/:claimId/review', {
    schema: {
      tags,
      summary: 'Platform ops decide a pending_review claim: covered (it goes on as eligible) or not (rejected), with a written reason',
      params: ClaimParams,
      body: z.object({ covered: z.boolean(), reason: z.string().trim().min(1, 'must not be empty').max(4000) }).strict(),
      response: { 200: ClaimDetailView },
    },
  }, async (req) => {
    const ctx = ctxOf(deps, req);
    const c = await claims.reviewClaim(ctx, req.params.claimId, req.body);
    return detailView(await claims.getClaim(ctx, c.id));
  });

  app.post('/api/v1/claims/:claimId/convert-to-refund', {
    schema: { tags, summary: 'A replacement_overdue claim becomes a refund as of the original report', params: ClaimParams, body: z.object({}).strict().nullish(), response: { 200: ClaimDetailView } },
  }, async (req) => {
    const ctx = ctxOf(deps, req);
    const c = await claims.convertToRefund(ctx, req.params.claimId);
    return detailView(await claims.getClaim(ctx, c.id));
  });

  app.post('/api/v1/claims/:claimId/extend', {
    schema: { tags, summary: 'The poster extends an overdue replacement once by the terms’ deliveryDays', params: ClaimParams, body: z.object({}).strict().nullish(), response: { 200: ClaimDetailView } },
  }, async (req) => {
    const ctx = ctxOf(deps, req);
    const c = await claims.extendReplacement(ctx, req.params.claimId);
    return detailView(await claims.getClaim(ctx, c.id));
  });
}
