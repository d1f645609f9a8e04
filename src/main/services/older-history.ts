import type { ChannelRef, HistoryEntry, ListMessagesOptions } from '../../shared/messages';
import type { MessagingService } from '../im/messaging';

/** What listMessages needs of the offline sync. */
export interface OlderHistorySource {
  /** Marks the chat read on the server too (in the background). */
  markRead(channel: ChannelRef): void;
  /**
   * Fetches up to `limit` messages older than the oldest stored one of the chat from the server
   * and stores them; false when nothing was fetched (offline, no sync, history complete, timeout).
   */
  loadOlder(service: MessagingService, channel: ChannelRef, limit: number): Promise<boolean>;
}

/** As in MessagingService.list. */
const DEFAULT_LIMIT = 50;

/**
 * A page of a chat: from the store, and when the store runs out (scrolling up past the oldest
 * stored message, or a chat with only its first screen synced) topped up from the server, so
 * the renderer pages the same way whether history is local or not.
 */
export async function withOlderFromServer(
  service: MessagingService,
  sync: OlderHistorySource,
  channel: ChannelRef,
  options: ListMessagesOptions,
): Promise<HistoryEntry[]> {
  const limit = options.limit ?? DEFAULT_LIMIT;
  const stored = service.list(channel, limit, options.beforeOrder);
  if (stored.length >= limit) return stored;
  if (!(await sync.loadOlder(service, channel, limit - stored.length))) return stored;
  return service.list(channel, limit, options.beforeOrder);
}
