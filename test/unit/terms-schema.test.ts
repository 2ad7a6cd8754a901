import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PLAN_TEMPLATES, PLAN_TEMPLATE_KEYS, planTemplate } from '../../src/plans/plan-templates.ts';
import { termsCanonicalJson, termsHash } from '../../src/plans/terms-hash.ts';
import {
  REVIEW_REASONS,
  TERMINATION_REASONS,
  engineTermsSchema,
  isReviewReason,
  parseEngineTerms,
  parseTerms,
  termsSchema,
  zodProblem,
} from '../../src/plans/terms.schema.ts';
import { DomainError } from '../../src/platform/errors.ts';

/** The terms of DESIGN §4.1, verbatim. */
const designTerms = () => ({
  currency: 'CNY',
  reward: { type: 'percent_of_annual_salary', percent: 20 },
  platformFeePercent: 10,
  guarantee: {
    days: 90,
    covered: ['voluntary_resignation', 'dismissal_performance', 'dismissal_misconduct', 'probation_failed', 'no_show'],
    noticeDays: 7,
    requireTimelyPayment: true,
    paymentGraceDays: 5,
  },
  remedies: {
    replacement: { maxReplacements: 1, deliveryDays: 30, newGuarantee: 'fresh' },
    refund: { schedule: 'linear' },
  },
  installments: [
    { trigger: 'start', percent: 50, dueDays: 15 },
    { trigger: 'guarantee_passed', percent: 50, dueDays: 15 },
  ],
  release: 'after_guarantee',
  checkIns: { days: [7, 30, 60, 90], windowDays: 5, respondents: ['employer', 'candidate'] },
  supportTasks: [
    { kind: 'onboarding_coaching', day: 3 },
    { kind: 'return_visit', day: 45 },
  ],
  milestones: [],
  scope: { included: [{ zh: '…', en: '…' }], excluded: [{ zh: '…', en: '…' }] },
});

type Json = Record<string, unknown>;
type Editable = Json & { guarantee: Json; installments: Json[] };
const mutate = (edit: (t: Editable) => void): unknown => {
  const t = designTerms() as unknown as Editable;
  edit(t);
  return t;
};
const problemOf = (input: unknown): string => {
  try {
    parseTerms(input);
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe('invalid_input');
    return (error as DomainError).message;
  }
  throw new Error('expected the terms to be refused');
};

describe('reason codes', () => {
  it('has the thirteen fixed codes and two review reasons', () => {
    expect(TERMINATION_REASONS).toHaveLength(13);
    expect(REVIEW_REASONS).toEqual(['mutual_agreement', 'other']);
    expect(TERMINATION_REASONS.filter(isReviewReason)).toEqual(['mutual_agreement', 'other']);
  });
});

