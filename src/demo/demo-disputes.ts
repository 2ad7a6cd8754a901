import { claimsOfPlacement } from '../aftercare/claim.service.ts';
import * as disputes from '../disputes/service.ts';
import * as ledger from '../ledger/service.ts';
import type { Actor } from '../platform/auth/actor.ts';
import type { AppDeps, Ctx } from '../platform/deps.ts';
import * as placements from '../placements/service.ts';
import { DEMO_ORGS } from './demo-world.ts';

/**
 * Disputes in the demo world, through the same services users go through (after the money and after-sales seeds):
 *   - decided and applied: 英桥猎头 finds 孙建国's refund too large (the hire had trained the replacement team);
 *     蓝峰制造 answers, platform ops assign 林律师, who adjusts the refund down by a tenth — 蓝峰制造 owes the
 *     difference as a new installment due 15 days after the decision;
 *   - waiting for an answer: 华信科技 says it paid 张伟's first invoice in full (only two thirds are recorded);
 *     英桥猎头's consultant has 7 days to answer. Advancing the manual clock past them notes the silence and then
 *     flags the decision overdue to ops.
 */
export async function seedDemoDisputes(deps: AppDeps, actorOf: (email: string) => Actor): Promise<void> {
  const ctxOf = (email: string): Ctx => ({ deps, actor: actorOf(email) });
  const ops = ctxOf('ops@tenure.demo');
  const arbitrator = ctxOf('arbitrator@tenure.demo');
  const all = (await placements.listPlacements(ops, { limit: 200 })).items;
  const emailOf = (userId: string) => DEMO_ORGS.flatMap((o) => o.users).find((u) => actorOf(u.email).userId === userId)?.email;

  const sun = all.find((p) => p.candidateName === '孙建国');
  const refunded = sun && (await claimsOfPlacement(ops, sun.id)).find((c) => c.state === 'refunded');
  const deliverer = sun && emailOf(sun.consultantId);
  if (!sun || !refunded?.decision.refund || !deliverer) throw new Error('demo: 孙建国 has no refunded claim');
  const raised = await disputes.raiseDispute(ctxOf(deliverer), { type: 'refund_amount', subjectId: refunded.id, statement: '候选人离职前已完成新团队的带教与交接，按合同应适当减少退款金额。' });
  await disputes.respondToDispute(ctxOf('admin@bluepeak.demo'), raised.id, { statement: '交接工作属于岗位本职，不应抵扣退款。' });
  await disputes.assignArbitrator(ops, raised.id, arbitrator.actor.userId);
  const refund = ledger.parseAmountFor(refunded.decision.refund.amount, sun.currency);
  await disputes.decideDispute(arbitrator, raised.id, {
    outcome: 'adjust',
    amount: ledger.formatFor(refund - refund / 10n, sun.currency),
    reasons: '交接记录显示候选人离职前完成了两周带教，酌情减少十分之一的退款；其余按合同执行。',
  });

  const zhang = all.find((p) => p.candidateName === '张伟');
  const partial = zhang && (await ledger.installmentsView(deps, zhang.id)).find((i) => i.status === 'partially_paid');
  if (!zhang || !partial) throw new Error('demo: 张伟 has no partly paid installment');
  await disputes.raiseDispute(ctxOf('admin@huaxin.demo'), { type: 'payment', subjectId: partial.id, statement: '我方已于开票后全额付款，银行回单见附件；平台只记录了三分之二。' });
}
