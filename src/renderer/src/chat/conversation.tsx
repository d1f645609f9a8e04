import { useCallback, useEffect, useLayoutEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { ChannelRef } from '../../../shared/messages';
import { useApp } from '../store/store-context';
import { channelKey, sameChannel } from './chat-model';
import { Composer } from './composer';
import { MessageItem } from './message-item';
import type { OfflineNote } from './offline-note';
import { useDocumentVisible } from './use-document-visible';

/** How close to the bottom (px) still counts as "reading the newest messages". */
const STICK_THRESHOLD_PX = 48;

/** Marks the channel read while it is open and the window is visible and it has unread messages. */
function useMarkRead(channel: ChannelRef): void {
  const visible = useDocumentVisible();
  const unread = useApp((s) => s.channels.find((c) => sameChannel(c, channel))?.unread ?? 0);
  const markRead = useApp((s) => s.markRead);
  useEffect(() => {
    if (visible && unread > 0) void markRead(channel);
  }, [channel, visible, unread, markRead]);
}

/** Keeps the newest message in view while the person is at the bottom (or just sent one). */
function useStickToBottom(count: number, lastOwn: boolean) {
  const listRef = useRef<HTMLDivElement>(null);
  const atBottom = useRef(true);
  useLayoutEffect(() => {
    const list = listRef.current;
    if (list && (atBottom.current || lastOwn)) list.scrollTop = list.scrollHeight;
  }, [count, lastOwn]);
  const onScroll = useCallback(() => {
    const list = listRef.current;
    if (!list) return;
    atBottom.current = list.scrollHeight - list.scrollTop - list.clientHeight < STICK_THRESHOLD_PX;
  }, []);
  return { listRef, onScroll };
}

/** The open channel: its messages, older pages on request, and the composer. */
export function ConversationView({
  channel,
  offlineNote,
}: {
  channel: ChannelRef;
  offlineNote: OfflineNote | null;
}) {
  const { t } = useTranslation();
  const key = channelKey(channel);
  const conversation = useApp((s) => s.conversations[key]);
  const chatError = useApp((s) => s.chatError);
  const retryMessage = useApp((s) => s.retryMessage);
  const loadEarlier = useApp((s) => s.loadEarlier);
  const openConversation = useApp((s) => s.openConversation);
  const composerRef = useRef<HTMLTextAreaElement>(null);
  const entries = conversation?.entries ?? [];
  const last = entries.at(-1);
  const { listRef, onScroll } = useStickToBottom(entries.length, last?.own ?? false);
  const group = channel.channelType === 2;
  useMarkRead(channel);

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
        <ol className="messages">
          {entries.map((entry) => (
            <MessageItem key={entry.clientMsgNo} entry={entry} onRetry={onRetry} />
          ))}
        </ol>
      </div>
      {chatError && chatError.action !== 'channels' && (
        <p className="form-error chat-error" role="alert" data-testid="chat-error">
          {t(chatError.action === 'send' ? 'chat.sendFailed' : 'chat.retryFailed', {
            message: chatError.message,
          })}
        </p>
      )}
      <Composer ref={composerRef} name={channel.channelId} offlineNote={offlineNote} />
    </section>
  );
}
