import { z } from 'zod';
import { fileClaim } from '../aftercare/claim.service.ts';
import { installmentsView, recordPayment } from '../ledger/service.ts';
import * as marketplace from '../marketplace/service.ts';
import * as placements from '../placements/service.ts';
import * as submissions from '../submissions/service.ts';
import { addDays, type CalendarDate } from '../platform/calendar-date.ts';
import { formatAmount } from '../platform/money.ts';
import type { Actor } from '../platform/auth/actor.ts';
import { calendarDateOf, DAY_MS, type Clock } from '../platform/clock.ts';
import { inTransaction } from '../platform/db/database.ts';
import type { AppDeps, Ctx } from '../platform/deps.ts';
import { scheduleObligation, type ObligationHandler } from '../platform/scheduler/scheduler.ts';

/**
 * The time-travel demo's story (TENURE_CLOCK=manual): what the demo's people do as platform ops advance time, each
 * step an obligation due on its day, run by the scheduler through the same use cases the web app calls, as the user
 * who would do it. A step acts on its own day: its use cases see the business clock at the step's due time, however
 * far one advance jumps.
 *
 *   day 1   TalentBridge's 吴芳 accepts 黄磊's placement (the employer had already accepted);
 *   day 2   华信 hires 杨帆 (offer accepted), starting 5 days later; both sides accept the placement;
 *   day 10  ops record 华信's payment of 杨帆's first installment (an unpaid one would make a claim ineligible);
 *   day 15  ops record 华信's payment of 黄磊's first installment;
 *   day 34  杨帆 resigned the day before; 华信 reports it and asks for the free replacement (the order reopens for
 *           TalentBridge alone);
 *   day 38  TalentBridge's 周杰 submits 李娜 as the replacement;
 *   day 41  华信 hires 李娜, both sides accept: a linked placement with no fee and a fresh guarantee;
 *   day 60  黄磊 left two days before; 华信 reports it and the refund is settled in the ledger at once.
 * Alongside, the scheduler runs everyone's check-ins, tasks, installments and guarantees (张伟's passes on its day 90).
 */
export const DEMO_STORY = 'demo.story';

const STEPS = ['accept_huang', 'hire_yang', 'pay_yang', 'pay_huang', 'yang_resigns', 'replacement_submitted', 'replacement_hired', 'huang_leaves'] as const;
type Step = (typeof STEPS)[number];
const PLAN: ReadonlyArray<[number, Step]> = [
  [1, 'accept_huang'],
  [2, 'hire_yang'],
  [10, 'pay_yang'],
  [15, 'pay_huang'],
  [34, 'yang_resigns'],
  [38, 'replacement_submitted'],
  [41, 'replacement_hired'],
  [60, 'huang_leaves'],
];

const ActorSchema = z.object({ userId: z.string(), orgId: z.string(), orgKind: z.enum(['platform', 'employer', 'agency', 'assessor']), role: z.string(), via: z.literal('session') });
const StepPayload = z.object({ step: z.enum(STEPS), actors: z.record(z.string(), ActorSchema) });
type StepPayload = z.infer<typeof StepPayload>;

/** The people of the story, by e-mail (carried in each step, so a step needs no lookup of who acts). */
const CAST = ['ops@tenure.demo', 'hr@huaxin.demo', 'admin@huaxin.demo', 'c1@talentbridge.demo', 'c2@talentbridge.demo'] as const;

export async function scheduleDemoStory(deps: AppDeps, actorOf: (email: string) => Actor): Promise<void> {
  const actors = Object.fromEntries(CAST.map((email) => [email, actorOf(email)]));
  const start = deps.clock.now();
  await inTransaction(deps.db, async (tx) => {
    for (const [day, step] of PLAN) {
      const payload: StepPayload = { step, actors: actors as StepPayload['actors'] };
      await scheduleObligation(tx, start, { kind: DEMO_STORY, subjectType: 'demo_story', subjectId: step, orgId: null, dueAt: new Date(start.getTime() + day * DAY_MS), payload });
    }
  });
}

/** Runs a step in the scheduler's transaction, as its people, on the business clock stopped at the step's day. */
export function demoStoryHandler(depsOf: () => AppDeps): ObligationHandler {
  return async ({ tx, obligation }) => {
    const { step, actors } = StepPayload.parse(obligation.payload);
    const at = new Date(obligation.dueAt);
    const clock: Clock = { mode: 'manual', now: () => at, refresh: async () => {} };
    const deps: AppDeps = { ...depsOf(), db: tx, clock };
    const as = (email: (typeof CAST)[number]): Ctx => {
      const actor = actors[email];
      if (!actor) throw new Error(`demo story: ${email} is not in the cast`);
      return { deps, actor: actor as Actor };
    };
    await STORY[step]({ as, today: calendarDateOf(at, 'Asia/Shanghai') });
  };
}

type StepRun = { as: (email: (typeof CAST)[number]) => Ctx; today: CalendarDate };

