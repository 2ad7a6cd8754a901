import { getPlacement } from '../placements/service.ts';
import type { Ctx } from '../platform/deps.ts';
import * as store from './store.ts';

/** A placement's flags with their reasons, for both sides and ops. */
export async function listFlags(ctx: Ctx, placementId: string): Promise<Omit<store.PlacementFlag, 'placementId'>[]> {
  const { placement } = await getPlacement(ctx, placementId);
  return (await store.flagsOf(ctx.deps.db, placement.id)).map(({ placementId: _p, ...f }) => f);
}
