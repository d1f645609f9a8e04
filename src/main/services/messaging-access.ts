import type {
  ChannelRef,
  ChannelSummary,
  HistoryEntry,
  ListMessagesOptions,
} from '../../shared/messages';
import type { SearchHit, SearchOptions } from '../../shared/search';
import type { MessagingService } from '../im/messaging';
import { NotSignedInError } from './errors';
import type { ManagerLifecycle } from './manager-lifecycle';
import { toUserFacingError } from './messaging-sessions';
import { withOlderFromServer, type OlderHistorySource } from './older-history';

/** The signed-in account's messaging; NotSignedInError without one, errors as sentences for people. */
export function createMessagingAccess(lifecycle: ManagerLifecycle, sync?: OlderHistorySource) {
  const openService = async (): Promise<MessagingService> => {
    if (lifecycle.shuttingDown) throw new Error('The app is shutting down');
    lifecycle.managerOrStoredAccount();
    const { messaging } = lifecycle;
    if (!messaging) throw new NotSignedInError();
    return messaging.service();
  };

  const withMessaging = async <T>(
    run: (service: MessagingService) => T | Promise<T>,
  ): Promise<T> => {
    try {
      return await run(await openService());
    } catch (error) {
      throw toUserFacingError(error);
    }
  };

  return {
    sendMessage: (channel: ChannelRef, text: string): Promise<HistoryEntry> =>
      withMessaging((m) => m.send(channel, text)),
    retryMessage: (clientMsgNo: string): Promise<HistoryEntry> =>
      withMessaging((m) => m.retry(clientMsgNo)),
    deleteMessage: (clientMsgNo: string): Promise<void> =>
      withMessaging((m) => m.delete(clientMsgNo)),
    listMessages: (
      channel: ChannelRef,
      options: ListMessagesOptions = {},
    ): Promise<HistoryEntry[]> =>
      withMessaging((m) =>
        sync
          ? withOlderFromServer(m, sync, channel, options)
          : m.list(channel, options.limit, options.beforeOrder),
      ),
    searchMessages: (query: string, options?: SearchOptions): Promise<SearchHit[]> =>
      withMessaging((m) => m.search(query, options)),
    listChannels: (): Promise<ChannelSummary[]> => withMessaging((m) => m.channels()),
    markRead: (channel: ChannelRef): Promise<void> =>
      withMessaging(async (m) => {
        await m.markRead(channel);
        sync?.markRead(channel);
      }),
  };
}
