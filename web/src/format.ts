import type { Locale } from './i18n/index.ts';

const intlLocale = (locale: Locale): string => (locale === 'en' ? 'en-GB' : 'zh-CN');

/** An instant (ISO 8601) in the viewer's time zone, e.g. 2026/01/05 09:30. */
export function formatInstant(iso: string | null | undefined, locale: Locale): string {
  if (!iso) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(intlLocale(locale), {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hour12: false,
  }).format(date);
}

/** The calendar-date part of an instant, e.g. 2026/01/05. */
export function formatInstantDate(iso: string | null | undefined, locale: Locale): string {
  if (!iso) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(intlLocale(locale), { year: 'numeric', month: '2-digit', day: '2-digit' }).format(date);
}

function calendarDate(day: string): Date | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!match) return null;
  return new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
}

/** A calendar date (YYYY-MM-DD), long form with weekday: 2026年1月5日星期一 / Monday 5 January 2026. */
export function formatCalendarDateLong(day: string, locale: Locale): string {
  const date = calendarDate(day);
  if (!date) return day;
  return new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : 'zh-CN', {
    timeZone: 'UTC',
    weekday: 'long',
    year: 'numeric',
    month: 'long',
    day: 'numeric',
  }).format(date);
}


/** A text the API gives in both languages (`{ zh, en }`), in the viewer's. */
export const pick = (text: { zh: string; en: string }, locale: Locale): string => (locale === 'en' ? text.en : text.zh);

/** "3f9a0c1e…b2d4": enough to recognise a hash; the full value is a hover or a copy away. */
export const shortHash = (hash: string): string => `${hash.slice(0, 8)}…${hash.slice(-4)}`;

const CURRENCY_SYMBOLS: Record<string, string> = { CNY: '¥', USD: 'US$', EUR: '€', HKD: 'HK$', SGD: 'S$', GBP: '£', JPY: 'JP¥', KRW: '₩' };

/**
 * A decimal amount as the API gives it ("60000.00", "-500.00") grouped by thousands with its currency symbol
 * (¥60,000.00, -¥500.00). Grouping works on the text, so no amount passes through a float. `whole` drops a zero
 * fraction (¥400,000).
 */
export function formatMoney(amount: string, currency: string, opts: { whole?: boolean } = {}): string {
  const negative = amount.startsWith('-');
  const [int = '0', fraction] = (negative ? amount.slice(1) : amount).split('.');
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const keepFraction = fraction !== undefined && !(opts.whole && /^0+$/.test(fraction));
  return `${negative ? '-' : ''}${CURRENCY_SYMBOLS[currency] ?? `${currency} `}${grouped}${keepFraction ? `.${fraction}` : ''}`;
}

/** A long identifier shortened for tables: first 8 characters. */
export function shortId(id: string): string {
  return id.length > 12 ? `${id.slice(0, 8)}…` : id;
}

/** The default time zone of a new org: Tenure's market is China. */
export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

const COMMON_TIME_ZONES = [
  'Asia/Shanghai',
  'Asia/Hong_Kong',
  'Asia/Taipei',
  'Asia/Singapore',
  'Asia/Tokyo',
  'Asia/Seoul',
  'Europe/London',
  'Europe/Berlin',
  'America/New_York',
  'America/Los_Angeles',
  'UTC',
];

/** Time zones to choose from: the common ones first, then every zone the browser knows. */
export function timeZoneChoices(): string[] {
  const supported = (Intl as { supportedValuesOf?: (key: 'timeZone') => string[] }).supportedValuesOf?.('timeZone') ?? [];
  return [...new Set([...COMMON_TIME_ZONES, ...supported])];
}
