import { describe, expect, it } from 'vitest';
import { type ClaimEvaluation, evaluateClaim, evaluateClaimFacts } from '../../src/aftercare/claim-evaluation.rules.ts';
import type { CalendarDate } from '../../src/platform/calendar-date.ts';
import { parseTerms } from '../../src/plans/terms.schema.ts';

/** The input of DESIGN §4.3, verbatim (terms as in §4.1). */
const designInput = () => ({
  terms: {
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
  } as Record<string, unknown> & { guarantee: Record<string, unknown>; remedies: Record<string, unknown> },
  placement: {
    startDate: '2026-01-05',
    fee: '60000.00',
    replacementsUsed: 0,
    installments: [{ dueDate: '2026-01-20', amount: '30000.00', payments: [{ date: '2026-01-18', amount: '30000.00' }] }],
  } as Record<string, unknown>,
  claim: { reason: 'voluntary_resignation', lastWorkingDay: '2026-02-20', reportedOn: '2026-02-24', remedy: 'refund' } as Record<string, unknown>,
});
type Input = ReturnType<typeof designInput>;

function evaluate(edit: (input: Input) => void = () => {}): ClaimEvaluation {
  const input = designInput();
  edit(input);
  const result = evaluateClaim(input);
  if ('error' in result) throw new Error(`unexpected error: ${result.error.message}`);
  return result;
}
function errorOf(edit: (input: Input) => void): string {
  const input = designInput();
  edit(input);
  const result = evaluateClaim(input);
  if (!('error' in result)) throw new Error(`expected invalid_input, got ${JSON.stringify(result)}`);
  expect(result.error.code).toBe('invalid_input');
  return result.error.message;
}
/** The claim's last working day on day `d` of employment (start 2026-01-05). */
const dayOf = (d: number): string => {
  const t = Date.UTC(2026, 0, 5) + (d - 1) * 86_400_000;
  return new Date(t).toISOString().slice(0, 10);
};
const claimOn = (input: Input, lastDayServed: number, reportedAfter = 1): void => {
  input.claim.lastWorkingDay = dayOf(lastDayServed);
  const t = Date.UTC(2026, 0, 5) + (lastDayServed - 1 + reportedAfter) * 86_400_000;
  input.claim.reportedOn = new Date(t).toISOString().slice(0, 10);
};

describe('the example of DESIGN §4.3', () => {
  it('gives exactly the documented output', () => {
    expect(evaluateClaim(designInput())).toEqual({
      status: 'eligible',
      codes: [],
      daysServed: 47,
      allowedRemedies: ['replacement', 'refund'],
      remedyRejected: null,
      refund: { amount: '28666.67', finalFee: '31333.33', cashRefund: '0.00', stillDue: '1333.33' },
      replacement: { deliverBy: '2026-03-26', guaranteeDays: 90 },
    });
  });
  it('writes the keys in the documented order', () => {
    expect(JSON.stringify(evaluateClaim(designInput()))).toBe(
      '{"status":"eligible","codes":[],"daysServed":47,"allowedRemedies":["replacement","refund"],"remedyRejected":null,' +
        '"refund":{"amount":"28666.67","finalFee":"31333.33","cashRefund":"0.00","stillDue":"1333.33"},' +
        '"replacement":{"deliverBy":"2026-03-26","guaranteeDays":90}}',
    );
  });
  it('gives the same answer through the typed core', () => {
    const i = designInput();
    const terms = parseTerms(i.terms);
    expect(
      evaluateClaimFacts(
        terms,
        {
          startDate: '2026-01-05' as CalendarDate,
          fee: 6_000_000n,
          replacementsUsed: 0,
          installments: [{ dueDate: '2026-01-20' as CalendarDate, amount: 3_000_000n, payments: [{ date: '2026-01-18' as CalendarDate, amount: 3_000_000n }] }],
        },
        { reason: 'voluntary_resignation', lastWorkingDay: '2026-02-20' as CalendarDate, reportedOn: '2026-02-24' as CalendarDate, remedy: 'refund' },
      ),
    ).toEqual(evaluateClaim(i));
  });
});

