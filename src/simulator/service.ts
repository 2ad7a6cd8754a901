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
import { calendarDateOf, DAY_MS, type Clock } from '../platform/clock.ts';
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
  jobTitleOf,
  pick,
  pickWeighted,
  seededRng,
  type Departure,
} from './market.rules.ts';

export type SimulationOptions = { employers: number; agencies: number; months: number; seed: number; consultantsPerAgency?: number; ordersPerEmployerMonth?: number };

/** How a market runs over a given world (the demo's history): what `runSimulation` adds is the world it builds. */
export type MarketOptions = {
  months: number;
  seed: number;
  ordersPerEmployerMonth?: number;
  /** Days at the end with no new order (default 20), so most orders are filled when the run ends. */
  quietDays?: number;
  /** Candidate names never drawn (the demo's own candidates keep theirs unique). */
  reservedNames?: ReadonlySet<string>;
};

/**
 * How one consultant works (default: the market's average). `retention` multiplies the risk model's probability
 * that a hire leaves (below 1: candidates better matched); `diligence` is the share of support tasks done and the
 * share of those done by their due date, and the candidate's check-in answer rate; `share` its weight when an
 * order is taken (1: as likely as anyone); `employerFloor` the lowest performance (1–5) its employers answer.
 */
export type ConsultantHabits = { retention: number; taskShare: number; onTimeShare: number; candidateAnswers: number; share: number; employerFloor: number };
const AVERAGE: ConsultantHabits = { retention: 1, taskShare: 0.85, onTimeShare: 0.85, candidateAnswers: 0.75, share: 1, employerFloor: 3 };

/** The clock a market runs on: manual, moved a day at a time (the persisted ManualClock, or a history's own). */
export interface SimulationClock extends Clock {
  readonly mode: 'manual';
  advance(ms: number): Promise<Date>;
}

/**
 * An in-memory manual clock for a history that ends where the platform's own clock stands: it is never stored
 * and moving it is not audited (the platform's clock did not move; the history's events carry their own dates).
 */
export function historyClock(start: Date): SimulationClock {
  let now = start.getTime();
  return {
    mode: 'manual',
    now: () => new Date(now),
    refresh: async () => {},
    advance: async (ms: number) => {
      if (!Number.isFinite(ms) || ms < 0) throw new RangeError('the clock only moves forward');
      now += ms;
      return new Date(now);
    },
  };
}

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
  /** Retention tasks the consultant has already looked at. */
  flagTasks: Set<string>;
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
  const clock = deps.clock as SimulationClock;
  if (clock.mode !== 'manual') throw new Error('the simulator needs the manual clock (TENURE_CLOCK=manual)');
  const world = await buildWorld(deps, opts);
  const run = await simulateMarket(deps, clock, world, opts, progress);
  return { summary: { seed: opts.seed, employers: opts.employers, agencies: opts.agencies, ...run.summary }, performance: run.performance };
}

/**
 * Runs a market over an existing world (its orgs and people already made): each day the clock moves and the
 * scheduler runs what fell due. The clock ends `months × 30` days after where it started.
 */
