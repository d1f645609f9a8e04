import i18next, { type i18n } from 'i18next';
import { initReactI18next } from 'react-i18next';
import { i18nInitOptions } from '../../../shared/i18n/catalogue';
import type { Language } from '../../../shared/i18n/language';

export { languageFromSystem, resolveLanguage, type Language } from '../../../shared/i18n/language';

/** One instance per app (and per test), initialised synchronously from bundled resources. */
export function createI18n(language: Language): i18n {
  const instance = i18next.createInstance();
  void instance.use(initReactI18next).init(i18nInitOptions(language));
  return instance;
}
