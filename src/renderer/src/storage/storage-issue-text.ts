import type { TFunction } from 'i18next';
import type { StorageIssueInfo } from '../../../shared/messages';

/** The notice's sentence for one storage problem, in the user's language. */
export function storageIssueSentence(t: TFunction, issue: StorageIssueInfo): string {
  if (issue.kind === 'writeFailed')
    return t('storage.writeFailed', { detail: issue.detail ?? issue.file });
  return issue.movedTo ? t('storage.movedAside', { path: issue.movedTo }) : t('storage.unreadable');
}

/** "moved to …, 3 unreadable lines, 12 records kept" for the diagnostics list. */
export function storageIssueFacts(t: TFunction, issue: StorageIssueInfo): string {
  const parts: string[] = [];
  if (issue.movedTo) parts.push(t('diagnostics.movedTo', { path: issue.movedTo }));
  if (issue.badLines !== undefined)
    parts.push(t('diagnostics.badLines', { count: issue.badLines }));
  if (issue.keptRecords !== undefined)
    parts.push(t('diagnostics.keptRecords', { count: issue.keptRecords }));
  if (issue.detail) parts.push(issue.detail);
  return parts.join(', ');
}
