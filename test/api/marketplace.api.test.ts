import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lockOrderForHire, recordHire } from '../../src/marketplace/service.ts';
import { pastWorkOf } from '../../src/marketplace/store.ts';
import type { Db } from '../../src/platform/db/database.ts';
import { inTransaction } from '../../src/platform/db/database.ts';
import { ApiUser } from '../support/api-client.ts';
import { DATABASE_KINDS } from '../support/databases.ts';
import { orderBody, planVersionIdOf, postOrder, takeOrder } from '../support/marketplace-fixture.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { candidate } from '../support/submissions-fixture.ts';

type MarketPage = { items: { id: string; engaged: boolean; relevance: number | null; rewardEstimate: string; openedAt: string; postedBy: string; plan: { tier: string } }[]; nextCursor: string | null };

/** Walks every page of a marketplace query; `between` runs after each page (to insert orders mid-walk). */
async function walk(user: ApiUser, query: Record<string, string>, between: (page: number) => Promise<void> = async () => {}): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < 100; page++) {
    const qs: URLSearchParams = new URLSearchParams({ ...query, ...(cursor ? { cursor } : {}) });
    const res: { status: number; body: MarketPage } = await user.get<MarketPage>(`/api/v1/marketplace/orders?${qs}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    ids.push(...res.body.items.map((i) => i.id));
    cursor = res.body.nextCursor;
    if (!cursor) return ids;
    await between(page);
  }
  throw new Error('the walk did not end');
}

/**
 * A consultant's past work counted straight from the rows (one piece per engagement accepted and per submission
 * made up to `asOf`), by function and city: what the marketplace's running counts must always agree with.
 */
async function pastWorkFromRows(db: Db, consultantId: string, asOf: string): Promise<string[]> {
  const engaged = await db.selectFrom('engagements').innerJoin('job_orders', 'job_orders.id', 'engagements.order_id').select(['job_orders.function', 'job_orders.city']).where('engagements.consultant_id', '=', consultantId).where('engagements.accepted_at', '<=', asOf).execute();
  const submitted = await db.selectFrom('submissions').innerJoin('job_orders', 'job_orders.id', 'submissions.order_id').select(['job_orders.function', 'job_orders.city']).where('submissions.consultant_id', '=', consultantId).where('submissions.created_at', '<=', asOf).execute();
  const counts = new Map<string, number>();
  for (const w of [...engaged, ...submitted]) counts.set(`${w.function}/${w.city}`, (counts.get(`${w.function}/${w.city}`) ?? 0) + 1);
  return [...counts].map(([k, n]) => `${k}:${n}`).sort();
}

const asLines = (work: { function: string; city: string; times: number }[]) => work.map((w) => `${w.function}/${w.city}:${w.times}`).sort();

describe.each(DATABASE_KINDS)('marketplace on %s', (database) => {
  let server: TestServer;
  let huaxinAdmin: ApiUser, huaxinHr: ApiUser, bluepeak: ApiUser, tbAdmin: ApiUser, tbC1: ApiUser, tbC2: ApiUser, apexC1: ApiUser, apexAdmin: ApiUser, ops: ApiUser;
  let standard: string, fullLifecycle: string;
  let huaxin: string, bluepeakId: string, talentbridge: string;

  beforeAll(async () => {
    server = await startTestServer({ database });
    const sign = (email: string) => ApiUser.signIn(server.url, email);
    [huaxinAdmin, huaxinHr, bluepeak, tbAdmin, tbC1, tbC2, apexC1, apexAdmin, ops] = await Promise.all([
      sign('admin@huaxin.demo'),
      sign('hr@huaxin.demo'),
      sign('admin@bluepeak.demo'),
      sign('admin@talentbridge.demo'),
      sign('c1@talentbridge.demo'),
      sign('c2@talentbridge.demo'),
      sign('c1@apexsearch.demo'),
      sign('admin@apexsearch.demo'),
      sign('ops@tenure.demo'),
    ]);
    huaxin = server.ids.orgs.huaxin!;
    bluepeakId = server.ids.orgs.bluepeak!;
    talentbridge = server.ids.orgs.talentbridge!;
    standard = await planVersionIdOf(huaxinAdmin, 'standard');
    fullLifecycle = await planVersionIdOf(huaxinAdmin, 'full_lifecycle');
  });
  afterAll(() => server.close());

  describe('job orders', () => {
    it('posts a draft, edits it, opens, pauses, resumes and closes it, each change audited', async () => {
      const created = await huaxinHr.post(`/api/v1/orgs/${huaxin}/orders`, orderBody(standard, { reward: { type: 'fixed', amount: '50000' } }));
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({
        status: 'draft',
        postedBy: '华信科技 Huaxin Tech',
        reward: { type: 'fixed', amount: '50000.00' },
        rewardEstimate: '50000.00',
        rewardInWords: { zh: '固定 50,000.00 CNY', en: 'a fixed 50,000.00 CNY' },
        plan: { tier: 'standard', versionId: standard },
        salaryMin: '400000.00',
        openedAt: null,
        viewer: { asPoster: true, canManage: true, myEngagement: null },
      });
      const id = created.body.id as string;

      const edited = await huaxinHr.patch(`/api/v1/orders/${id}`, { title: '资深后端工程师', headcount: 2, reward: { type: 'percent_of_annual_salary', percent: 22.5 }, planVersionId: fullLifecycle });
      expect(edited.status).toBe(200);
      expect(edited.body).toMatchObject({ title: '资深后端工程师', headcount: 2, rewardEstimate: '112500.00', plan: { tier: 'full_lifecycle' }, rewardInWords: { zh: '年薪的22.5%' } });

      expect((await huaxinHr.post(`/api/v1/orders/${id}/pause`)).body.error.code).toBe('invalid_transition');
      expect((await huaxinHr.post(`/api/v1/orders/${id}/resume`)).status).toBe(409);
      const opened = await huaxinHr.post(`/api/v1/orders/${id}/open`);
      expect(opened.status).toBe(200);
      expect(opened.body.status).toBe('open');
      const openedAt = opened.body.openedAt as string;
      expect(openedAt).toBe(server.deps.clock.now().toISOString());

      const edit = await huaxinHr.patch(`/api/v1/orders/${id}`, { title: 'x' });
      expect(edit.status).toBe(409);
      expect(edit.body.error).toMatchObject({ code: 'invalid_transition', message: 'an order can be edited only while it is a draft; this one is open' });
      expect((await huaxinHr.post(`/api/v1/orders/${id}/open`)).body.error.code).toBe('invalid_transition');
      expect((await huaxinHr.post(`/api/v1/orders/${id}/resume`)).body.error.code).toBe('invalid_transition');

      expect((await huaxinAdmin.post(`/api/v1/orders/${id}/pause`)).body.status).toBe('paused');
      expect((await huaxinAdmin.post(`/api/v1/orders/${id}/pause`)).body.error.code).toBe('invalid_transition');
      const resumed = await huaxinAdmin.post(`/api/v1/orders/${id}/resume`);
      expect(resumed.body).toMatchObject({ status: 'open', openedAt });
      const closed = await huaxinAdmin.post(`/api/v1/orders/${id}/close`, { reason: '岗位需求取消' });
      expect(closed.body.status).toBe('closed');
      for (const action of ['open', 'pause', 'resume']) expect((await huaxinAdmin.post(`/api/v1/orders/${id}/${action}`)).body.error.code).toBe('invalid_transition');
      expect((await huaxinAdmin.post(`/api/v1/orders/${id}/close`, {})).body.error.code).toBe('invalid_transition');
      expect((await huaxinAdmin.patch(`/api/v1/orders/${id}`, { title: 'x' })).body.error.code).toBe('invalid_transition');

      const events = await server.deps.db.selectFrom('audit_events').select(['type', 'org_id']).where('subject_id', '=', id).orderBy('seq').execute();
      expect(events.map((e) => e.type)).toEqual(['job_order.created', 'job_order.updated', 'job_order.opened', 'job_order.paused', 'job_order.resumed', 'job_order.closed']);
      expect(new Set(events.map((e) => e.org_id))).toEqual(new Set([huaxin]));
    });

    it('refuses bad content with a 400 naming the field', async () => {
      const cases: [Record<string, unknown>, string][] = [
        [{ salaryMin: '700000.00' }, 'salaryMax'],
        [{ headcount: 0 }, 'headcount'],
        [{ reward: { type: 'percent_of_annual_salary', percent: 101 } }, 'reward.percent'],
        [{ reward: { type: 'percent_of_annual_salary', percent: 10.125 } }, 'reward.percent'],
        [{ reward: { type: 'fixed', amount: '1.234' } }, 'reward.amount'],
        [{ currency: 'XYZ' }, 'currency'],
        [{ planVersionId: '00000000-0000-4000-8000-000000000000' }, 'planVersionId'],
        [{ clientName: '某客户' }, 'clientName'],
      ];
      for (const [over, field] of cases) {
        const res = await huaxinHr.post(`/api/v1/orgs/${huaxin}/orders`, orderBody(standard, over));
        expect(res.status, JSON.stringify(over)).toBe(400);
        expect(res.body.error.code).toBe('invalid_input');
        expect(res.body.error.message.startsWith(`${field}:`) || res.body.error.message.startsWith(`body.${field}:`), res.body.error.message).toBe(true);
      }
      const badFunction = await huaxinHr.post(`/api/v1/orgs/${huaxin}/orders`, orderBody(standard, { function: 'astrology' }));
      expect(badFunction.status).toBe(400);
      expect(badFunction.body.error.message).toMatch(/^body\.function:/);
    });

    it("refuses another org's plan, the custom template, and posting for another org", async () => {
      const custom = await planVersionIdOf(huaxinAdmin, 'custom');
      const res = await huaxinHr.post(`/api/v1/orgs/${huaxin}/orders`, orderBody(custom));
      expect(res.status).toBe(400);
      expect(res.body.error.details).toMatchObject({ field: 'planVersionId' });
      expect((await bluepeak.post(`/api/v1/orgs/${huaxin}/orders`, orderBody(standard))).status).toBe(404);
      expect((await tbC1.post(`/api/v1/orgs/${talentbridge}/orders`, orderBody(standard, { clientName: 'x' }))).status).toBe(403);
      expect((await ops.post(`/api/v1/orgs/${huaxin}/orders`, orderBody(standard))).status).toBe(403);
    });

    it("lists the poster's orders with a status filter and counts, paged by cursor", async () => {
      const mine = await bluepeak.get(`/api/v1/orgs/${bluepeakId}/orders`);
      const before = mine.body.items.length as number;
      for (let i = 0; i < 3; i++) await postOrder(bluepeak, bluepeakId, orderBody(await planVersionIdOf(bluepeak), { title: `列表测试 ${i}` }), { open: i === 0 });
      const all = await bluepeak.get(`/api/v1/orgs/${bluepeakId}/orders?limit=2`);
      expect(all.status).toBe(200);
      expect(all.body.items).toHaveLength(2);
      const next = await bluepeak.get(`/api/v1/orgs/${bluepeakId}/orders?limit=2&cursor=${all.body.nextCursor}`);
      const twoPages = [...all.body.items, ...next.body.items].map((o: { id: string; title: string }) => o);
      expect(new Set(twoPages.map((o) => o.id)).size).toBe(Math.min(4, before + 3));
      expect(twoPages.map((o) => o.title).filter((t) => t.startsWith('列表测试')).sort()).toEqual(['列表测试 0', '列表测试 1', '列表测试 2']);
      const drafts = await bluepeak.get(`/api/v1/orgs/${bluepeakId}/orders?status=draft`);
      expect(drafts.body.items.every((o: { status: string }) => o.status === 'draft')).toBe(true);
      expect(all.body.counts.draft).toBeGreaterThanOrEqual(2);
      expect(before + 3).toBe((await bluepeak.get(`/api/v1/orgs/${bluepeakId}/orders?limit=50`)).body.items.length);
      expect((await huaxinAdmin.get(`/api/v1/orgs/${bluepeakId}/orders`)).status).toBe(404);
      expect((await tbC1.get(`/api/v1/orgs/${talentbridge}/orders`)).status).toBe(403);
      expect((await bluepeak.get(`/api/v1/orgs/${bluepeakId}/orders?cursor=nonsense`)).body.error.message).toMatch(/^cursor:/);
    });

    it('lets platform ops list every order and close one only with a reason, telling the poster', async () => {
      const o = await postOrder(bluepeak, bluepeakId, orderBody(await planVersionIdOf(bluepeak), { title: '违规职位' }), { open: true });
      const list = await ops.get(`/api/v1/orders?posterOrgId=${bluepeakId}&q=违规`);
      expect(list.status).toBe(200);
      expect(list.body.items.map((i: { id: string }) => i.id)).toEqual([o.id]);
      expect((await huaxinAdmin.get('/api/v1/orders')).status).toBe(403);
      expect((await ops.patch(`/api/v1/orders/${o.id}`, { title: 'x' })).status).toBe(403);
      expect((await ops.post(`/api/v1/orders/${o.id}/pause`)).status).toBe(403);
      const noReason = await ops.post(`/api/v1/orders/${o.id}/close`, {});
      expect(noReason.status).toBe(400);
      expect(noReason.body.error.details).toMatchObject({ field: 'reason' });
      const closed = await ops.post(`/api/v1/orders/${o.id}/close`, { reason: '职位描述含歧视性要求' });
      expect(closed.status).toBe(200);
      expect(closed.body.status).toBe('closed');
      const inbox = await bluepeak.get('/api/v1/notifications?limit=5');
      expect(inbox.body.items.find((n: { kind: string; subjectId: string }) => n.kind === 'job_order.closed_by_platform' && n.subjectId === o.id)?.params).toMatchObject({ reason: '职位描述含歧视性要求' });
    });
  });

  describe('the marketplace', () => {
    it('shows open orders only, never drafts, paused, closed or its own org’s', async () => {
      const pv = await planVersionIdOf(bluepeak);
      const draft = await postOrder(bluepeak, bluepeakId, orderBody(pv, { title: '可见性 草稿' }));
      const open = await postOrder(bluepeak, bluepeakId, orderBody(pv, { title: '可见性 开放' }), { open: true });
      const paused = await postOrder(bluepeak, bluepeakId, orderBody(pv, { title: '可见性 暂停' }), { open: true });
      await bluepeak.post(`/api/v1/orders/${paused.id}/pause`);
      const closed = await postOrder(bluepeak, bluepeakId, orderBody(pv, { title: '可见性 关闭' }), { open: true });
      await bluepeak.post(`/api/v1/orders/${closed.id}/close`, {});
      const own = await postOrder(tbAdmin, talentbridge, orderBody(pv, { title: '可见性 猎企代发', clientName: '星辰汽车' }), { open: true });

      const seen = await walk(tbC1, { q: '可见性', limit: '50' });
      expect(seen).toEqual([open.id]);
      const other = await walk(apexC1, { q: '可见性', limit: '50', sort: 'newest' });
      expect(new Set(other)).toEqual(new Set([open.id, own.id]));
      const item = (await apexC1.get<MarketPage>(`/api/v1/marketplace/orders?q=${encodeURIComponent('猎企代发')}`)).body.items[0];
      expect(item?.postedBy).toBe('星辰汽车');

      // A consultant reads an open order, never a draft or paused one.
      expect((await tbC1.get(`/api/v1/orders/${open.id}`)).status).toBe(200);
      expect((await tbC1.get(`/api/v1/orders/${draft.id}`)).status).toBe(404);
      expect((await tbC1.get(`/api/v1/orders/${paused.id}/terms`)).status).toBe(404);
      expect((await huaxinAdmin.get(`/api/v1/orders/${open.id}`)).status).toBe(404);
      expect((await huaxinAdmin.get('/api/v1/marketplace/orders')).status).toBe(403);
    });

    it('filters by city, function, level, minimum reward, plan tier, posted since and title text', async () => {
      const pv = { standard: await planVersionIdOf(bluepeak, 'standard'), full: await planVersionIdOf(bluepeak, 'full_lifecycle') };
      const tag = '筛选';
      const a = await postOrder(bluepeak, bluepeakId, orderBody(pv.standard, { title: `${tag} A 销售总监`, city: '北京', function: 'sales', level: 'director', reward: { type: 'fixed', amount: '80000' } }), { open: true });
      const b = await postOrder(bluepeak, bluepeakId, orderBody(pv.full, { title: `${tag} B 销售经理`, city: '北京', function: 'sales', level: 'manager', reward: { type: 'fixed', amount: '30000' } }), { open: true });
      await ops.post('/api/v1/clock/advance', { days: 3 });
      const c = await postOrder(bluepeak, bluepeakId, orderBody(pv.standard, { title: `${tag} C 财务经理`, city: '上海', function: 'finance', level: 'manager', currency: 'USD', salaryMin: '100000', salaryMax: '140000', reward: { type: 'percent_of_annual_salary', percent: 25 } }), { open: true });
      const ids = async (q: Record<string, string>) => new Set(await walk(apexC1, { q: tag, limit: '50', ...q }));

      expect(await ids({})).toEqual(new Set([a.id, b.id, c.id]));
      expect(await ids({ city: '北京' })).toEqual(new Set([a.id, b.id]));
      expect(await ids({ city: '北京', function: 'sales', level: 'manager' })).toEqual(new Set([b.id]));
      expect(await ids({ function: 'finance' })).toEqual(new Set([c.id]));
      expect(await ids({ minReward: '50000', rewardCurrency: 'CNY' })).toEqual(new Set([a.id]));
      expect(await ids({ minReward: '30000.00', rewardCurrency: 'USD' })).toEqual(new Set([c.id])); // 25% of 120,000
      expect(await ids({ minRewardMinor: '3000000' })).toEqual(new Set([a.id, b.id, c.id]));
      expect(await ids({ minRewardMinor: '3000001' })).toEqual(new Set([a.id]));
      expect(await ids({ planTier: 'full_lifecycle' })).toEqual(new Set([b.id]));
      const today = server.deps.clock.now().toISOString().slice(0, 10);
      expect(await ids({ postedSince: today })).toEqual(new Set([c.id]));
      expect(await ids({ q: `${tag} B` })).toEqual(new Set([b.id]));

      const noCurrency = await apexC1.get(`/api/v1/marketplace/orders?minReward=5`);
      expect(noCurrency.status).toBe(400);
      expect(noCurrency.body.error.message).toMatch(/^rewardCurrency:/);
      expect((await apexC1.get(`/api/v1/marketplace/orders?minReward=5.001&rewardCurrency=CNY`)).body.error.message).toMatch(/^minReward/);
      expect((await apexC1.get(`/api/v1/marketplace/orders?limit=101`)).status).toBe(400);
      expect((await apexC1.get(`/api/v1/marketplace/orders?postedSince=2026-13-01`)).status).toBe(400);

      const byReward = (await apexC1.get<MarketPage>(`/api/v1/marketplace/orders?q=${encodeURIComponent(tag)}&sort=reward&rewardCurrency=CNY`)).body.items.map((i) => i.id);
      expect(byReward).toEqual([a.id, b.id]);
      const newest = (await apexC1.get<MarketPage>(`/api/v1/marketplace/orders?q=${encodeURIComponent(tag)}&sort=newest`)).body.items.map((i) => i.id);
      expect(newest[0]).toBe(c.id);
      const relevance = (await apexC1.get<MarketPage>(`/api/v1/marketplace/orders?q=${encodeURIComponent(tag)}&city=${encodeURIComponent('北京')}`)).body;
      expect(relevance.items.map((i) => i.id)).toEqual([a.id, b.id]); // same day, higher reward first
      expect(relevance.items[0]!.relevance).toBeGreaterThan(relevance.items[1]!.relevance!);

      const cities = await apexC1.get('/api/v1/marketplace/cities');
      expect(cities.body.items.map((x: { city: string }) => x.city)).toEqual(expect.arrayContaining(['北京', '上海']));
    });

    it.each(['relevance', 'reward', 'newest'])('walks every page sorted by %s with orders inserted in between: none repeated, none missing', async (sort) => {
      const pv = await planVersionIdOf(bluepeak);
      const tag = `游标${sort}`;
      const initial: string[] = [];
      for (let i = 0; i < 17; i++) {
        const o = await postOrder(bluepeak, bluepeakId, orderBody(pv, { title: `${tag} ${i}`, reward: { type: 'fixed', amount: String(10000 + (i % 5) * 5000) } }), { open: true });
        initial.push(o.id);
        if (i % 6 === 5) await ops.post('/api/v1/clock/advance', { days: 1 });
      }
      const inserted: string[] = [];
      const seen = await walk(tbC2, { q: tag, sort, limit: '4' }, async (page) => {
        const o = await postOrder(bluepeak, bluepeakId, orderBody(pv, { title: `${tag} new ${page}`, reward: { type: 'fixed', amount: String(5000 + page * 9000) } }), { open: true });
        inserted.push(o.id);
      });
      expect(new Set(seen).size).toBe(seen.length);
      for (const id of initial) expect(seen).toContain(id);
      for (const id of seen) expect([...initial, ...inserted]).toContain(id);
      const cursorOfOtherSort = (await tbC2.get<MarketPage>(`/api/v1/marketplace/orders?q=${encodeURIComponent(tag)}&sort=${sort}&limit=1`)).body.nextCursor;
      const other = sort === 'newest' ? 'reward' : 'newest';
      expect((await tbC2.get(`/api/v1/marketplace/orders?sort=${other}&cursor=${cursorOfOtherSort}`)).status).toBe(400);
    });
  });

  describe('relevance history', () => {
    it("counts a consultant's past work as submissions are made, the same as counting the rows, as of any instant", async () => {
      const c3 = await ApiUser.signIn(server.url, 'c3@apexsearch.demo');
      const c3Id = server.ids.users['c3@apexsearch.demo']!;
      const pv = await planVersionIdOf(bluepeak);
      const order = await postOrder(bluepeak, bluepeakId, orderBody(pv, { title: '历史 财务', city: '成都', function: 'finance', level: 'manager' }), { open: true });
      expect((await takeOrder(c3, order.id)).status).toBe(201);
      const submit = async (i: number) => {
        const res = await c3.post(`/api/v1/orders/${order.id}/submissions`, candidate({ candidateName: `历史${i}`, phone: `137 0000 ${String(1000 + i)}`, email: `history${i}@example.com` }));
        expect(res.status, JSON.stringify(res.body)).toBe(201);
      };
      for (let i = 0; i < 3; i++) await submit(i);
      const first = server.deps.clock.now().toISOString();
      const before = asLines(await pastWorkOf(server.deps.db, c3Id, first));
      expect(before).toEqual(await pastWorkFromRows(server.deps.db, c3Id, first));
      expect(before).toContain('finance/成都:4'); // the engagement and three submissions

      await ops.post('/api/v1/clock/advance', { days: 1 });
      for (let i = 3; i < 5; i++) await submit(i);
      const later = server.deps.clock.now().toISOString();
      // A later page ranked as of the first page's instant still sees the history of then.
      expect(asLines(await pastWorkOf(server.deps.db, c3Id, first))).toEqual(before);
      const now = asLines(await pastWorkOf(server.deps.db, c3Id, later));
      expect(now).toEqual(await pastWorkFromRows(server.deps.db, c3Id, later));
      expect(now).toContain('finance/成都:6');
    });
  });

  describe('engagements', () => {
    it('shows the terms with their hash and words, takes the order with that hash, and tells the poster', async () => {
      const o = await postOrder(huaxinAdmin, huaxin, orderBody(standard, { title: '接单 测试', reward: { type: 'percent_of_annual_salary', percent: 18 } }), { open: true });
      const terms = await tbC1.get(`/api/v1/orders/${o.id}/terms`);
      expect(terms.status).toBe(200);
      expect(terms.body.terms.reward).toEqual({ type: 'percent_of_annual_salary', percent: 18 });
      expect(terms.body.termsHash).toMatch(/^[0-9a-f]{64}$/);
      expect(terms.body.wording['zh-CN'][0]).toContain('年薪的18%');
      expect(terms.body.plan).toMatchObject({ tier: 'standard' });

      const other = await postOrder(huaxinAdmin, huaxin, orderBody(standard, { title: '接单 另一个', reward: { type: 'percent_of_annual_salary', percent: 19 } }), { open: true });
      const staleHash = (await tbC1.get(`/api/v1/orders/${other.id}/terms`)).body.termsHash;
      const stale = await tbC1.post(`/api/v1/orders/${o.id}/engagements`, { acceptedTermsHash: staleHash });
      expect(stale.status).toBe(409);
      expect(stale.body.error).toMatchObject({ code: 'terms_mismatch', details: { currentTermsHash: terms.body.termsHash } });

      const taken = await tbC1.post(`/api/v1/orders/${o.id}/engagements`, { acceptedTermsHash: terms.body.termsHash }, { 'Idempotency-Key': `take-${o.id}` });
      expect(taken.status).toBe(201);
      expect(taken.body).toMatchObject({ orderId: o.id, status: 'active', consultantName: '周杰 (顾问)', termsHash: terms.body.termsHash, postedBy: '华信科技 Huaxin Tech' });
      const replay = await tbC1.post(`/api/v1/orders/${o.id}/engagements`, { acceptedTermsHash: terms.body.termsHash }, { 'Idempotency-Key': `take-${o.id}` });
      expect(replay.status).toBe(201);
      expect(replay.body.id).toBe(taken.body.id);
      const twice = await tbC1.post(`/api/v1/orders/${o.id}/engagements`, { acceptedTermsHash: terms.body.termsHash });
      expect(twice.status).toBe(409);
      expect(twice.body.error.details).toMatchObject({ reason: 'already_engaged' });

      const market = (await tbC1.get<MarketPage>(`/api/v1/marketplace/orders?q=${encodeURIComponent('接单 测试')}`)).body.items;
      expect(market.map((i) => [i.id, i.engaged])).toEqual([[o.id, true]]);
      const detail = await tbC1.get(`/api/v1/orders/${o.id}`);
      expect(detail.body.viewer.myEngagement).toMatchObject({ id: taken.body.id, termsHash: terms.body.termsHash });

      // The poster sees who works on its order.
      const apex = await takeOrder(apexC1, o.id);
      expect(apex.status).toBe(201);
      const who = await huaxinHr.get(`/api/v1/orders/${o.id}/engagements`);
      expect(who.status).toBe(200);
      expect(who.body.items.map((e: { consultantName: string; agencyName: string }) => [e.consultantName, e.agencyName]).sort()).toEqual(
        [
          ['周杰 (顾问)', '英桥猎头 TalentBridge'],
          ['黄蕾 (顾问)', '锐寻顾问 Apex Search'],
        ].sort(),
      );
      expect((await huaxinHr.get(`/api/v1/orders/${o.id}`)).body.activeEngagements).toBe(2);
      expect((await tbC1.get(`/api/v1/orders/${o.id}/engagements`)).status).toBe(404);
      expect((await bluepeak.get(`/api/v1/engagements/${taken.body.id}`)).status).toBe(404);
      expect((await apexC1.get(`/api/v1/engagements/${taken.body.id}`)).status).toBe(404);
      expect((await huaxinHr.get(`/api/v1/engagements/${taken.body.id}`)).status).toBe(200);

      const inbox = await huaxinAdmin.get('/api/v1/notifications?limit=10');
      const engagedNotices = inbox.body.items.filter((n: { kind: string; subjectId: string }) => n.kind === 'job_order.engaged' && n.subjectId === o.id);
      expect(engagedNotices.map((n: { params: unknown }) => n.params)).toContainEqual({ orderTitle: '接单 测试', consultantName: '周杰 (顾问)', agencyName: '英桥猎头 TalentBridge' });
      const audit = await server.deps.db.selectFrom('audit_events').select(['type', 'payload']).where('subject_id', '=', taken.body.id).execute();
      expect(audit.map((e) => e.type)).toEqual(['engagement.taken']);
      expect(JSON.parse(audit[0]!.payload)).toMatchObject({ orderId: o.id, termsHash: terms.body.termsHash });
    });

    it("refuses a consultant their own agency's order", async () => {
      const own = await postOrder(tbAdmin, talentbridge, orderBody(standard, { title: '自家职位', clientName: '星辰汽车' }), { open: true });
      const res = await takeOrder(tbC1, own.id);
      expect(res.status).toBe(404); // it is not in their marketplace: they cannot even read its terms
      const terms = await apexC1.get(`/api/v1/orders/${own.id}/terms`);
      const direct = await tbC1.post(`/api/v1/orders/${own.id}/engagements`, { acceptedTermsHash: terms.body.termsHash });
      expect([403, 404]).toContain(direct.status);
      expect((await apexC1.post(`/api/v1/orders/${own.id}/engagements`, { acceptedTermsHash: terms.body.termsHash })).status).toBe(201);
      expect((await tbAdmin.get(`/api/v1/orders/${own.id}/engagements`)).body.items[0].agencyName).toBe('锐寻顾问 Apex Search');
    });

    it('drops an engagement with a reason, tells the poster, and lets the agency admin see its engagements', async () => {
      const o = await postOrder(huaxinAdmin, huaxin, orderBody(standard, { title: '放弃 测试' }), { open: true });
      const taken = await takeOrder(tbC2, o.id);
      expect(taken.status).toBe(201);
      const agency = await tbAdmin.get('/api/v1/engagements?status=active');
      expect(agency.status).toBe(200);
      expect(agency.body.items.some((e: { id: string }) => e.id === taken.body.id)).toBe(true);
      expect(agency.body.capacity).toBeNull();
      expect((await apexAdmin.get('/api/v1/engagements')).body.items.some((e: { id: string }) => e.id === taken.body.id)).toBe(false);
      expect((await huaxinAdmin.get('/api/v1/engagements')).status).toBe(403);

      expect((await tbC1.post(`/api/v1/engagements/${taken.body.id}/drop`, { reason: 'x' })).status).toBe(404);
      expect((await huaxinAdmin.post(`/api/v1/engagements/${taken.body.id}/drop`, { reason: 'x' })).status).toBe(403);
      expect((await tbC2.post(`/api/v1/engagements/${taken.body.id}/drop`, { reason: ' ' })).status).toBe(400);
      const dropped = await tbC2.post(`/api/v1/engagements/${taken.body.id}/drop`, { reason: '候选人资源不匹配' });
      expect(dropped.status).toBe(200);
      expect(dropped.body).toMatchObject({ status: 'dropped', dropReason: '候选人资源不匹配' });
      expect((await tbC2.post(`/api/v1/engagements/${taken.body.id}/drop`, { reason: 'again' })).body.error.code).toBe('invalid_transition');
      const mine = await tbC2.get('/api/v1/engagements?status=dropped');
      expect(mine.body.items.map((e: { id: string }) => e.id)).toContain(taken.body.id);
      const inbox = await huaxinAdmin.get('/api/v1/notifications?limit=10');
      expect(inbox.body.items.find((n: { kind: string; subjectId: string }) => n.kind === 'job_order.engagement_dropped' && n.subjectId === o.id)?.params).toMatchObject({ reason: '候选人资源不匹配' });
      // Dropped, the consultant may take it again with the current terms.
      expect((await takeOrder(tbC2, o.id)).status).toBe(201);
    });

    it('fills the order when the headcount is hired (the hire flow calls recordHire)', async () => {
      const o = await postOrder(huaxinAdmin, huaxin, orderBody(standard, { title: '入职 测试', headcount: 2 }), { open: true });
      const ctx = { deps: server.deps, actor: { userId: server.ids.users['admin@huaxin.demo']!, orgId: huaxin, orgKind: 'employer' as const, role: 'employer_admin' as const, via: 'session' as const } };
      await inTransaction(server.deps.db, async (tx) => recordHire(tx, ctx, await lockOrderForHire(tx, ctx, o.id)));
      expect((await huaxinAdmin.get(`/api/v1/orders/${o.id}`)).body).toMatchObject({ hiredCount: 1, status: 'open' });
      await inTransaction(server.deps.db, async (tx) => recordHire(tx, ctx, await lockOrderForHire(tx, ctx, o.id)));
      expect((await huaxinAdmin.get(`/api/v1/orders/${o.id}`)).body).toMatchObject({ hiredCount: 2, status: 'filled' });
      expect((await huaxinAdmin.post(`/api/v1/orders/${o.id}/pause`)).body.error.code).toBe('invalid_transition');
      expect((await walk(tbC1, { q: '入职 测试' })).length).toBe(0);
      // A third hire on the filled order is refused by the rule, on the order row as locked.
      await expect(inTransaction(server.deps.db, async (tx) => recordHire(tx, ctx, await lockOrderForHire(tx, ctx, o.id)))).rejects.toThrow(/it is filled/);
    });
  });
});

describe.each(DATABASE_KINDS)('the engagement cap on %s', (database) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ database, config: { maxEngagements: 2 } });
  });
  afterAll(() => server.close());

  it('refuses the engagement over the cap with the cap named, and frees capacity on drop and on close', async () => {
    const poster = await ApiUser.signIn(server.url, 'admin@bluepeak.demo');
    const consultant = await ApiUser.signIn(server.url, 'c3@apexsearch.demo');
    const orgId = server.ids.orgs.bluepeak!;
    const pv = await planVersionIdOf(poster);
    const orders: { id: string }[] = [];
    for (let i = 0; i < 4; i++) orders.push(await postOrder(poster, orgId, orderBody(pv, { title: `上限 ${i}` }), { open: true }));
    const first = await takeOrder(consultant, orders[0]!.id);
    expect(first.status).toBe(201);
    expect((await takeOrder(consultant, orders[1]!.id)).status).toBe(201);
    const over = await takeOrder(consultant, orders[2]!.id);
    expect(over.status).toBe(409);
    expect(over.body.error.code).toBe('capacity_reached');
    expect(over.body.error.message).toContain('cap 2');
    expect(over.body.error.details).toEqual({ cap: 2 });
    expect((await consultant.get('/api/v1/engagements')).body.capacity).toEqual({ used: 2, cap: 2, tier: 'B' }); // a newcomer is tier B; the override caps every tier

    expect((await consultant.post(`/api/v1/engagements/${first.body.id}/drop`, { reason: '精力不足' })).status).toBe(200);
    expect((await takeOrder(consultant, orders[2]!.id)).status).toBe(201);
    expect((await takeOrder(consultant, orders[3]!.id)).body.error.code).toBe('capacity_reached');

    // A closed order's engagement stays on record but no longer uses capacity.
    expect((await poster.post(`/api/v1/orders/${orders[1]!.id}/close`, {})).status).toBe(200);
    expect((await consultant.get('/api/v1/engagements')).body.capacity).toEqual({ used: 1, cap: 2, tier: 'B' });
    expect((await takeOrder(consultant, orders[3]!.id)).status).toBe(201);
    const inbox = await consultant.get('/api/v1/notifications?limit=5');
    expect(inbox.body.items.some((n: { kind: string; subjectId: string }) => n.kind === 'job_order.closed' && n.subjectId === orders[1]!.id)).toBe(true);
  });
});
