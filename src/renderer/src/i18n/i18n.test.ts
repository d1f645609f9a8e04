import { describe, expect, it } from 'vitest';
import { en } from '../../../shared/i18n/en';
import { createI18n, languageFromSystem, resolveLanguage } from './i18n';
import { zhCN } from '../../../shared/i18n/zh-cn';

function keys(value: object, prefix = ''): string[] {
  return Object.entries(value).flatMap(([key, inner]) =>
    typeof inner === 'string' ? [`${prefix}${key}`] : keys(inner as object, `${prefix}${key}.`),
  );
}

describe('i18n', () => {
  it('has the same keys in both languages, none empty', () => {
    expect(keys(zhCN).sort()).toEqual(keys(en).sort());
    const zh = createI18n('zh-CN');
    for (const key of keys(en)) expect(zh.t(key), key).not.toBe('');
  });

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
