import * as assessments from '../assessments/service.ts';
import * as ledger from '../ledger/service.ts';
import * as marketplace from '../marketplace/service.ts';
import * as placements from '../placements/service.ts';
import * as submissions from '../submissions/service.ts';
import type { Actor } from '../platform/auth/actor.ts';
import { addDays, type CalendarDate } from '../platform/calendar-date.ts';
import { calendarDateOf } from '../platform/clock.ts';
import type { AppDeps, Ctx } from '../platform/deps.ts';
import { runDueObligations } from '../platform/scheduler/scheduler.ts';

/**
 * The manufacturing skill plan in the demo world, through the real services: 蓝峰制造 hired 陈建华 as a quality
 * engineer (质量工程师, delivered by 周杰 of TalentBridge) 64 days ago, assigned 技评认证 SkillCheck as the assessor, and
 * paid the first half of the fee. 冯工 (qa@skillcheck.demo) scored day 30 (67, pass mark 60) and day 60 (70, pass mark
 * 70): both passed, but the growth curve projects day 90 at 73 against a pass mark of 80 (a chance of about 32 %),
 * so both sides were warned. Each score is recorded on its own day (the clock of that call is moved back). As the
 * manual clock reaches day 90, the day-90 assessment opens on the workbench.
 */
const STARTED_DAYS_AGO = 64;
const SCORES: Array<{ day: number; score: number; notes: string; evidence: string }> = [
  { day: 30, score: 67, notes: '能按作业指导书完成来料检验，量具使用规范；SPC 图表判读尚需指导。', evidence: '第30天实操考核记录：来料检验 12 项，合格 10 项。' },
  { day: 60, score: 70, notes: '制程巡检基本独立，PPAP 文件理解不足，进步较慢。', evidence: '第60天实操考核记录：制程巡检与 PPAP 文件评审。' },
];

/** A Ctx whose business clock reads `date` at 10:00 in Shanghai: a step done on its own past day. */
function onDay(deps: AppDeps, actor: Actor, date: CalendarDate): Ctx {
  const at = new Date(Date.parse(`${date}T02:00:00.000Z`));
  return { deps: { ...deps, clock: { mode: deps.clock.mode, now: () => at, refresh: () => deps.clock.refresh() } }, actor };
}

export async function seedDemoAssessments(deps: AppDeps, actorOf: (email: string) => Actor): Promise<void> {
  const ctxOf = (email: string): Ctx => ({ deps, actor: actorOf(email) });
  const poster = ctxOf('hr@bluepeak.demo');
  const consultant = ctxOf('c1@talentbridge.demo');
  const orders = await marketplace.listOrgOrders(poster, poster.actor.orgId, { limit: 50 });
  const order = orders.items.find((o) => o.title === '质量工程师（汽车零部件）');
  if (!order) throw new Error('demo: the quality engineer order is missing');
  const today = calendarDateOf(deps.clock.now(), 'Asia/Shanghai');
  const startDate = addDays(today, -STARTED_DAYS_AGO);

  const sub = await submissions.submitCandidate(consultant, order.id, {
    candidateName: '陈建华',
    phone: '151 0013 8021',
    email: 'chenjianhua@example.com',
    currentEmployer: '某汽车零部件厂',
    currentTitle: '质检员',
    yearsExperience: 4,
    expectedSalary: '180000',
    notes: '候选人有 IATF 16949 体系下的来料检验经验。',
  });
  for (const to of ['screening', 'interviewing', 'offered'] as const) await submissions.moveStage(poster, sub.submission.id, { to, comment: '' });
  const hired = await submissions.moveStage(poster, sub.submission.id, { to: 'hired', comment: '候选人已确认入职日期', hire: { startDate, annualSalary: '180000', confirmOutsideRange: true } });
  const placementId = hired.placementId!;
  const detail = await placements.getPlacementView(poster, placementId);
  await placements.acceptPlacement(poster, placementId, detail.agreementHash);
  await placements.acceptPlacement(consultant, placementId, detail.agreementHash);
  await assessments.assignAssessor(poster, placementId, actorOf('assessor@skillcheck.demo').orgId);

  // What fell due since the start runs now: the first installment is issued, the day-30 and day-60 assessments open.
  await runDueObligations({ db: deps.db, dialect: deps.dialect, now: () => deps.clock.now(), handlers: deps.obligationHandlers });
  const first = (await ledger.installmentsView(deps, placementId)).find((i) => i.status === 'open');
  if (first) await ledger.recordPayment(ctxOf('ops@tenure.demo'), first.id, { amount: ledger.formatFor(first.amount, first.currency), paidOn: addDays(startDate, 10), reference: 'DEMO-陈建华-1' });

  const qa = actorOf('qa@skillcheck.demo');
  const milestones = (await assessments.getPlacementAssessments(ctxOf('qa@skillcheck.demo'), placementId)).milestones;
  for (const s of SCORES) {
    const task = milestones.find((m) => m.day === s.day && m.status !== 'scheduled');
    if (!task) throw new Error(`demo: the day-${s.day} assessment did not open`);
    const ctx = onDay(deps, qa, addDays(startDate, s.day));
    const evidence = await assessments.uploadTaskEvidence(ctx, task.id, () => Promise.resolve({ fileName: `第${s.day}天考核记录.txt`, bytes: Buffer.from(`${s.evidence}\n`, 'utf8'), truncated: false }));
    await assessments.recordScore(ctx, task.id, { score: s.score, notes: s.notes, evidenceFileIds: [evidence.id] });
  }
}