describe('rule 1: days served', () => {
  it('counts the start date as day 1', () => {
    expect(evaluate((i) => claimOn(i, 1)).daysServed).toBe(1);
    expect(evaluate((i) => { i.claim.lastWorkingDay = '2026-01-05'; i.claim.reportedOn = '2026-01-06'; }).daysServed).toBe(1);
  });
  it('a no-show served 0 days, whatever last working day is given', () => {
    const r = evaluate((i) => { i.claim.reason = 'no_show'; i.claim.lastWorkingDay = '2026-03-01'; i.claim.reportedOn = '2026-01-08'; });
    expect(r.daysServed).toBe(0);
    expect(r.status).toBe('eligible');
    expect(evaluate((i) => { i.claim.reason = 'no_show'; delete i.claim.lastWorkingDay; i.claim.reportedOn = '2026-01-08'; }).daysServed).toBe(0);
    expect(evaluate((i) => { i.claim.reason = 'no_show'; i.claim.lastWorkingDay = null; i.claim.reportedOn = '2026-01-08'; }).daysServed).toBe(0);
    expect(evaluate((i) => { i.claim.reason = 'no_show'; i.claim.lastWorkingDay = '2025-12-01'; i.claim.reportedOn = '2026-01-08'; }).daysServed).toBe(0);
  });
  it('refuses a last working day before the start date', () => {
    expect(errorOf((i) => { i.claim.lastWorkingDay = '2026-01-04'; })).toBe('claim.lastWorkingDay must not be before placement.startDate');
  });
  it('needs a last working day unless the reason is no_show', () => {
    expect(errorOf((i) => { delete i.claim.lastWorkingDay; })).toContain('claim.lastWorkingDay must be a real calendar date');
    expect(errorOf((i) => { i.claim.lastWorkingDay = null; })).toContain('claim.lastWorkingDay');
  });
});

