import { z } from 'zod';
import { invalidInput } from '../platform/errors.ts';

/**
 * Opaque pagination cursors: base64url of a small JSON object naming the sort and the last item's sort key.
 * A cursor is a position in a total order (sort key, then id), not an offset, so inserts and removals between
 * two pages neither repeat nor skip the items that were already there.
 */

const CursorSchema = z.discriminatedUnion('k', [
  z.object({ k: z.literal('newest'), o: z.string(), i: z.string() }),
  z.object({ k: z.literal('reward'), r: z.string().regex(/^\d+$/), i: z.string() }),
  // Relevance scores depend on "now" (freshness); the first page's instant is kept so every page ranks alike.
  z.object({ k: z.literal('relevance'), t: z.number().int(), s: z.number(), i: z.string() }),
  z.object({ k: z.literal('created'), c: z.string(), i: z.string() }),
]);

export type Cursor = z.infer<typeof CursorSchema>;

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify(cursor), 'utf8').toString('base64url');
}

/** The cursor of `text`, checked to belong to `kind`; a 400 naming `cursor` otherwise. */
export function decodeCursor<K extends Cursor['k']>(text: string, kind: K): Extract<Cursor, { k: K }> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    throw invalidInput('cursor', 'is not a cursor this API gave out');
  }
  const result = CursorSchema.safeParse(parsed);
  if (!result.success) throw invalidInput('cursor', 'is not a cursor this API gave out');
  if (result.data.k !== kind) throw invalidInput('cursor', `belongs to another sort ("${result.data.k}"); start again without a cursor`);
  return result.data as Extract<Cursor, { k: K }>;
}
