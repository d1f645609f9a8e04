import { describe, expect, it } from 'vitest';
import { MESSAGE_TEXT, NOTIFICATION_BODY_MAX, notificationBody } from './message-text';

const text = (t: string) => notificationBody({ contentType: 1, text: t });

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

  it('non-text and empty messages get the placeholder the chat list shows', () => {
    expect(notificationBody({ contentType: 2, text: 'file.png' })).toBe('[Image]');
    expect(notificationBody({ contentType: 8, text: '' })).toBe('[File]');
    expect(notificationBody({ contentType: 0, text: '' })).toBe('[Unsupported message]');
    expect(text('   ')).toBe('[Unsupported message]');
  });

  it('formats the counts', () => {
    expect(MESSAGE_TEXT.newMessages(3)).toBe('3 new messages');
    expect(MESSAGE_TEXT.unreadSuffix(0)).toBe('');
    expect(MESSAGE_TEXT.unreadSuffix(7)).toBe(' · 7 unread');
  });
});
