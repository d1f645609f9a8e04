import type { TFunction } from 'i18next';
import { memo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { HistoryEntry } from '../../../shared/messages';
import { isPending } from './chat-model';
import { formatMessageTime } from './format-time';
import { MessageStateIcon } from './message-state-icon';
import { CONTENT_TYPE } from '../../../shared/message-content';
import { messageDisplayText } from './message-display-text';
import { MessageText } from './message-text';

function failureText(entry: HistoryEntry, t: TFunction): string {
  if (entry.failReason === 'rejected') return t('chat.failRejected', { code: entry.failCode ?? 0 });
  if (entry.failReason === 'deadline') return t('chat.failDeadline');
  return t('chat.failError');
}

export interface MessageActions {
  onRetry: (clientMsgNo: string) => void;
  onDelete: (clientMsgNo: string) => void;
}

function DeleteButton({ onClick }: { onClick: () => void }) {
  const { t } = useTranslation();
  return (
    <button
      type="button"
      className="link-button"
      data-testid="message-delete"
      aria-label={t('chat.deleteLabel')}
      onClick={onClick}
    >
      {t('chat.delete')}
    </button>
  );
}

/**
 * Delete for a queued message: it is still going to be sent, so deleting asks once, in place.
 * (A failed one is gone already as far as the person is concerned: it deletes at once.)
 */
function QueuedDelete({
  entry,
  onDelete,
}: {
  entry: HistoryEntry;
  onDelete: (no: string) => void;
}) {
  const { t } = useTranslation();
  const [asking, setAsking] = useState(false);
  if (!asking) return <DeleteButton onClick={() => setAsking(true)} />;
  return (
    <span className="message-confirm" role="group" aria-label={t('chat.deleteConfirm')}>
      <span data-testid="message-delete-question">{t('chat.deleteConfirm')}</span>{' '}
      <button
        type="button"
        className="link-button"
        data-testid="message-delete-confirm"
        // The question appeared because of this person's click: the answer is where focus goes.
        autoFocus
        onClick={() => onDelete(entry.clientMsgNo)}
      >
        {t('chat.deleteConfirmYes')}
      </button>{' '}
      <button
        type="button"
        className="link-button"
        data-testid="message-delete-cancel"
        onClick={() => setAsking(false)}
      >
        {t('chat.deleteConfirmNo')}
      </button>
    </span>
  );
}

/** Words and a shape for our own message's delivery state; queued/failed ones offer Delete. */
function StateMark({ entry, onRetry, onDelete }: { entry: HistoryEntry } & MessageActions) {
  const { t } = useTranslation();
  if (isPending(entry)) {
    return (
      <span className="message-state" data-testid="message-state" data-state={entry.state}>
        <MessageStateIcon kind="sending" />
        {t('chat.sending')}
      </span>
    );
  }
  if (entry.state === 'sent') {
    return (
      <span className="message-state" data-testid="message-state" data-state="sent">
        <MessageStateIcon kind="sent" />
        {t('chat.sent')}
      </span>
    );
  }
  if (entry.state !== 'failed') return null;
  const reason = failureText(entry, t);
  return (
    <span className="message-state" data-testid="message-state" data-state="failed" title={reason}>
      <MessageStateIcon kind="failed" />
      {t('chat.failed')}
      <span aria-hidden="true"> · </span>
      <span className="message-fail-reason" data-testid="message-fail-reason">
        {reason}
      </span>
      <span aria-hidden="true"> · </span>
      <button
        type="button"
        className="link-button"
        data-testid="message-retry"
        aria-label={t('chat.retryLabel')}
        onClick={() => onRetry(entry.clientMsgNo)}
      >
        {t('chat.retry')}
      </button>
      <span aria-hidden="true"> · </span>
      <DeleteButton onClick={() => onDelete(entry.clientMsgNo)} />
    </span>
  );
}

/** One message: sender, local time, text and, for our own, the delivery state. */
export const MessageItem = memo(function MessageItem({
  entry,
  header = true,
  onRetry,
  onDelete,
}: {
  entry: HistoryEntry;
  /** first of a group: the sender and time are shown; later ones say them to screen readers only */
  header?: boolean;
} & MessageActions) {
  const { t, i18n } = useTranslation();
  const sender = entry.own ? t('chat.you') : entry.fromUid;
  const time = formatMessageTime(entry.timestamp, i18n.language);
  return (
    <li
      className={`message${entry.own ? ' own' : ''}${header ? '' : ' continued'}`}
      data-testid="message"
      data-client-msg-no={entry.clientMsgNo}
      data-state={entry.state}
      data-own={entry.own ? 'true' : 'false'}
    >
      {header ? (
        <div className="message-meta">
          <span className="message-sender" data-testid="message-sender">
            {sender}
          </span>
          <time
            className="message-time"
            data-testid="message-time"
            dateTime={new Date(entry.timestamp).toISOString()}
          >
            {time}
          </time>
        </div>
      ) : (
        <span className="visually-hidden">{`${sender}, ${time}`}</span>
      )}
      {entry.contentType === CONTENT_TYPE.text ? (
        <MessageText text={entry.text} />
      ) : (
        <p className="message-text placeholder" data-testid="message-text">
          {messageDisplayText(entry, t)}
        </p>
      )}
      {entry.own && <StateMark entry={entry} onRetry={onRetry} onDelete={onDelete} />}
      {/* one on the wire cannot be taken back; one still in the outbox can */}
      {entry.own && entry.state === 'queued' && (
        <span className="message-actions">
          <QueuedDelete entry={entry} onDelete={onDelete} />
        </span>
      )}
    </li>
  );
});
