import { z } from 'zod';
import type { CalendarDate } from '../platform/calendar-date.ts';
import { isCalendarDate } from '../platform/calendar-date.ts';
import type { AppDeps } from '../platform/deps.ts';
import { DomainError, notFound } from '../platform/errors.ts';
import { ctxOf } from '../platform/http/app.ts';
import { pageQuery } from '../platform/http/pagination.ts';
import { CalendarDateString, IdParam, IsoInstant } from '../platform/http/schemas.ts';
import type { App } from '../platform/http/types.ts';
import { CURRENCIES, type Currency, formatAmount } from '../platform/money.ts';
import { localeOfActor } from '../identity/service.ts';
import { visiblePlacement } from '../placements/service.ts';
import { PLACEMENT_STATUSES } from '../placements/placement-status.rules.ts';
import { RELEASE_POLICIES } from '../plans/terms.schema.ts';
import { CLAIM_STATUSES, INELIGIBILITY_CODES } from '../aftercare/claim-evaluation.rules.ts';
import { SIGNATURE_HEADER, signatureProblem } from './callback-signature.rules.ts';
import { TRANSFER_REASONS } from './ledger.rules.ts';
import * as service from './service.ts';
import { langOf, statementCsv, statementXlsx } from './statement-export.ts';

const Amount = z.string().describe('decimal string in major units of the currency');
const AmountIn = z.string().min(1).max(40).describe('decimal string in major units of the currency, e.g. "30000.00"');
const Currency = z.enum(CURRENCIES);
const Reference = z.string().trim().min(1, 'must not be empty').max(200).describe("the payment's reference (bank transfer number, …)");

const InstallmentView = z.object({
  id: z.string(),
  sequence: z.number().int(),
  trigger: z.string().describe('start, day:N, guarantee_passed, or refund_settlement (the final installment of a refund)'),
  triggerDate: CalendarDateString,
  dueDate: CalendarDateString,
  amount: Amount,
  paid: Amount,
  status: z.enum(['scheduled', 'open', 'partially_paid', 'paid', 'void']),
  overdue: z.boolean(),
  currency: Currency,
  voided: Amount.describe('the part of the amount voided by a refund settlement'),
  issuedOn: CalendarDateString.nullable(),
});

const MoneyView = z.object({
  currency: Currency,
  fee: Amount,
  finalFee: Amount,
  invoiced: Amount,
  received: Amount,
  inEscrow: Amount,
  releasedToDeliverer: Amount,
  platformFees: Amount,
  refunded: Amount,
  clawedBack: Amount,
  delivererOwes: Amount,
});

const StatementLineView = z.object({
  id: z.string(),
  date: CalendarDateString,
  reason: z.enum(TRANSFER_REASONS),
  placementId: z.string().nullable(),
  installmentId: z.string().nullable(),
  consultantId: z.string().nullable(),
  account: z.string(),
  change: Amount.describe('signed: positive when the org’s account was credited'),
  balance: Amount,
  createdAt: IsoInstant,
});

const DateQuery = z.string().max(10).refine(isCalendarDate, 'must be a date YYYY-MM-DD');

function installmentView(i: service.InstallmentView) {
  return {
    id: i.id,
    sequence: i.sequence,
    trigger: i.trigger,
    triggerDate: i.triggerDate,
    dueDate: i.dueDate,
    amount: formatAmount(i.amount, i.currency),
    paid: formatAmount(i.paid, i.currency),
    status: i.status,
    overdue: i.overdue,
    currency: i.currency,
    voided: formatAmount(i.voided, i.currency),
    issuedOn: i.issuedOn,
  };
}

export function moneyView(m: service.MoneySummary): z.infer<typeof MoneyView> {
  const f = (v: bigint) => formatAmount(v, m.currency);
  return {
    currency: m.currency,
    fee: f(m.fee),
    finalFee: f(m.finalFee),
    invoiced: f(m.invoiced),
    received: f(m.received),
    inEscrow: f(m.inEscrow),
    releasedToDeliverer: f(m.releasedToDeliverer),
    platformFees: f(m.platformFees),
    refunded: f(m.refunded),
    clawedBack: f(m.clawedBack),
    delivererOwes: f(m.delivererOwes),
  };
}

