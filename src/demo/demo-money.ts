import { calendarDateOf } from '../platform/clock.ts';
import { addDays } from '../platform/calendar-date.ts';
import type { Actor } from '../platform/auth/actor.ts';
import type { AppDeps, Ctx } from '../platform/deps.ts';
import { runDueObligations } from '../platform/scheduler/scheduler.ts';
import * as ledger from '../ledger/service.ts';
import * as placements from '../placements/service.ts';
import { DEMO_CANDIDATE_NAMES } from './demo-marketplace.ts';

/**
 * Money in the demo world, through the real services: the scheduler issues the installments whose trigger date
 * has come, platform ops record payments (张伟's first installment only in part, so it is overdue; 孙建国's in
 * full), and TalentBridge splits its deliverer share among its consultants. The rest is held in escrow until the
 * guarantees pass: advancing the manual clock issues the last installments and releases it.
 */
export async function seedDemoMoney(deps: AppDeps, actorOf: (email: string) => Actor): Promise<void> {
  await runDueObligations({ db: deps.db, dialect: deps.dialect, now: () => deps.clock.now(), handlers: deps.obligationHandlers });
  const ops: Ctx = { deps, actor: actorOf('ops@tenure.demo') };
  const agency: Ctx = { deps, actor: actorOf('admin@talentbridge.demo') };
  const c1 = actorOf('c1@talentbridge.demo');
  const c2 = actorOf('c2@talentbridge.demo');
  await ledger.setConsultantShares(agency, agency.actor.orgId, [
    { consultantId: c1.userId, percent: '70' },
    { consultantId: c2.userId, percent: '20' },
  ]);
  const all = await placements.listPlacements(ops, { limit: 200 });
  const today = calendarDateOf(deps.clock.now(), 'Asia/Shanghai');
  for (const p of all.items) {
    // The demo's own hires: a seeded history's placements paid what they paid in their time.
    if (p.status !== 'active' || !DEMO_CANDIDATE_NAMES.has(p.candidateName)) continue;
    const first = (await ledger.installmentsView(deps, p.id)).find((i) => i.status === 'open');
    if (!first) continue;
    const paidOn = addDays(first.triggerDate, 12) < today ? addDays(first.triggerDate, 12) : today;
    // 张伟's employer paid part of the first invoice and is late with the rest; the others paid on time.
    const part = p.candidateName === '张伟' ? (first.amount * 2n) / 3n : first.amount;
    await ledger.recordPayment(ops, first.id, { amount: ledger.formatFor(part, first.currency), paidOn, reference: `DEMO-${p.candidateName}-1` });
  }
}
