import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { DomainError } from '../../src/platform/errors.ts';
import { createdCursor, cursorCodec, EpochMsKey, IdKey, Int64Key, LimitQuery, PAGE_LIMIT, pageOf } from '../../src/platform/http/pagination.ts';

const b64 = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value), 'utf8').toString('base64url');

function refusal(run: () => unknown): DomainError {
  try {
    run();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('the one keyset cursor codec', () => {
  it('gives back the key it encoded', () => {
    const key = { c: '2026-03-02T08:00:00.000Z', i: '0190a5b2-0000-7000-8000-000000000001' };
    expect(createdCursor.decode(createdCursor.encode(key))).toEqual(key);
  });

  it.each([
    ['not base64url', '%%%'],
    ['base64 of no JSON', b64('c=1|i=2')],
    ['the old "instant|id" text', b64('2026-03-02T08:00:00.000Z|abc')],
    ['JSON of another shape', b64({ k: 'created', x: 1 })],
    ['an instant in year 1', b64({ c: '0001-01-01T00:00:00.000Z', i: 'a' })],
    ['an instant past year 9999', b64({ c: '+10000-01-01T00:00:00.000Z', i: 'a' })],
    ['a date that does not exist', b64({ c: '2026-02-30T00:00:00.000Z', i: 'a' })],
    ['an empty id', b64({ c: '2026-03-02T08:00:00.000Z', i: '' })],
    ['an empty cursor', ''],
  ])('refuses %s with a 400 naming cursor', (_what, text) => {
    const error = refusal(() => createdCursor.decode(text));
    expect(error.code).toBe('invalid_input');
    expect(error.details).toEqual({ field: 'cursor' });
  });

  it('refuses amounts past what the database stores (2^63 - 1) and instants past the date range', () => {
    const money = cursorCodec(z.object({ r: Int64Key, i: IdKey }));
    expect(money.decode(b64({ r: (2n ** 63n - 1n).toString(), i: 'a' })).r).toBe('9223372036854775807');
    expect(refusal(() => money.decode(b64({ r: (2n ** 63n).toString(), i: 'a' }))).details).toEqual({ field: 'cursor' });
    expect(refusal(() => money.decode(b64({ r: '-1', i: 'a' }))).details).toEqual({ field: 'cursor' });
    const time = cursorCodec(z.object({ t: EpochMsKey }));
    expect(refusal(() => time.decode(b64({ t: 1e300 }))).details).toEqual({ field: 'cursor' });
    expect(refusal(() => time.decode(b64({ t: 8.64e15 + 1 }))).details).toEqual({ field: 'cursor' });
    expect(refusal(() => time.decode(b64({ t: 1.5 }))).details).toEqual({ field: 'cursor' });
  });
});

describe('the one page policy', () => {
  it('limit: 1..max, the default when absent', () => {
    expect(LimitQuery.parse(undefined)).toBe(PAGE_LIMIT.default);
    expect(LimitQuery.parse('100')).toBe(100);
    for (const bad of ['0', '101', '2.5', 'x']) expect(LimitQuery.safeParse(bad).success, bad).toBe(false);
  });

  it('a page keeps `limit` items and has a next cursor only when the extra row says there is more', () => {
    const rows = [1, 2, 3].map((n) => ({ c: `2026-03-0${n}T00:00:00.000Z`, i: `id${n}` }));
    const full = pageOf(rows, 2, createdCursor, (r) => r);
    expect(full.items).toEqual(rows.slice(0, 2));
    expect(createdCursor.decode(full.nextCursor!)).toEqual(rows[1]);
    expect(pageOf(rows, 3, createdCursor, (r) => r)).toEqual({ items: rows, nextCursor: null });
    expect(pageOf([], 3, createdCursor, (r) => r)).toEqual({ items: [], nextCursor: null });
  });
});
