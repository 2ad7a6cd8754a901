import * as marketplace from '../marketplace/service.ts';
import type { RewardInput } from '../marketplace/job-order.rules.ts';
import type { JobFunction, JobLevel } from '../marketplace/job-catalog.ts';
import * as placements from '../placements/service.ts';
import * as plans from '../plans/service.ts';
import * as submissions from '../submissions/service.ts';
import type { Actor } from '../platform/auth/actor.ts';
import { addDays } from '../platform/calendar-date.ts';
import { calendarDateOf, DAY_MS } from '../platform/clock.ts';
import type { AppDeps, Ctx } from '../platform/deps.ts';
import type { SubmissionStage } from '../platform/db/schema.ts';

type DemoOrder = {
  key: string;
  poster: string;
  client?: string;
  title: string;
  city: string;
  fn: JobFunction;
  level: JobLevel;
  headcount: number;
  salary: [string, string];
  reward: RewardInput;
  plan: 'match_only' | 'standard' | 'full_lifecycle' | 'manufacturing_skill';
  status: 'draft' | 'open' | 'paused' | 'closed';
  description: string;
};

const ORDERS: DemoOrder[] = [
  { key: 'be', poster: 'admin@huaxin.demo', title: '高级后端工程师（Go）', city: '上海', fn: 'software_engineering', level: 'senior', headcount: 2, salary: ['450000', '650000'], reward: { type: 'percent_of_annual_salary', percent: 20 }, plan: 'standard', status: 'open', description: '负责支付核心链路的高并发服务设计与开发；5 年以上后端经验，熟悉 Go 与分布式系统。' },
  { key: 'pm', poster: 'hr@huaxin.demo', title: '产品经理（企业 SaaS）', city: '杭州', fn: 'product', level: 'mid', headcount: 1, salary: ['300000', '420000'], reward: { type: 'percent_of_annual_salary', percent: 18 }, plan: 'standard', status: 'open', description: '负责 HR SaaS 产品规划与交付，需有 B 端产品经验。' },
  { key: 'data', poster: 'admin@huaxin.demo', title: '数据科学家（风控）', city: '北京', fn: 'data', level: 'senior', headcount: 1, salary: ['500000', '700000'], reward: { type: 'percent_of_annual_salary', percent: 22 }, plan: 'full_lifecycle', status: 'open', description: '搭建信贷风控模型，熟悉机器学习与特征工程，有金融行业经验优先。' },
  { key: 'fe', poster: 'hr@huaxin.demo', title: '前端工程师（React）', city: '深圳', fn: 'software_engineering', level: 'mid', headcount: 2, salary: ['280000', '400000'], reward: { type: 'fixed', amount: '60000.00' }, plan: 'standard', status: 'open', description: '负责管理后台与可视化组件开发，熟悉 React 与 TypeScript。' },
  { key: 'sales', poster: 'admin@huaxin.demo', title: '大客户销售总监', city: '广州', fn: 'sales', level: 'director', headcount: 1, salary: ['600000', '900000'], reward: { type: 'percent_of_annual_salary', percent: 25 }, plan: 'full_lifecycle', status: 'open', description: '负责华南区金融行业大客户拓展，10 年以上 ToB 销售经验。' },
  { key: 'design', poster: 'hr@huaxin.demo', title: 'UI/UX 设计师', city: '上海', fn: 'design', level: 'junior', headcount: 1, salary: ['180000', '260000'], reward: { type: 'fixed', amount: '30000.00' }, plan: 'match_only', status: 'open', description: '负责移动端与 Web 端设计，需提交作品集。' },
  { key: 'hrbp', poster: 'admin@huaxin.demo', title: 'HRBP（研发线）', city: '北京', fn: 'human_resources', level: 'senior', headcount: 1, salary: ['350000', '480000'], reward: { type: 'percent_of_annual_salary', percent: 18 }, plan: 'standard', status: 'paused', description: '支持研发团队组织发展与人才保留。' },
  { key: 'legal', poster: 'admin@huaxin.demo', title: '法务经理', city: '上海', fn: 'legal', level: 'manager', headcount: 1, salary: ['400000', '550000'], reward: { type: 'percent_of_annual_salary', percent: 20 }, plan: 'standard', status: 'draft', description: '负责合同审核与数据合规，需有律师执业证。' },
  { key: 'cnc', poster: 'admin@bluepeak.demo', title: '数控车间主任', city: '苏州', fn: 'manufacturing', level: 'manager', headcount: 1, salary: ['240000', '320000'], reward: { type: 'percent_of_annual_salary', percent: 20 }, plan: 'manufacturing_skill', status: 'open', description: '负责数控车间生产计划、设备保养与质量达成，需熟悉精益生产。' },
  { key: 'qe', poster: 'hr@bluepeak.demo', title: '质量工程师（汽车零部件）', city: '东莞', fn: 'quality', level: 'mid', headcount: 3, salary: ['150000', '220000'], reward: { type: 'fixed', amount: '25000.00' }, plan: 'manufacturing_skill', status: 'open', description: '熟悉 IATF 16949、PPAP，负责来料与制程质量。' },
  { key: 'scm', poster: 'admin@bluepeak.demo', title: '供应链经理', city: '武汉', fn: 'supply_chain', level: 'manager', headcount: 1, salary: ['300000', '380000'], reward: { type: 'percent_of_annual_salary', percent: 18 }, plan: 'standard', status: 'open', description: '负责采购与物流体系，降本增效。' },
  { key: 'me', poster: 'hr@bluepeak.demo', title: '设备维修技师', city: '成都', fn: 'manufacturing', level: 'junior', headcount: 4, salary: ['90000', '130000'], reward: { type: 'fixed', amount: '12000.00' }, plan: 'manufacturing_skill', status: 'open', description: '负责产线设备点检与故障维修，持电工证优先。' },
  { key: 'fin', poster: 'admin@bluepeak.demo', title: '财务主管', city: '苏州', fn: 'finance', level: 'lead', headcount: 1, salary: ['220000', '300000'], reward: { type: 'percent_of_annual_salary', percent: 15 }, plan: 'standard', status: 'closed', description: '负责工厂成本核算与月结。' },
  { key: 'ev', poster: 'admin@apexsearch.demo', client: '某新能源车企（保密）', title: '电池系统工程师', city: '合肥', fn: 'hardware_engineering', level: 'senior', headcount: 2, salary: ['400000', '600000'], reward: { type: 'percent_of_annual_salary', percent: 20 }, plan: 'standard', status: 'open', description: '客户为头部新能源车企：负责电池包系统设计与验证。' },
];

