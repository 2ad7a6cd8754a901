import { getOrg, namesOf, orgTimeZoneOf } from '../identity/service.ts';
import { isPlatformOps } from '../platform/auth/actor.ts';
import { FIRST_FILTER_DATE, LAST_FILTER_DATE } from '../platform/calendar-date.ts';
import { calendarDateOf } from '../platform/clock.ts';
import type { Ctx } from '../platform/deps.ts';
import { forbidden, invalidInput, notFound } from '../platform/errors.ts';
import { isCurrency } from '../platform/money.ts';
import {
  passRate,
  renewalOf,
  replacementSla,
  responseRate,
  satisfactionOf,
  survivalByKey,
  taskSla,
  type PassRate,
  type Renewal,
  type ReplacementSla,
  type ResponseRate,
  type Satisfaction,
  type TaskSla,
} from './analytics.rules.ts';
import * as store from './store.ts';
import type { SurvivalCurve } from './survival.rules.ts';

export type AnalyticsQuery = { from?: string | undefined; to?: string | undefined };

export type CurvePoint = { time: number; atRisk: number; departures: number; censored: number; survival: number; lower: number | null; upper: number | null };
export type CurveView = { n: number; departures: number; median: number | null; points: CurvePoint[] };
export type LabelledCurve = { key: string; label: string; curve: CurveView };
export type LabelledRate = PassRate & { key: string; label: string };
export type ClaimReasonRow = { reason: string; total: number; byState: Record<string, number> };
export type RefundView = { currency: string; count: number; cashRefund: bigint; refund: bigint; stillDue: bigint };
export type DisputeTypeRow = { type: string; total: number; open: number; uphold: number; overturn: number; adjust: number };
export type TaskKindRow = TaskSla & { kind: string };

export type AnalyticsReport = {
  scope: { kind: store.Scope['kind']; orgId: string | null; consultantId: string | null };
  from: string;
  to: string;
  today: string;
  survival: { overall: CurveView; byPlan: LabelledCurve[]; byAgency: LabelledCurve[]; byConsultant: LabelledCurve[] };
  guarantee: { overall: PassRate; byPlan: LabelledRate[]; byAgency: LabelledRate[] };
  claims: { total: number; byReason: ClaimReasonRow[] };
  refunds: RefundView[];
  disputes: { total: number; byType: DisputeTypeRow[] };
  checkins: { employer: ResponseRate; candidate: ResponseRate };
  satisfaction: { candidate: Satisfaction; employer: Satisfaction };
  renewal: Renewal;
  sla: { tasks: TaskSla; byKind: TaskKindRow[]; replacements: ReplacementSla };
};

/** Platform ops: every placement on the platform. */
export async function platformAnalytics(ctx: Ctx, q: AnalyticsQuery): Promise<AnalyticsReport> {
  if (!isPlatformOps(ctx.actor)) throw forbidden('platform-wide analytics are for platform operations');
  return report(ctx, { kind: 'all' }, q, 'Asia/Shanghai');
}

/**
 * One org's analytics: the placements it is a party to (as the poster or the deliverer). Its own users read them,
 * a consultant only its own placements; platform ops read any org's. Anyone else: not found.
 */
export async function orgAnalytics(ctx: Ctx, orgId: string, q: AnalyticsQuery): Promise<AnalyticsReport> {
  return report(ctx, await scopeFor(ctx, orgId), q, await orgTimeZoneOf(ctx.deps.db, orgId));
}

async function scopeFor(ctx: Ctx, orgId: string): Promise<store.Scope> {
  const a = ctx.actor;
  if (isPlatformOps(a)) {
    await getOrg(ctx, orgId);
    return { kind: 'org', orgId };
  }
  if (a.orgId !== orgId) throw notFound('org');
  if (a.role === 'consultant') return { kind: 'consultant', orgId, userId: a.userId };
  return { kind: 'org', orgId };
}

function windowOf(q: AnalyticsQuery): { from: string; to: string } {
  const from = q.from ?? FIRST_FILTER_DATE;
  const to = q.to ?? LAST_FILTER_DATE;
  if (from > to) throw invalidInput('from', 'must not be after to');
  return { from, to };
}

const curveView = (c: SurvivalCurve): CurveView => ({
  n: c.n,
  departures: c.departures,
  median: c.median,
  points: c.steps.map((s) => ({ time: s.time, atRisk: s.atRisk, departures: s.departures, censored: s.censored, survival: s.survival, lower: s.lower, upper: s.upper })),
});

