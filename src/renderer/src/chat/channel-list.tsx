import { memo, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ChannelRef, ChannelSummary } from '../../../shared/messages';
import { useApp } from '../store/store-context';
import { channelKey, isPending, sameChannel } from './chat-model';
import { Avatar } from './avatar';
import { formatListTime } from './format-time';
import { messageDisplayText } from './message-display-text';
import { focusFirstSearchResult, MessageSearchResults } from './message-search-results';
import { MessageStateIcon } from './message-state-icon';
import { NewChatForm } from './new-chat-form';
import { useHoverIntent } from './use-hover-intent';
import { usePrefetchTopChats } from './use-prefetch-top-chats';
import { VirtualRows } from './virtual-rows';

/** Badges stop growing here; the exact count is in the words for screen readers. */
const BADGE_MAX = 99;

const ChannelItem = memo(function ChannelItem({
  summary,
  open,
  onOpen,
  onPrefetch,
}: {
  summary: ChannelSummary;
  open: boolean;
  onOpen: (summary: ChannelSummary) => void;
  /** the person is about to open it (pointer resting on it, keyboard focus on it) */
  onPrefetch: (summary: ChannelSummary) => void;
}) {
  const { t, i18n } = useTranslation();
  const hover = useHoverIntent(() => onPrefetch(summary));
  const last = summary.lastMessage;
  const firstLine = last ? messageDisplayText(last, t).split('\n', 1)[0]! : '';
  const failed = last?.own === true && last.state === 'failed';
  const preview = !last
    ? t('chat.noMessagesPreview')
    : failed
      ? t('chat.notSentPreview', { text: firstLine })
      : last.own
        ? t('chat.youPrefix', { text: firstLine })
        : firstLine;
  return (
    <button
      type="button"
      className="channel-item"
      data-testid="channel-item"
      data-channel-id={summary.channelId}
      data-channel-type={summary.channelType}
      aria-current={open ? 'true' : undefined}
      onClick={() => onOpen(summary)}
      {...hover}
      onFocus={() => onPrefetch(summary)}
    >
      <Avatar id={summary.channelId} />
      <span className="channel-line">
        <span className="channel-name">{summary.channelId}</span>
        {summary.channelType === 2 && <span className="channel-kind">{t('chat.group')}</span>}
        {last && (
          <time
            className="channel-time"
            data-testid="channel-time"
            dateTime={new Date(last.timestamp).toISOString()}
          >
            {formatListTime(last.timestamp, i18n.language)}
          </time>
        )}
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
  );
});

/** Above this many chats only the rows on screen are in the DOM. */
export const VIRTUALIZE_FROM = 200;

function ChannelRows({
  channels,
  openChannel,
  onOpen,
  onPrefetch,
}: {
  channels: readonly ChannelSummary[];
  openChannel: ChannelRef | null;
  onOpen: (summary: ChannelSummary) => void;
  onPrefetch: (summary: ChannelSummary) => void;
}) {
  const row = (summary: ChannelSummary) => (
    <ChannelItem
      summary={summary}
      open={sameChannel(summary, openChannel)}
      onOpen={onOpen}
      onPrefetch={onPrefetch}
    />
  );
  if (channels.length >= VIRTUALIZE_FROM) {
    return <VirtualRows items={channels} keyOf={channelKey} render={row} />;
  }
  return (
    <ul className="channel-list" data-testid="channel-list">
      {channels.map((summary) => (
        <li key={channelKey(summary)}>{row(summary)}</li>
      ))}
    </ul>
  );
}

/** Whether a conversation's name matches what was typed in a filter (case and spaces ignored). */
export function matchesFilter(summary: ChannelSummary, filter: string): boolean {
  const wanted = filter.trim().toLowerCase();
  return wanted === '' || summary.channelId.toLowerCase().includes(wanted);
}

/** Every conversation, most recent first, with unread counts; a filter box and "+" on top. */
export function ChannelList() {
  const { t } = useTranslation();
  const allChannels = useApp((s) => s.channels);
  const [filter, setFilter] = useState('');
  const [adding, setAdding] = useState(false);
  const channels = useMemo(
    () => allChannels.filter((c) => matchesFilter(c, filter)),
    [allChannels, filter],
  );
  const openChannel = useApp((s) => s.openChannel);
  const openConversation = useApp((s) => s.openConversation);
  const prefetchConversation = useApp((s) => s.prefetchConversation);
  const chatError = useApp((s) => s.chatError);
  usePrefetchTopChats(allChannels);

  return (
    <nav className="channel-nav" aria-label={t('chat.conversations')}>
      <div className="channel-tools">
        <input
          type="search"
          className="channel-filter"
          data-testid="channel-filter"
          data-screen-focus
          aria-label={t('chat.filterLabel')}
          placeholder={t('chat.filterPlaceholder')}
          value={filter}
          onChange={(event) => setFilter(event.target.value)}
          onKeyDown={focusFirstSearchResult}
        />
        <button
          type="button"
          className="icon-button"
          data-testid="new-chat-toggle"
          aria-expanded={adding}
          aria-controls="new-chat-panel"
          aria-label={t('chat.newChat')}
          title={t('chat.newChat')}
          onClick={() => setAdding((open) => !open)}
        >
          <span aria-hidden="true">+</span>
        </button>
      </div>
      <div id="new-chat-panel" hidden={!adding}>
        {adding && <NewChatForm onDone={() => setAdding(false)} />}
      </div>
      {chatError?.action === 'channels' && (
        <p className="form-error" data-testid="channels-error">
          {t('chat.channelsFailed', { message: chatError.message })}
        </p>
      )}
      {allChannels.length === 0 ? (
        <p className="muted" data-testid="channels-empty">
          {t('chat.noChannels')}
        </p>
      ) : channels.length === 0 ? (
        <p className="muted" data-testid="channels-no-match">
          {t('chat.noMatch')}
        </p>
      ) : (
        <ChannelRows
          channels={channels}
          openChannel={openChannel}
          onOpen={openConversation}
          onPrefetch={prefetchConversation}
        />
      )}
      {filter.trim() !== '' && <MessageSearchResults query={filter} />}
    </nav>
  );
}