describe('parseTerms', () => {
  it('accepts the terms of DESIGN §4.1 and returns them unchanged', () => {
    expect(parseTerms(designTerms())).toEqual(designTerms());
  });
  it('drops unknown keys and reads percents written as strings', () => {
    const t = mutate((x) => {
      x.extra = 1;
      (x.installments[0] as Json).percent = '33.33';
      (x.installments[1] as Json).percent = '66.67';
    });
    const parsed = parseTerms(t);
    expect(parsed).not.toHaveProperty('extra');
    expect(parsed.installments.map((i) => i.percent)).toEqual([33.33, 66.67]);
  });
  it('reads absent or null remedies as none', () => {
    expect(parseTerms(mutate((x) => { x.remedies = null; })).remedies).toEqual({ replacement: null, refund: null });
    expect(parseTerms(mutate((x) => { delete x.remedies; })).remedies).toEqual({ replacement: null, refund: null });
    expect(parseTerms(mutate((x) => { x.remedies = { refund: { schedule: 'linear' } }; })).remedies).toEqual({
      replacement: null,
      refund: { schedule: 'linear' },
    });
  });
  it('accepts a fixed reward within the currency digits, and stepped refunds with fractional percents', () => {
    const t = parseTerms(
      mutate((x) => {
        x.reward = { type: 'fixed', amount: '50000.00' };
        x.remedies = {
          replacement: null,
          refund: { schedule: 'stepped', steps: [{ uptoDay: 30, percent: 100 }, { uptoDay: 60, percent: 66.67 }, { uptoDay: 90, percent: 33.33 }] },
        };
      }),
    );
    expect(t.reward).toEqual({ type: 'fixed', amount: '50000.00' });
    expect(t.remedies.refund).toEqual({ schedule: 'stepped', steps: [{ uptoDay: 30, percent: 100 }, { uptoDay: 60, percent: 66.67 }, { uptoDay: 90, percent: 33.33 }] });
  });

  it.each([
    ['not an object', () => 'terms', 'terms must be an object'],
    ['an array', () => [], 'terms must be an object'],
    ['an unknown currency', () => mutate((x) => { x.currency = 'XYZ'; }), 'currency must be one of CNY, USD, EUR, HKD, SGD, GBP, JPY, KRW'],
    ['a lowercase currency', () => mutate((x) => { x.currency = 'cny'; }), 'currency must be one of'],
    ['no currency', () => mutate((x) => { delete x.currency; }), 'currency must be one of'],
    ['negative guarantee days', () => mutate((x) => { x.guarantee.days = -1; }), 'guarantee.days must be a whole number ≥ 0'],
    ['fractional guarantee days', () => mutate((x) => { x.guarantee.days = 1.5; }), 'guarantee.days must be a whole number ≥ 0'],
    ['guarantee days as a string', () => mutate((x) => { x.guarantee.days = '90'; }), 'guarantee.days must be a whole number ≥ 0'],
    ['guarantee days of 10^9 (ten years at most)', () => mutate((x) => { x.guarantee.days = 1e9; }), 'guarantee.days must be at most 3660'],
    ['guarantee days one above ten years', () => mutate((x) => { x.guarantee.days = 3661; }), 'guarantee.days must be at most 3660'],
    ['notice days of 10^6', () => mutate((x) => { x.guarantee.noticeDays = 1e6; }), 'guarantee.noticeDays must be at most 3660'],
    ['grace days of 10^6', () => mutate((x) => { x.guarantee.paymentGraceDays = 1e6; }), 'guarantee.paymentGraceDays must be at most 3660'],
    ['due days of 10^9', () => mutate((x) => { (x.installments[0] as Json).dueDays = 1e9; }), 'installments[0].dueDays must be at most 3660'],
    ['a trigger day of 10^8', () => mutate((x) => { (x.installments[1] as Json).trigger = 'day:100000000'; }), 'installments[1].trigger must be'],
    ['a check-in day of 10^9', () => mutate((x) => { x.checkIns = { days: [7, 1e9], windowDays: 5, respondents: ['employer'] }; }), 'checkIns.days[1] must be at most 3660'],
    ['a check-in window of 10^9', () => mutate((x) => { x.checkIns = { days: [7], windowDays: 1e9, respondents: ['employer'] }; }), 'checkIns.windowDays must be at most 3660'],
    ['a replacement delivery of 10^9 days', () => mutate((x) => { x.remedies = { replacement: { maxReplacements: 1, deliveryDays: 1e9, newGuarantee: 'fresh' }, refund: null }; }), 'remedies.replacement.deliveryDays must be at most 3660'],
    ['no guarantee', () => mutate((x) => { delete (x as Json).guarantee; }), 'guarantee must be an object'],
    ['an unknown covered reason', () => mutate((x) => { x.guarantee.covered = ['no_show', 'boredom']; }), 'guarantee.covered[1] must be a termination reason: one of voluntary_resignation'],
    ['covered not a list', () => mutate((x) => { x.guarantee.covered = 'no_show'; }), 'guarantee.covered must be an array'],
    ['fractional notice days', () => mutate((x) => { x.guarantee.noticeDays = 7.5; }), 'guarantee.noticeDays must be a whole number ≥ 0'],
    ['a non-boolean timely-payment flag', () => mutate((x) => { x.guarantee.requireTimelyPayment = 'yes'; }), 'guarantee.requireTimelyPayment must be true or false'],
    ['negative grace days', () => mutate((x) => { x.guarantee.paymentGraceDays = -5; }), 'guarantee.paymentGraceDays must be a whole number ≥ 0'],
    ['an unknown reward type', () => mutate((x) => { x.reward = { type: 'equity' }; }), 'reward.type must be "percent_of_annual_salary" or "fixed"'],
    ['a reward percent with 3 decimals', () => mutate((x) => { x.reward = { type: 'percent_of_annual_salary', percent: 20.125 }; }), 'reward.percent must be a percent above 0'],
    ['a zero reward percent', () => mutate((x) => { x.reward = { type: 'percent_of_annual_salary', percent: 0 }; }), 'reward.percent must be a percent above 0'],
    ['a fixed reward with too many decimals', () => mutate((x) => { x.reward = { type: 'fixed', amount: '50000.001' }; }), 'reward.amount must have at most 2 decimals for CNY'],
    ['a fixed JPY reward with decimals', () => mutate((x) => { x.currency = 'JPY'; x.reward = { type: 'fixed', amount: '500000.5' }; }), 'reward.amount must be a whole number of JPY (no decimals)'],
    ['a negative fixed reward', () => mutate((x) => { x.reward = { type: 'fixed', amount: '-1.00' }; }), 'reward.amount must not be negative'],
    ['a fixed reward as a number', () => mutate((x) => { x.reward = { type: 'fixed', amount: 50000 }; }), 'reward.amount must be a decimal string'],
    ['a platform fee over 100', () => mutate((x) => { x.platformFeePercent = 100.01; }), 'platformFeePercent must be a percent from 0 to 100'],
    ['a replacement count that is not whole', () => mutate((x) => { x.remedies = { replacement: { maxReplacements: 0.5, deliveryDays: 30, newGuarantee: 'fresh' }, refund: null }; }), 'remedies.replacement.maxReplacements must be a whole number ≥ 0'],
    ['an unknown new-guarantee kind', () => mutate((x) => { x.remedies = { replacement: { maxReplacements: 1, deliveryDays: 30, newGuarantee: 'double' }, refund: null }; }), 'remedies.replacement.newGuarantee must be "fresh" or "remaining"'],
    ['an unknown refund schedule', () => mutate((x) => { x.remedies = { replacement: null, refund: { schedule: 'weekly' } }; }), 'remedies.refund.schedule must be "linear" or "stepped"'],
    ['stepped refund without steps', () => mutate((x) => { x.remedies = { replacement: null, refund: { schedule: 'stepped', steps: [] } }; }), 'remedies.refund.steps must list at least one step'],
    ['steps not strictly increasing', () => mutate((x) => { x.remedies = { replacement: null, refund: { schedule: 'stepped', steps: [{ uptoDay: 30, percent: 100 }, { uptoDay: 30, percent: 50 }] } }; }), "remedies.refund.steps[1].uptoDay must be greater than the previous step's uptoDay"],
    ['steps going back', () => mutate((x) => { x.remedies = { replacement: null, refund: { schedule: 'stepped', steps: [{ uptoDay: 60, percent: 100 }, { uptoDay: 30, percent: 50 }] } }; }), 'remedies.refund.steps[1].uptoDay must be greater'],
    ['a step percent with 3 decimals', () => mutate((x) => { x.remedies = { replacement: null, refund: { schedule: 'stepped', steps: [{ uptoDay: 30, percent: 33.333 }] } }; }), 'remedies.refund.steps[0].percent must be a percent from 0 to 100 with at most 2 decimals'],
    ['a step percent over 100', () => mutate((x) => { x.remedies = { replacement: null, refund: { schedule: 'stepped', steps: [{ uptoDay: 30, percent: 101 }] } }; }), 'remedies.refund.steps[0].percent must be a percent from 0 to 100'],
    ['a negative step percent', () => mutate((x) => { x.remedies = { replacement: null, refund: { schedule: 'stepped', steps: [{ uptoDay: 30, percent: -1 }] } }; }), 'remedies.refund.steps[0].percent must be a percent'],
    ['installments summing to 99.99', () => mutate((x) => { (x.installments[1] as Json).percent = 49.99; }), 'installments percents must add up to exactly 100 (they add up to 99.99)'],
    ['installments summing to 100.5', () => mutate((x) => { (x.installments[1] as Json).percent = 50.5; }), 'installments percents must add up to exactly 100 (they add up to 100.5)'],
    ['no installments', () => mutate((x) => { x.installments = []; }), 'installments must list at least one installment'],
    ['an unknown trigger', () => mutate((x) => { (x.installments[1] as Json).trigger = 'hired'; }), 'installments[1].trigger must be "start", "guarantee_passed" or "day:N"'],
    ['trigger day 0', () => mutate((x) => { (x.installments[1] as Json).trigger = 'day:0'; }), 'installments[1].trigger must be'],
    ['negative due days', () => mutate((x) => { (x.installments[0] as Json).dueDays = -1; }), 'installments[0].dueDays must be a whole number ≥ 0'],
    ['an unknown release', () => mutate((x) => { x.release = 'never'; }), 'release must be "on_payment" or "after_guarantee"'],
    ['fractional check-in day', () => mutate((x) => { x.checkIns = { days: [7, 30.5], windowDays: 5, respondents: ['employer'] }; }), 'checkIns.days[1] must be a whole number ≥ 1'],
    ['check-in day 0', () => mutate((x) => { x.checkIns = { days: [0], windowDays: 5, respondents: ['employer'] }; }), 'checkIns.days[0] must be a whole number ≥ 1'],
    ['an unknown respondent', () => mutate((x) => { x.checkIns = { days: [7], windowDays: 5, respondents: ['manager'] }; }), 'checkIns.respondents[0] must be "employer" or "candidate"'],
    ['an unknown support task', () => mutate((x) => { x.supportTasks = [{ kind: 'party', day: 3 }]; }), 'supportTasks[0].kind must be one of'],
    ['a milestone pass score over 100', () => mutate((x) => { x.milestones = [{ day: 30, kind: 'skill_assessment', passScore: 101 }]; }), 'milestones[0].passScore must be a whole number from 0 to 100'],
    ['a milestone of an unknown kind', () => mutate((x) => { x.milestones = [{ day: 30, kind: 'exam', passScore: 60 }]; }), 'milestones[0].kind must be "skill_assessment"'],
    ['a scope line without English', () => mutate((x) => { x.scope = { included: [{ zh: '寻访' }], excluded: [] }; }), 'scope.included[0].en must be a non-empty string'],
    ['no scope', () => mutate((x) => { delete x.scope; }), 'scope must be an object'],
    ['check-ins left out (they must be null when there are none)', () => mutate((x) => { delete x.checkIns; }), 'checkIns must be an object'],
  ])('refuses %s, naming the place', (_what, input, message) => {
    expect(problemOf(input())).toContain(message);
  });

  it('prefixes the place when asked (terms inside a claim)', () => {
    expect(() => parseTerms(mutate((x) => { x.guarantee.days = -1; }), 'terms')).toThrow('terms.guarantee.days must be a whole number ≥ 0');
    expect(() => parseTerms(null, 'terms')).toThrow('terms must be an object');
  });
});

