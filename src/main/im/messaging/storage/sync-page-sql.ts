/**
 * The SQL of a synced page's writes, shared by the in-thread path (sync-target-store.ts) and the
 * writer's worker (sync-page-worker.ts), so both run exactly the same statements.
 */
import { MESSAGE_COLUMNS } from './rows';

/** Inserts a message at a given row id (between its neighbours by messageSeq). */
export const INSERT_AT_SQL = `INSERT OR IGNORE INTO messages (id, channel_type, channel_id,
  client_msg_no, message_id, message_seq, from_uid, own, content_type, text, timestamp, state,
  payload) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING ${MESSAGE_COLUMNS.replace(/m\./g, '')}`;

export const SYNC_PAGE_SQL = {
  before: `SELECT id, message_seq AS seq FROM messages WHERE channel_type = ?
    AND channel_id = ? AND message_seq > 0 AND message_seq < ? ORDER BY message_seq DESC
    LIMIT 1`,
  after: `SELECT id, message_seq AS seq FROM messages WHERE channel_type = ?
    AND channel_id = ? AND message_seq > ? ORDER BY message_seq ASC LIMIT 1`,
  idTaken: 'SELECT 1 AS x FROM messages WHERE id = ?',
  insertAt: INSERT_AT_SQL,
  readSeq: `SELECT last_read_seq FROM conversations WHERE channel_type = ?
    AND channel_id = ?`,
  conversation: `INSERT INTO conversations (channel_type, channel_id, version, unread,
    last_read_seq) VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT DO UPDATE SET
    version = max(version, excluded.version), unread = excluded.unread,
    last_read_seq = max(last_read_seq, excluded.last_read_seq)`,
  setSync: `INSERT INTO sync_state (key, value) VALUES (?, ?)
    ON CONFLICT DO UPDATE SET value = excluded.value`,
} as const;

/** Ids tried around the interpolated one before a message is put at the end instead. */
export const MAX_PROBES = 1000;
