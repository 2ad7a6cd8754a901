import { describe, expect, it } from 'vitest';
import type { Actor, Role } from '../../src/platform/auth/actor.ts';
import type { JobOrderStatus, OrgKind } from '../../src/platform/db/schema.ts';
import { DomainError } from '../../src/platform/errors.ts';
import {
  afterHire,
  canManageOrder,
  canPostOrders,
  canSeeAsPoster,
  closeReasonRequired,
  JOB_ORDER_STATUSES,
  mayAct,
  nextStatus,
  ORDER_ACTIONS,
  rewardSortOf,
  transition,
  validateOrderContent,
  type OrderAction,
  type OrderContentInput,
} from '../../src/marketplace/job-order.rules.ts';

/** Every (status, action) pair and where it leads; anything not listed is refused. */
const ALLOWED: Record<JobOrderStatus, Partial<Record<OrderAction, JobOrderStatus>>> = {
  draft: { edit: 'draft', open: 'open', close: 'closed' },
  open: { pause: 'paused', close: 'closed', fill: 'filled' },
  paused: { resume: 'open', close: 'closed', fill: 'filled' },
  filled: {},
  closed: {},
};

describe('the job order status machine', () => {
  const pairs = JOB_ORDER_STATUSES.flatMap((status) => ORDER_ACTIONS.map((action) => [status, action] as const));

  it.each(pairs)('%s + %s', (status, action) => {
    const expected = ALLOWED[status][action] ?? null;
    expect(nextStatus(status, action)).toBe(expected);
    if (expected === null) {
      const err = (() => {
        try {
          transition(status, action);
        } catch (e) {
          return e;
        }
        return null;
      })();
      expect(err).toBeInstanceOf(DomainError);
      expect((err as DomainError).code).toBe('invalid_transition');
      expect((err as DomainError).details).toEqual({ status, action });
    } else {
      expect(transition(status, action)).toBe(expected);
    }
  });

  it('says why an open order cannot be edited', () => {
    expect(() => transition('open', 'edit')).toThrow('an order can be edited only while it is a draft; this one is open');
  });

  it('never leaves filled or closed', () => {
    for (const action of ORDER_ACTIONS) {
      expect(nextStatus('filled', action)).toBeNull();
      expect(nextStatus('closed', action)).toBeNull();
    }
  });
});

describe('hiring on an order', () => {
  it('counts the hire and fills the order at its headcount', () => {
    expect(afterHire({ status: 'open', headcount: 2, hiredCount: 0 })).toEqual({ hiredCount: 1, status: 'open' });
    expect(afterHire({ status: 'open', headcount: 2, hiredCount: 1 })).toEqual({ hiredCount: 2, status: 'filled' });
    expect(afterHire({ status: 'paused', headcount: 1, hiredCount: 0 })).toEqual({ hiredCount: 1, status: 'filled' });
  });
  it('refuses a hire on an order that takes no candidates: draft, filled, closed', () => {
    for (const status of ['draft', 'filled', 'closed'] as const) {
      expect(() => afterHire({ status, headcount: 3, hiredCount: 0 })).toThrow(DomainError);
    }
  });
  it('refuses a hire beyond the headcount, whatever the status says', () => {
    for (const status of ['open', 'paused'] as const) {
      expect(() => afterHire({ status, headcount: 2, hiredCount: 2 })).toThrow(/all 2 positions are filled/);
      expect(() => afterHire({ status, headcount: 2, hiredCount: 5 })).toThrow(DomainError);
      expect(afterHire({ status, headcount: 2, hiredCount: 1 })).toEqual({ hiredCount: 2, status: 'filled' });
    }
  });
  it('names the status in its refusal', () => {
    expect(() => afterHire({ status: 'closed', headcount: 1, hiredCount: 0 })).toThrow(/it is closed/);
    expect(() => afterHire({ status: 'draft', headcount: 1, hiredCount: 0 })).toThrow(/never opened/);
  });
});

const actor = (role: Role, orgId: string, orgKind: OrgKind): Actor => ({ userId: `${role}-${orgId}`, orgId, orgKind, role, via: 'session' });

describe('who may do what with an order', () => {
  const order = { posterOrgId: 'huaxin' };
  const cases: [Actor, boolean, boolean][] = [
    // actor, manages, sees as poster
    [actor('employer_admin', 'huaxin', 'employer'), true, true],
    [actor('employer_hr', 'huaxin', 'employer'), true, true],
    [actor('employer_admin', 'bluepeak', 'employer'), false, false],
    [actor('agency_admin', 'huaxin', 'agency'), true, true],
    [actor('consultant', 'talentbridge', 'agency'), false, false],
    [actor('platform_ops', 'platform', 'platform'), false, true],
    [actor('arbitrator', 'platform', 'platform'), false, false],
    [actor('assessor', 'skillcheck', 'assessor'), false, false],
  ];
  it.each(cases)('%o', (a, manages, sees) => {
    expect(canManageOrder(a, order)).toBe(manages);
    expect(canSeeAsPoster(a, order)).toBe(sees);
    for (const action of ['edit', 'open', 'pause', 'resume'] as const) expect(mayAct(a, order, action)).toBe(manages);
    expect(mayAct(a, order, 'close')).toBe(manages || a.role === 'platform_ops');
  });
  it('lets employers and agency admins post, nobody else', () => {
    expect(canPostOrders(actor('employer_admin', 'x', 'employer'))).toBe(true);
    expect(canPostOrders(actor('employer_hr', 'x', 'employer'))).toBe(true);
    expect(canPostOrders(actor('agency_admin', 'x', 'agency'))).toBe(true);
    for (const role of ['consultant', 'platform_ops', 'arbitrator', 'assessor', 'assessor_admin'] as const) expect(canPostOrders(actor(role, 'x', 'agency'))).toBe(false);
  });
  it('makes ops give a reason to close, not the poster', () => {
    expect(closeReasonRequired(actor('platform_ops', 'platform', 'platform'), order)).toBe(true);
    expect(closeReasonRequired(actor('employer_hr', 'huaxin', 'employer'), order)).toBe(false);
  });
});

