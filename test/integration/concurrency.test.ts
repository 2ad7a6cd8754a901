import { randomInt } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiUser, type ApiResponse } from '../support/api-client.ts';
import { DATABASE_KINDS } from '../support/databases.ts';
import { orderBody, planVersionIdOf, postOrder, takeOrder } from '../support/marketplace-fixture.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { candidate } from '../support/submissions-fixture.ts';

/**
 * The invariants that only hold if every use case locks, then decides, then writes inside its one transaction:
 * requests sent at the same instant through the real HTTP stack, many rounds, and exactly the allowed number
 * succeed every time. On PostgreSQL the requests really run in parallel (a pool of connections); on SQLite the
 * one writer serializes them, and the same counts must hold.
 */

const ROUNDS = Number(process.env.TENURE_CONCURRENCY_ROUNDS ?? 25);
const CAP = 3;

const statuses = (responses: ApiResponse[]): number[] => responses.map((r) => r.status).sort();
const count = (responses: ApiResponse[], status: number): number => responses.filter((r) => r.status === status).length;
const freshPhone = (): string => `139${String(randomInt(0, 100_000_000)).padStart(8, '0')}`;

describe.each(DATABASE_KINDS)('concurrent requests on %s', (database) => {
  let server: TestServer;
  let poster: ApiUser;
  // One consultant per invariant, so capacity one test uses never decides another's outcome.
  let hirer: ApiUser;
  let submitterA: ApiUser;
  let submitterB: ApiUser;
  let taker: ApiUser;
  let acceptor: ApiUser;
  let posterOrgId: string;
  let planVersionId: string;
  let today: string;

  beforeAll(async () => {
    server = await startTestServer({ database, config: { maxEngagements: CAP } });
    const signIn = (email: string) => ApiUser.signIn(server.url, email);
    [poster, hirer, submitterA, submitterB, taker, acceptor] = await Promise.all([
      signIn('admin@huaxin.demo'),
      signIn('c1@talentbridge.demo'),
      signIn('c2@talentbridge.demo'),
      signIn('c2@apexsearch.demo'),
      signIn('c3@talentbridge.demo'),
      signIn('c1@apexsearch.demo'),
    ]);
    posterOrgId = server.ids.orgs.huaxin!;
    planVersionId = await planVersionIdOf(poster, 'standard');
    today = server.deps.clock.now().toISOString().slice(0, 10);
  });
  afterAll(() => server.close());

  const openOrder = (overrides: Record<string, unknown> = {}) => postOrder(poster, posterOrgId, orderBody(planVersionId, overrides), { open: true });

  async function take(consultant: ApiUser, orderId: string): Promise<void> {
    const taken = await takeOrder(consultant, orderId);
    if (taken.status !== 201) throw new Error(`take failed: ${taken.status} ${JSON.stringify(taken.body)}`);
  }

  async function offeredSubmission(consultant: ApiUser, orderId: string): Promise<string> {
    const phone = freshPhone();
    const sub = await consultant.post(`/api/v1/orders/${orderId}/submissions`, candidate({ phone, email: `c-${phone}@example.com` }));
    if (sub.status !== 201) throw new Error(`submit failed: ${sub.status} ${JSON.stringify(sub.body)}`);
    const id = sub.body.submission.id as string;
    const offered = await poster.post(`/api/v1/submissions/${id}/stage`, { to: 'offered' });
    if (offered.status !== 200) throw new Error(`offer failed: ${offered.status} ${JSON.stringify(offered.body)}`);
    return id;
  }

  const hire = (submissionId: string) => poster.post(`/api/v1/submissions/${submissionId}/stage`, { to: 'hired', hire: { startDate: today, annualSalary: '500000.00' } });

  it(`parallel hires beyond the headcount: exactly the headcount is hired (${ROUNDS} rounds)`, { timeout: 180_000 }, async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const order = await openOrder({ headcount: 2, title: `并发录用 ${round}` });
      await take(hirer, order.id);
      const subs = [];
      for (let i = 0; i < 4; i++) subs.push(await offeredSubmission(hirer, order.id));
      const answers = await Promise.all(subs.map(hire));
      expect(statuses(answers), `round ${round}`).toEqual([200, 200, 409, 409]);
      for (const refused of answers.filter((a) => a.status !== 200)) expect(refused.body.error.code).toBe('invalid_transition');
      expect(answers.filter((a) => a.status === 200 && typeof a.body.placementId === 'string').length).toBe(2);
      const after = await poster.get(`/api/v1/orders/${order.id}`);
      expect(after.body, `round ${round}`).toMatchObject({ hiredCount: 2, status: 'filled' });
      const placements = await server.deps.db.selectFrom('placements').select('id').where('order_id', '=', order.id).execute();
      expect(placements.length, `round ${round}`).toBe(2);
    }
  });

  it(`parallel submissions of one candidate by two consultants: exactly one holds it (${ROUNDS} rounds)`, { timeout: 180_000 }, async () => {
    const a = await openOrder({ title: '并发推荐 A' });
    const b = await openOrder({ title: '并发推荐 B' });
    await take(submitterA, a.id);
    await take(submitterB, b.id);
    for (let round = 0; round < ROUNDS; round++) {
      const phone = freshPhone();
      // The same person, typed two ways: the second consultant's copy is an alias of the first's.
      const answers = await Promise.all([
        submitterA.post(`/api/v1/orders/${a.id}/submissions`, candidate({ phone, email: `p-${phone}@example.com` })),
        submitterB.post(`/api/v1/orders/${b.id}/submissions`, candidate({ phone: `+86 ${phone.slice(0, 3)} ${phone.slice(3, 7)} ${phone.slice(7)}`, email: null })),
      ]);
      expect(statuses(answers), `round ${round}`).toEqual([201, 409]);
      expect(answers.find((r) => r.status === 409)?.body.error.code).toBe('ownership_protected');
    }
    for (const id of [a.id, b.id]) expect((await poster.post(`/api/v1/orders/${id}/close`, { reason: 'done' })).status).toBe(200);
  });

  it(`parallel takes beyond the cap: exactly the cap is taken (${ROUNDS} rounds)`, { timeout: 180_000 }, async () => {
    const orders = [];
    for (let i = 0; i < CAP + 2; i++) orders.push(await openOrder({ title: `并发接单 ${i}` }));
    // Every order of one plan and reward has the same terms, so one hash takes them all.
    const { termsHash } = (await taker.get(`/api/v1/orders/${orders[0]!.id}/terms`)).body;
    for (let round = 0; round < ROUNDS; round++) {
      // The first order is asked twice: one take of it at most, whatever the cap.
      const targets = [...orders, orders[0]!];
      const answers = await Promise.all(targets.map((o) => taker.post(`/api/v1/orders/${o.id}/engagements`, { acceptedTermsHash: termsHash })));
      expect(count(answers, 201), `round ${round}: ${JSON.stringify(statuses(answers))}`).toBe(CAP);
      expect(answers.filter((r) => r.status !== 201).every((r) => r.body.error.code === 'capacity_reached' || r.body.error.code === 'conflict')).toBe(true);
      const mine = await taker.get('/api/v1/engagements?status=active');
      expect(mine.body.capacity, `round ${round}`).toMatchObject({ used: CAP, cap: CAP });
      // Dropping them frees the capacity for the next round.
      for (const taken of answers.filter((r) => r.status === 201)) expect((await taker.post(`/api/v1/engagements/${taken.body.id}/drop`, { reason: 'next round' })).status).toBe(200);
    }
  });

  it(`parallel acceptances by both sides: activated once, its obligations scheduled once (${ROUNDS} rounds)`, { timeout: 180_000 }, async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const order = await openOrder({ title: `并发确认 ${round}` });
      await take(acceptor, order.id);
      const hired = await hire(await offeredSubmission(acceptor, order.id));
      expect(hired.status).toBe(200);
      const placementId = hired.body.placementId as string;
      const detail = await poster.get(`/api/v1/placements/${placementId}`);
      const body = { agreementHash: detail.body.agreementHash };
      const answers = await Promise.all([poster, acceptor, poster, acceptor].map((u) => u.post(`/api/v1/placements/${placementId}/accept`, body)));
      expect(statuses(answers), `round ${round}`).toEqual([200, 200, 200, 200]);
      const after = await poster.get(`/api/v1/placements/${placementId}`);
      expect(after.body.status).toBe('active');
      expect(after.body.obligations.length, `round ${round}`).toBe(after.body.schedule.length);
      const activated = await server.deps.db
        .selectFrom('audit_events')
        .select((eb) => eb.fn.countAll<number | string>().as('n'))
        .where('type', '=', 'placement.activated')
        .where('subject_id', '=', placementId)
        .executeTakeFirstOrThrow();
      expect(Number(activated.n)).toBe(1);
    }
  });
});
