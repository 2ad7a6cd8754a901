import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { seedDemoWorld } from '../../src/demo/seed.ts';
import { loadConfig } from '../../src/platform/config.ts';
import type { Db } from '../../src/platform/db/database.ts';
import { openTenure } from '../../src/tenure.ts';
import { ApiUser } from '../support/api-client.ts';
import { seedActivePlacements } from '../support/bulk-placements.ts';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../support/databases.ts';
import { freePort, startServerProcess, stopServerProcess, tenure, type ServerProcess } from '../support/processes.ts';
import { TEST_TODAY } from '../support/server.ts';

/**
 * Crash safety (issue 14.3): a server process (the compiled runtime, its worker on) serves a scripted lifecycle
 * of money — payments on installments, payouts to the agency, the clock moved so installments are issued and
 * guarantees pass and release escrow — while it is killed with SIGKILL at seeded random moments and started
 * again each time (TENURE_CRASH_KILLS over the run, split over the databases; SQLite in WAL mode and PostgreSQL).
 *
 * At the end: every payment the server acknowledged is in the ledger exactly once, and one whose answer the kill
 * swallowed at most once (each carries a reference of its own); replaying the audit log's money events gives
 * the ledger back (every transfer named by exactly one event, every named transfer there, the payments' amounts
 * equal to their transfers'); `tenure ledger check` and `tenure audit verify` pass; no obligation is left due or
 * failed (there is no "running" state: an obligation commits with its done mark, or stays pending).
 */
const KILLS = Math.ceil(Number(process.env.TENURE_CRASH_KILLS ?? 50) / DATABASE_KINDS.length);
const SEED = Number(process.env.TENURE_CRASH_SEED ?? 14_3);
const PLACEMENTS = 30;

function rngOf(seed: number): (n: number) => number {
  let a = seed >>> 0;
  return (n) => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * n);
  };
}

