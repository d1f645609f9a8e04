import type { WukongApi } from '../../../shared/bridge-api';
import type { ChannelRef } from '../../../shared/messages';
import type { SearchHit, SearchOptions } from '../../../shared/search';

/** A message a search result asked to show: the open chat scrolls to it and highlights it. */
export interface JumpTarget {
  channel: ChannelRef;
  clientMsgNo: string;
  /** the message's display order: older pages load until it is there */
  order: number;
}

export interface SearchState {
  jumpTarget: JumpTarget | null;
}

export interface SearchActions {
  /** Stored messages containing `query`, newest first (errors reject, for the caller to show). */
  searchMessages(query: string, options?: SearchOptions): Promise<SearchHit[]>;
  /** Opens the result's chat and asks it to scroll to the message. */
  openSearchResult(hit: SearchHit): void;
  /** The open chat has shown the jump target (or cannot): forget it. */
  jumpDone(): void;
}

export const INITIAL_SEARCH_STATE: SearchState = { jumpTarget: null };

/** The search part of the app store: the bridge call and the one pending jump. */
export function createSearchSlice(
  api: WukongApi,
  set: (patch: Partial<SearchState>) => void,
  openConversation: (channel: ChannelRef) => void,
): SearchActions {
  return {
    searchMessages: (query, options) => api.searchMessages(query, options),
    openSearchResult(hit) {
      const { channelId, channelType, clientMsgNo, order } = hit.message;
      const channel = { channelId, channelType };
      openConversation(channel);
      set({ jumpTarget: { channel, clientMsgNo, order } });
    },
    jumpDone() {
      set({ jumpTarget: null });
    },
  };
}
