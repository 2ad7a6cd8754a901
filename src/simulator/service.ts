import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as analytics from '../analytics/service.ts';
import * as checkins from '../aftercare/checkin.service.ts';
import * as claims from '../aftercare/claim.service.ts';
import * as tasks from '../aftercare/task.service.ts';
import * as disputes from '../disputes/service.ts';
import { bootstrapPlatform } from '../identity/bootstrap.ts';
import * as identity from '../identity/service.ts';
import * as ledger from '../ledger/service.ts';
import * as marketplace from '../marketplace/service.ts';
import * as placements from '../placements/service.ts';
import * as plans from '../plans/service.ts';
import { parseAttritionCsv, type Profile } from '../risk/attrition-data.ts';
import { committedModel, PROJECT_ROOT, TRAINING_DATA } from '../risk/model-file.ts';
import { scoreProfile } from '../risk/model.ts';
import * as submissions from '../submissions/service.ts';
import type { Actor } from '../platform/auth/actor.ts';
import { addDays, daysBetween, type CalendarDate } from '../platform/calendar-date.ts';
import { calendarDateOf, DAY_MS, type ManualClock } from '../platform/clock.ts';
import type { AppDeps, Ctx } from '../platform/deps.ts';
import { DomainError } from '../platform/errors.ts';
import { formatAmount } from '../platform/money.ts';
import { runDueObligations } from '../platform/scheduler/scheduler.ts';
import {
  annualSalaryOf, backgroundOf,
  between,
  candidateAnswers,
  candidateName,
  chance,
  drawDeparture,
  drawRemedy,
  employerAnswers,
  jobOf,
  pick,
  seededRng,
  type Departure,
} from './market.rules.ts';

export type SimulationOptions = { employers: number; agencies: number; months: number; seed: number; consultantsPerAgency?: number; ordersPerEmployerMonth?: number };

/** What a simulation did: the same for the same seed and options (ids and timings are not in it). */
export type SimulationSummary = {
  seed: number;
  employers: number;
  agencies: number;
  consultants: number;
  months: number;
  days: number;
  orders: number;
  submissions: number;
  placements: number;
  replacementPlacements: number;
  departures: number;
  claims: number;
  claimsByState: Record<string, number>;
  disputes: number;
  disputesByOutcome: Record<string, number>;
  checkinsAnswered: number;
  checkinsLeftUnanswered: number;
  tasksDone: number;
  paymentsRecorded: number;
  moneyReceived: string;
  cashRefunded: string;
  guaranteePassRate: number | null;
  obligationsRun: number;
};

export type SimulationPerformance = { seconds: number; placementsPerSecond: number; obligationsPerSecond: number; peakRssMb: number };
export type SimulationProgress = (day: number, days: number, placements: number) => void;

const PASSWORD = 'simulated-market-2026';
const ORIGIN = 'http://simulator.invalid';
const CITIES = ['上海', '北京', '深圳', '杭州', '苏州', '成都', '武汉', '广州'];

type Hire = {
  placementId: string;
  poster: Ctx;
  consultant: Ctx;
  orderId: string;
  profile: Profile;
  startDate: CalendarDate;
  guaranteeDays: number;
  departure: Departure | null;
  ended: boolean;
};

type Agenda = Map<CalendarDate, (() => Promise<void>)[]>;

/** The profiles of the attrition data and the committed risk model: each drawn candidate is one of those employees. */
function profiles(): { profile: Profile; risk: number }[] {
  const model = committedModel();
  const rows = parseAttritionCsv(readFileSync(join(PROJECT_ROOT, TRAINING_DATA), 'utf8'), { labelled: true });
  return rows.map((r) => ({ profile: r.profile, risk: scoreProfile(model, r.profile) }));
}

/**
 * Runs a market on an empty database through the real services and the manual clock (docs/simulator.md):
 * employers post orders, consultants take them and submit candidates drawn from the attrition data, posters hire,
 * both sides accept; each day the clock moves and the scheduler runs what fell due; check-ins are answered or
 * left to be missed, tasks done, installments paid; hires leave with the risk model's probability for their
 * profile, posters report it, claims are decided by the engine, reviewed, remedied (refund or replacement),
 * and some rejections are disputed and arbitrated.
 */
