import { SUPPORT_TASK_LABELS } from './terms-wording.rules.ts';
import type { InstallmentTerm, LocalizedText, RefundRemedy, Release, ReplacementRemedy, SupportTask, Terms } from './terms.schema.ts';

/**
 * The tier comparison: one row per topic a client weighs, one cell per plan, computed from each plan's latest
 * terms (never hand-written, so the table cannot drift from what the engine does). Each cell carries the machine
 * value and a short text in zh-CN and en.
 */

export const COMPARISON_ROWS = [
  'guarantee_days',
  'remedies',
  'refund_schedule',
  'check_in_days',
  'support_tasks',
  'milestones',
  'installments',
  'release',
  'risk_alerts',
] as const;
export type ComparisonRowKey = (typeof COMPARISON_ROWS)[number];

export type RemediesValue = { replacement: ReplacementRemedy | null; refund: RefundRemedy['schedule'] | null };
export type MilestoneValue = { day: number; passScore: number };

/** The machine value of each row's cells. */
export type ComparisonValues = {
  guarantee_days: number;
  remedies: RemediesValue;
  refund_schedule: RefundRemedy | null;
  check_in_days: number[];
  support_tasks: SupportTask[];
  milestones: MilestoneValue[];
  installments: InstallmentTerm[];
  release: Release;
  risk_alerts: boolean;
};

export type ComparisonCell<K extends ComparisonRowKey = ComparisonRowKey> = { value: ComparisonValues[K]; text: LocalizedText };
export type ComparisonRow = { [K in ComparisonRowKey]: { key: K; label: LocalizedText; cells: ComparisonCell<K>[] } }[ComparisonRowKey];

export const COMPARISON_ROW_LABELS: Readonly<Record<ComparisonRowKey, LocalizedText>> = {
  guarantee_days: { zh: '保证期', en: 'Guarantee' },
  remedies: { zh: '售后方式', en: 'Remedies' },
  refund_schedule: { zh: '退款规则', en: 'Refund schedule' },
  check_in_days: { zh: '回访日', en: 'Check-in days' },
  support_tasks: { zh: '顾问跟进', en: 'Consultant support' },
  milestones: { zh: '技能考核', en: 'Skill milestones' },
  installments: { zh: '佣金分期', en: 'Installments' },
  release: { zh: '款项释放', en: 'Release of payments' },
  risk_alerts: { zh: '离职风险预警', en: 'Retention-risk alerts' },
};

const NONE: LocalizedText = { zh: '无', en: 'None' };
const text = (zh: string, en: string): LocalizedText => ({ zh, en });

function guaranteeCell(terms: Terms): ComparisonCell<'guarantee_days'> {
  const days = terms.guarantee.days;
  return { value: days, text: days === 0 ? text('不设保证期', 'No guarantee') : text(`${days}天`, `${days} days`) };
}

/** A replacement offer of 0 is no offer; the table says so instead of "0 replacements". */
function offeredReplacement(terms: Terms): ReplacementRemedy | null {
  const r = terms.remedies.replacement;
  return r !== null && r.maxReplacements > 0 ? r : null;
}

function remediesCell(terms: Terms): ComparisonCell<'remedies'> {
  const replacement = offeredReplacement(terms);
  const refund = terms.remedies.refund?.schedule ?? null;
  const zh: string[] = [];
  const en: string[] = [];
  if (replacement) {
    const n = replacement.maxReplacements;
    zh.push(`${n}次免费补推（${replacement.deliveryDays}天内交付）`);
    en.push(`${n === 1 ? '1 free replacement' : `${n} free replacements`} (delivered within ${replacement.deliveryDays} days)`);
  }
  if (refund === 'linear') {
    zh.push('按比例退款');
    en.push('pro-rata refund');
  } else if (refund === 'stepped') {
    zh.push('阶梯退款');
    en.push('stepped refund');
  }
  const value: RemediesValue = { replacement, refund };
  if (zh.length === 0) return { value, text: text('无补推、无退款', 'No replacement, no refund') };
  const enText = en.join(', or ');
  return { value, text: text(zh.join('，或'), enText.charAt(0).toUpperCase() + enText.slice(1)) };
}