export function registerLedgerRoutes(app: App, deps: AppDeps): void {
  const tags = ['money'];

  app.get('/api/v1/placements/:placementId/installments', {
    schema: {
      tags,
      summary: "A placement's installments as invoices: scheduled until their trigger date, then open, partially paid, paid or void; overdue after the due date",
      params: z.object({ placementId: IdParam }),
      response: { 200: z.object({ items: z.array(InstallmentView), nextCursor: z.string().nullable() }) },
    },
  }, async (req) => {
    const ctx = ctxOf(deps, req);
    await visiblePlacement(ctx, req.params.placementId);
    const items = await service.installmentsView(deps, req.params.placementId);
    return { items: items.map(installmentView), nextCursor: null };
  });

  app.post('/api/v1/installments/:installmentId/payments', {
    schema: {
      tags,
      summary: 'Platform ops record a payment on an issued installment (partial allowed; more than is open → 409 overpayment; Idempotency-Key honoured)',
      params: z.object({ installmentId: IdParam }),
      body: z.object({ amount: AmountIn, paidOn: DateQuery.optional().describe('the date the money arrived; today when absent; never in the future'), reference: Reference }),
      response: { 201: InstallmentView },
    },
  }, async (req, reply) => {
    const ctx = ctxOf(deps, req);
    const inst = await service.recordPayment(ctx, req.params.installmentId, { amount: req.body.amount, paidOn: req.body.paidOn, reference: req.body.reference });
    const [view] = await service.installmentsView(deps, inst.placementId).then((all) => all.filter((i) => i.id === inst.id));
    return reply.code(201).send(installmentView(view as service.InstallmentView));
  });

  app.get('/api/v1/placements/:placementId/money', {
    schema: {
      tags,
      summary: "A placement's money: fee and final fee, invoiced, received, in escrow, released to the deliverer, platform fees, refunded, clawed back, what the deliverer owes",
      params: z.object({ placementId: IdParam }),
      response: { 200: MoneyView },
    },
  }, async (req) => {
    const ctx = ctxOf(deps, req);
    const p = await visiblePlacement(ctx, req.params.placementId);
    const money = await service.placementMoney(deps, p.id);
    if (!money) {
      // Not active yet: nothing invoiced, nothing moved.
      const zero = formatAmount(0n, p.currency);
      return { currency: p.currency, fee: formatAmount(p.fee, p.currency), finalFee: formatAmount(p.fee, p.currency), invoiced: zero, received: zero, inEscrow: zero, releasedToDeliverer: zero, platformFees: zero, refunded: zero, clawedBack: zero, delivererOwes: zero };
    }
    return moneyView(await service.moneySummaryOf(deps.db, money));
  });

  app.get('/api/v1/orgs/:orgId/statement', {
    schema: {
      tags,
      summary: "An org's statement in one currency: opening balance, every transfer with its placement and reason, closing balance (json, csv or xlsx)",
      params: z.object({ orgId: IdParam }),
      querystring: z.object({
        // Required, but checked after the org (an org the caller cannot see is a 404 whatever the query).
        currency: Currency.optional().describe('required: the currency of the statement'),
        from: DateQuery.optional().describe('first date included; default 0001-01-01'),
        to: DateQuery.optional().describe("last date included; default today (UTC)"),
        format: z.enum(['json', 'csv', 'xlsx']).default('json'),
        ...pageQuery,
      }),
      response: {
        200: z.object({
          orgId: z.string(),
          currency: Currency,
          from: CalendarDateString,
          to: CalendarDateString,
          openingBalance: Amount.describe('the balance before `from`'),
          closingBalance: Amount.describe('the balance at the end of `to` (the last page’s last line ends on it)'),
          items: z.array(StatementLineView),
          nextCursor: z.string().nullable(),
        }),
      },
    },
  }, async (req, reply) => {
    const ctx = ctxOf(deps, req);
    const q = req.query;
    const today = deps.clock.now().toISOString().slice(0, 10);
    const query = { currency: q.currency ?? null, from: (q.from ?? '0001-01-01') as CalendarDate, to: (q.to ?? today) as CalendarDate };
    if (q.format !== 'json') {
      // The whole statement as a file, streamed a page at a time (not the JSON shape, so past the response schema).
      const { head, pages } = await service.statementLines(ctx, req.params.orgId, query);
      const lang = langOf(await localeOfActor(ctx));
      const name = `statement-${head.currency}-${head.from}-${head.to}`;
      if (q.format === 'csv') {
        return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${name}.csv"`).send(statementCsv(head, pages, lang) as never);
      }
      return reply
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', `attachment; filename="${name}.xlsx"`)
        .send(statementXlsx(head, pages, lang) as never);
    }
    const s = await service.statementOf(ctx, req.params.orgId, { ...query, limit: q.limit, cursor: q.cursor });
    const f = (v: bigint) => formatAmount(v, s.currency);
    return {
      orgId: s.orgId,
      currency: s.currency,
      from: s.from,
      to: s.to,
      openingBalance: f(s.opening),
      closingBalance: f(s.closing),
      items: s.lines.map((l) => ({
        id: l.id,
        date: l.businessDate,
        reason: l.reason,
        placementId: l.placementId,
        installmentId: l.installmentId,
        consultantId: l.consultantId,
        account: l.account,
        change: f(l.change),
        balance: f(l.balance),
        createdAt: l.createdAt,
      })),
      nextCursor: s.nextCursor,
    };
  });

  app.post('/api/v1/orgs/:orgId/payouts', {
    schema: {
      tags,
      summary: "Platform ops pay a deliverer out of its balance (never more than the balance; what it owes after a clawback is offset first)",
      params: z.object({ orgId: IdParam }),
      body: z.object({
        currency: Currency,
        amount: AmountIn,
        reference: Reference,
        consultantId: IdParam.optional().describe("pay this consultant's part only (never more than it holds); absent: the agency is paid, attributed to its consultants in proportion to what each holds"),
      }),
      response: { 201: z.object({ payoutId: z.string(), currency: Currency, amount: Amount, balance: Amount }) },
    },
  }, async (req, reply) => {
    const ctx = ctxOf(deps, req);
    const r = await service.recordPayout(ctx, req.params.orgId, req.body);
    return reply.code(201).send({ payoutId: r.payoutId, currency: req.body.currency, amount: formatAmount(service.parseAmountFor(req.body.amount, req.body.currency), req.body.currency), balance: formatAmount(r.balance, req.body.currency) });
  });

  const Share = z.object({ consultantId: IdParam, percent: z.string().max(10).describe('percent with at most 2 decimals, e.g. "60" or "12.5"') });
  app.get('/api/v1/orgs/:orgId/consultant-shares', {
    schema: {
      tags,
      summary: "How an agency splits its deliverer share among its consultants (what is not split stays with the agency)",
      params: z.object({ orgId: IdParam }),
      response: { 200: z.object({ items: z.array(Share), nextCursor: z.string().nullable() }) },
    },
  }, async (req) => ({ items: await service.consultantShares(ctxOf(deps, req), req.params.orgId), nextCursor: null }));

  app.put('/api/v1/orgs/:orgId/consultant-shares', {
    schema: {
      tags,
      summary: "The agency's admin sets its consultants' percentages of the deliverer share (together at most 100)",
      params: z.object({ orgId: IdParam }),
      body: z.object({ shares: z.array(Share).max(200) }),
      response: { 200: z.object({ items: z.array(Share), nextCursor: z.string().nullable() }) },
    },
  }, async (req) => ({ items: await service.setConsultantShares(ctxOf(deps, req), req.params.orgId, req.body.shares), nextCursor: null }));

  app.get('/api/v1/ledger/check', {
    schema: {
      tags,
      summary: 'Platform ops: every §4.6 invariant over the whole ledger, with each violation naming its placement and transfer',
      response: {
        200: z.object({
          ok: z.boolean(),
          counts: z.record(z.string(), z.number()),
          violations: z.array(z.object({ rule: z.string(), placementId: z.string().nullable(), transferId: z.string().nullable(), message: z.string() })),
        }),
      },
    },
  }, async (req) => {
    const ctx = ctxOf(deps, req);
    if (ctx.actor.role !== 'platform_ops') throw new DomainError('forbidden', 'only platform ops run the ledger check');
    const r = await service.checkLedger(deps.db);
    return { ok: r.violations.length === 0, counts: r.counts, violations: r.violations };
  });

  const OverviewRow = z.object({
    placementId: z.string(),
    candidateName: z.string(),
    status: z.enum(PLACEMENT_STATUSES),
    orderTitle: z.string().nullable(),
    posterName: z.string().nullable(),
    agencyName: z.string().nullable(),
    consultantName: z.string().nullable(),
    startDate: CalendarDateString,
    release: z.enum(RELEASE_POLICIES),
    money: MoneyView,
    installments: z.array(InstallmentView),
    refundIfLeftToday: z
      .object({ status: z.enum(CLAIM_STATUSES), codes: z.array(z.enum(INELIGIBILITY_CODES)), daysServed: z.number(), refund: Amount, cashRefund: Amount, stillDue: Amount })
      .nullable()
      .describe('what the claim engine decides today for a departure today (voluntary resignation, refund asked), while in guarantee'),
  });
  const AgencyTotalsView = z.object({ currency: Currency, earned: Amount, inEscrow: Amount, released: Amount, clawedBack: Amount, owed: Amount, paidOut: Amount, balance: Amount });
  const ConsultantMoneyView = AgencyTotalsView.extend({
    consultantId: z.string().nullable().describe("null: the agency's own part (what the shares do not split)"),
    name: z.string().nullable(),
  });
  app.get('/api/v1/money/overview', {
    schema: {
      tags,
      summary: "The caller's money at a glance: a page of its placements' money and invoices (ops: all); on the first page, for an agency, its totals, each consultant's part, its shares, and escrow and releases over time",
      querystring: z.object(pageQuery),
      response: {
        200: z.object({
          today: CalendarDateString,
          items: z.array(OverviewRow),
          nextCursor: z.string().nullable(),
          agency: z
            .object({
              totals: z.array(AgencyTotalsView),
              consultants: z.array(ConsultantMoneyView),
              shares: z.array(Share),
              timeline: z.array(z.object({ date: CalendarDateString, currency: Currency, inEscrow: Amount, released: Amount })),
            })
            .nullable(),
        }),
      },
    },
  }, async (req) => {
    const o = await service.moneyOverview(ctxOf(deps, req), { limit: req.query.limit, cursor: req.query.cursor });
    const totalsView = (t: service.AgencyTotals) => {
      const f = (v: bigint) => formatAmount(v, t.currency);
      return { currency: t.currency, earned: f(t.earned), inEscrow: f(t.inEscrow), released: f(t.released), clawedBack: f(t.clawedBack), owed: f(t.owed), paidOut: f(t.paidOut), balance: f(t.balance) };
    };
    return {
      today: o.today,
      nextCursor: o.nextCursor,
      items: o.rows.map((r) => {
        const c = r.money.currency;
        const p = r.placement;
        return {
          placementId: p.id,
          candidateName: p.candidateName,
          status: p.status,
          orderTitle: p.labels.orderTitle,
          posterName: p.labels.posterOrgName,
          agencyName: p.labels.agencyOrgName,
          consultantName: p.labels.consultantName,
          startDate: p.startDate,
          release: p.terms.release,
          money: moneyView(r.money),
          installments: r.installments.map(installmentView),
          refundIfLeftToday: r.refundIfLeftToday
            ? { ...r.refundIfLeftToday, refund: formatAmount(r.refundIfLeftToday.refund, c), cashRefund: formatAmount(r.refundIfLeftToday.cashRefund, c), stillDue: formatAmount(r.refundIfLeftToday.stillDue, c) }
            : null,
        };
      }),
      agency: o.agency
        ? {
            totals: o.agency.totals.map(totalsView),
            consultants: o.agency.consultants.map((x) => ({ ...totalsView(x), consultantId: x.consultantId, name: x.name })),
            shares: o.agency.shares,
            timeline: o.agency.timeline.map((x) => ({ date: x.date, currency: x.currency, inEscrow: formatAmount(x.inEscrow, x.currency), released: formatAmount(x.released, x.currency) })),
          }
        : null,
    };
  });

  registerProviderCallback(app, deps);
}

