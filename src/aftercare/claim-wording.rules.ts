import { type CalendarDate, daysBetween } from '../platform/calendar-date.ts';
import type { ClaimTerms, TerminationReason } from '../plans/terms.schema.ts';
import { isReviewReason } from '../plans/terms.schema.ts';
import { REASON_LABELS, type Locale } from '../plans/terms-wording.rules.ts';
import { CLAIM_STATUS_LABELS, REMEDY_LABELS, REMEDY_REJECTION_LABELS } from './claim-labels.ts';
import type { ClaimEvaluation } from './claim-evaluation.rules.ts';

/**
 * A claim's decision in words, clause by clause (DESIGN §4.5): each line names the term it rests on and says how
 * the claim met it ("reported 9 days after the last working day; the terms allow 7"). Generated from the stored
 * decision and the terms snapshot, so the words never say something the engine did not decide.
 */

export const CLAUSES = ['reason', 'guarantee', 'notice', 'payment', 'outcome', 'remedies', 'refund', 'replacement'] as const;
export type Clause = (typeof CLAUSES)[number];
export type WordedClause = { clause: Clause; met: boolean | null; text: string };

export type WordingInput = {
  terms: ClaimTerms;
  decision: ClaimEvaluation;
  claim: { reason: TerminationReason; lastWorkingDay: CalendarDate | null; reportedOn: CalendarDate; startDate: CalendarDate; fee: string };
};

const zh = (l: Locale) => l === 'zh-CN';
const label = (l: Locale, t: { zh: string; en: string }) => (zh(l) ? t.zh : t.en);
const money = (amount: string, currency: string) => `${amount} ${currency}`;

