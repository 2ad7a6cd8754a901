import { randomUUID } from 'node:crypto';
import type { Actor } from '../../src/platform/auth/actor.ts';
import type { CalendarDate } from '../../src/platform/calendar-date.ts';
import { canonicalJson } from '../../src/platform/canonical-json.ts';
import { inTransaction } from '../../src/platform/db/database.ts';
import type { AppDeps } from '../../src/platform/deps.ts';
import { type Currency, parseAmount } from '../../src/platform/money.ts';
import { createPlacementForHire } from '../../src/placements/service.ts';
import { type PlanTemplateKey, planTemplate } from '../../src/plans/plan-templates.ts';
import { termsHash } from '../../src/plans/terms-hash.ts';
import type { Terms } from '../../src/plans/terms.schema.ts';
import type { TestServer } from './server.ts';

/**
 * A placement for tests of the placements area, made without the hire flow: the order, engagement and
 * submission it hangs on are inserted as minimal rows by SQL, then the placement is created through the real
 * `createPlacementForHire`, in a transaction, exactly as the submissions area calls it on hire.
 * (The API tests that can drive the real hire flow over HTTP do so; this is for the rest.)
 */
export type PlacementFixture = { placementId: string; fee: bigint; orderId: string; submissionId: string; terms: Terms; termsHash: string };

export type PlacementFixtureInput = {
  poster: string; // poster user email, e.g. admin@huaxin.demo
  consultant: string; // delivering consultant email, e.g. c1@talentbridge.demo
  template?: PlanTemplateKey;
  terms?: Terms;
  startDate?: string;
  annualSalary?: string;
  candidateName?: string;
};

async function actorOf(deps: AppDeps, email: string): Promise<Actor> {
  const u = await deps.db
    .selectFrom('users')
    .innerJoin('orgs', 'orgs.id', 'users.org_id')
    .select(['users.id', 'users.org_id', 'users.role', 'orgs.kind'])
    .where('users.email', '=', email)
    .executeTakeFirstOrThrow();
  return { userId: u.id, orgId: u.org_id, orgKind: u.kind, role: u.role as Actor['role'], via: 'session' };
}

/** The version of a built-in plan (seeded by the plans area when present, else inserted here). */
async function planVersionFor(deps: AppDeps, key: PlanTemplateKey, terms: Terms): Promise<string> {
  const existing = await deps.db
    .selectFrom('plan_versions')
    .innerJoin('plans', 'plans.id', 'plan_versions.plan_id')
    .select('plan_versions.id')
    .where('plans.key', '=', key)
    .orderBy('plan_versions.version', 'desc')
    .executeTakeFirst();
  if (existing) return existing.id;
  const template = planTemplate(key);
  const planId = randomUUID();
  const versionId = randomUUID();
  const now = new Date().toISOString();
  await deps.db.insertInto('plans').values({ id: planId, key, tier: key, name_zh: template.name.zh, name_en: template.name.en, owner_org_id: null, created_at: now }).execute();
  await deps.db
    .insertInto('plan_versions')
    .values({ id: versionId, plan_id: planId, version: 1, terms: canonicalJson(terms), terms_hash: termsHash(terms), note: 'test fixture', published_by: null, published_at: now })
    .execute();
  return versionId;
}

export async function createTestPlacement(server: TestServer | { deps: AppDeps }, input: PlacementFixtureInput): Promise<PlacementFixture> {
  const deps = server.deps;
  const key = input.template ?? 'standard';
  const terms = input.terms ?? planTemplate(key).terms;
  const currency = terms.currency as Currency;
  const hash = termsHash(terms);
  const poster = await actorOf(deps, input.poster);
  const consultant = await actorOf(deps, input.consultant);
  const planVersionId = await planVersionFor(deps, key, planTemplate(key).terms);
  const now = deps.clock.now().toISOString();
  const salary = parseAmount(input.annualSalary ?? '300000.00', currency);
  const orderId = randomUUID();
  const engagementId = randomUUID();
  const submissionId = randomUUID();
  const candidateName = input.candidateName ?? '李明';

  await deps.db
    .insertInto('job_orders')
    .values({
      id: orderId,
      poster_org_id: poster.orgId,
      created_by: poster.userId,
      client_name: null,
      title: '高级后端工程师 Senior backend engineer',
      city: '上海',
      function: 'software_engineering',
      level: 'senior',
      headcount: 1,
      // Filled by this hire: the fixture's order never shows in the marketplace.
      hired_count: 1,
      currency,
      salary_min: salary,
      salary_max: salary,
      description: '负责核心交易系统的后端开发。Builds the core trading back end.',
      reward: canonicalJson(terms.reward),
      reward_sort: 0n,
      plan_version_id: planVersionId,
      plan_tier: key,
      status: 'filled',
      opened_at: now,
      created_at: now,
      updated_at: now,
    })
    .execute();
  await deps.db
    .insertInto('engagements')
    .values({
      id: engagementId,
      order_id: orderId,
      consultant_id: consultant.userId,
      agency_org_id: consultant.orgId,
      poster_org_id: poster.orgId,
      status: 'active',
      terms_hash: hash,
      accepted_at: now,
      dropped_at: null,
      drop_reason: null,
    })
    .execute();
  await deps.db
    .insertInto('submissions')
    .values({
      id: submissionId,
      order_id: orderId,
      poster_org_id: poster.orgId,
      engagement_id: engagementId,
      consultant_id: consultant.userId,
      agency_org_id: consultant.orgId,
      candidate_name: candidateName,
      phone: null,
      phone_key: null,
      email: null,
      email_key: null,
      current_employer: null,
      current_title: null,
      years_experience: null,
      currency,
      expected_salary: null,
      notes: '',
      resume_file_id: null,
      stage: 'hired',
      stage_changed_at: now,
      created_at: now,
    })
    .execute();

  const ctx = { deps, actor: poster };
  const created = await inTransaction(deps.db, (tx) =>
    createPlacementForHire(tx, ctx, {
      submissionId,
      orderId,
      posterOrgId: poster.orgId,
      agencyOrgId: consultant.orgId,
      consultantId: consultant.userId,
      candidateName,
      startDate: (input.startDate ?? '2026-01-31') as CalendarDate,
      annualSalary: salary,
      currency,
      terms,
      termsHash: hash,
      planVersionId,
    }),
  );
  return { placementId: created.id, fee: created.fee, orderId, submissionId, terms, termsHash: hash };
}