type DemoSubmission = { order: string; consultant: string; name: string; phone: string; email: string; employer: string; title: string; years: number; salary: string; stage: SubmissionStage; start?: number; accept?: 'both' | 'poster' | 'none' };

const SUBMISSIONS: DemoSubmission[] = [
  { order: 'be', consultant: 'c1@talentbridge.demo', name: '张伟', phone: '138 0013 8001', email: 'zhangwei@example.com', employer: '某支付公司', title: '资深工程师', years: 7, salary: '600000', stage: 'hired', start: -40, accept: 'both' },
  { order: 'be', consultant: 'c2@talentbridge.demo', name: '刘洋', phone: '139-0013-8002', email: 'liuyang@example.com', employer: '某电商平台', title: '后端工程师', years: 5, salary: '520000', stage: 'interviewing' },
  { order: 'be', consultant: 'c1@apexsearch.demo', name: '陈静', phone: '+86 137 0013 8003', email: 'chenjing@example.com', employer: '某云厂商', title: '高级工程师', years: 6, salary: '580000', stage: 'screening' },
  { order: 'pm', consultant: 'c1@talentbridge.demo', name: '杨帆', phone: '136 0013 8004', email: 'yangfan@example.com', employer: '某 SaaS 公司', title: '产品经理', years: 4, salary: '380000', stage: 'offered' },
  { order: 'pm', consultant: 'c2@apexsearch.demo', name: '赵敏', phone: '135 0013 8005', email: 'zhaomin@example.com', employer: '某咨询公司', title: '高级顾问', years: 6, salary: '400000', stage: 'rejected' },
  { order: 'data', consultant: 'c2@talentbridge.demo', name: '黄磊', phone: '134 0013 8006', email: 'huanglei@example.com', employer: '某银行', title: '风控建模专家', years: 8, salary: '680000', stage: 'hired', start: 14, accept: 'poster' },
  { order: 'fe', consultant: 'c1@apexsearch.demo', name: '周婷', phone: '133 0013 8007', email: 'zhouting@example.com', employer: '某互联网公司', title: '前端工程师', years: 4, salary: '360000', stage: 'submitted' },
  { order: 'fe', consultant: 'c3@talentbridge.demo', name: '吴昊', phone: '132 0013 8008', email: 'wuhao@example.com', employer: '某游戏公司', title: '前端开发', years: 3, salary: '300000', stage: 'withdrawn' },
  { order: 'sales', consultant: 'c3@talentbridge.demo', name: '徐峰', phone: '131 0013 8009', email: 'xufeng@example.com', employer: '某 IT 服务商', title: '销售总监', years: 12, salary: '850000', stage: 'interviewing' },
  { order: 'cnc', consultant: 'c1@talentbridge.demo', name: '孙建国', phone: '150 0013 8010', email: 'sunjianguo@example.com', employer: '某精密制造厂', title: '车间主任', years: 15, salary: '300000', stage: 'hired', start: -10, accept: 'both' },
  { order: 'qe', consultant: 'c2@apexsearch.demo', name: '马丽', phone: '151 0013 8011', email: 'mali@example.com', employer: '某汽车零部件厂', title: '质量工程师', years: 5, salary: '200000', stage: 'offered' },
  { order: 'me', consultant: 'c3@apexsearch.demo', name: '胡军', phone: '152 0013 8012', email: 'hujun@example.com', employer: '某电子厂', title: '维修技师', years: 6, salary: '120000', stage: 'screening' },
  { order: 'ev', consultant: 'c2@talentbridge.demo', name: '郭强', phone: '153 0013 8013', email: 'guoqiang@example.com', employer: '某电池企业', title: '电池系统工程师', years: 7, salary: '560000', stage: 'submitted' },
];

