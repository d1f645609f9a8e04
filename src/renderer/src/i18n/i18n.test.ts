import { describe, expect, it } from 'vitest';
import { createI18n, languageFromSystem, resolveLanguage } from './i18n';

describe('i18n', () => {
  // Key parity of the catalogue: src/shared/i18n/catalogue.test.ts.
  it('follows the OS language unless the user chose one', () => {
    expect(languageFromSystem('zh-CN')).toBe('zh-CN');
    expect(languageFromSystem('zh-TW')).toBe('zh-CN');
    expect(languageFromSystem('en-GB')).toBe('en');
    expect(languageFromSystem('fr')).toBe('en');
    expect(languageFromSystem(undefined)).toBe('en');
    expect(resolveLanguage('system', 'zh-CN')).toBe('zh-CN');
    expect(resolveLanguage('en', 'zh-CN')).toBe('en');
    expect(resolveLanguage('zh-CN', 'en-US')).toBe('zh-CN');
  });

  it('uses the words of UX.md', () => {
    const zh = createI18n('zh-CN');
    expect(zh.t('status.reconnecting', { seconds: 8 })).toBe('8 秒后重连');
    expect(zh.t('kicked.title')).toBe('已下线');
    const enI18n = createI18n('en');
    expect(enI18n.t('status.unreachable', { seconds: 3 })).toBe(
      "Can't reach the server. Retrying in 3 s",
    );
  });
});
