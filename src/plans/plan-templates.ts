import type { LocalizedText, TerminationReason, Terms } from './terms.schema.ts';

/**
 * The built-in after-sales plans (DESIGN §4.1). Platform ops may edit them; editing publishes a new version.
 * Each template's `scope` is the human statement both sides accept beside the machine rules.
 */

export const PLAN_TEMPLATE_KEYS = ['match_only', 'standard', 'full_lifecycle', 'manufacturing_skill', 'custom'] as const;
export type PlanTemplateKey = (typeof PLAN_TEMPLATE_KEYS)[number];

/** basic: no after-sales; standard; premium: full lifecycle; industry: sector plans; custom: negotiated. */
export type PlanTier = 'basic' | 'standard' | 'premium' | 'industry' | 'custom';

export interface PlanTemplate {
  key: PlanTemplateKey;
  tier: PlanTier;
  name: LocalizedText;
  terms: Terms;
}

/** Departures the consultant's work can prevent: covered by every guarantee. */
const CORE_COVERED: TerminationReason[] = [
  'voluntary_resignation',
  'dismissal_performance',
  'dismissal_misconduct',
  'probation_failed',
  'no_show',
];

const t = (zh: string, en: string): LocalizedText => ({ zh, en });

const SEARCH = t('职位需求梳理、人才画像、候选人寻访与推荐', 'Clarifying the role and candidate profile, sourcing and recommending candidates');
const OFFER = t('面试安排、背景核实沟通与录用谈判协助', 'Arranging interviews, reference conversations and help with the offer negotiation');
const NOT_CAUSED_BY_HIRE = t(
  '因裁员、组织架构调整、岗位撤销、用人单位违约或身故伤残导致的离职',
  "Departures caused by layoffs, restructuring, an eliminated position, the employer's breach, or death or disability",
);
const LATE_CLAIM = t('最后工作日后超过7天才提出的售后申请', 'Claims reported more than 7 days after the last working day');
const OVERDUE = t(
  '存在逾期超过5天未付的分期佣金时提出的售后申请',
  'Claims made while an installment is more than 5 days past its due date',
);
const BACKGROUND = t('背景调查与薪酬报告（可单独购买）', 'Background checks and salary benchmarks (available separately)');

const matchOnly: PlanTemplate = {
  key: 'match_only',
  tier: 'basic',
  name: t('基础撮合', 'Match only'),
  terms: {
    currency: 'CNY',
    reward: { type: 'percent_of_annual_salary', percent: 18 },
    platformFeePercent: 10,
    guarantee: { days: 0, covered: [], noticeDays: 7, requireTimelyPayment: false, paymentGraceDays: 0 },
    remedies: { replacement: null, refund: null },
    installments: [{ trigger: 'start', percent: 100, dueDays: 15 }],
    release: 'on_payment',
    checkIns: null,
    supportTasks: [],
    milestones: [],
    scope: {
      included: [SEARCH, OFFER, t('佣金于候选人入职当天一次性结算', 'The whole fee falls due on the start date, in one payment')],
      excluded: [
        t('入职后的保证期：不提供补推，也不退款', 'Any guarantee after the start date: no replacement and no refund'),
        t('入职后的回访、辅导与离职风险预警', 'Check-ins, coaching and retention-risk alerts after the start date'),
        BACKGROUND,
      ],
    },
  },
};

const standard: PlanTemplate = {
  key: 'standard',
  tier: 'standard',
  name: t('标准保障', 'Standard'),
  terms: {
    currency: 'CNY',
    reward: { type: 'percent_of_annual_salary', percent: 20 },
    platformFeePercent: 10,
    guarantee: { days: 90, covered: CORE_COVERED, noticeDays: 7, requireTimelyPayment: true, paymentGraceDays: 5 },
    remedies: {
      replacement: { maxReplacements: 1, deliveryDays: 30, newGuarantee: 'fresh' },
      refund: { schedule: 'linear' },
    },
    installments: [
      { trigger: 'start', percent: 50, dueDays: 15 },
      { trigger: 'guarantee_passed', percent: 50, dueDays: 15 },
    ],
    release: 'after_guarantee',
    checkIns: { days: [7, 30, 60, 90], windowDays: 5, respondents: ['employer', 'candidate'] },
    supportTasks: [],
    milestones: [],
    scope: {
      included: [
        SEARCH,
        OFFER,
        t(
          '90天保证期：主动离职、因绩效或违纪被辞退、试用期不合格、未按约定到岗均可申请售后',
          '90-day guarantee for resignation, dismissal for performance or misconduct, failed probation and no-show',
        ),
        t(
          '一次免费补推（申请后30天内交付，替补人选重新享有90天保证期），或按在职天数比例退款',
          'One free replacement delivered within 30 days of the claim (with a fresh 90-day guarantee), or a refund in proportion to the days not served',
        ),
        t('第7、30、60、90天分别回访用人单位与候选人', 'Check-ins with the employer and the candidate on days 7, 30, 60 and 90'),
        t('佣金由平台托管，保证期届满后才释放给猎头', 'The fee is held in escrow by the platform and released to the headhunter only when the guarantee passes'),
      ],
      excluded: [
        NOT_CAUSED_BY_HIRE,
        LATE_CLAIM,
        OVERDUE,
        t('入职辅导、上门回访与离职风险预警', 'Onboarding coaching, on-site return visits and retention-risk alerts'),
        BACKGROUND,
      ],
    },
  },
};

