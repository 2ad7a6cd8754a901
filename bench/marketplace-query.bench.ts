/**
 * Marketplace query: one consultant's first page (20 orders) over 10,000 open job orders with two filters, on SQLite
 * (a temp file), through the marketplace service as the HTTP route calls it. Ranked by relevance (every filtered
 * candidate scored by ranking.rules.ts) beside the same query sorted newest-first in SQL (no ranking), both in this
 * run, alternating so that background load weighs on both alike; medians and their ratio. Goal: ≤ 20 ms median ranked.
 *
 *   node bin/run-ts.mjs bench/marketplace-query.bench.ts
 */
import { randomUUID } from 'node:crypto';
import type { Insertable } from 'kysely';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { JOB_FUNCTIONS, JOB_LEVELS } from '../src/marketplace/job-catalog.ts';
import { rewardSortOf } from '../src/marketplace/job-order.rules.ts';
import { searchMarketplace, type MarketQuery } from '../src/marketplace/service.ts';
import { canonicalJson } from '../src/platform/canonical-json.ts';
import { loadConfig } from '../src/platform/config.ts';
import type { JobOrdersTable } from '../src/platform/db/schema.ts';
import type { Ctx } from '../src/platform/deps.ts';
import type { Reward } from '../src/plans/terms.schema.ts';
import { openTenure } from '../src/tenure.ts';

const ORDERS = 10_000;
const ROUNDS = 40;
const WARMUP = 5;
const DAY = 86_400_000;
type OrderRow = Insertable<JobOrdersTable>;
const NOW = new Date('2026-11-25T09:00:00.000Z');
const CITIES = ['上海', '北京', '深圳', '广州', '杭州', '苏州', '成都', '武汉', '南京', '西安', '天津', '重庆'];
const TIERS = ['match_only', 'standard', 'full_lifecycle', 'manufacturing_skill'] as const;
const POSTERS = 40;

// A deterministic generator, so every run measures the same data.
let seed = 20261125;
const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;

const dir = mkdtempSync(join(tmpdir(), 'tenure-bench-'));
const config = loadConfig({ TENURE_DATA_DIR: dir, TENURE_CLOCK: 'manual', TENURE_LOG_LEVEL: 'silent', TENURE_WORKER: 'off' });
const tenure = await openTenure(config);
const { db } = tenure.deps;

