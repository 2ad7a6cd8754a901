import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planTemplate, PLAN_TEMPLATE_KEYS, PLAN_TEMPLATES } from '../../src/plans/plan-templates.ts';
import { ensureBuiltInPlans, getPlanVersion, resolvePlanVersionForOrg } from '../../src/plans/service.ts';
import { termsHash } from '../../src/plans/terms-hash.ts';
import { renderTermsInWords } from '../../src/plans/terms-wording.rules.ts';
import type { Terms } from '../../src/plans/terms.schema.ts';
import { DomainError } from '../../src/platform/errors.ts';
import { ApiUser } from '../support/api-client.ts';
import { DATABASE_KINDS } from '../support/databases.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

type VersionHead = { id: string; version: number; termsHash: string; note: string };
type PlanView = { id: string; key: string; tier: string; name: { zh: string; en: string }; builtIn: boolean; selectable: boolean; owner: { orgId: string } | null; latest: VersionHead; versionCount: number };
type RequestView = { id: string; status: string; org: { id: string }; plan: { id: string; key: string } | null; responseNote: string | null };

const template = (key: string) => PLAN_TEMPLATES.find((t) => t.key === key)!;

describe.each(DATABASE_KINDS)('after-sales plans on %s', (database) => {
  let server: TestServer;
  let ops: ApiUser;
  let hr: ApiUser;
  let huaxinAdmin: ApiUser;
  let bluepeak: ApiUser;
  let consultant: ApiUser;
  let huaxin: string;

  const planByKey = async (user: ApiUser, key: string): Promise<PlanView> => {
    const res = await user.get<{ items: PlanView[] }>('/api/v1/plans');
    const plan = res.body.items.find((p) => p.key === key);
    if (!plan) throw new Error(`no plan ${key}`);
    return plan;
  };

  beforeAll(async () => {
    server = await startTestServer({ database });
    const signIn = (email: string) => ApiUser.signIn(server.url, email);
    [ops, hr, huaxinAdmin, bluepeak, consultant] = await Promise.all([
      signIn('ops@tenure.demo'),
      signIn('hr@huaxin.demo'),
      signIn('admin@huaxin.demo'),
      signIn('admin@bluepeak.demo'),
      signIn('c1@talentbridge.demo'),
    ]);
    huaxin = server.ids.orgs.huaxin!;
  });
  afterAll(() => server?.close());

  describe('built-in tiers', () => {
    it('exist after start as version 1 of each template, keyed by the template key, with the template terms hash', async () => {
      const res = await hr.get<{ items: PlanView[] }>('/api/v1/plans');
      expect(res.status).toBe(200);
      const builtIns = res.body.items.filter((p) => p.builtIn);
      expect(builtIns.map((p) => p.key)).toEqual([...PLAN_TEMPLATE_KEYS]);
      for (const p of builtIns) {
        const t = template(p.key);
        expect(p).toMatchObject({ tier: p.key, name: t.name, owner: null, versionCount: 1, latest: { version: 1, termsHash: termsHash(t.terms) } });
      }
      // The custom template is a starting point for ops, not a plan an order may use.
      expect(builtIns.filter((p) => !p.selectable).map((p) => p.key)).toEqual(['custom']);
    });

    it('are there on a database without the demo world too, and seeding them again changes nothing', async () => {
      const bare = await startTestServer({ database, seedDemo: false });
      try {
        const rows = await bare.deps.db.selectFrom('plans').innerJoin('plan_versions', 'plan_versions.plan_id', 'plans.id').select(['plans.key', 'plan_versions.version', 'plan_versions.terms_hash']).execute();
        expect(rows.map((r) => r.key).sort()).toEqual([...PLAN_TEMPLATE_KEYS].sort());
        for (const r of rows) expect(r.terms_hash).toBe(termsHash(template(r.key).terms));
        await ensureBuiltInPlans(bare.deps);
        await ensureBuiltInPlans(bare.deps);
        const again = await bare.deps.db.selectFrom('plan_versions').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
        expect(Number(again.n)).toBe(PLAN_TEMPLATE_KEYS.length);
        const audited = await bare.deps.db.selectFrom('audit_events').select(['type', 'subject_id']).where('type', '=', 'plan.version_published').execute();
        expect(audited).toHaveLength(PLAN_TEMPLATE_KEYS.length);
      } finally {
        await bare.close();
      }
    });

    it('are readable by every role that works with terms: employers, agencies, consultants, arbitrators', async () => {
      for (const email of ['admin@talentbridge.demo', 'c2@apexsearch.demo', 'arbitrator@tenure.demo', 'hr@bluepeak.demo']) {
        const user = await ApiUser.signIn(server.url, email);
        const res = await user.get<{ items: PlanView[] }>('/api/v1/plans');
        expect(res.status, email).toBe(200);
        expect(res.body.items.map((p) => p.key), email).toEqual([...PLAN_TEMPLATE_KEYS]);
      }
    });

    it('show a version with its terms, hash, scope statement and the plain words in zh-CN and en', async () => {
      const standard = await planByKey(hr, 'standard');
      const res = await hr.get(`/api/v1/plan-versions/${standard.latest.id}`);
      expect(res.status).toBe(200);
      const t = template('standard');
      expect(res.body).toMatchObject({ planId: standard.id, planKey: 'standard', tier: 'standard', version: 1, isLatest: true, latestVersion: 1, termsHash: termsHash(t.terms), selectable: true });
      expect(res.body.terms).toEqual(JSON.parse(JSON.stringify(t.terms)));
      expect(res.body.scope).toEqual(t.terms.scope);
      expect(res.body.wording['zh-CN']).toEqual(renderTermsInWords(t.terms, 'zh-CN'));
      expect(res.body.wording.en).toEqual(renderTermsInWords(t.terms, 'en'));
      expect(res.body.wording['zh-CN'].join('')).toContain('保证期90天');
      // The canonical text is what the hash is over: keys sorted, no spaces.
      expect(res.body.canonicalTerms).toMatch(/^\{"checkIns":\{"days":\[7,30,60,90\],/);
      expect(createHash('sha256').update(res.body.canonicalTerms).digest('hex')).toBe(res.body.termsHash);
    });

    it('compare the tiers row by row from the latest terms, with numbers equal to the templates', async () => {
      const res = await hr.get('/api/v1/plans/comparison');
      expect(res.status).toBe(200);
      const keys = res.body.plans.map((p: { key: string }) => p.key);
      expect(keys).toEqual([...PLAN_TEMPLATE_KEYS]);
      const row = (key: string) => res.body.rows.find((r: { key: string }) => r.key === key).cells.map((c: { value: unknown }) => c.value);
      const terms = keys.map((k: string) => template(k).terms);
      expect(res.body.rows.map((r: { key: string }) => r.key)).toEqual([
        'guarantee_days',
        'remedies',
        'refund_schedule',
        'check_in_days',
        'support_tasks',
        'milestones',
        'installments',
        'release',
        'risk_alerts',
      ]);
      expect(row('guarantee_days')).toEqual(terms.map((t: Terms) => t.guarantee.days));
      expect(row('guarantee_days')).toEqual([0, 90, 180, 90, 120]);
      expect(row('remedies').map((r: { replacement: { maxReplacements: number } | null }) => r.replacement?.maxReplacements ?? 0)).toEqual([0, 1, 2, 1, 1]);
      expect(row('remedies').map((r: { refund: string | null }) => r.refund)).toEqual(terms.map((t: Terms) => t.remedies.refund?.schedule ?? null));
      expect(row('refund_schedule')).toEqual(terms.map((t: Terms) => t.remedies.refund));
      expect(row('check_in_days')).toEqual(terms.map((t: Terms) => t.checkIns?.days ?? []));
      expect(row('support_tasks')).toEqual(terms.map((t: Terms) => t.supportTasks));
      expect(row('milestones')).toEqual(terms.map((t: Terms) => t.milestones.map((m) => ({ day: m.day, passScore: m.passScore }))));
      expect(row('installments')).toEqual(terms.map((t: Terms) => t.installments));
      expect(row('release')).toEqual(terms.map((t: Terms) => t.release));
      expect(row('risk_alerts')).toEqual([false, false, true, false, false]);
      const zh = res.body.rows[0].cells.map((c: { text: { zh: string } }) => c.text.zh);
      expect(zh).toEqual(['不设保证期', '90天', '180天', '90天', '120天']);
    });
  });

  describe('publishing a version', () => {
    it('makes version 2 and leaves version 1 byte-identical', async () => {
      const plan = await planByKey(ops, 'full_lifecycle');
      const before = await server.deps.db.selectFrom('plan_versions').selectAll().where('plan_id', '=', plan.id).execute();
      expect(before).toHaveLength(1);
      const terms = planTemplate('full_lifecycle').terms;
      terms.guarantee.days = 200;
      terms.checkIns = { days: [7, 30, 60, 90, 120, 180, 200], windowDays: 5, respondents: ['employer', 'candidate'] };
      const res = await ops.post(`/api/v1/plans/${plan.id}/versions`, { terms: terms as unknown as Record<string, unknown>, note: 'Guarantee extended to 200 days', expectedVersion: 1 });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ planId: plan.id, version: 2, isLatest: true, termsHash: termsHash(terms), note: 'Guarantee extended to 200 days' });
      expect(res.body.wording.en.join(' ')).toContain('200-day guarantee');

      const after = await server.deps.db.selectFrom('plan_versions').selectAll().where('plan_id', '=', plan.id).orderBy('version').execute();
      expect(after).toHaveLength(2);
      expect(after[0]).toEqual(before[0]);
      const detail = await hr.get(`/api/v1/plans/${plan.id}`);
      expect(detail.body.versions.map((v: VersionHead) => v.version)).toEqual([2, 1]);
      expect(detail.body.plan.latest.version).toBe(2);
      const v1 = await hr.get(`/api/v1/plan-versions/${before[0]!.id}`);
      expect(v1.body).toMatchObject({ version: 1, isLatest: false, latestVersion: 2, termsHash: termsHash(template('full_lifecycle').terms) });

      const events = await server.deps.db.selectFrom('audit_events').select(['payload', 'actor_user_id']).where('type', '=', 'plan.version_published').where('subject_id', '=', plan.id).execute();
      expect(events).toHaveLength(2);
      expect(events.map((e) => JSON.parse(e.payload).version).sort()).toEqual([1, 2]);
    });

    it('is refused by the database itself when someone tries to change or delete a published version', async () => {
      const plan = await planByKey(ops, 'standard');
      await expect(sql`update plan_versions set note = 'tampered' where id = ${plan.latest.id}`.execute(server.deps.db)).rejects.toThrow(/append-only/);
      await expect(sql`delete from plan_versions where id = ${plan.latest.id}`.execute(server.deps.db)).rejects.toThrow(/append-only/);
      const row = await server.deps.db.selectFrom('plan_versions').select('note').where('id', '=', plan.latest.id).executeTakeFirstOrThrow();
      expect(row.note).not.toBe('tampered');
    });

    it('answers 400 naming the place in the terms', async () => {
      const plan = await planByKey(ops, 'standard');
      const terms = planTemplate('standard').terms as unknown as Record<string, unknown>;
      const bad = (mutate: (t: Record<string, any>) => void) => {
        const copy = structuredClone(terms) as Record<string, any>;
        mutate(copy);
        return ops.post(`/api/v1/plans/${plan.id}/versions`, { terms: copy, note: 'broken' });
      };
      const days = await bad((t) => (t.guarantee.days = -3));
      expect(days.status).toBe(400);
      expect(days.body.error.code).toBe('invalid_input');
      expect(days.body.error.message).toBe('terms.guarantee.days must be a whole number ≥ 0');
      expect(days.body.error.details).toEqual({ field: 'terms.guarantee.days' });
      const sum = await bad((t) => (t.installments[0].percent = 40));
      expect(sum.status).toBe(400);
      expect(sum.body.error.message).toMatch(/^terms\.installments percents must add up to exactly 100/);
      const reason = await bad((t) => t.guarantee.covered.push('bored'));
      expect(reason.body.error.message).toMatch(/^terms\.guarantee\.covered\[5\] must be a termination reason/);
      const notObject = await ops.post(`/api/v1/plans/${plan.id}/versions`, { terms: [] as unknown as Record<string, unknown>, note: 'x' });
      expect(notObject.status).toBe(400);
      const noNote = await ops.post(`/api/v1/plans/${plan.id}/versions`, { terms, note: '  ' });
      expect(noNote.status).toBe(400);
      expect(noNote.body.error.message).toMatch(/^body\.note/);
      expect((await hr.get(`/api/v1/plans/${plan.id}`)).body.versions).toHaveLength(1);
    });

    it('refuses identical terms and an edit made on an older version (409)', async () => {
      const plan = await planByKey(ops, 'standard');
      const same = await ops.post(`/api/v1/plans/${plan.id}/versions`, { terms: planTemplate('standard').terms as unknown as Record<string, unknown>, note: 'no change' });
      expect(same.status).toBe(409);
      expect(same.body.error.message).toMatch(/identical to version 1/);
      const terms = planTemplate('standard').terms;
      terms.guarantee.noticeDays = 10;
      const stale = await ops.post(`/api/v1/plans/${plan.id}/versions`, { terms: terms as unknown as Record<string, unknown>, note: 'notice 10 days', expectedVersion: 3 });
      expect(stale.status).toBe(409);
      expect(stale.body.error.details).toMatchObject({ field: 'expectedVersion', latestVersion: 1 });
    });

    it('is platform operations’ work: everyone else gets 403', async () => {
      const plan = await planByKey(ops, 'match_only');
      const terms = planTemplate('match_only').terms;
      terms.installments = [{ trigger: 'start', percent: 100, dueDays: 30 }];
      for (const user of [huaxinAdmin, hr, consultant, await ApiUser.signIn(server.url, 'admin@talentbridge.demo'), await ApiUser.signIn(server.url, 'arbitrator@tenure.demo')]) {
        const res = await user.post(`/api/v1/plans/${plan.id}/versions`, { terms: terms as unknown as Record<string, unknown>, note: 'cheaper' });
        expect(res.status).toBe(403);
        expect(res.body.error.code).toBe('forbidden');
      }
    });

    it('publishes once for a retried request with the same Idempotency-Key', async () => {
      const plan = await planByKey(ops, 'match_only');
      const terms = planTemplate('match_only').terms;
      terms.installments = [{ trigger: 'start', percent: 100, dueDays: 20 }];
      const body = { terms: terms as unknown as Record<string, unknown>, note: 'Due in 20 days', expectedVersion: 1 };
      const first = await ops.post(`/api/v1/plans/${plan.id}/versions`, body, { 'idempotency-key': 'publish-match-only-v2' });
      const retry = await ops.post(`/api/v1/plans/${plan.id}/versions`, body, { 'idempotency-key': 'publish-match-only-v2' });
      expect(first.status).toBe(201);
      expect(retry.status).toBe(201);
      expect(retry.headers.get('idempotent-replayed')).toBe('true');
      expect(retry.body.id).toBe(first.body.id);
      expect((await ops.get(`/api/v1/plans/${plan.id}`)).body.versions.map((v: VersionHead) => v.version)).toEqual([2, 1]);
    });
  });

  describe('custom plans', () => {
    let request: RequestView;
    let custom: PlanView;
    let customVersionId: string;

    it('an employer requests one for its own org; nobody requests for another org', async () => {
      const res = await hr.post(`/api/v1/orgs/${huaxin}/custom-plan-requests`, { description: '研发岗位需要 150 天保证期，两次补推。' });
      expect(res.status).toBe(201);
      request = res.body;
      expect(request).toMatchObject({ status: 'open', org: { id: huaxin }, plan: null, requestedBy: { id: server.ids.users['hr@huaxin.demo'] } });
      expect((await bluepeak.post(`/api/v1/orgs/${huaxin}/custom-plan-requests`, { description: 'on their behalf' })).status).toBe(404);
      const agencyOrg = server.ids.orgs.talentbridge!;
      expect((await consultant.post(`/api/v1/orgs/${agencyOrg}/custom-plan-requests`, { description: 'for us' })).status).toBe(403);
      expect((await ops.post(`/api/v1/orgs/${huaxin}/custom-plan-requests`, { description: 'for them' })).status).toBe(403);
      expect((await hr.post(`/api/v1/orgs/${huaxin}/custom-plan-requests`, { description: '   ' })).status).toBe(400);
      const audited = await server.deps.db.selectFrom('audit_events').select(['org_id']).where('type', '=', 'plan.custom_requested').where('subject_id', '=', request.id).execute();
      expect(audited).toEqual([{ org_id: huaxin }]);
    });

    it('the request is listed for its org and in the ops queue, and hidden from others', async () => {
      const own = await huaxinAdmin.get(`/api/v1/orgs/${huaxin}/custom-plan-requests`);
      expect(own.body.items.map((r: RequestView) => r.id)).toEqual([request.id]);
      expect((await bluepeak.get(`/api/v1/orgs/${huaxin}/custom-plan-requests`)).status).toBe(404);
      expect((await bluepeak.get(`/api/v1/custom-plan-requests/${request.id}`)).status).toBe(404);
      expect((await hr.get(`/api/v1/custom-plan-requests/${request.id}`)).status).toBe(200);
      const queue = await ops.get('/api/v1/custom-plan-requests?status=open');
      expect(queue.body.items.map((r: RequestView) => r.id)).toContain(request.id);
      expect((await ops.get('/api/v1/custom-plan-requests?status=declined')).body.items).toEqual([]);
      expect((await hr.get('/api/v1/custom-plan-requests')).status).toBe(403);
    });

    it('ops publish it: a plan of that employer with version 1, the request marked published, the employer notified', async () => {
      const terms = planTemplate('custom').terms;
      terms.guarantee.days = 150;
      terms.remedies.replacement = { maxReplacements: 2, deliveryDays: 30, newGuarantee: 'remaining' };
      terms.remedies.refund = { schedule: 'stepped', steps: [{ uptoDay: 60, percent: 80 }, { uptoDay: 150, percent: 40 }] };
      const name = { zh: '华信研发定制方案', en: 'Huaxin R&D custom plan' };
      const invalid = await ops.post(`/api/v1/custom-plan-requests/${request.id}/publish`, { name, terms: { ...terms, release: 'later' } as unknown as Record<string, unknown> });
      expect(invalid.status).toBe(400);
      expect(invalid.body.error.message).toMatch(/^terms\.release must be/);
      expect((await hr.post(`/api/v1/custom-plan-requests/${request.id}/publish`, { name, terms: terms as unknown as Record<string, unknown> })).status).toBe(403);

      const res = await ops.post(`/api/v1/custom-plan-requests/${request.id}/publish`, { name, terms: terms as unknown as Record<string, unknown>, note: '按洽谈结果' });
      expect(res.status).toBe(201);
      expect(res.body.request).toMatchObject({ status: 'published', responseNote: '按洽谈结果' });
      expect(res.body.plan).toMatchObject({ tier: 'custom', name, builtIn: false, selectable: true, owner: { orgId: huaxin }, versionCount: 1 });
      expect(res.body.plan.key).toMatch(/^custom-[0-9a-f]{8}$/);
      expect(res.body.version).toMatchObject({ version: 1, termsHash: termsHash(terms) });
      expect(res.body.request.plan).toEqual({ id: res.body.plan.id, key: res.body.plan.key });
      custom = res.body.plan;
      customVersionId = res.body.version.id;

      const types = await server.deps.db.selectFrom('audit_events').select('type').where('org_id', '=', huaxin).where('type', 'like', 'plan.%').execute();
      expect(types.map((t) => t.type).sort()).toEqual(['plan.custom_published', 'plan.custom_requested', 'plan.version_published']);
      const inbox = await server.deps.db.selectFrom('notifications').select(['kind', 'subject_id']).where('org_id', '=', huaxin).where('kind', 'like', 'plan.%').execute();
      expect(inbox).toEqual([{ kind: 'plan.custom_published', subject_id: custom.id }]);

      const again = await ops.post(`/api/v1/custom-plan-requests/${request.id}/publish`, { name, terms: terms as unknown as Record<string, unknown> });
      expect(again.status).toBe(409);
      expect(again.body.error.code).toBe('invalid_transition');
      expect((await ops.post(`/api/v1/custom-plan-requests/${request.id}/decline`, { note: 'changed my mind' })).status).toBe(409);
    });

    it('is visible to that employer only: others get 404 and do not see it listed; consultants see it only through orders', async () => {
      expect((await hr.get<{ items: PlanView[] }>('/api/v1/plans')).body.items.map((p) => p.id)).toContain(custom.id);
      expect((await hr.get(`/api/v1/plans/${custom.id}`)).status).toBe(200);
      expect((await hr.get(`/api/v1/plan-versions/${customVersionId}`)).status).toBe(200);
      const comparison = await hr.get('/api/v1/plans/comparison');
      expect(comparison.body.plans.map((p: { key: string }) => p.key)).toEqual([...PLAN_TEMPLATE_KEYS, custom.key]);
      expect(comparison.body.rows[0].cells.at(-1).value).toBe(150);
      expect((await ops.get<{ items: PlanView[] }>('/api/v1/plans')).body.items.map((p) => p.id)).toContain(custom.id);
      expect((await ops.get('/api/v1/plans/comparison')).body.plans).toHaveLength(PLAN_TEMPLATE_KEYS.length);

      for (const email of ['admin@bluepeak.demo', 'hr@bluepeak.demo', 'c1@talentbridge.demo', 'admin@apexsearch.demo', 'arbitrator@tenure.demo']) {
        const other = await ApiUser.signIn(server.url, email);
        const list = await other.get<{ items: PlanView[] }>('/api/v1/plans');
        expect(list.body.items.map((p) => p.id), email).not.toContain(custom.id);
        expect((await other.get(`/api/v1/plans/${custom.id}`)).status, email).toBe(404);
        expect((await other.get(`/api/v1/plan-versions/${customVersionId}`)).status, email).toBe(404);
        expect(JSON.stringify((await other.get('/api/v1/plans/comparison')).body), email).not.toContain(custom.id);
      }
    });

    it('can be put on orders by its employer only, through resolvePlanVersionForOrg', async () => {
      const db = server.deps.db;
      await expect(resolvePlanVersionForOrg(db, huaxin, customVersionId)).resolves.toMatchObject({ id: customVersionId, planId: custom.id, planKey: custom.key, tier: 'custom', version: 1 });
      await expect(resolvePlanVersionForOrg(db, server.ids.orgs.bluepeak!, customVersionId)).rejects.toMatchObject({ code: 'not_found' });
      await expect(resolvePlanVersionForOrg(db, huaxin, '00000000-0000-4000-8000-000000000000')).rejects.toMatchObject({ code: 'not_found' });
      const standard = await planByKey(hr, 'standard');
      const resolved = await resolvePlanVersionForOrg(db, server.ids.orgs.bluepeak!, standard.latest.id);
      expect(resolved).toMatchObject({ planKey: 'standard', tier: 'standard', name: { zh: '标准保障', en: 'Standard' }, version: 1, termsHash: termsHash(template('standard').terms) });
      expect(resolved.terms).toEqual(JSON.parse(JSON.stringify(template('standard').terms)));
      const customTemplate = await planByKey(hr, 'custom');
      const refused = await resolvePlanVersionForOrg(db, huaxin, customTemplate.latest.id).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(DomainError);
      expect(refused).toMatchObject({ code: 'invalid_input', details: { field: 'planVersionId' } });
      await expect(getPlanVersion(db, customVersionId)).resolves.toMatchObject({ id: customVersionId });
    });

    it('a new version of a custom plan reaches its employer, and the plan keeps its owner', async () => {
      const terms = (await ops.get(`/api/v1/plan-versions/${customVersionId}`)).body.terms as Record<string, any>;
      terms.guarantee.noticeDays = 14;
      const res = await ops.post(`/api/v1/plans/${custom.id}/versions`, { terms, note: '通知期延长到14天', expectedVersion: 1 });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ version: 2, owner: { orgId: huaxin } });
      const inbox = await server.deps.db.selectFrom('notifications').select('kind').where('org_id', '=', huaxin).where('kind', '=', 'plan.version_published').execute();
      expect(inbox).toHaveLength(1);
      expect((await bluepeak.get(`/api/v1/plan-versions/${res.body.id}`)).status).toBe(404);
    });

    it('ops may decline a request with a note the employer reads', async () => {
      const second = await huaxinAdmin.post(`/api/v1/orgs/${huaxin}/custom-plan-requests`, { description: '希望保证期一年' });
      expect(second.status).toBe(201);
      expect((await ops.post(`/api/v1/custom-plan-requests/${second.body.id}/decline`, { note: ' ' })).status).toBe(400);
      expect((await huaxinAdmin.post(`/api/v1/custom-plan-requests/${second.body.id}/decline`, { note: 'no' })).status).toBe(403);
      const res = await ops.post(`/api/v1/custom-plan-requests/${second.body.id}/decline`, { note: '一年保证期超出平台可承保范围，建议选择全程管家。' });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ status: 'declined', plan: null, responseNote: '一年保证期超出平台可承保范围，建议选择全程管家。', resolvedBy: { id: server.ids.users['ops@tenure.demo'] } });
      const mine = await hr.get(`/api/v1/orgs/${huaxin}/custom-plan-requests`);
      expect(mine.body.items.map((r: RequestView) => r.status).sort()).toEqual(['declined', 'published']);
      const events = await server.deps.db.selectFrom('audit_events').select('type').where('subject_id', '=', second.body.id).execute();
      expect(events.map((e) => e.type).sort()).toEqual(['plan.custom_declined', 'plan.custom_requested']);
      const inbox = await server.deps.db.selectFrom('notifications').select('kind').where('org_id', '=', huaxin).where('kind', '=', 'plan.custom_declined').execute();
      expect(inbox).toHaveLength(1);
    });
  });
});
