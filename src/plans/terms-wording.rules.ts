import { type Currency, formatAmount, minorDigitsOf, parseAmount } from '../platform/money.ts';
import {
  type EngineTerms,
  type InstallmentTrigger,
  type LocalizedText,
  type Milestone,
  type SupportTask,
  TERMINATION_REASONS,
  type TerminationReason,
  isReviewReason,
} from './terms.schema.ts';

/**
 * Terms in plain words, zh-CN and en, generated from the machine rules themselves so that the text both sides
 * read can never say something the engine does not do. One line per topic.
 */

export type Locale = 'zh-CN' | 'en';

export const REASON_LABELS: Readonly<Record<TerminationReason, LocalizedText>> = {
  voluntary_resignation: { zh: '主动离职', en: 'voluntary resignation' },
  dismissal_performance: { zh: '因绩效不达标被辞退', en: 'dismissal for performance' },
  dismissal_misconduct: { zh: '因违纪被辞退', en: 'dismissal for misconduct' },
  probation_failed: { zh: '试用期考核不合格', en: 'failed probation' },
  no_show: { zh: '未按约定到岗', en: 'no-show (did not start)' },
  skill_milestone_failed: { zh: '技能考核未通过', en: 'failed skill assessment' },
  layoff: { zh: '裁员', en: 'layoff' },
  restructuring: { zh: '组织架构调整', en: 'restructuring' },
  position_eliminated: { zh: '岗位撤销', en: 'position eliminated' },
  employer_breach: { zh: '用人单位违约', en: "employer's breach" },
  death_or_disability: { zh: '身故或伤残', en: 'death or disability' },
  mutual_agreement: { zh: '协商一致解除', en: 'mutual agreement' },
  other: { zh: '其他原因', en: 'other reasons' },
};

export const SUPPORT_TASK_LABELS: Readonly<Record<SupportTask['kind'], LocalizedText>> = {
  onboarding_coaching: { zh: '入职辅导', en: 'onboarding coaching' },
  return_visit: { zh: '上门回访', en: 'on-site return visit' },
  integration_plan: { zh: '融入计划', en: 'integration plan' },
  retention_intervention: { zh: '挽留沟通', en: 'retention conversation' },
};

const RESPONDENT_LABELS = {
  employer: { zh: '用人单位', en: 'the employer' },
  candidate: { zh: '候选人', en: 'the candidate' },
} as const satisfies Record<string, LocalizedText>;

const pick = (text: LocalizedText, locale: Locale): string => (locale === 'en' ? text.en : text.zh);

