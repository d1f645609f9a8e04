/**
 * Public model of messaging. Plain data only (no Node imports). The renderer-facing part
 * (channels, history entries) lives in src/shared/messages.ts so every process shares one
 * definition; bigint ids travel as decimal strings.
 */
import type { ReceivedMessage, SendRequest, SendResult } from '../core';
import type { ConnectionManagerEvents } from '../index';

import type {
  ChannelRef,
  ChannelSummary,
  FailReason,
  HistoryEntry,
  MessageState,
  StorageIssueInfo,
} from '../../../shared/messages';

export type {
  ChannelRef,
  ChannelSummary,
  FailReason,
  HistoryEntry,
  MessageState,
  StorageIssueInfo,
};

/** A storage file could not be read completely; what could be read was kept (shared type). */
export type StorageIssue = StorageIssueInfo;

/** What messaging needs of the connection; the ConnectionManager satisfies it. */
export interface MessagingLink {
  readonly isConnected: boolean;
  send(request: SendRequest): Promise<SendResult>;
  /**
   * A SEND got no SENDACK in time although the link looks up: drop it and reconnect (the pending
   * SENDs reject with NotConnectedError). Optional so simple links need not offer it.
   */
  dropStalled?(detail: string): void;
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
  /** RECVs were stored in these channels (the offline sync checks them for holes) */
  received: [ChannelRef[]];
}
