import type { ChannelRef, ChannelSummary } from '../shared/messages';
import type { AppServices } from './services/app-services';
import type { Logger } from './services/logger';

export interface UnreadBadgeOptions {
  services: Pick<AppServices, 'onChannel' | 'onSnapshot' | 'listChannels' | 'manager'>;
  /** Called with the new total whenever it changes (dock badge, tray tooltip). */
  onTotal: (total: number) => void;
  logger: Logger;
}

export interface UnreadBadge {
  readonly total: number;
  /** Re-reads every channel's unread count (done by itself whenever the account changes). */
  refresh(): Promise<void>;
  dispose(): void;
}

const keyOf = (channel: ChannelRef): string => `${channel.channelType}:${channel.channelId}`;

/**
 * The total of unread messages over all channels of the signed-in account. Channel summaries
 * keep it current; a new account (sign-in, switch, start-up) re-reads the list; signed out it is 0.
 * Longer than 60 lines: a factory whose body is one object's private state and its short methods.
 */
export function trackUnread(options: UnreadBadgeOptions): UnreadBadge {
  const { services, logger } = options;
  const counts = new Map<string, number>();
  // Which event last set each channel: a list read that started earlier must not undo it.
  const touchedAt = new Map<string, number>();
  let events = 0;
  let total = 0;
  let account: unknown = null;
  let disposed = false;

  const publish = (): void => {
    let next = 0;
    for (const count of counts.values()) next += count;
    if (next === total) return;
    total = next;
    try {
      options.onTotal(total);
    } catch (error) {
      logger.warn('Could not show the unread count', { error: String(error) });
    }
  };

  const refresh = async (): Promise<void> => {
    const manager = services.manager;
    // Without a manager listChannels would create one from the stored account: never do that.
    if (!manager || disposed) return;
    const since = events;
    let summaries: ChannelSummary[];
    try {
      summaries = await services.listChannels();
    } catch (error) {
      logger.debug('Unread counts unavailable', { error: String(error) });
      return;
    }
    if (services.manager !== manager || disposed) return;
    for (const summary of summaries) {
      const key = keyOf(summary);
      if ((touchedAt.get(key) ?? 0) <= since) counts.set(key, summary.unread);
    }
    publish();
  };

  const offChannel = services.onChannel((summary) => {
    const key = keyOf(summary);
    events += 1;
    touchedAt.set(key, events);
    counts.set(key, summary.unread);
    publish();
  });
  // A new manager means another account (or none): its store is another store.
  const offSnapshot = services.onSnapshot(() => {
    if (services.manager === account) return;
    account = services.manager;
    counts.clear();
    touchedAt.clear();
    publish();
    void refresh();
  });
  account = services.manager;
  void refresh();

  return {
    get total() {
      return total;
    },
    refresh,
    dispose() {
      disposed = true;
      offChannel();
      offSnapshot();
    },
  };
}
