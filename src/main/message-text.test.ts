import { describe, expect, it } from 'vitest';
import { NOTIFICATION_BODY_MAX, messageText, notificationBody } from './message-text';
import { createTranslator } from './translator';

const MESSAGE_TEXT = messageText(createTranslator('en'));

const text = (t: string) => notificationBody({ contentType: 1, text: t }, MESSAGE_TEXT);

describe('notificationBody', () => {
  it('keeps short text, collapses whitespace, and cuts long text with an ellipsis', () => {
    expect(text('  hi\n\n  there\t ')).toBe('hi there');
    const exact = 'a'.repeat(NOTIFICATION_BODY_MAX);
    expect(text(exact)).toBe(exact);
    expect(text(`${exact}b`)).toBe(`${'a'.repeat(NOTIFICATION_BODY_MAX - 1)}…`);
  });

  it('never splits an emoji at the limit', () => {
    const body = text('😀'.repeat(NOTIFICATION_BODY_MAX + 5));
    expect(Array.from(body)).toHaveLength(NOTIFICATION_BODY_MAX);
    expect(body).toBe(`${'😀'.repeat(NOTIFICATION_BODY_MAX - 1)}…`);
  });

  it('non-text and empty messages get the placeholder the chat list shows, in the chosen language', () => {
    expect(notificationBody({ contentType: 2, text: 'file.png' }, MESSAGE_TEXT)).toBe('[Image]');
    expect(notificationBody({ contentType: 8, text: '' }, MESSAGE_TEXT)).toBe('[File]');
    expect(notificationBody({ contentType: 0, text: '' }, MESSAGE_TEXT)).toBe(
      '[Unsupported message]',
    );
    expect(text('   ')).toBe('[Unsupported message]');
    const chinese = messageText(createTranslator('zh-CN'));
    expect(notificationBody({ contentType: 2, text: '' }, chinese)).toBe('[图片]');
  });

  it('a file shows its name and size, a location its title, in the chosen language', () => {
    const file = { contentType: 8, text: '' } as const;
    const details = { kind: 'file', name: 'report.pdf', size: 1_258_291 } as const;
    expect(notificationBody({ ...file, content: details }, MESSAGE_TEXT)).toBe(
      '[File] report.pdf (1.2 MB)',
    );
    const chinese = messageText(createTranslator('zh-CN'));
    expect(notificationBody({ ...file, content: details }, chinese)).toBe(
      '[文件] report.pdf (1.2 MB)',
    );
    const place = { kind: 'location', title: 'Tiananmen Square', address: '' } as const;
    expect(notificationBody({ contentType: 6, text: '', content: place }, MESSAGE_TEXT)).toBe(
      '[Location] Tiananmen Square',
    );
  });

  it('details are redacted and cut like text; empty details fall back to the placeholder', () => {
    const long = { kind: 'file', name: `secret-${'x'.repeat(300)}`, size: null } as const;
    const body = notificationBody({ contentType: 8, text: '', content: long }, MESSAGE_TEXT, (t) =>
      t.replace('secret', '******'),
    );
    expect(body.startsWith('[File] ******-x')).toBe(true);
    expect(Array.from(body)).toHaveLength(NOTIFICATION_BODY_MAX);
    const empty = { kind: 'system', text: '' } as const;
    expect(notificationBody({ contentType: 1001, text: '', content: empty }, MESSAGE_TEXT)).toBe(
      '[Unsupported message]',
    );
  });

  it('formats the counts', () => {
    expect(MESSAGE_TEXT.newMessages(3)).toBe('3 new messages');
    expect(MESSAGE_TEXT.unreadSuffix(0)).toBe('');
    expect(MESSAGE_TEXT.unreadSuffix(7)).toBe(' · 7 unread');
  });

  it('speaks Chinese when the settings say so, and names the group of a group message', () => {
    const chinese = messageText(createTranslator('zh-CN'));
    expect(chinese.newMessages(3)).toBe('3 条新消息');
    expect(chinese.unreadSuffix(2)).toBe(' · 2 条未读');
    expect(chinese.title({ fromUid: 'bob', channelId: 'g1', channelType: 2 })).toBe('bob（g1）');
    expect(MESSAGE_TEXT.title({ fromUid: 'bob', channelId: 'g1', channelType: 2 })).toBe(
      'bob in g1',
    );
    expect(MESSAGE_TEXT.title({ fromUid: 'bob', channelId: 'bob', channelType: 1 })).toBe('bob');
  });
});
