import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from './en.ts';
import zhCN, { type TranslationMessages } from './zh-CN.ts';

export const LOCALES = ['zh-CN', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'zh-CN';

/** Where the chosen language is remembered in the browser. */
export const LOCALE_STORAGE_KEY = 'tenure.locale';

export const isLocale = (value: unknown): value is Locale => LOCALES.includes(value as Locale);

export function storedLocale(): Locale {
  try {
    const value = window.localStorage.getItem(LOCALE_STORAGE_KEY);
    return isLocale(value) ? value : DEFAULT_LOCALE;
  } catch {
    return DEFAULT_LOCALE;
  }
}

/** Whether someone chose a language in this browser. */
export function hasStoredLocale(): boolean {
  try {
    return isLocale(window.localStorage.getItem(LOCALE_STORAGE_KEY));
  } catch {
    return false;
  }
}

function storeLocale(locale: Locale): void {
  try {
    window.localStorage.setItem(LOCALE_STORAGE_KEY, locale);
  } catch {
    // Private mode or storage disabled: the choice lasts for this page only.
  }
}

function applyToDocument(locale: Locale): void {
  document.documentElement.lang = locale;
  document.title = locale === 'en' ? 'Tenure 稳聘' : '稳聘 Tenure';
}

export const resources = {
  'zh-CN': { translation: zhCN as TranslationMessages },
  en: { translation: en },
} as const;

const initial = storedLocale();
void i18n.use(initReactI18next).init({
  resources,
  lng: initial,
  fallbackLng: DEFAULT_LOCALE,
  supportedLngs: [...LOCALES],
  interpolation: { escapeValue: false },
  returnNull: false,
});
applyToDocument(initial);

export function currentLocale(): Locale {
  return isLocale(i18n.language) ? i18n.language : DEFAULT_LOCALE;
}

export async function changeLocale(locale: Locale): Promise<void> {
  storeLocale(locale);
  applyToDocument(locale);
  await i18n.changeLanguage(locale);
}

export default i18n;
