import { z } from 'zod';
import { localeOfActor } from '../identity/service.ts';
import { isCalendarDate } from '../platform/calendar-date.ts';
import type { AppDeps, Ctx } from '../platform/deps.ts';
import { invalidInput } from '../platform/errors.ts';
import { ctxOf } from '../platform/http/app.ts';
import { CalendarDateString, IdParam } from '../platform/http/schemas.ts';
import type { App } from '../platform/http/types.ts';
import { formatAmount, type Currency } from '../platform/money.ts';
import { ANALYTICS_TABLES, langOf, sheetCsv, sheetOf, sheetXlsx } from './export.ts';
import * as service from './service.ts';

const tags = ['analytics'];
const DateQuery = z.string().max(10).refine(isCalendarDate, 'must be a date YYYY-MM-DD');
const Window = {
  from: DateQuery.optional().describe('placements that started on or after this date; default: all'),
  to: DateQuery.optional().describe('placements that started on or before this date; default: all'),
};
const Share = z.number().nullable().describe('a share between 0 and 1; null when nothing is decided yet');
const Point = z.object({ time: z.number().int(), atRisk: z.number().int(), departures: z.number().int(), censored: z.number().int(), survival: z.number(), lower: z.number().nullable(), upper: z.number().nullable() });
const Curve = z.object({ n: z.number().int(), departures: z.number().int(), median: z.number().int().nullable(), points: z.array(Point) });
const Labelled = z.object({ key: z.string(), label: z.string(), curve: Curve });
const Rate = z.object({ passed: z.number().int(), failed: z.number().int(), running: z.number().int(), rate: Share });
const Response = z.object({ answered: z.number().int(), missed: z.number().int(), open: z.number().int(), scheduled: z.number().int(), rate: Share });
const Satisfaction = z.object({ answers: z.number().int(), mean: z.number().nullable(), distribution: z.array(z.number().int()).describe('answers scoring 1 to 5') });
const TaskSla = z.object({ onTime: z.number().int(), late: z.number().int(), overdue: z.number().int(), open: z.number().int(), rate: Share });
const Amount = z.string().describe('decimal string in major units of the currency');

const ReportView = z.object({
  scope: z.object({ kind: z.enum(['all', 'org', 'consultant']), orgId: z.string().nullable(), consultantId: z.string().nullable() }),
  from: CalendarDateString,
  to: CalendarDateString,
  today: CalendarDateString,
  survival: z.object({ overall: Curve, byPlan: z.array(Labelled), byAgency: z.array(Labelled), byConsultant: z.array(Labelled) }),
  guarantee: z.object({ overall: Rate, byPlan: z.array(Rate.extend({ key: z.string(), label: z.string() })), byAgency: z.array(Rate.extend({ key: z.string(), label: z.string() })) }),
  claims: z.object({ total: z.number().int(), byReason: z.array(z.object({ reason: z.string(), total: z.number().int(), byState: z.record(z.string(), z.number().int()) })) }),
  refunds: z.array(z.object({ currency: z.string(), count: z.number().int(), cashRefund: Amount, refund: Amount, stillDue: Amount })),
  disputes: z.object({
    total: z.number().int(),
    byType: z.array(z.object({ type: z.string(), total: z.number().int(), open: z.number().int(), uphold: z.number().int(), overturn: z.number().int(), adjust: z.number().int() })),
  }),
  checkins: z.object({ employer: Response, candidate: Response }),
  satisfaction: z.object({ candidate: Satisfaction, employer: Satisfaction }),
  renewal: z.object({ employers: z.number().int(), eligible: z.number().int(), renewed: z.number().int(), rate: Share }),
  sla: z.object({
    tasks: TaskSla,
    byKind: z.array(TaskSla.extend({ kind: z.string() })),
    replacements: z.object({ delivered: z.number().int(), pending: z.number().int(), overdue: z.number().int(), refundedInstead: z.number().int(), rate: Share }),
  }),
});

const reportView = (r: service.AnalyticsReport): z.infer<typeof ReportView> => ({
  ...r,
  refunds: r.refunds.map((x) => {
    const c = x.currency as Currency;
    return { currency: c, count: x.count, cashRefund: formatAmount(x.cashRefund, c), refund: formatAmount(x.refund, c), stillDue: formatAmount(x.stillDue, c) };
  }),
});

// `table` is required, but checked after the org: an org the caller cannot see is a 404 whatever the query.
const ExportQuery = z.object({ table: z.enum(ANALYTICS_TABLES).optional().describe(`required: ${ANALYTICS_TABLES.join(', ')}`), format: z.enum(['csv', 'xlsx']).default('xlsx'), ...Window });
const FILE_RESPONSE = { 200: z.string().describe('the table as a file (text/csv or an xlsx workbook)') };

type Reply = { type(t: string): Reply; header(k: string, v: string): Reply; send(body: unknown): unknown };

async function sendTable(ctx: Ctx, r: service.AnalyticsReport, q: z.infer<typeof ExportQuery>, reply: Reply): Promise<void> {
  if (!q.table) throw invalidInput('table', `required: one of ${ANALYTICS_TABLES.join(', ')}`);
  const sheet = sheetOf(r, q.table, langOf(await localeOfActor(ctx)));
  const name = `analytics-${q.table}-${r.today}`;
  if (q.format === 'csv') {
    reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${name}.csv"`).send(Buffer.from(sheetCsv(sheet), 'utf8'));
    return;
  }
  reply
    .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
    .header('content-disposition', `attachment; filename="${name}.xlsx"`)
    .send(await sheetXlsx(sheet));
}

export function registerAnalyticsRoutes(app: App, deps: AppDeps): void {
  app.get('/api/v1/analytics', {
    schema: { tags, summary: 'Platform-wide analytics (platform ops): retention curves, guarantee pass rate, claims, refunds, disputes, check-ins, satisfaction, renewal, SLA', querystring: z.object(Window), response: { 200: ReportView } },
  }, async (req) => reportView(await service.platformAnalytics(ctxOf(deps, req), req.query)));

  app.get('/api/v1/analytics/export', {
    schema: { tags, summary: 'One platform-wide analytics table as CSV or Excel (platform ops)', querystring: ExportQuery, response: FILE_RESPONSE },
  }, async (req, reply) => {
    const ctx = ctxOf(deps, req);
    return sendTable(ctx, await service.platformAnalytics(ctx, req.query), req.query, reply);
  });

  app.get('/api/v1/orgs/:orgId/analytics', {
    schema: {
      tags,
      summary: "An org's analytics over the placements it is a party to (a consultant: its own placements); that org's users and platform ops",
      params: z.object({ orgId: IdParam }),
      querystring: z.object(Window),
      response: { 200: ReportView },
    },
  }, async (req) => reportView(await service.orgAnalytics(ctxOf(deps, req), req.params.orgId, req.query)));

  app.get('/api/v1/orgs/:orgId/analytics/export', {
    schema: { tags, summary: "One table of an org's analytics as CSV or Excel", params: z.object({ orgId: IdParam }), querystring: ExportQuery, response: FILE_RESPONSE },
  }, async (req, reply) => {
    const ctx = ctxOf(deps, req);
    return sendTable(ctx, await service.orgAnalytics(ctx, req.params.orgId, req.query), req.query, reply);
  });
}
