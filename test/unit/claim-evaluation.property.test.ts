import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type ClaimEvaluation, evaluateClaim } from '../../src/aftercare/claim-evaluation.rules.ts';
import { CURRENCIES, type Currency, formatAmount, minorDigitsOf } from '../../src/platform/money.ts';
import { TERMINATION_REASONS } from '../../src/plans/terms.schema.ts';

const DAY = 86_400_000;
const iso = (dayNumber: number): string => new Date(dayNumber * DAY).toISOString().slice(0, 10);
const START_MIN = Date.UTC(2020, 0, 1) / DAY;

const minor = fc.bigInt({ min: 0n, max: 10n ** 12n });
const amountText = (m: bigint, currency: Currency): string => formatAmount(m, currency);

interface Case {
  currency: Currency;
  G: number;
  covered: string[];
  noticeDays: number;
  requireTimelyPayment: boolean;
  paymentGraceDays: number;
  replacement: { maxReplacements: number; deliveryDays: number; newGuarantee: 'fresh' | 'remaining' } | null;
  refund: { schedule: 'linear' } | { schedule: 'stepped'; steps: { uptoDay: number; percent: number }[] } | null;
  start: number;
  fee: bigint;
  replacementsUsed: number;
  installments: { due: number; amount: bigint; payments: { date: number; amount: bigint }[] }[];
  reason: string;
  servedOffset: number; // last working day − start
  reportOffset: number; // reportedOn − last working day
  remedy: 'refund' | 'replacement' | null | undefined;
}

const stepped = fc
  .uniqueArray(fc.nat(250), { minLength: 1, maxLength: 4 })
  .chain((days) =>
    fc.array(fc.integer({ min: 0, max: 10_000 }), { minLength: days.length, maxLength: days.length }).map((hs) => ({
      schedule: 'stepped' as const,
      steps: [...days].sort((a, b) => a - b).map((uptoDay, k) => ({ uptoDay, percent: (hs[k] ?? 0) / 100 })),
    })),
  );

const caseArb: fc.Arbitrary<Case> = fc.record({
  currency: fc.constantFrom(...CURRENCIES),
  G: fc.oneof(fc.constant(0), fc.nat(200)),
  covered: fc.subarray([...TERMINATION_REASONS]),
  noticeDays: fc.nat(15),
  requireTimelyPayment: fc.boolean(),
  paymentGraceDays: fc.nat(10),
  replacement: fc.option(fc.record({ maxReplacements: fc.nat(3), deliveryDays: fc.nat(60), newGuarantee: fc.constantFrom('fresh' as const, 'remaining' as const) })),
  refund: fc.option(fc.oneof(fc.constant({ schedule: 'linear' as const }), stepped)),
  start: fc.integer({ min: START_MIN, max: START_MIN + 3000 }),
  fee: minor,
  replacementsUsed: fc.nat(3),
  installments: fc.array(
    fc.record({
      due: fc.integer({ min: -10, max: 300 }),
      amount: minor,
      payments: fc.array(fc.record({ date: fc.integer({ min: -10, max: 320 }), amount: minor }), { maxLength: 3 }),
    }),
    { maxLength: 3 },
  ),
  reason: fc.constantFrom(...TERMINATION_REASONS),
  servedOffset: fc.nat(260),
  reportOffset: fc.integer({ min: -30, max: 30 }),
  remedy: fc.constantFrom('refund' as const, 'replacement' as const, null, undefined),
});

function inputOf(c: Case): Record<string, unknown> {
  const claim: Record<string, unknown> = {
    reason: c.reason,
    lastWorkingDay: iso(c.start + c.servedOffset),
    reportedOn: iso(c.start + c.servedOffset + c.reportOffset),
  };
  if (c.remedy !== undefined) claim.remedy = c.remedy;
  return {
    terms: {
      currency: c.currency,
      guarantee: { days: c.G, covered: c.covered, noticeDays: c.noticeDays, requireTimelyPayment: c.requireTimelyPayment, paymentGraceDays: c.paymentGraceDays },
      remedies: { replacement: c.replacement, refund: c.refund },
    },
    placement: {
      startDate: iso(c.start),
      fee: amountText(c.fee, c.currency),
      replacementsUsed: c.replacementsUsed,
      installments: c.installments.map((i) => ({
        dueDate: iso(c.start + i.due),
        amount: amountText(i.amount, c.currency),
        payments: i.payments.map((p) => ({ date: iso(c.start + p.date), amount: amountText(p.amount, c.currency) })),
      })),
    },
    claim,
  };
}

