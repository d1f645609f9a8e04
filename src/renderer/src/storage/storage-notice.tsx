import { useTranslation } from 'react-i18next';
import { useApp } from '../store/store-context';
import { storageIssueSentence } from './storage-issue-text';

/**
 * Says that saved messages were damaged and set aside. Non-blocking (role="status", not a
 * dialog): the chat keeps working, and Dismiss hides it until the next problem.
 */
export function StorageNotice() {
  const { t } = useTranslation();
  const issue = useApp((s) => s.storageNotice);
  const dismiss = useApp((s) => s.dismissStorageNotice);
  if (!issue) return null;
  return (
    <div
      className="notice storage-notice"
      role="status"
      data-testid="storage-issue"
      data-kind={issue.kind}
    >
      <p data-testid="storage-issue-text">{storageIssueSentence(t, issue)}</p>
      <button type="button" data-testid="storage-issue-dismiss" onClick={dismiss}>
        {t('storage.dismiss')}
      </button>
    </div>
  );
}
