import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import type { ChannelSummary } from '../../../shared/messages';
import { useApp } from '../store/store-context';
import { channelKey, isPending, sameChannel } from './chat-model';
import { MessageStateIcon } from './message-state-icon';

/** Badges stop growing here; the exact count is in the words for screen readers. */
const BADGE_MAX = 99;

const ChannelItem = memo(function ChannelItem({
  summary,
  open,
  onOpen,
}: {
  summary: ChannelSummary;
  open: boolean;
  onOpen: (summary: ChannelSummary) => void;
}) {
  const { t } = useTranslation();
  const last = summary.lastMessage;
  const firstLine = last?.text.split('\n', 1)[0] ?? '';
  const failed = last?.own === true && last.state === 'failed';
  const preview = !last
    ? t('chat.noMessagesPreview')
    : failed
      ? t('chat.notSentPreview', { text: firstLine })
      : last.own
        ? t('chat.youPrefix', { text: firstLine })
        : firstLine;
  return (
    <li>
      <button
        type="button"
        className="channel-item"
        data-testid="channel-item"
        data-channel-id={summary.channelId}
        data-channel-type={summary.channelType}
        aria-current={open ? 'true' : undefined}
        onClick={() => onOpen(summary)}
      >
        <span className="channel-line">
          <span className="channel-name">{summary.channelId}</span>
          {summary.channelType === 2 && <span className="channel-kind">{t('chat.group')}</span>}
          {summary.unread > 0 && (
            <span className="unread-badge" data-testid="unread-badge" data-count={summary.unread}>
              <span aria-hidden="true">
                {summary.unread > BADGE_MAX ? `${BADGE_MAX}+` : summary.unread}
              </span>
              <span className="visually-hidden">{t('chat.unread', { count: summary.unread })}</span>
            </span>
          )}
        </span>
        <span
          className="channel-preview"
          data-testid="channel-preview"
          data-state={last?.own ? last.state : undefined}
        >
          {failed && <MessageStateIcon kind="failed" />}
          {last?.own && isPending(last) && <MessageStateIcon kind="sending" />}
          {preview}
        </span>
      </button>
    </li>
  );
});

/** Every conversation, most recent first, with unread counts. */
export function ChannelList() {
  const { t } = useTranslation();
  const channels = useApp((s) => s.channels);
  const openChannel = useApp((s) => s.openChannel);
  const openConversation = useApp((s) => s.openConversation);
  const chatError = useApp((s) => s.chatError);

  return (
    <nav className="channel-nav" aria-label={t('chat.conversations')}>
      {chatError?.action === 'channels' && (
        <p className="form-error" data-testid="channels-error">
          {t('chat.channelsFailed', { message: chatError.message })}
        </p>
      )}
      {channels.length === 0 ? (
        <p className="muted" data-testid="channels-empty">
          {t('chat.noChannels')}
        </p>
      ) : (
        <ul className="channel-list" data-testid="channel-list">
          {channels.map((summary) => (
            <ChannelItem
              key={channelKey(summary)}
              summary={summary}
              open={sameChannel(summary, openChannel)}
              onOpen={openConversation}
            />
          ))}
        </ul>
      )}
    </nav>
  );
}
