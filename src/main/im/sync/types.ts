/**
 * Offline sync: the provider that fetches what was missed (as the iOS SDK's "sync conversation"
 * and "sync channel messages" providers), and the narrow store interface the SyncEngine fills.
 * Deployments with their own business backend in front of WuKongIM implement SyncProvider.
 */
import type { ReceivedMessage } from '../core';
import type { ChannelRef } from '../../../shared/messages';

export type { ChannelRef };

/** A synced message has the shape of a RECV, so it takes the same de-duplicating path. */
export type SyncedMessage = ReceivedMessage;

export interface SyncedConversation extends ChannelRef {
  /** the server's unread count; it wins over the local one after a sync */
  unread: number;
  /** seconds, the newest message's time */
  timestamp: number;
  lastMessageSeq: number;
  lastClientMsgNo: string;
  readToSeq: number;
  /** grows with every change; the largest one seen is sent back on the next sync */
  version: bigint;
  /** the newest messages, oldest first, filed under this conversation's channel */
  recents: SyncedMessage[];
}

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

/** Inclusive range of message seqs. */
export interface SeqRange {
  from: number;
  to: number;
}

export interface SyncedPage {
  conversations: SyncedConversation[];
  messages: SyncedMessage[];
  /** the server has nothing more in these ranges (deleted or never stored): no longer holes */
  closedRanges: Array<{ channel: ChannelRef } & SeqRange>;
}

/**
 * What the SyncEngine needs of the message store. One implementation is the SQLite store;
 * tests use an in-memory one.
 */
export interface SyncTarget {
  /** largest SyncedConversation.version stored, 0n when none */
  maxConversationVersion(): Promise<bigint>;
  /** newest stored seq of every channel that has one */
  lastMessageSeqs(): Promise<Array<{ channel: ChannelRef; lastSeq: number }>>;
  /**
   * Stores a page in one transaction. Messages already stored (same messageId, or same channel,
   * fromUid and clientMsgNo) are skipped, as for RECV. Conversations set unread and last message.
   */
  storeSyncedPage(page: SyncedPage): Promise<void>;
  /**
   * Seq ranges missing between the oldest and the newest stored message of a channel (ranges
   * stored as closed excluded), oldest first.
   */
  missingSeqRanges(channel: ChannelRef): Promise<SeqRange[]>;
}

export type SyncState = 'idle' | 'syncing';
