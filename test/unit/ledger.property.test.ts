import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decideClaim } from '../../src/aftercare/claim-evaluation.rules.ts';
import {
  accountIds,
  checkCurrencySums,
  checkPlacement,
  checkRelease,
  checkTransfer,
  currencyOfAccount,
  installmentStatusOf,
  type Leg,
  openAmountOf,
  paymentProblem,
  refundPlan,
  releaseSplit,
  splitByWeights,
  transferId,
  type TransferReason,
  type Violation,
} from '../../src/ledger/ledger.rules.ts';
import { addDays, type CalendarDate } from '../../src/platform/calendar-date.ts';
import type { Currency } from '../../src/platform/money.ts';
import type { RefundRemedy } from '../../src/plans/terms.schema.ts';

/**
 * Random sequences of hires on random terms (both release rules, linear and stepped refunds, CNY/USD/JPY/KRW),
 * issues, partial payments, overpayments (refused), guarantee passes, refund settlements with and without
 * clawback, and payouts, in random order, through an in-memory ledger that applies the money rules exactly as the
 * ledger service does; every invariant of DESIGN §4.6 is checked after every step. The DB-backed run of the same
 * operations through the real services is in test/integration/money-settlement.test.ts and money.api.test.ts.
 *
 * Runs: TENURE_PROPERTY_RUNS (default 2000).
 */
const RUNS = Number(process.env.TENURE_PROPERTY_RUNS ?? 2000);
const START = '2026-01-05' as CalendarDate;
const SHARES = [
  [],
  [{ consultantId: 'c1', percent: '70' }, { consultantId: 'c2', percent: '20' }],
  [{ consultantId: 'c1', percent: '33.33' }, { consultantId: 'c2', percent: '66.67' }],
] as const;

type Inst = { trigger: 'start' | 'day' | 'guarantee_passed' | 'final'; amount: bigint; paid: bigint; voided: bigint; issued: boolean; dueDate: CalendarDate; payments: { date: CalendarDate; amount: bigint }[] };
type P = {
  id: string;
  currency: Currency;
  fee: bigint;
  feePercent: string;
  release: 'on_payment' | 'after_guarantee';
  refund: RefundRemedy;
  guaranteeDays: number;
  guaranteeOver: boolean;
  settled: boolean;
  installments: Inst[];
  agency: string;
};

class Ledger {
  transfers: Array<{ id: string; event: string; leg: string; currency: string; debit: string; credit: string; amount: bigint; placementId: string | null; reason: TransferReason; consultantId: string | null }> = [];
  balances = new Map<string, bigint>();
  ids = new Set<string>();
  post(event: string, currency: Currency, placementId: string | null, legs: Leg[]): void {
    for (const l of legs) {
      if (l.amount === 0n) continue;
      const id = transferId(event, l.leg);
      if (this.ids.has(id)) throw new Error(`duplicate transfer ${event}/${l.leg}`);
      this.ids.add(id);
      this.transfers.push({ id, event, leg: l.leg, currency, debit: l.debit, credit: l.credit, amount: l.amount, placementId, reason: l.reason, consultantId: l.consultantId ?? null });
      this.balances.set(l.credit, (this.balances.get(l.credit) ?? 0n) + l.amount);
      this.balances.set(l.debit, (this.balances.get(l.debit) ?? 0n) - l.amount);
    }
  }
  balance(account: string): bigint {
    return this.balances.get(account) ?? 0n;
  }
  /** An account's balance per consultant its legs name (null: the agency's own part). */
  labelBalances(account: string): Map<string | null, bigint> {
    const out = new Map<string | null, bigint>();
    for (const t of this.transfers) {
      if (t.credit === account) out.set(t.consultantId, (out.get(t.consultantId) ?? 0n) + t.amount);
      if (t.debit === account) out.set(t.consultantId, (out.get(t.consultantId) ?? 0n) - t.amount);
    }
    return out;
  }
  /** Per consultant, what a placement released to it net of clawbacks. */
  releasedFrom(placementId: string): Array<{ consultantId: string | null; weight: bigint }> {
    const out = new Map<string | null, bigint>();
    for (const t of this.transfers) {
      if (t.placementId !== placementId) continue;
      if (t.reason === 'release_deliverer') out.set(t.consultantId, (out.get(t.consultantId) ?? 0n) + t.amount);
      if (t.reason === 'clawback_deliverer') out.set(t.consultantId, (out.get(t.consultantId) ?? 0n) - t.amount);
    }
    return [...out].map(([consultantId, weight]) => ({ consultantId, weight }));
  }
}

