import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DAY_MS, ManualClock } from '../../src/platform/clock.ts';
import { inTransaction, openDatabase, type DatabaseHandle, type Db } from '../../src/platform/db/database.ts';
import { migrate } from '../../src/platform/db/migrator.ts';
import { createMetrics } from '../../src/platform/metrics.ts';
import { generateSigningKey } from '../../src/platform/audit/checkpoint.ts';
import { recordSystem } from '../../src/platform/audit/record.ts';
import { notify } from '../../src/notifications/service.ts';
import { countOutcome } from '../../src/ratings/outcomes.service.ts';
import { talliesOf } from '../../src/ratings/store.ts';
import { verifyAuditLog } from '../../src/platform/audit/audit-verify.ts';
import { loadConfig } from '../../src/platform/config.ts';
import type { AppDeps } from '../../src/platform/deps.ts';
import { MAX_ATTEMPTS, nextAttemptAt } from '../../src/platform/scheduler/retry.rules.ts';
import { startWorker } from '../../src/platform/scheduler/worker.ts';
import {
  obligationsOf,
  runDueObligations,
  scheduleObligation,
  type NewObligation,
  type ObligationHandler,
  type ObligationHandlers,
} from '../../src/platform/scheduler/scheduler.ts';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../support/databases.ts';

const START = new Date('2026-11-25T09:00:00.000Z');
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

