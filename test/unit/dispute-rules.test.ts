import { describe, expect, it } from 'vitest';
import {
  canDecide,
  claimSubjectProblem,
  deadlinesFrom,
  installmentSubjectProblem,
  placementSubjectProblem,
  serviceContestedOn,
  isDecisionOverdue,
  isRaiseWindowOpen,
  isTied,
  outcomeProblem,
  raiseWindowClosesOn,
  raiserSide,
  otherSide,
  refusalSubjectProblem,
  sidesAllowed,
} from '../../src/disputes/dispute.rules.ts';
import type { CalendarDate } from '../../src/platform/calendar-date.ts';

const d = (s: string) => s as CalendarDate;

describe('dispute rules (DESIGN §4.8)', () => {
  it('the window to raise closes 30 days after the decision, that day included; across a month and a year end', () => {
    expect(raiseWindowClosesOn(d('2026-01-31'))).toBe('2026-03-02');
    expect(isRaiseWindowOpen(d('2026-01-31'), d('2026-01-31'))).toBe(true);
    expect(isRaiseWindowOpen(d('2026-01-31'), d('2026-03-02'))).toBe(true);
    expect(isRaiseWindowOpen(d('2026-01-31'), d('2026-03-03'))).toBe(false);
    expect(raiseWindowClosesOn(d('2026-12-15'))).toBe('2027-01-14');
    expect(isRaiseWindowOpen(d('2024-02-01'), d('2024-03-02'))).toBe(true);
    expect(isRaiseWindowOpen(d('2024-02-01'), d('2024-03-03'))).toBe(false);
  });

  it('the answer is due by day +7 and the decision by day +14 from the day raised', () => {
    expect(deadlinesFrom(d('2026-12-28'))).toEqual({ answerBy: '2027-01-04', decideBy: '2027-01-11' });
    expect(deadlinesFrom(d('2028-02-22'))).toEqual({ answerBy: '2028-02-29', decideBy: '2028-03-07' });
  });

  it('a rejection is disputed by the poster, a refund granted by the deliverer; a settled refund by either side; nothing else', () => {
    expect(claimSubjectProblem('claim_decision', 'rejected', ['poster'])).toBeNull();
    expect(claimSubjectProblem('claim_decision', 'rejected', ['deliverer'])).toMatchObject({ code: 'forbidden' });
    expect(claimSubjectProblem('claim_decision', 'refunded', ['deliverer'])).toBeNull();
    expect(claimSubjectProblem('claim_decision', 'refunded', ['poster'])).toMatchObject({ code: 'forbidden' });
    for (const state of ['pending_review', 'awaiting_remedy', 'replacement_pending', 'replaced']) expect(claimSubjectProblem('claim_decision', state, ['poster'])).toMatchObject({ code: 'conflict' });
    expect(claimSubjectProblem('refund_amount', 'refunded', ['deliverer'])).toBeNull();
    expect(claimSubjectProblem('refund_amount', 'refunded', ['poster'])).toBeNull();
    for (const state of ['rejected', 'pending_review', 'awaiting_remedy', 'replaced']) expect(claimSubjectProblem('refund_amount', state, ['poster'])).toMatchObject({ code: 'conflict' });
    expect(installmentSubjectProblem(true)).toBeNull();
    expect(installmentSubjectProblem(false)).toMatchObject({ code: 'conflict' });
    expect(placementSubjectProblem('active')).toBeNull();
    expect(placementSubjectProblem('refunded')).toBeNull();
    expect(placementSubjectProblem('pending_acceptance')).toMatchObject({ code: 'conflict' });
  });

  it('the service is contested from today while the guarantee runs, from its end after it', () => {
    expect(serviceContestedOn(d('2026-04-01'), d('2026-03-31'))).toBe('2026-03-31');
    expect(serviceContestedOn(d('2026-04-01'), d('2026-04-01'))).toBe('2026-04-01');
    expect(serviceContestedOn(d('2026-04-01'), d('2026-06-01'))).toBe('2026-04-01');
  });

  it('the raiser speaks for the poster when it holds both sides and the poster may raise; else for the side that may', () => {
    expect(raiserSide('claim_decision', 'rejected', ['poster', 'deliverer'])).toBe('poster');
    expect(raiserSide('claim_decision', 'refunded', ['poster', 'deliverer'])).toBe('deliverer');
    expect(raiserSide('claim_decision', 'rejected', ['deliverer'])).toBeNull();
    expect(raiserSide('claim_decision', 'refunded', ['poster'])).toBeNull();
    expect(raiserSide('refund_amount', 'refunded', ['deliverer'])).toBe('deliverer');
    expect(raiserSide('refund_amount', 'refunded', [])).toBeNull();
    expect(raiserSide('payment', 'open', ['deliverer'])).toBe('deliverer');
    expect(raiserSide('payment', 'paid', ['poster', 'deliverer'])).toBe('poster');
    expect(raiserSide('service_quality', 'active', ['poster'])).toBe('poster');
    expect(raiserSide('service_quality', 'active', ['deliverer'])).toBeNull();
  });

  it('outcomes: a claim decision upheld or overturned; a refund upheld or adjusted to 0..fee; a payment recorded or reversed; a credit within what was paid', () => {
    const b = { fee: 6_000_000n, creditable: 3_000_000n, today: d('2026-05-10') };
    const f = (amount: bigint | null = null, paidOn: string | null = null, paymentId: string | null = null) => ({ amount, paidOn: paidOn as CalendarDate | null, paymentId });
    expect(outcomeProblem('claim_decision', 'overturn', f(), b)).toBeNull();
    expect(outcomeProblem('claim_decision', 'uphold', f(), b)).toBeNull();
    expect(outcomeProblem('claim_decision', 'adjust', f(100n), b)).toMatchObject({ field: 'outcome' });
    expect(outcomeProblem('claim_decision', 'overturn', f(100n), b)).toMatchObject({ field: 'amount' });
    expect(outcomeProblem('refund_amount', 'adjust', f(0n), b)).toBeNull();
    expect(outcomeProblem('refund_amount', 'adjust', f(b.fee), b)).toBeNull();
    expect(outcomeProblem('refund_amount', 'adjust', f(b.fee + 1n), b)).toMatchObject({ field: 'amount' });
    expect(outcomeProblem('refund_amount', 'adjust', f(-1n), b)).toMatchObject({ field: 'amount' });
    expect(outcomeProblem('refund_amount', 'adjust', f(), b)).toMatchObject({ field: 'amount' });
    expect(outcomeProblem('refund_amount', 'adjust', f(5n, '2026-05-01'), b)).toMatchObject({ field: 'paidOn' });
    expect(outcomeProblem('refund_amount', 'uphold', f(5n), b)).toMatchObject({ field: 'amount' });
    expect(outcomeProblem('refund_amount', 'overturn', f(), b)).toMatchObject({ field: 'outcome' });
    // Payments: adjust records the payment found (amount > 0 on a day not after today); overturn reverses one.
    expect(outcomeProblem('payment', 'adjust', f(100n, '2026-05-10'), b)).toBeNull();
    expect(outcomeProblem('payment', 'adjust', f(100n, '2026-05-11'), b)).toMatchObject({ field: 'paidOn' });
    expect(outcomeProblem('payment', 'adjust', f(100n), b)).toMatchObject({ field: 'paidOn' });
    expect(outcomeProblem('payment', 'adjust', f(0n, '2026-05-01'), b)).toMatchObject({ field: 'amount' });
    expect(outcomeProblem('payment', 'adjust', f(null, '2026-05-01'), b)).toMatchObject({ field: 'amount' });
    expect(outcomeProblem('payment', 'adjust', f(100n, '2026-05-01', 'p1'), b)).toMatchObject({ field: 'paymentId' });
    expect(outcomeProblem('payment', 'overturn', f(null, null, 'p1'), b)).toBeNull();
    expect(outcomeProblem('payment', 'overturn', f(), b)).toMatchObject({ field: 'paymentId' });
    expect(outcomeProblem('payment', 'overturn', f(5n, null, 'p1'), b)).toMatchObject({ field: 'amount' });
    expect(outcomeProblem('payment', 'uphold', f(null, null, 'p1'), b)).toMatchObject({ field: 'paymentId' });
    // Service quality: a credit above 0, at most what the placement received and kept.
    expect(outcomeProblem('service_quality', 'adjust', f(b.creditable), b)).toBeNull();
    expect(outcomeProblem('service_quality', 'adjust', f(b.creditable + 1n), b)).toMatchObject({ field: 'amount' });
    expect(outcomeProblem('service_quality', 'adjust', f(0n), b)).toMatchObject({ field: 'amount' });
    expect(outcomeProblem('service_quality', 'overturn', f(), b)).toMatchObject({ field: 'outcome' });
    expect(outcomeProblem('service_quality', 'uphold', f(), b)).toBeNull();
  });

  it('an arbitrator tied to either party is in conflict', () => {
    const parties = { posterOrgId: 'p', agencyOrgId: 'a' };
    expect(isTied([], parties)).toBe(false);
    expect(isTied(['x', 'p'], parties)).toBe(true);
    expect(isTied(['a'], parties)).toBe(true);
    expect(isTied(['x'], parties)).toBe(false);
  });

  it('overdue the day after decideBy, until decided; decided only once the answer is in or its time is up', () => {
    expect(isDecisionOverdue({ state: 'awaiting_decision', decideBy: d('2026-03-14') }, d('2026-03-14'))).toBe(false);
    expect(isDecisionOverdue({ state: 'awaiting_decision', decideBy: d('2026-03-14') }, d('2026-03-15'))).toBe(true);
    expect(isDecisionOverdue({ state: 'awaiting_response', decideBy: d('2026-03-14') }, d('2026-03-15'))).toBe(true);
    expect(isDecisionOverdue({ state: 'decided', decideBy: d('2026-03-14') }, d('2026-04-15'))).toBe(false);
    expect(canDecide('awaiting_decision')).toBe(true);
    expect(canDecide('awaiting_response')).toBe(false);
    expect(canDecide('decided')).toBe(false);
  });
});

