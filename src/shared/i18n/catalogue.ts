import type { InitOptions } from 'i18next';
import { en } from './en';
import type { Language } from './language';
import { LANGUAGES } from './language';
import { zhCN } from './zh-cn';

/**
 * The one translation catalogue of the app: the window (react-i18next) and the main process (tray,
 * OS notifications) both initialise i18next with these options, so they share keys and wording.
 */
export function i18nInitOptions(language: Language): InitOptions {
  return {
    resources: { en: { translation: en }, 'zh-CN': { translation: zhCN } },
    lng: language,
    fallbackLng: 'en',
    supportedLngs: [...LANGUAGES],
    // Resources are bundled: initialise synchronously, no backend.
    initAsync: false,
    // React escapes its output; the main process hands plain text to the OS.
    interpolation: { escapeValue: false },
    returnNull: false,
  };
}
