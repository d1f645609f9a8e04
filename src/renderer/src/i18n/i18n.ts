import i18next, { type i18n } from 'i18next';
import { initReactI18next } from 'react-i18next';
import type { Settings } from '../../../shared/settings';
import { en } from './en';
import { zhCN } from './zh-cn';

export type Language = 'en' | 'zh-CN';

/** Any Chinese OS language gets the Chinese strings; everything else English. */
export function languageFromSystem(systemLanguage: string | undefined): Language {
  return systemLanguage?.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}

export function resolveLanguage(
  locale: Settings['locale'] | undefined,
  systemLanguage: string | undefined,
): Language {
  return locale === 'en' || locale === 'zh-CN' ? locale : languageFromSystem(systemLanguage);
}

/** One instance per app (and per test), initialised synchronously from bundled resources. */
export function createI18n(language: Language): i18n {
  const instance = i18next.createInstance();
  void instance.use(initReactI18next).init({
    resources: { en: { translation: en }, 'zh-CN': { translation: zhCN } },
    lng: language,
    fallbackLng: 'en',
    supportedLngs: ['en', 'zh-CN'],
    initAsync: false,
    // React escapes output already.
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  return instance;
}