const fullLifecycle: PlanTemplate = {
  key: 'full_lifecycle',
  tier: 'premium',
  name: t('全程管家', 'Full lifecycle'),
  terms: {
    currency: 'CNY',
    reward: { type: 'percent_of_annual_salary', percent: 25 },
    platformFeePercent: 10,
    guarantee: { days: 180, covered: CORE_COVERED, noticeDays: 7, requireTimelyPayment: true, paymentGraceDays: 5 },
    remedies: {
      replacement: { maxReplacements: 2, deliveryDays: 30, newGuarantee: 'fresh' },
      refund: {
        schedule: 'stepped',
        steps: [
          { uptoDay: 30, percent: 100 },
          { uptoDay: 90, percent: 60 },
          { uptoDay: 180, percent: 30 },
        ],
      },
    },
    installments: [
      { trigger: 'start', percent: 40, dueDays: 15 },
      { trigger: 'day:90', percent: 30, dueDays: 15 },
      { trigger: 'guarantee_passed', percent: 30, dueDays: 15 },
    ],
    release: 'after_guarantee',
    checkIns: { days: [7, 30, 60, 90, 120, 180], windowDays: 5, respondents: ['employer', 'candidate'] },
    supportTasks: [
      { kind: 'onboarding_coaching', day: 3 },
      { kind: 'integration_plan', day: 14 },
      { kind: 'return_visit', day: 45 },
      { kind: 'return_visit', day: 135 },
    ],
    milestones: [],
    riskAlerts: true,
    scope: {
      included: [
        SEARCH,
        OFFER,
        t(
          '180天保证期：主动离职、因绩效或违纪被辞退、试用期不合格、未按约定到岗均可申请售后',
          '180-day guarantee for resignation, dismissal for performance or misconduct, failed probation and no-show',
        ),
        t(
          '最多两次免费补推（每次申请后30天内交付），或按在职天数阶梯退款：30天内100%、90天内60%、180天内30%',
          'Up to two free replacements, each delivered within 30 days of the claim, or a stepped refund: 100% within 30 days, 60% within 90 days, 30% within 180 days',
        ),
        t('第7、30、60、90、120、180天回访用人单位与候选人', 'Check-ins with the employer and the candidate on days 7, 30, 60, 90, 120 and 180'),
        t('入职第3天辅导、第14天融入计划、第45天与第135天上门回访', 'Onboarding coaching on day 3, an integration plan on day 14, on-site return visits on days 45 and 135'),
        t('离职风险预警：风险升高时通知顾问与用人单位并安排挽留沟通', 'Retention-risk alerts: when the risk rises, the consultant and the employer are told and a retention conversation is scheduled'),
      ],
      excluded: [NOT_CAUSED_BY_HIRE, LATE_CLAIM, OVERDUE, BACKGROUND],
    },
  },
};

