/**
 * Offline sync: the provider that fetches what was missed (as the iOS SDK's "sync conversation"
 * and "sync channel messages" providers), and the narrow store interface the SyncEngine fills.
 * Deployments with their own business backend in front of WuKongIM implement SyncProvider.
 */
import type { ChannelRef } from '../../../shared/messages';
import type { SyncedConversation, SyncedMessage } from '../core/sync-target';

export type { ChannelRef };

export type {
  SeqRange,
  SyncTarget,
  SyncedConversation,
  SyncedMessage,
  SyncedPage,
} from '../core/sync-target';
export interface ConversationSyncRequest {
  uid: string;
  /** largest conversation version stored; 0n for a first sync */
  version: bigint;
  /** what is stored per channel; the server sends only newer messages */
  lastMessageSeqs: ReadonlyArray<{ channel: ChannelRef; lastSeq: number }>;
  /** messages per conversation for the first screen */
  msgCount: number;
}

export const PULL_DOWN = 0;
export const PULL_UP = 1;

export interface MessageSyncRequest {
  uid: string;
  channel: ChannelRef;
  /** pull up (newer): startSeq <= seq < endSeq (endSeq 0 = no bound); down (older): endSeq < seq <= startSeq */
  startSeq: number;
  endSeq: number;
  limit: number;
  pullMode: typeof PULL_DOWN | typeof PULL_UP;
}

export interface MessageSyncPage {
  /** oldest first, filed under the requested channel */
  messages: SyncedMessage[];
  /** the server may have more in the range */
  more: boolean;
}

export interface SyncProvider {
  syncConversations(
    req: ConversationSyncRequest,
    signal: AbortSignal,
  ): Promise<SyncedConversation[]>;
  syncChannelMessages(req: MessageSyncRequest, signal: AbortSignal): Promise<MessageSyncPage>;
  /** unread 0 marks the chat read on the server */
  setUnread(uid: string, channel: ChannelRef, unread: number, signal: AbortSignal): Promise<void>;
}

export type SyncState = 'idle' | 'syncing';