export async function simulateMarket(
  base: AppDeps,
  clock: SimulationClock,
  people: World,
  opts: MarketOptions,
  progress: SimulationProgress = () => {},
): Promise<{ summary: Omit<SimulationSummary, 'seed' | 'employers' | 'agencies'>; performance: SimulationPerformance }> {
  const deps: AppDeps = base.clock === clock ? base : { ...base, clock };
  // Everyone acts on the market's clock, whatever deps their contexts came with.
  const bind = (c: Ctx): Ctx => ({ deps, actor: c.actor });
  const world: World = { ...people, ops: bind(people.ops), employers: people.employers.map(bind), consultants: people.consultants.map(bind), arbitrators: people.arbitrators.map(bind) };
  const started = process.hrtime.bigint();
  let peakRss = process.memoryUsage().rss;
  const rng = seededRng(opts.seed);
  const pool = profiles();
  const reserved = opts.reservedNames ?? new Set<string>();
  const nameOf = (): string => {
    // A reserved name is drawn again: the same seed still gives the same names.
    for (;;) {
      const name = candidateName(rng);
      if (!reserved.has(name)) return name;
    }
  };
  const habitsOf = (c: Ctx): ConsultantHabits => world.habits?.get(c.actor.userId) ?? AVERAGE;
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
      title: jobTitleOf(profile),
      city: pick(rng, CITIES),
      function: job.fn,
      level: job.level,
      headcount: 1,
      currency: 'CNY',
      salaryMin: String(Math.round(salary * 0.8)),
      salaryMax: String(Math.round(salary * 1.3)),
      description: '模拟市场中的职位（演示历史）',
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
    // Posters come back to the consultants whose hires last: some take a larger share of the orders.
    const consultant = pickWeighted(rng, free, (c) => habitsOf(c).share);
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
      candidateName: nameOf(),
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
    const retention = habitsOf(consultant).retention;
    const hire: Hire = { placementId, poster, consultant, orderId, profile: drawn.profile, startDate, guaranteeDays, departure: drawDeparture(rng, retention === 1 ? drawn.risk : Math.min(0.95, drawn.risk * retention), guaranteeDays), ended: false, flagTasks: new Set() };
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
      const answers = chance(rng, form.respondent === 'employer' ? 0.85 : habitsOf(h.consultant).candidateAnswers);
      if (!answers) {
        stats.unanswered++;
        continue;
      }
      at(answerOn, async () => {
        if (h.ended) return;
        const ok = form.respondent === 'employer'
          ? await tolerate(() => checkins.answerEmployerForm(h.poster, form.id, employerAnswers(rng, leavingSoon && (h.departure?.reason ?? '').startsWith('dismissal'), habitsOf(h.consultant).employerFloor)))
          : await tolerate(async () => checkins.answerCandidateForm(deps, (await checkins.issueCandidateLink(h.consultant, form.id, ORIGIN)).token, candidateAnswers(rng, h.profile, leavingSoon)));
        if (ok) stats.answered++;
        if (ok) await handleFlagTasks(h);
      });
    }
    const list = (await tasks.listTasks(h.consultant, h.placementId)).sort((a, b) => a.dueOn.localeCompare(b.dueOn) || a.kind.localeCompare(b.kind));
    const habits = habitsOf(h.consultant);
    for (const task of list) {
      if (!chance(rng, habits.taskShare)) continue;
      at(addDays(task.dueOn, chance(rng, habits.onTimeShare) ? -between(rng, 0, 3) : between(rng, 1, 5)), async () => {
        if (!h.ended && (await tolerate(() => tasks.completeTask(h.consultant, task.id, 'done')))) stats.tasksDone++;
      });
    }
    // A form answered, or closed unanswered, may have flagged the placement and given the consultant a retention
    // task: the consultant looks after each answer and the day after each form closes, and handles it by its habits.
    for (const form of forms) if (lastDay === null || form.opensOn <= lastDay) at(addDays(form.closesOn, 1), () => handleFlagTasks(h));
    for (const offset of [between(rng, 3, 20), h.guaranteeDays + between(rng, 3, 20)]) at(addDays(h.startDate, offset), () => payWhatIsOpen(h));
    if (h.departure && lastDay) {
      const d = h.departure;
      at(addDays(lastDay, Math.max(1, d.reportAfter)), () => reportDeparture(h, lastDay, d));
    }
  };

  const handleFlagTasks = async (h: Hire) => {
    if (h.ended) return;
    const habits = habitsOf(h.consultant);
    const open = (await tasks.listTasks(h.consultant, h.placementId)).filter((t) => t.source === 'flag' && (t.status === 'open' || t.status === 'overdue') && !h.flagTasks.has(t.id)).sort((a, b) => a.dueOn.localeCompare(b.dueOn) || a.id.localeCompare(b.id));
    for (const task of open) {
      h.flagTasks.add(task.id);
      if (!chance(rng, habits.taskShare)) continue;
      const done = async () => {
        if (!h.ended && (await tolerate(() => tasks.completeTask(h.consultant, task.id, 'done')))) stats.tasksDone++;
      };
      // On time: at once (the look is the visit); late: some days after it fell due.
      if (task.status === 'open' && chance(rng, habits.onTimeShare)) await done();
      else at(addDays(task.dueOn < today() ? today() : task.dueOn, between(rng, 1, 5)), done);
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
    for (const employer of world.employers) if (day < days - (opts.quietDays ?? 20) && chance(rng, ordersPerDay)) await postOrder(employer);
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

/** The people a market runs with: ops, the employers' posters, the consultants (with their habits), arbitrators. */
export type World = { ops: Ctx; employers: Ctx[]; consultants: Ctx[]; arbitrators: Ctx[]; habits?: ReadonlyMap<string, ConsultantHabits> };

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
