import { describe, expect, it } from 'vitest';
import { createI18n } from '../i18n/i18n';
import { messageDisplayText } from './message-display-text';

describe('messageDisplayText', () => {
  it('text as it is; other types as their placeholder in the UI language; never empty', () => {
    const en = createI18n('en');
    const zh = createI18n('zh-CN');
    expect(messageDisplayText({ contentType: 1, text: 'hello' }, en.t)).toBe('hello');
    expect(messageDisplayText({ contentType: 2, text: '' }, en.t)).toBe('[Image]');
    expect(messageDisplayText({ contentType: 2, text: '' }, zh.t)).toBe('[图片]');
    expect(messageDisplayText({ contentType: 8, text: '' }, zh.t)).toBe('[文件]');
    expect(messageDisplayText({ contentType: 0, text: '' }, en.t)).toBe('[Unsupported message]');
    expect(messageDisplayText({ contentType: 1, text: '' }, zh.t)).toBe('[不支持的消息]');
    for (let type = 0; type < 120; type++) {
      expect(messageDisplayText({ contentType: type, text: '' }, zh.t)).not.toBe('');
    }
  });

  it('the status words for a sync after reconnect', () => {
    expect(createI18n('en').t('sync.updating')).toBe('Updating…');
    expect(createI18n('zh-CN').t('sync.updating')).toBe('更新中…');
  });
});