try {
  const t0 = Date.now();
  const iso = NOW.toISOString();
  const plans = await db.selectFrom('plan_versions').innerJoin('plans', 'plans.id', 'plan_versions.plan_id').select(['plan_versions.id', 'plans.key']).execute();
  const planOf = new Map(plans.map((p) => [p.key, p.id]));

  // Posters (employers), one agency with the consultant, one user per org to create orders.
  const posters: { orgId: string; userId: string }[] = [];
  await db.transaction().execute(async (tx) => {
    for (let i = 0; i < POSTERS; i++) {
      const orgId = randomUUID();
      const userId = randomUUID();
      await tx.insertInto('orgs').values({ id: orgId, name: `雇主 ${i}`, kind: 'employer', time_zone: 'Asia/Shanghai', created_at: iso }).execute();
      await tx.insertInto('users').values({ id: userId, org_id: orgId, email: `hr${i}@bench.demo`, name: `HR ${i}`, role: 'employer_hr', password_hash: 'x', disabled: 0, locale: 'zh-CN', created_at: iso }).execute();
      posters.push({ orgId, userId });
    }
  });
  const agencyId = randomUUID();
  const consultantId = randomUUID();
  await db.insertInto('orgs').values({ id: agencyId, name: '猎头', kind: 'agency', time_zone: 'Asia/Shanghai', created_at: iso }).execute();
  await db.insertInto('users').values({ id: consultantId, org_id: agencyId, email: 'c@bench.demo', name: '顾问', role: 'consultant', password_hash: 'x', disabled: 0, locale: 'zh-CN', created_at: iso }).execute();

  // 10,000 open orders opened over the last 60 days, plus 60 closed ones the consultant worked on (their history).
  const rows: OrderRow[] = [];
  const orderRow = (status: 'open' | 'closed', city: string, fn: string): OrderRow => {
    const poster = pick(posters);
    const currency = rand() < 0.9 ? 'CNY' : 'USD';
    const base = currency === 'CNY' ? 20_000_000 : 5_000_000;
    const salaryMin = BigInt(base + Math.floor(rand() * 8) * 5_000_000);
    const salaryMax = salaryMin + BigInt(Math.floor(rand() * 6) * 5_000_000);
    const reward: Reward = rand() < 0.7 ? { type: 'percent_of_annual_salary', percent: pick([15, 18, 20, 22, 25, 30]) } : { type: 'fixed', amount: `${pick([20, 30, 50, 80, 120])}000.00` };
    const tier = pick(TIERS);
    const openedAt = new Date(NOW.getTime() - Math.floor(rand() * 60 * DAY)).toISOString();
    return {
      id: randomUUID(),
      poster_org_id: poster.orgId,
      created_by: poster.userId,
      client_name: null,
      title: `${city}${fn} 职位 ${rows.length}`,
      city,
      function: fn,
      level: pick(JOB_LEVELS),
      headcount: 1 + Math.floor(rand() * 3),
      hired_count: 0,
      currency,
      salary_min: salaryMin,
      salary_max: salaryMax,
      description: '职位描述',
      reward: canonicalJson(reward),
      reward_sort: rewardSortOf(reward, currency, salaryMin, salaryMax),
      plan_version_id: planOf.get(tier)!,
      plan_tier: tier,
      status,
      opened_at: openedAt,
      created_at: openedAt,
      updated_at: openedAt,
    };
  };
  for (let i = 0; i < ORDERS; i++) rows.push(orderRow('open', pick(CITIES), pick(JOB_FUNCTIONS)));
  const past: OrderRow[] = [];
  for (let i = 0; i < 60; i++) past.push(orderRow('closed', pick(['上海', '上海', '杭州', '苏州']), pick(['sales', 'sales', 'marketing', 'software_engineering'])));
  await db.transaction().execute(async (tx) => {
    const all = [...rows, ...past];
    for (let i = 0; i < all.length; i += 200) await tx.insertInto('job_orders').values(all.slice(i, i + 200)).execute();
    for (const o of past) {
      await tx
        .insertInto('engagements')
        .values({ id: randomUUID(), order_id: o.id, consultant_id: consultantId, agency_org_id: agencyId, poster_org_id: o.poster_org_id, status: 'dropped', terms_hash: 'x', accepted_at: o.opened_at ?? iso, dropped_at: iso, drop_reason: 'done' })
        .execute();
    }
  });
  console.log(`marketplace query — SQLite, ${ORDERS.toLocaleString('en')} open orders, first page of 20; median of ${ROUNDS} runs each, alternating (after ${WARMUP} warm-up rounds)`);
  console.log(`machine: ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.versions.node}`);
  console.log(`  (data made in ${((Date.now() - t0) / 1000).toFixed(1)} s; the consultant has ${past.length} past engagements)`);

  const ctx: Ctx = { deps: tenure.deps, actor: { userId: consultantId, orgId: agencyId, orgKind: 'agency', role: 'consultant', via: 'session' } };
  const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const fmt = (ms: number) => `${ms.toFixed(2)} ms`;

  async function time(query: MarketQuery): Promise<{ ms: number; n: number }> {
    const start = process.hrtime.bigint();
    const page = await searchMarketplace(ctx, query);
    return { ms: Number(process.hrtime.bigint() - start) / 1e6, n: page.items.length };
  }

  const scenarios: { name: string; filters: Omit<MarketQuery, 'sort' | 'limit'> }[] = [
    { name: 'function + minimum reward', filters: { function: 'sales', minReward: '60000', rewardCurrency: 'CNY' } },
    { name: 'city + function', filters: { city: '上海', function: 'sales' } },
  ];
  const results: string[] = [];
  for (const s of scenarios) {
    const ranked: number[] = [];
    const newest: number[] = [];
    for (let round = 0; round < WARMUP + ROUNDS; round++) {
      const order = round % 2 === 0 ? (['relevance', 'newest'] as const) : (['newest', 'relevance'] as const);
      for (const sort of order) {
        const r = await time({ ...s.filters, sort, limit: 20 });
        if (r.n !== 20) throw new Error(`expected a full page, got ${r.n}`);
        if (round >= WARMUP) (sort === 'relevance' ? ranked : newest).push(r.ms);
      }
    }
    const countRow = await db
      .selectFrom('job_orders')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('status', '=', 'open')
      .where('function', '=', s.filters.function!)
      .$if(!!s.filters.city, (q) => q.where('city', '=', s.filters.city!))
      .$if(!!s.filters.minReward, (q) => q.where('currency', '=', 'CNY').where('reward_sort', '>=', 6_000_000n))
      .executeTakeFirstOrThrow();
    const [r, n] = [median(ranked), median(newest)];
    results.push(
      `  ${s.name} (${Number(countRow.n)} candidates):\n` +
        `    ranked by relevance: ${fmt(r)} median (min ${fmt(Math.min(...ranked))})\n` +
        `    newest, no ranking:  ${fmt(n)} median (min ${fmt(Math.min(...newest))})\n` +
        `    ratio ranked / newest: ${(r / n).toFixed(2)}   goal ≤ 20 ms ranked: ${r <= 20 ? 'met' : 'MISSED'}`,
    );
  }
  console.log(results.join('\n'));
} finally {
  await tenure.close();
  rmSync(dir, { recursive: true, force: true });
}
