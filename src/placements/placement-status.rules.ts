import type { PlacementStatus } from '../platform/db/schema.ts';

/** Every placement status, in the order a placement moves through them (lists filter and chart by it). */
export const PLACEMENT_STATUSES = ['pending_acceptance', 'active', 'guarantee_passed', 'replacing', 'replaced', 'refunded', 'closed'] as const satisfies readonly PlacementStatus[];

// A status the table allows but this list forgets fails to compile here.
const everyStatusListed: [PlacementStatus] extends [(typeof PLACEMENT_STATUSES)[number]] ? true : never = true;
void everyStatusListed;
