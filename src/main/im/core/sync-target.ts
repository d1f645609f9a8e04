/**
 * What the offline sync (im/sync) needs of a message store, and the shapes it hands over. Here,
 * in the lowest layer, so the SQLite store (im/messaging) implements it without the two
 * modules importing each other.
 */
import type { ChannelRef } from '../../../shared/messages';
import type { ReceivedMessage } from './messages';

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
  /**
   * Read marks (unread 0) the server has not accepted yet, kept across restarts so a chat read
   * while offline stays read after a quit. Optional: a target without them keeps marks in memory.
   */
  pendingReads?(): Promise<ChannelRef[]>;
  /** Keeps a read mark until clearPendingRead (the engine calls it when the mark is made). */
  savePendingRead?(channel: ChannelRef): Promise<void>;
  /** The server accepted the mark. */
  clearPendingRead?(channel: ChannelRef): Promise<void>;
}