describe.each(DATABASE_KINDS)('scheduler on %s', (kind) => {
  let database: TestDatabase;
  let handle: DatabaseHandle;
  let db: Db;
  let clock: ManualClock;

  beforeEach(async () => {
    database = await createTestDatabase(kind);
    handle = openDatabase({ databaseUrl: database.databaseUrl, sqlitePath: join(database.dataDir, 'tenure.sqlite') });
    db = handle.db;
    await migrate(db, handle.dialect, { keyedHashSecret: 'scheduler-test-secret-of-at-least-32-chars' });
    clock = await ManualClock.open(db, START);
  });
  afterEach(async () => {
    await handle?.close();
    await database?.drop();
  });

  const tick = (handlers: ObligationHandlers, opts: { batchSize?: number; maxBatches?: number; batchTimeBudgetMs?: number } = {}) =>
    runDueObligations({ db, dialect: handle.dialect, now: () => clock.now(), handlers }, opts);

  let subjects = 0;
  const schedule = (kind: string, dueAt: Date | string, extra: Partial<NewObligation> = {}): Promise<string> =>
    inTransaction(db, (tx) => scheduleObligation(tx, clock.now(), { kind, subjectType: 'test', subjectId: `s${++subjects}`, orgId: null, dueAt, ...extra }));

  const row = (id: string) => db.selectFrom('obligations').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

  /** A handler that counts its runs per obligation and leaves a row in the same transaction. */
  function counting(): { handler: ObligationHandler; runs: Map<string, number> } {
    const runs = new Map<string, number>();
    return {
      runs,
      handler: async ({ tx, obligation }) => {
        runs.set(obligation.id, (runs.get(obligation.id) ?? 0) + 1);
        await tx.insertInto('platform_state').values({ key: `effect:${obligation.id}:${runs.get(obligation.id)}`, value: 'x' }).execute();
      },
    };
  }

  const effects = async (): Promise<number> =>
    (await db.selectFrom('platform_state').select('key').where('key', 'like', 'effect:%').execute()).length;

  it('runs nothing before its due time, and each obligation once at or after it', async () => {
    const { handler, runs } = counting();
    const later = await schedule('k', new Date(START.getTime() + HOUR));
    const tomorrow = await schedule('k', new Date(START.getTime() + DAY_MS));
    const now = await schedule('k', START);

    expect(await tick({ k: handler })).toEqual({ done: 1, failed: 0, retried: 0 });
    expect([...runs.keys()]).toEqual([now]);
    expect(await row(later)).toMatchObject({ status: 'pending', attempts: 0, completed_at: null });

    await clock.advance(HOUR - 1);
    expect(await tick({ k: handler })).toEqual({ done: 0, failed: 0, retried: 0 });
    await clock.advance(1); // exactly the due instant
    expect(await tick({ k: handler })).toEqual({ done: 1, failed: 0, retried: 0 });
    expect(await tick({ k: handler })).toEqual({ done: 0, failed: 0, retried: 0 });
    await clock.advance(2 * DAY_MS);
    expect(await tick({ k: handler })).toEqual({ done: 1, failed: 0, retried: 0 });
    expect(await tick({ k: handler })).toEqual({ done: 0, failed: 0, retried: 0 });

    expect(Object.fromEntries(runs)).toEqual({ [now]: 1, [later]: 1, [tomorrow]: 1 });
    expect(await effects()).toBe(3);
    expect(await row(later)).toMatchObject({ status: 'done', attempts: 1, last_error: null, completed_at: new Date(START.getTime() + HOUR).toISOString() });
    expect(await row(tomorrow)).toMatchObject({ status: 'done', completed_at: new Date(START.getTime() + HOUR + 2 * DAY_MS).toISOString() });
  });

  it('a due time given as text with an offset means the same instant', async () => {
    const { handler, runs } = counting();
    // 17:00 in Shanghai is 09:00 UTC: due exactly now. Without an offset but without milliseconds: due a second ago.
    const shanghai = await schedule('k', '2026-11-25T17:00:00+08:00');
    const noMillis = await schedule('k', '2026-11-25T08:59:59Z');
    const tomorrowShanghai = await schedule('k', '2026-11-26T08:00:00+08:00'); // 00:00 UTC on the 26th: not due
    const newYork = await schedule('k', '2026-11-25T05:00:00-05:00'); // 10:00 UTC: an hour from now, not due
    expect(await tick({ k: handler })).toMatchObject({ done: 2 });
    expect(new Set(runs.keys())).toEqual(new Set([shanghai, noMillis]));
    expect((await row(tomorrowShanghai)).status).toBe('pending');
    expect((await row(newYork)).status).toBe('pending');
    expect((await row(shanghai)).due_at).toBe(START.toISOString());
    expect((await row(newYork)).due_at).toBe('2026-11-25T10:00:00.000Z');
    await clock.advance(HOUR);
    expect(await tick({ k: handler })).toMatchObject({ done: 1 });
    expect(runs.get(newYork)).toBe(1);
    await expect(schedule('k', 'next tuesday')).rejects.toThrow(/not an instant/);
  });

  it('two ticks at once run every due obligation exactly once', async () => {
    const runs = new Map<string, number>();
    const slow: ObligationHandler = async ({ tx, obligation }) => {
      runs.set(obligation.id, (runs.get(obligation.id) ?? 0) + 1);
      await new Promise((r) => setTimeout(r, 2));
      await tx.insertInto('platform_state').values({ key: `effect:${obligation.id}`, value: 'x' }).execute();
    };
    const ids: string[] = [];
    for (let i = 0; i < 60; i++) ids.push(await schedule('k', new Date(START.getTime() - i * MINUTE)));
    const [a, b] = await Promise.all([tick({ k: slow }, { batchSize: 7 }), tick({ k: slow }, { batchSize: 7 })]);
    expect(a.done + b.done).toBe(60);
    expect(a.failed + b.failed + a.retried + b.retried).toBe(0);
    expect(ids.every((id) => runs.get(id) === 1)).toBe(true);
    expect(await effects()).toBe(60);
    const statuses = await db.selectFrom('obligations').select(['status', 'attempts']).execute();
    expect(statuses.every((s) => s.status === 'done' && Number(s.attempts) === 1)).toBe(true);
    expect(await tick({ k: slow })).toEqual({ done: 0, failed: 0, retried: 0 });
  });

  it.runIf(kind === 'postgres')('a row another worker holds is skipped, not waited for (FOR UPDATE SKIP LOCKED)', async () => {
    const { handler, runs } = counting();
    const held = await schedule('k', START);
    const free = await Promise.all([schedule('k', START), schedule('k', START)]);
    await db.transaction().execute(async (other) => {
      await other.selectFrom('obligations').select('id').where('id', '=', held).forUpdate().execute();
      const started = Date.now();
      const r = await tick({ k: handler });
      expect(Date.now() - started).toBeLessThan(3_000);
      expect(r).toEqual({ done: 2, failed: 0, retried: 0 });
    });
    expect(new Set(runs.keys())).toEqual(new Set(free));
    expect((await row(held)).status).toBe('pending');
    expect(await tick({ k: handler })).toEqual({ done: 1, failed: 0, retried: 0 });
    expect(runs.get(held)).toBe(1);
  });

  it.runIf(kind === 'sqlite')('two processes ticking one SQLite file run each obligation once, without spurious failures', async () => {
    // As when `npx tenure tick` or `clock advance` runs beside the server's worker.
    const N = 80;
    for (let i = 0; i < N; i++) await schedule('k', new Date(START.getTime() - i * 1000));
    const src = (p: string) => pathToFileURL(resolve(import.meta.dirname, '../../src', p)).href;
    const childCode = `
      const { openDatabase } = await import(${JSON.stringify(src('platform/db/database.ts'))});
      const { runDueObligations } = await import(${JSON.stringify(src('platform/scheduler/scheduler.ts'))});
      const handle = openDatabase({ sqlitePath: ${JSON.stringify(join(database.dataDir, 'tenure.sqlite'))} });
      const ran = [];
      const k = async ({ tx, obligation }) => {
        ran.push(obligation.id);
        await new Promise((r) => setTimeout(r, 3));
        await tx.insertInto('platform_state').values({ key: 'effect:' + obligation.id + ':child', value: 'x' }).execute();
      };
      process.stdout.write('ready\\n');
      await new Promise((r) => process.stdin.once('data', r));
      const result = await runDueObligations({ db: handle.db, dialect: 'sqlite', now: () => new Date(${JSON.stringify(START.toISOString())}), handlers: { k } });
      await handle.close();
      process.stdout.write(JSON.stringify({ result, ran }) + '\\n');
      process.exit(0);
    `;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', childCode], { cwd: resolve(import.meta.dirname, '../..'), env: { ...process.env, TZ: 'UTC' } });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const exited = new Promise<number | null>((r) => child.on('exit', r));
    const deadline = Date.now() + 20_000;
    while (!out.includes('ready') && Date.now() < deadline && child.exitCode === null) await new Promise((r) => setTimeout(r, 10));
    expect(out, err).toContain('ready');

    const runs = new Map<string, number>();
    const k: ObligationHandler = async ({ tx, obligation }) => {
      runs.set(obligation.id, (runs.get(obligation.id) ?? 0) + 1);
      await new Promise((r) => setTimeout(r, 3));
      await tx.insertInto('platform_state').values({ key: `effect:${obligation.id}:parent`, value: 'x' }).execute();
    };
    child.stdin.write('go\n');
    const mine = await tick({ k });
    expect(await exited, err).toBe(0);
    const theirs = JSON.parse(out.slice(out.indexOf('{'))) as { result: typeof mine; ran: string[] };
    for (const id of theirs.ran) runs.set(id, (runs.get(id) ?? 0) + 1);

    expect({ ...mine, other: theirs.result }).toMatchObject({ done: N - theirs.result.done, retried: 0, failed: 0, other: { retried: 0, failed: 0 } });
    expect([...runs.values()].filter((n) => n !== 1)).toEqual([]); // no handler invoked twice, even to be rolled back
    expect(runs.size).toBe(N);
    expect(await effects()).toBe(N);
    const rows = await db.selectFrom('obligations').select(['status', 'attempts', 'last_error']).execute();
    expect(rows.filter((r) => r.status !== 'done' || Number(r.attempts) !== 1 || r.last_error !== null)).toEqual([]);
  });

  it('a failing handler: rolled back, retried after the backoff, then done', async () => {
    let calls = 0;
    const flaky: ObligationHandler = async ({ tx, obligation }) => {
      calls++;
      await tx.insertInto('platform_state').values({ key: `effect:${obligation.id}:${calls}`, value: 'partial' }).execute();
      if (calls === 1) throw new Error('the mail server said no');
    };
    const { handler: ok, runs } = counting();
    const id = await schedule('flaky', START);
    const others = [await schedule('ok', START), await schedule('ok', START), await schedule('ok', START)];

    // One call: the others are done, the failing one is tried once (not again in the same call).
    expect(await tick({ flaky, ok }, { batchSize: 2 })).toEqual({ done: 3, failed: 0, retried: 1 });
    expect(calls).toBe(1);
    expect(others.every((o) => runs.get(o) === 1)).toBe(true);
    const failed = await row(id);
    expect(failed).toMatchObject({ status: 'pending', attempts: 1, last_error: 'the mail server said no', completed_at: null });
    expect(failed.due_at).toBe(nextAttemptAt(START, 1).toISOString());
    expect(new Date(failed.due_at).getTime()).toBeGreaterThan(START.getTime());
    // Its write went with its transaction; the others' writes stayed.
    expect(await db.selectFrom('platform_state').select('key').where('key', '=', `effect:${id}:1`).executeTakeFirst()).toBeUndefined();
    expect(await effects()).toBe(3);

    // Not before the backoff has passed.
    expect(await tick({ flaky, ok })).toEqual({ done: 0, failed: 0, retried: 0 });
    await clock.advance(nextAttemptAt(START, 1).getTime() - START.getTime() - 1);
    expect(await tick({ flaky, ok })).toEqual({ done: 0, failed: 0, retried: 0 });
    expect(calls).toBe(1);
    await clock.advance(1);
    expect(await tick({ flaky, ok })).toEqual({ done: 1, failed: 0, retried: 0 });
    expect(calls).toBe(2);
    expect(await row(id)).toMatchObject({ status: 'done', attempts: 2, last_error: null, completed_at: clock.now().toISOString() });
    expect(await db.selectFrom('platform_state').select('value').where('key', '=', `effect:${id}:2`).executeTakeFirst()).toEqual({ value: 'partial' });
  });

  it('in one batch, a handler that fails after appending audit events leaves no trace; the others\' events form a log that verifies', async () => {
    const appended: string[] = [];
    const auditing: ObligationHandler = async ({ tx, now, obligation }) => {
      await recordSystem(tx, now, { type: 'task.overdue', subjectType: 'placement', subjectId: obligation.subjectId, orgId: null, workOf: 'consultant-1', payload: { taskId: obligation.id, kind: 'return_visit', dueOn: '2026-11-24' } });
      await recordSystem(tx, now, { type: 'task.overdue', subjectType: 'placement', subjectId: obligation.subjectId, orgId: null, workOf: 'consultant-1', payload: { taskId: obligation.id, kind: 'onboarding_coaching', dueOn: '2026-11-24' } });
      if (obligation.subjectId.endsWith('3') || obligation.subjectId.endsWith('6')) throw new Error('refused after two appends');
      appended.push(obligation.subjectId);
    };
    const ids: string[] = [];
    for (let i = 0; i < 8; i++) ids.push(await schedule('audited', new Date(START.getTime() - i * MINUTE)));
    expect(await tick({ audited: auditing }, { batchSize: 8 })).toEqual({ done: 6, failed: 0, retried: 2 });
    const events = await db.selectFrom('audit_events').select(['seq', 'subject_id']).orderBy('seq').execute();
    expect(events.map((e) => Number(e.seq))).toEqual(Array.from({ length: 12 }, (_, i) => i));
    expect(new Set(events.map((e) => e.subject_id))).toEqual(new Set(appended));
    const key = generateSigningKey();
    expect(await verifyAuditLog(db, key.publicKeyPem)).toMatchObject({ ok: true, verified: 12 });
  });

  it('a batch writes its audit events and inbox items at its end: the first handler failing after appending leaves none of its own, two ticks at once keep one log', async () => {
    const handler: ObligationHandler = async ({ tx, now, obligation }) => {
      await recordSystem(tx, now, { type: 'task.overdue', subjectType: 'placement', subjectId: obligation.subjectId, orgId: null, workOf: 'consultant-1', payload: { taskId: obligation.id, kind: 'return_visit', dueOn: '2026-11-24' } });
      await notify(tx, now, { orgId: 'org-1', userId: null, kind: 'task.overdue', subjectType: 'placement', subjectId: obligation.subjectId, params: { taskKind: 'return_visit', dueOn: '2026-11-24' } });
      // The earliest obligation of each run fails on its first attempt, after its append: the head it read goes with it.
      if (obligation.subjectId === first && obligation.attempts === 0) throw new Error('refused after appending');
    };
    await db.insertInto('orgs').values({ id: 'org-1', name: '华信科技', kind: 'employer', time_zone: 'Asia/Shanghai', created_at: START.toISOString() }).execute();
    const ids: string[] = [];
    for (let i = 0; i < 40; i++) ids.push(await schedule('deferred', new Date(START.getTime() - (40 - i) * MINUTE)));
    const first = (await row(ids[0]!)).subject_id;
    const [a, b] = await Promise.all([tick({ deferred: handler }, { batchSize: 9 }), tick({ deferred: handler }, { batchSize: 9 })]);
    expect(a.done + b.done).toBe(39);
    expect(a.retried + b.retried).toBe(1);
    const events = await db.selectFrom('audit_events').select(['seq', 'subject_id']).orderBy('seq').execute();
    expect(events.map((e) => Number(e.seq))).toEqual(Array.from({ length: 39 }, (_, i) => i));
    expect(events.map((e) => e.subject_id)).not.toContain(first);
    const inbox = await db.selectFrom('notifications').select('subject_id').execute();
    expect(inbox.map((n) => n.subject_id).sort()).toEqual(events.map((e) => e.subject_id).sort());
    expect(await verifyAuditLog(db, generateSigningKey().publicKeyPem)).toMatchObject({ ok: true, verified: 39 });
    const state = await db.selectFrom('audit_state').select('tree_size').executeTakeFirstOrThrow();
    expect(Number(state.tree_size)).toBe(39);
  });

  it.runIf(kind === 'postgres')('a user’s audited action does not wait for a running batch: the batch takes the log’s head only when it writes its events', async () => {
    // The batch's one handler records, then waits until an action in another transaction has recorded and committed.
    let actionDone!: () => void;
    const actionCommitted = new Promise<void>((r) => (actionDone = r));
    let handlerRecorded!: () => void;
    const batchRecorded = new Promise<void>((r) => (handlerRecorded = r));
    const handler: ObligationHandler = async ({ tx, now, obligation }) => {
      await recordSystem(tx, now, { type: 'task.overdue', subjectType: 'placement', subjectId: obligation.subjectId, orgId: null, workOf: 'consultant-1', payload: { taskId: obligation.id, kind: 'return_visit', dueOn: '2026-11-24' } });
      handlerRecorded();
      await actionCommitted;
    };
    await schedule('deferred', START);
    const ticking = tick({ deferred: handler });
    await batchRecorded;
    const started = Date.now();
    await inTransaction(db, (tx) => recordSystem(tx, START, { type: 'task.overdue', subjectType: 'placement', subjectId: 'user-action', orgId: null, workOf: 'consultant-1', payload: { taskId: 't-user', kind: 'return_visit', dueOn: '2026-11-24' } }));
    expect(Date.now() - started).toBeLessThan(3_000);
    actionDone();
    expect(await ticking).toEqual({ done: 1, failed: 0, retried: 0 });
    // The action committed first, so it holds seq 0 and the batch's event follows it.
    const events = await db.selectFrom('audit_events').select(['seq', 'subject_id']).orderBy('seq').execute();
    expect(events.map((e) => [Number(e.seq), e.subject_id === 'user-action'])).toEqual([[0, true], [1, false]]);
    expect(await verifyAuditLog(db, generateSigningKey().publicKeyPem)).toMatchObject({ ok: true, verified: 2 });
  }, 20_000);

  it('a batch’s rating outcomes add up in memory and land at its end: a failed handler’s take back out, a read in the batch sees its own', async () => {
    const seen: number[] = [];
    const handler: ObligationHandler = async ({ tx, now, obligation }) => {
      const onTime = Number(obligation.subjectId.slice(1)) % 2 === 0;
      await countOutcome(tx, now, { consultantId: 'consultant-1', agencyOrgId: 'agency-1', placementId: null }, `task:${obligation.id}`, { kind: 'obligation', onTime });
      if (obligation.subjectId === failing && obligation.attempts === 0) throw new Error('refused after counting');
      if (obligation.subjectId === reading) seen.push((await talliesOf(tx, 'platform', 'all')).onTime.trials);
    };
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) ids.push(await schedule('counted', new Date(START.getTime() - (12 - i) * MINUTE)));
    const failing = (await row(ids[3]!)).subject_id;
    const reading = (await row(ids[6]!)).subject_id;
    const result = await tick({ counted: handler }, { batchSize: 12 });
    const errors = await db.selectFrom('obligations').select('last_error').where('last_error', 'is not', null).execute();
    expect(errors.map((e) => e.last_error)).toEqual(['refused after counting']);
    expect(result).toEqual({ done: 11, failed: 0, retried: 1 });
    // The reader ran seventh, after one of the six before it had been rolled back.
    expect(seen).toEqual([6]);
    const counters = await db.selectFrom('rating_counters').select(['scope', 'scope_id', 'successes_q', 'trials']).where('metric', '=', 'onTime').orderBy('scope').execute();
    const counted = ids.length - 1; // every one but the failed one, counted once
    expect(counters.map((c) => [c.scope, Number(c.trials)])).toEqual([['agency', counted], ['consultant', counted], ['platform', counted]]);
    const onTime = (await db.selectFrom('rating_outcomes').select('successes_q').execute()).filter((o) => Number(o.successes_q) > 0).length;
    expect(counters.every((c) => Number(c.successes_q) === onTime * 4)).toBe(true);
  });

  it(`after ${MAX_ATTEMPTS} failures an obligation is failed and left alone`, async () => {
    let calls = 0;
    const broken: ObligationHandler = async () => {
      calls++;
      throw new Error(`attempt ${calls} failed`);
    };
    const id = await schedule('broken', START);
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const now = clock.now();
      const r = await tick({ broken });
      expect(r, `attempt ${attempt}`).toEqual(attempt < MAX_ATTEMPTS ? { done: 0, failed: 0, retried: 1 } : { done: 0, failed: 1, retried: 0 });
      const o = await row(id);
      expect(Number(o.attempts)).toBe(attempt);
      expect(o.last_error).toBe(`attempt ${attempt} failed`);
      if (attempt < MAX_ATTEMPTS) {
        expect(o.status).toBe('pending');
        expect(o.due_at).toBe(nextAttemptAt(now, attempt).toISOString());
        await clock.advance(new Date(o.due_at).getTime() - now.getTime());
      } else {
        expect(o.status).toBe('failed');
      }
    }
    expect(calls).toBe(MAX_ATTEMPTS);
    await clock.advance(30 * DAY_MS);
    expect(await tick({ broken })).toEqual({ done: 0, failed: 0, retried: 0 });
    expect(calls).toBe(MAX_ATTEMPTS);
    const [visible] = await obligationsOf(db, 'test', (await row(id)).subject_id);
    expect(visible).toMatchObject({ id, status: 'failed', attempts: MAX_ATTEMPTS, lastError: `attempt ${MAX_ATTEMPTS} failed` });
  });

  it('a kind with no handler stays pending and visible until a handler exists', async () => {
    const { handler, runs } = counting();
    const orphan = await schedule('not.yet.handled', START, { subjectType: 'placement', subjectId: 'p-1', payload: { day: 90 } });
    const handled = await schedule('k', START);
    expect(await tick({})).toEqual({ done: 0, failed: 0, retried: 0 });
    expect(await tick({ k: handler })).toEqual({ done: 1, failed: 0, retried: 0 });
    await clock.advance(DAY_MS);
    expect(await tick({ k: handler })).toEqual({ done: 0, failed: 0, retried: 0 });
    expect([...runs.keys()]).toEqual([handled]);
    expect(await obligationsOf(db, 'placement', 'p-1')).toEqual([
      { id: orphan, kind: 'not.yet.handled', subjectType: 'placement', subjectId: 'p-1', orgId: null, dueAt: START.toISOString(), status: 'pending', attempts: 0, lastError: null, payload: { day: 90 } },
    ]);
    expect(await tick({ k: handler, 'not.yet.handled': handler })).toEqual({ done: 1, failed: 0, retried: 0 });
    expect(runs.get(orphan)).toBe(1);
  });

  it('works through many due obligations in batches within one call', async () => {
    const { handler, runs } = counting();
    const now = clock.now().getTime();
    await db.transaction().execute(async (tx) => {
      for (let i = 0; i < 250; i++) await scheduleObligation(tx, clock.now(), { kind: 'k', subjectType: 'test', subjectId: `due-${i}`, orgId: null, dueAt: new Date(now - (i % 17) * MINUTE) });
      for (let i = 0; i < 30; i++) await scheduleObligation(tx, clock.now(), { kind: 'k', subjectType: 'test', subjectId: `later-${i}`, orgId: null, dueAt: new Date(now + (i + 1) * MINUTE) });
    });
    expect(await tick({ k: handler }, { batchSize: 100 })).toEqual({ done: 250, failed: 0, retried: 0 });
    expect(runs.size).toBe(250);
    expect([...runs.values()].every((n) => n === 1)).toBe(true);
    const pending = await db.selectFrom('obligations').select('subject_id').where('status', '=', 'pending').execute();
    expect(pending.map((p) => p.subject_id).sort()).toEqual(Array.from({ length: 30 }, (_, i) => `later-${i}`).sort());

    // maxBatches bounds one call: oldest first.
    await clock.advance(HOUR);
    expect(await tick({ k: handler }, { batchSize: 10, maxBatches: 2 })).toEqual({ done: 20, failed: 0, retried: 0 });
    const left = await db.selectFrom('obligations').select('subject_id').where('status', '=', 'pending').execute();
    expect(left.map((p) => p.subject_id).sort()).toEqual(Array.from({ length: 10 }, (_, i) => `later-${20 + i}`).sort());
  });

  it('a batch that has run past its time budget commits what it ran; the next batch goes on from there', async () => {
    const transactions = new Set<unknown>();
    const slowly: ObligationHandler = async ({ tx }) => {
      transactions.add(tx);
      await new Promise((done) => setTimeout(done, 30));
    };
    for (let i = 0; i < 6; i++) await schedule('slow', clock.now());
    // 6 fit one batch by size; at 30 ms or more each against a 50 ms budget, a batch stops after its first or second.
    expect(await tick({ slow: slowly }, { batchSize: 100, batchTimeBudgetMs: 50 })).toEqual({ done: 6, failed: 0, retried: 0 });
    expect(transactions.size).toBeGreaterThanOrEqual(3);
    expect(transactions.size).toBeLessThanOrEqual(6);
    const left = await db.selectFrom('obligations').select('id').where('status', '=', 'pending').execute();
    expect(left).toEqual([]);
  });

  it("the server's worker runs what falls due when another process moves the clock", async () => {
    const { handler, runs } = counting();
    const id = await schedule('k', new Date(START.getTime() + DAY_MS));
    const deps: AppDeps = {
      db,
      dialect: handle.dialect,
      config: loadConfig({ TENURE_DATA_DIR: database.dataDir, TENURE_WORKER_INTERVAL_MS: '20' }),
      clock,
      wallClock: clock,
      signingKey: generateSigningKey(),
      keyedHashSecret: 'scheduler-test-secret-of-at-least-32-chars',
      metrics: createMetrics(),
      obligationHandlers: { k: handler },
      outboxSenders: {},
    };
    const logged: string[] = [];
    const worker = startWorker(deps, (m, err) => logged.push(err ? `${m}: ${String(err)}` : m));
    try {
      await new Promise((r) => setTimeout(r, 150));
      expect(runs.size).toBe(0);
      // `npx tenure clock advance` in another process: a second clock over the same database.
      await (await ManualClock.open(db)).advance(DAY_MS);
      const deadline = Date.now() + 5_000;
      while (runs.size === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    } finally {
      await worker.stop();
    }
    expect(runs.get(id)).toBe(1);
    expect((await row(id)).status).toBe('done');
    expect(logged.filter((m) => m.startsWith('worker beat failed'))).toEqual([]);
    expect(logged).toContain('obligations: 1 done, 0 to retry, 0 failed');
    // Its other duty: a signed checkpoint of the audit log.
    expect(await db.selectFrom('audit_checkpoints').select('tree_size').execute()).not.toEqual([]);
  });
});
