/**
 * The words a message shows in its bubble and in the chat list: its text, or the placeholder of
 * its type ("[Image]", "[文件] …") from the shared wording, never empty.
 */
import type { TFunction } from 'i18next';
import { contentOfType, contentSummaryKey } from '../../../shared/message-content';
import type { HistoryEntry } from '../../../shared/messages';

export function messageDisplayText(
  entry: Pick<HistoryEntry, 'contentType' | 'text'>,
  t: TFunction,
): string {
  const content = contentOfType(entry.contentType, entry.text);
  if (content.kind === 'text' || content.kind === 'system') return content.text;
  const summary = contentSummaryKey(content);
  return summary ? t(`messageContent.${summary.key}`, summary.values) : '';
}
