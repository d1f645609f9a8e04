/**
 * Chat messages as every process sees them. Mirrors src/main/im/messaging/types.ts
 * field for field; bigint ids travel as decimal strings.
 */
import type { ContentDetails } from './message-content';

/** Longest message text, checked by the IPC contract and the messaging core alike; far below the server's 1 MiB packet limit. */
export const MAX_MESSAGE_TEXT_LENGTH = 20_000;
/**
 * Messages a chat opens with: what the conversation sync keeps of every chat (its msg_count), so
 * opening a chat reads only the local store; older pages come as the person scrolls up.
 */
export const FIRST_PAGE_SIZE = 20;
/** Read messages shown above the "N new messages" divider when a chat opens at its first unread. */
export const UNREAD_CONTEXT_MESSAGES = 10;
/** Most messages one list call returns, checked by the IPC contract and the messaging core alike. */
export const MAX_LIST_LIMIT = 500;
/** Longest channel id, checked by the IPC contract and the messaging core alike. */
export const MAX_CHANNEL_ID_LENGTH = 256;

export interface ChannelRef {
  channelId: string;
  /** 1 = person (channelId is the other uid), 2 = group */
  channelType: number;
}

/**
 * Own messages: queued -> sending -> sent | failed (retry queues it again).
 * Incoming messages are 'received'.
 */
export type MessageState = 'queued' | 'sending' | 'sent' | 'failed' | 'received';
export type FailReason = 'rejected' | 'deadline' | 'error';

export interface HistoryEntry extends ChannelRef {
  clientMsgNo: string;
  messageId: string | null;
  messageSeq: string | null;
  fromUid: string;
  own: boolean;
  /** payload "type" (1 = text) */
  contentType: number;
  text: string;
  /** epoch ms */
  timestamp: number;
  state: MessageState;
  /** display order, increasing over the whole store */
  order: number;
  failReason?: FailReason;
  failCode?: number;
  /**
   * What a non-text message shows (file name and size, a location's title, ...), decoded by main
   * from the stored payload. Absent for text, and for messages stored before payloads were kept
   * (they show their type's placeholder).
   */
  content?: ContentDetails;
  /**
   * Set only on the `message` event of an entry the offline sync stored (a page fetched after a
   * reconnect), never on listed entries: notifications stay silent for that backlog.
   */
  synced?: true;
}

export interface ChannelSummary extends ChannelRef {
  lastMessage: HistoryEntry | null;
  unread: number;
}

export interface ListMessagesOptions {
  limit?: number;
  /** page back: only entries with order below this */
  beforeOrder?: number;
}

/**
 * A message storage file could not be read (or written) completely; whatever could be read was
 * kept. The messaging core emits exactly this type; the renderer shows it and diagnostics list it.
 */
export interface StorageIssueInfo {
  kind: 'corrupt' | 'unreadable' | 'writeFailed';
  /** the file (or folder, for writeFailed) concerned */
  file: string;
  /** where the damaged file was moved (kind 'corrupt'/'unreadable') */
  movedTo?: string;
  /** lines that could not be parsed or validated */
  badLines?: number;
  /** records that were read and kept */
  keptRecords?: number;
  /** technical detail (an OS error message), for diagnostics */
  detail?: string;
  /** epoch ms */
  at: number;
}