describe('ownership disputes (DESIGN §4.4, §4.8)', () => {
  const none = { amount: null, paidOn: null, paymentId: null };
  const bounds = { fee: 0n, creditable: 0n, today: d('2026-06-01') };

  it('are raised by the refused side and answered by the owner', () => {
    expect(sidesAllowed('ownership', 'refused')).toEqual(['deliverer']);
    expect(raiserSide('ownership', 'refused', ['deliverer'])).toBe('deliverer');
    expect(raiserSide('ownership', 'refused', ['poster'])).toBeNull();
    expect(otherSide('deliverer', 'ownership')).toBe('owner');
    expect(otherSide('deliverer', 'payment')).toBe('poster');
    expect(otherSide('poster')).toBe('deliverer');
  });

  it('are upheld or overturned, with nothing else', () => {
    expect(outcomeProblem('ownership', 'uphold', none, bounds)).toBeNull();
    expect(outcomeProblem('ownership', 'overturn', none, bounds)).toBeNull();
    expect(outcomeProblem('ownership', 'adjust', none, bounds)?.field).toBe('outcome');
    expect(outcomeProblem('ownership', 'overturn', { ...none, amount: 1n }, bounds)?.field).toBe('amount');
    expect(outcomeProblem('ownership', 'overturn', { ...none, paymentId: 'p' }, bounds)?.field).toBe('paymentId');
  });

  it('a refusal accepted already, or decided once, cannot be disputed', () => {
    expect(refusalSubjectProblem({ accepted: false, decidedBefore: false })).toBeNull();
    expect(refusalSubjectProblem({ accepted: true, decidedBefore: false })?.code).toBe('conflict');
    expect(refusalSubjectProblem({ accepted: false, decidedBefore: true })?.code).toBe('conflict');
  });

  it('an arbitrator tied to the owner may not arbitrate', () => {
    expect(isTied(['owner-agency'], { posterOrgId: 'p', agencyOrgId: 'a', respondentOrgId: 'owner-agency' })).toBe(true);
    expect(isTied(['x'], { posterOrgId: 'p', agencyOrgId: 'a', respondentOrgId: 'owner-agency' })).toBe(false);
    expect(isTied(['x'], { posterOrgId: 'p', agencyOrgId: 'a', respondentOrgId: null })).toBe(false);
  });
});