describe('rule 2: ineligibility codes', () => {
  it('reason_excluded: a reason the terms do not cover', () => {
    for (const reason of ['layoff', 'restructuring', 'position_eliminated', 'employer_breach', 'death_or_disability', 'skill_milestone_failed']) {
      const r = evaluate((i) => { i.claim.reason = reason; });
      expect(r).toEqual({
        status: 'ineligible', codes: ['reason_excluded'], daysServed: 47, allowedRemedies: [], remedyRejected: null, refund: null, replacement: null,
      });
    }
  });
  it('covers every reason the terms list, including one excluded by default', () => {
    expect(evaluate((i) => { i.terms.guarantee.covered = ['layoff']; i.claim.reason = 'layoff'; }).status).toBe('eligible');
  });
  it('outside_guarantee: d = G is still covered, d = G + 1 is not', () => {
    const last = evaluate((i) => claimOn(i, 90));
    expect(last).toMatchObject({ status: 'eligible', codes: [], daysServed: 90 });
    expect(last.refund).toEqual({ amount: '0.00', finalFee: '60000.00', cashRefund: '0.00', stillDue: '30000.00' });
    const after = evaluate((i) => claimOn(i, 91));
    expect(after).toMatchObject({ status: 'ineligible', codes: ['outside_guarantee'], daysServed: 91, refund: null, replacement: null });
  });
  it('notice_late: reported exactly noticeDays after the last day is in time, one day more is late', () => {
    expect(evaluate((i) => { i.claim.reportedOn = '2026-02-27'; }).codes).toEqual([]);
    expect(evaluate((i) => { i.claim.reportedOn = '2026-02-28'; }).codes).toEqual(['notice_late']);
  });
  it('notice_late: reporting before the last working day (notice handed in) is fine', () => {
    expect(evaluate((i) => { i.claim.reportedOn = '2026-02-01'; })).toMatchObject({ status: 'eligible', codes: [] });
  });
  it('notice_late: a no-show counts from the start date', () => {
    const noShow = (reportedOn: string) => evaluate((i) => { i.claim.reason = 'no_show'; i.claim.lastWorkingDay = '2026-03-30'; i.claim.reportedOn = reportedOn; });
    expect(noShow('2026-01-12').codes).toEqual([]); // 7 days after the start
    expect(noShow('2026-01-13').codes).toEqual(['notice_late']);
  });
  it('notice_late with noticeDays 0: only the last working day itself (or earlier) is in time', () => {
    expect(evaluate((i) => { i.terms.guarantee.noticeDays = 0; i.claim.reportedOn = '2026-02-20'; }).codes).toEqual([]);
    expect(evaluate((i) => { i.terms.guarantee.noticeDays = 0; i.claim.reportedOn = '2026-02-21'; }).codes).toEqual(['notice_late']);
  });

  describe('payment_overdue', () => {
    // Installment due 2026-01-20, 5 grace days: deadline 2026-01-25. Claim: last day 2026-01-24.
    const paid = (payments: { date: string; amount: string }[], reportedOn: string, amount = '30000.00') =>
      evaluate((i) => {
        i.placement.installments = [{ dueDate: '2026-01-20', amount, payments }];
        i.claim.lastWorkingDay = '2026-01-24';
        i.claim.reportedOn = reportedOn;
      });
    it('a payment on the deadline itself is in time', () => {
      expect(paid([{ date: '2026-01-25', amount: '30000.00' }], '2026-01-26').codes).toEqual([]);
    });
    it('a payment one day after the deadline is late', () => {
      expect(paid([{ date: '2026-01-26', amount: '30000.00' }], '2026-01-26').codes).toEqual(['payment_overdue']);
      expect(paid([{ date: '2026-01-26', amount: '30000.00' }], '2026-01-27').codes).toEqual(['payment_overdue']);
    });
    it('an installment whose deadline is the report date (or later) is not overdue yet', () => {
      expect(paid([], '2026-01-25').codes).toEqual([]);
      expect(paid([], '2026-01-24').codes).toEqual([]);
      expect(paid([], '2026-01-26').codes).toEqual(['payment_overdue']);
    });
    it('a partial payment by the deadline is overdue', () => {
      expect(paid([{ date: '2026-01-18', amount: '29999.99' }], '2026-01-30').codes).toEqual(['payment_overdue']);
    });
    it('several payments adding up to the amount by the deadline are in time', () => {
      expect(paid([{ date: '2026-01-10', amount: '10000.00' }, { date: '2026-01-25', amount: '20000.00' }], '2026-01-30').codes).toEqual([]);
    });
    it('only payments dated on or before the deadline count toward it', () => {
      expect(
        paid([{ date: '2026-01-10', amount: '10000.00' }, { date: '2026-01-26', amount: '20000.00' }], '2026-01-30').codes,
      ).toEqual(['payment_overdue']);
    });
    it('overpaying is not overdue; a zero installment never is', () => {
      expect(paid([{ date: '2026-01-10', amount: '40000.00' }], '2026-01-30').codes).toEqual([]);
      expect(paid([], '2026-01-30', '0.00').codes).toEqual([]);
    });
    it('any one overdue installment is enough', () => {
      const r = evaluate((i) => {
        i.placement.installments = [
          { dueDate: '2026-01-20', amount: '30000.00', payments: [{ date: '2026-01-20', amount: '30000.00' }] },
          { dueDate: '2026-02-01', amount: '30000.00', payments: [] },
        ];
      });
      expect(r.codes).toEqual(['payment_overdue']);
    });
    it('is not checked when the terms do not require timely payment', () => {
      const r = evaluate((i) => {
        i.terms.guarantee.requireTimelyPayment = false;
        i.placement.installments = [{ dueDate: '2026-01-20', amount: '30000.00', payments: [] }];
      });
      expect(r.codes).toEqual([]);
    });
    it('with no installments listed (absent, null or empty) nothing is overdue and nothing was paid', () => {
      for (const installments of [undefined, null, []]) {
        const r = evaluate((i) => {
          if (installments === undefined) delete i.placement.installments;
          else i.placement.installments = installments;
        });
        expect(r.codes).toEqual([]);
        expect(r.refund).toEqual({ amount: '28666.67', finalFee: '31333.33', cashRefund: '0.00', stillDue: '31333.33' });
      }
    });
    it('counts the grace days: 0 grace days makes the due date the deadline', () => {
      const r = (reportedOn: string) =>
        evaluate((i) => {
          i.terms.guarantee.paymentGraceDays = 0;
          i.placement.installments = [{ dueDate: '2026-01-20', amount: '30000.00', payments: [{ date: '2026-01-21', amount: '30000.00' }] }];
          i.claim.lastWorkingDay = '2026-01-20';
          i.claim.reportedOn = reportedOn;
        }).codes;
      expect(r('2026-01-20')).toEqual([]);
      expect(r('2026-01-21')).toEqual(['payment_overdue']);
    });
  });

  it('lists every code that applies, in the contract order', () => {
    const r = evaluate((i) => {
      i.claim.reason = 'layoff';
      i.claim.lastWorkingDay = '2026-06-01';
      i.claim.reportedOn = '2026-06-20';
      i.placement.installments = [{ dueDate: '2026-01-20', amount: '30000.00', payments: [] }];
    });
    expect(r.codes).toEqual(['reason_excluded', 'outside_guarantee', 'notice_late', 'payment_overdue']);
    expect(r).toMatchObject({ status: 'ineligible', allowedRemedies: [], remedyRejected: null, refund: null, replacement: null });
    const some = evaluate((i) => { claimOn(i, 100, 9); });
    expect(some.codes).toEqual(['outside_guarantee', 'notice_late']);
  });
});