class World {
  ledger = new Ledger();
  placements: P[] = [];
  day = 0;
  events = 0;
  shares: readonly { consultantId: string; percent: string }[] = [];
  get today(): CalendarDate {
    return addDays(START, this.day);
  }

  releaseLegs(p: P, amount: bigint, prefix = ''): Leg[] {
    if (amount <= 0n) return [];
    const split = releaseSplit(amount, p.feePercent, this.shares);
    const escrow = accountIds.escrow(p.id, p.currency);
    return [
      { leg: `${prefix}fee`, debit: escrow, credit: accountIds.platform(p.currency), amount: split.fee, reason: 'release_fee' },
      ...split.parts.map((x) => ({ leg: `${prefix}deliverer:${x.consultantId ?? 'agency'}`, debit: escrow, credit: accountIds.deliverer(p.agency, p.currency), amount: x.amount, reason: 'release_deliverer' as const, consultantId: x.consultantId })),
    ];
  }

  issueDue(p: P): void {
    for (const i of p.installments) if (!i.issued && i.trigger !== 'guarantee_passed' && i.voided === 0n) i.issued = true;
  }

  /** Returns false when the payment is refused (and then nothing changed). */
  pay(p: P, idx: number, amount: bigint): 'ok' | 'overpayment' | 'not_positive' {
    const i = p.installments[idx % p.installments.length]!;
    const problem = paymentProblem(i, amount, this.today, this.today, '0001-01-01');
    if (problem) return problem.code === 'overpayment' ? 'overpayment' : 'not_positive'; // dated today: never future_date or too_early
    i.paid += amount;
    i.payments.push({ date: this.today, amount });
    const legs: Leg[] = [{ leg: 'in', debit: accountIds.poster('poster', p.currency), credit: accountIds.escrow(p.id, p.currency), amount, reason: 'payment' }];
    if (p.release === 'on_payment' || p.guaranteeOver) legs.push(...this.releaseLegs(p, amount));
    this.ledger.post(`payment:${++this.events}`, p.currency, p.id, legs);
    return 'ok';
  }

  passGuarantee(p: P): void {
    if (p.guaranteeOver) return;
    for (const i of p.installments) if (i.trigger === 'guarantee_passed' && !i.issued && i.voided === 0n) i.issued = true;
    p.guaranteeOver = true;
    this.ledger.post(`guarantee:${p.id}`, p.currency, p.id, this.releaseLegs(p, this.ledger.balance(accountIds.escrow(p.id, p.currency))));
  }

