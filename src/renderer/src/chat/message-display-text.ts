/**
 * The words a message shows in its bubble and in the chat list: its text, or its type's
 * placeholder with the details main decoded from the payload ("[File] report.pdf (1.2 MB)",
 * "[位置] 天安门"), from the shared wording, never empty. A message stored before payloads were
 * kept has no details and shows its type's placeholder.
 */
import type { TFunction } from 'i18next';
import { contentOfType, contentSummaryKey } from '../../../shared/message-content';
import type { HistoryEntry } from '../../../shared/messages';

export function messageDisplayText(
  entry: Pick<HistoryEntry, 'contentType' | 'text' | 'content'>,
  t: TFunction,
): string {
  const content = entry.content ?? contentOfType(entry.contentType, entry.text);
  if (content.kind === 'text' || content.kind === 'system') {
    if (content.text !== '') return content.text;
    return t('messageContent.unsupported');
  }
  const summary = contentSummaryKey(content);
  return summary ? t(`messageContent.${summary.key}`, summary.values) : '';
}
