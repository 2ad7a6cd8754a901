import { describe, expect, it } from 'vitest';
import {
  canPublishPlanVersion,
  canRequestCustomPlan,
  canSeeOrgRequests,
  canSeePlan,
  isBuiltIn,
  isTemplateOnly,
  planUseForOrg,
} from '../../src/plans/plan-visibility.rules.ts';
import type { Actor } from '../../src/platform/auth/actor.ts';

const HUAXIN = 'org-huaxin';
const BLUEPEAK = 'org-bluepeak';
const AGENCY = 'org-talentbridge';

const actor = (role: Actor['role'], orgId: string, orgKind: Actor['orgKind']): Actor => ({ userId: `u-${role}-${orgId}`, orgId, orgKind, role, via: 'session' });
const ops = actor('platform_ops', 'org-platform', 'platform');
const arbitrator = actor('arbitrator', 'org-platform', 'platform');
const huaxinAdmin = actor('employer_admin', HUAXIN, 'employer');
const huaxinHr = actor('employer_hr', HUAXIN, 'employer');
const bluepeakAdmin = actor('employer_admin', BLUEPEAK, 'employer');
const agencyAdmin = actor('agency_admin', AGENCY, 'agency');
const consultant = actor('consultant', AGENCY, 'agency');
const assessor = actor('assessor_admin', 'org-skillcheck', 'assessor');

const standard = { tier: 'standard' as const, ownerOrgId: null };
const customTemplate = { tier: 'custom' as const, ownerOrgId: null };
const huaxinCustom = { tier: 'custom' as const, ownerOrgId: HUAXIN };

describe('who sees a plan', () => {
  it('shows built-in tiers, the custom template included, to every role', () => {
    for (const who of [ops, arbitrator, huaxinAdmin, huaxinHr, bluepeakAdmin, agencyAdmin, consultant, assessor]) {
      expect(canSeePlan(who, standard), who.role).toBe(true);
      expect(canSeePlan(who, customTemplate), who.role).toBe(true);
    }
  });

  it("shows a custom plan to its employer's members and to ops only", () => {
    expect(canSeePlan(huaxinAdmin, huaxinCustom)).toBe(true);
    expect(canSeePlan(huaxinHr, huaxinCustom)).toBe(true);
    expect(canSeePlan(ops, huaxinCustom)).toBe(true);
    // Another employer, agencies (their consultants read it through an order), arbitrators, assessors: no.
    for (const who of [bluepeakAdmin, agencyAdmin, consultant, arbitrator, assessor]) expect(canSeePlan(who, huaxinCustom), who.role).toBe(false);
  });

  it('tells built-ins from custom plans and the custom template from both', () => {
    expect(isBuiltIn(standard)).toBe(true);
    expect(isBuiltIn(customTemplate)).toBe(true);
    expect(isBuiltIn(huaxinCustom)).toBe(false);
    expect(isTemplateOnly(customTemplate)).toBe(true);
    expect(isTemplateOnly(standard)).toBe(false);
    expect(isTemplateOnly(huaxinCustom)).toBe(false);
  });
});

describe('who changes plans and asks for them', () => {
  it('lets only platform ops publish versions', () => {
    expect(canPublishPlanVersion(ops)).toBe(true);
    for (const who of [arbitrator, huaxinAdmin, huaxinHr, agencyAdmin, consultant, assessor]) expect(canPublishPlanVersion(who), who.role).toBe(false);
  });

  it("lets an employer's admin or HR request a custom plan for their own org only", () => {
    expect(canRequestCustomPlan(huaxinAdmin, HUAXIN)).toBe(true);
    expect(canRequestCustomPlan(huaxinHr, HUAXIN)).toBe(true);
    expect(canRequestCustomPlan(huaxinAdmin, BLUEPEAK)).toBe(false);
    expect(canRequestCustomPlan(ops, HUAXIN)).toBe(false);
    expect(canRequestCustomPlan(agencyAdmin, AGENCY)).toBe(false);
    expect(canRequestCustomPlan(consultant, AGENCY)).toBe(false);
    expect(canRequestCustomPlan(assessor, assessor.orgId)).toBe(false);
  });

  it("shows an org's requests to its members and to ops", () => {
    expect(canSeeOrgRequests(huaxinHr, HUAXIN)).toBe(true);
    expect(canSeeOrgRequests(ops, HUAXIN)).toBe(true);
    expect(canSeeOrgRequests(bluepeakAdmin, HUAXIN)).toBe(false);
    expect(canSeeOrgRequests(arbitrator, HUAXIN)).toBe(false);
  });
});

describe('which plan an org may put on a job order', () => {
  it('takes a built-in tier for any org', () => {
    expect(planUseForOrg(standard, HUAXIN)).toBe('usable');
    expect(planUseForOrg(standard, AGENCY)).toBe('usable');
  });

  it("takes a custom plan for its own employer, and answers another org exactly as for an unknown plan", () => {
    expect(planUseForOrg(huaxinCustom, HUAXIN)).toBe('usable');
    expect(planUseForOrg(huaxinCustom, BLUEPEAK)).toBe('not_found');
    expect(planUseForOrg(huaxinCustom, AGENCY)).toBe('not_found');
  });

  it('refuses the custom template: it is a starting point for ops, not a plan', () => {
    expect(planUseForOrg(customTemplate, HUAXIN)).toBe('template_only');
  });
});
