import { contentOfType, describeContent, type DescribableContent } from '../shared/message-content';
import type { HistoryEntry } from '../shared/messages';
import type { Translator } from './translator';

/** Longest notification body, in characters, before it is cut with an ellipsis. */
export const NOTIFICATION_BODY_MAX = 100;

/** contentType of a text message: its words are the entry's text. */
const TEXT_CONTENT_TYPE = 1;

/** channelType of a group (WuKongIM): its notifications name the group as well as the sender. */
const GROUP_CHANNEL_TYPE = 2;

/** Every user-visible string of message notifications and the unread badge, in one place. */
export interface MessageText {
  /** The sender, and for a group the group it was sent in. */
  title(entry: Pick<HistoryEntry, 'fromUid' | 'channelId' | 'channelType'>): string;
  /** The placeholder the chat list shows for a non-text or empty message ("[Image]", …). */
  placeholder(contentType: number): string;
  /** A non-text message with its details, as the chat list words it ("[File] a.pdf (2 KB)"). */
  describe(content: DescribableContent): string;
  /** A coalesced burst of messages in one channel. */
  newMessages(count: number): string;
  /** Appended to the tray tooltip while anything is unread. */
  unreadSuffix(count: number): string;
}

/** The strings in the translator's current language (read at each use, so a change applies at once). */
export function messageText(translator: Pick<Translator, 't' | 'language'>): MessageText {
  const { t } = translator;
  return {
    title: (entry) =>
      entry.channelType === GROUP_CHANNEL_TYPE
        ? t('osNotification.groupTitle', { fromUid: entry.fromUid, channelId: entry.channelId })
        : entry.fromUid,
    placeholder: (contentType) => describeContent(contentOfType(contentType), translator.language),
    describe: (content) => describeContent(content, translator.language),
    newMessages: (count) => t('osNotification.newMessages', { count }),
    unreadSuffix: (count) => (count > 0 ? t('tray.unreadSuffix', { count }) : ''),
  };
}

/**
 * The body for one message: its text, or for another type the chat list's wording with its
 * details (file name and size, a location's title); whitespace collapsed and cut to
 * NOTIFICATION_BODY_MAX characters; never empty (the type's placeholder). `redact` runs BEFORE
 * cutting, so a secret cut in half at the limit cannot escape it.
 */
export function notificationBody(
  entry: Pick<HistoryEntry, 'contentType' | 'text' | 'content'>,
  words: Pick<MessageText, 'placeholder' | 'describe'>,
  redact: (text: string) => string = (text) => text,
): string {
  const line =
    entry.contentType === TEXT_CONTENT_TYPE
      ? entry.text
      : entry.content
        ? words.describe(entry.content)
        : '';
  const text = redact(line).replace(/\s+/g, ' ').trim();
  if (text === '') return words.placeholder(entry.contentType);
  // By code points, so an emoji at the limit is not split into half a surrogate pair.
  const chars = Array.from(text);
  return chars.length <= NOTIFICATION_BODY_MAX
    ? text
    : `${chars.slice(0, NOTIFICATION_BODY_MAX - 1).join('')}…`;
}