describe('rule 3: status and review reasons', () => {
  it('an uncovered review reason goes to review, with remedies and refund still worked out', () => {
    for (const reason of ['mutual_agreement', 'other']) {
      expect(evaluate((i) => { i.claim.reason = reason; })).toEqual({
        status: 'needs_review', codes: [], daysServed: 47, allowedRemedies: ['replacement', 'refund'], remedyRejected: null,
        refund: { amount: '28666.67', finalFee: '31333.33', cashRefund: '0.00', stillDue: '1333.33' },
        replacement: { deliverBy: '2026-03-26', guaranteeDays: 90 },
      });
    }
  });
  it('a review reason the terms cover is decided automatically', () => {
    expect(evaluate((i) => { i.terms.guarantee.covered = ['other']; i.claim.reason = 'other'; }).status).toBe('eligible');
  });
  it('a review reason is never reason_excluded, but other codes still make it ineligible', () => {
    const r = evaluate((i) => { i.claim.reason = 'mutual_agreement'; claimOn(i, 91); });
    expect(r).toMatchObject({ status: 'ineligible', codes: ['outside_guarantee'], allowedRemedies: [], refund: null });
  });
});

describe('rules 4 and 5: allowed remedies and the rejected request', () => {
  it('offers no replacement once they are used up, and says so when one is asked for', () => {
    const r = evaluate((i) => { i.placement.replacementsUsed = 1; i.claim.remedy = 'replacement'; });
    expect(r).toMatchObject({ allowedRemedies: ['refund'], remedyRejected: 'replacements_exhausted', replacement: null });
    expect(r.refund).not.toBeNull();
  });
  it('more replacements used than allowed is still exhausted', () => {
    expect(evaluate((i) => { i.placement.replacementsUsed = 5; i.claim.remedy = 'replacement'; }).remedyRejected).toBe('replacements_exhausted');
  });
  it('allows a second replacement when the terms give two', () => {
    const r = evaluate((i) => {
      i.terms.remedies.replacement = { maxReplacements: 2, deliveryDays: 30, newGuarantee: 'fresh' };
      i.placement.replacementsUsed = 1;
      i.claim.remedy = 'replacement';
    });
    expect(r).toMatchObject({ allowedRemedies: ['replacement', 'refund'], remedyRejected: null });
  });
  it('rejects a replacement the terms do not offer', () => {
    const r = evaluate((i) => { i.terms.remedies.replacement = null; i.claim.remedy = 'replacement'; });
    expect(r).toMatchObject({ status: 'eligible', allowedRemedies: ['refund'], remedyRejected: 'remedy_not_offered', replacement: null });
  });
  it('rejects a refund the terms do not offer, and then there is no refund', () => {
    const r = evaluate((i) => { i.terms.remedies.refund = null; i.claim.remedy = 'refund'; });
    expect(r).toMatchObject({ allowedRemedies: ['replacement'], remedyRejected: 'remedy_not_offered', refund: null });
    expect(r.replacement).toEqual({ deliverBy: '2026-03-26', guaranteeDays: 90 });
  });
  it('a replacement used up under terms that also lack a refund leaves nothing', () => {
    const r = evaluate((i) => { i.terms.remedies.refund = null; i.placement.replacementsUsed = 1; i.claim.remedy = 'refund'; });
    expect(r).toMatchObject({ status: 'eligible', allowedRemedies: [], remedyRejected: 'remedy_not_offered', refund: null, replacement: null });
  });
  it('terms with maxReplacements 0 offer the remedy but it is used up from the start', () => {
    const r = evaluate((i) => { i.terms.remedies.replacement = { maxReplacements: 0, deliveryDays: 30, newGuarantee: 'fresh' }; i.claim.remedy = 'replacement'; });
    expect(r).toMatchObject({ allowedRemedies: ['refund'], remedyRejected: 'replacements_exhausted' });
  });
  it('no remedy requested (absent or null) is never rejected', () => {
    expect(evaluate((i) => { delete i.claim.remedy; i.terms.remedies.refund = null; }).remedyRejected).toBeNull();
    expect(evaluate((i) => { i.claim.remedy = null; i.terms.remedies.refund = null; }).remedyRejected).toBeNull();
  });
  it('an allowed request is not rejected', () => {
    expect(evaluate((i) => { i.claim.remedy = 'replacement'; }).remedyRejected).toBeNull();
  });
  it('does not reject anything on an ineligible claim', () => {
    expect(evaluate((i) => { i.claim.reason = 'layoff'; i.claim.remedy = 'replacement'; i.placement.replacementsUsed = 1; }).remedyRejected).toBeNull();
  });
  it('rejects an unallowed request while the claim awaits review', () => {
    const r = evaluate((i) => { i.claim.reason = 'other'; i.terms.remedies.replacement = null; i.claim.remedy = 'replacement'; });
    expect(r).toMatchObject({ status: 'needs_review', remedyRejected: 'remedy_not_offered' });
  });
  it('terms without any remedy: nothing allowed, nothing worked out', () => {
    const r = evaluate((i) => { i.terms.remedies = { replacement: null, refund: null }; i.claim.remedy = null; });
    expect(r).toEqual({ status: 'eligible', codes: [], daysServed: 47, allowedRemedies: [], remedyRejected: null, refund: null, replacement: null });
  });
});