describe("an order's content", () => {
  const input = (over: Partial<OrderContentInput> = {}): OrderContentInput => ({
    title: ' 高级后端工程师 ',
    city: ' 上海 ',
    function: 'software_engineering',
    level: 'senior',
    headcount: 2,
    currency: 'CNY',
    salaryMin: '400000',
    salaryMax: '600000.00',
    description: 'x',
    reward: { type: 'percent_of_annual_salary', percent: 20 },
    ...over,
  });
  const fieldOf = (f: () => unknown): string | undefined => {
    try {
      f();
    } catch (e) {
      return ((e as DomainError).details as { field?: string }).field;
    }
    return undefined;
  };

  it('is trimmed and normalized, with the reward in minor units for sorting', () => {
    const c = validateOrderContent(input(), 'employer');
    expect(c).toMatchObject({ title: '高级后端工程师', city: '上海', salaryMin: 40_000_000n, salaryMax: 60_000_000n, clientName: null });
    expect(c.rewardSort).toBe(10_000_000n); // 20% of 500,000.00
    const fixed = validateOrderContent(input({ reward: { type: 'fixed', amount: '50000' } }), 'employer');
    expect(fixed.reward).toEqual({ type: 'fixed', amount: '50000.00' });
    expect(fixed.rewardSort).toBe(5_000_000n);
  });

  it.each([
    [{ salaryMin: '600000.01' }, 'salaryMax'],
    [{ salaryMin: '0' }, 'salaryMin'],
    [{ salaryMin: '1.001' }, 'salaryMin'],
    [{ headcount: 0 }, 'headcount'],
    [{ headcount: 1.5 }, 'headcount'],
    [{ currency: 'XYZ' }, 'currency'],
    [{ title: '  ' }, 'title'],
    [{ city: '' }, 'city'],
    [{ function: 'astrology' }, 'function'],
    [{ level: 'god' }, 'level'],
    [{ reward: { type: 'percent_of_annual_salary', percent: 100.01 } }, 'reward.percent'],
    [{ reward: { type: 'percent_of_annual_salary', percent: 12.345 } }, 'reward.percent'],
    [{ reward: { type: 'percent_of_annual_salary', percent: -1 } }, 'reward.percent'],
    [{ reward: { type: 'percent_of_annual_salary', percent: 0 } }, 'reward.percent'],
    [{ reward: { type: 'fixed', amount: '-5' } }, 'reward.amount'],
    [{ reward: { type: 'fixed', amount: '0.00' } }, 'reward.amount'],
    [{ currency: 'JPY', salaryMin: '5000000', salaryMax: '8000000', reward: { type: 'fixed', amount: '100.5' } }, 'reward.amount'],
    [{ clientName: '某客户' }, 'clientName'],
  ] as [Partial<OrderContentInput>, string][])('refuses %o naming %s', (over, field) => {
    expect(fieldOf(() => validateOrderContent(input(over), 'employer'))).toBe(field);
  });

  it('accepts the percent bounds and two decimals', () => {
    expect(validateOrderContent(input({ reward: { type: 'percent_of_annual_salary', percent: 100 } }), 'employer').reward).toEqual({ type: 'percent_of_annual_salary', percent: 100 });
    expect(validateOrderContent(input({ reward: { type: 'percent_of_annual_salary', percent: 12.34 } }), 'employer').reward).toEqual({ type: 'percent_of_annual_salary', percent: 12.34 });
  });

  it('makes an agency name its client', () => {
    expect(fieldOf(() => validateOrderContent(input(), 'agency'))).toBe('clientName');
    expect(validateOrderContent(input({ clientName: ' 星辰汽车 ' }), 'agency').clientName).toBe('星辰汽车');
  });

  it('estimates a percent reward on the middle of the range, half up', () => {
    expect(rewardSortOf({ type: 'percent_of_annual_salary', percent: 15 }, 'CNY', 1n, 2n)).toBe(0n); // 15% of 2 (1.5 → 2) = 0.3 → 0
    expect(rewardSortOf({ type: 'percent_of_annual_salary', percent: 50 }, 'JPY', 3n, 4n)).toBe(2n); // 50% of 4 (3.5 → 4)
    expect(rewardSortOf({ type: 'fixed', amount: '1200' }, 'JPY', 1n, 1n)).toBe(1200n);
  });
});
