import { contentOfType, describeContent } from '../shared/message-content';
import type { HistoryEntry } from '../shared/messages';

/** Longest notification body, in characters, before it is cut with an ellipsis. */
export const NOTIFICATION_BODY_MAX = 100;

/** contentType of a text message (the only kind whose content a notification shows). */
const TEXT_CONTENT_TYPE = 1;

/**
 * Every user-visible string of message notifications and the unread badge, in one place. English
 * only: the main process has no i18n yet; when it gets one, these are the strings to translate.
 */
export const MESSAGE_TEXT = {
  /** The sender, and for a group the group it was sent in. */
  title: (entry: Pick<HistoryEntry, 'fromUid' | 'channelId' | 'channelType'>): string =>
    entry.channelType === 2 ? `${entry.fromUid} in ${entry.channelId}` : entry.fromUid,
  /** A coalesced burst of messages in one channel. */
  newMessages: (count: number): string => `${count} new messages`,
  /** Appended to the tray tooltip while anything is unread. */
  unreadSuffix: (count: number): string => (count > 0 ? ` · ${count} unread` : ''),
} as const;

/**
 * The body for one message: its text, whitespace collapsed and cut to NOTIFICATION_BODY_MAX
 * characters; anything but text gets its type's placeholder. `redact` runs BEFORE cutting, so a secret
 * cut in half at the limit cannot escape it.
 */
export function notificationBody(
  entry: Pick<HistoryEntry, 'contentType' | 'text'>,
  redact: (text: string) => string = (text) => text,
): string {
  // non-text: the placeholder the chat list shows ("[Image]", …)
  if (entry.contentType !== TEXT_CONTENT_TYPE)
    return describeContent(contentOfType(entry.contentType), 'en');
  const text = redact(entry.text).replace(/\s+/g, ' ').trim();
  if (text === '') return describeContent(contentOfType(entry.contentType), 'en');
  // By code points, so an emoji at the limit is not split into half a surrogate pair.
  const chars = Array.from(text);
  return chars.length <= NOTIFICATION_BODY_MAX
    ? text
    : `${chars.slice(0, NOTIFICATION_BODY_MAX - 1).join('')}…`;
}