/** A second, deliberately plain reading of DESIGN §4.3 (Date.UTC for days, divmod for rounding). */
function oracle(c: Case): ClaimEvaluation {
  const noShow = c.reason === 'no_show';
  const lastWorkingDay = noShow ? c.start : c.start + c.servedOffset;
  const reported = c.start + c.servedOffset + c.reportOffset;
  const d = noShow ? 0 : c.servedOffset + 1;
  const review = c.reason === 'mutual_agreement' || c.reason === 'other';
  const covered = c.covered.includes(c.reason);
  const codes: ClaimEvaluation['codes'] = [];
  if (!covered && !review) codes.push('reason_excluded');
  if (d > c.G) codes.push('outside_guarantee');
  if (reported - lastWorkingDay > c.noticeDays) codes.push('notice_late');
  if (
    c.requireTimelyPayment &&
    c.installments.some((i) => {
      const deadline = c.start + i.due + c.paymentGraceDays;
      if (!(deadline < reported)) return false;
      const inTime = i.payments.filter((p) => c.start + p.date <= deadline).reduce((s, p) => s + p.amount, 0n);
      return inTime < i.amount;
    })
  ) {
    codes.push('payment_overdue');
  }
  const status = codes.length ? 'ineligible' : review && !covered ? 'needs_review' : 'eligible';
  const allowed: ClaimEvaluation['allowedRemedies'] = [];
  if (!codes.length && c.replacement && c.replacementsUsed < c.replacement.maxReplacements) allowed.push('replacement');
  if (!codes.length && c.refund) allowed.push('refund');
  let remedyRejected: ClaimEvaluation['remedyRejected'] = null;
  const remedy = c.remedy ?? null;
  if (status !== 'ineligible' && remedy !== null && !allowed.includes(remedy)) {
    remedyRejected = remedy === 'replacement' && c.replacement !== null ? 'replacements_exhausted' : 'remedy_not_offered';
  }
  const roundHalfUp = (num: bigint, den: bigint): bigint => {
    const q = num / den;
    return 2n * (num % den) >= den ? q + 1n : q;
  };
  let refund: ClaimEvaluation['refund'] = null;
  if (c.refund && status !== 'ineligible') {
    let amount: bigint;
    if (c.refund.schedule === 'linear') amount = d === 0 ? c.fee : roundHalfUp(c.fee * BigInt(c.G - d), BigInt(c.G));
    else {
      const step = c.refund.steps.find((s) => d <= s.uptoDay);
      amount = step ? roundHalfUp(c.fee * BigInt(Math.round(step.percent * 100)), 10_000n) : 0n;
    }
    const finalFee = c.fee - amount;
    const paid = c.installments.flatMap((i) => i.payments).reduce((s, p) => s + p.amount, 0n);
    const f = (m: bigint) => formatAmount(m, c.currency);
    refund = { amount: f(amount), finalFee: f(finalFee), cashRefund: f(paid > finalFee ? paid - finalFee : 0n), stillDue: f(finalFee > paid ? finalFee - paid : 0n) };
  }
  const replacement =
    allowed.includes('replacement') && c.replacement
      ? { deliverBy: iso(reported + c.replacement.deliveryDays), guaranteeDays: c.replacement.newGuarantee === 'fresh' ? c.G : Math.max(0, c.G - d) }
      : null;
  return { status, codes, daysServed: d, allowedRemedies: allowed, remedyRejected, refund, replacement } as ClaimEvaluation;
}

function ok(input: unknown): ClaimEvaluation {
  const r = evaluateClaim(input);
  if ('error' in r) throw new Error(r.error.message);
  return r;
}
/** "28666.67" → 2866667n: formatted amounts always carry exactly the currency's digits. */
const minorOf = (text: string, currency: Currency): bigint => {
  expect(text.split('.')[1]?.length ?? 0).toBe(minorDigitsOf(currency));
  return BigInt(text.replace('.', ''));
};

/** The same value with every object's keys in a different order. */
function shuffleKeys(value: unknown, seed: number): unknown {
  if (Array.isArray(value)) return value.map((v, i) => shuffleKeys(v, seed + i + 1));
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value);
    const rotated = entries.map((_, i) => entries[(i + seed) % entries.length] as [string, unknown]);
    if (seed % 2 === 1) rotated.reverse();
    return Object.fromEntries(rotated.map(([k, v]) => [k, shuffleKeys(v, seed * 7 + 3)]));
  }
  return value;
}

