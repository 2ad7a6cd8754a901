import { z } from 'zod';
import { invalidInput } from '../errors.ts';
import { PAGE_LIMIT } from './page-limit.ts';

/*
 * Every paged list of the API, one way (docs/api.md "Lists and pagination"):
 * - `limit`: 1..PAGE_LIMIT.max, PAGE_LIMIT.default when absent;
 * - `cursor`: opaque, the `nextCursor` of the previous page: base64url of a small JSON object holding the sort key
 *   of the last item and its id (keyset, not offset: rows added between two pages are neither repeated nor
 *   skipped). Decoded through a zod schema: anything that is not a cursor this API gave out — bad base64, bad
 *   JSON, a value past what the database stores (2^63 - 1), an instant outside years 1970..9999 — is a 400 naming
 *   `cursor`, never a 500;
 * - the answer: `Page<T>` = `{ items, nextCursor }`, `nextCursor` null on the last page.
 */

export { PAGE_LIMIT };

export type Page<T> = { items: T[]; nextCursor: string | null };

export const LimitQuery = z.coerce.number().int().min(1).max(PAGE_LIMIT.max).default(PAGE_LIMIT.default).describe(`items per page (1–${PAGE_LIMIT.max})`);
export const CursorQuery = z.string().max(500).optional().describe('opaque: the nextCursor of the previous page');
/** The two query fields of every paged list; spread into the list's querystring schema. */
export const pageQuery = { cursor: CursorQuery, limit: LimitQuery };

/** The response schema of a page of `item`. */
export const pageSchema = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), nextCursor: z.string().nullable().describe('null on the last page') });

// ------------------------------------------------------------------------------------------ key fields

const MAX_INT64 = 2n ** 63n - 1n;
const MIN_INSTANT_MS = Date.UTC(1970, 0, 1);
const MAX_INSTANT_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

/** A row id (UUID text, or a fixed key such as `clock`). */
export const IdKey = z.string().min(1).max(64);
/** An ISO-8601 UTC instant as stored (`2026-01-19T16:00:00.000Z`). */
export const InstantKey = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/)
  .refine((s) => {
    const ms = Date.parse(s);
    // A day that does not exist (02-30) parses by rolling over: the instant must print back as it was given.
    return Number.isFinite(ms) && ms >= MIN_INSTANT_MS && ms <= MAX_INSTANT_MS && new Date(ms).toISOString().slice(0, 19) === s.slice(0, 19);
  });
/** Milliseconds since the epoch, within the same range. */
export const EpochMsKey = z.number().int().min(MIN_INSTANT_MS).max(MAX_INSTANT_MS);
/** A non-negative 64-bit integer as decimal text (money in minor units, sequence numbers). */
export const Int64Key = z
  .string()
  .regex(/^\d{1,19}$/)
  .refine((s) => BigInt(s) <= MAX_INT64);
/** A sequence number that stays exact as a JS number. */
export const SeqKey = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

/** The most common key: creation instant, then id. */
export const CreatedKey = z.strictObject({ c: InstantKey, i: IdKey });
export type CreatedKey = z.infer<typeof CreatedKey>;

// ------------------------------------------------------------------------------------------ codec

export type CursorCodec<K> = { encode(key: K): string; decode(text: string): K };

/** The cursor codec of one list's key, checked by `schema` on the way in. */
export function cursorCodec<S extends z.ZodType>(schema: S): CursorCodec<z.infer<S>> {
  return {
    encode: (key) => Buffer.from(JSON.stringify(key), 'utf8').toString('base64url'),
    decode(text) {
      let parsed: unknown;
      try {
        if (!/^[A-Za-z0-9_-]*$/.test(text)) throw new Error('not base64url');
        parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
      } catch {
        throw invalidInput('cursor', 'is not a cursor this API gave out');
      }
      const result = schema.safeParse(parsed);
      if (!result.success) throw invalidInput('cursor', 'is not a cursor this API gave out (start again without one)');
      return result.data;
    },
  };
}

export const createdCursor = cursorCodec(CreatedKey);

/**
 * The page of `rows` fetched with `limit + 1` (the extra row only says that there is more), its next cursor
 * made from the last item kept.
 */
export function pageOf<T, K>(rows: T[], limit: number, codec: CursorCodec<K>, keyOf: (last: T) => K): Page<T> {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > limit && last !== undefined ? codec.encode(keyOf(last)) : null };
}
