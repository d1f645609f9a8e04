import type { TFunction } from 'i18next';
import { describe, expect, it } from 'vitest';
import type { HistoryEntry } from '../../../shared/messages';
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

describe('messageDisplayText with the details main decoded', () => {
  const en = createI18n('en');
  const zh = createI18n('zh-CN');
  const show = (content: HistoryEntry['content'], t: TFunction, contentType = 8): string =>
    messageDisplayText({ contentType, text: '', content }, t);

  it('a file: name and size, in both languages', () => {
    const file = { kind: 'file', name: 'report.pdf', size: 1_258_291 } as const;
    expect(show(file, en.t)).toBe('[File] report.pdf (1.2 MB)');
    expect(show(file, zh.t)).toBe('[文件] report.pdf (1.2 MB)');
    expect(show({ kind: 'file', name: 'notes.txt', size: null }, en.t)).toBe('[File] notes.txt');
  });

  it("a location's title, a card's name, a voice message's length, an image", () => {
    expect(show({ kind: 'location', title: 'Tiananmen Square', address: '' }, en.t, 6)).toBe(
      '[Location] Tiananmen Square',
    );
    expect(show({ kind: 'location', title: '天安门', address: '' }, zh.t, 6)).toBe('[位置] 天安门');
    expect(show({ kind: 'card', uid: 'u1', name: 'Alice' }, en.t, 7)).toBe('[Contact card] Alice');
    expect(show({ kind: 'voice', seconds: 7 }, zh.t, 4)).toBe('[语音] 7″');
    expect(show({ kind: 'image' }, en.t, 2)).toBe('[Image]');
  });

  it('unknown and unreadable payloads say so, never empty', () => {
    expect(show({ kind: 'unsupported', contentType: 777 }, en.t, 777)).toBe(
      '[Unsupported message]',
    );
    expect(show({ kind: 'unsupported', contentType: null }, zh.t, 0)).toBe('[不支持的消息]');
    expect(show({ kind: 'system', text: '' }, en.t, 1001)).toBe('[Unsupported message]');
  });

  it('a name is shown as it is: no markup, no nested translation', () => {
    const name = '$t(messageContent.image) {{size}} <b>&amp;</b>';
    expect(show({ kind: 'file', name, size: null }, en.t)).toBe(`[File] ${name}`);
  });
});
