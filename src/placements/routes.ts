import { z } from 'zod';
import type { AppDeps } from '../platform/deps.ts';
import { ctxOf } from '../platform/http/app.ts';
import { CalendarDateString, IdParam, IsoInstant } from '../platform/http/schemas.ts';
import type { App } from '../platform/http/types.ts';
import { formatAmount } from '../platform/money.ts';
import type { Obligation } from '../platform/scheduler/scheduler.ts';
import { termsCanonicalJson } from '../plans/terms-hash.ts';
import { renderTermsInWords } from '../plans/terms-wording.rules.ts';
import { formatSchedule, scheduleInstallmentsFor } from '../plans/installment-schedule.rules.ts';
import type { PlannedObligation } from './obligation-schedule.rules.ts';
import { OBLIGATION_KINDS } from './obligation-schedule.rules.ts';
import { PLACEMENT_SIDES, pendingSides, sidesOf } from './placement-access.rules.ts';
import * as service from './service.ts';

const STATUSES = ['pending_acceptance', 'active', 'guarantee_passed', 'replacing', 'replaced', 'refunded', 'closed'] as const;
const Status = z.enum(STATUSES);
const Side = z.enum(PLACEMENT_SIDES);
const Localized = z.object({ zh: z.string(), en: z.string() });
const Amount = z.string().describe('decimal string in major units of `currency`');
const TermsHash = z.string().min(1).max(128).describe('the SHA-256 (hex) of the terms the caller accepts');

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
  termsHash: z.string(),
  acceptances: z.object({ poster: Acceptance.nullable(), deliverer: Acceptance.nullable() }),
  pendingSides: z.array(Side).describe('sides that have not accepted yet'),
  mySides: z.array(Side).describe('sides the caller signs for'),
  canAccept: z.boolean().describe('the caller signs for a side that has not accepted yet'),
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
  terms: z.record(z.string(), z.unknown()).describe('the signed terms snapshot (DESIGN §4.1)'),
  termsCanonicalJson: z.string().describe('the exact text the terms hash is the SHA-256 of'),
  termsInWords: z.object({ 'zh-CN': z.array(z.string()), en: z.array(z.string()) }),
  scope: z.object({ included: z.array(Localized), excluded: z.array(Localized) }),
  installments: z.array(z.object({ index: z.number(), trigger: z.string(), triggerDate: CalendarDateString, dueDate: CalendarDateString, amount: Amount })),
  schedule: z.array(ScheduleItem).describe('every obligation the terms schedule, as computed from the snapshot'),
  obligations: z.array(ObligationItem).describe('the obligations held by the scheduler: empty until both sides accept'),
});

type Summary = z.infer<typeof PlacementSummary>;

function summaryView(p: service.LabelledPlacement, actor: Parameters<typeof sidesOf>[0]): Summary {
  const open = pendingSides(p);
  const mine = sidesOf(actor, p);
  return {
    id: p.id,
    status: p.status,
    candidateName: p.candidateName,
    order: { id: p.orderId, title: p.labels.orderTitle, city: p.labels.orderCity },
    poster: { orgId: p.posterOrgId, name: p.labels.posterOrgName },
    deliverer: { orgId: p.agencyOrgId, name: p.labels.agencyOrgName, consultantId: p.consultantId, consultantName: p.labels.consultantName },
    plan: {
      versionId: p.planVersionId,
      name: p.labels.planNameZh !== null && p.labels.planNameEn !== null ? { zh: p.labels.planNameZh, en: p.labels.planNameEn } : null,
      tier: p.labels.planTier,
    },
    startDate: p.startDate,
    timeZone: p.timeZone,
    currency: p.currency,
    annualSalary: formatAmount(p.annualSalary, p.currency),
    fee: formatAmount(p.fee, p.currency),
    termsHash: p.termsHash,
    // Names, not user ids: each side sees who signed for the other without learning its account ids.
    acceptances: {
      poster: p.posterAcceptedAt ? { side: 'poster', name: p.labels.posterAcceptedByName, at: p.posterAcceptedAt } : null,
      deliverer: p.delivererAcceptedAt ? { side: 'deliverer', name: p.labels.delivererAcceptedByName, at: p.delivererAcceptedAt } : null,
    },
    pendingSides: open,
    mySides: mine,
    canAccept: p.status === 'pending_acceptance' && mine.some((s) => open.includes(s)),
    createdAt: p.createdAt,
  };
}

const asRecord = (v: unknown): Record<string, unknown> => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});

function obligationView(o: Obligation) {
  const payload = asRecord(o.payload);
  const { date, ...rest } = payload;
  return { id: o.id, kind: o.kind, date: typeof date === 'string' ? date : null, dueAt: o.dueAt, status: o.status, payload: rest };
}

const scheduleView = (o: PlannedObligation) => ({ kind: o.kind, date: o.date, dueAt: o.dueAt, payload: { ...o.payload } as Record<string, unknown> });

export function registerPlacementRoutes(app: App, deps: AppDeps): void {
  const tags = ['placements'];

  const detailView = (d: service.PlacementDetail, actor: Parameters<typeof sidesOf>[0]): z.infer<typeof PlacementDetailView> => {
    const p = d.placement;
    return {
      ...summaryView(p, actor),
      submissionId: p.submissionId,
      terms: p.terms as unknown as Record<string, unknown>,
      termsCanonicalJson: termsCanonicalJson(p.terms),
      termsInWords: { 'zh-CN': renderTermsInWords(p.terms, 'zh-CN'), en: renderTermsInWords(p.terms, 'en') },
      scope: p.terms.scope,
      installments: formatSchedule(scheduleInstallmentsFor(p.terms, p.startDate, p.fee), p.currency).map((s, index) => ({ index, ...s })),
      schedule: d.plan.map(scheduleView),
      obligations: d.obligations.map(obligationView),
    };
  };

  app.get('/api/v1/placements', {
    schema: {
      tags,
      summary: "Placements the caller is a party to: the poster org's, the delivering agency's (a consultant: its own); platform ops: all",
      querystring: z.object({
        status: Status.optional(),
        limit: z.coerce.number().int().min(1).max(200).default(50),
        cursor: z.string().max(500).optional(),
      }),
      response: { 200: z.object({ items: z.array(PlacementSummary), nextCursor: z.string().nullable() }) },
    },
  }, async (req) => {
    const ctx = ctxOf(deps, req);
    const page = await service.listPlacements(ctx, req.query);
    return { items: page.items.map((p) => summaryView(p, ctx.actor)), nextCursor: page.nextCursor };
  });

  app.get('/api/v1/placements/:placementId', {
    schema: {
      tags,
      summary: 'One placement: the signed terms snapshot and hash, the terms in plain words, both acceptances, and its obligations',
      params: z.object({ placementId: IdParam }),
      response: { 200: PlacementDetailView },
    },
  }, async (req) => {
    const ctx = ctxOf(deps, req);
    return detailView(await service.getPlacement(ctx, req.params.placementId), ctx.actor);
  });

  app.post('/api/v1/placements/:placementId/accept', {
    schema: {
      tags,
      summary: "Accept the placement's terms by their hash, for the caller's side; when both sides have, the placement is active and its obligations are scheduled",
      params: z.object({ placementId: IdParam }),
      body: z.object({ termsHash: TermsHash }),
      response: { 200: PlacementDetailView },
    },
  }, async (req) => {
    const ctx = ctxOf(deps, req);
    return detailView(await service.acceptPlacement(ctx, req.params.placementId, req.body.termsHash), ctx.actor);
  });
}
