import { fileClaim } from '../aftercare/claim.service.ts';
import { addDays } from '../platform/calendar-date.ts';
import type { Actor } from '../platform/auth/actor.ts';
import { calendarDateOf } from '../platform/clock.ts';
import type { AppDeps, Ctx } from '../platform/deps.ts';
import * as placements from '../placements/service.ts';

/**
 * After-sales in the demo world, through the real services. With `TENURE_CLOCK=manual`, as platform ops advance
 * time (the Time page, or `npx tenure clock advance`) the scheduler runs the lifecycle of the demo's placements:
 *   - 张伟 (Standard, started 40 days ago): the day-60 and day-90 check-ins open (the candidate's with its link in the
 *     outbox) and, unanswered, are missed when their window closes; the missed candidate forms flag the placement and
 *     give 周杰 a retention-intervention task, overdue 3 days later; on day 90 the guarantee passes, the
 *     guarantee-triggered installment is issued and what escrow holds is released;
 *   - 孙建国 (Manufacturing skill, started 10 days ago): left yesterday; 蓝峰制造 reports it here, the terms cover it,
 *     and the refund is settled in the ledger at once (the placement ends `refunded`, its pending service cancelled).
 * A replacement delivered belongs here too: the replacement remedy (claim → reopened order → replacement hire →
 * linked placement) is driven from its own services; a demo replacement would be seeded at this point.
 */
export async function seedDemoAftercare(deps: AppDeps, actorOf: (email: string) => Actor): Promise<void> {
  const poster: Ctx = { deps, actor: actorOf('admin@bluepeak.demo') };
  const all = await placements.listPlacements(poster, { status: 'active', limit: 50 });
  const left = all.items.find((p) => p.candidateName === '孙建国');
  if (!left) throw new Error('demo: 孙建国 is not in service');
  const yesterday = addDays(calendarDateOf(deps.clock.now(), left.timeZone), -1);
  await fileClaim(poster, left.id, { reason: 'voluntary_resignation', lastWorkingDay: yesterday, remedy: 'refund', comment: '候选人因家庭原因返回老家，已办理离职。' });
}