  settle(p: P, lastDay: number): { cashRefund: bigint; stillDue: bigint; paid: bigint } | null {
    if (p.settled) return null;
    const facts = p.installments.filter((i) => i.issued).map((i) => ({ dueDate: i.dueDate, amount: i.amount - i.voided, payments: i.payments }));
    const decision = decideClaim(
      { currency: p.currency, guarantee: { days: p.guaranteeDays, covered: ['voluntary_resignation'], noticeDays: 100_000, requireTimelyPayment: false, paymentGraceDays: 0 }, remedies: { replacement: null, refund: p.refund } },
      { startDate: START, fee: p.fee, replacementsUsed: 0, installments: facts },
      { reason: 'voluntary_resignation', lastWorkingDay: addDays(START, lastDay), reportedOn: addDays(START, lastDay), remedy: 'refund' },
    );
    if (!decision.refund) return null;
    const r = decision.refund;
    p.settled = true;
    const paid = p.installments.reduce((s, i) => s + i.paid, 0n);
    for (const i of p.installments) {
      if (installmentStatusOf(i) === 'paid' || i.voided > 0n) continue;
      i.voided = i.amount - i.paid;
    }
    if (r.stillDue > 0n) p.installments.push({ trigger: 'final', amount: r.stillDue, paid: 0n, voided: 0n, issued: true, dueDate: addDays(this.today, 15), payments: [] });
    const escrowAcc = accountIds.escrow(p.id, p.currency);
    const plan = refundPlan(r.cashRefund, this.ledger.balance(escrowAcc), this.ledger.balance(accountIds.deliverer(p.agency, p.currency)), p.feePercent);
    const poster = accountIds.poster('poster', p.currency);
    this.ledger.post(`settlement:${p.id}`, p.currency, p.id, [
      { leg: 'refund_escrow', debit: escrowAcc, credit: poster, amount: plan.fromEscrow, reason: 'refund_escrow' },
      { leg: 'clawback_platform', debit: accountIds.platform(p.currency), credit: poster, amount: plan.clawbackPlatform, reason: 'clawback_platform' },
      ...splitByWeights(plan.clawbackDeliverer, this.ledger.releasedFrom(p.id)).map((x) => ({ leg: `clawback_deliverer:${x.consultantId ?? 'agency'}`, debit: accountIds.deliverer(p.agency, p.currency), credit: poster, amount: x.amount, reason: 'clawback_deliverer' as const, consultantId: x.consultantId })),
    ]);
    this.ledger.post(`settlement:${p.id}:release`, p.currency, p.id, this.releaseLegs(p, plan.releaseRest));
    p.guaranteeOver = true;
    return { cashRefund: r.cashRefund, stillDue: r.stillDue, paid };
  }

  payout(agency: string, currency: Currency, amount: bigint): boolean {
    const acc = accountIds.deliverer(agency, currency);
    if (amount <= 0n || amount > this.ledger.balance(acc)) return false;
    const parts = splitByWeights(amount, [...this.ledger.labelBalances(acc)].map(([consultantId, weight]) => ({ consultantId, weight })));
    this.ledger.post(`payout:${++this.events}`, currency, null, parts.map((x) => ({ leg: `out:${x.consultantId ?? 'agency'}`, debit: acc, credit: accountIds.outside(currency), amount: x.amount, reason: 'payout' as const, consultantId: x.consultantId })));
    return true;
  }

  violations(): Violation[] {
    const out: Violation[] = [];
    const sums = new Map<string, bigint>();
    for (const [acc, b] of this.ledger.balances) sums.set(currencyOfAccount(acc), (sums.get(currencyOfAccount(acc)) ?? 0n) + b);
    out.push(...checkCurrencySums(sums));
    for (const t of this.ledger.transfers) out.push(...checkTransfer(t));
    for (const p of this.placements) {
      const byReason: Partial<Record<TransferReason, bigint>> = {};
      for (const t of this.ledger.transfers) if (t.placementId === p.id) byReason[t.reason] = (byReason[t.reason] ?? 0n) + t.amount;
      out.push(...checkPlacement({ placementId: p.id, currency: p.currency, escrowBalance: this.ledger.balance(accountIds.escrow(p.id, p.currency)), byReason }));
      for (const i of p.installments) {
        if (i.paid + i.voided > i.amount) out.push({ rule: 'installment_over', placementId: p.id, transferId: null, message: `${i.paid}+${i.voided}>${i.amount}` });
        if (i.payments.reduce((s, x) => s + x.amount, 0n) !== i.paid) out.push({ rule: 'installment_paid', placementId: p.id, transferId: null, message: 'paid ≠ payments' });
      }
      const posted = this.ledger.transfers.filter((t) => t.placementId === p.id && t.reason === 'payment').reduce((s, t) => s + t.amount, 0n);
      if (posted !== p.installments.reduce((s, i) => s + i.paid, 0n)) out.push({ rule: 'installment_posted', placementId: p.id, transferId: null, message: 'payments ≠ payment transfers' });
    }
    const releases = new Map<string, { placementId: string | null; total: bigint; fee: bigint }>();
    for (const t of this.ledger.transfers) {
      if (t.reason !== 'release_fee' && t.reason !== 'release_deliverer') continue;
      const r = releases.get(t.event) ?? { placementId: t.placementId, total: 0n, fee: 0n };
      r.total += t.amount;
      if (t.reason === 'release_fee') r.fee += t.amount;
      releases.set(t.event, r);
    }
    for (const [event, r] of releases) {
      const p = this.placements.find((x) => x.id === r.placementId)!;
      out.push(...checkRelease({ event, ...r, feePercent: p.feePercent }));
    }
    return out;
  }
}

