import type { Settings } from '../settings';

/** The languages of the catalogue (en.ts, zh-cn.ts). */
export const LANGUAGES = ['en', 'zh-CN'] as const;
export type Language = (typeof LANGUAGES)[number];

/** Any Chinese OS language gets the Chinese strings; everything else English. */
export function languageFromSystem(systemLanguage: string | undefined): Language {
  return systemLanguage?.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}

/** The user's choice in the settings, or the OS language when they follow the system. */
export function resolveLanguage(
  locale: Settings['locale'] | undefined,
  systemLanguage: string | undefined,
): Language {
  return locale === 'en' || locale === 'zh-CN' ? locale : languageFromSystem(systemLanguage);
}
