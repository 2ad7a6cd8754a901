import type { LocalizedText, RemedyKind } from '../plans/terms.schema.ts';
import type { ClaimStatus, IneligibilityCode, RemedyRejection } from './claim-evaluation.rules.ts';

/** How a claim's evaluation reads to people, zh-CN and en: the codes of claim-evaluation.rules.ts in words. */

export const CLAIM_CODE_LABELS: Readonly<Record<IneligibilityCode, LocalizedText>> = {
  reason_excluded: { zh: '离职原因不在保障范围内', en: 'the reason for leaving is not covered' },
  outside_guarantee: { zh: '离职发生在保证期之后', en: 'the departure came after the guarantee period' },
  notice_late: { zh: '售后申请超过了提出期限', en: 'the claim was reported too late' },
  payment_overdue: { zh: '存在逾期未付清的分期佣金', en: 'an installment was not paid in time' },
};

export const CLAIM_STATUS_LABELS: Readonly<Record<ClaimStatus, LocalizedText>> = {
  eligible: { zh: '符合售后条件', en: 'eligible' },
  needs_review: { zh: '待平台审核', en: 'awaiting platform review' },
  ineligible: { zh: '不符合售后条件', en: 'not eligible' },
};

export const REMEDY_LABELS: Readonly<Record<RemedyKind, LocalizedText>> = {
  replacement: { zh: '免费补推', en: 'free replacement' },
  refund: { zh: '退款', en: 'refund' },
};

export const REMEDY_REJECTION_LABELS: Readonly<Record<RemedyRejection, LocalizedText>> = {
  replacements_exhausted: { zh: '免费补推次数已用完', en: 'no free replacement is left' },
  remedy_not_offered: { zh: '条款不提供该售后方式', en: 'the terms do not offer this remedy' },
};
