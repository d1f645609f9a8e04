import type { WukongApi } from '../../../shared/bridge-api';
import type { ChannelRef, ChannelSummary, HistoryEntry } from '../../../shared/messages';
import {
  channelKey,
  emptySummary,
  firstPageLimit,
  mergeChannels,
  mergeEntries,
  sameChannel,
  upsertChannel,
  upsertEntry,
} from '../chat/chat-model';
import { errorMessage } from '../../../shared/error-message';

/** Older messages fetched per page when scrolling up (the first page: firstPageLimit). */
export const PAGE_SIZE = 50;

/** One channel's messages as far as the window knows them. */
export interface Conversation {
  /** 'loading' until the first page arrived */
  status: 'loading' | 'ready' | 'error';
  /** oldest first, one entry per clientMsgNo */
  entries: HistoryEntry[];
  /** the last page was full, so older messages may exist */
  hasMore: boolean;
  loadingMore: boolean;
  error: string | null;
}

export interface ChatState {
  channels: ChannelSummary[];
  openChannel: ChannelRef | null;
  /** by channelKey; only channels opened in this session */
  conversations: Record<string, Conversation>;
  /** a chat call failed; the message is meant for people */
  chatError: ChatError | null;
  /** the conversation list is being fetched (again, after a reconnect): "Updating…" */
  channelsRefreshing: boolean;
  /** what was typed and not sent, by channelKey; kept while switching chats */
  drafts: Record<string, string>;
}

export interface ChatError {
  action: 'send' | 'retry' | 'delete' | 'channels';
  message: string;
}

export interface ChatActions {
  loadChannels(): Promise<void>;
  openConversation(channel: ChannelRef): void;
  /**
   * Fetches a chat's first page before it is opened (the top of the list at idle time, a row
   * under the pointer or focus), so opening it shows its messages at once. Resolves when done.
   */
  prefetchConversation(channel: ChannelRef): Promise<void>;
  loadEarlier(): Promise<void>;
  /** Sends to the open channel; false when the bridge refused (the error is in chatError). */
  sendMessage(text: string): Promise<boolean>;
  retryMessage(clientMsgNo: string): Promise<void>;
  /** Deletes a queued or failed own message; it leaves the conversation once the bridge agreed. */
  deleteMessage(clientMsgNo: string): Promise<void>;
  markRead(channel: ChannelRef): Promise<void>;
  /** Hands a link the person clicked to the system browser, through the validated bridge verb. */
  openLinkInBrowser(url: string): void;
  setDraft(channel: ChannelRef, text: string): void;
  /** Forget everything (sign-out, another account). */
  resetChat(): void;
}

export const INITIAL_CHAT_STATE: ChatState = {
  channels: [],
  openChannel: null,
  conversations: {},
  chatError: null,
  channelsRefreshing: false,
  drafts: {},
};

/** A conversation whose first page has been asked for. */
function loadingConversation(entries: HistoryEntry[] = []): Conversation {
  return { status: 'loading', entries, hasMore: false, loadingMore: false, error: null };
}

type Set = (patch: Partial<ChatState>) => void;
type Get = () => ChatState;

/**
 * The chat half of the app store. Every event and every answer goes through an upsert, so the
 * same entry arriving from sendMessage's answer, from the event and from a page fetch is shown
 * once, and an answer that crossed a newer event never rolls it back (the event wins).
 */