export async function runSimulation(deps: AppDeps, opts: SimulationOptions, progress: SimulationProgress = () => {}): Promise<{ summary: SimulationSummary; performance: SimulationPerformance }> {
  const clock = deps.clock as ManualClock;
  if (clock.mode !== 'manual') throw new Error('the simulator needs the manual clock (TENURE_CLOCK=manual)');
  const started = process.hrtime.bigint();
  let peakRss = process.memoryUsage().rss;
  const rng = seededRng(opts.seed);
  const pool = profiles();
  const world = await buildWorld(deps, opts);
  const planIds = new Map((await plans.listPlans(world.employers[0]!)).map((p) => [p.key, p.latest.id]));
  const stats = {
    orders: 0, submissions: 0, placements: 0, replacements: 0, departures: 0, claims: 0, disputes: 0, answered: 0, unanswered: 0, tasksDone: 0, payments: 0, received: 0n, obligations: 0,
    claimStates: {} as Record<string, number>, disputeOutcomes: {} as Record<string, number>,
  };
  const agenda: Agenda = new Map();
  const today = () => calendarDateOf(clock.now(), 'Asia/Shanghai');
  const at = (date: CalendarDate, work: () => Promise<void>) => agenda.set(date, [...(agenda.get(date) ?? []), work]);
  const capacity = new Map<string, number>();
  const ops: Ctx = world.ops;

  /** Expected refusals of a realistic market (a form already closed, a claim that moved on) are counted, not fatal. */
  const tolerate = async (work: () => Promise<unknown>): Promise<boolean> => {
    try {
      await work();
      return true;
    } catch (err) {
      if (err instanceof DomainError && err.code !== 'internal') return false;
      throw err;
    }
  };

  const postOrder = async (poster: Ctx) => {
    const { profile } = pick(rng, pool);
    const job = jobOf(profile);
    const salary = annualSalaryOf(profile);
    const plan = chance(rng, 0.7) ? 'standard' : 'full_lifecycle';
    const order = await marketplace.createOrder(poster, poster.actor.orgId, {
      clientName: null,
      title: `${job.fn} · ${job.level}`,
      city: pick(rng, CITIES),
      function: job.fn,
      level: job.level,
      headcount: 1,
      currency: 'CNY',
      salaryMin: String(Math.round(salary * 0.8)),
      salaryMax: String(Math.round(salary * 1.3)),
      description: 'simulated order',
      reward: { type: 'percent_of_annual_salary', percent: between(rng, 18, 25) },
      planVersionId: planIds.get(plan)!,
    });
    await marketplace.openOrder(poster, order.id);
    stats.orders++;
    at(addDays(today(), between(rng, 0, 2)), () => takeOrder(poster, order.id));
  };

  const takeOrder = async (poster: Ctx, orderId: string) => {
    const free = world.consultants.filter((c) => (capacity.get(c.actor.userId) ?? 0) < 5);
    if (free.length === 0) return void at(addDays(today(), 1), () => takeOrder(poster, orderId));
    const consultant = pick(rng, free);
    // The marketplace decides who may take it: an order not yet open to the consultant's tier (its wave), or a
    // consultant at its tier's cap, is refused, and someone tries again the next day.
    const taken = await tolerate(async () => marketplace.takeOrder(consultant, orderId, (await marketplace.getOrderTerms(consultant, orderId)).termsHash));
    if (!taken) return void at(addDays(today(), 1), () => takeOrder(poster, orderId));
    capacity.set(consultant.actor.userId, (capacity.get(consultant.actor.userId) ?? 0) + 1);
    const rejected = between(rng, 0, 2);
    for (let i = 0; i < rejected; i++) at(addDays(today(), between(rng, 2, 8)), () => submitAndReject(poster, consultant, orderId));
    at(addDays(today(), between(rng, 5, 20)), () => submitAndHire(poster, consultant, orderId, null));
  };

  const submit = async (consultant: Ctx, orderId: string, profile: Profile) => {
    const n = ++stats.submissions;
    const sub = await submissions.submitCandidate(consultant, orderId, {
      candidateName: candidateName(rng),
      phone: `139${String(10_000_000 + n).slice(-8)}`,
      email: `candidate-${n}@simulated.example`,
      currentTitle: String(profile.JobRole ?? ''),
      yearsExperience: Number(profile.TotalWorkingYears) || 0,
      ...backgroundOf(profile),
      expectedSalary: String(annualSalaryOf(profile)),
      notes: 'simulated candidate',
    });
    return sub.submission.id;
  };

  const submitAndReject = async (poster: Ctx, consultant: Ctx, orderId: string) => {
    let id = '';
    // A candidate sent after the order was filled is refused by the marketplace: part of the market, not an error.
    if (!(await tolerate(async () => (id = await submit(consultant, orderId, pick(rng, pool).profile))))) return;
    await tolerate(() => submissions.moveStage(poster, id, { to: 'screening' }));
    await tolerate(() => submissions.moveStage(poster, id, { to: 'rejected', comment: 'not a fit' }));
  };

  const submitAndHire = async (poster: Ctx, consultant: Ctx, orderId: string, replacing: string | null) => {
    const drawn = pick(rng, pool);
    const id = await submit(consultant, orderId, drawn.profile);
    for (const to of ['screening', 'interviewing', 'offered'] as const) await submissions.moveStage(poster, id, { to });
    const startDate = addDays(today(), between(rng, 7, 21));
    const moved = await submissions.moveStage(poster, id, { to: 'hired', hire: { startDate, annualSalary: String(annualSalaryOf(drawn.profile)), confirmOutsideRange: true } });
    const placementId = moved.placementId;
    if (!placementId) throw new Error('a hire made no placement');
    const view = await placements.getPlacementView(poster, placementId);
    await placements.acceptPlacement(poster, placementId, view.agreementHash);
    await placements.acceptPlacement(consultant, placementId, view.agreementHash);
    if (replacing === null) capacity.set(consultant.actor.userId, Math.max(0, (capacity.get(consultant.actor.userId) ?? 1) - 1));
    stats.placements++;
    if (replacing !== null) stats.replacements++;
    const detail = await placements.getPlacement(poster, placementId);
    const guaranteeDays = detail.placement.guaranteeDays ?? detail.placement.terms.guarantee.days;
    const hire: Hire = { placementId, poster, consultant, orderId, profile: drawn.profile, startDate, guaranteeDays, departure: drawDeparture(rng, drawn.risk, guaranteeDays), ended: false };
    await followHire(hire);
  };

  /** Puts a hire's after-sales life on the agenda: check-ins, tasks, payments, and its departure if it has one. */
  const followHire = async (h: Hire) => {
    const lastDay = h.departure ? addDays(h.startDate, h.departure.day - 1) : null;
    // Sorted here, so the draws do not depend on how the database orders rows with equal keys.
    const forms = (await checkins.listCheckins(h.poster, h.placementId)).sort((a, b) => a.opensOn.localeCompare(b.opensOn) || a.day - b.day || a.respondent.localeCompare(b.respondent));
    for (const form of forms) {
      if (lastDay !== null && form.opensOn > lastDay) continue;
      const answerOn = addDays(form.opensOn, between(rng, 0, 3));
      const leavingSoon = lastDay !== null && daysBetween(form.opensOn, lastDay) <= 30;
      const answers = chance(rng, form.respondent === 'employer' ? 0.85 : 0.75);
      if (!answers) {
        stats.unanswered++;
        continue;
      }
      at(answerOn, async () => {
        if (h.ended) return;
        const ok = form.respondent === 'employer'
          ? await tolerate(() => checkins.answerEmployerForm(h.poster, form.id, employerAnswers(rng, leavingSoon && (h.departure?.reason ?? '').startsWith('dismissal'))))
          : await tolerate(async () => checkins.answerCandidateForm(deps, (await checkins.issueCandidateLink(h.consultant, form.id, ORIGIN)).token, candidateAnswers(rng, h.profile, leavingSoon)));
        if (ok) stats.answered++;
      });
    }
    const list = (await tasks.listTasks(h.consultant, h.placementId)).sort((a, b) => a.dueOn.localeCompare(b.dueOn) || a.kind.localeCompare(b.kind));
    for (const task of list) {
      if (!chance(rng, 0.85)) continue;
      at(addDays(task.dueOn, chance(rng, 0.85) ? -between(rng, 0, 3) : between(rng, 1, 5)), async () => {
        if (!h.ended && (await tolerate(() => tasks.completeTask(h.consultant, task.id, 'done')))) stats.tasksDone++;
      });
    }
    for (const offset of [between(rng, 3, 20), h.guaranteeDays + between(rng, 3, 20)]) at(addDays(h.startDate, offset), () => payWhatIsOpen(h));
    if (h.departure && lastDay) {
      const d = h.departure;
      at(addDays(lastDay, Math.max(1, d.reportAfter)), () => reportDeparture(h, lastDay, d));
    }
  };

  const payWhatIsOpen = async (h: Hire) => {
    for (const i of (await ledger.installmentsView(deps, h.placementId)).sort((a, b) => a.sequence - b.sequence)) {
      const due = i.amount - i.paid - i.voided;
      if ((i.status !== 'open' && i.status !== 'partially_paid') || due <= 0n || !chance(rng, 0.92)) continue;
      const paid = await tolerate(() => ledger.recordPayment(ops, i.id, { amount: formatAmount(due, i.currency), paidOn: today(), reference: `SIM-${stats.payments + 1}` }));
      if (paid) {
        stats.payments++;
        stats.received += due;
      }
    }
  };

  const reportDeparture = async (h: Hire, lastDay: CalendarDate, d: Departure) => {
    h.ended = true;
    stats.departures++;
    const filed = await claims.fileClaim(h.poster, h.placementId, { reason: d.reason, lastWorkingDay: lastDay, remedy: drawRemedy(rng), comment: 'simulated departure' }).catch((err: unknown) => {
      if (err instanceof DomainError) return null;
      throw err;
    });
    if (!filed) return;
    stats.claims++;
    await settleClaim(h, filed.id, filed.state);
  };

  /** What each side does next with a claim, by its state: review, remedy, replacement, dispute. */
  const settleClaim = async (h: Hire, claimId: string, state: string): Promise<void> => {
    if (state === 'pending_review') {
      const c = await claims.reviewClaim(ops, claimId, { covered: chance(rng, 0.7), reason: 'reviewed by the simulated operator' });
      return settleClaim(h, claimId, c.state);
    }
    if (state === 'awaiting_remedy') {
      const c = await claims.chooseRemedy(h.poster, claimId, 'refund').catch(async () => claims.chooseRemedy(h.poster, claimId, 'replacement'));
      return settleClaim(h, claimId, c.state);
    }
    if (state === 'replacement_pending') {
      if (chance(rng, 0.8)) at(addDays(today(), between(rng, 5, 25)), () => submitAndHire(h.poster, h.consultant, h.orderId, claimId));
      else at(addDays(today(), 40), async () => void (await tolerate(() => claims.convertToRefund(h.poster, claimId))));
      return;
    }
    if (state === 'rejected' && chance(rng, 0.35)) at(addDays(today(), between(rng, 1, 10)), () => dispute(h, claimId));
  };

  const dispute = async (h: Hire, claimId: string) => {
    const raised = await disputes.raiseDispute(h.poster, { type: 'claim_decision', subjectId: claimId, statement: 'we contest the decision' }).catch((err: unknown) => {
      if (err instanceof DomainError) return null;
      throw err;
    });
    if (!raised) return;
    stats.disputes++;
    const answers = chance(rng, 0.7);
    const arbitrator = pick(rng, world.arbitrators);
    await disputes.assignArbitrator(ops, raised.id, arbitrator.actor.userId);
    if (answers) at(addDays(today(), between(rng, 1, 6)), async () => void (await tolerate(() => disputes.respondToDispute(h.consultant, raised.id, { statement: 'the decision stands on the terms' }))));
    at(addDays(today(), between(rng, 8, 13)), async () => {
      const outcome = chance(rng, 0.6) ? 'uphold' : 'overturn';
      if (await tolerate(() => disputes.decideDispute(arbitrator, raised.id, { outcome, reasons: 'decided by the simulated arbitrator' }))) {
        stats.disputeOutcomes[outcome] = (stats.disputeOutcomes[outcome] ?? 0) + 1;
        if (outcome === 'overturn') {
          const c = await claims.getClaim(h.poster, claimId);
          await settleClaim(h, claimId, c.claim.state);
        }
      }
    });
  };

  const days = opts.months * 30;
  const ordersPerDay = (opts.ordersPerEmployerMonth ?? 2) / 30;
  for (let day = 0; day < days; day++) {
    // The morning: what fell due overnight runs first, as the worker would at 00:00.
    const run = await runDueObligations({ db: deps.db, dialect: deps.dialect, now: () => clock.now(), handlers: deps.obligationHandlers });
    stats.obligations += run.done;
    if (run.failed > 0) throw new Error(`day ${day}: ${run.failed} obligations failed`);
    for (const employer of world.employers) if (day < days - 20 && chance(rng, ordersPerDay)) await postOrder(employer);
    const due = agenda.get(today()) ?? [];
    agenda.delete(today());
    for (const work of due) await work();
    await clock.advance(DAY_MS);
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
    progress(day + 1, days, stats.placements);
  }
  const run = await runDueObligations({ db: deps.db, dialect: deps.dialect, now: () => clock.now(), handlers: deps.obligationHandlers });
  stats.obligations += run.done;
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;

  const report = await analytics.platformAnalytics(ops, {});
  for (const c of report.claims.byReason) for (const [s, n] of Object.entries(c.byState)) stats.claimStates[s] = (stats.claimStates[s] ?? 0) + n;
  const cash = report.refunds.find((r) => r.currency === 'CNY')?.cashRefund ?? 0n;
  return {
    summary: {
      seed: opts.seed,
      employers: opts.employers,
      agencies: opts.agencies,
      consultants: world.consultants.length,
      months: opts.months,
      days,
      orders: stats.orders,
      submissions: stats.submissions,
      placements: stats.placements,
      replacementPlacements: stats.replacements,
      departures: stats.departures,
      claims: stats.claims,
      claimsByState: sorted(stats.claimStates),
      disputes: stats.disputes,
      disputesByOutcome: sorted(stats.disputeOutcomes),
      checkinsAnswered: stats.answered,
      checkinsLeftUnanswered: stats.unanswered,
      tasksDone: stats.tasksDone,
      paymentsRecorded: stats.payments,
      moneyReceived: `${formatAmount(stats.received, 'CNY')} CNY`,
      cashRefunded: `${formatAmount(cash, 'CNY')} CNY`,
      guaranteePassRate: report.guarantee.overall.rate === null ? null : Number(report.guarantee.overall.rate.toFixed(4)),
      obligationsRun: stats.obligations,
    },
    performance: { seconds, placementsPerSecond: stats.placements / seconds, obligationsPerSecond: stats.obligations / seconds, peakRssMb: peakRss / 2 ** 20 },
  };
}