describe.each(DATABASE_KINDS)('killed with SIGKILL at random moments on %s', (kind) => {
  it(`loses and doubles no money across ${KILLS} kills`, async () => {
    const database = await createTestDatabase(kind);
    const rand = rngOf(SEED + (kind === 'postgres' ? 1 : 0));
    try {
      await seedWorld(database);
      const env: Record<string, string> = {
        TENURE_DATA_DIR: database.dataDir,
        TENURE_CLOCK: 'manual',
        TENURE_CLOCK_START: TEST_TODAY,
        TENURE_WORKER: 'on',
        TENURE_WORKER_INTERVAL_MS: '100',
        TENURE_SEED_DEMO: 'never',
        // Errors only: a 5xx answer is reported with the server's own account of it.
        TENURE_LOG_LEVEL: 'error',
        ...(database.databaseUrl ? { DATABASE_URL: database.databaseUrl } : {}),
      };
      const port = await freePort();
      let server: ServerProcess = await startServerProcess(env, port);
      const ops = await ApiUser.signIn(server.url, 'ops@tenure.demo');
      const agencyOrgId = await agencyOf(database);
      const watcher = await openWatcher(database);
      const acked = new Set<string>();
      const unknown = new Set<string>();
      let n = 0;
      let kills = 0;
      let answered = 0;
      let restartMs = 0;
      // One action at a time from each of three clients, so a kill usually lands with writes in flight.
      const client = async (stopAt: () => boolean) => {
        while (!stopAt()) {
          const action = rand(10);
          const reference = `crash-${kind}-${n++}`;
          try {
            if (action < 6) {
              const open = await watcher.openInstallments();
              if (open.length === 0) {
                await ops.post('/api/v1/clock/advance', { days: 1 + rand(5) });
                continue;
              }
              const inst = open[rand(open.length)]!;
              const res = await ops.post(`/api/v1/installments/${inst}/payments`, { amount: `${1 + rand(400)}.00`, reference });
              answered++;
              if (res.status === 201) acked.add(reference);
              else if (res.status >= 500) throw new Error(`payment answered ${res.status}: ${JSON.stringify(res.body)}\n${server.output()}`);
            } else if (action < 8) {
              const res = await ops.post(`/api/v1/orgs/${agencyOrgId}/payouts`, { currency: 'CNY', amount: `${1 + rand(50)}.00`, reference });
              answered++;
              if (res.status >= 500) throw new Error(`payout answered ${res.status}: ${JSON.stringify(res.body)}\n${server.output()}`);
            } else {
              const res = await ops.post('/api/v1/clock/advance', { days: 1 + rand(4) });
              answered++;
              if (res.status >= 500) throw new Error(`advance answered ${res.status}: ${JSON.stringify(res.body)}\n${server.output()}`);
            }
          } catch (err) {
            if (err instanceof Error && /answered/.test(err.message)) throw err;
            // The connection died with the server: the request may or may not have committed. Wait for the restart.
            unknown.add(reference);
            await up;
          }
        }
      };
      let finished = false;
      // Resolved while a server is up; replaced by a pending one from a kill until the restart.
      let up: Promise<void> = Promise.resolve();
      let releaseUp = () => {};
      // A client that met a 5xx stops; its error is the test's failure (held here, never an unhandled rejection).
      const failures: string[] = [];
      const clients = [0, 1, 2].map(() => client(() => finished).catch((err: unknown) => void failures.push(err instanceof Error ? err.message : String(err))));
      try {
        while (kills < KILLS) {
          await new Promise((done) => setTimeout(done, 150 + rand(1200)));
          up = new Promise((done) => (releaseUp = done));
          server.child.kill('SIGKILL');
          await server.exited;
          kills++;
          const t0 = Date.now();
          server = await startServerProcess(env, port);
          restartMs += Date.now() - t0;
          releaseUp();
        }
      } finally {
        finished = true;
        releaseUp();
        await Promise.all(clients);
      }
      expect(failures).toEqual([]);
      // Everything due by now runs on the last start; then a graceful stop.
      await watcher.untilNothingDue();
      await stopServerProcess(server);

      const payments = await watcher.db.selectFrom('installment_payments').select(['reference', 'amount', 'id']).execute();
      const byReference = new Map<string, number>();
      for (const p of payments) byReference.set(p.reference, (byReference.get(p.reference) ?? 0) + 1);
      const doubled = [...byReference].filter(([, c]) => c > 1).map(([r]) => r);
      const lost = [...acked].filter((r) => !byReference.has(r));
      const replay = await replayAudit(watcher.db);
      const states = await watcher.db.selectFrom('obligations').select(['status']).select((eb) => eb.fn.countAll<string>().as('n')).groupBy('status').execute();
      await watcher.close();
      console.info(
        `crash on ${kind}: ${kills} kills survived (${Math.round(restartMs / Math.max(1, kills))} ms to ready after each), ${answered} answers, ${acked.size} payments acknowledged, ${unknown.size} requests cut by a kill, ` +
          `${payments.length} payments and ${replay.transfers} transfers in the ledger; obligations ${JSON.stringify(Object.fromEntries(states.map((s) => [s.status, Number(s.n)])))}`,
      );
      expect(kills).toBe(KILLS);
      expect(acked.size).toBeGreaterThan(0);
      expect(doubled).toEqual([]);
      expect(lost).toEqual([]);
      expect(replay.problems).toEqual([]);
      // Cancelled: a placement's later obligations when it ends early (a refund), a decision, not a crash.
      expect(states.map((s) => s.status).filter((s) => !['pending', 'done', 'cancelled'].includes(s))).toEqual([]);
      const ledger = await tenure(['ledger', 'check'], env);
      expect(ledger.code, ledger.stdout + ledger.stderr).toBe(0);
      const audit = await tenure(['audit', 'verify'], env);
      expect(audit.code, audit.stdout + audit.stderr).toBe(0);
    } finally {
      await database.drop();
    }
  }, 900_000);
});

