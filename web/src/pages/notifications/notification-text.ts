import i18n from '../../i18n/index.ts';
import type { Role } from '../../api/identity';
import type { InboxItem } from '../../api/notifications';
import { formatMoney } from '../../format';
import { stageLabel } from '../submissions/submission-parts';
import { isNotificationKind, type NotificationSubjectType } from '../../../../src/notifications/kinds.ts';

/** Subjects the generic sentence can name (the server's catalog, less those without words of their own). */
const NAMED_SUBJECTS = ['submission', 'placement', 'job_order', 'plan'] as const satisfies readonly NotificationSubjectType[];

/**
 * The sentence of an inbox item: the message at `notifications.kinds.<kind>` (one per kind of the server's
 * catalog, src/notifications/kinds.ts) with the item's params (stage codes also given as words, `fromLabel` /
 * `toLabel` / `stageLabel`); a generic sentence naming the subject for a kind this build does not know yet.
 */
export function notificationText(n: InboxItem): string {
  const params: Record<string, string | number> = { ...n.params };
  for (const key of ['from', 'to', 'stage'] as const) {
    const v = n.params[key];
    if (typeof v === 'string') params[`${key}Label`] = stageLabel(v);
  }
  // Amounts arrive as decimal strings with their currency: shown as every page shows money (¥92,400.00).
  const currency = n.params.currency;
  for (const key of ['fee', 'amount', 'open'] as const) {
    const v = n.params[key];
    if (typeof v === 'string' && typeof currency === 'string' && /^-?\d+(\.\d+)?$/.test(v)) params[key] = formatMoney(v, currency);
  }
  // Names stored in both languages (plans) are given in the reader's.
  const zh = n.params.planNameZh;
  const en = n.params.planNameEn;
  if (zh !== undefined || en !== undefined) params.planName = (i18n.language === 'en' ? (en ?? zh) : (zh ?? en)) ?? '';
  if (isNotificationKind(n.kind)) return i18n.t(`notifications.kinds.${n.kind}`, params);
  const subject = NAMED_SUBJECTS.find((s) => s === n.subjectType) ?? 'other';
  return i18n.t('notifications.generic', { subject: i18n.t(`notifications.subjects.${subject}`) });
}

/** Where an inbox item leads: the page of its subject, as the reader's role sees it. */
export function notificationPath(n: InboxItem, role: Role): string | null {
  switch (n.subjectType) {
    case 'submission':
      return `/submissions/${n.subjectId}`;
    case 'placement':
      // An assessor org sees a placement only as its assessments (the workbench), never the placement page.
      return role === 'assessor' || role === 'assessor_admin' ? `/assessments/${n.subjectId}` : `/placements/${n.subjectId}`;
    case 'job_order':
      return role === 'consultant' ? `/marketplace/${n.subjectId}` : `/orders/${n.subjectId}`;
    case 'engagement':
      return role === 'consultant' ? '/engagements' : role === 'agency_admin' ? '/agency-engagements' : null;
    case 'plan':
      return `/plans/${n.subjectId}`;
    case 'claim':
      return `/claims/${n.subjectId}`;
    case 'dispute':
      return `/disputes/${n.subjectId}`;
    case 'custom_plan_request':
      return '/plans';
    default:
      return null;
  }
}
