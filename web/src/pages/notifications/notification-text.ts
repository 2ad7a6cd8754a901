import i18n from '../../i18n/index.ts';
import type { Role } from '../../types';
import { formatMoney } from '../../format';
import { stageLabel } from '../submissions/submission-parts';

export interface InboxItem {
  id: string;
  kind: string;
  subjectType: string;
  subjectId: string;
  params: Record<string, string | number>;
  personal: boolean;
  createdAt: string;
  readAt: string | null;
}

export interface InboxPage {
  items: InboxItem[];
  unreadCount: number;
  nextCursor: string | null;
}

const SUBJECTS = ['submission', 'placement', 'order', 'engagement', 'plan'] as const;

/**
 * The sentence of an inbox item: the message at `notifications.kinds.<kind>` with the item's params (stage
 * codes also given as words, `fromLabel` / `toLabel` / `stageLabel`); a generic sentence naming the
 * subject for kinds the web app has no words for yet.
 */
export function notificationText(n: InboxItem): string {
  const params: Record<string, string | number> = { ...n.params };
  for (const key of ['from', 'to', 'stage'] as const) {
    const v = n.params[key];
    if (typeof v === 'string') params[`${key}Label`] = stageLabel(v);
  }
  // Amounts arrive as decimal strings with their currency: shown as every page shows money (¥92,400.00).
  const currency = n.params.currency;
  for (const key of ['fee', 'amount'] as const) {
    const v = n.params[key];
    if (typeof v === 'string' && typeof currency === 'string' && /^-?\d+(\.\d+)?$/.test(v)) params[key] = formatMoney(v, currency);
  }
  // Names stored in both languages (plans) are given in the reader's.
  const zh = n.params.planNameZh;
  const en = n.params.planNameEn;
  if (zh !== undefined || en !== undefined) params.planName = (i18n.language === 'en' ? (en ?? zh) : (zh ?? en)) ?? '';
  const key = `notifications.kinds.${n.kind}`;
  // Kinds are data: look their message up untyped, and only use it when it is a sentence (not a group of keys).
  const translate = i18n.t.bind(i18n) as unknown as (key: string, options?: Record<string, unknown>) => unknown;
  if (i18n.exists(key)) {
    const text = translate(key, { ...params, returnObjects: true });
    if (typeof text === 'string') return text;
  }
  const subject = (SUBJECTS as readonly string[]).includes(n.subjectType) ? n.subjectType : 'other';
  return i18n.t('notifications.generic', { subject: i18n.t(`notifications.subjects.${subject as 'other'}`) });
}

/** Where an inbox item leads: the page of its subject, as the reader's role sees it. */
export function notificationPath(n: InboxItem, role: Role): string | null {
  switch (n.subjectType) {
    case 'submission':
      return `/submissions/${n.subjectId}`;
    case 'placement':
      return `/placements/${n.subjectId}`;
    case 'order':
    case 'job_order':
      return role === 'consultant' ? `/marketplace/${n.subjectId}` : `/orders/${n.subjectId}`;
    case 'engagement':
      return role === 'consultant' ? '/engagements' : role === 'agency_admin' ? '/agency-engagements' : null;
    case 'plan':
      return `/plans/${n.subjectId}`;
    case 'claim':
      return `/claims/${n.subjectId}`;
    case 'custom_plan_request':
      return '/plans';
    default:
      return null;
  }
}
