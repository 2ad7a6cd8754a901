import { createServer, type Server } from 'node:http';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { seedDemoWorld } from '../../src/demo/seed.ts';
import { loadConfig } from '../../src/platform/config.ts';
import type { Db } from '../../src/platform/db/database.ts';
import { createEndpoint } from '../../src/notifications/channels.service.ts';
import { recordPayment } from '../../src/ledger/service.ts';
import { formatAmount, type Currency } from '../../src/platform/money.ts';
import type { AppDeps } from '../../src/platform/deps.ts';
import { openTenure } from '../../src/tenure.ts';
import { runDueObligations } from '../../src/platform/scheduler/scheduler.ts';
import { ApiUser } from '../support/api-client.ts';
import { seedActivePlacements } from '../support/bulk-placements.ts';
import { copyTestDatabase, createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../support/databases.ts';
import { startServerProcess, stopServerProcess, tenure, type ServerProcess } from '../support/processes.ts';
import { TEST_TODAY } from '../support/server.ts';

/**
 * Several instances on one PostgreSQL (issue 14.2): three `tenure serve` processes (their workers on) and two
 * `tenure tick` loops share one database with the manual clock; N accepted Full-lifecycle placements
 * (TENURE_INSTANCES_PLACEMENTS: 2,000 in CI, 200 in `npm test`) live through 180 business days, the clock moved one day at a time
 * through the ops API of the first instance while everything else runs. Money moves too: on the first morning ops
 * pay the first installment of every tenth placement in full, and its guarantee end releases it from escrow.
 *
 * Exactly once: the same world (built once, then copied with `CREATE DATABASE … TEMPLATE`, so the very same rows)
 * is lived through by one process alone, `tenure clock advance --days 180`, meanwhile on its copy (the reference);
 * every handler's effects (ledger transfers by event and leg with their sums, check-in forms and links, support
 * tasks, flags, notifications, inbox outbox items, installments by status, audit events by type, obligations by
 * kind and status, outbox messages by channel) must come out the same — a doubled run adds rows, a lost one lacks
 * them. Every obligation scheduled for the placements is done, none is left due, none failed; `tenure ledger
 * check` and `tenure audit verify` pass on the shared database.
 *
 * The outbox too: the poster has a webhook endpoint (every kind) at a receiver in this test, and the five processes
 * deliver what the lifecycle announces. Every webhook message ends delivered, and the receiver sees each one's
 * Idempotency-Key exactly once (no process dies here, so not even the documented crash duplicate may appear).
 */
const N = Number(process.env.TENURE_INSTANCES_PLACEMENTS ?? 200);
const DAYS = 180;

describe.skipIf(!DATABASE_KINDS.includes('postgres'))('three instances and two tick loops on one PostgreSQL', () => {
  it(`runs every obligation of ${N} placements over ${DAYS} days exactly once`, async () => {
    const timing = phaseTimer();
    const shared = await createTestDatabase('postgres');
    let reference: TestDatabase | undefined;
    try {
      // The world is built once and copied: the reference lives the very same rows (same ids, same keys).
      const scheduled = await seedWorld(shared);
      reference = await copyTestDatabase(shared);
      timing.phase('build and copy the world');
      const receiver = await startReceiver();
      await addPosterWebhook(shared, receiver.url);
      // Nobody listens there: the reference only writes the outbox, it never delivers.
      await addPosterWebhook(reference, 'http://127.0.0.1:9/tenure-events');
      // The reference runs meanwhile, in a process of its own on its own copy: it shares nothing with the run
      // below but the machine's cores, which the instances' day-by-day waits leave partly idle.
      const referenceDone = referenceRun(reference);
      const env = {
        DATABASE_URL: shared.databaseUrl!,
        TENURE_DATA_DIR: shared.dataDir,
        TENURE_CLOCK: 'manual',
        TENURE_CLOCK_START: TEST_TODAY,
        TENURE_WORKER: 'on',
        TENURE_WORKER_INTERVAL_MS: '150',
        TENURE_SEED_DEMO: 'never',
        TENURE_WEBHOOK_ALLOW_PRIVATE: '1',
      };
      // Started together, as a deployment's instances are.
      const servers: ServerProcess[] = await Promise.all([0, 1, 2].map(() => startServerProcess(env)));
      timing.phase('start 3 servers');
      let ticking = true;
      let ticks = 0;
      const tickLoop = async () => {
        while (ticking) {
          const run = await tenure(['tick'], env);
          if (run.code !== 0) throw new Error(`tenure tick failed: ${run.stderr}`);
          ticks++;
          // A cron-like pause: a tick is a whole process start, and the machine has two cores for everything here.
          await new Promise((done) => setTimeout(done, 300));
        }
      };
      const loops = [tickLoop(), tickLoop()];
      const watcher = await watch(shared);
      const days = { advanceMs: 0, waitMs: 0, byFirstInstance: 0 };
      try {
        const ops = await ApiUser.signIn(servers[0]!.url, 'ops@tenure.demo');
        for (let day = 1; day <= DAYS; day++) {
          const asked = performance.now();
          const res = await ops.post('/api/v1/clock/advance', { days: 1 }).catch((err: unknown) => {
            // A server gone mid-run: say how it ended and what it said last.
            const gone = servers.map((s, i) => `server ${i}: exit ${s.child.exitCode} signal ${s.child.signalCode}`).join('; ');
            throw new Error(`day ${day}: advancing failed (${String(err)}); ${gone}; first server's last output: ${servers[0]!.output().slice(-3000)}`);
          });
          if (res.status !== 200) throw new Error(`day ${day}: advancing failed ${res.status} ${JSON.stringify(res.body)}`);
          days.byFirstInstance += (res.body as { obligationsRun: number }).obligationsRun;
          const answered = performance.now();
          // The other instances and the tick loops may still hold some of the day's obligations: wait for them.
          await watcher.untilNothingDue();
          days.advanceMs += answered - asked;
          days.waitMs += performance.now() - answered;
          // Long: say where it is (the CI log would otherwise be silent for many minutes).
          if (day % 30 === 0) console.info(`instances: day ${day} of ${DAYS}, ${Math.round((days.advanceMs + days.waitMs) / 1000)} s so far`);
        }
        timing.phase(`${DAYS} days`);
        await watcher.untilWebhooksDelivered();
        timing.phase('last webhooks');
      } finally {
        ticking = false;
        await Promise.allSettled(loops);
        await Promise.all(servers.map((s) => stopServerProcess(s)));
      }
      await Promise.all(loops);
      const actual = await effects(watcher.db);
      const webhookMessages = await watcher.db.selectFrom('outbox_messages').select(['id', 'status']).where('channel', '=', 'webhook').execute();
      await receiver.close();
      const seenTwice = [...receiver.seen].filter(([, n]) => n > 1).map(([key]) => key);
      const unseen = webhookMessages.filter((m) => !receiver.seen.has(m.id)).map((m) => m.id);
      const pending = await sql<{ n: string }>`select count(*) as n from obligations o where o.status = 'pending' and o.due_at <= (select value from platform_state where key = 'clock.manual_now')`.execute(watcher.db);
      const failed = await watcher.db.selectFrom('obligations').select((eb) => eb.fn.countAll<string>().as('n')).where('status', '=', 'failed').executeTakeFirstOrThrow();
      const retried = await watcher.db.selectFrom('obligations').select((eb) => eb.fn.countAll<string>().as('n')).where('attempts', '>', 1).executeTakeFirstOrThrow();
      const notDone = await watcher.db
        .selectFrom('obligations')
        .innerJoin('platform_state', (j) => j.on('platform_state.key', '=', 'clock.manual_now'))
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('obligations.due_at', '<=', sql<string>`platform_state.value`)
        // Cancelled: a placement's later obligations once it ended early (a claim's refund in the demo world), by decision.
        .where('obligations.status', 'not in', ['done', 'cancelled'])
        .executeTakeFirstOrThrow();
      const failures = await watcher.db.selectFrom('obligations').select(['kind', 'attempts', 'last_error']).where((eb) => eb.or([eb('status', '=', 'failed'), eb('attempts', '>', 1)])).limit(20).execute();
      await watcher.close();
      timing.phase('count');
      const expected = await referenceDone;
      timing.phase('wait for the reference');
      if (failures.length > 0) console.info(`instances: obligations that failed or were retried: ${JSON.stringify(failures)}`);
      console.info(
        `instances: ${N} placements, ${DAYS} days, 3 servers + 2 tick loops (${ticks} ticks); scheduled at acceptance ${JSON.stringify(scheduled)}; ` +
          `obligations done ${JSON.stringify(actual['obligations done'])} (${days.byFirstInstance} of them in the first instance's advance requests); ` +
          `obligations by status ${JSON.stringify(actual['obligations by status'])}; transfers ${JSON.stringify(actual['ledger_transfers'])}; ` +
          `forms ${actual['checkin_forms rows']}, links ${actual['checkin_links rows']}, tasks ${actual['support_tasks rows']}, flags ${actual['placement_flags rows']}, ` +
          `notifications ${actual['notifications rows']}, installments ${JSON.stringify(actual['installments by status'])}; retried ${retried.n}; ` +
          `outbox ${JSON.stringify(actual['outbox_messages by channel'])}, webhook deliveries received ${receiver.requests} for ${receiver.seen.size} messages`,
      );
      expect(webhookMessages.length).toBeGreaterThan(0);
      expect(webhookMessages.filter((m) => m.status !== 'delivered')).toEqual([]);
      expect(unseen).toEqual([]);
      expect(seenTwice).toEqual([]);
      expect(receiver.seen.size).toBe(webhookMessages.length);
      expect(Number(pending.rows[0]!.n)).toBe(0);
      expect(Number(notDone.n)).toBe(0);
      expect(Number(failed.n)).toBe(0);
      expect(actual).toEqual(expected);
      // Every obligation scheduled at acceptance ran (they all fall within the 180 days, or are still pending and not due).
      for (const [kind, count] of Object.entries(scheduled)) expect((actual['obligations done'] as Record<string, number>)[kind] ?? 0, kind).toBeGreaterThanOrEqual(Math.min(count, 1));
      const ledger = await tenure(['ledger', 'check'], env);
      expect(ledger.code, ledger.stdout + ledger.stderr).toBe(0);
      const audit = await tenure(['audit', 'verify'], env);
      expect(audit.code, audit.stdout + audit.stderr).toBe(0);
      timing.phase('ledger check and audit verify');
      console.info(`instances: ${N} placements, time by phase ${timing.summary()}; the ${DAYS} days: advance requests ${Math.round(days.advanceMs / 1000)} s, waiting for the others ${Math.round(days.waitMs / 1000)} s`);
    } finally {
      await shared.drop();
      await reference?.drop();
    }
  }, 2_700_000);
});

function configOf(database: TestDatabase) {
  return loadConfig(
    { TENURE_DATA_DIR: database.dataDir, TENURE_CLOCK: 'manual', TENURE_CLOCK_START: TEST_TODAY, TENURE_LOG_LEVEL: 'silent', TENURE_WORKER: 'off', TENURE_WEBHOOK_ALLOW_PRIVATE: '1' },
    { databaseUrl: database.databaseUrl },
  );
}

/** The demo marketplace and N accepted placements starting today; the obligations scheduled, by kind. */
async function seedWorld(database: TestDatabase): Promise<Record<string, number>> {
  const t = await openTenure(configOf(database));
  try {
    await seedDemoWorld(t.deps, () => {}, { marketplace: true });
    const scheduled = await seedActivePlacements(t.deps.db, N, TEST_TODAY);
    // The first morning: what fell due runs (the first installments are issued), then ops record payments.
    const { deps } = t;
    const firstMorning = await runDueObligations({ db: deps.db, dialect: deps.dialect, now: () => deps.clock.now(), handlers: deps.obligationHandlers });
    const paid = await payInEscrow(deps, 10);
    console.info(`instances: the first morning ran ${firstMorning.done} obligations; ops paid ${paid} installments in full`);
    return scheduled;
  } finally {
    await t.close();
  }
}

/**
 * Ops record the full payment of the issued installments of every `every`-th placement starting today (the ledger's
 * own use case), so money sits in escrow and the 180 days move it: released at guarantee end, in shares to the
 * deliverer and the platform. Without it the bulk placements' installments are never paid and their obligations
 * move no money.
 */
async function payInEscrow(deps: AppDeps, every: number): Promise<number> {
  const ops = await deps.db.selectFrom('users').select(['id', 'org_id']).where('role', '=', 'platform_ops').orderBy('id').executeTakeFirstOrThrow();
  const ctx = { deps, actor: { userId: ops.id, orgId: ops.org_id, orgKind: 'platform' as const, role: 'platform_ops' as const, via: 'session' as const } };
  const open = await deps.db
    .selectFrom('installments')
    .innerJoin('placements', 'placements.id', 'installments.placement_id')
    .select(['installments.id', 'installments.placement_id', 'installments.amount', 'installments.currency'])
    .where('placements.start_date', '=', TEST_TODAY)
    .where('installments.status', '=', 'open')
    .orderBy('installments.placement_id')
    .orderBy('installments.sequence')
    .execute();
  const chosen = new Set([...new Set(open.map((i) => i.placement_id))].filter((_, i) => i % every === 0));
  const paying = open.filter((x) => chosen.has(x.placement_id));
  for (const i of paying) await recordPayment(ctx, i.id, { amount: formatAmount(BigInt(i.amount), i.currency as Currency), reference: `instances-${i.id}` });
  return paying.length;
}

/** The poster's admin adds a webhook endpoint (every kind) at `url`, through the notifications area's own use case. */
async function addPosterWebhook(database: TestDatabase, url: string): Promise<void> {
  const t = await openTenure(configOf(database));
  try {
    const placement = await t.deps.db.selectFrom('placements').select('poster_org_id').orderBy('id').executeTakeFirstOrThrow();
    const admin = await t.deps.db
      .selectFrom('users')
      .innerJoin('orgs', 'orgs.id', 'users.org_id')
      .select(['users.id', 'orgs.kind'])
      .where('users.org_id', '=', placement.poster_org_id)
      .where('users.role', '=', 'employer_admin')
      .executeTakeFirstOrThrow();
    await createEndpoint({ deps: t.deps, actor: { userId: admin.id, orgId: placement.poster_org_id, orgKind: admin.kind, role: 'employer_admin', via: 'session' } }, placement.poster_org_id, { url, events: ['*'] });
  } finally {
    await t.close();
  }
}

/** An integrator's receiver: answers 200 and counts each delivery by its Idempotency-Key. */
async function startReceiver(): Promise<{ url: string; seen: Map<string, number>; requests: number; close(): Promise<void> }> {
  const seen = new Map<string, number>();
  const state = { requests: 0 };
  const server: Server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      state.requests++;
      const key = String(req.headers['idempotency-key'] ?? '');
      seen.set(key, (seen.get(key) ?? 0) + 1);
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/tenure-events`,
    seen,
    get requests() {
      return state.requests;
    },
    close: () => new Promise<void>((done) => server.close(() => done())),
  };
}

/**
 * The same world lived through by one process alone: `tenure clock advance --days 180` moves the clock a day at a
 * time and runs what fell due after each day, as the ops API does; what it leaves is what exactly once must produce.
 */
async function referenceRun(database: TestDatabase): Promise<Effects> {
  const run = await tenure(
    ['clock', 'advance', '--days', String(DAYS)],
    { DATABASE_URL: database.databaseUrl!, TENURE_DATA_DIR: database.dataDir, TENURE_CLOCK: 'manual', TENURE_CLOCK_START: TEST_TODAY, TENURE_WORKER: 'off', TENURE_SEED_DEMO: 'never' },
    2_400_000,
  );
  if (run.code !== 0) throw new Error(`the reference run failed: ${run.stdout}${run.stderr}`);
  const t = await openTenure(configOf(database));
  try {
    return await effects(t.deps.db);
  } finally {
    await t.close();
  }
}

/** Wall time by phase, for the summary line. */
function phaseTimer(): { phase(name: string): void; summary(): string } {
  let last = performance.now();
  const phases: string[] = [];
  return {
    phase(name) {
      const now = performance.now();
      phases.push(`${name} ${Math.round((now - last) / 1000)} s`);
      console.info(`instances: ${phases.at(-1)}`);
      last = now;
    },
    summary: () => phases.join(', '),
  };
}

/** A connection of the test's own to the shared database, to wait on and to count. */
async function watch(database: TestDatabase): Promise<{ db: Db; untilNothingDue(): Promise<void>; untilWebhooksDelivered(): Promise<void>; close(): Promise<void> }> {
  const t = await openTenure(configOf(database));
  return {
    db: t.deps.db,
    async untilNothingDue() {
      for (let i = 0; ; i++) {
        const r = await sql<{ n: string }>`select count(*) as n from obligations where status = 'pending' and due_at <= (select value from platform_state where key = 'clock.manual_now')`.execute(t.deps.db);
        if (Number(r.rows[0]!.n) === 0) return;
        if (i > 2_400) throw new Error(`obligations still due after 120 s: ${r.rows[0]!.n}`);
        await new Promise((done) => setTimeout(done, 50));
      }
    },
    async untilWebhooksDelivered() {
      for (let i = 0; ; i++) {
        const r = await sql<{ n: string }>`select count(*) as n from outbox_messages where channel = 'webhook' and status = 'pending'`.execute(t.deps.db);
        if (Number(r.rows[0]!.n) === 0) return;
        if (i > 2_400) throw new Error(`webhook messages still pending after 120 s: ${r.rows[0]!.n}`);
        await new Promise((done) => setTimeout(done, 50));
      }
    },
    close: () => t.close(),
  };
}

type Effects = Record<string, unknown>;

/** What the handlers leave behind, counted and summed; nothing that depends on which process ran what, or when by the wall clock. */
async function effects(db: Db): Promise<Effects> {
  const grouped = async (q: ReturnType<typeof sql<{ k: string; n: string }>>) => Object.fromEntries((await q.execute(db)).rows.map((r) => [r.k, Number(r.n)]));
  const out: Effects = {};
  out['obligations done'] = await grouped(sql`select kind as k, count(*) as n from obligations where status = 'done' group by kind order by kind`);
  out['obligations by status'] = await grouped(sql`select status as k, count(*) as n from obligations group by status order by status`);
  // By the kind of event and leg (`payment:<id>` → payment, `deliverer:<consultant>` → deliverer): ids differ between the runs.
  out['ledger_transfers'] = await grouped(sql`select split_part(event, ':', 1) || '/' || split_part(leg, ':', 1) as k, count(*) as n from ledger_transfers group by 1 order by 1`);
  out['ledger_transfers sums'] = await grouped(sql`select split_part(event, ':', 1) || '/' || split_part(leg, ':', 1) || '/' || currency as k, sum(cast(amount as bigint)) as n from ledger_transfers group by 1 order by 1`);
  out['installments by status'] = await grouped(sql`select status as k, count(*) as n from installments group by status order by status`);
  out['checkin_forms by status'] = await grouped(sql`select status as k, count(*) as n from checkin_forms group by status order by status`);
  out['support_tasks by status'] = await grouped(sql`select status as k, count(*) as n from support_tasks group by status order by status`);
  out['notifications by kind'] = await grouped(sql`select kind as k, count(*) as n from notifications group by kind order by kind`);
  out['outbox_messages by channel'] = await grouped(sql`select channel as k, count(*) as n from outbox_messages group by channel order by channel`);
  // Sign-ins and the clock's own moves differ by who moved it; every other event is a handler's or a use case's.
  // A background check is sent to the demo provider by a listening server after its order commits, and completed by
  // the provider's callback: the reference (one process, no HTTP) never sends it. So those two events are compared
  // as "never twice" rather than by count.
  out['audit events by type'] = await grouped(
    sql`select type as k, count(*) as n from audit_events where type not like 'auth.%' and type not like 'session.%' and type not in ('background_check.sent', 'background_check.completed') group by type order by type`,
  );
  out['background checks sent or completed twice'] = Number(
    (await sql<{ n: string }>`select count(*) as n from (select type, subject_id from audit_events where type in ('background_check.sent', 'background_check.completed') group by type, subject_id having count(*) > 1) twice`.execute(db)).rows[0]!.n,
  );
  for (const table of ['checkin_forms', 'checkin_links', 'support_tasks', 'placement_flags', 'notifications', 'aftercare_outbox', 'claims', 'rating_outcomes', 'risk_scores', 'ledger_accounts', 'ledger_transfers', 'installments']) {
    out[`${table} rows`] = Number((await sql<{ n: string }>`select count(*) as n from ${sql.table(table)}`.execute(db)).rows[0]!.n);
  }
  return out;
}
