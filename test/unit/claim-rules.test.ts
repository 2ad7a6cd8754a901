import { describe, expect, it } from 'vitest';
import { checkLastWorkingDay, extendedDeliverBy, isOpenState, nextStepAfterDecision, nextStepAfterReview, replacementHireRefusal, replacementOverdueOn } from '../../src/aftercare/claim.rules.ts';
import { claimDecisionInWords } from '../../src/aftercare/claim-wording.rules.ts';
import { evaluateClaimFacts } from '../../src/aftercare/claim-evaluation.rules.ts';
import { checkDateWindow, type CalendarDate } from '../../src/platform/calendar-date.ts';
import { planTemplate } from '../../src/plans/plan-templates.ts';

const d = (s: string) => s as CalendarDate;

describe('what a decision leads to (DESIGN §4.5)', () => {
  const both = { allowedRemedies: ['replacement', 'refund'] as ('replacement' | 'refund')[] };
  it('ineligible is rejected; needs_review waits for ops', () => {
    expect(nextStepAfterDecision({ status: 'ineligible', allowedRemedies: [] }, 'refund')).toEqual({ state: 'rejected' });
    expect(nextStepAfterDecision({ status: 'needs_review', ...both }, 'refund')).toEqual({ state: 'pending_review' });
  });
  it('eligible with an allowed remedy applies it; with none asked or one not allowed, the poster picks', () => {
    expect(nextStepAfterDecision({ status: 'eligible', ...both }, 'refund')).toEqual({ state: 'apply', remedy: 'refund' });
    expect(nextStepAfterDecision({ status: 'eligible', ...both }, 'replacement')).toEqual({ state: 'apply', remedy: 'replacement' });
    expect(nextStepAfterDecision({ status: 'eligible', ...both }, null)).toEqual({ state: 'awaiting_remedy' });
    expect(nextStepAfterDecision({ status: 'eligible', allowedRemedies: ['refund'] }, 'replacement')).toEqual({ state: 'awaiting_remedy' });
  });
  it('eligible with nothing to offer ends rejected (a plan without remedies)', () => {
    expect(nextStepAfterDecision({ status: 'eligible', allowedRemedies: [] }, null)).toEqual({ state: 'rejected' });
  });
  it('after review: not covered is rejected; covered goes on like an eligible claim', () => {
    expect(nextStepAfterReview(both, false, 'refund')).toEqual({ state: 'rejected' });
    expect(nextStepAfterReview(both, true, 'refund')).toEqual({ state: 'apply', remedy: 'refund' });
    expect(nextStepAfterReview(both, true, null)).toEqual({ state: 'awaiting_remedy' });
  });
  it('open states', () => {
    expect(['pending_review', 'awaiting_remedy', 'replacement_pending', 'replacement_overdue'].every((s) => isOpenState(s as never))).toBe(true);
    expect(['rejected', 'refunded', 'replaced'].some((s) => isOpenState(s as never))).toBe(false);
  });
  it('a replacement due by the 26th is overdue on the 27th; extending adds deliveryDays', () => {
    expect(replacementOverdueOn(d('2026-03-26'))).toBe('2026-03-27');
    expect(extendedDeliverBy(d('2026-03-26'), 30)).toBe('2026-04-25');
  });
});