const STORY: Record<Step, (run: StepRun) => Promise<void>> = {
  async accept_huang({ as }) {
    const consultant = as('c2@talentbridge.demo');
    const p = await placementOf(consultant, '黄磊');
    const view = await placements.getPlacementView(consultant, p.id);
    await placements.acceptPlacement(consultant, p.id, view.agreementHash);
  },
  async hire_yang({ as, today }) {
    const hr = as('hr@huaxin.demo');
    const yang = await submissionOf(hr, '杨帆');
    const moved = await submissions.moveStage(hr, yang.id, { to: 'hired', comment: '候选人已确认入职日期', hire: { startDate: addDays(today, 5), annualSalary: '380000.00', confirmOutsideRange: true } });
    await acceptByBoth(hr, as('c1@talentbridge.demo'), moved.placementId);
  },
  pay_yang: ({ as }) => payFirstOpenInstallment(as('ops@tenure.demo'), as('hr@huaxin.demo'), '杨帆', 'HX-BANK-PM-01'),
  pay_huang: ({ as }) => payFirstOpenInstallment(as('ops@tenure.demo'), as('admin@huaxin.demo'), '黄磊', 'HX-BANK-DS-01'),
  async yang_resigns({ as, today }) {
    const hr = as('hr@huaxin.demo');
    const p = await placementOf(hr, '杨帆');
    await fileClaim(hr, p.id, { reason: 'voluntary_resignation', lastWorkingDay: addDays(today, -1), remedy: 'replacement', comment: '候选人入职后因个人发展原因离职，申请免费替补。' });
  },
  async replacement_submitted({ as }) {
    const consultant = as('c1@talentbridge.demo');
    const yang = await submissionOf(consultant, '杨帆');
    const orderId = yang.orderId;
    // The hire may have ended the engagement; the reopened order is taken again like any other.
    const active = await marketplace.listEngagements(consultant, { status: 'active', limit: 100 });
    if (!active.items.some((e) => e.orderId === orderId)) await marketplace.takeOrder(consultant, orderId, (await marketplace.getOrderTerms(consultant, orderId)).termsHash);
    await submissions.submitCandidate(consultant, orderId, {
      candidateName: '李娜',
      phone: '158 0013 8014',
      email: 'lina@example.com',
      currentEmployer: '某协同办公 SaaS 公司',
      currentTitle: '高级产品经理',
      yearsExperience: 5,
      expectedSalary: '390000',
      notes: '替补人选：B 端 HR SaaS 产品经验，可两周内到岗。',
    });
  },
  async replacement_hired({ as, today }) {
    const hr = as('hr@huaxin.demo');
    const lina = await submissionOf(hr, '李娜');
    let moved: submissions.SubmissionDetail | undefined;
    for (const to of ['screening', 'interviewing', 'offered'] as const) moved = await submissions.moveStage(hr, lina.id, { to, comment: '' });
    moved = await submissions.moveStage(hr, lina.id, { to: 'hired', comment: '替补人选已确认入职', hire: { startDate: addDays(today, 7), annualSalary: '390000.00', confirmOutsideRange: true } });
    await acceptByBoth(hr, as('c1@talentbridge.demo'), moved.placementId);
  },
  async huang_leaves({ as, today }) {
    const admin = as('admin@huaxin.demo');
    const p = await placementOf(admin, '黄磊');
    await fileClaim(admin, p.id, { reason: 'voluntary_resignation', lastWorkingDay: addDays(today, -2), remedy: 'refund', comment: '候选人因家庭原因离开北京，已办理离职。' });
  },
};

async function placementOf(ctx: Ctx, candidateName: string) {
  // Newest first, page by page: a poster with hundreds of placements still finds the demo's candidate.
  let cursor: string | undefined;
  do {
    const page = await placements.listPlacements(ctx, { limit: 100, cursor });
    const found = page.items.find((p) => p.candidateName === candidateName);
    if (found) return found;
    cursor = page.nextCursor ?? undefined;
  } while (cursor !== undefined);
  throw new Error(`demo story: no placement of ${candidateName}`);
}

async function payFirstOpenInstallment(ops: Ctx, poster: Ctx, candidateName: string, reference: string): Promise<void> {
  const p = await placementOf(poster, candidateName);
  const open = (await installmentsView(ops.deps, p.id)).find((i) => i.status === 'open');
  if (!open) throw new Error(`demo story: ${candidateName} has no open installment to pay`);
  await recordPayment(ops, open.id, { amount: formatAmount(open.amount - open.paid, open.currency), reference });
}

async function submissionOf(ctx: Ctx, candidateName: string) {
  const page = await submissions.listSubmissions(ctx, { q: candidateName, limit: 20 });
  const found = page.items.find((s) => s.candidateName === candidateName);
  if (!found) throw new Error(`demo story: no submission of ${candidateName}`);
  return found;
}

async function acceptByBoth(poster: Ctx, consultant: Ctx, placementId: string | null): Promise<void> {
  if (!placementId) throw new Error('demo story: the hire made no placement');
  const view = await placements.getPlacementView(poster, placementId);
  await placements.acceptPlacement(poster, placementId, view.agreementHash);
  await placements.acceptPlacement(consultant, placementId, view.agreementHash);
}
