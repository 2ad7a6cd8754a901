import * as identity from '../identity/service.ts';
import { bootstrapPlatform } from '../identity/bootstrap.ts';
import type { Actor } from '../platform/auth/actor.ts';
import type { AppDeps, Ctx } from '../platform/deps.ts';
import { seedDemoMarketplace } from './demo-marketplace.ts';
import { seedDemoAftercare } from './demo-aftercare.ts';
import { seedDemoDisputes } from './demo-disputes.ts';
import { seedDemoAssessments } from './demo-assessments.ts';
import { seedDemoIntegrations } from './demo-integrations.ts';
import { seedDemoMoney } from './demo-money.ts';
import { scheduleDemoStory } from './demo-story.ts';
import { demoHistoryClock, seedDemoHistory, DEMO_HISTORY, type DemoHistoryOptions } from './demo-history.ts';
import { DEMO_OPS, DEMO_ORGS, DEMO_PASSWORD } from './demo-world.ts';

export type SeedProgress = (step: string, done: number, total: number) => void;
export type DemoIds = { orgs: Record<string, string>; users: Record<string, string> };

/** True when the database has no org yet: the only time the demo world is seeded automatically. */
export async function databaseIsEmpty(deps: AppDeps): Promise<boolean> {
  return !(await deps.db.selectFrom('orgs').select('id').limit(1).executeTakeFirst());
}

export type SeedOptions = {
  /** Also seed the demo marketplace (orders, engagements, submissions, placements, money, after-sales, story). */
  marketplace?: boolean;
  /**
   * First run a simulated history of the demo orgs (src/demo/demo-history.ts) that ends where the clock stands, so
   * analytics and ratings have content: `npm start` turns it on; most tests leave it off (it takes seconds).
   */
  history?: boolean | DemoHistoryOptions;
};

/** Builds the demo world through the same services users go through, so it is audited like real work. */
export async function seedDemoWorld(deps: AppDeps, progress: SeedProgress = () => {}, opts: SeedOptions = {}): Promise<DemoIds> {
  const history = opts.history === true ? DEMO_HISTORY : opts.history || null;
  const total = DEMO_ORGS.length + 1 + (opts.marketplace ? 1 : 0) + (history ? 1 : 0);
  // With a history, the orgs and people exist from its first day, on its own clock; the rest is seeded at "now".
  const clock = history ? demoHistoryClock(deps, history) : null;
  const past: AppDeps = clock ? { ...deps, clock } : deps;
  const boot = await bootstrapPlatform(past, DEMO_OPS);
  if (!boot) throw new Error('the database already has a platform org; seed only an empty database');
  progress('platform', 1, total);
  const ids: DemoIds = { orgs: { platform: boot.orgId }, users: { [DEMO_OPS.email]: boot.userId } };
  const ops: Ctx = { deps: past, actor: { userId: boot.userId, orgId: boot.orgId, orgKind: 'platform', role: 'platform_ops', via: 'session' } };
  let step = 1;
  for (const org of DEMO_ORGS) {
    let orgId: string;
    let members = org.users;
    let adminCtx: Ctx = ops;
    if (org.kind === 'platform') {
      orgId = boot.orgId;
    } else {
      const [admin, ...rest] = org.users;
      if (!admin) throw new Error(`demo org ${org.key} needs an admin`);
      const created = await identity.createOrg(ops, { name: org.name, kind: org.kind, admin: { email: admin.email, name: admin.name, password: DEMO_PASSWORD } });
      orgId = created.org.id;
      ids.users[admin.email] = created.admin.id;
      members = rest;
      const actor: Actor = { userId: created.admin.id, orgId, orgKind: org.kind, role: admin.role, via: 'session' };
      adminCtx = { deps: past, actor };
    }
    ids.orgs[org.key] = orgId;
    for (const u of members) {
      const user = await identity.createUser(adminCtx, orgId, { email: u.email, name: u.name, role: u.role, password: DEMO_PASSWORD });
      ids.users[u.email] = user.id;
    }
    progress(org.key, ++step, total);
  }
  if (history && clock) {
    await seedDemoHistory(past, clock, (email) => demoActor(ids, email), history);
    if (clock.now().getTime() !== deps.clock.now().getTime() && deps.clock.mode === 'manual') throw new Error('demo history: its clock did not end where the platform clock stands');
    progress('history', ++step, total);
  }
  if (opts.marketplace) {
    await seedDemoMarketplace(deps, (email) => demoActor(ids, email));
    await seedDemoMoney(deps, (email) => demoActor(ids, email));
    await seedDemoAftercare(deps, (email) => demoActor(ids, email));
    await seedDemoDisputes(deps, (email) => demoActor(ids, email));
    await seedDemoAssessments(deps, (email) => demoActor(ids, email));
    await seedDemoIntegrations(deps, (email) => demoActor(ids, email));
    if (deps.clock.mode === 'manual') await scheduleDemoStory(deps, (email) => demoActor(ids, email));
    progress('marketplace', ++step, total);
  }
  return ids;
}

/** The actor of a demo user, as if they had signed in. */
export function demoActor(ids: DemoIds, email: string): Actor {
  if (email === DEMO_OPS.email) return { userId: ids.users[email]!, orgId: ids.orgs.platform!, orgKind: 'platform', role: 'platform_ops', via: 'session' };
  for (const org of DEMO_ORGS) {
    const user = org.users.find((u) => u.email === email);
    if (user) return { userId: ids.users[email]!, orgId: ids.orgs[org.key]!, orgKind: org.kind, role: user.role, via: 'session' };
  }
  throw new Error(`no demo user ${email}`);
}
