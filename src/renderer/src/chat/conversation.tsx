import { Fragment, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { HistoryEntry } from '../../../shared/messages';
import { useTranslation } from 'react-i18next';
import type { ChannelRef } from '../../../shared/messages';
import { useApp } from '../store/store-context';
import { channelKey, sameChannel } from './chat-model';
import { Composer } from './composer';
import { formatDayLabel } from './format-time';
import { MessageItem } from './message-item';
import { MessageRows } from './message-rows';
import { layoutMessages } from './message-layout';
import type { OfflineNote } from './offline-note';
import { useDocumentVisible } from './use-document-visible';
import { useJumpToMessage } from './use-jump-to-message';
import { useReadingPosition } from './use-reading-position';

const NO_ENTRIES: readonly HistoryEntry[] = [];

function useUnread(channel: ChannelRef): number {
  return useApp((s) => s.channels.find((c) => sameChannel(c, channel))?.unread ?? 0);
}

/**
 * Marks the channel read once its newest message has been seen: the chat is open, the window is
 * visible, the list is at the bottom, and something is unread.
 */
function useMarkRead(channel: ChannelRef, atBottom: boolean): void {
  const visible = useDocumentVisible();
  const unread = useUnread(channel);
  const markRead = useApp((s) => s.markRead);
  useEffect(() => {
    if (visible && atBottom && unread > 0) void markRead(channel);
  }, [channel, visible, atBottom, unread, markRead]);
}

const CHAT_ERROR_TEXT = {
  send: 'chat.sendFailed',
  retry: 'chat.retryFailed',
  delete: 'chat.deleteFailed',
  channels: 'chat.channelsFailed',
} as const;

/** The open channel: its messages, older pages on request, and the composer. */
export function ConversationView({
  channel,
  offlineNote,
}: {
  channel: ChannelRef;
  offlineNote: OfflineNote | null;
}) {
  const { t, i18n } = useTranslation();
  const key = channelKey(channel);
  const conversation = useApp((s) => s.conversations[key]);
  const chatError = useApp((s) => s.chatError);
  const retryMessage = useApp((s) => s.retryMessage);
  const deleteMessage = useApp((s) => s.deleteMessage);
  const loadEarlier = useApp((s) => s.loadEarlier);
  const openConversation = useApp((s) => s.openConversation);
  const composerRef = useRef<HTMLTextAreaElement>(null);
  const entries = conversation?.entries ?? NO_ENTRIES;
  const rows = useMemo(() => layoutMessages(entries), [entries]);
  const unread = useUnread(channel);
  // The count when the chat opened; marking read later must not move the divider.
  const [unreadAtOpen] = useState(unread);
  const canLoadEarlier = !!conversation?.hasMore && !conversation.loadingMore;
  const onReachTop = useCallback(() => {
    if (canLoadEarlier) void loadEarlier();
  }, [canLoadEarlier, loadEarlier]);
  const { listRef, onScroll, onWheel, onKeyDown, atBottom, divider, newCount, jumpToNewest } =
    useReadingPosition({
      entries,
      ready: conversation?.status === 'ready',
      unreadAtOpen,
      onReachTop,
    });
  const group = channel.channelType === 2;
  useMarkRead(channel, atBottom);
  useJumpToMessage({
    channel,
    entries,
    ready: conversation?.status === 'ready',
    hasMore: !!conversation?.hasMore,
    loadingMore: !!conversation?.loadingMore,
    loadEarlier,
    listRef,
  });

  // Opening a conversation puts the cursor where the person will type.
  useEffect(() => composerRef.current?.focus(), [key]);

  const onRetry = useCallback(
    (clientMsgNo: string) => {
      void retryMessage(clientMsgNo);
      // The button goes away with the state change; keep focus somewhere useful.
      composerRef.current?.focus();
    },
    [retryMessage],
  );
  const onDelete = useCallback(
    (clientMsgNo: string) => {
      void deleteMessage(clientMsgNo);
      // The message and its buttons go away; keep focus somewhere useful.
      composerRef.current?.focus();
    },
    [deleteMessage],
  );

  return (
    <section
      className="conversation"
      data-testid="conversation"
      data-channel-id={channel.channelId}
      data-channel-type={channel.channelType}
      aria-labelledby="conversation-title"
    >
      <header className="conversation-header">
        <h2 id="conversation-title" data-testid="conversation-title">
          {channel.channelId}
        </h2>
        <span className="channel-kind">{t(group ? 'chat.group' : 'chat.person')}</span>
      </header>
      <div
        className="message-scroll"
        ref={listRef}
        onScroll={onScroll}
        onWheel={onWheel}
        onKeyDown={onKeyDown}
        role="log"
        aria-label={t('chat.messages', { name: channel.channelId })}
        data-testid="message-list"
        tabIndex={0}
      >
        {conversation?.hasMore && (
          <button
            type="button"
            className="link-button load-earlier"
            data-testid="load-earlier"
            disabled={conversation.loadingMore}
            onClick={() => void loadEarlier()}
          >
            {t('chat.loadEarlier')}
          </button>
        )}
        {conversation?.status === 'loading' && entries.length === 0 && (
          <p className="muted" data-testid="conversation-loading">
            {t('chat.loading')}
          </p>
        )}
        {conversation?.status === 'error' && (
          <p className="form-error" data-testid="conversation-error">
            {t('chat.loadFailed', { message: conversation.error ?? '' })}{' '}
            <button type="button" className="link-button" onClick={() => openConversation(channel)}>
              {t('chat.tryAgain')}
            </button>
          </p>
        )}
        {conversation?.status === 'ready' && entries.length === 0 && (
          <p className="placeholder" data-testid="conversation-empty">
            {t('chat.empty')}
          </p>
        )}
        <MessageRows
          rows={rows}
          scrollerRef={listRef}
          renderRow={({ entry, header, dayStart }) => (
            <Fragment key={entry.clientMsgNo}>
              {dayStart && (
                <li className="date-separator" data-testid="date-separator">
                  <span>{formatDayLabel(entry.timestamp, i18n.language)}</span>
                </li>
              )}
              {entry.clientMsgNo === divider && (
                <li className="unread-divider" data-testid="unread-divider" data-unread-divider>
                  <span>{t('chat.unreadDivider', { count: unreadAtOpen })}</span>
                </li>
              )}
              <MessageItem entry={entry} header={header} onRetry={onRetry} onDelete={onDelete} />
            </Fragment>
          )}
        />
      </div>
      {newCount > 0 && (
        <button
          type="button"
          className="jump-to-new"
          data-testid="jump-to-new"
          aria-label={t('chat.jumpToNewLabel', { count: newCount })}
          onClick={jumpToNewest}
        >
          <span aria-hidden="true">↓ </span>
          {t('chat.jumpToNew', { count: newCount })}
        </button>
      )}
      {chatError && chatError.action !== 'channels' && (
        <p className="form-error chat-error" role="alert" data-testid="chat-error">
          {t(CHAT_ERROR_TEXT[chatError.action], { message: chatError.message })}
        </p>
      )}
      <Composer
        ref={composerRef}
        channel={channel}
        name={channel.channelId}
        offlineNote={offlineNote}
      />
    </section>
  );
}