const currencyArb = fc.constantFrom<Currency>('CNY', 'USD', 'JPY', 'KRW');
const termsArb = fc.record({
  currency: currencyArb,
  fee: fc.bigInt({ min: 1n, max: 50_000_000n }),
  feePercent: fc.constantFrom('0', '10', '12.5', '15', '33.33'),
  release: fc.constantFrom<'on_payment' | 'after_guarantee'>('on_payment', 'after_guarantee'),
  refund: fc.oneof(
    fc.constant<RefundRemedy>({ schedule: 'linear' }),
    fc.constant<RefundRemedy>({ schedule: 'stepped', steps: [{ uptoDay: 30, percent: 100 }, { uptoDay: 60, percent: 50.5 }, { uptoDay: 90, percent: 20 }] }),
  ),
  guaranteeDays: fc.constantFrom(30, 90, 180),
  split: fc.constantFrom<[number, number]>([100, 0], [50, 50], [33.33, 66.67], [40, 30]),
});

const opArb = fc.oneof(
  fc.record({ kind: fc.constant('hire' as const), terms: termsArb }),
  fc.record({ kind: fc.constant('advance' as const), days: fc.integer({ min: 1, max: 60 }) }),
  fc.record({ kind: fc.constant('pay' as const), p: fc.nat(), i: fc.nat(), fraction: fc.integer({ min: 1, max: 120 }) }),
  fc.record({ kind: fc.constant('guarantee' as const), p: fc.nat() }),
  fc.record({ kind: fc.constant('settle' as const), p: fc.nat(), lastDay: fc.integer({ min: 0, max: 200 }) }),
  fc.record({ kind: fc.constant('payout' as const), p: fc.nat(), fraction: fc.integer({ min: 1, max: 120 }) }),
  fc.record({ kind: fc.constant('shares' as const), shares: fc.constantFrom(...SHARES) }),
);

type HireTerms = typeof termsArb extends fc.Arbitrary<infer T> ? T : never;

function hire(w: World, t: HireTerms): void {
  const first = (t.fee * BigInt(Math.round(t.split[0] * 100))) / 10_000n;
  const second = t.split[1] === 0 ? 0n : t.fee - first;
  const rest = t.split[1] === 0 ? t.fee - first : 0n;
  const due = (d: number) => addDays(START, d);
  const installments: Inst[] = [{ trigger: 'start', amount: first + rest, paid: 0n, voided: 0n, issued: false, dueDate: due(15), payments: [] }];
  if (second > 0n) installments.push({ trigger: t.split[0] === 40 ? 'day' : 'guarantee_passed', amount: second, paid: 0n, voided: 0n, issued: false, dueDate: due(t.guaranteeDays + 15), payments: [] });
  w.placements.push({ id: `p${w.placements.length}`, currency: t.currency, fee: t.fee, feePercent: t.feePercent, release: t.release, refund: t.refund, guaranteeDays: t.guaranteeDays, guaranteeOver: false, settled: false, installments: installments.filter((i) => i.amount > 0n), agency: w.placements.length % 2 === 0 ? 'a1' : 'a2' });
}