function refundCell(terms: Terms): ComparisonCell<'refund_schedule'> {
  const refund = terms.remedies.refund;
  if (refund === null) return { value: null, text: text('不退款', 'No refund') };
  const G = terms.guarantee.days;
  if (refund.schedule === 'linear') {
    return {
      value: refund,
      text: G === 0 ? text('仅未到岗全额退款', 'Whole fee for a no-show only') : text(`佣金 ×（${G} − 在职天数）÷ ${G}`, `Fee × (${G} − days served) ÷ ${G}`),
    };
  }
  const zh = refund.steps.map((s) => `在职≤${s.uptoDay}天退${s.percent}%`);
  const en = refund.steps.map((s) => `≤ day ${s.uptoDay}: ${s.percent}%`);
  return { value: refund, text: text(zh.join('；'), en.join('; ')) };
}

function checkInCell(terms: Terms): ComparisonCell<'check_in_days'> {
  const c = terms.checkIns;
  // A check-in nobody answers is no check-in: the table agrees with the plain-words rendering.
  const days = c === null || c.respondents.length === 0 ? [] : [...c.days];
  if (days.length === 0) return { value: days, text: NONE };
  return { value: days, text: text(`第${days.join('、')}天`, `Days ${days.join(', ')}`) };
}

function supportTasksCell(terms: Terms): ComparisonCell<'support_tasks'> {
  const tasks = terms.supportTasks.map((t) => ({ kind: t.kind, day: t.day }));
  if (tasks.length === 0) return { value: tasks, text: NONE };
  const en = tasks.map((t) => `${SUPPORT_TASK_LABELS[t.kind].en} (day ${t.day})`).join('; ');
  return {
    value: tasks,
    text: text(tasks.map((t) => `第${t.day}天${SUPPORT_TASK_LABELS[t.kind].zh}`).join('；'), en.charAt(0).toUpperCase() + en.slice(1)),
  };
}

function milestonesCell(terms: Terms): ComparisonCell<'milestones'> {
  const value = terms.milestones.map((m) => ({ day: m.day, passScore: m.passScore }));
  if (value.length === 0) return { value, text: NONE };
  return {
    value,
    text: text(
      `第三方考核：${value.map((m) => `第${m.day}天（${m.passScore}分及格）`).join('、')}`,
      `Third-party assessments: ${value.map((m) => `day ${m.day} (pass ${m.passScore})`).join(', ')}`,
    ),
  };
}

function triggerText(trigger: InstallmentTerm['trigger']): LocalizedText {
  if (trigger === 'start') return text('入职当天', 'at start');
  if (trigger === 'guarantee_passed') return text('保证期届满', 'when the guarantee passes');
  const day = trigger.slice(4);
  return text(`入职第${day}天`, `on day ${day}`);
}

function installmentsCell(terms: Terms): ComparisonCell<'installments'> {
  const value = terms.installments.map((i) => ({ trigger: i.trigger, percent: i.percent, dueDays: i.dueDays }));
  const zh = value.map((i) => `${triggerText(i.trigger).zh}${i.percent}%`);
  const en = value.map((i) => `${i.percent}% ${triggerText(i.trigger).en}`);
  return { value, text: text(zh.join('；'), en.join('; ')) };
}

function releaseCell(terms: Terms): ComparisonCell<'release'> {
  return {
    value: terms.release,
    text: terms.release === 'on_payment' ? text('付款即释放给接单方', 'Released to the deliverer on payment') : text('平台托管，保证期满后释放', 'Held in escrow until the guarantee passes'),
  };
}

function riskAlertsCell(terms: Terms): ComparisonCell<'risk_alerts'> {
  const on = terms.riskAlerts === true;
  return { value: on, text: on ? text('有', 'Yes') : NONE };
}

/** The comparison table of the given plans' terms, cells in the order of `columns`. */
export function compareTerms(columns: readonly Terms[]): ComparisonRow[] {
  const row = <K extends ComparisonRowKey>(key: K, cell: (terms: Terms) => ComparisonCell<K>) =>
    ({ key, label: COMPARISON_ROW_LABELS[key], cells: columns.map(cell) }) as ComparisonRow;
  return [
    row('guarantee_days', guaranteeCell),
    row('remedies', remediesCell),
    row('refund_schedule', refundCell),
    row('check_in_days', checkInCell),
    row('support_tasks', supportTasksCell),
    row('milestones', milestonesCell),
    row('installments', installmentsCell),
    row('release', releaseCell),
    row('risk_alerts', riskAlertsCell),
  ];
}