const manufacturingSkill: PlanTemplate = {
  key: 'manufacturing_skill',
  tier: 'industry',
  name: t('制造业90天技能适配', 'Manufacturing 90-day skill plan'),
  terms: {
    currency: 'CNY',
    reward: { type: 'fixed', amount: '8000.00' },
    platformFeePercent: 10,
    guarantee: {
      days: 90,
      covered: [...CORE_COVERED, 'skill_milestone_failed'],
      noticeDays: 7,
      requireTimelyPayment: true,
      paymentGraceDays: 5,
    },
    remedies: {
      replacement: { maxReplacements: 1, deliveryDays: 30, newGuarantee: 'fresh' },
      refund: { schedule: 'linear' },
    },
    installments: [
      { trigger: 'start', percent: 50, dueDays: 15 },
      { trigger: 'guarantee_passed', percent: 50, dueDays: 15 },
    ],
    release: 'after_guarantee',
    checkIns: { days: [7, 30, 60, 90], windowDays: 5, respondents: ['employer', 'candidate'] },
    supportTasks: [{ kind: 'onboarding_coaching', day: 3 }],
    milestones: [
      { day: 30, kind: 'skill_assessment', passScore: 60, skill: t('设备操作与安全规范', 'Machine operation and safety rules') },
      { day: 60, kind: 'skill_assessment', passScore: 70, skill: t('工艺标准与质量检验', 'Process standards and quality inspection') },
      { day: 90, kind: 'skill_assessment', passScore: 80, skill: t('独立上岗', 'Working the station unsupervised') },
    ],
    scope: {
      included: [
        SEARCH,
        OFFER,
        t(
          '90天保证期：除主动离职、辞退、试用期不合格、未到岗外，技能考核未通过也可申请售后',
          '90-day guarantee that covers a failed skill assessment as well as resignation, dismissal, failed probation and no-show',
        ),
        t(
          '第30、60、90天由第三方评估机构进行技能考核（及格线60、70、80分），并给出能力成长曲线与预警',
          'Skill assessments by a third-party assessor on days 30, 60 and 90 (pass marks 60, 70 and 80 out of 100), with a growth curve that warns early',
        ),
        t(
          '一次免费补推（30天内交付，重新享有90天保证期），或按在职天数比例退款',
          'One free replacement within 30 days (with a fresh 90-day guarantee), or a refund in proportion to the days not served',
        ),
        t('第3天入职辅导；第7、30、60、90天回访用人单位与候选人', 'Onboarding coaching on day 3; check-ins with the employer and the candidate on days 7, 30, 60 and 90'),
      ],
      excluded: [
        NOT_CAUSED_BY_HIRE,
        LATE_CLAIM,
        OVERDUE,
        t('岗位技能培训本身（由用人单位负责）', "The job's skills training itself (the employer's responsibility)"),
      ],
    },
  },
};

const custom: PlanTemplate = {
  key: 'custom',
  tier: 'custom',
  name: t('定制', 'Custom'),
  terms: {
    currency: 'CNY',
    reward: { type: 'percent_of_annual_salary', percent: 22 },
    platformFeePercent: 10,
    guarantee: { days: 120, covered: CORE_COVERED, noticeDays: 10, requireTimelyPayment: true, paymentGraceDays: 7 },
    remedies: {
      replacement: { maxReplacements: 1, deliveryDays: 45, newGuarantee: 'remaining' },
      refund: {
        schedule: 'stepped',
        steps: [
          { uptoDay: 60, percent: 80 },
          { uptoDay: 120, percent: 40 },
        ],
      },
    },
    installments: [
      { trigger: 'start', percent: 60, dueDays: 15 },
      { trigger: 'guarantee_passed', percent: 40, dueDays: 15 },
    ],
    release: 'after_guarantee',
    checkIns: { days: [7, 30, 60, 90, 120], windowDays: 5, respondents: ['employer', 'candidate'] },
    supportTasks: [{ kind: 'return_visit', day: 60 }],
    milestones: [],
    scope: {
      included: [
        t('双方协商确定的全部条款：保证期、售后方式、分期与回访安排', 'Every term as negotiated by both sides: guarantee, remedies, installments and check-ins'),
        t('本模板为协商起点（120天保证期、一次补推或阶梯退款），签署前可逐项修改', 'This template is a starting point (120-day guarantee, one replacement or a stepped refund); every term can be changed before signing'),
      ],
      excluded: [
        t('未写入条款的任何口头承诺', 'Any promise not written into these terms'),
        NOT_CAUSED_BY_HIRE,
      ],
    },
  },
};

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/** Frozen: take a copy (`planTemplate`) to edit one. */
export const PLAN_TEMPLATES: readonly PlanTemplate[] = deepFreeze([matchOnly, standard, fullLifecycle, manufacturingSkill, custom]);

/** A fresh, editable copy of a built-in template. */
export function planTemplate(key: PlanTemplateKey): PlanTemplate {
  const found = PLAN_TEMPLATES.find((p) => p.key === key);
  if (!found) throw new Error(`no plan template ${key}`);
  return structuredClone(found);
}
