import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkPublishable, customPlanKey, nextRequestStatus, nextVersionNumber } from '../../src/plans/plan-versioning.rules.ts';
import { DomainError } from '../../src/platform/errors.ts';

const caught = (fn: () => unknown): DomainError => {
  try {
    fn();
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error('expected a DomainError');
};

describe('version numbers', () => {
  it('start at 1 and go up by one', () => {
    expect(nextVersionNumber(null)).toBe(1);
    expect(nextVersionNumber(1)).toBe(2);
    expect(nextVersionNumber(41)).toBe(42);
    fc.assert(fc.property(fc.integer({ min: 1, max: 1_000_000 }), (n) => nextVersionNumber(n) === n + 1));
  });

  it('refuse a latest version that cannot exist', () => {
    expect(() => nextVersionNumber(0)).toThrow();
    expect(() => nextVersionNumber(-1)).toThrow();
    expect(() => nextVersionNumber(1.5)).toThrow();
  });
});

describe('publishing a version', () => {
  const latest = { version: 3, termsHash: 'a'.repeat(64) };

  it('accepts new terms, with or without the version the edit started from', () => {
    expect(() => checkPublishable({ latest, newTermsHash: 'b'.repeat(64) })).not.toThrow();
    expect(() => checkPublishable({ latest, expectedVersion: 3, newTermsHash: 'b'.repeat(64) })).not.toThrow();
    expect(() => checkPublishable({ latest: null, newTermsHash: 'b'.repeat(64) })).not.toThrow();
  });

  it('refuses an edit made on an older version (someone published meanwhile)', () => {
    const e = caught(() => checkPublishable({ latest, expectedVersion: 2, newTermsHash: 'b'.repeat(64) }));
    expect(e.code).toBe('conflict');
    expect(e.message).toBe('expectedVersion: the plan is at version 3, not 2; reload it and apply your edit again');
    expect(e.details).toEqual({ field: 'expectedVersion', latestVersion: 3 });
  });

  it('refuses a version that changes nothing (same terms hash as the latest)', () => {
    const e = caught(() => checkPublishable({ latest, newTermsHash: latest.termsHash }));
    expect(e.code).toBe('conflict');
    expect(e.message).toMatch(/^terms: identical to version 3/);
  });

  it('checks the stale edit first: the editor must see the newer version before anything else', () => {
    expect(caught(() => checkPublishable({ latest, expectedVersion: 1, newTermsHash: latest.termsHash })).details).toMatchObject({ field: 'expectedVersion' });
  });

  it('allows going back to the terms of an older version: only the latest counts as "no change"', () => {
    expect(() => checkPublishable({ latest, newTermsHash: 'c'.repeat(64) })).not.toThrow();
  });
});

describe('custom plan keys', () => {
  const id = '3F9A0C1E-7b2d-4c3e-9f00-0123456789ab';

  it('are "custom-" and the first 8 hex digits of the plan id, lower case', () => {
    expect(customPlanKey(id)).toBe('custom-3f9a0c1e');
  });

  it('take 4 more digits on each retry after a clash', () => {
    expect(customPlanKey(id, 1)).toBe('custom-3f9a0c1e7b2d');
    expect(customPlanKey(id, 2)).toBe('custom-3f9a0c1e7b2d4c3e');
    expect(customPlanKey(id, 99)).toBe(`custom-${id.replace(/-/g, '').toLowerCase()}`);
  });

  it('never equal a built-in template key', () => {
    fc.assert(fc.property(fc.uuid(), (u) => /^custom-[0-9a-f]{8}$/.test(customPlanKey(u))));
  });
});

describe('custom plan requests', () => {
  it('are published or declined once, from open', () => {
    expect(nextRequestStatus('open', 'publish')).toBe('published');
    expect(nextRequestStatus('open', 'decline')).toBe('declined');
  });

  it('stay decided', () => {
    for (const status of ['published', 'declined'] as const) {
      for (const action of ['publish', 'decline'] as const) {
        const e = caught(() => nextRequestStatus(status, action));
        expect(e.code).toBe('invalid_transition');
        expect(e.message).toContain(`already ${status}`);
      }
    }
  });
});