describe('claim evaluation, property-based', () => {
  it('agrees with a plain second reading of the contract', () => {
    fc.assert(fc.property(caseArb, (c) => { expect(ok(inputOf(c))).toEqual(oracle(c)); }), { numRuns: 3000 });
  });

  it('refund ≤ fee; finalFee + refund = fee; cashRefund and stillDue never both positive; they settle what was paid', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const r = ok(inputOf(c));
        if (r.refund === null) return;
        const amount = minorOf(r.refund.amount, c.currency);
        const finalFee = minorOf(r.refund.finalFee, c.currency);
        const cash = minorOf(r.refund.cashRefund, c.currency);
        const due = minorOf(r.refund.stillDue, c.currency);
        const paid = c.installments.flatMap((i) => i.payments).reduce((s, p) => s + p.amount, 0n);
        expect(amount >= 0n && amount <= c.fee).toBe(true);
        expect(finalFee + amount).toBe(c.fee);
        expect(cash > 0n && due > 0n).toBe(false);
        expect(cash >= 0n && due >= 0n).toBe(true);
        expect(cash - due).toBe(paid - finalFee);
      }),
      { numRuns: 2000 },
    );
  });

  it('the linear refund never increases as more days are served', () => {
    fc.assert(
      fc.property(caseArb, fc.nat(200), fc.nat(200), (c, a, b) => {
        const base: Case = { ...c, refund: { schedule: 'linear' }, reason: 'voluntary_resignation', covered: ['voluntary_resignation'], reportOffset: 0, requireTimelyPayment: false };
        const [d1, d2] = a <= b ? [a, b] : [b, a];
        const r1 = ok(inputOf({ ...base, servedOffset: d1 })).refund;
        const r2 = ok(inputOf({ ...base, servedOffset: d2 })).refund;
        if (r1 === null || r2 === null) return; // past the guarantee
        expect(minorOf(r1.amount, c.currency) >= minorOf(r2.amount, c.currency)).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  it('does not depend on the order of the keys in the input', () => {
    fc.assert(
      fc.property(caseArb, fc.nat(50), (c, seed) => {
        const input = inputOf(c);
        expect(JSON.stringify(evaluateClaim(shuffleKeys(input, seed)))).toBe(JSON.stringify(evaluateClaim(input)));
      }),
      { numRuns: 1000 },
    );
  });

  it('keeps status, codes, remedies and their parts consistent', () => {
    const order = ['reason_excluded', 'outside_guarantee', 'notice_late', 'payment_overdue'];
    fc.assert(
      fc.property(caseArb, (c) => {
        const r = ok(inputOf(c));
        expect([...r.codes].sort((x, y) => order.indexOf(x) - order.indexOf(y))).toEqual(r.codes);
        expect(new Set(r.codes).size).toBe(r.codes.length);
        expect(r.status === 'ineligible').toBe(r.codes.length > 0);
        if (r.codes.length) expect([r.allowedRemedies, r.remedyRejected, r.refund, r.replacement]).toEqual([[], null, null, null]);
        expect(r.replacement !== null).toBe(r.allowedRemedies.includes('replacement'));
        expect(r.refund !== null).toBe(r.allowedRemedies.includes('refund'));
        if (r.remedyRejected !== null) expect(r.allowedRemedies).not.toContain(c.remedy);
      }),
      { numRuns: 2000 },
    );
  });

  it('answers every malformed input with invalid_input, never a crash', () => {
    const junk = fc.oneof(fc.constant(undefined), fc.constant(null), fc.boolean(), fc.integer(), fc.double(), fc.string(), fc.constant([]), fc.constant({}));
    fc.assert(
      fc.property(caseArb, fc.nat(), junk, (c, k, value) => {
        const input = inputOf(c);
        const paths: string[][] = [];
        const walk = (v: unknown, p: string[]) => {
          paths.push(p);
          if (v !== null && typeof v === 'object') for (const [key, child] of Object.entries(v)) walk(child, [...p, key]);
        };
        walk(input, []);
        const path = paths[k % paths.length] as string[];
        let target: unknown = input;
        if (path.length === 0) target = value;
        else {
          let node = input;
          for (const key of path.slice(0, -1)) node = node[key] as Record<string, unknown>;
          node[path[path.length - 1] as string] = value;
        }
        const r = evaluateClaim(target);
        if ('error' in r) {
          expect(r.error.code).toBe('invalid_input');
          expect(r.error.message.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
