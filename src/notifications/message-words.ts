import type { NotificationKind } from './kinds.ts';

/*
 * The words of e-mails and group-robot messages, one sentence per inbox item kind in each language (the web app's
 * `notifications.kinds.*` sentences, which the server cannot import). `{name}` is a param of the item; derived
 * values (an amount with its currency, a stage's label, a plan's name in the reader's language) are filled in by
 * `sentenceOf`. A unit test checks every kind of kinds.ts has its sentence in both languages.
 */
export type MessageLanguage = 'zh-CN' | 'en';

export const KIND_SENTENCES: Record<NotificationKind, Record<MessageLanguage, string>> = {
  'assessment.assigned': { 'zh-CN': '{posterName} 将一份制造业技能考核分配给贵机构', en: '{posterName} assigned a manufacturing skill assessment to your org' },
  'assessment.task_opened': { 'zh-CN': '一份成单的第 {day} 天技能考核已开始（及格线 {passScore} 分），请在 {dueOn} 前评分', en: 'A day-{day} skill assessment is open (pass mark {passScore}): score it by {dueOn}' },
  'assessment.assessor_missing': { 'zh-CN': '一份成单的第 {day} 天技能考核已开始，但尚未指定评估机构（{dueOn} 截止）', en: 'A day-{day} skill assessment is open but no assessor org is assigned yet (due {dueOn})' },
  'assessment.scored': { 'zh-CN': '一份成单的第 {day} 天技能考核得分 {score}（及格线 {passScore}）', en: 'A day-{day} skill assessment scored {score} (pass mark {passScore})' },
  'assessment.milestone_failed': { 'zh-CN': '一份成单的第 {day} 天技能考核未通过：{score} 分，及格线 {passScore}', en: 'A day-{day} skill assessment failed: {score} against a pass mark of {passScore}' },
  'assessment.projection_warning': { 'zh-CN': '能力成长曲线预警：第 {targetDay} 天预计 {projected} 分，达到 {threshold} 分的概率仅 {probabilityPercent}%', en: 'Growth-curve warning: day {targetDay} is projected at {projected}; the chance of reaching {threshold} is only {probabilityPercent}%' },
  'dispute.raised': { 'zh-CN': '有一项关于理赔的争议：请在 {answerBy} 前答复', en: 'A dispute was raised about a claim: your answer is due by {answerBy}' },
  'dispute.answered': { 'zh-CN': '对方已答复争议', en: 'The other party answered a dispute' },
  'dispute.answer_missed': { 'zh-CN': '争议在 {answerBy} 前未获答复：已记录沉默，交由仲裁员裁决', en: 'A dispute was not answered by {answerBy}: the silence is noted and it goes to the arbitrator' },
  'dispute.assigned': { 'zh-CN': '一项争议已分配给您：请在 {decideBy} 前裁决', en: 'A dispute was assigned to you: the decision is due by {decideBy}' },
  'dispute.decided': { 'zh-CN': '争议已裁决并执行', en: 'A dispute was decided and applied' },
  'dispute.overdue': { 'zh-CN': '争议未在 {decideBy} 前裁决', en: 'A dispute was not decided by {decideBy}' },
  'checkin.opened': { 'zh-CN': '一份成单的第 {day} 天回访已开始（{respondent}），{closesOn} 截止', en: 'A placement’s day-{day} check-in is open ({respondent}) until {closesOn}' },
  'checkin.closing': { 'zh-CN': '一份成单的第 {day} 天回访明天截止', en: 'A placement’s day-{day} check-in closes tomorrow' },
  'checkin.missed': { 'zh-CN': '一份成单的第 {day} 天回访已错过（{respondent}）', en: 'A placement’s day-{day} check-in was missed ({respondent})' },
  'checkin.answered': { 'zh-CN': '一份成单的第 {day} 天回访已填写（{respondent}）', en: 'A placement’s day-{day} check-in was answered ({respondent})' },
  'task.due': { 'zh-CN': '一份成单的跟进任务今天到期（截止 {dueOn}）', en: 'A placement’s support task is due today ({dueOn})' },
  'task.overdue': { 'zh-CN': '一份成单的跟进任务已逾期（截止 {dueOn}）', en: 'A placement’s support task is overdue (due {dueOn})' },
  'task.completed': { 'zh-CN': '顾问已完成一份成单的一项跟进任务', en: 'The consultant completed a support task of a placement' },
  'claim.filed': { 'zh-CN': '一份成单的离职申报已按条款判定', en: 'A placed candidate’s departure was decided by the terms' },
  'claim.evidence_added': { 'zh-CN': '雇主为一项索赔补充了证据', en: 'The poster added evidence to a claim' },
  'claim.pending_review': { 'zh-CN': '一份售后申请等待平台审核', en: 'A claim awaits the platform’s review' },
  'claim.rejected': { 'zh-CN': '一份售后申请不予受理', en: 'A claim on a placement was rejected' },
  'claim.awaiting_remedy': { 'zh-CN': '一份售后申请待选择售后方式', en: 'A claim awaits the choice of a remedy' },
  'claim.refunded': { 'zh-CN': '一份售后申请已退款结算', en: 'A claim on a placement was settled by a refund' },
  'claim.replacement_pending': { 'zh-CN': '需在 {deliverBy} 前完成补推', en: 'A replacement candidate is due by {deliverBy}' },
  'claim.replacement_overdue': { 'zh-CN': '一份补推已逾期（截止 {deliverBy}）', en: 'A replacement candidate is overdue (due {deliverBy})' },
  'claim.replacement_extended': { 'zh-CN': '一份补推的期限延至 {deliverBy}', en: 'A replacement candidate is now due by {deliverBy}' },
  'claim.replaced': { 'zh-CN': '一份成单的补推已于 {hiredOn} 录用，新的成单等待双方确认', en: 'A replacement was hired on {hiredOn}; the new placement awaits both sides’ acceptance' },
  'claim.reviewed': { 'zh-CN': '平台已审核一份售后申请', en: 'The platform reviewed a claim on a placement' },
  'submission.created': { 'zh-CN': '{agencyName} 向「{orderTitle}」推荐了一位候选人', en: '{agencyName} submitted a candidate to “{orderTitle}”' },
  'submission.stage_changed': { 'zh-CN': '「{orderTitle}」的一份推荐：{fromLabel} → {toLabel}', en: 'A submission to “{orderTitle}”: {fromLabel} → {toLabel}' },
  'submission.commented': { 'zh-CN': '「{orderTitle}」的一份推荐有新评论', en: 'New comment on a submission to “{orderTitle}”' },
  'installment.issued': { 'zh-CN': '一份成单的第 {sequence} 期佣金应于 {dueDate} 支付：{amount}', en: 'Installment {sequence} of a placement is due on {dueDate}: {amount}' },
  'installment.overdue': { 'zh-CN': '一份成单的第 {sequence} 期佣金已逾期（应于 {dueDate} 支付），未付 {open}', en: 'Installment {sequence} of a placement is overdue (due {dueDate}): {open} open' },
  'placement.created': { 'zh-CN': '一位候选人已确认入职（{startDate}），佣金 {fee}，请确认成单条款', en: 'A candidate is hired (starts {startDate}), fee {fee}: accept the placement terms' },
  'placement.accepted': { 'zh-CN': '对方已确认一份成单的条款，请您确认', en: 'The other side accepted the terms of a placement: your acceptance is awaited' },
  'placement.activated': { 'zh-CN': '一份成单的条款已由双方确认，售后服务开始（共 {obligationCount} 项排期）', en: 'Both sides accepted the terms of a placement: after-sales service begins ({obligationCount} scheduled items)' },
  'placement.flagged': { 'zh-CN': '一位已入职的候选人出现留任风险预警，请关注', en: 'A placed candidate is flagged for retention risk' },
  'placement.corrected': { 'zh-CN': '一份成单的入职信息已更正（{startDate} 入职，佣金 {fee}），请重新确认成单条款', en: 'The hire’s facts were corrected (starts {startDate}, fee {fee}): accept the placement terms again' },
  'placement.guarantee_passed': { 'zh-CN': '一份成单的保证期已届满', en: 'The guarantee period of a placement has passed' },
  'job_order.reopened_for_replacement': { 'zh-CN': '职位「{orderTitle}」已为补推重新开放，仅限贵司顾问，{deliverBy} 前录用有效', en: 'The order “{orderTitle}” is open again for your agency’s replacement only; hire by {deliverBy}' },
  'job_order.engaged': { 'zh-CN': '{agencyName} 的顾问 {consultantName} 接单了「{orderTitle}」', en: '{consultantName} of {agencyName} took “{orderTitle}”' },
  'job_order.engagement_dropped': { 'zh-CN': '{agencyName} 的顾问 {consultantName} 放弃了「{orderTitle}」：{reason}', en: '{consultantName} of {agencyName} dropped “{orderTitle}”: {reason}' },
  'job_order.closed': { 'zh-CN': '职位「{orderTitle}」已关闭，您的接单随之结束', en: 'The order “{orderTitle}” was closed; your engagement on it ends' },
  'job_order.closed_by_platform': { 'zh-CN': '平台运营关闭了职位「{orderTitle}」：{reason}', en: 'Platform operations closed the order “{orderTitle}”: {reason}' },
  'plan.version_published': { 'zh-CN': '定制方案「{planName}」发布了第 {version} 版', en: 'Custom plan “{planName}” has a new version {version}' },
  'plan.custom_published': { 'zh-CN': '您申请的定制方案「{planName}」已发布', en: 'The custom plan you asked for, “{planName}”, is published' },
  'plan.custom_declined': { 'zh-CN': '您的定制方案申请未获通过：{note}', en: 'Your custom plan request was declined: {note}' },
};