const CallbackBody = z.object({
  eventId: z.string().min(1).max(200).describe("the provider's own id of this payment: a replay records nothing new"),
  installmentId: IdParam,
  amount: AmountIn,
  currency: Currency,
  paidOn: DateQuery,
  reference: Reference,
});

/**
 * The payment provider's callback. The signature covers the raw body, so this route reads the body as text in its
 * own scope and parses it only after the signature is checked: a bad or stale signature changes nothing.
 */
function registerProviderCallback(app: App, deps: AppDeps): void {
  void app.register(async (scope) => {
    scope.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit: 64 * 1024 }, (_req, body, done) => done(null, body));
    scope.post('/api/v1/payments/callback', {
      config: { public: true },
      schema: {
        tags: ['money'],
        summary: 'A payment provider reports a payment, signed: Tenure-Payment-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body">',
        body: z.string().max(64 * 1024).describe('JSON: { eventId, installmentId, amount, currency, paidOn, reference }'),
        response: { 200: z.object({ paymentId: z.string(), installmentId: z.string(), status: z.string(), paid: Amount }) },
      },
    }, async (req) => {
      const secret = deps.config.paymentWebhookSecret;
      if (!secret) throw notFound('payment callbacks are not configured');
      const raw = req.body as string;
      const problem = signatureProblem(req.headers[SIGNATURE_HEADER], raw, secret, Math.floor(deps.wallClock.now().getTime() / 1000));
      if (problem) throw new DomainError('bad_signature', `${SIGNATURE_HEADER}: ${problem === 'expired' ? 'older than 5 minutes' : problem === 'missing' ? 'missing' : 'does not match the body'}`, { field: SIGNATURE_HEADER });
      let json: unknown;
      try {
        json = JSON.parse(raw);
      } catch {
        throw new DomainError('invalid_input', 'body: not JSON', { field: 'body' });
      }
      const parsed = CallbackBody.safeParse(json);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        const field = issue?.path.join('.') || 'body';
        throw new DomainError('invalid_input', `${field}: ${issue?.message ?? 'invalid'}`, { field });
      }
      const b = parsed.data;
      const r = await service.recordProviderPayment(deps, { ...b, paidOn: b.paidOn });
      return { paymentId: r.paymentId, installmentId: r.installment.id, status: r.installment.status, paid: formatAmount(r.installment.paid, r.installment.currency) };
    });
  });
}

export type { Currency };
