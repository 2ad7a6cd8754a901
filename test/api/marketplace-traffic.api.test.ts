import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/platform/clock.ts';
import { countOutcome } from '../../src/ratings/outcomes.service.ts';
import type { ApiUser } from '../support/api-client.ts';
import { DATABASE_KINDS } from '../support/databases.ts';
import { userOf } from '../support/lifecycle-fixture.ts';
import { orderBody, planVersionIdOf, postOrder, takeOrder } from '../support/marketplace-fixture.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

type Market = { items: { id: string }[]; upcoming: { tier: string; count: number; opensAt: string; explanation: { zh: string; en: string } } | null };

const HOUR = 3_600_000;
const hhmm = (iso: string, timeZone: string) => new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(iso));

/**
 * Traffic weighting through the API (DESIGN §4.9) with the real waves (S at once, A +2 h, B +6 h, C +24 h) and caps
 * (S 15, A 10, B 6, C 3). Tiers come from outcomes counted through the ratings area: 40 guarantees passed make
 * 黄蕾 (c1@apexsearch) tier S, 6 of 6 make 何军 (c2) tier A, 40 failed make 周杰 (c1@talentbridge) tier C; 马婷 (c3)
 * has none and is a newcomer, tier B.
 */
describe.each(DATABASE_KINDS)('traffic by tier on %s', (database) => {
  let server: TestServer;
  let poster: ApiUser;
  let planVersionId: string;
  const users: Record<'S' | 'A' | 'B' | 'C', string> = { S: 'c1@apexsearch.demo', A: 'c2@apexsearch.demo', B: 'c3@apexsearch.demo', C: 'c1@talentbridge.demo' };
  const as = (tier: keyof typeof users) => userOf(server, users[tier]);
  const market = async (tier: keyof typeof users, tag: string) => (await (await as(tier)).get<Market>(`/api/v1/marketplace/orders?q=${encodeURIComponent(tag)}`)).body;
  const advanceHours = async (h: number) => {
    if (!(server.deps.clock instanceof ManualClock)) throw new Error('the test server runs the manual clock');
    await server.deps.clock.advance(h * HOUR);
  };

  beforeAll(async () => {
    server = await startTestServer({ database, config: { traffic: { waveMinutes: { S: 0, A: 120, B: 360, C: 1440 }, engagementCap: { S: 15, A: 10, B: 6, C: 3 } } } });
    const now = server.deps.clock.now();
    const history: [keyof typeof users, number, 'passed' | 'failed'][] = [['S', 40, 'passed'], ['A', 6, 'passed'], ['C', 40, 'failed']];
    for (const [tier, n, result] of history) {
      const consultantId = server.ids.users[users[tier]]!;
      const agencyOrgId = users[tier].endsWith('apexsearch.demo') ? server.ids.orgs.apexsearch! : server.ids.orgs.talentbridge!;
      await server.deps.db.transaction().execute(async (tx) => {
        for (let i = 0; i < n; i++) await countOutcome(tx, now, { consultantId, agencyOrgId, placementId: null }, `history:${tier}:${i}`, { kind: 'guarantee', result });
      });
    }
    poster = await userOf(server, 'admin@huaxin.demo');
    planVersionId = await planVersionIdOf(poster);
  }, 120_000);
  afterAll(() => server.close());

  it('gives each consultant its tier and its cap', async () => {
    for (const [tier, cap] of [['S', 15], ['A', 10], ['B', 6], ['C', 3]] as const) {
      const res = await (await as(tier)).get<{ capacity: { cap: number; tier: string } }>('/api/v1/engagements');
      expect(res.body.capacity, tier).toMatchObject({ tier, cap });
      expect((await (await as(tier)).get<{ tier: string }>('/api/v1/ratings/me')).body.tier).toBe(tier);
    }
  });

  it('opens a new order to S at once, A after 2 h, B after 6 h and C after 24 h, saying when to those still waiting', async () => {
    const tag = `wave-${database}`;
    const order = await postOrder(poster, server.ids.orgs.huaxin!, orderBody(planVersionId, { title: `${tag} 销售总监` }), { open: true });
    const openedAt = server.deps.clock.now().toISOString();
    expect((await market('S', tag)).items.map((i) => i.id)).toEqual([order.id]);
    for (const tier of ['A', 'B', 'C'] as const) {
      const m = await market(tier, tag);
      expect(m.items, tier).toEqual([]);
      expect(m.upcoming!.tier).toBe(tier);
      expect(m.upcoming!.count).toBe(1);
      // It names the viewer's own tier and when; never which other tiers see the order already.
      for (const other of ['S', 'A', 'B', 'C'].filter((t) => t !== tier)) {
        expect(JSON.stringify(m)).not.toContain(`tier ${other}`);
        expect(JSON.stringify(m)).not.toContain(`${other} 级`);
      }
    }
    const b = (await market('B', tag)).upcoming!;
    expect(Date.parse(b.opensAt) - Date.parse(openedAt)).toBe(6 * HOUR);
    expect(b.explanation.en).toBe(`opens to tier B at ${hhmm(b.opensAt, 'Asia/Shanghai')}`);
    expect(b.explanation.zh).toBe(`${hhmm(b.opensAt, 'Asia/Shanghai')} 向 B 级开放`);

    // Reading or taking it before the wave: refused, with the reason and the time.
    const early = await (await as('B')).get<{ error: { code: string; message: string; details: { reason: string; opensAt: string } } }>(`/api/v1/orders/${order.id}`);
    expect(early.status).toBe(403);
    expect(early.body.error.details).toMatchObject({ reason: 'not_yet_open_to_tier', opensAt: b.opensAt });
    expect(early.body.error.message).toContain('opens to tier B at');
    expect((await takeOrder(await as('B'), order.id)).status).toBe(403);

    await advanceHours(2);
    expect((await market('A', tag)).items.map((i) => i.id)).toEqual([order.id]);
    expect((await market('B', tag)).items).toEqual([]);
    await advanceHours(4);
    expect((await market('B', tag)).items.map((i) => i.id)).toEqual([order.id]);
    expect((await takeOrder(await as('B'), order.id)).status).toBe(201);
    expect((await market('C', tag)).items).toEqual([]);
    await advanceHours(18);
    expect((await market('C', tag)).items.map((i) => i.id)).toEqual([order.id]);
  });

  it('caps tier C at 3 concurrent engagements', async () => {
    const tag = `cap-${database}`;
    const orders = [];
    for (let i = 0; i < 4; i++) orders.push(await postOrder(poster, server.ids.orgs.huaxin!, orderBody(planVersionId, { title: `${tag} ${i}` }), { open: true }));
    await advanceHours(24);
    const c = await as('C');
    const used = ((await c.get<{ capacity: { used: number } }>('/api/v1/engagements')).body.capacity.used);
    for (let i = 0; i < 3 - used; i++) expect((await takeOrder(c, orders[i]!.id)).status).toBe(201);
    const over = await takeOrder(c, orders[3]!.id);
    expect(over.status).toBe(409);
    expect(over.body.error).toMatchObject({ code: 'capacity_reached', details: { cap: 3 } });
  });
});
