import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { newId } from '../../src/platform/ids.ts';

describe('newId', () => {
  it('makes valid UUIDs (version 7) that the API accepts as ids', () => {
    for (let i = 0; i < 100; i++) {
      const id = newId();
      expect(z.string().uuid().safeParse(id).success).toBe(true);
      expect(id[14]).toBe('7');
      expect('89ab').toContain(id[19]!);
    }
  });

  it('sorts in the order the ids were made, even thousands within one millisecond', () => {
    const ids = Array.from({ length: 10_000 }, () => newId());
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
