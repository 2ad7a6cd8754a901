import { z } from 'zod';
import { RecordBundleSchema } from '../platform/audit/record-bundle.ts';
import type { AppDeps } from '../platform/deps.ts';
import { ctxOf } from '../platform/http/app.ts';
import { pageQuery, pageSchema } from '../platform/http/pagination.ts';
import { CalendarDateString, IdParam, IsoInstant } from '../platform/http/schemas.ts';
import type { App } from '../platform/http/types.ts';
import { OBLIGATION_KINDS } from './obligation-schedule.rules.ts';
import { PLACEMENT_SIDES } from './placement-access.rules.ts';
import { PLACEMENT_STATUSES } from './placement-status.rules.ts';
import * as service from './service.ts';

const Status = z.enum(PLACEMENT_STATUSES);
const Side = z.enum(PLACEMENT_SIDES);
const Localized = z.object({ zh: z.string(), en: z.string() });
const Amount = z.string().describe('decimal string in major units of `currency`');
const AgreementHash = z.string().min(1).max(128).describe('the agreementHash of the placement as the caller read it: the terms hash and the hire’s facts');

const Acceptance = z.object({ side: Side, name: z.string().nullable(), at: IsoInstant }).describe('who accepted for this side, and when');

const PlacementSummary = z.object({
  id: z.string(),
  status: Status,
  candidateName: z.string(),
  order: z.object({ id: z.string(), title: z.string().nullable(), city: z.string().nullable() }),
  poster: z.object({ orgId: z.string(), name: z.string().nullable() }),
  deliverer: z.object({ orgId: z.string(), name: z.string().nullable(), consultantId: z.string(), consultantName: z.string().nullable() }),
  plan: z.object({ versionId: z.string(), name: Localized.nullable(), tier: z.string().nullable() }),
  startDate: CalendarDateString,
  timeZone: z.string(),
  currency: z.string(),
  annualSalary: Amount,
  fee: Amount,
  termsHash: z.string().describe('SHA-256 of the terms alone, as the deliverer accepted them when taking the order'),
  agreementHash: z.string().describe('SHA-256 of the canonical JSON of `agreement` (detail): what both sides accept'),
  acceptances: z.object({ poster: Acceptance.nullable(), deliverer: Acceptance.nullable() }),
  pendingSides: z.array(Side).describe('sides that have not accepted yet'),
  mySides: z.array(Side).describe('sides the caller signs for'),
  canAccept: z.boolean().describe('the caller signs for a side that has not accepted yet'),
  canCorrect: z.boolean().describe('the caller may correct the start date or salary (the poster, until both sides have accepted)'),
  createdAt: IsoInstant,
});

const ScheduleItem = z.object({ kind: z.enum(OBLIGATION_KINDS), date: CalendarDateString, dueAt: IsoInstant, payload: z.record(z.string(), z.unknown()) });
const ObligationItem = z.object({
  id: z.string(),
  kind: z.string(),
  date: CalendarDateString.nullable(),
  dueAt: IsoInstant,
  status: z.enum(['pending', 'done', 'failed', 'cancelled']),
  payload: z.record(z.string(), z.unknown()),
});

const PlacementDetailView = PlacementSummary.extend({
  submissionId: z.string(),
  guaranteeDays: z.number().int().describe("the guarantee this placement runs: the terms' days, or a replacement's own (newGuarantee)"),
  replacesPlacementId: z.string().nullable().describe('the placement this one replaces (a free replacement after a claim: fee 0)'),
  replacedBy: z.object({ id: z.string(), status: Status }).nullable().describe('the placement that replaces this one'),
  agreement: z.record(z.string(), z.string()).describe('{ termsHash, candidate (submission id), startDate, annualSalary, fee, currency }: agreementHash is the SHA-256 of its canonical JSON'),
  terms: z.record(z.string(), z.unknown()).describe('the signed terms snapshot (DESIGN §4.1)'),
  termsCanonicalJson: z.string().describe('the exact text the terms hash is the SHA-256 of'),
  termsInWords: z.object({ 'zh-CN': z.array(z.string()), en: z.array(z.string()) }),
  scope: z.object({ included: z.array(Localized), excluded: z.array(Localized) }),
  installments: z.array(z.object({ index: z.number(), trigger: z.string(), triggerDate: CalendarDateString, dueDate: CalendarDateString, amount: Amount })),
  schedule: z.array(ScheduleItem).describe('every obligation the terms schedule, as computed from the snapshot'),
  obligations: z.array(ObligationItem).describe('the obligations held by the scheduler: empty until both sides accept'),
});

export function registerPlacementRoutes(app: App, deps: AppDeps): void {
  const tags = ['placements'];

  app.get('/api/v1/placements', {
    schema: {
      tags,
      summary: "Placements the caller is a party to: the poster org's, the delivering agency's (a consultant: its own); platform ops: all",
      querystring: z.object({
        status: Status.optional(),
        ...pageQuery,
      }),
      response: { 200: pageSchema(PlacementSummary) },
    },
  }, async (req) => service.listPlacementViews(ctxOf(deps, req), req.query));

  app.get('/api/v1/placements/:placementId', {
    schema: {
      tags,
      summary: 'One placement: the signed terms snapshot and hash, the terms in plain words, both acceptances, and its obligations',
      params: z.object({ placementId: IdParam }),
      response: { 200: PlacementDetailView },
    },
  }, async (req) => service.getPlacementView(ctxOf(deps, req), req.params.placementId));

  app.get('/api/v1/placements/:placementId/record', {
    schema: {
      tags,
      summary: "The placement's verifiable record: every audit event of it with its inclusion proof against one signed checkpoint, the checkpoint, a signed list of the events, and the public key (docs/record-bundle.md); verify offline with `npx tenure audit verify-bundle FILE`",
      params: z.object({ placementId: IdParam }),
      response: { 200: RecordBundleSchema },
    },
  }, async (req, reply) => {
    const bundle = await service.placementRecord(ctxOf(deps, req), req.params.placementId);
    return reply.header('content-disposition', `attachment; filename="placement-${req.params.placementId}-record.json"`).header('cache-control', 'private, no-store').send(bundle);
  });

  app.post('/api/v1/placements/:placementId/accept', {
    schema: {
      tags,
      summary: "Accept the placement's agreement (terms and the hire's facts) by its hash, for the caller's side; when both sides have, the placement is active and its obligations are scheduled",
      params: z.object({ placementId: IdParam }),
      body: z.object({ agreementHash: AgreementHash }),
      response: { 200: PlacementDetailView },
    },
  }, async (req) => service.acceptPlacement(ctxOf(deps, req), req.params.placementId, req.body.agreementHash));

  app.post('/api/v1/placements/:placementId/correct', {
    schema: {
      tags,
      summary: "Correct the hire's facts (start date, annual salary → fee) before both sides have accepted: the poster's people; both acceptances are cleared and the agreement hash changes",
      params: z.object({ placementId: IdParam }),
      body: z
        .object({
          startDate: CalendarDateString.optional().describe('within a year of today (the poster calendar)'),
          annualSalary: z.string().max(40).optional().describe('decimal in major units of the placement currency'),
          confirmOutsideRange: z.boolean().optional().describe("true to confirm an annual salary outside the order's range"),
        })
        .strict(),
      response: { 200: PlacementDetailView },
    },
  }, async (req) => service.correctPlacement(ctxOf(deps, req), req.params.placementId, req.body));
}
