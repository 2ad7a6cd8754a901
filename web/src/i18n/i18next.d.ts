import 'i18next';
import type { TranslationMessages } from './zh-CN.ts';

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: TranslationMessages };
    returnNull: false;
  }
}