async function report(ctx: Ctx, scope: store.Scope, q: AnalyticsQuery, timeZone: string): Promise<AnalyticsReport> {
  const { db, dialect } = ctx.deps;
  const f: store.Filter = { scope, ...windowOf(q) };
  const today = calendarDateOf(ctx.deps.clock.now(), timeZone);
  const [surv, statuses, claims, refunds, disputes, checkins, scores, tasks, replacements, renewals] = [
    await store.survivalRows(db, f),
    await store.statusRows(db, f),
    await store.claimRows(db, f),
    await store.refundRows(db, f),
    await store.disputeRows(db, f),
    await store.checkinRows(db, f),
    await store.satisfactionRows(db, dialect, f),
    await store.taskRows(db, f),
    await store.replacementRows(db, f),
    await store.renewalRows(db, f),
  ];
  // The agencies' and consultants' display names, in one lookup through identity.
  const names = await namesOf(db, { orgs: [...surv, ...statuses].map((r) => r.agencyOrgId), users: surv.map((r) => r.consultantId) });

  const labelled = async (groups: { key: string; curve: SurvivalCurve }[], label: (k: string) => Promise<string> | string): Promise<LabelledCurve[]> =>
    Promise.all(groups.map(async (g) => ({ key: g.key, label: await label(g.key), curve: curveView(g.curve) })));
  const overall = survivalByKey(surv, () => 'all', today)[0]?.curve;
  const rateBy = async (key: (r: store.StatusRow) => string, label: (k: string) => Promise<string> | string): Promise<LabelledRate[]> => {
    const groups = new Map<string, store.StatusRow[]>();
    for (const r of statuses) groups.set(key(r), [...(groups.get(key(r)) ?? []), r]);
    const out = await Promise.all([...groups.entries()].map(async ([k, rows]) => ({ key: k, label: await label(k), ...passRate(rows) })));
    return out.sort((a, b) => b.passed + b.failed - (a.passed + a.failed) || a.key.localeCompare(b.key));
  };

  const byReason = new Map<string, ClaimReasonRow>();
  for (const c of claims) {
    const row = byReason.get(c.reason) ?? { reason: c.reason, total: 0, byState: {} };
    row.total += c.n;
    row.byState[c.state] = (row.byState[c.state] ?? 0) + c.n;
    byReason.set(c.reason, row);
  }
  const byType = new Map<string, DisputeTypeRow>();
  for (const d of disputes) {
    const row = byType.get(d.type) ?? { type: d.type, total: 0, open: 0, uphold: 0, overturn: 0, adjust: 0 };
    row.total += d.n;
    if (d.state !== 'decided' || d.outcome === null) row.open += d.n;
    else row[d.outcome as 'uphold' | 'overturn' | 'adjust'] += d.n;
    byType.set(d.type, row);
  }
  const kinds = [...new Set(tasks.map((t) => t.kind))].sort();

  return {
    scope: { kind: scope.kind, orgId: scope.kind === 'all' ? null : scope.orgId, consultantId: scope.kind === 'consultant' ? scope.userId : null },
    from: f.from,
    to: f.to,
    today,
    survival: {
      overall: overall ? curveView(overall) : { n: 0, departures: 0, median: null, points: [] },
      byPlan: await labelled(survivalByKey(surv, (r) => r.plan, today), (k) => k),
      byAgency: await labelled(survivalByKey(surv, (r) => r.agencyOrgId, today), (k) => names.org(k)),
      byConsultant: await labelled(survivalByKey(surv, (r) => r.consultantId, today), (k) => names.user(k)),
    },
    guarantee: { overall: passRate(statuses), byPlan: await rateBy((r) => r.plan, (k) => k), byAgency: await rateBy((r) => r.agencyOrgId, (k) => names.org(k)) },
    claims: { total: claims.reduce((s, c) => s + c.n, 0), byReason: [...byReason.values()].sort((a, b) => b.total - a.total || a.reason.localeCompare(b.reason)) },
    refunds: refunds.filter((r) => isCurrency(r.currency)).map((r) => ({ currency: r.currency, count: r.n, cashRefund: r.cashRefund, refund: r.refund, stillDue: r.stillDue })),
    disputes: { total: disputes.reduce((s, d) => s + d.n, 0), byType: [...byType.values()].sort((a, b) => b.total - a.total || a.type.localeCompare(b.type)) },
    checkins: { employer: responseRate(checkins.filter((c) => c.respondent === 'employer')), candidate: responseRate(checkins.filter((c) => c.respondent === 'candidate')) },
    satisfaction: { candidate: satisfactionOf(scores.filter((s) => s.respondent === 'candidate')), employer: satisfactionOf(scores.filter((s) => s.respondent === 'employer')) },
    renewal: renewalOf(renewals, today),
    sla: { tasks: taskSla(tasks), byKind: kinds.map((kind) => ({ kind, ...taskSla(tasks.filter((t) => t.kind === kind)) })), replacements: replacementSla(replacements) },
  };
}