export function createChatSlice(api: WukongApi, set: Set, get: Get) {
  // Bumped by resetChat: answers to calls made for the previous account are dropped.
  let generation = 0;

  function updateConversation(key: string, update: (c: Conversation) => Conversation): void {
    const current = get().conversations[key];
    if (!current) return;
    set({ conversations: { ...get().conversations, [key]: update(current) } });
  }

  function acceptEntry(entry: HistoryEntry): void {
    updateConversation(channelKey(entry), (c) => ({
      ...c,
      entries: upsertEntry(c.entries, entry),
    }));
  }

  function acceptChannel(summary: ChannelSummary): void {
    set({ channels: upsertChannel(get().channels, summary) });
  }

  async function loadFirstPage(channel: ChannelRef): Promise<void> {
    const key = channelKey(channel);
    const started = generation;
    try {
      const unread = get().channels.find((c) => sameChannel(c, channel))?.unread ?? 0;
      const limit = firstPageLimit(unread);
      const page = await api.listMessages(channel, { limit });
      if (started !== generation) return;
      // Entries already here arrived as events while the fetch ran: they are at least as new.
      updateConversation(key, (c) => ({
        ...c,
        status: 'ready',
        entries: mergeEntries(page, c.entries),
        hasMore: page.length >= limit,
        error: null,
      }));
    } catch (error) {
      if (started !== generation) return;
      updateConversation(key, (c) => ({ ...c, status: 'error', error: errorMessage(error) }));
    }
  }

  const actions: ChatActions = {
    async loadChannels() {
      const started = generation;
      set({ channelsRefreshing: true });
      try {
        const fetched = await api.listChannels();
        if (started !== generation) return;
        const stale = get().chatError?.action === 'channels';
        set({
          channels: mergeChannels(fetched, get().channels),
          ...(stale ? { chatError: null } : {}),
        });
      } catch (error) {
        // Shown, but not fatal: channel events still fill the list.
        if (started === generation) {
          set({ chatError: { action: 'channels', message: errorMessage(error) } });
        }
      } finally {
        if (started === generation) set({ channelsRefreshing: false });
      }
    },

    openConversation(channel) {
      const ref: ChannelRef = { channelId: channel.channelId, channelType: channel.channelType };
      const key = channelKey(ref);
      const state = get();
      const patch: Partial<ChatState> = { openChannel: ref, chatError: null };
      if (!state.channels.some((c) => sameChannel(c, ref))) {
        patch.channels = upsertChannel(state.channels, emptySummary(ref));
      }
      const existing = state.conversations[key];
      const load = !existing || existing.status === 'error';
      if (load) {
        patch.conversations = {
          ...state.conversations,
          [key]: loadingConversation(existing?.entries),
        };
      }
      set(patch);
      if (load) void loadFirstPage(ref);
    },

    prefetchConversation(channel) {
      const ref: ChannelRef = { channelId: channel.channelId, channelType: channel.channelType };
      const key = channelKey(ref);
      if (get().conversations[key]) return Promise.resolve();
      set({
        conversations: {
          ...get().conversations,
          [key]: loadingConversation(),
        },
      });
      return loadFirstPage(ref);
    },

    async loadEarlier() {
      const channel = get().openChannel;
      if (!channel) return;
      const key = channelKey(channel);
      const conversation = get().conversations[key];
      const oldest = conversation?.entries[0];
      if (!conversation || !oldest || conversation.loadingMore) return;
      const started = generation;
      updateConversation(key, (c) => ({ ...c, loadingMore: true }));
      try {
        const page = await api.listMessages(channel, {
          limit: PAGE_SIZE,
          beforeOrder: oldest.order,
        });
        if (started !== generation) return;
        updateConversation(key, (c) => ({
          ...c,
          entries: mergeEntries(page, c.entries),
          hasMore: page.length >= PAGE_SIZE,
          loadingMore: false,
        }));
      } catch (error) {
        if (started !== generation) return;
        updateConversation(key, (c) => ({ ...c, loadingMore: false, error: errorMessage(error) }));
      }
    },

    async sendMessage(text) {
      const channel = get().openChannel;
      if (!channel || text.trim() === '') return false;
      const started = generation;
      set({ chatError: null });
      try {
        const entry = await api.sendMessage(channel, text);
        if (started === generation) acceptEntry(entry);
        return true;
      } catch (error) {
        if (started === generation) {
          set({ chatError: { action: 'send', message: errorMessage(error) } });
        }
        return false;
      }
    },

    async retryMessage(clientMsgNo) {
      const started = generation;
      set({ chatError: null });
      try {
        const entry = await api.retryMessage(clientMsgNo);
        if (started === generation) acceptEntry(entry);
      } catch (error) {
        if (started === generation) {
          set({ chatError: { action: 'retry', message: errorMessage(error) } });
        }
      }
    },

    async deleteMessage(clientMsgNo) {
      const started = generation;
      set({ chatError: null });
      try {
        await api.deleteMessage(clientMsgNo);
        if (started !== generation) return;
        const conversations = Object.fromEntries(
          Object.entries(get().conversations).map(([key, c]) => [
            key,
            c.entries.some((e) => e.clientMsgNo === clientMsgNo)
              ? { ...c, entries: c.entries.filter((e) => e.clientMsgNo !== clientMsgNo) }
              : c,
          ]),
        );
        set({ conversations });
      } catch (error) {
        if (started === generation) {
          set({ chatError: { action: 'delete', message: errorMessage(error) } });
        }
      }
    },

    async markRead(channel) {
      // Optimistic: the badge goes at once; the main process confirms with a channel event.
      set({
        channels: get().channels.map((c) => (sameChannel(c, channel) ? { ...c, unread: 0 } : c)),
      });
      try {
        await api.markRead(channel);
      } catch {
        // Nothing a person can do about it: the count comes back with the next channel event
        // and the next open marks it read again.
      }
    },

    openLinkInBrowser(url) {
      // The main process checks the scheme again and logs a refusal; nothing to show here.
      api.openExternal(url).catch(() => undefined);
    },

    setDraft(channel, text) {
      const key = channelKey(channel);
      const { [key]: _old, ...others } = get().drafts;
      set({ drafts: text === '' ? others : { ...others, [key]: text } });
    },

    resetChat() {
      generation += 1;
      set({ ...INITIAL_CHAT_STATE });
    },
  };

  /** Subscribes to the message and channel events; returns the unsubscribers. */
  function subscribe(): Array<() => void> {
    return [api.onMessage(acceptEntry), api.onChannel(acceptChannel)];
  }

  return { actions, subscribe };
}
