import { z } from 'zod';
import { invalidInput } from '../platform/errors.ts';
import { cursorCodec, EpochMsKey, IdKey, InstantKey, Int64Key } from '../platform/http/pagination.ts';

/**
 * The keys of the marketplace's lists, one per sort, through the platform's one cursor codec. A cursor of one
 * sort sent with another is refused (start again without a cursor).
 */
const MarketKey = z.discriminatedUnion('k', [
  z.strictObject({ k: z.literal('newest'), o: InstantKey, i: IdKey }),
  z.strictObject({ k: z.literal('reward'), r: Int64Key, i: IdKey }),
  // Relevance scores depend on "now" (freshness); the first page's instant is kept so every page ranks alike.
  z.strictObject({ k: z.literal('relevance'), t: EpochMsKey, s: z.number().finite(), i: IdKey }),
  z.strictObject({ k: z.literal('created'), c: InstantKey, i: IdKey }),
]);

type MarketKey = z.infer<typeof MarketKey>;

const codec = cursorCodec(MarketKey);

export const encodeCursor = codec.encode;

/** The key of `text`, checked to belong to `kind`; a 400 naming `cursor` otherwise. */
export function decodeCursor<K extends MarketKey['k']>(text: string, kind: K): Extract<MarketKey, { k: K }> {
  const key = codec.decode(text);
  if (key.k !== kind) throw invalidInput('cursor', `belongs to another sort ("${key.k}"); start again without a cursor`);
  return key as Extract<MarketKey, { k: K }>;
}
