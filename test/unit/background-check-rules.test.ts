import { describe, expect, it } from 'vitest';
import { assertReverification, reverificationInTerms } from '../../src/integrations/background-check.rules.ts';
import { DomainError } from '../../src/platform/errors.ts';

describe('re-verification after hire', () => {
  const senior = { level: 'senior', reverificationLevels: ['senior', 'manager'] };

  it('is in the terms only for a level they list', () => {
    expect(reverificationInTerms(senior)).toBe(true);
    expect(reverificationInTerms({ ...senior, level: 'mid' })).toBe(false);
    expect(reverificationInTerms({ level: 'senior', reverificationLevels: [] })).toBe(false);
    expect(reverificationInTerms({ level: 'senior', reverificationLevels: undefined })).toBe(false);
  });

  it('may be ordered for a placement in service whose terms offer it, and refuses otherwise with the reason', () => {
    for (const status of ['pending_acceptance', 'active', 'guarantee_passed', 'replacing']) expect(() => assertReverification({ ...senior, status })).not.toThrow();
    for (const status of ['replaced', 'refunded', 'closed']) expect(() => assertReverification({ ...senior, status })).toThrow(DomainError);
    try {
      assertReverification({ ...senior, level: 'junior', status: 'active' });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(DomainError);
      expect((err as DomainError).details).toMatchObject({ reason: 'not_in_terms' });
    }
  });
});