describe('parseEngineTerms', () => {
  it('lets parts the engines do not read be left out, but checks them when present', () => {
    const minimal = {
      currency: 'USD',
      guarantee: { days: 60, covered: ['layoff'], noticeDays: 3, requireTimelyPayment: false, paymentGraceDays: 0 },
      remedies: { refund: { schedule: 'linear' } },
    };
    expect(parseEngineTerms(minimal)).toMatchObject({ currency: 'USD', remedies: { replacement: null, refund: { schedule: 'linear' } } });
    expect(() => parseTerms(minimal)).toThrow('reward must be an object');
    expect(() => parseEngineTerms({ ...minimal, installments: [{ trigger: 'start', percent: 90, dueDays: 0 }] })).toThrow(
      'installments percents must add up to exactly 100 (they add up to 90)',
    );
    expect(() => parseEngineTerms({ ...minimal, scope: 'all' })).toThrow('scope must be an object');
  });
});

describe('plan templates', () => {
  it('has the five built-in plans, each valid and named in zh-CN and en', () => {
    expect(PLAN_TEMPLATES.map((p) => p.key)).toEqual([...PLAN_TEMPLATE_KEYS]);
    for (const p of PLAN_TEMPLATES) {
      expect(parseTerms(p.terms)).toEqual(JSON.parse(JSON.stringify(p.terms)));
      expect(termsSchema.safeParse(p.terms).success).toBe(true);
      expect(p.name.zh.length).toBeGreaterThan(0);
      expect(p.name.en.length).toBeGreaterThan(0);
      expect(p.terms.scope.included.length).toBeGreaterThan(0);
      expect(p.terms.scope.excluded.length).toBeGreaterThan(0);
    }
  });
  it('match only: no guarantee, no remedies, no follow-up, everything due at the start', () => {
    const t = planTemplate('match_only').terms;
    expect(t.guarantee.days).toBe(0);
    expect(t.remedies).toEqual({ replacement: null, refund: null });
    expect(t.checkIns).toBeNull();
    expect(t.installments).toEqual([{ trigger: 'start', percent: 100, dueDays: 15 }]);
  });
  it('standard: 90 days, one replacement in 30 days or a linear refund, check-ins 7/30/60/90', () => {
    const t = planTemplate('standard').terms;
    expect(t.guarantee.days).toBe(90);
    expect(t.remedies).toEqual({ replacement: { maxReplacements: 1, deliveryDays: 30, newGuarantee: 'fresh' }, refund: { schedule: 'linear' } });
    expect(t.checkIns?.days).toEqual([7, 30, 60, 90]);
  });
  it('full lifecycle: 180 days, two replacements, stepped refund, six check-ins, coaching, visits and risk alerts', () => {
    const t = planTemplate('full_lifecycle').terms;
    expect(t.guarantee.days).toBe(180);
    expect(t.remedies.replacement?.maxReplacements).toBe(2);
    expect(t.remedies.refund).toEqual({ schedule: 'stepped', steps: [{ uptoDay: 30, percent: 100 }, { uptoDay: 90, percent: 60 }, { uptoDay: 180, percent: 30 }] });
    expect(t.checkIns?.days).toEqual([7, 30, 60, 90, 120, 180]);
    expect(t.supportTasks.map((s) => s.kind)).toEqual(expect.arrayContaining(['onboarding_coaching', 'return_visit']));
    expect(t.riskAlerts).toBe(true);
  });
  it('manufacturing: assessments on days 30/60/90 and a failed one is covered', () => {
    const t = planTemplate('manufacturing_skill').terms;
    expect(t.guarantee.days).toBe(90);
    expect(t.milestones.map((m) => [m.day, m.kind])).toEqual([[30, 'skill_assessment'], [60, 'skill_assessment'], [90, 'skill_assessment']]);
    expect(t.guarantee.covered).toContain('skill_milestone_failed');
  });
  it('hands out copies, so editing one never changes the built-in plan', () => {
    const copy = planTemplate('standard');
    copy.terms.guarantee.days = 1;
    expect(planTemplate('standard').terms.guarantee.days).toBe(90);
    expect(Object.isFrozen(PLAN_TEMPLATES[1]?.terms.guarantee)).toBe(true);
  });
});

