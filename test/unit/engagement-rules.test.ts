import { describe, expect, it } from 'vitest';
import { canSeeEngagement, dropTransition, mayDrop, refusalToTake, underCap, type TakeFacts } from '../../src/marketplace/engagement.rules.ts';
import { termsForOrder } from '../../src/marketplace/order-terms.rules.ts';
import { rewardInWords } from '../../src/marketplace/order-terms.rules.ts';
import type { Actor, Role } from '../../src/platform/auth/actor.ts';
import type { OrgKind } from '../../src/platform/db/schema.ts';
import { planTemplate } from '../../src/plans/plan-templates.ts';
import { termsHash } from '../../src/plans/terms-hash.ts';

const actor = (role: Role, orgId: string, orgKind: OrgKind, userId = `${role}@${orgId}`): Actor => ({ userId, orgId, orgKind, role, via: 'session' });
const consultant = actor('consultant', 'talentbridge', 'agency', 'c1');
const H = 'a'.repeat(64);

const facts = (over: Partial<TakeFacts> = {}): TakeFacts => ({
  order: { posterOrgId: 'huaxin', status: 'open' },
  alreadyEngaged: false,
  activeEngagements: 0,
  cap: 10,
  acceptedTermsHash: H,
  currentTermsHash: H,
  ...over,
});

describe('taking an order', () => {
  it('lets a consultant of another org take an open order under the cap with the current hash', () => {
    expect(refusalToTake(consultant, facts())).toBeNull();
    expect(refusalToTake(consultant, facts({ activeEngagements: 9 }))).toBeNull();
  });

  it.each([
    ['a non-consultant', actor('agency_admin', 'talentbridge', 'agency'), facts(), 'forbidden'],
    ['its own agency', consultant, facts({ order: { posterOrgId: 'talentbridge', status: 'open' } }), 'forbidden'],
    ['a paused order', consultant, facts({ order: { posterOrgId: 'huaxin', status: 'paused' } }), 'conflict'],
    ['a filled order', consultant, facts({ order: { posterOrgId: 'huaxin', status: 'filled' } }), 'conflict'],
    ['a closed order', consultant, facts({ order: { posterOrgId: 'huaxin', status: 'closed' } }), 'conflict'],
    ['a draft', consultant, facts({ order: { posterOrgId: 'huaxin', status: 'draft' } }), 'conflict'],
    ['twice', consultant, facts({ alreadyEngaged: true }), 'conflict'],
    ['with a stale hash', consultant, facts({ acceptedTermsHash: 'b'.repeat(64) }), 'terms_mismatch'],
    ['at the cap', consultant, facts({ activeEngagements: 10 }), 'capacity_reached'],
    ['over the cap', consultant, facts({ activeEngagements: 11, cap: 2 }), 'capacity_reached'],
  ] as const)('refuses %s', (_what, a, f, code) => {
    expect(refusalToTake(a, f)?.code).toBe(code);
  });

  it('names the cap in the refusal', () => {
    const err = refusalToTake(consultant, facts({ activeEngagements: 2, cap: 2 }));
    expect(err?.message).toContain('cap 2');
    expect(err?.details).toEqual({ cap: 2 });
  });

  it('checks the terms before the cap, so a consultant at the cap still learns the terms changed', () => {
    expect(refusalToTake(consultant, facts({ activeEngagements: 10, acceptedTermsHash: 'b'.repeat(64) }))?.code).toBe('terms_mismatch');
  });

  it('is under the cap strictly below it', () => {
    expect(underCap(0, 1)).toBe(true);
    expect(underCap(1, 1)).toBe(false);
  });
});

describe('who sees and drops an engagement', () => {
  const e = { consultantId: 'c1', agencyOrgId: 'talentbridge', posterOrgId: 'huaxin' };
  it.each([
    [consultant, true, true],
    [actor('consultant', 'talentbridge', 'agency', 'c2'), false, false],
    [actor('agency_admin', 'talentbridge', 'agency'), true, true],
    [actor('agency_admin', 'apexsearch', 'agency'), false, false],
    [actor('employer_hr', 'huaxin', 'employer'), true, false],
    [actor('employer_admin', 'bluepeak', 'employer'), false, false],
    [actor('platform_ops', 'platform', 'platform'), true, false],
    [actor('arbitrator', 'platform', 'platform'), false, false],
  ] as const)('%o', (a, sees, drops) => {
    expect(canSeeEngagement(a, e)).toBe(sees);
    expect(mayDrop(a, e)).toBe(drops);
  });

  it('drops only an active engagement', () => {
    expect(dropTransition('active')).toBe('dropped');
    expect(() => dropTransition('dropped')).toThrow('cannot drop an engagement that is dropped');
    expect(() => dropTransition('closed')).toThrow();
  });
});

describe("an order's terms", () => {
  const plan = planTemplate('standard').terms;
  it("are the plan's terms with the order's currency and reward", () => {
    const t = termsForOrder(plan, { currency: 'USD', reward: { type: 'fixed', amount: '9000.00' } });
    expect(t).toEqual({ ...plan, currency: 'USD', reward: { type: 'fixed', amount: '9000.00' } });
    expect(plan.currency).toBe('CNY');
  });
  it('hash differently when the reward differs, alike when it does not', () => {
    const a = termsHash(termsForOrder(plan, { currency: 'CNY', reward: { type: 'percent_of_annual_salary', percent: 20 } }));
    const b = termsHash(termsForOrder(plan, { currency: 'CNY', reward: { type: 'percent_of_annual_salary', percent: 22 } }));
    expect(a).not.toBe(b);
    expect(a).toBe(termsHash(termsForOrder(structuredClone(plan), { currency: 'CNY', reward: { type: 'percent_of_annual_salary', percent: 20 } })));
  });
  it('render the reward in words', () => {
    expect(rewardInWords({ type: 'percent_of_annual_salary', percent: 20 }, 'CNY', 'zh-CN')).toBe('年薪的20%');
    expect(rewardInWords({ type: 'percent_of_annual_salary', percent: 12.5 }, 'CNY', 'en')).toBe('12.5% of the annual salary');
    expect(rewardInWords({ type: 'fixed', amount: '50000.00' }, 'CNY', 'zh-CN')).toBe('固定 50,000.00 CNY');
    expect(rewardInWords({ type: 'fixed', amount: '1200000' }, 'JPY', 'en')).toBe('a fixed 1,200,000 JPY');
  });
});
