import { z } from 'zod';
import type { AppDeps } from '../platform/deps.ts';
import { ctxOf } from '../platform/http/app.ts';
import { uploadBody, uploadValidatorCompiler } from '../platform/http/multipart.ts';
import { pageQuery, pageSchema } from '../platform/http/pagination.ts';
import { CalendarDateString, IdParam, IsoInstant } from '../platform/http/schemas.ts';
import type { App } from '../platform/http/types.ts';
import { uploadOf } from '../platform/http/upload.ts';
import { formatAmount } from '../platform/money.ts';
import { DISPUTE_OUTCOMES, DISPUTE_STATES, DISPUTE_TYPES, otherSide } from './dispute.rules.ts';
import * as service from './service.ts';

const Side = z.enum(['poster', 'deliverer', 'owner']).describe('`owner`: in an ownership dispute, the side whose submission held the protection (never named to the refused side)');
const RaisingSide = z.enum(['poster', 'deliverer']);
const Statement = (what: string) => z.string().trim().min(1, 'must not be empty').max(8000).describe(what);
const FileIds = z.array(IdParam).max(20).optional().describe('files your org uploaded (GET /api/v1/files/{id}); or add them later with POST /api/v1/disputes/{id}/evidence');
const DisputeParams = z.object({ disputeId: IdParam });

const DisputeView = z.object({
  id: z.string(),
  type: z.enum(['claim_decision', 'refund_amount', 'service_quality', 'payment', 'ownership']),
  subjectId: z.string().describe('the claim (claim_decision, refund_amount), the installment (payment), the placement (service_quality) or the ownership refusal (ownership)'),
  claimId: z.string().nullable(),
  refusal: z
    .object({ id: z.string(), orderId: z.string(), orderTitle: z.string(), candidateName: z.string(), refusedOn: CalendarDateString, protectedUntil: CalendarDateString.describe('the day the protection ends'), acceptedSubmissionId: z.string().nullable().describe('the submission an overturned dispute accepted') })
    .nullable()
    .describe('an ownership dispute: the refusal contested (never who held the protection); null for other types'),
  installmentId: z.string().nullable().describe('the installment of a payment dispute'),
  currency: z.string().describe("the placement's currency: of the amounts of the decision and the payments"),
  payments: z.array(z.object({ id: z.string(), amount: z.string(), paidOn: CalendarDateString, reversedOn: CalendarDateString.nullable() })).describe("a payment dispute: the payments recorded on its installment (a reversed one with the day); empty for other types"),
  placementId: z.string().nullable().describe('null for an ownership dispute (before any placement)'),
  state: z.enum(DISPUTE_STATES),
  raisedBy: z.object({ side: RaisingSide, userId: z.string() }),
  respondent: z.object({ side: Side }),
  arbitratorUserId: z.string().nullable(),
  deadlines: z.object({
    contestedOn: CalendarDateString.describe('the day of the decision contested'),
    windowClosesOn: CalendarDateString.describe('the last day it could be disputed (+30)'),
    raisedOn: CalendarDateString,
    answerBy: CalendarDateString.describe('the other party answers by this day (+7)'),
    decideBy: CalendarDateString.describe('the arbitrator decides by this day (+14)'),
  }).describe("calendar dates in the employer's time zone"),
  statement: z.string(),
  response: z.object({ statement: z.string().nullable(), respondedAt: IsoInstant.nullable(), missed: z.boolean().describe('the answer deadline passed in silence (noted, not fatal)') }),
  evidence: z.array(z.object({ id: z.string(), fileId: z.string(), side: Side, name: z.string(), mediaType: z.string(), sizeBytes: z.number(), sha256: z.string(), addedAt: IsoInstant, downloadUrl: z.string() })),
  decision: z
    .object({
      outcome: z.enum(DISPUTE_OUTCOMES),
      amount: z.string().nullable().describe('decimal in major units of `currency`, for an adjustment'),
      currency: z.string(),
      reasons: z.string(),
      decidedOn: CalendarDateString,
      decidedAt: IsoInstant,
      effects: z.record(z.string(), z.unknown()).describe('what applying it did: the claim state, amounts in minor units, transfer ids'),
    })
    .nullable(),
  overdue: z.boolean().describe('not decided by decideBy'),
  overdueOn: CalendarDateString.nullable().describe('the day it was flagged to platform operations'),
  mySide: Side.nullable(),
  can: z.object({ respond: z.boolean(), addEvidence: z.boolean(), assign: z.boolean(), decide: z.boolean() }),
  today: CalendarDateString,
  createdAt: IsoInstant,
  updatedAt: IsoInstant,
});