describe('rule 6: refund', () => {
  it('linear: fee × (G − d) / G, rounded half up', () => {
    expect(evaluate((i) => claimOn(i, 1)).refund?.amount).toBe('59333.33'); // 60000 × 89/90 = 59333.333…
    expect(evaluate((i) => claimOn(i, 45)).refund?.amount).toBe('30000.00');
    expect(evaluate((i) => claimOn(i, 89)).refund?.amount).toBe('666.67'); // 666.666…
    expect(evaluate((i) => { claimOn(i, 30); i.placement.fee = '0.15'; }).refund?.amount).toBe('0.10'); // 0.1 exactly
    // 0.09 × 45/90 = 0.045 → 0.05 (a half rounds up)
    expect(evaluate((i) => { claimOn(i, 45); i.placement.fee = '0.09'; i.placement.installments = []; }).refund).toEqual({
      amount: '0.05', finalFee: '0.04', cashRefund: '0.00', stillDue: '0.04',
    });
  });
  it('linear: the whole fee for a no-show', () => {
    const r = evaluate((i) => { i.claim.reason = 'no_show'; i.claim.reportedOn = '2026-01-06'; });
    expect(r.refund).toEqual({ amount: '60000.00', finalFee: '0.00', cashRefund: '30000.00', stillDue: '0.00' });
  });
  it('linear with G = 0: a no-show gets the whole fee (no division by zero); anything later is outside', () => {
    const noShow = evaluate((i) => { i.terms.guarantee.days = 0; i.claim.reason = 'no_show'; i.claim.reportedOn = '2026-01-05'; });
    expect(noShow).toMatchObject({ status: 'eligible', daysServed: 0, refund: { amount: '60000.00', finalFee: '0.00' } });
    expect(noShow.replacement).toEqual({ deliverBy: '2026-02-04', guaranteeDays: 0 });
    const first = evaluate((i) => { i.terms.guarantee.days = 0; claimOn(i, 1); });
    expect(first).toMatchObject({ status: 'ineligible', codes: ['outside_guarantee'], refund: null });
  });

  describe('stepped', () => {
    const stepped = (d: number, steps = [{ uptoDay: 30, percent: 100 }, { uptoDay: 90, percent: 60 }, { uptoDay: 180, percent: 30 }], days = 180) =>
      evaluate((i) => {
        i.terms.guarantee.days = days;
        i.terms.remedies.refund = { schedule: 'stepped', steps };
        claimOn(i, d);
      }).refund;
    it('takes the first step with d ≤ uptoDay', () => {
      expect(stepped(1)?.amount).toBe('60000.00');
      expect(stepped(30)?.amount).toBe('60000.00');
      expect(stepped(31)?.amount).toBe('36000.00');
      expect(stepped(90)?.amount).toBe('36000.00');
      expect(stepped(91)?.amount).toBe('18000.00');
      expect(stepped(180)?.amount).toBe('18000.00');
    });
    it('gives nothing past the last step', () => {
      expect(stepped(181, undefined, 200)).toEqual({ amount: '0.00', finalFee: '60000.00', cashRefund: '0.00', stillDue: '30000.00' });
    });
    it('a no-show (d = 0) takes the first step', () => {
      const r = evaluate((i) => {
        i.terms.remedies.refund = { schedule: 'stepped', steps: [{ uptoDay: 30, percent: 80 }] };
        i.claim.reason = 'no_show';
        i.claim.reportedOn = '2026-01-05';
      });
      expect(r.refund?.amount).toBe('48000.00');
    });
    it('fractional percents are exact, and halves round up', () => {
      const fee = (f: string, percent: number) =>
        evaluate((i) => {
          i.terms.remedies.refund = { schedule: 'stepped', steps: [{ uptoDay: 90, percent }] };
          i.placement.fee = f;
          i.placement.installments = [];
        }).refund?.amount;
      expect(fee('100.01', 33.33)).toBe('33.33'); // 33.333333
      expect(fee('60000.00', 33.33)).toBe('19998.00');
      expect(fee('0.03', 50)).toBe('0.02'); // 0.015 → 0.02
      expect(fee('0.01', 50)).toBe('0.01'); // 0.005 → 0.01
      expect(fee('150.00', 0.01)).toBe('0.02'); // 0.015 → 0.02
      expect(fee('1.50', 12.5)).toBe('0.19'); // 0.1875 → 0.19
      expect(fee('99999999999999999.99', 66.67)).toBe('66669999999999999.99'); // beyond 2^53: 66669999999999999.993333
      expect(fee('60000.00', 0)).toBe('0.00');
      expect(fee('60000.00', 100)).toBe('60000.00');
    });
  });

  it('settles against everything paid: cash back when more than the final fee was paid', () => {
    const r = evaluate((i) => {
      i.placement.installments = [
        { dueDate: '2026-01-20', amount: '30000.00', payments: [{ date: '2026-01-18', amount: '30000.00' }] },
        { dueDate: '2026-04-20', amount: '30000.00', payments: [{ date: '2026-02-01', amount: '30000.00' }] },
      ];
    });
    expect(r.refund).toEqual({ amount: '28666.67', finalFee: '31333.33', cashRefund: '28666.67', stillDue: '0.00' });
  });
  it('counts payments made after the report as paid too', () => {
    const r = evaluate((i) => {
      i.placement.installments = [{ dueDate: '2026-01-20', amount: '30000.00', payments: [{ date: '2026-01-18', amount: '30000.00' }, { date: '2026-03-01', amount: '1333.33' }] }];
    });
    expect(r.refund).toEqual({ amount: '28666.67', finalFee: '31333.33', cashRefund: '0.00', stillDue: '0.00' });
  });
  it('works in a zero-decimal currency (JPY)', () => {
    const r = evaluate((i) => {
      i.terms.currency = 'JPY';
      i.placement.fee = '1000000';
      i.placement.installments = [{ dueDate: '2026-01-20', amount: '500000', payments: [{ date: '2026-01-20', amount: '500000' }] }];
    });
    expect(r.refund).toEqual({ amount: '477778', finalFee: '522222', cashRefund: '0', stillDue: '22222' }); // 1000000 × 43/90 = 477777.78
  });
  it('reads whole amounts without decimals and with fewer decimals than the currency has', () => {
    const r = evaluate((i) => {
      i.placement.fee = '60000';
      i.placement.installments = [{ dueDate: '2026-01-20', amount: '30000.5', payments: [{ date: '2026-01-18', amount: '30000.5' }] }];
    });
    expect(r.refund).toEqual({ amount: '28666.67', finalFee: '31333.33', cashRefund: '0.00', stillDue: '1332.83' });
  });
  it('reads an absent or null replacement count as none used', () => {
    expect(evaluate((i) => { delete i.placement.replacementsUsed; }).allowedRemedies).toEqual(['replacement', 'refund']);
    expect(evaluate((i) => { i.placement.replacementsUsed = null; }).allowedRemedies).toEqual(['replacement', 'refund']);
  });
  it('a zero fee refunds nothing', () => {
    const r = evaluate((i) => { i.placement.fee = '0'; i.placement.installments = []; });
    expect(r.refund).toEqual({ amount: '0.00', finalFee: '0.00', cashRefund: '0.00', stillDue: '0.00' });
  });
});

