import * as identity from '../identity/service.ts';
import { markAllRead } from '../notifications/service.ts';
import type { Actor } from '../platform/auth/actor.ts';
import { DAY_MS } from '../platform/clock.ts';
import type { AppDeps, Ctx } from '../platform/deps.ts';
import { historyClock, simulateMarket, type ConsultantHabits, type SimulationClock, type World } from '../simulator/service.ts';
import { DEMO_CANDIDATE_NAMES } from './demo-marketplace.ts';
import { DEMO_ORGS, DEMO_PASSWORD } from './demo-world.ts';

/**
 * The demo world's past (docs/demo.md): months of a small market run by the simulator through the real services,
 * on a clock of its own that ends where the platform's clock stands, so the analytics and the ratings have the
 * demo orgs' own history to show. 华信 and 蓝峰 post orders; TalentBridge's, Apex Search's and one more agency's
 * consultants take them, each with its own habits (how well its hires last, how diligent it is), so the ratings
 * spread over the tiers. Deterministic for the demo's date.
 */
export type DemoHistoryOptions = { months: number; seed: number; ordersPerEmployerMonth: number };

export const DEMO_HISTORY: DemoHistoryOptions = { months: 9, seed: 2026, ordersPerEmployerMonth: 4 };

/** An agency that exists only in the history: the platform is not the demo's two agencies alone. */
export const HISTORY_AGENCY = {
  name: '星途人才 StarPath Talent',
  admin: { email: 'admin@starpath.demo', name: '高远 (总经理)' },
  consultants: [
    { email: 'c1@starpath.demo', name: '罗斌 (顾问)' },
    { email: 'c2@starpath.demo', name: '林晓 (顾问)' },
  ],
};

const habits = (retention: number, diligence: number, candidateAnswers: number, share = 1, employerFloor = 3): ConsultantHabits => ({
  retention,
  taskShare: diligence,
  onTimeShare: diligence,
  candidateAnswers,
  share,
  employerFloor,
});

/** Who works how: 周杰 is the demo's star, 吴芳 very good, most are average, two are careless. */
const HABITS: Record<string, ConsultantHabits> = {
  'c1@talentbridge.demo': habits(0, 1, 1, 2.5, 4),
  'c2@talentbridge.demo': habits(0.3, 0.95, 0.9, 1.2, 4),
  'c3@talentbridge.demo': habits(0.8, 0.85, 0.8, 1, 3),
  'c1@apexsearch.demo': habits(1, 0.8, 0.7, 1, 2),
  'c2@apexsearch.demo': habits(1.2, 0.7, 0.65, 1, 2),
  'c3@apexsearch.demo': habits(2.5, 0.3, 0.3, 1, 1),
  'c1@starpath.demo': habits(1, 0.75, 0.7, 1, 2),
  'c2@starpath.demo': habits(3, 0.25, 0.25, 1.5, 1),
};

/** The history's clock: it starts `months × 30` days before the platform's clock and ends on it. */
export function demoHistoryClock(deps: AppDeps, opts: DemoHistoryOptions): SimulationClock {
  return historyClock(new Date(deps.clock.now().getTime() - opts.months * 30 * DAY_MS));
}

/**
 * Runs the history on `history` (deps on the history's clock), after the demo orgs were created on it: adds the
 * history's own agency, runs the market, and marks the history's notifications read (they are the past).
 */
export async function seedDemoHistory(history: AppDeps, clock: SimulationClock, actorOf: (email: string) => Actor, opts: DemoHistoryOptions): Promise<void> {
  const ctx = (email: string): Ctx => ({ deps: history, actor: actorOf(email) });
  const ops = ctx('ops@tenure.demo');
  const made = await identity.createOrg(ops, { name: HISTORY_AGENCY.name, kind: 'agency', admin: { ...HISTORY_AGENCY.admin, password: DEMO_PASSWORD } });
  const admin: Ctx = { deps: history, actor: { userId: made.admin.id, orgId: made.org.id, orgKind: 'agency', role: 'agency_admin', via: 'session' } };
  const extra: Ctx[] = [];
  const habitsById = new Map<string, ConsultantHabits>();
  for (const c of HISTORY_AGENCY.consultants) {
    const u = await identity.createUser(admin, made.org.id, { ...c, role: 'consultant', password: DEMO_PASSWORD });
    extra.push({ deps: history, actor: { userId: u.id, orgId: made.org.id, orgKind: 'agency', role: 'consultant', via: 'session' } });
    habitsById.set(u.id, HABITS[c.email]!);
  }
  const users = DEMO_ORGS.flatMap((o) => o.users);
  const consultants = [...users.filter((u) => u.role === 'consultant').map((u) => ctx(u.email)), ...extra];
  for (const u of users) if (HABITS[u.email]) habitsById.set(actorOf(u.email).userId, HABITS[u.email]!);
  const world: World = {
    ops,
    employers: ['admin@huaxin.demo', 'admin@bluepeak.demo'].map(ctx),
    consultants,
    arbitrators: users.filter((u) => u.role === 'arbitrator').map((u) => ctx(u.email)),
    habits: habitsById,
  };
  // The last 45 days post nothing new, so the demo's consultants start the demo with their history's orders filled.
  await simulateMarket(history, clock, world, { months: opts.months, seed: opts.seed, ordersPerEmployerMonth: opts.ordersPerEmployerMonth, quietDays: 45, reservedNames: DEMO_CANDIDATE_NAMES });
  for (const u of [{ email: 'ops@tenure.demo' }, ...users]) await markAllRead(ctx(u.email));
  await markAllRead(admin);
  for (const c of extra) await markAllRead(c);
}
