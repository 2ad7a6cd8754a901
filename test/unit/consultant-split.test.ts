import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { releaseSplit, splitAmong, splitByWeights } from '../../src/ledger/ledger.rules.ts';

/** How the deliverer's money is split among an agency's consultants (docs/money.md, "Consultants' shares"). */

const sum = (parts: Array<{ amount: bigint }>) => parts.reduce((s, p) => s + p.amount, 0n);

describe('splitAmong: the deliverer share by the agency admin’s percentages', () => {
  it.each([
    // amount, shares, expected parts (consultant → minor units; null: the agency)
    ['an odd amount, the agency keeping the rest', 900001n, [['c1', '70'], ['c2', '20.5']], [['c1', 630001n], ['c2', 184500n], [null, 85500n]]],
    ['thirds adding to 100: the last takes the remainder', 100n, [['a', '33.33'], ['b', '33.33'], ['c', '33.34']], [['a', 33n], ['b', 33n], ['c', 34n]]],
    ['one minor unit, two halves: half up to the first, nothing left for the second', 1n, [['a', '50'], ['b', '50']], [['a', 1n]]],
    ['three units at 50/49: 1.5 → 2, 1.47 → 1, nothing for the agency', 3n, [['a', '50'], ['b', '49']], [['a', 2n], ['b', 1n]]],
    ['13 units, asks rounded up to 14: the last consultant gets the 1 left, the agency nothing', 13n, [['a', '19.24'], ['b', '19.24'], ['c', '42.31'], ['d', '11.54']], [['a', 3n], ['b', 3n], ['c', 6n], ['d', 1n]]],
    ['no shares: all of it is the agency’s', 12345n, [], [[null, 12345n]]],
    ['JPY, no decimals: 7 yen at 60/40', 7n, [['a', '60'], ['b', '40']], [['a', 4n], ['b', 3n]]],
  ] as const)('%s', (_name, amount, shares, expected) => {
    const parts = splitAmong(amount, shares.map(([consultantId, percent]) => ({ consultantId, percent })));
    expect(parts.map((p) => [p.consultantId, p.amount])).toEqual(expected);
    expect(sum(parts)).toBe(amount);
  });

  it('a release of 10000.01 at a 10% fee: fee 1000.00, the deliverer 9000.01 split to the fen', () => {
    const r = releaseSplit(1_000_001n, '10', [{ consultantId: 'c1', percent: '70' }, { consultantId: 'c2', percent: '20.5' }]);
    expect(r.fee).toBe(100_000n);
    expect(r.parts).toEqual([{ consultantId: 'c1', amount: 630_001n }, { consultantId: 'c2', amount: 184_500n }, { consultantId: null, amount: 85_500n }]);
  });

  it('always adds up exactly, never negative, each its half-up percent until the money runs out (property)', () => {
    const percent = fc.integer({ min: 1, max: 10_000 }).map((h) => `${Math.floor(h / 100)}.${String(h % 100).padStart(2, '0')}`);
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 12n }), fc.array(percent, { maxLength: 5 }), (amount, percents) => {
        let total = 0;
        const shares = percents
          .filter((p) => {
            const h = Math.round(Number(p) * 100);
            if (total + h > 10_000) return false;
            total += h;
            return true;
          })
          .map((p, i) => ({ consultantId: `c${i}`, percent: p }));
        const parts = splitAmong(amount, shares);
        expect(sum(parts)).toBe(amount);
        for (const p of parts) expect(p.amount > 0n).toBe(true);
        if (total < 10_000) {
          // Not full: each consultant asks for its half-up percent, in order, and never gets more than is left.
          // Rounded up one by one, the asks can exceed a tiny amount by a few minor units: then the agency gets
          // nothing, the consultant where the money runs out gets the rest, and those after it get nothing.
          const asked = shares.map((s) => {
            const exact2 = amount * BigInt(Math.round(Number(s.percent) * 100)) * 2n;
            return (exact2 + 10_000n) / 20_000n; // half up of amount × percent / 100
          });
          const got = shares.map((s) => parts.find((p) => p.consultantId === s.consultantId)?.amount ?? 0n);
          const agency = parts.find((p) => p.consultantId === null)?.amount ?? 0n;
          const askedTotal = asked.reduce((a, b) => a + b, 0n);
          expect(agency).toBe(askedTotal >= amount ? 0n : amount - askedTotal);
          const firstShort = got.findIndex((g, i) => g < asked[i]!);
          got.forEach((g, i) => {
            if (firstShort === -1 || i < firstShort) expect(g).toBe(asked[i]);
            else if (i > firstShort) expect(g).toBe(0n);
          });
          expect(firstShort === -1 || askedTotal > amount).toBe(true);
        }
      }),
      { numRuns: 500 },
    );
  });
});

describe('splitByWeights: clawbacks and payouts follow what each already has', () => {
  it('splits in proportion, consultants by id, the agency last taking the remainder', () => {
    expect(splitByWeights(100_000n, [{ consultantId: null, weight: 85_500n }, { consultantId: 'c1', weight: 630_001n }, { consultantId: 'c2', weight: 0n }])).toEqual([
      { consultantId: 'c1', amount: 88_050n },
      { consultantId: null, amount: 11_950n },
    ]);
  });

  it('with nothing to weigh by, the agency takes it all; nothing of nothing', () => {
    expect(splitByWeights(5n, [{ consultantId: 'c1', weight: -3n }])).toEqual([{ consultantId: null, amount: 5n }]);
    expect(splitByWeights(0n, [{ consultantId: 'c1', weight: 3n }])).toEqual([]);
  });

  it('always adds up exactly and gives nothing to a zero or negative weight (property)', () => {
    const label = fc.constantFrom<string | null>(null, 'a', 'b', 'c', 'd');
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 12n }), fc.uniqueArray(fc.record({ consultantId: label, weight: fc.bigInt({ min: -1000n, max: 10n ** 9n }) }), { selector: (w) => w.consultantId, maxLength: 5 }), (amount, weights) => {
        const parts = splitByWeights(amount, weights);
        expect(sum(parts)).toBe(amount);
        const hasWeight = weights.some((w) => w.weight > 0n);
        for (const p of parts) {
          expect(p.amount > 0n).toBe(true);
          if (hasWeight) expect((weights.find((w) => w.consultantId === p.consultantId)?.weight ?? 0n) > 0n).toBe(true);
          else expect(p.consultantId).toBeNull();
        }
      }),
      { numRuns: 500 },
    );
  });
});