/**
 * The demo's own candidates, with the story's replacement and the skill plan's hire: names the demo's steps look up,
 * so a simulated history never gives them to anyone else.
 */
export const DEMO_CANDIDATE_NAMES: ReadonlySet<string> = new Set([...SUBMISSIONS.map((s) => s.name), '李娜', '陈建华']);

/** Extra engagements with no submission yet: consultants with capacity working on orders. */
const EXTRA_ENGAGEMENTS: [string, string][] = [
  ['scm', 'c3@talentbridge.demo'],
  ['design', 'c2@talentbridge.demo'],
  ['qe', 'c1@talentbridge.demo'],
];

const PIPELINE: SubmissionStage[] = ['submitted', 'screening', 'interviewing', 'offered', 'hired'];

/** Open orders across cities and functions, engagements, submissions at every stage and a few placements. */
export async function seedDemoMarketplace(deps: AppDeps, actorOf: (email: string) => Actor): Promise<void> {
  const ctxOf = (email: string): Ctx => ({ deps, actor: actorOf(email) });
  const planIds = new Map((await plans.listPlans(ctxOf('admin@huaxin.demo'))).map((p) => [p.key, p.latest.id]));
  const orderIds = new Map<string, string>();
  // The demo's orders have been on the market for two days: every tier's wave has reached them (C waits 24 h), so a
  // consultant who signs in to a fresh demo sees them, as on a platform that has been running for a while.
  const postedEarlier: AppDeps = { ...deps, clock: { mode: deps.clock.mode, now: () => new Date(deps.clock.now().getTime() - 2 * DAY_MS), refresh: () => deps.clock.refresh() } };
  for (const o of ORDERS) {
    const ctx: Ctx = { deps: postedEarlier, actor: actorOf(o.poster) };
    const planVersionId = planIds.get(o.plan);
    if (!planVersionId) throw new Error(`demo: plan ${o.plan} is missing`);
    const created = await marketplace.createOrder(ctx, ctx.actor.orgId, {
      clientName: o.client ?? null,
      title: o.title,
      city: o.city,
      function: o.fn,
      level: o.level,
      headcount: o.headcount,
      currency: 'CNY',
      salaryMin: o.salary[0],
      salaryMax: o.salary[1],
      description: o.description,
      reward: o.reward,
      planVersionId,
    });
    const id = created.id;
    orderIds.set(o.key, id);
    if (o.status !== 'draft') await marketplace.openOrder(ctx, id);
    if (o.status === 'paused') await marketplace.pauseOrder(ctx, id);
    if (o.status === 'closed') await marketplace.closeOrder(ctx, id, '岗位已内部调配');
  }

  const engaged = new Set<string>();
  const engage = async (orderKey: string, consultant: string) => {
    const key = `${orderKey}|${consultant}`;
    if (engaged.has(key)) return;
    const ctx = ctxOf(consultant);
    const orderId = orderIds.get(orderKey)!;
    const terms = await marketplace.getOrderTerms(ctx, orderId);
    await marketplace.takeOrder(ctx, orderId, terms.termsHash);
    engaged.add(key);
  };

  const today = calendarDateOf(deps.clock.now(), 'Asia/Shanghai');
  for (const s of SUBMISSIONS) {
    await engage(s.order, s.consultant);
    const consultant = ctxOf(s.consultant);
    const orderId = orderIds.get(s.order)!;
    const poster = ctxOf(ORDERS.find((o) => o.key === s.order)!.poster);
    const sub = await submissions.submitCandidate(consultant, orderId, {
      candidateName: s.name,
      phone: s.phone,
      email: s.email,
      currentEmployer: s.employer,
      currentTitle: s.title,
      yearsExperience: s.years,
      expectedSalary: s.salary,
      notes: '候选人已确认求职意向，可安排面试。',
    });
    const submissionId = sub.submission.id;
    if (s.stage === 'withdrawn') {
      await submissions.moveStage(consultant, submissionId, { to: 'withdrawn', comment: '候选人接受了现雇主的加薪挽留' });
      continue;
    }
    if (s.stage === 'rejected') {
      await submissions.moveStage(poster, submissionId, { to: 'screening', comment: '简历初筛通过' });
      await submissions.moveStage(poster, submissionId, { to: 'rejected', comment: '行业经验与岗位要求不匹配' });
      continue;
    }
    for (const stage of PIPELINE.slice(1, PIPELINE.indexOf(s.stage) + 1)) {
      // The demo's salaries are each candidate's own figure, confirmed by the poster when outside the order's range.
      const hire = stage === 'hired' ? { startDate: addDays(today, s.start ?? 14), annualSalary: s.salary, confirmOutsideRange: true } : undefined;
      const moved = await submissions.moveStage(poster, submissionId, { to: stage, comment: STAGE_COMMENTS[stage] ?? '', ...(hire ? { hire } : {}) });
      const placementId = moved.placementId;
      if (stage === 'hired' && placementId && s.accept !== 'none') {
        const detail = await placements.getPlacementView(poster, placementId);
        await placements.acceptPlacement(poster, placementId, detail.agreementHash);
        if (s.accept === 'both') await placements.acceptPlacement(consultant, placementId, detail.agreementHash);
      }
    }
  }
  for (const [orderKey, consultant] of EXTRA_ENGAGEMENTS) await engage(orderKey, consultant);
}

const STAGE_COMMENTS: Partial<Record<SubmissionStage, string>> = {
  screening: '简历初筛通过',
  interviewing: '已安排技术面试',
  offered: '终面通过，已发 offer',
  hired: '候选人已确认入职日期',
};
