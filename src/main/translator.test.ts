import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, type Settings } from '../shared/settings';
import { en } from '../shared/i18n/en';
import { zhCN } from '../shared/i18n/zh-cn';
import { createTranslator, followLanguageSetting, type MainTextKey } from './translator';

const MAIN_KEYS: MainTextKey[] = [
  ...Object.keys(en.tray).map((key) => `tray.${key}` as MainTextKey),
  ...Object.keys(en.osNotification).map((key) => `osNotification.${key}` as MainTextKey),
  ...Object.keys(en.osDialog).map((key) => `osDialog.${key}` as MainTextKey),
];

describe('main-process translator', () => {
  it('speaks every main-process key in both languages from the shared catalogue', () => {
    const english = createTranslator('en');
    const chinese = createTranslator('zh-CN');
    expect(Object.keys(zhCN.tray).sort()).toEqual(Object.keys(en.tray).sort());
    expect(Object.keys(zhCN.osNotification).sort()).toEqual(Object.keys(en.osNotification).sort());
    for (const key of MAIN_KEYS) {
      expect(english.t(key), key).not.toBe(key);
      expect(chinese.t(key), key).not.toBe(key);
      expect(chinese.t(key), key).not.toBe(english.t(key));
    }
    expect(english.t('tray.unreadSuffix', { count: 3 })).toBe(' · 3 unread');
    expect(chinese.t('osNotification.newMessages', { count: 4 })).toBe('4 条新消息');
  });

  it('follows the language setting, and the OS language when the user follows the system', () => {
    let settings: Settings = { ...DEFAULT_SETTINGS, locale: 'system' };
    const listeners = new Set<(value: Settings) => void>();
    const source = {
      getSettings: () => settings,
      onSettings: (listener: (value: Settings) => void) => {
        listeners.add(listener);
        return () => void listeners.delete(listener);
      },
    };
    const translator = createTranslator('en');
    let changes = 0;
    translator.onChange(() => (changes += 1));
    const stop = followLanguageSetting(translator, source, 'zh-CN');
    expect(translator.language).toBe('zh-CN');
    expect(translator.t('tray.quit')).toBe('退出');
    settings = { ...settings, locale: 'en' };
    for (const listener of listeners) listener(settings);
    expect(translator.t('tray.quit')).toBe('Quit');
    expect(changes).toBe(2);
    stop();
    expect(listeners.size).toBe(0);
  });
});