/** "a, b and c" / "a、b、c" */
function list(items: readonly string[], locale: Locale): string {
  if (locale === 'zh-CN') return items.join('、');
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

function percentText(percent: number): string {
  return `${percent}%`;
}

/** 8000.00 → "8,000.00" */
function groupThousands(amount: string): string {
  const [whole = '', fraction] = amount.split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return fraction === undefined ? grouped : `${grouped}.${fraction}`;
}

function money(amount: string, currency: Currency): string {
  return `${groupThousands(formatAmount(parseAmount(amount, currency), currency))} ${currency}`;
}

function smallestUnit(currency: Currency, locale: Locale): string {
  if (minorDigitsOf(currency) === 0) return locale === 'en' ? `the whole ${currency}` : `${currency}整数单位`;
  return locale === 'en' ? `the smallest unit of ${currency}` : `${currency}最小货币单位`;
}

function triggerText(trigger: InstallmentTrigger, guaranteeDays: number, locale: Locale): string {
  if (trigger === 'start') return locale === 'en' ? 'on the start date' : '入职当天';
  if (trigger === 'guarantee_passed') {
    return locale === 'en' ? `when the guarantee passes (day ${guaranteeDays + 1})` : `保证期届满时（第${guaranteeDays + 1}天）`;
  }
  const day = trigger.slice(4);
  return locale === 'en' ? `on day ${day} of employment` : `入职第${day}天`;
}

function guaranteeLine(terms: EngineTerms, locale: Locale): string {
  const { days, covered } = terms.guarantee;
  const coveredSet = new Set(covered);
  const coveredLabels = TERMINATION_REASONS.filter((r) => coveredSet.has(r)).map((r) => pick(REASON_LABELS[r], locale));
  const excluded = TERMINATION_REASONS.filter((r) => !coveredSet.has(r) && !isReviewReason(r)).map((r) => pick(REASON_LABELS[r], locale));
  const reviewed = TERMINATION_REASONS.filter((r) => !coveredSet.has(r) && isReviewReason(r)).map((r) => pick(REASON_LABELS[r], locale));
  if (days === 0) {
    // With G = 0 every departure after the start is outside the guarantee; only a no-show (d = 0) can be covered.
    const noShow = coveredSet.has('no_show');
    return locale === 'en'
      ? `No guarantee period: no claim is accepted once the candidate has started; a no-show ${noShow ? 'is' : 'is not'} covered.`
      : `不设保证期：候选人入职后不受理任何售后申请；未按约定到岗${noShow ? '属于' : '不属于'}保障范围。`;
  }
  const parts: string[] = [];
  if (locale === 'en') {
    parts.push(`${days}-day guarantee (employment days 1–${days}; it passes on day ${days + 1} if no claim is open)`);
    parts.push(coveredLabels.length > 0 ? `covers ${list(coveredLabels, locale)}` : 'no reason for leaving is covered');
    if (excluded.length > 0) parts.push(`excludes ${list(excluded, locale)}`);
    if (reviewed.length > 0) parts.push(`${list(reviewed, locale)} go to the platform's review`);
    return `${parts.join('; ')}.`;
  }
  parts.push(`保证期${days}天（入职第1至${days}天；无未结申请时于第${days + 1}天届满）`);
  parts.push(coveredLabels.length > 0 ? `保障：${list(coveredLabels, locale)}` : '不保障任何离职原因');
  if (excluded.length > 0) parts.push(`不保障：${list(excluded, locale)}`);
  if (reviewed.length > 0) parts.push(`${list(reviewed, locale)}由平台人工审核`);
  return `${parts.join('；')}。`;
}

function noticeLine(terms: EngineTerms, locale: Locale): string {
  const n = terms.guarantee.noticeDays;
  return locale === 'en'
    ? `Report a departure within ${n} days of the last working day (a no-show: of the agreed start date); days served count the start date as day 1.`
    : `须在最后工作日后${n}天内提出售后申请（未到岗的，自约定入职日起算）；在职天数以入职当天为第1天。`;
}

function paymentLine(terms: EngineTerms, locale: Locale): string {
  const { requireTimelyPayment, paymentGraceDays } = terms.guarantee;
  if (!requireTimelyPayment) {
    return locale === 'en' ? 'Late installments do not affect claims.' : '分期款是否逾期不影响售后申请。';
  }
  return locale === 'en'
    ? `Installments must be paid within ${paymentGraceDays} days of their due date; a claim reported while one is past that deadline and not fully paid is not honoured.`
    : `分期款须在到期日后${paymentGraceDays}天内付清；如有分期超过该期限仍未付清，其后提出的售后申请不予受理。`;
}

function remedyLines(terms: EngineTerms, locale: Locale): string[] {
  const { replacement, refund } = terms.remedies;
  const G = terms.guarantee.days;
  const lines: string[] = [];
  if (replacement !== null) {
    const guarantee =
      replacement.newGuarantee === 'fresh'
        ? locale === 'en'
          ? `the replacement gets a fresh ${G}-day guarantee`
          : `替补人选重新享有${G}天保证期`
        : locale === 'en'
          ? 'the replacement keeps the days left of the original guarantee'
          : '替补人选享有原保证期的剩余天数';
    const n = replacement.maxReplacements;
    if (n === 0) {
      lines.push(locale === 'en' ? 'No free replacement (the terms allow 0).' : '不提供免费补推（约定次数为0）。');
    } else {
      lines.push(
        locale === 'en'
          ? `${n === 1 ? 'One free replacement' : `Up to ${n} free replacements`}, ${n === 1 ? '' : 'each '}delivered by the same deliverer within ${replacement.deliveryDays} days of the report; ${guarantee}.`
          : `最多${n}次免费补推，由原接单方在申请之日起${replacement.deliveryDays}天内交付；${guarantee}。`,
      );
    }
  }
  if (refund !== null) {
    const unit = smallestUnit(terms.currency, locale);
    if (refund.schedule === 'linear' && G === 0) {
      lines.push(locale === 'en' ? 'Refund: the whole fee for a no-show.' : '退款：未到岗的全额退款。');
    } else if (refund.schedule === 'linear') {
      lines.push(
        locale === 'en'
          ? `Pro-rata refund: fee × (${G} − days served) ÷ ${G}, rounded half up to ${unit}; the whole fee for a no-show.`
          : `按比例退款：佣金 ×（${G} − 在职天数）÷ ${G}，四舍五入至${unit}；未到岗的全额退款。`,
      );
    } else {
      const last = refund.steps[refund.steps.length - 1];
      const steps = refund.steps.map((s, i) =>
        locale === 'en'
          ? `${i === 0 ? 'up to' : 'then up to'} day ${s.uptoDay}, ${percentText(s.percent)}${i === 0 ? ' of the fee' : ''}`
          : `在职${s.uptoDay}天以内退还佣金的${percentText(s.percent)}`,
      );
      lines.push(
        locale === 'en'
          ? `Refund by days served: ${steps.join('; ')}; after day ${last?.uptoDay ?? 0}, none (rounded half up to ${unit}).`
          : `按在职天数阶梯退款：${steps.join('；')}；超过${last?.uptoDay ?? 0}天不退款（四舍五入至${unit}）。`,
      );
    }
    lines.push(
      locale === 'en'
        ? 'A refund is settled against what was paid: any excess is paid back, any shortfall is still due.'
        : '退款与已付款项相抵：多付部分退还，不足部分仍需支付。',
    );
  }
  if (replacement !== null && refund !== null) {
    lines.push(
      locale === 'en'
        ? 'The employer chooses the replacement (while one is left) or the refund.'
        : '用人单位可选择补推（尚有次数时）或退款。',
    );
  }
  if (replacement === null && refund === null) {
    lines.push(locale === 'en' ? 'No replacement and no refund.' : '不提供补推，也不退款。');
  }
  return lines;
}

function rewardLine(terms: EngineTerms, locale: Locale): string | null {
  const reward = terms.reward;
  if (reward === undefined) return null;
  if (reward.type === 'percent_of_annual_salary') {
    return locale === 'en' ? `Reward: ${percentText(reward.percent)} of the annual salary.` : `佣金：年薪的${percentText(reward.percent)}。`;
  }
  const amount = money(reward.amount, terms.currency);
  return locale === 'en' ? `Reward: a fixed ${amount}.` : `佣金：固定${amount}。`;
}

function installmentsLine(terms: EngineTerms, locale: Locale): string | null {
  const items = terms.installments;
  if (items === undefined) return null;
  const G = terms.guarantee.days;
  const parts = items.map((item) =>
    locale === 'en'
      ? `${percentText(item.percent)} ${triggerText(item.trigger, G, locale)}, due within ${item.dueDays} days`
      : `${triggerText(item.trigger, G, locale)}支付${percentText(item.percent)}，${item.dueDays}天内付清`,
  );
  if (items.length === 1) {
    return locale === 'en' ? `The fee is paid in one installment: ${parts[0]}.` : `佣金一次付清：${parts[0]}。`;
  }
  return locale === 'en'
    ? `The fee is paid in ${items.length} installments: ${parts.join('; ')}; the last takes any rounding remainder.`
    : `佣金分${items.length}期支付：${parts.join('；')}；尾差计入最后一期。`;
}

function releaseLine(terms: EngineTerms, locale: Locale): string | null {
  if (terms.release === undefined) return null;
  if (terms.release === 'on_payment') {
    return locale === 'en'
      ? "Each payment is released to the deliverer as soon as the employer pays."
      : '用人单位每笔付款到账后即释放给接单方。';
  }
  return locale === 'en'
    ? 'Payments are held in escrow by the platform and released to the deliverer when the guarantee passes.'
    : '款项由平台托管，保证期届满后释放给接单方。';
}

function platformFeeLine(terms: EngineTerms, locale: Locale): string | null {
  if (terms.platformFeePercent === undefined) return null;
  const p = percentText(terms.platformFeePercent);
  return locale === 'en' ? `Platform fee: ${p} of each released amount.` : `平台服务费：每笔释放金额的${p}。`;
}

function checkInsLine(terms: EngineTerms, locale: Locale): string | null {
  if (terms.checkIns === undefined) return null;
  const c = terms.checkIns;
  if (c === null || c.days.length === 0 || c.respondents.length === 0) return locale === 'en' ? 'No check-ins.' : '无回访。';
  const respondents = c.respondents.map((r) => pick(RESPONDENT_LABELS[r], locale));
  const who = locale === 'en' ? list(respondents, locale) : respondents.join('和');
  const days = list(c.days.map(String), locale);
  return locale === 'en'
    ? `Check-ins with ${who} on day${c.days.length === 1 ? '' : 's'} ${days}; each form stays open ${c.windowDays} days.`
    : `入职第${days}天回访${who}，每次问卷开放${c.windowDays}天。`;
}

function supportTasksLine(terms: EngineTerms, locale: Locale): string | null {
  if (terms.supportTasks === undefined) return null;
  if (terms.supportTasks.length === 0) return locale === 'en' ? 'No consultant support tasks.' : '无顾问跟进服务。';
  const tasks = terms.supportTasks.map((t) =>
    locale === 'en' ? `${pick(SUPPORT_TASK_LABELS[t.kind], locale)} on day ${t.day}` : `第${t.day}天${pick(SUPPORT_TASK_LABELS[t.kind], locale)}`,
  );
  return locale === 'en' ? `Consultant support: ${tasks.join('; ')}.` : `顾问跟进：${tasks.join('；')}。`;
}

function milestonesLine(terms: EngineTerms, locale: Locale): string | null {
  const milestones: readonly Milestone[] = terms.milestones ?? [];
  if (milestones.length === 0) return null;
  const coveredFailure = terms.guarantee.covered.includes('skill_milestone_failed');
  const items = milestones.map((m) => {
    const skill = m.skill ? (locale === 'en' ? ` (${m.skill.en})` : `（${m.skill.zh}）`) : '';
    return locale === 'en' ? `day ${m.day}${skill}, pass mark ${m.passScore}/100` : `第${m.day}天${skill}，及格线${m.passScore}分（满分100）`;
  });
  return locale === 'en'
    ? `Skill assessments by a third-party assessor: ${items.join('; ')}; a failed assessment ${coveredFailure ? 'is covered by the guarantee' : 'is not covered by the guarantee'}.`
    : `第三方评估机构技能考核：${items.join('；')}；考核未通过${coveredFailure ? '属于保障范围' : '不属于保障范围'}。`;
}

function riskAlertsLine(terms: EngineTerms, locale: Locale): string | null {
  if (terms.riskAlerts !== true) return null;
  return locale === 'en'
    ? 'Retention-risk alerts: when the risk of leaving turns high, the consultant and the employer are told and a retention conversation is scheduled.'
    : '离职风险预警：风险转高时通知顾问与用人单位，并安排挽留沟通。';
}

/** The terms in plain words, one line per topic, in the order a client reads them. */
export function renderTermsInWords(terms: EngineTerms, locale: Locale): string[] {
  const lines: (string | null)[] = [
    rewardLine(terms, locale),
    guaranteeLine(terms, locale),
    noticeLine(terms, locale),
    paymentLine(terms, locale),
    ...remedyLines(terms, locale),
    installmentsLine(terms, locale),
    releaseLine(terms, locale),
    platformFeeLine(terms, locale),
    checkInsLine(terms, locale),
    supportTasksLine(terms, locale),
    milestonesLine(terms, locale),
    riskAlertsLine(terms, locale),
  ];
  return lines.filter((line): line is string => line !== null);
}
