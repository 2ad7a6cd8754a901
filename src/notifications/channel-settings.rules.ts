import type { MessageLanguage } from './message-words.ts';

/** Whether an event list (kinds, or `*` for all) takes `kind`. */
export function wantsEvent(events: readonly string[], kind: string): boolean {
  return events.includes('*') || events.includes(kind);
}

/** The language a person is written to in: its notification setting, else its web app locale, else Chinese. */
export function languageOf(setting: { language: MessageLanguage } | undefined, locale: string | undefined): MessageLanguage {
  if (setting) return setting.language;
  return locale?.toLowerCase().startsWith('en') ? 'en' : 'zh-CN';
}

/**
 * An event list as saved: `*` alone, or known kinds without repeats (an unknown kind is named in the refusal).
 * Returns the list or the first unknown kind.
 */
export function normalizeEventList(events: readonly string[], known: (kind: string) => boolean): { ok: true; events: string[] } | { ok: false; unknown: string } {
  if (events.includes('*')) return { ok: true, events: ['*'] };
  for (const e of events) if (!known(e)) return { ok: false, unknown: e };
  return { ok: true, events: [...new Set(events)].sort() };
}
