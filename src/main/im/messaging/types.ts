/**
 * Public model of messaging (issue 8). Plain data only (no Node imports), so the IPC contract can
 * re-export or copy it into src/shared. bigint ids travel as decimal strings.
 */
import type { ReceivedMessage, SendRequest, SendResult } from '../manager/types';
import type { ConnectionManagerEvents } from '../manager/types';

/** A conversation: person (1) with channelId = the other uid, group (2), or any other type. */
export interface ChannelRef {
  channelId: string;
  channelType: number;
}

/**
 * Own messages: queued (on disk, not on the wire) -> sending (SEND written, waiting for SENDACK)
 * -> sent (SENDACK 1) | failed (refused or past its deadline; retry() queues it again).
 * Incoming messages are 'received'.
 */
export type MessageState = 'queued' | 'sending' | 'sent' | 'failed' | 'received';

/** Why an own message failed: refused by the server, past its deadline, or not sendable at all. */
export type FailReason = 'rejected' | 'deadline' | 'error';

export interface HistoryEntry {
  channelId: string;
  channelType: number;
  /** 32 hex chars for our own messages; whatever the sender chose for incoming ones */
  clientMsgNo: string;
  /** decimal string; null until the server acknowledged it */
  messageId: string | null;
  messageSeq: string | null;
  fromUid: string;
  own: boolean;
  /** payload "type" (1 = text); anything else is shown as unsupported */
  contentType: number;
  /** the text for contentType 1, '' otherwise */
  text: string;
  /** epoch ms: creation time for own messages, server time for incoming ones */
  timestamp: number;
  state: MessageState;
  /** local insertion order, increasing over the whole store; the display order */
  order: number;
  failReason?: FailReason;
  /** SENDACK reason code of a refusal */
  failCode?: number;
}

export interface ChannelSummary extends ChannelRef {
  lastMessage: HistoryEntry | null;
  unread: number;
}

/** A storage file could not be read completely; what could be read was kept. */
export interface StorageIssue {
  kind: 'corrupt' | 'unreadable' | 'writeFailed';
  file: string;
  /** where the damaged file was moved (kind 'corrupt'/'unreadable') */
  movedTo?: string;
  /** lines that could not be parsed or validated */
  badLines?: number;
  /** records that were read and kept */
  keptRecords?: number;
  detail?: string;
  at: number;
}

/** What messaging needs of the connection; the ConnectionManager satisfies it. */
export interface MessagingLink {
  readonly isConnected: boolean;
  send(request: SendRequest): Promise<SendResult>;
  on<E extends keyof ConnectionManagerEvents>(
    event: E,
    listener: (...args: ConnectionManagerEvents[E]) => void,
  ): unknown;
  off<E extends keyof ConnectionManagerEvents>(
    event: E,
    listener: (...args: ConnectionManagerEvents[E]) => void,
  ): unknown;
}

export type { ReceivedMessage };

export interface MessagingEvents {
  /** a history entry was added or changed (state, messageId, ...) */
  message: [HistoryEntry];
  /** a channel's last message or unread count changed */
  channel: [ChannelSummary];
  storageIssue: [StorageIssue];
}
