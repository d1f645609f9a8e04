import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import { i18nInitOptions } from './catalogue';
import { en } from './en';
import { LANGUAGES } from './language';
import { zhCN } from './zh-cn';

function keys(value: object, prefix = ''): string[] {
  return Object.entries(value).flatMap(([key, inner]) =>
    typeof inner === 'string' ? [`${prefix}${key}`] : keys(inner as object, `${prefix}${key}.`),
  );
}

describe('the one translation catalogue', () => {
  it('has the same keys in every language, none empty (window and main process alike)', () => {
    expect(keys(zhCN).sort()).toEqual(keys(en).sort());
    for (const language of LANGUAGES) {
      const instance = i18next.createInstance();
      void instance.init(i18nInitOptions(language));
      for (const key of keys(en)) expect(instance.t(key), `${language} ${key}`).not.toBe('');
    }
  });
});
