import { describe, expect, it } from 'vitest';
import {
  canDecide,
  claimSubjectProblem,
  deadlinesFrom,
  isDecisionOverdue,
  isRaiseWindowOpen,
  isTied,
  outcomeProblem,
  raiseWindowClosesOn,
  raiserSide,
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

  it('a rejection is disputed by the poster; a settled refund by either side; nothing else', () => {
    expect(claimSubjectProblem('claim_decision', 'rejected', ['poster'])).toBeNull();
    expect(claimSubjectProblem('claim_decision', 'rejected', ['deliverer'])).toMatchObject({ code: 'forbidden' });
    for (const state of ['pending_review', 'awaiting_remedy', 'refunded', 'replacement_pending', 'replaced']) expect(claimSubjectProblem('claim_decision', state, ['poster'])).toMatchObject({ code: 'conflict' });
    expect(claimSubjectProblem('refund_amount', 'refunded', ['deliverer'])).toBeNull();
    expect(claimSubjectProblem('refund_amount', 'refunded', ['poster'])).toBeNull();
    for (const state of ['rejected', 'pending_review', 'awaiting_remedy', 'replaced']) expect(claimSubjectProblem('refund_amount', state, ['poster'])).toMatchObject({ code: 'conflict' });
  });

  it('the raiser speaks for the poster when it holds both sides; a deliverer raises only about a refund', () => {
    expect(raiserSide('claim_decision', ['poster', 'deliverer'])).toBe('poster');
    expect(raiserSide('refund_amount', ['deliverer'])).toBe('deliverer');
    expect(raiserSide('claim_decision', ['deliverer'])).toBeNull();
    expect(raiserSide('refund_amount', [])).toBeNull();
  });

  it('outcomes: a rejection is upheld or overturned; a refund upheld or adjusted to 0..fee; reasons always', () => {
    const fee = 6_000_000n;
    expect(outcomeProblem('claim_decision', 'overturn', null, fee)).toBeNull();
    expect(outcomeProblem('claim_decision', 'uphold', null, fee)).toBeNull();
    expect(outcomeProblem('claim_decision', 'adjust', 100n, fee)).toMatchObject({ field: 'outcome' });
    expect(outcomeProblem('claim_decision', 'overturn', 100n, fee)).toMatchObject({ field: 'amount' });
    expect(outcomeProblem('refund_amount', 'adjust', 0n, fee)).toBeNull();
    expect(outcomeProblem('refund_amount', 'adjust', fee, fee)).toBeNull();
    expect(outcomeProblem('refund_amount', 'adjust', fee + 1n, fee)).toMatchObject({ field: 'amount' });
    expect(outcomeProblem('refund_amount', 'adjust', -1n, fee)).toMatchObject({ field: 'amount' });
    expect(outcomeProblem('refund_amount', 'adjust', null, fee)).toMatchObject({ field: 'amount' });
    expect(outcomeProblem('refund_amount', 'uphold', 5n, fee)).toMatchObject({ field: 'amount' });
    expect(outcomeProblem('refund_amount', 'overturn', null, fee)).toMatchObject({ field: 'outcome' });
    expect(outcomeProblem('service_quality', 'adjust', 5n, fee)).toMatchObject({ field: 'outcome' });
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
