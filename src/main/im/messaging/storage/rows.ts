/** Row shapes of the message database and their mapping to the shared HistoryEntry. */
import { contentDetails, decodeContent } from '../../../../shared/message-content';
import { TEXT_CONTENT_TYPE } from '../text-payload';
import type { FailReason, HistoryEntry, MessageState } from '../types';

export interface MessageRow {
  id: number;
  channel_type: number;
  channel_id: string;
  client_msg_no: string;
  message_id: string | null;
  message_seq: number | null;
  from_uid: string;
  own: number;
  content_type: number;
  text: string;
  timestamp: number;
  state: MessageState;
  fail_reason: FailReason | null;
  fail_code: number | null;
  /**
   * The raw payload as received (schema step 3). Selected only for non-text rows (MESSAGE_COLUMNS):
   * a text row's words are already in `text`, and the chat list reads 1,000 last messages at once.
   * Null for text rows and for rows stored before step 3.
   */
  payload: Uint8Array | null;
}

/** A row to insert: everything but what the database assigns; `payload` null when unknown. */
export type NewMessageRow = Omit<MessageRow, 'id' | 'fail_reason' | 'fail_code'>;

export interface OutboxRow {
  seq: number;
  client_msg_no: string;
  message_row: number;
  deadline_at: number;
  attempts: number;
  state: 'queued' | 'sending' | 'failed';
}

/** The columns every message query selects, so rows always map completely. */
export const MESSAGE_COLUMNS = `m.id, m.channel_type, m.channel_id, m.client_msg_no, m.message_id,
  m.message_seq, m.from_uid, m.own, m.content_type, m.text, m.timestamp, m.state, m.fail_reason,
  m.fail_code, CASE WHEN m.content_type = ${TEXT_CONTENT_TYPE} THEN NULL ELSE m.payload END
  AS payload`;

export function toEntry(r: MessageRow): HistoryEntry {
  const entry: HistoryEntry = {
    channelId: r.channel_id,
    channelType: r.channel_type,
    clientMsgNo: r.client_msg_no,
    messageId: r.message_id,
    messageSeq: r.message_seq === null ? null : String(r.message_seq),
    fromUid: r.from_uid,
    own: r.own === 1,
    contentType: r.content_type,
    text: r.text,
    timestamp: r.timestamp,
    state: r.state,
    order: r.id,
  };
  if (r.state === 'failed' && r.fail_reason !== null) entry.failReason = r.fail_reason;
  if (r.state === 'failed' && r.fail_code !== null) entry.failCode = r.fail_code;
  // Decoded here, per entry handed out, rather than stored: the wording may improve with the app,
  // and only non-text rows carry a payload. A row from before step 3 shows its type's placeholder.
  if (r.payload !== null) {
    const details = contentDetails(decodeContent(r.payload));
    if (details) entry.content = details;
  }
  return entry;
}
