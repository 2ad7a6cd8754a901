import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ManualClock } from '../../src/platform/clock.ts';
import { planTemplate } from '../../src/plans/plan-templates.ts';
import { termsHash } from '../../src/plans/terms-hash.ts';
import type { Terms } from '../../src/plans/terms.schema.ts';
import { ApiUser } from '../support/api-client.ts';
import { DATABASE_KINDS } from '../support/databases.ts';
import { orderBody, planVersionIdOf, postOrder, takeOrder } from '../support/marketplace-fixture.ts';
import { hireThroughApi } from '../support/placement-fixture.ts';
import { candidate } from '../support/submissions-fixture.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

const shanghaiMidnight = (date: string) => new Date(`${date}T00:00:00+08:00`).toISOString();

describe.each(DATABASE_KINDS)('placements on %s', (database) => {
  let server: TestServer;
  const as: Record<string, ApiUser> = {};
  const user = async (email: string) => (as[email] ??= await ApiUser.signIn(server.url, email));

  beforeAll(async () => {
    server = await startTestServer({ database });
  });
  afterAll(() => server.close());

  const eventsOf = async (placementId: string, type: string) =>
    server.deps.db.selectFrom('audit_events').select(['payload', 'org_id']).where('subject_id', '=', placementId).where('type', '=', type).execute();
  const obligationRows = async (placementId: string) =>
    server.deps.db.selectFrom('obligations').selectAll().where('subject_type', '=', 'placement').where('subject_id', '=', placementId).orderBy('due_at').execute();

  describe('a Standard placement of 华信 delivered by TalentBridge', () => {
    let id: string;
    let hash: string;
    let agreement: string;
    let orderId: string;
    beforeAll(async () => {
      const p = await hireThroughApi(server, { poster: 'admin@huaxin.demo', consultant: 'c1@talentbridge.demo', plan: 'standard', startDate: '2026-01-31', annualSalary: '300000.00' });
      id = p.placementId;
      hash = p.termsHash;
      agreement = p.agreementHash;
      orderId = p.orderId;
    });

    it('is created pending acceptance, with the exact fee and the hash of its terms snapshot', async () => {
      const hr = await user('hr@huaxin.demo');
      const res = await hr.get(`/api/v1/placements/${id}`);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        id,
        status: 'pending_acceptance',
        candidateName: '李明',
        startDate: '2026-01-31',
        timeZone: 'Asia/Shanghai',
        currency: 'CNY',
        annualSalary: '300000.00',
        fee: '60000.00',
        pendingSides: ['poster', 'deliverer'],
        mySides: ['poster'],
        canAccept: true,
        acceptances: { poster: null, deliverer: null },
        obligations: [],
      });
      // The snapshot is the order's terms, exactly as the consultant accepted them when taking the order.
      const orderTerms = await hr.get(`/api/v1/orders/${orderId}/terms`);
      expect(res.body.termsHash).toBe(orderTerms.body.termsHash);
      expect(res.body.termsHash).toBe(hash);
      expect(termsHash(res.body.terms as Terms)).toBe(hash);
      expect(res.body.terms).toMatchObject({ currency: 'CNY', reward: { type: 'percent_of_annual_salary', percent: 20 }, guarantee: { days: 90 } });
      expect(res.body.termsCanonicalJson).toBe(JSON.stringify(JSON.parse(res.body.termsCanonicalJson)));
      expect(res.body.termsInWords['zh-CN'].length).toBeGreaterThan(3);
      expect(res.body.termsInWords.en.join(' ')).toMatch(/90/);
      expect(res.body.scope.included.length).toBeGreaterThan(0);
      expect(res.body.installments).toEqual([
        { index: 0, trigger: 'start', triggerDate: '2026-01-31', dueDate: '2026-02-15', amount: '30000.00' },
        { index: 1, trigger: 'guarantee_passed', triggerDate: '2026-05-01', dueDate: '2026-05-16', amount: '30000.00' },
      ]);
      expect(res.body.schedule).toHaveLength(11);
      expect(await eventsOf(id, 'placement.created')).toHaveLength(1);
    });

    it('refuses a hash that is not the hash of these terms, with 409 terms_mismatch', async () => {
      const hr = await user('hr@huaxin.demo');
      const res = await hr.post(`/api/v1/placements/${id}/accept`, { agreementHash: 'f'.repeat(64) });
      expect(res.status).toBe(409);
      expect(res.body.error).toMatchObject({ code: 'terms_mismatch', details: { field: 'agreementHash', expected: agreement } });
      const other = await hr.post(`/api/v1/placements/${id}/accept`, { agreementHash: termsHash(planTemplate('full_lifecycle').terms) });
      expect(other.body.error.code).toBe('terms_mismatch');
      // The terms hash alone is not what both sides accept: the hire's facts are part of the agreement.
      expect((await hr.post(`/api/v1/placements/${id}/accept`, { agreementHash: hash })).body.error.code).toBe('terms_mismatch');
      expect((await hr.post(`/api/v1/placements/${id}/accept`, { termsHash: agreement })).status).toBe(400);
      expect((await hr.get(`/api/v1/placements/${id}`)).body.acceptances.poster).toBeNull();
    });

    it('stays pending when one side has accepted; the same side accepting again changes nothing', async () => {
      const hr = await user('hr@huaxin.demo');
      const first = await hr.post(`/api/v1/placements/${id}/accept`, { agreementHash: agreement });
      expect(first.status).toBe(200);
      expect(first.body.status).toBe('pending_acceptance');
      expect(first.body.acceptances.poster).toMatchObject({ side: 'poster', name: expect.any(String) });
      expect(first.body.pendingSides).toEqual(['deliverer']);
      expect(first.body.canAccept).toBe(false);

      const again = await hr.post(`/api/v1/placements/${id}/accept`, { agreementHash: agreement });
      expect(again.status).toBe(200);
      const admin = await user('admin@huaxin.demo'); // the same side, another person
      const byAdmin = await admin.post(`/api/v1/placements/${id}/accept`, { agreementHash: agreement });
      expect(byAdmin.status).toBe(200);
      expect(byAdmin.body.acceptances.poster.at).toBe(first.body.acceptances.poster.at);

      const accepted = await eventsOf(id, 'placement.accepted');
      expect(accepted).toHaveLength(1);
      expect(JSON.parse(accepted[0]!.payload)).toEqual({ side: 'poster', termsHash: hash, agreementHash: agreement });
      expect(await obligationRows(id)).toHaveLength(0);
    });

    it('becomes active when the deliverer accepts too, and schedules every obligation of the terms once', async () => {
      const c1 = await user('c1@talentbridge.demo');
      const res = await c1.post(`/api/v1/placements/${id}/accept`, { agreementHash: agreement });
      expect(res.status).toBe(200);
      expect(res.body.status).toBe('active');
      expect(res.body.pendingSides).toEqual([]);
      expect(res.body.acceptances.deliverer).toMatchObject({ side: 'deliverer', name: expect.any(String) });

      const rows = await obligationRows(id);
      expect(rows.map((r) => `${JSON.parse(r.payload).date} ${r.kind}`)).toEqual([
        '2026-02-06 checkin.open',
        '2026-02-06 checkin.open',
        '2026-02-15 installment.due',
        '2026-03-01 checkin.open',
        '2026-03-01 checkin.open',
        '2026-03-31 checkin.open',
        '2026-03-31 checkin.open',
        '2026-04-30 checkin.open',
        '2026-04-30 checkin.open',
        '2026-05-01 guarantee.end',
        '2026-05-16 installment.due',
      ]);
      for (const r of rows) {
        expect(r.due_at).toBe(shanghaiMidnight(JSON.parse(r.payload).date));
        expect(r.status).toBe('pending');
        expect(r.org_id).toBe(server.ids.orgs.huaxin);
      }
      const installment = rows.find((r) => r.kind === 'installment.due')!;
      expect(JSON.parse(installment.payload)).toMatchObject({ index: 0, trigger: 'start', amount: '30000.00', dueDate: '2026-02-15' });
      const checkIn = rows.find((r) => r.kind === 'checkin.open')!;
      expect(JSON.parse(checkIn.payload)).toMatchObject({ day: 7, respondent: 'employer', windowDays: 5, closesOn: '2026-02-10' });

      // The placement shows them, although no handler runs them yet.
      expect(res.body.obligations).toHaveLength(11);
      expect(res.body.obligations[0]).toMatchObject({ kind: 'checkin.open', date: '2026-02-06', status: 'pending', dueAt: '2026-02-05T16:00:00.000Z' });

      const activated = await eventsOf(id, 'placement.activated');
      expect(activated).toHaveLength(1);
      expect(JSON.parse(activated[0]!.payload)).toMatchObject({ obligationCount: 11, termsHash: hash });
    });

    it('schedules nothing more when either side accepts again', async () => {
      const agencyAdmin = await user('admin@talentbridge.demo');
      const c1 = await user('c1@talentbridge.demo');
      const hr = await user('hr@huaxin.demo');
      for (const u of [agencyAdmin, c1, hr]) expect((await u.post(`/api/v1/placements/${id}/accept`, { agreementHash: agreement })).status).toBe(200);
      expect(await obligationRows(id)).toHaveLength(11);
      expect(await eventsOf(id, 'placement.accepted')).toHaveLength(2);
      expect(await eventsOf(id, 'placement.activated')).toHaveLength(1);
    });

    it('told both sides in their inbox', async () => {
      const kinds = await server.deps.db.selectFrom('notifications').select(['kind', 'org_id', 'user_id']).where('subject_id', '=', id).execute();
      const huaxin = kinds.filter((n) => n.org_id === server.ids.orgs.huaxin).map((n) => n.kind);
      const c1 = kinds.filter((n) => n.user_id === server.ids.users['c1@talentbridge.demo']).map((n) => n.kind);
      expect(huaxin).toEqual(expect.arrayContaining(['placement.created', 'placement.activated']));
      expect(c1).toEqual(expect.arrayContaining(['placement.created', 'placement.accepted', 'placement.activated']));
    });

    it('is visible to both parties and platform ops, and to nobody else (404)', async () => {
      for (const email of ['admin@huaxin.demo', 'hr@huaxin.demo', 'c1@talentbridge.demo', 'admin@talentbridge.demo', 'ops@tenure.demo']) {
        expect((await (await user(email)).get(`/api/v1/placements/${id}`)).status, email).toBe(200);
      }
      for (const email of ['admin@bluepeak.demo', 'hr@bluepeak.demo', 'admin@apexsearch.demo', 'c1@apexsearch.demo', 'c2@talentbridge.demo', 'assessor@skillcheck.demo']) {
        const u = await user(email);
        expect((await u.get(`/api/v1/placements/${id}`)).status, email).toBe(404);
        expect((await u.post(`/api/v1/placements/${id}/accept`, { agreementHash: agreement })).status, email).toBe(404);
        const list = await u.get('/api/v1/placements');
        expect(list.status).toBe(200);
        expect((list.body.items as { id: string }[]).map((p) => p.id), email).not.toContain(id);
      }
    });

    it('lets platform ops look but not sign', async () => {
      const ops = await user('ops@tenure.demo');
      const res = await ops.post(`/api/v1/placements/${id}/accept`, { agreementHash: agreement });
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('forbidden');
    });
  });

  describe('lists', () => {
    it("shows each party its own placements, filtered by status, newest first, paged by cursor", async () => {
      const a = await hireThroughApi(server, { poster: 'hr@bluepeak.demo', consultant: 'c2@apexsearch.demo', candidateName: '王芳' });
      await (server.deps.clock as ManualClock).advance(60_000); // a minute later (the manual clock stands still otherwise)
      const b = await hireThroughApi(server, { poster: 'hr@bluepeak.demo', consultant: 'c2@apexsearch.demo', candidateName: '赵磊' });
      const bluepeak = await user('admin@bluepeak.demo');
      const all = await bluepeak.get('/api/v1/placements');
      expect(all.status).toBe(200);
      const ids = (all.body.items as { id: string }[]).map((p) => p.id);
      expect(ids.slice(0, 2)).toEqual([b.placementId, a.placementId]);
      expect(all.body.items[0]).toMatchObject({ candidateName: '赵磊', status: 'pending_acceptance', pendingSides: ['poster', 'deliverer'], mySides: ['poster'], canAccept: true, fee: '60000.00' });
      expect(all.body.items[0].order.title).toEqual(expect.any(String));
      expect(all.body.items[0].deliverer.consultantName).toEqual(expect.any(String));
      // Each list item says what the placement's own page says of it (the list reads no terms snapshot).
      for (const item of all.body.items.slice(0, 2) as Record<string, unknown>[]) {
        const page = (await bluepeak.get(`/api/v1/placements/${String(item.id)}`)).body as Record<string, unknown>;
        expect(Object.fromEntries(Object.keys(item).map((k) => [k, page[k]]))).toEqual(item);
      }

      const page1 = await bluepeak.get('/api/v1/placements?limit=1');
      expect(page1.body.items).toHaveLength(1);
      expect(page1.body.nextCursor).toEqual(expect.any(String));
      const page2 = await bluepeak.get(`/api/v1/placements?limit=1&cursor=${encodeURIComponent(page1.body.nextCursor)}`);
      expect(page2.body.items[0].id).toBe(a.placementId);

      expect((await bluepeak.get('/api/v1/placements?status=active')).body.items).toEqual([]);
      expect((await bluepeak.get('/api/v1/placements?status=nonsense')).status).toBe(400);

      const c2 = await user('c2@apexsearch.demo');
      expect((await c2.get('/api/v1/placements')).body.items.map((p: { id: string }) => p.id)).toEqual(expect.arrayContaining([a.placementId, b.placementId]));
      const c1 = await user('c1@apexsearch.demo');
      expect((await c1.get('/api/v1/placements')).body.items.map((p: { id: string }) => p.id)).not.toContain(a.placementId);
      const apexAdmin = await user('admin@apexsearch.demo');
      const agencyView = await apexAdmin.get('/api/v1/placements');
      expect(agencyView.body.items.map((p: { id: string }) => p.id)).toEqual(expect.arrayContaining([a.placementId, b.placementId]));
      expect(agencyView.body.items.find((p: { id: string }) => p.id === a.placementId)).toMatchObject({ mySides: ['deliverer'], canAccept: true });
      const ops = await user('ops@tenure.demo');
      expect((await ops.get('/api/v1/placements?limit=100')).body.items.map((p: { id: string }) => p.id)).toEqual(expect.arrayContaining([a.placementId, b.placementId]));
    });

    it('refuses a cursor it did not give out', async () => {
      const res = await (await user('admin@bluepeak.demo')).get('/api/v1/placements?cursor=bm90LWEtY3Vyc29y');
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('invalid_input');
    });
  });

  describe('fees', () => {
    it('takes a fractional percent exactly, rounded half up', async () => {
      const p = await hireThroughApi(server, {
        poster: 'admin@huaxin.demo',
        consultant: 'c1@talentbridge.demo',
        annualSalary: '333333.33',
        order: { reward: { type: 'percent_of_annual_salary', percent: 20.5 } },
      });
      const res = await (await user('admin@huaxin.demo')).get(`/api/v1/placements/${p.placementId}`);
      expect(res.body.fee).toBe('68333.33');
      expect(res.body.installments.map((i: { amount: string }) => i.amount)).toEqual(['34166.67', '34166.66']);
    });

    it('charges a fixed reward whatever the salary (Manufacturing plan)', async () => {
      const p = await hireThroughApi(server, {
        poster: 'admin@huaxin.demo',
        consultant: 'c1@talentbridge.demo',
        plan: 'manufacturing_skill',
        annualSalary: '96000.00',
        order: { function: 'manufacturing', salaryMin: '80000.00', salaryMax: '120000.00', reward: { type: 'fixed', amount: '8000.00' } },
      });
      const res = await (await user('admin@huaxin.demo')).get(`/api/v1/placements/${p.placementId}`);
      expect(res.body.fee).toBe('8000.00');
      expect(res.body.schedule.filter((o: { kind: string }) => o.kind === 'milestone.due')).toHaveLength(3);
    });

    it('rounds to whole yen in JPY', async () => {
      const p = await hireThroughApi(server, {
        poster: 'admin@huaxin.demo',
        consultant: 'c1@talentbridge.demo',
        annualSalary: '5000003',
        order: { currency: 'JPY', salaryMin: '4000000', salaryMax: '6000000' },
      });
      const res = await (await user('admin@huaxin.demo')).get(`/api/v1/placements/${p.placementId}`);
      expect(res.body).toMatchObject({ currency: 'JPY', annualSalary: '5000003', fee: '1000001' });
      expect(res.body.installments.map((i: { amount: string }) => i.amount)).toEqual(['500001', '500000']);
    });
  });

  describe('Match only (no guarantee)', () => {
    it('schedules the single installment on activation, and no guarantee end', async () => {
      const p = await hireThroughApi(server, { poster: 'admin@huaxin.demo', consultant: 'c1@talentbridge.demo', plan: 'match_only', startDate: '2026-03-02' });
      await (await user('admin@huaxin.demo')).post(`/api/v1/placements/${p.placementId}/accept`, { agreementHash: p.agreementHash });
      const res = await (await user('admin@talentbridge.demo')).post(`/api/v1/placements/${p.placementId}/accept`, { agreementHash: p.agreementHash });
      expect(res.body.status).toBe('active');
      expect(res.body.obligations.map((o: { kind: string; date: string }) => [o.kind, o.date])).toEqual([['installment.due', '2026-03-17']]);
    });
  });

  describe('an order an agency posted for its client', () => {
    it("is accepted for the poster by the posting agency's admin and for the deliverer by the other agency", async () => {
      const p = await hireThroughApi(server, {
        poster: 'admin@talentbridge.demo',
        consultant: 'c3@apexsearch.demo',
        plan: 'full_lifecycle',
        annualSalary: '400000.00',
        order: { clientName: '某新能源汽车客户', reward: { type: 'percent_of_annual_salary', percent: 25 } },
      });
      const posterAdmin = await user('admin@talentbridge.demo');
      const seen = await posterAdmin.get(`/api/v1/placements/${p.placementId}`);
      expect(seen.body).toMatchObject({ mySides: ['poster'], fee: '100000.00' });
      expect((await posterAdmin.post(`/api/v1/placements/${p.placementId}/accept`, { agreementHash: p.agreementHash })).body.pendingSides).toEqual(['deliverer']);
      // A consultant of the posting agency is not a party.
      expect((await (await user('c1@talentbridge.demo')).get(`/api/v1/placements/${p.placementId}`)).status).toBe(404);
      const res = await (await user('admin@apexsearch.demo')).post(`/api/v1/placements/${p.placementId}/accept`, { agreementHash: p.agreementHash });
      expect(res.body.status).toBe('active');
      expect(res.body.obligations).toHaveLength(20);
      expect(res.body.obligations.filter((o: { kind: string }) => o.kind === 'support_task.due')).toHaveLength(4);
    });
  });

  describe('both sides accepting at the same moment', () => {
    it('activates once and schedules one set of obligations', async () => {
      const p = await hireThroughApi(server, { poster: 'admin@huaxin.demo', consultant: 'c1@talentbridge.demo' });
      const [a, b] = await Promise.all([
        (await user('hr@huaxin.demo')).post(`/api/v1/placements/${p.placementId}/accept`, { agreementHash: p.agreementHash }),
        (await user('c1@talentbridge.demo')).post(`/api/v1/placements/${p.placementId}/accept`, { agreementHash: p.agreementHash }),
      ]);
      expect([a.status, b.status]).toEqual([200, 200]);
      const final = await (await user('hr@huaxin.demo')).get(`/api/v1/placements/${p.placementId}`);
      expect(final.body.status).toBe('active');
      expect(await obligationRows(p.placementId)).toHaveLength(11);
      expect(await eventsOf(p.placementId, 'placement.activated')).toHaveLength(1);
    });
  });

  describe('the terms a placement snapshots', () => {
    it('are those the deliverer accepted when taking the order; a hire whose order no longer hashes to them is refused, writing nothing', async () => {
      const admin = await user('admin@huaxin.demo');
      const consultant = await user('c2@talentbridge.demo');
      const order = await postOrder(admin, server.ids.orgs.huaxin!, orderBody(await planVersionIdOf(admin)), { open: true });
      const taken = await takeOrder(consultant, order.id);
      expect(taken.status).toBe(201);
      const sub = await consultant.post(`/api/v1/orders/${order.id}/submissions`, candidate({ phone: '139 0000 4242', email: 'snapshot@example.com' }));
      expect(sub.status).toBe(201);
      const subId = sub.body.submission.id as string;
      expect((await admin.post(`/api/v1/submissions/${subId}/stage`, { to: 'offered' })).status).toBe(200);
      // What was accepted is on the engagement: a hash that the order's terms no longer give must stop the hire.
      await server.deps.db.updateTable('engagements').set({ terms_hash: 'f'.repeat(64) }).where('id', '=', taken.body.id).execute();
      const hire = { to: 'hired', hire: { startDate: server.deps.clock.now().toISOString().slice(0, 10), annualSalary: '500000.00' } };
      const refused = await admin.post(`/api/v1/submissions/${subId}/stage`, hire);
      expect(refused.status).toBe(409);
      expect(refused.body.error).toMatchObject({ code: 'terms_mismatch', details: { field: 'termsHash' } });
      expect((await admin.get(`/api/v1/orders/${order.id}`)).body).toMatchObject({ hiredCount: 0, status: 'open' });
      expect((await admin.get(`/api/v1/submissions/${subId}`)).body).toMatchObject({ submission: { stage: 'offered' }, placementId: null });
      // Put back, the hire goes through and the placement carries exactly the engagement's hash.
      const terms = await admin.get(`/api/v1/orders/${order.id}/terms`);
      await server.deps.db.updateTable('engagements').set({ terms_hash: terms.body.termsHash }).where('id', '=', taken.body.id).execute();
      const hired = await admin.post(`/api/v1/submissions/${subId}/stage`, hire);
      expect(hired.status).toBe(200);
      const engagement = await server.deps.db.selectFrom('engagements').select('terms_hash').where('id', '=', taken.body.id).executeTakeFirstOrThrow();
      expect((await admin.get(`/api/v1/placements/${hired.body.placementId}`)).body.termsHash).toBe(engagement.terms_hash);
    });
  });

  describe('what both sides accept, and correcting it before they have', () => {
    async function offered(salaryRange: { salaryMin: string; salaryMax: string } = { salaryMin: '100000.00', salaryMax: '200000.00' }) {
      const admin = await user('admin@huaxin.demo');
      const consultant = await user('c3@talentbridge.demo');
      const order = await postOrder(admin, server.ids.orgs.huaxin!, orderBody(await planVersionIdOf(admin), { ...salaryRange, headcount: 3 }), { open: true });
      expect((await takeOrder(consultant, order.id)).status).toBe(201);
      const phone = `137${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
      const sub = await consultant.post(`/api/v1/orders/${order.id}/submissions`, candidate({ phone, email: `a-${phone}@example.com` }));
      expect(sub.status).toBe(201);
      const subId = sub.body.submission.id as string;
      expect((await admin.post(`/api/v1/submissions/${subId}/stage`, { to: 'offered' })).status).toBe(200);
      return { admin, consultant, orderId: order.id, subId };
    }
    const today = () => server.deps.clock.now().toISOString().slice(0, 10);

    it('refuses a start date far from today (0001-01-01, 9999-12-31) naming the field, and writes nothing', async () => {
      const { admin, orderId, subId } = await offered();
      for (const startDate of ['0001-01-01', '9999-12-31']) {
        const res = await admin.post(`/api/v1/submissions/${subId}/stage`, { to: 'hired', hire: { startDate, annualSalary: '150000.00' } });
        expect(res.status, startDate).toBe(400);
        expect(res.body.error.details.field).toBe('hire.startDate');
      }
      expect((await admin.get(`/api/v1/orders/${orderId}`)).body).toMatchObject({ hiredCount: 0, status: 'open' });
      expect((await admin.get(`/api/v1/submissions/${subId}`)).body).toMatchObject({ submission: { stage: 'offered' }, placementId: null });
    });

    it('asks the poster to confirm a salary outside the order range (0.01 on ¥100k–200k), then hires at it', async () => {
      const { admin, subId } = await offered();
      const hire = { startDate: today(), annualSalary: '0.01' };
      const refused = await admin.post(`/api/v1/submissions/${subId}/stage`, { to: 'hired', hire });
      expect(refused.status).toBe(409);
      expect(refused.body.error.details).toEqual({ field: 'hire.confirmOutsideRange', salaryMin: '100000.00', salaryMax: '200000.00' });
      const confirmed = await admin.post(`/api/v1/submissions/${subId}/stage`, { to: 'hired', hire: { ...hire, confirmOutsideRange: true } });
      expect(confirmed.status).toBe(200);
      expect((await admin.get(`/api/v1/placements/${confirmed.body.placementId}`)).body).toMatchObject({ annualSalary: '0.01', fee: '0.00' });
    });

    it('the poster corrects the salary before both accept: fee recomputed, new agreement hash, acceptances cleared, audited; after both accept, no more', async () => {
      const { admin, consultant, subId } = await offered();
      const hired = await admin.post(`/api/v1/submissions/${subId}/stage`, { to: 'hired', hire: { startDate: today(), annualSalary: '150000.00' } });
      const id = hired.body.placementId as string;
      const before = (await admin.get(`/api/v1/placements/${id}`)).body;
      expect(before).toMatchObject({ fee: '30000.00', canCorrect: true, agreement: { candidate: subId, annualSalary: '150000.00', fee: '30000.00', currency: 'CNY', termsHash: before.termsHash } });
      expect((await admin.post(`/api/v1/placements/${id}/accept`, { agreementHash: before.agreementHash })).status).toBe(200);

      expect((await consultant.post(`/api/v1/placements/${id}/correct`, { annualSalary: '180000.00' })).status).toBe(403);
      expect((await admin.post(`/api/v1/placements/${id}/correct`, { annualSalary: '1.00' })).body.error.details.field).toBe('confirmOutsideRange');
      expect((await admin.post(`/api/v1/placements/${id}/correct`, { startDate: '9999-12-31' })).body.error.details.field).toBe('startDate');
      const corrected = await admin.post(`/api/v1/placements/${id}/correct`, { annualSalary: '180000.00' });
      expect(corrected.status).toBe(200);
      expect(corrected.body).toMatchObject({ annualSalary: '180000.00', fee: '36000.00', termsHash: before.termsHash, acceptances: { poster: null, deliverer: null } });
      expect(corrected.body.agreementHash).not.toBe(before.agreementHash);
      const events = await eventsOf(id, 'placement.corrected');
      expect(events).toHaveLength(1);
      expect(JSON.parse(events[0]!.payload)).toMatchObject({ from: { annualSalary: '150000.00', fee: '30000.00' }, to: { annualSalary: '180000.00', fee: '36000.00', agreementHash: corrected.body.agreementHash } });

      // What was accepted before the correction no longer counts.
      expect((await consultant.post(`/api/v1/placements/${id}/accept`, { agreementHash: before.agreementHash })).body.error.code).toBe('terms_mismatch');
      for (const u of [admin, consultant]) expect((await u.post(`/api/v1/placements/${id}/accept`, { agreementHash: corrected.body.agreementHash })).status).toBe(200);
      const after = await admin.post(`/api/v1/placements/${id}/correct`, { annualSalary: '170000.00' });
      expect(after.status).toBe(409);
      expect(after.body.error.code).toBe('invalid_transition');
      expect((await admin.get(`/api/v1/placements/${id}`)).body).toMatchObject({ status: 'active', annualSalary: '180000.00', canCorrect: false });
    });

    it('refuses amounts above 2^53 minor units and day counts past ten years, naming the field; postedSince far back is a 400', async () => {
      const admin = await user('admin@huaxin.demo');
      const big = await admin.post(`/api/v1/orgs/${server.ids.orgs.huaxin!}/orders`, orderBody(await planVersionIdOf(admin), { salaryMin: '100000.00', salaryMax: '90071992547409.92' }));
      expect(big.status).toBe(400);
      expect(big.body.error.details.field).toBe('salaryMax');
      const ok = await admin.post(`/api/v1/orgs/${server.ids.orgs.huaxin!}/orders`, orderBody(await planVersionIdOf(admin), { salaryMin: '100000.00', salaryMax: '90071992547409.91' }));
      expect(ok.status).toBe(201);
      expect((await admin.patch(`/api/v1/orders/${ok.body.id}`, { title: '改个标题' })).status).toBe(200);

      const consultant = await user('c3@talentbridge.demo');
      const since = await consultant.get('/api/v1/marketplace/orders?postedSince=0001-01-01');
      expect(since.status).toBe(400);
      expect(since.body.error.details.field).toBe('postedSince');

      const ops = await user('ops@tenure.demo');
      const request = await admin.post(`/api/v1/orgs/${server.ids.orgs.huaxin!}/custom-plan-requests`, { description: 'ten years' });
      const terms = planTemplate('custom').terms as unknown as { guarantee: { days: number } };
      const published = await ops.post(`/api/v1/custom-plan-requests/${request.body.id}/publish`, { name: { zh: '长', en: 'Long' }, terms: { ...terms, guarantee: { ...terms.guarantee, days: 1e9 } } });
      expect(published.status).toBe(400);
      expect(published.body.error.message).toContain('guarantee.days must be at most 3660');
    });
  });

  describe('Idempotency-Key', () => {
    it('replays the first answer of an acceptance', async () => {
      const p = await hireThroughApi(server, { poster: 'admin@huaxin.demo', consultant: 'c1@talentbridge.demo' });
      const hr = await user('hr@huaxin.demo');
      const first = await hr.post(`/api/v1/placements/${p.placementId}/accept`, { agreementHash: p.agreementHash }, { 'idempotency-key': `accept-${p.placementId}` });
      const replay = await hr.post(`/api/v1/placements/${p.placementId}/accept`, { agreementHash: p.agreementHash }, { 'idempotency-key': `accept-${p.placementId}` });
      expect(replay.status).toBe(first.status);
      expect(replay.headers.get('idempotent-replayed')).toBe('true');
      expect(replay.body).toEqual(first.body);
    });
  });

  it('refuses an id that is not a UUID with 400, and an unknown one with 404', async () => {
    const hr = await user('hr@huaxin.demo');
    expect((await hr.get('/api/v1/placements/not-a-uuid')).status).toBe(400);
    expect((await hr.get('/api/v1/placements/00000000-0000-4000-8000-000000000000')).status).toBe(404);
    const missingBody = await hr.post('/api/v1/placements/00000000-0000-4000-8000-000000000000/accept', {});
    expect(missingBody.status).toBe(400);
    expect(JSON.stringify(missingBody.body)).toContain('agreementHash');
  });
});
