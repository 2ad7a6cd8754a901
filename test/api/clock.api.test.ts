import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY_MS, ManualClock } from '../../src/platform/clock.ts';
import { inTransaction } from '../../src/platform/db/database.ts';
import { scheduleObligation, type ObligationHandlers } from '../../src/platform/scheduler/scheduler.ts';
import { ApiUser } from '../support/api-client.ts';
import { DATABASE_KINDS } from '../support/databases.ts';
import { loadConfig } from '../../src/platform/config.ts';
import { startTestServer, TEST_TODAY, type TestServer } from '../support/server.ts';

type ClockView = { mode: 'system' | 'manual'; now: string; today: string };

/** The calendar date `days` after a YYYY-MM-DD date. */
const plusDays = (date: string, days: number): string => new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);

/** The date in Shanghai (UTC+8, no daylight saving) of an instant. */
const shanghaiDate = (iso: string): string => new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 10);

describe.each(DATABASE_KINDS)('platform time API on %s', (database) => {
  describe('manual clock', () => {
    let server: TestServer;
    let ops: ApiUser;
    const ran: string[] = [];
    const handlers: ObligationHandlers = {
      'test.reminder': async ({ obligation }) => {
        ran.push(obligation.subjectId);
      },
    };

    beforeAll(async () => {
      server = await startTestServer({ database, handlers });
      ops = await ApiUser.signIn(server.url, 'ops@tenure.demo');
    });
    afterAll(async () => server?.close());

    const schedule = (subjectId: string, inDays: number) =>
      inTransaction(server.deps.db, (tx) =>
        scheduleObligation(tx, server.deps.clock.now(), {
          kind: 'test.reminder',
          subjectType: 'test',
          subjectId,
          orgId: null,
          dueAt: new Date(server.deps.clock.now().getTime() + inDays * DAY_MS),
        }),
      );

    it('GET /api/v1/clock shows the manual platform time and its date in Shanghai', async () => {
      const res = await ops.get<ClockView>('/api/v1/clock');
      expect(res.status).toBe(200);
      // A new manual clock starts at 09:00 UTC of TENURE_CLOCK_START (the real date without it).
      expect(res.body.now).toBe(`${TEST_TODAY}T09:00:00.000Z`);
      expect(res.body).toEqual({ mode: 'manual', now: server.deps.clock.now().toISOString(), today: shanghaiDate(server.deps.clock.now().toISOString()) });
      // Any signed-in user may read it; nobody signed out may.
      const hr = await ApiUser.signIn(server.url, 'hr@bluepeak.demo');
      expect((await hr.get<ClockView>('/api/v1/clock')).body).toEqual(res.body);
      expect((await new ApiUser(server.url).get('/api/v1/clock')).status).toBe(401);
    });

    it('POST /api/v1/clock/advance {days: 3} as platform ops moves today by 3 days and runs what fell due', async () => {
      const before = (await ops.get<ClockView>('/api/v1/clock')).body;
      await schedule('in-2-days', 2);
      await schedule('in-3-days', 3);
      await schedule('in-5-days', 5);
      const res = await ops.post<ClockView & { obligationsRun: number }>('/api/v1/clock/advance', { days: 3 });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        mode: 'manual',
        now: new Date(Date.parse(before.now) + 3 * DAY_MS).toISOString(),
        today: plusDays(before.today, 3),
        obligationsRun: 2,
      });
      expect(ran.sort()).toEqual(['in-2-days', 'in-3-days']);
      // Everyone sees the new time, and it is kept in the database (another process opening it agrees).
      expect((await ops.get<ClockView>('/api/v1/clock')).body.today).toBe(plusDays(before.today, 3));
      expect((await ManualClock.open(server.deps.db)).now().toISOString()).toBe(res.body.now);

      const again = await ops.post<ClockView & { obligationsRun: number }>('/api/v1/clock/advance', { days: 2 });
      expect(again.body).toMatchObject({ today: plusDays(before.today, 5), obligationsRun: 1 });
      expect(ran.sort()).toEqual(['in-2-days', 'in-3-days', 'in-5-days']);
      // Moving time is itself on the record: who moved it, from when to when — a day at a time, as it ran (3 + 2).
      const moves = await server.deps.db.selectFrom('audit_events').selectAll().where('type', '=', 'clock.advanced').orderBy('seq').execute();
      expect(moves).toHaveLength(5);
      expect(new Set(moves.map((m) => m.actor_user_id))).toEqual(new Set([server.ids.users['ops@tenure.demo']]));
      const spans = moves.map((m) => JSON.parse(m.payload) as { from: string; to: string });
      for (const [i, span] of spans.entries()) {
        expect(Date.parse(span.to) - Date.parse(span.from)).toBe(86_400_000);
        if (i > 0) expect(span.from).toBe(spans[i - 1]!.to);
      }
      expect(spans[2]!.to).toBe(res.body.now);
      expect(spans[4]!.to).toBe(again.body.now);
    });

    it('only platform ops move time: an employer admin gets 403 and the clock stays', async () => {
      const before = (await ops.get<ClockView>('/api/v1/clock')).body;
      for (const email of ['admin@huaxin.demo', 'admin@talentbridge.demo', 'arbitrator@tenure.demo']) {
        const user = await ApiUser.signIn(server.url, email);
        const res = await user.post('/api/v1/clock/advance', { days: 3 });
        expect(res.status, email).toBe(403);
        expect(res.body.error.code).toBe('forbidden');
      }
      expect((await new ApiUser(server.url).post('/api/v1/clock/advance', { days: 3 })).status).toBe(401);
      expect((await ops.get<ClockView>('/api/v1/clock')).body).toEqual(before);
    });

    it('a bad body is a 400 naming body.days', async () => {
      const before = (await ops.get<ClockView>('/api/v1/clock')).body;
      for (const body of [{ days: 0 }, { days: 1.5 }, { days: 'x' }, { days: -1 }, { days: 3651 }, {}]) {
        const res = await ops.post('/api/v1/clock/advance', body);
        expect(res.status, JSON.stringify(body)).toBe(400);
        expect(res.body.error.code).toBe('invalid_input');
        expect(res.body.error.message, JSON.stringify(body)).toMatch(/^body\.days\b/);
      }
      expect((await ops.get<ClockView>('/api/v1/clock')).body).toEqual(before);
    });
  });

  describe('system clock', () => {
    let server: TestServer;
    beforeAll(async () => {
      server = await startTestServer({ database, clock: 'system' });
    });
    afterAll(async () => server?.close());

    it('shows real time and refuses to move it with 409', async () => {
      const ops = await ApiUser.signIn(server.url, 'ops@tenure.demo');
      const shown = await ops.get<ClockView>('/api/v1/clock');
      expect(shown.body.mode).toBe('system');
      expect(Math.abs(Date.parse(shown.body.now) - Date.now())).toBeLessThan(60_000);
      const res = await ops.post('/api/v1/clock/advance', { days: 3 });
      expect(res.status).toBe(409);
      expect(res.body.error).toMatchObject({ code: 'conflict', message: expect.stringMatching(/system clock/) });
    });
  });
});

describe('TENURE_CLOCK_START', () => {
  it('takes a real calendar date and refuses anything else by name', () => {
    expect(loadConfig({ TENURE_CLOCK_START: '2027-02-28' }).clockStart).toBe('2027-02-28');
    expect(loadConfig({}).clockStart).toBeUndefined();
    for (const bad of ['2027-02-30', '28.02.2027', '2027-2-28', 'tomorrow']) expect(() => loadConfig({ TENURE_CLOCK_START: bad })).toThrow(/TENURE_CLOCK_START/);
  });
});