describe('termsHash', () => {
  it('hashes the canonical JSON: keys sorted, no spaces', () => {
    expect(termsCanonicalJson({ guarantee: { paymentGraceDays: 5, days: 90 }, currency: 'CNY' } as never)).toBe(
      '{"currency":"CNY","guarantee":{"days":90,"paymentGraceDays":5}}',
    );
    // Stable across runs and machines: pinned (computed independently with Python's json.dumps(sort_keys=True, separators=(',', ':'))).
    expect(termsHash(designTerms() as never)).toBe('2d82ba1bd9df1ae3eae1234dd72ab72b7927ba1af88dcca506207a6296842eb4');
    expect(termsHash(designTerms() as never)).toMatch(/^[0-9a-f]{64}$/);
  });
  it('does not depend on the order the keys were written in, and changes with any term', () => {
    const t = designTerms();
    const reversed = Object.fromEntries(Object.entries(t).reverse());
    expect(termsHash(reversed as never)).toBe(termsHash(t as never));
    expect(termsHash(mutate((x) => { x.guarantee.days = 91; }) as never)).not.toBe(termsHash(t as never));
  });
});

// ------------------------------------------------------------------------ zod schema ⇔ fast validator

const nasty = [undefined, null, true, 0, -1, 1, 1.5, 7, 30, 100, 100.01, 33.33, 33.333, 1e21, '', 'x', '50', '33.33', '1.005', '-1', 'CNY', 'JPY', 'XYZ',
  'start', 'day:0', 'day:30', 'guarantee_passed', 'linear', 'stepped', 'fresh', 'remaining', 'fixed', 'percent_of_annual_salary',
  'no_show', 'other', 'employer', 'onboarding_coaching', 'skill_assessment', 'on_payment', [], [1], {}, { zh: 'a', en: 'b' },
  [{ uptoDay: 30, percent: 100 }], [{ trigger: 'start', percent: 100, dueDays: 0 }], 2 ** 60];