const sorted = (r: Record<string, number>): Record<string, number> => Object.fromEntries(Object.entries(r).sort(([a], [b]) => a.localeCompare(b)));

type World = { ops: Ctx; employers: Ctx[]; consultants: Ctx[]; arbitrators: Ctx[] };

/** The simulated orgs and users, created through identity like any other (names say they are simulated). */
async function buildWorld(deps: AppDeps, opts: SimulationOptions): Promise<World> {
  const boot = await bootstrapPlatform(deps, { email: 'ops@simulated.example', name: '模拟运营', password: PASSWORD });
  if (!boot) throw new Error('the simulator runs on an empty database (this one already has a platform org)');
  const ops: Ctx = { deps, actor: { userId: boot.userId, orgId: boot.orgId, orgKind: 'platform', role: 'platform_ops', via: 'session' } };
  const ctx = (actor: Actor): Ctx => ({ deps, actor });
  const arbitrators: Ctx[] = [];
  for (let i = 1; i <= 2; i++) {
    const u = await identity.createUser(ops, boot.orgId, { email: `arbitrator${i}@simulated.example`, name: `模拟仲裁员 ${i}`, role: 'arbitrator', password: PASSWORD });
    arbitrators.push(ctx({ userId: u.id, orgId: boot.orgId, orgKind: 'platform', role: 'arbitrator', via: 'session' }));
  }
  const employers: Ctx[] = [];
  for (let i = 1; i <= opts.employers; i++) {
    const made = await identity.createOrg(ops, { name: `模拟企业 ${i} Simulated Employer ${i}`, kind: 'employer', admin: { email: `admin@employer${i}.simulated.example`, name: `企业管理员 ${i}`, password: PASSWORD } });
    employers.push(ctx({ userId: made.admin.id, orgId: made.org.id, orgKind: 'employer', role: 'employer_admin', via: 'session' }));
  }
  const consultants: Ctx[] = [];
  for (let i = 1; i <= opts.agencies; i++) {
    const made = await identity.createOrg(ops, { name: `模拟猎头 ${i} Simulated Agency ${i}`, kind: 'agency', admin: { email: `admin@agency${i}.simulated.example`, name: `机构管理员 ${i}`, password: PASSWORD } });
    const admin = ctx({ userId: made.admin.id, orgId: made.org.id, orgKind: 'agency', role: 'agency_admin', via: 'session' });
    for (let j = 1; j <= (opts.consultantsPerAgency ?? 3); j++) {
      const u = await identity.createUser(admin, made.org.id, { email: `c${j}@agency${i}.simulated.example`, name: `顾问 ${i}-${j}`, role: 'consultant', password: PASSWORD });
      consultants.push(ctx({ userId: u.id, orgId: made.org.id, orgKind: 'agency', role: 'consultant', via: 'session' }));
    }
  }
  return { ops, employers, consultants, arbitrators };
}