const RESPONDENT: Record<string, Record<MessageLanguage, string>> = {
  employer: { 'zh-CN': '雇主', en: 'employer' },
  candidate: { 'zh-CN': '候选人', en: 'candidate' },
};

const STAGE: Record<string, Record<MessageLanguage, string>> = {
  submitted: { 'zh-CN': '已推荐', en: 'submitted' },
  screening: { 'zh-CN': '筛选中', en: 'screening' },
  interviewing: { 'zh-CN': '面试中', en: 'interviewing' },
  offered: { 'zh-CN': '已发 offer', en: 'offered' },
  hired: { 'zh-CN': '已录用', en: 'hired' },
  rejected: { 'zh-CN': '未通过', en: 'rejected' },
  withdrawn: { 'zh-CN': '已撤回', en: 'withdrawn' },
};

type Params = Readonly<Record<string, string | number>>;

/** The values a sentence names, derived from the item's params for `lang`. */
function valuesOf(params: Params, lang: MessageLanguage): Record<string, string> {
  const v: Record<string, string> = Object.fromEntries(Object.entries(params).map(([k, x]) => [k, String(x)]));
  const currency = typeof params.currency === 'string' ? ` ${params.currency}` : '';
  for (const money of ['amount', 'open', 'fee']) if (v[money] !== undefined) v[money] = `${v[money]}${currency}`;
  if (v.respondent !== undefined) v.respondent = RESPONDENT[v.respondent]?.[lang] ?? v.respondent;
  if (v.from !== undefined) v.fromLabel = STAGE[v.from]?.[lang] ?? v.from;
  if (v.to !== undefined) v.toLabel = STAGE[v.to]?.[lang] ?? v.to;
  const planName = lang === 'zh-CN' ? v.planNameZh : v.planNameEn;
  if (planName !== undefined) v.planName = planName;
  return v;
}

/** One item in words: its kind's sentence with its values, or a general sentence for a kind without one. */
export function sentenceOf(kind: string, params: Params, lang: MessageLanguage): string {
  const template = (KIND_SENTENCES as Record<string, Record<MessageLanguage, string> | undefined>)[kind]?.[lang];
  if (template === undefined) return lang === 'zh-CN' ? `稳聘有一条新通知（${kind}）` : `New notification on Tenure (${kind})`;
  const values = valuesOf(params, lang);
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole);
}

/** Where an item's subject is in the web app (relative to its address). */
export function subjectPathOf(subjectType: string, subjectId: string): string {
  const base: Record<string, string> = { placement: '/placements/', submission: '/submissions/', claim: '/claims/', dispute: '/disputes/', job_order: '/orders/', plan: '/plans' };
  const prefix = base[subjectType];
  if (prefix === undefined) return '/';
  return prefix.endsWith('/') ? `${prefix}${encodeURIComponent(subjectId)}` : prefix;
}
