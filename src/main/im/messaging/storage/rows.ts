/** Row shapes of the message database and their mapping to the shared HistoryEntry. */
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
}

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
  m.fail_code`;

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
  return entry;
}