describe('rule 7: replacement', () => {
  it('deliverBy = reportedOn + deliveryDays, across months and leap days', () => {
    expect(evaluate().replacement?.deliverBy).toBe('2026-03-26');
    const r = evaluate((i) => {
      i.placement.startDate = '2028-01-10';
      i.placement.installments = [];
      i.claim.lastWorkingDay = '2028-02-01';
      i.claim.reportedOn = '2028-02-01';
    });
    expect(r.replacement?.deliverBy).toBe('2028-03-02'); // 2028 is a leap year
    expect(evaluate((i) => { i.terms.remedies.replacement = { maxReplacements: 1, deliveryDays: 0, newGuarantee: 'fresh' }; }).replacement?.deliverBy).toBe('2026-02-24');
  });
  it('remaining: the days left of the guarantee, never below zero', () => {
    const remaining = (d: number) =>
      evaluate((i) => {
        i.terms.remedies.replacement = { maxReplacements: 1, deliveryDays: 30, newGuarantee: 'remaining' };
        claimOn(i, d);
      }).replacement?.guaranteeDays;
    expect(remaining(47)).toBe(43);
    expect(remaining(90)).toBe(0);
    expect(remaining(1)).toBe(89);
    const noShow = evaluate((i) => {
      i.terms.remedies.replacement = { maxReplacements: 1, deliveryDays: 30, newGuarantee: 'remaining' };
      i.claim.reason = 'no_show';
      i.claim.reportedOn = '2026-01-06';
    });
    expect(noShow.replacement).toEqual({ deliverBy: '2026-02-05', guaranteeDays: 90 });
  });
  it('fresh: the whole guarantee again', () => {
    expect(evaluate((i) => claimOn(i, 89)).replacement?.guaranteeDays).toBe(90);
  });
  it('is worked out while the claim awaits review', () => {
    expect(evaluate((i) => { i.claim.reason = 'other'; }).replacement).toEqual({ deliverBy: '2026-03-26', guaranteeDays: 90 });
  });
});

