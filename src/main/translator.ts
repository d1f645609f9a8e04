import i18next from 'i18next';
import { i18nInitOptions } from '../shared/i18n/catalogue';
import type { Resources } from '../shared/i18n/en';
import { resolveLanguage, type Language } from '../shared/i18n/language';
import type { Settings } from '../shared/settings';

/**
 * Catalogue sections the main process speaks from (the application menu, the tray, OS
 * notifications and dialogs).
 */
type MainSection = 'appMenu' | 'tray' | 'osNotification' | 'osDialog';
export type MainTextKey = {
  [S in MainSection]: `${S}.${keyof Resources[S] & string}`;
}[MainSection];

/**
 * The main process's words, from the same i18next catalogue as the window (src/shared/i18n), so
 * the tray and notifications speak the language the user chose in the settings.
 */
export interface Translator {
  readonly language: Language;
  t(key: MainTextKey, values?: Record<string, string | number>): string;
  setLanguage(language: Language): void;
  /** Called after the language changed; returns the function that stops listening. */
  onChange(listener: () => void): () => void;
}

export function createTranslator(language: Language): Translator {
  const instance = i18next.createInstance();
  // Synchronous: the resources are bundled (initAsync: false).
  void instance.init(i18nInitOptions(language));
  const listeners = new Set<() => void>();
  return {
    get language() {
      return instance.language as Language;
    },
    t: (key, values) => instance.t(key, values ?? {}),
    setLanguage(next) {
      if (next === instance.language) return;
      void instance.changeLanguage(next);
      for (const listener of listeners) listener();
    },
    onChange(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
  };
}

export interface LanguageSource {
  getSettings(): Settings;
  onSettings(listener: (settings: Settings) => void): () => void;
}

/**
 * Keeps the translator on the language setting ("follow the system" uses the OS language).
 * Returns the function that stops following.
 */
export function followLanguageSetting(
  translator: Translator,
  source: LanguageSource,
  systemLanguage: string | undefined,
): () => void {
  const apply = (settings: Settings): void =>
    translator.setLanguage(resolveLanguage(settings.locale, systemLanguage));
  apply(source.getSettings());
  return source.onSettings(apply);
}