function configOf(database: TestDatabase) {
  return loadConfig(
    { TENURE_DATA_DIR: database.dataDir, TENURE_CLOCK: 'manual', TENURE_CLOCK_START: TEST_TODAY, TENURE_LOG_LEVEL: 'silent', TENURE_WORKER: 'off' },
    { databaseUrl: database.databaseUrl },
  );
}

async function seedWorld(database: TestDatabase): Promise<void> {
  const t = await openTenure(configOf(database));
  try {
    await seedDemoWorld(t.deps, () => {}, { marketplace: true });
    await seedActivePlacements(t.deps.db, PLACEMENTS, TEST_TODAY);
  } finally {
    await t.close();
  }
}

async function agencyOf(database: TestDatabase): Promise<string> {
  const t = await openTenure(configOf(database));
  try {
    const p = await t.deps.db.selectFrom('placements').select('agency_org_id').orderBy('id').executeTakeFirstOrThrow();
    return p.agency_org_id;
  } finally {
    await t.close();
  }
}

/** The test's own connection: reads while the server writes (WAL on SQLite), never writes. */
async function openWatcher(database: TestDatabase) {
  const t = await openTenure(configOf(database));
  const db = t.deps.db;
  return {
    db,
    async openInstallments(): Promise<string[]> {
      return (await db.selectFrom('installments').select('id').where('status', 'in', ['open', 'partially_paid']).orderBy('id').limit(50).execute()).map((r) => r.id);
    },
    async untilNothingDue(): Promise<void> {
      for (let i = 0; ; i++) {
        const r = await sql<{ n: string }>`select count(*) as n from obligations where status = 'pending' and due_at <= (select value from platform_state where key = 'clock.manual_now')`.execute(db);
        if (Number(r.rows[0]!.n) === 0) return;
        if (i > 1_200) throw new Error(`obligations still due after 60 s: ${r.rows[0]!.n}`);
        await new Promise((done) => setTimeout(done, 50));
      }
    },
    close: () => t.close(),
  };
}

/**
 * The audit log's money events replayed against the ledger: each transfer named by exactly one event, each named
 * transfer present, and each payment's amount the amount of its incoming transfer.
 */
async function replayAudit(db: Db): Promise<{ transfers: number; problems: string[] }> {
  const problems: string[] = [];
  const transfers = await db.selectFrom('ledger_transfers').select(['id', 'event', 'leg', 'amount']).execute();
  const byId = new Map(transfers.map((t) => [t.id, t]));
  const named = new Map<string, number>();
  const events = await db.selectFrom('audit_events').select(['type', 'payload']).execute();
  for (const e of events) {
    const payload = (typeof e.payload === 'string' ? JSON.parse(e.payload) : e.payload) as { transferIds?: string[]; paymentId?: string; amount?: string };
    for (const id of payload.transferIds ?? []) {
      named.set(id, (named.get(id) ?? 0) + 1);
      if (!byId.has(id)) problems.push(`${e.type} names transfer ${id}, which the ledger lacks`);
    }
    if (e.type === 'payment.recorded' && payload.paymentId) {
      const incoming = transfers.filter((t) => t.event === `payment:${payload.paymentId}` && t.leg === 'in');
      if (incoming.length !== 1) problems.push(`payment ${payload.paymentId}: ${incoming.length} incoming transfers`);
      else if (BigInt(String(incoming[0]!.amount)) !== minorUnits(payload.amount ?? '')) problems.push(`payment ${payload.paymentId}: event says ${payload.amount}, transfer ${String(incoming[0]!.amount)}`);
    }
  }
  for (const t of transfers) {
    const times = named.get(t.id) ?? 0;
    if (times !== 1) problems.push(`transfer ${t.id} (${t.event}/${t.leg}) is named by ${times} audit events`);
  }
  return { transfers: transfers.length, problems: problems.slice(0, 30) };
}

/** "123.45" → 12345n (CNY has two decimals). */
function minorUnits(amount: string): bigint {
  const [whole = '0', frac = ''] = amount.replace(/,/g, '').split('.');
  return BigInt(whole) * 100n + BigInt((frac + '00').slice(0, 2));
}