describe('invalid input', () => {
  it.each([
    ['input not an object', () => 'hello', 'input must be an object'],
    ['input null', () => null, 'input must be an object'],
    ['input an array', () => [], 'input must be an object'],
  ])('%s', (_what, make, message) => {
    expect(evaluateClaim(make())).toEqual({ error: { code: 'invalid_input', message } });
  });

  it.each([
    ['no terms', (i: Input) => { delete (i as Partial<Input>).terms; }, 'terms must be an object'],
    ['an unknown currency', (i: Input) => { i.terms.currency = 'RMB'; }, 'terms.currency must be one of CNY, USD, EUR, HKD, SGD, GBP, JPY, KRW'],
    ['negative guarantee days', (i: Input) => { i.terms.guarantee.days = -1; }, 'terms.guarantee.days must be a whole number ≥ 0'],
    ['an unknown covered reason', (i: Input) => { i.terms.guarantee.covered = ['quit']; }, 'terms.guarantee.covered[0] must be a termination reason'],
    ['malformed remedies', (i: Input) => { i.terms.remedies = { refund: { schedule: 'stepped', steps: [{ uptoDay: 10, percent: 100.5 }] } }; }, 'terms.remedies.refund.steps[0].percent'],
    ['installment percents not adding up to 100', (i: Input) => { i.terms.installments = [{ trigger: 'start', percent: 60, dueDays: 0 }]; }, 'terms.installments percents must add up to exactly 100 (they add up to 60)'],
    ['no placement', (i: Input) => { delete (i as Partial<Input>).placement; }, 'placement must be an object'],
    ['an impossible start date', (i: Input) => { i.placement.startDate = '2026-02-30'; }, 'placement.startDate must be a real calendar date written YYYY-MM-DD'],
    ['a start date with a time', (i: Input) => { i.placement.startDate = '2026-01-05T00:00:00Z'; }, 'placement.startDate must be a real calendar date'],
    ['a fee with 3 decimals', (i: Input) => { i.placement.fee = '60000.001'; }, 'placement.fee must have at most 2 decimals for CNY'],
    ['a JPY fee with decimals', (i: Input) => { i.terms.currency = 'JPY'; i.placement.fee = '60000.5'; }, 'placement.fee must be a whole number of JPY (no decimals)'],
    ['a negative fee', (i: Input) => { i.placement.fee = '-60000.00'; }, 'placement.fee must not be negative'],
    ['a fee as a number', (i: Input) => { i.placement.fee = 60000; }, 'placement.fee must be a decimal string'],
    ['a fee in exponent form', (i: Input) => { i.placement.fee = '6e4'; }, 'placement.fee must be a decimal string'],
    ['no fee', (i: Input) => { delete i.placement.fee; }, 'placement.fee must be a decimal string'],
    ['a negative replacement count', (i: Input) => { i.placement.replacementsUsed = -1; }, 'placement.replacementsUsed must be a whole number ≥ 0'],
    ['a fractional replacement count', (i: Input) => { i.placement.replacementsUsed = 0.5; }, 'placement.replacementsUsed must be a whole number ≥ 0'],
    ['a replacement count as a string', (i: Input) => { i.placement.replacementsUsed = '1'; }, 'placement.replacementsUsed must be a whole number ≥ 0'],
    ['installments not a list', (i: Input) => { i.placement.installments = {}; }, 'placement.installments must be an array'],
    ['an installment not an object', (i: Input) => { i.placement.installments = [1]; }, 'placement.installments[0] must be an object'],
    ['a bad due date', (i: Input) => { i.placement.installments = [{ dueDate: '2026-13-01', amount: '1.00', payments: [] }]; }, 'placement.installments[0].dueDate must be a real calendar date'],
    ['an installment amount with 3 decimals', (i: Input) => { i.placement.installments = [{ dueDate: '2026-01-20', amount: '1.001', payments: [] }]; }, 'placement.installments[0].amount must have at most 2 decimals for CNY'],
    ['payments not a list', (i: Input) => { i.placement.installments = [{ dueDate: '2026-01-20', amount: '1.00', payments: 'none' }]; }, 'placement.installments[0].payments must be an array'],
    ['a bad payment date', (i: Input) => { i.placement.installments = [{ dueDate: '2026-01-20', amount: '1.00', payments: [{ date: '2026-1-18', amount: '1.00' }] }]; }, 'placement.installments[0].payments[0].date must be a real calendar date'],
    ['a negative payment', (i: Input) => { i.placement.installments = [{ dueDate: '2026-01-20', amount: '1.00', payments: [{ date: '2026-01-18', amount: '-1.00' }] }]; }, 'placement.installments[0].payments[0].amount must not be negative'],
    ['no claim', (i: Input) => { delete (i as Partial<Input>).claim; }, 'claim must be an object'],
    ['an unknown reason', (i: Input) => { i.claim.reason = 'bored'; }, 'claim.reason must be a termination reason: one of voluntary_resignation'],
    ['no reason', (i: Input) => { delete i.claim.reason; }, 'claim.reason must be a termination reason'],
    ['a bad last working day', (i: Input) => { i.claim.lastWorkingDay = '2026-02-29'; }, 'claim.lastWorkingDay must be a real calendar date written YYYY-MM-DD'],
    ['a bad report date', (i: Input) => { i.claim.reportedOn = 'yesterday'; }, 'claim.reportedOn must be a real calendar date written YYYY-MM-DD'],
    ['no report date', (i: Input) => { delete i.claim.reportedOn; }, 'claim.reportedOn must be a real calendar date'],
    ['an unknown remedy', (i: Input) => { i.claim.remedy = 'cash'; }, 'claim.remedy must be "replacement", "refund" or null'],
    ['a no-show with a bad last working day', (i: Input) => { i.claim.reason = 'no_show'; i.claim.lastWorkingDay = 'soon'; }, 'claim.lastWorkingDay must be a real calendar date'],
  ])('%s → invalid_input naming the place', (_what, edit, message) => {
    expect(errorOf(edit)).toContain(message);
  });
});