const ArbitratorView = z.object({ id: z.string(), name: z.string(), tiedOrgIds: z.array(z.string()) });

const view = (d: service.DisputeView): z.infer<typeof DisputeView> => ({
  id: d.id,
  type: d.type,
  subjectId: d.subjectId,
  claimId: d.claimId,
  refusal: d.refusal,
  installmentId: d.installmentId,
  currency: d.currency,
  payments: d.payments.map((x) => ({ id: x.id, amount: formatAmount(x.amount, d.currency), paidOn: x.paidOn, reversedOn: x.reversedOn })),
  placementId: d.placementId,
  state: d.state,
  raisedBy: { side: d.raisedBySide, userId: d.raisedBy },
  respondent: { side: otherSide(d.raisedBySide, d.type) },
  arbitratorUserId: d.arbitratorUserId,
  deadlines: { contestedOn: d.contestedOn, windowClosesOn: d.windowClosesOn, raisedOn: d.raisedOn, answerBy: d.answerBy, decideBy: d.decideBy },
  statement: d.statement,
  response: { statement: d.responseStatement, respondedAt: d.respondedAt, missed: d.responseMissed },
  evidence: d.evidence.map((e) => ({ ...e, downloadUrl: `/api/v1/files/${e.fileId}` })),
  decision:
    d.outcome && d.decidedOn && d.decidedAt
      ? { outcome: d.outcome, amount: d.amount === null ? null : formatAmount(d.amount, d.currency), currency: d.currency, reasons: d.reasons ?? '', decidedOn: d.decidedOn, decidedAt: d.decidedAt, effects: d.effects ?? {} }
      : null,
  overdue: d.overdue,
  overdueOn: d.overdueOn,
  mySide: d.mySide,
  can: { respond: d.canRespond, addEvidence: d.canAddEvidence, assign: d.canAssign, decide: d.canDecide },
  today: d.today,
  createdAt: d.createdAt,
  updatedAt: d.updatedAt,
});