describe('the ledger rules under random sequences (property, in memory)', () => {
  it(`keeps every §4.6 invariant after every step (${RUNS} sequences)`, () => {
    fc.assert(
      fc.property(fc.constantFrom(...SHARES), termsArb, fc.array(opArb, { minLength: 1, maxLength: 30 }), (shares, firstTerms, ops) => {
        const w = new World();
        w.shares = shares;
        hire(w, firstTerms);
        for (const op of ops) {
          const p = w.placements[('p' in op ? op.p : 0) % w.placements.length]!;
          switch (op.kind) {
            case 'hire':
              hire(w, op.terms);
              break;
            case 'shares':
              w.shares = op.shares;
              break;
            case 'advance':
              w.day += op.days;
              for (const x of w.placements) w.issueDue(x);
              break;
            case 'pay': {
              w.issueDue(p);
              const inst = p.installments[op.i % p.installments.length]!;
              const open = openAmountOf(inst);
              const amount = (open * BigInt(op.fraction)) / 100n;
              const before = w.ledger.transfers.length;
              const outcome = w.pay(p, op.i, amount);
              if (amount > open) expect(outcome).toBe('overpayment');
              if (outcome !== 'ok') expect(w.ledger.transfers.length).toBe(before); // refused: nothing changed
              break;
            }
            case 'guarantee':
              if (!p.settled) w.passGuarantee(p);
              break;
            case 'settle': {
              const receivedBefore = w.ledger.transfers.filter((t) => t.placementId === p.id && t.reason === 'payment').reduce((s, t) => s + t.amount, 0n);
              const releasedTo = new Set(w.ledger.releasedFrom(p.id).filter((x) => x.weight > 0n).map((x) => x.consultantId));
              const r = w.settle(p, Math.min(op.lastDay, w.day));
              if (r) {
                // Clawed back only from whom the placement released money to (whatever the shares are now).
                const clawedFrom = w.ledger.transfers.filter((t) => t.placementId === p.id && t.reason === 'clawback_deliverer').map((t) => t.consultantId);
                for (const c of clawedFrom) expect(releasedTo.size === 0 ? c === null : releasedTo.has(c)).toBe(true);
                const refunded = w.ledger.transfers.filter((t) => t.placementId === p.id && ['refund_escrow', 'clawback_platform', 'clawback_deliverer'].includes(t.reason)).reduce((s, t) => s + t.amount, 0n);
                expect(refunded).toBe(r.cashRefund);
                expect(receivedBefore).toBe(r.paid);
                expect(w.ledger.balance(accountIds.escrow(p.id, p.currency))).toBe(0n);
                expect(p.installments.every((i) => i.trigger === 'final' || i.voided === 0n || i.paid + i.voided === i.amount)).toBe(true);
              }
              break;
            }
            case 'payout': {
              const acc = accountIds.deliverer(p.agency, p.currency);
              const balance = w.ledger.balance(acc);
              const amount = balance > 0n ? (balance * BigInt(op.fraction)) / 100n : 1n;
              const ok = w.payout(p.agency, p.currency, amount);
              expect(ok).toBe(amount > 0n && amount <= balance);
              if (ok) {
                expect(w.ledger.balance(acc)).toBeGreaterThanOrEqual(0n);
                // Attributed to the consultants and the agency exactly: the parts add up to the payout.
                const legs = w.ledger.transfers.filter((t) => t.event === `payout:${w.events}`);
                expect(legs.reduce((sum, t) => sum + t.amount, 0n)).toBe(amount);
                expect([...w.ledger.labelBalances(acc).values()].reduce((sum, v) => sum + v, 0n)).toBe(w.ledger.balance(acc));
              }
              break;
            }
          }
          const v = w.violations();
          if (v.length > 0) throw new Error(`${op.kind}: ${JSON.stringify(v.slice(0, 3))}`);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('refuses a posting of the same event and leg twice (the ids collide)', () => {
    const l = new Ledger();
    const legs: Leg[] = [{ leg: 'in', debit: 'poster:o:CNY', credit: 'escrow:p:CNY', amount: 5n, reason: 'payment' }];
    l.post('payment:1', 'CNY', 'p', legs);
    expect(() => l.post('payment:1', 'CNY', 'p', legs)).toThrow(/duplicate/);
  });
});