export function claimDecisionInWords(input: WordingInput, locale: Locale): WordedClause[] {
  const { terms, decision, claim } = input;
  const g = terms.guarantee;
  const codes = new Set(decision.codes);
  const out: WordedClause[] = [];
  const l = locale;

  // The reason
  const reasonName = label(l, REASON_LABELS[claim.reason]);
  if (codes.has('reason_excluded')) {
    out.push({ clause: 'reason', met: false, text: zh(l) ? `离职原因为「${reasonName}」，不在条款保障的原因之内。` : `The reason, ${reasonName}, is not one the terms cover.` });
  } else if (!g.covered.includes(claim.reason) && isReviewReason(claim.reason)) {
    out.push({ clause: 'reason', met: null, text: zh(l) ? `离职原因为「${reasonName}」，需由平台审核是否保障。` : `The reason, ${reasonName}, is decided by the platform's review.` });
  } else {
    out.push({ clause: 'reason', met: true, text: zh(l) ? `离职原因为「${reasonName}」，在条款保障范围内。` : `The reason, ${reasonName}, is covered by the terms.` });
  }

  // Days served against the guarantee
  const d = decision.daysServed;
  const lastDay = claim.reason === 'no_show' ? claim.startDate : claim.lastWorkingDay;
  const served = claim.reason === 'no_show'
    ? (zh(l) ? '候选人未到岗（在职 0 天）' : 'the candidate never started (0 days served)')
    : (zh(l) ? `在职 ${d} 天（${claim.startDate} 入职为第 1 天，最后工作日 ${lastDay}）` : `${d} days served (start ${claim.startDate} is day 1, last working day ${lastDay})`);
  out.push({
    clause: 'guarantee',
    met: !codes.has('outside_guarantee'),
    text: codes.has('outside_guarantee')
      ? (zh(l) ? `${served}，超出 ${g.days} 天保证期。` : `${capital(served)}, beyond the ${g.days}-day guarantee.`)
      : (zh(l) ? `${served}，在 ${g.days} 天保证期内。` : `${capital(served)}, within the ${g.days}-day guarantee.`),
  });

  // Notice
  if (lastDay) {
    const delay = daysBetween(lastDay, claim.reportedOn);
    const when = delay < 0
      ? (zh(l) ? `在最后工作日前 ${-delay} 天申报` : `reported ${-delay} days before the last working day`)
      : delay === 0
        ? (zh(l) ? '在最后工作日当天申报' : 'reported on the last working day')
        : (zh(l) ? `在最后工作日后 ${delay} 天申报` : `reported ${delay} days after the last working day`);
    out.push({
      clause: 'notice',
      met: !codes.has('notice_late'),
      text: zh(l) ? `${when}；条款允许 ${g.noticeDays} 天。` : `${capital(when)}; the terms allow ${g.noticeDays}.`,
    });
  }

  // Timely payment
  if (g.requireTimelyPayment) {
    out.push({
      clause: 'payment',
      met: !codes.has('payment_overdue'),
      text: codes.has('payment_overdue')
        ? (zh(l) ? `截至申报日，有分期佣金未在到期日后 ${g.paymentGraceDays} 天宽限期内付清；条款要求按时付款。` : `An installment was not paid in full within ${g.paymentGraceDays} days of grace after its due date; the terms require timely payment.`)
        : (zh(l) ? `截至申报日到期的分期佣金均已在 ${g.paymentGraceDays} 天宽限期内付清。` : `Every installment due by the report was paid within its ${g.paymentGraceDays} days of grace.`),
    });
  }

  out.push({ clause: 'outcome', met: decision.status !== 'ineligible', text: zh(l) ? `结论：${label(l, CLAIM_STATUS_LABELS[decision.status])}。` : `Decision: ${label(l, CLAIM_STATUS_LABELS[decision.status])}.` });

  if (decision.status !== 'ineligible') {
    const names = decision.allowedRemedies.map((r) => label(l, REMEDY_LABELS[r]));
    const allowed = names.length === 0 ? (zh(l) ? '条款不提供售后方式' : 'the terms offer no remedy') : (zh(l) ? `可选售后方式：${names.join('、')}` : `Remedies available: ${names.join(', ')}`);
    const rejected = decision.remedyRejected ? (zh(l) ? `；所申请的方式未获支持：${label(l, REMEDY_REJECTION_LABELS[decision.remedyRejected])}` : `; the remedy asked for is not available: ${label(l, REMEDY_REJECTION_LABELS[decision.remedyRejected])}`) : '';
    out.push({ clause: 'remedies', met: names.length > 0, text: `${allowed}${rejected}${zh(l) ? '。' : '.'}` });
  }

  const r = decision.refund;
  const refundTerms = terms.remedies.refund;
  if (r && refundTerms) {
    const how = refundTerms.schedule === 'linear'
      ? (d === 0 ? (zh(l) ? '未到岗，全额退还' : 'a no-show: the whole fee') : (zh(l) ? `按比例：佣金 ${input.claim.fee} × (${g.days} − ${d}) ÷ ${g.days}` : `pro rata: fee ${input.claim.fee} × (${g.days} − ${d}) ÷ ${g.days}`))
      : (zh(l) ? '按阶梯比例' : 'by the stepped schedule');
    out.push({
      clause: 'refund',
      met: null,
      text: zh(l)
        ? `退款 ${money(r.amount, terms.currency)}（${how}，四舍五入到最小货币单位）；最终佣金 ${money(r.finalFee, terms.currency)}，应退现金 ${money(r.cashRefund, terms.currency)}，仍需支付 ${money(r.stillDue, terms.currency)}。`
        : `Refund ${money(r.amount, terms.currency)} (${how}, rounded half up to the minor unit); final fee ${money(r.finalFee, terms.currency)}, paid back ${money(r.cashRefund, terms.currency)}, still due ${money(r.stillDue, terms.currency)}.`,
    });
  }
  const rep = decision.replacement;
  if (rep) {
    out.push({
      clause: 'replacement',
      met: null,
      text: zh(l)
        ? `免费补推须在 ${rep.deliverBy} 前完成录用（申报日 ${claim.reportedOn} 起 ${terms.remedies.replacement?.deliveryDays ?? 0} 天）；新人保证期 ${rep.guaranteeDays} 天。`
        : `A free replacement must be hired by ${rep.deliverBy} (${terms.remedies.replacement?.deliveryDays ?? 0} days from the report on ${claim.reportedOn}); its guarantee is ${rep.guaranteeDays} days.`,
    });
  }
  return out;
}

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