export function registerDisputeRoutes(app: App, deps: AppDeps): void {
  const tags = ['disputes'];

  app.post('/api/v1/disputes', {
    schema: {
      tags,
      summary: 'Dispute a decision (a party of its subject): a claim’s rejection or refund (`claim_decision`), a settled refund’s amount (`refund_amount`), an installment’s payments (`payment`), a placement’s service (`service_quality`), an ownership refusal (`ownership`)',
      description:
        'Within 30 days of the decision contested (else 409 `dispute_window_closed`): a claim’s last decision, the last thing recorded on an installment, the guarantee’s end for the service. One open dispute per subject (409 `dispute_open`). A rejection is disputed by the poster, a refund granted by the deliverer; a refund’s amount and a payment by either side; the service by the poster; an ownership refusal (GET /api/v1/ownership-refusals, counted from the day of the refusal) by the refused consultant or its agency’s admin, answered by the side whose submission held the protection (`owner`, never named to the refused side). The other party answers by day +7, the arbitrator decides by day +14 (DESIGN §4.8).',
      body: z.object({ type: z.enum(DISPUTE_TYPES), subjectId: IdParam, statement: Statement('what you contest and why'), evidenceFileIds: FileIds }).strict(),
      response: { 201: DisputeView },
    },
  }, async (req, reply) => reply.code(201).send(view(await service.raiseDispute(ctxOf(deps, req), req.body))));

  app.get('/api/v1/disputes', {
    schema: {
      tags,
      summary: 'Disputes the caller may see: its org’s (a consultant: its own placements’), an arbitrator those assigned to it, ops all; newest first',
      querystring: z.object({ state: z.enum(DISPUTE_STATES).optional(), placementId: IdParam.optional(), ...pageQuery }),
      response: { 200: pageSchema(DisputeView) },
    },
  }, async (req) => {
    const page = await service.listDisputes(ctxOf(deps, req), req.query);
    return { items: page.items.map(view), nextCursor: page.nextCursor };
  });

  app.get('/api/v1/disputes/:disputeId', {
    schema: { tags, summary: 'One dispute: both statements, evidence, deadlines, the arbitrator and the decision', params: DisputeParams, response: { 200: DisputeView } },
  }, async (req) => view(await service.getDispute(ctxOf(deps, req), req.params.disputeId)));

  app.post('/api/v1/disputes/:disputeId/responses', {
    schema: {
      tags,
      summary: 'The other party’s answer, once, by the answer date (after it, the silence has been noted)',
      params: DisputeParams,
      body: z.object({ statement: Statement('your answer'), evidenceFileIds: FileIds }).strict(),
      response: { 200: DisputeView },
    },
  }, async (req) => view(await service.respondToDispute(ctxOf(deps, req), req.params.disputeId, req.body)));

  app.post('/api/v1/disputes/:disputeId/evidence', {
    schema: {
      tags,
      summary: 'Add an evidence file (a party, until the decision): multipart/form-data, one file field "file"',
      description: 'PDF, DOC, DOCX, UTF-8 text, PNG or JPEG, read from the bytes (415 otherwise); over the upload limit 413; kept with its SHA-256.',
      consumes: ['multipart/form-data'],
      params: DisputeParams,
      body: uploadBody('the evidence: PDF, DOC, DOCX, UTF-8 text, PNG or JPEG'),
      response: { 201: DisputeView },
    },
    validatorCompiler: uploadValidatorCompiler,
    config: { upload: true },
  }, async (req, reply) => reply.code(201).send(view(await service.addEvidence(ctxOf(deps, req), req.params.disputeId, () => uploadOf(req, 'the evidence')))));

  app.post('/api/v1/disputes/:disputeId/assign', {
    schema: {
      tags,
      summary: 'Assign an arbitrator (platform operations); one tied to either party is refused with 409 `arbitrator_conflict`',
      params: DisputeParams,
      body: z.object({ arbitratorUserId: IdParam }).strict(),
      response: { 200: DisputeView },
    },
  }, async (req) => view(await service.assignArbitrator(ctxOf(deps, req), req.params.disputeId, req.body.arbitratorUserId)));

  app.post('/api/v1/disputes/:disputeId/decision', {
    schema: {
      tags,
      summary: 'Decide (the assigned arbitrator), with written reasons; applied in the same transaction, once',
      description:
        '`claim_decision`: `uphold` or `overturn` (a rejected claim goes on as eligible, its codes set aside: the remedy it asked for is applied, or it awaits the poster’s choice; a refunded claim is rejected and the refund owed again as a new installment). `refund_amount`: `uphold` or `adjust` with `amount`, the refund it should be (only the difference is settled). `payment`: `uphold`; `adjust` with `amount` and `paidOn`, the payment found made that day, recorded; `overturn` with `paymentId`, the payment recorded wrongly, reversed. `service_quality`: `uphold` or `adjust` with `amount`, a credit from the deliverer to the poster (escrow first, then clawed back). `ownership`: `uphold` (the refusal stands) or `overturn` (the refused submission is accepted for its order, once). A decided dispute is not decided again (409).',
      params: DisputeParams,
      body: z
        .object({
          outcome: z.enum(DISPUTE_OUTCOMES),
          amount: z.string().max(40).optional().describe('decimal in major units of the placement currency, for `adjust`'),
          paidOn: CalendarDateString.optional().describe('a payment dispute adjusted: the day the payment found was made'),
          paymentId: IdParam.optional().describe('a payment dispute overturned: the payment recorded wrongly'),
          reasons: Statement('the written reasons'),
        })
        .strict(),
      response: { 200: DisputeView },
    },
  }, async (req) => view(await service.decideDispute(ctxOf(deps, req), req.params.disputeId, req.body)));

  app.get('/api/v1/arbitrators', {
    schema: { tags, summary: 'Arbitrators and the orgs each declared ties to (platform ops; an arbitrator sees itself)', response: { 200: z.object({ items: z.array(ArbitratorView), nextCursor: z.null() }) } },
  }, async (req) => ({ items: await service.listArbitrators(ctxOf(deps, req)), nextCursor: null }));

  app.put('/api/v1/arbitrators/me/ties', {
    schema: {
      tags,
      summary: 'Declare the orgs you (an arbitrator) are tied to; replaces the previous declaration; you will not be assigned their disputes',
      body: z.object({ orgIds: z.array(IdParam).max(200) }).strict(),
      response: { 200: ArbitratorView },
    },
  }, async (req) => service.declareTies(ctxOf(deps, req), req.body.orgIds));
}