/** Every path (as keys) in a JSON value. */
function pathsOf(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  const out: (string | number)[][] = [prefix];
  if (Array.isArray(value)) value.forEach((v, i) => out.push(...pathsOf(v, [...prefix, i])));
  else if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) out.push(...pathsOf(v, [...prefix, k]));
  return out;
}
function setAt(root: unknown, path: (string | number)[], value: unknown): unknown {
  if (path.length === 0) return value;
  const copy = structuredClone(root) as Record<string | number, unknown>;
  let node = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  const last = path[path.length - 1] as string | number;
  if (value === undefined) delete node[last];
  else node[last] = value;
  return copy;
}
const plain = (v: unknown): unknown => JSON.parse(JSON.stringify(v));

function outcomeFast(parse: (x: unknown) => unknown, input: unknown) {
  try {
    return { ok: true as const, value: plain(parse(input)) };
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    return { ok: false as const, message: error.message };
  }
}
function outcomeZod(schema: typeof termsSchema | typeof engineTermsSchema, input: unknown) {
  const r = schema.safeParse(input);
  return r.success ? { ok: true as const, value: plain(r.data) } : { ok: false as const, message: zodProblem(r.error) };
}

describe('the zod schema and the fast validator agree', () => {
  const bases = [designTerms(), ...PLAN_TEMPLATES.map((p) => plain(p.terms))];
  const mutation = fc
    .tuple(fc.constantFrom(...bases), fc.nat(), fc.constantFrom(...nasty), fc.nat(), fc.constantFrom(...nasty), fc.boolean())
    .map(([base, i, v, j, w, twice]) => {
      const paths = pathsOf(base);
      let out = setAt(base, paths[i % paths.length] as (string | number)[], v);
      if (twice) {
        const more = pathsOf(out);
        out = setAt(out, more[j % more.length] as (string | number)[], w);
      }
      return out;
    });

  it('on complete terms: same verdict, same first problem, same result', () => {
    fc.assert(
      fc.property(mutation, (input) => {
        expect(outcomeFast(parseTerms, input)).toEqual(outcomeZod(termsSchema, input));
      }),
      { numRuns: 3000 },
    );
  });
  it('on engine terms: same verdict, same first problem, same result', () => {
    fc.assert(
      fc.property(mutation, (input) => {
        expect(outcomeFast(parseEngineTerms, input)).toEqual(outcomeZod(engineTermsSchema, input));
      }),
      { numRuns: 3000 },
    );
  });
  it('on valid terms built from scratch', () => {
    const percent = fc.integer({ min: 0, max: 10_000 }).map((h) => h / 100);
    const terms = fc.record({
      currency: fc.constantFrom('CNY', 'JPY', 'USD'),
      guarantee: fc.record({
        days: fc.nat(400),
        covered: fc.subarray([...TERMINATION_REASONS]),
        noticeDays: fc.nat(30),
        requireTimelyPayment: fc.boolean(),
        paymentGraceDays: fc.nat(30),
      }),
      remedies: fc.record({
        replacement: fc.option(fc.record({ maxReplacements: fc.nat(3), deliveryDays: fc.nat(60), newGuarantee: fc.constantFrom('fresh', 'remaining') })),
        refund: fc.option(
          fc.oneof(
            fc.constant({ schedule: 'linear' }),
            fc.uniqueArray(fc.nat(400), { minLength: 1, maxLength: 4 }).chain((days) =>
              fc.array(percent, { minLength: days.length, maxLength: days.length }).map((ps) => ({
                schedule: 'stepped',
                steps: [...days].sort((a, b) => a - b).map((uptoDay, k) => ({ uptoDay, percent: ps[k] })),
              })),
            ),
          ),
        ),
      }),
    });
    fc.assert(
      fc.property(terms, (input) => {
        const fast = outcomeFast(parseEngineTerms, input);
        expect(fast.ok).toBe(true);
        expect(fast).toEqual(outcomeZod(engineTermsSchema, input));
      }),
      { numRuns: 500 },
    );
  });
});