describe('the decision in words', () => {
  const terms = planTemplate('standard').terms;
  const claim = { reason: 'voluntary_resignation' as const, lastWorkingDay: d('2026-02-20'), reportedOn: d('2026-03-01'), startDate: d('2026-01-05'), fee: '60000.00' };
  const decision = evaluateClaimFacts(terms, { startDate: claim.startDate, fee: 6_000_000n, replacementsUsed: 0, installments: [] }, { ...claim, remedy: 'refund' });
  it('says how late the report was against the terms, in both languages', () => {
    expect(decision.codes).toEqual(['notice_late']);
    const en = claimDecisionInWords({ terms, decision, claim }, 'en');
    expect(en.find((c) => c.clause === 'notice')).toEqual({ clause: 'notice', met: false, text: 'Reported 9 days after the last working day; the terms allow 7.' });
    expect(en.find((c) => c.clause === 'guarantee')).toMatchObject({ met: true, text: '47 days served (start 2026-01-05 is day 1, last working day 2026-02-20), within the 90-day guarantee.' });
    const zh = claimDecisionInWords({ terms, decision, claim }, 'zh-CN');
    expect(zh.find((c) => c.clause === 'notice')!.text).toBe('在最后工作日后 9 天申报；条款允许 7 天。');
    expect(zh.find((c) => c.clause === 'outcome')!.text).toBe('结论：不符合售后条件。');
    // Ineligible: no remedies, no refund clause.
    expect(en.map((c) => c.clause)).toEqual(['reason', 'guarantee', 'notice', 'payment', 'outcome']);
  });
  it('an eligible claim shows the refund arithmetic and the replacement deadline', () => {
    const ok = evaluateClaimFacts(terms, { startDate: claim.startDate, fee: 6_000_000n, replacementsUsed: 0, installments: [] }, { ...claim, reportedOn: d('2026-02-24'), remedy: 'refund' });
    const en = claimDecisionInWords({ terms, decision: ok, claim: { ...claim, reportedOn: d('2026-02-24') } }, 'en');
    expect(en.find((c) => c.clause === 'refund')!.text).toBe(
      'Refund 28666.67 CNY (pro rata: fee 60000.00 × (90 − 47) ÷ 90, rounded half up to the minor unit); final fee 31333.33 CNY, paid back 0.00 CNY, still due 31333.33 CNY.',
    );
    expect(en.find((c) => c.clause === 'replacement')!.text).toBe('A free replacement must be hired by 2026-03-26 (30 days from the report on 2026-02-24); its guarantee is 90 days.');
    expect(en.find((c) => c.clause === 'remedies')!.text).toBe('Remedies available: free replacement, refund.');
  });
  it('a layoff is named as not covered', () => {
    const layoff = evaluateClaimFacts(terms, { startDate: claim.startDate, fee: 6_000_000n, replacementsUsed: 0, installments: [] }, { ...claim, reason: 'layoff', remedy: null });
    const en = claimDecisionInWords({ terms, decision: layoff, claim: { ...claim, reason: 'layoff' } }, 'en');
    expect(en[0]).toEqual({ clause: 'reason', met: false, text: 'The reason, layoff, is not one the terms cover.' });
  });
});

describe('whether a claim takes a replacement hire (DESIGN §4.5)', () => {
  const pending = { state: 'replacement_pending' as const, deliverBy: d('2026-04-10'), hasReplacement: false };
  it('takes it while pending, up to and including deliverBy', () => {
    expect(replacementHireRefusal({ ...pending, today: d('2026-03-12') })).toBeNull();
    expect(replacementHireRefusal({ ...pending, today: d('2026-04-10') })).toBeNull();
  });
  it('refuses it the day after deliverBy, even before the scheduler marks the claim overdue, and once overdue', () => {
    expect(replacementHireRefusal({ ...pending, today: d('2026-04-11') })).toMatchObject({ code: 'replacement_overdue', details: { deliverBy: '2026-04-10' } });
    expect(replacementHireRefusal({ ...pending, state: 'replacement_overdue', today: d('2026-04-11') })).toMatchObject({ code: 'replacement_overdue' });
  });
  it('refuses a second hire, and claims in any other state, as a conflict', () => {
    expect(replacementHireRefusal({ ...pending, hasReplacement: true, today: d('2026-03-12') })).toMatchObject({ code: 'conflict' });
    for (const state of ['replaced', 'refunded', 'awaiting_remedy', 'pending_review', 'rejected'] as const) {
      expect(replacementHireRefusal({ ...pending, state, today: d('2026-03-12') })).toMatchObject({ code: 'conflict', details: { state } });
    }
  });
});

describe('how far ahead a last working day may be reported', () => {
  const today = d('2026-11-29');
  it.each(['2020-01-01', '2026-11-29', '2026-12-13', '2027-11-30'])('%s is for the engine to judge', (day) => {
    expect(() => checkLastWorkingDay(d(day), today)).not.toThrow();
  });
  it.each(['2027-12-01', '9999-12-31'])('%s is more than a year ahead: refused, naming the field and the last date', (day) => {
    expect(() => checkLastWorkingDay(d(day), today)).toThrow(/^lastWorkingDay must be at most a year after today: to 2027-11-30$/);
  });
});

describe('the one date-window check', () => {
  it('names the field and both ends, or the one end it has', () => {
    expect(() => checkDateWindow(d('2026-01-01'), d('2026-01-10'), { before: 5, after: 5 }, 'paidOn', 'is out of range')).toThrow(/^paidOn is out of range: from 2026-01-05 to 2026-01-15$/);
    expect(() => checkDateWindow(d('2026-01-05'), d('2026-01-10'), { before: 5, after: 5 }, 'paidOn', 'is out of range')).not.toThrow();
    expect(() => checkDateWindow(d('0001-01-01'), d('2026-01-10'), { after: 5 }, 'x', 'is late')).not.toThrow();
  });
});
