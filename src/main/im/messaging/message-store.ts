/**
 * One account's messages in SQLite: received and own messages, conversations (last message,
 * unread, read mark, version) and the sync state. Every write is one short transaction; a method
 * returns only after its transaction committed, and a failed one leaves nothing behind (rolled
 * back). Display order is the row id: local arrival order, so an own message stays where the user
 * wrote it (a retry moves it to the end, see OutboxStore.moveToEnd); an older message fetched by
 * the offline sync is given an id between its neighbours by messageSeq (sync-target-store.ts).
 * The offline sync writes through SqliteSyncTarget (sync-target-store.ts), not through here.
 */
import path from 'node:path';
import { MAX_PAYLOAD_BYTES } from '../../../shared/message-content';
import type { DatabaseSync, StatementSync } from 'node:sqlite';
import { inTransaction, openDatabase } from './storage/database';
import { MessageSearch } from './storage/message-search';
import { MESSAGE_COLUMNS, toEntry, type MessageRow, type NewMessageRow } from './storage/rows';
import type { SearchHit, SearchOptions } from '../../../shared/search';
import type { ChannelRef, ChannelSummary, HistoryEntry, StorageIssue } from './types';

export const DATABASE_FILE = 'messages.sqlite';

/**
 * Row ids (the display order) of messages added at the end of the store are this far apart, so
 * an older message fetched later by the offline sync can be given an id between its neighbours
 * (sync-target-store.ts). 2^20 leaves room for 2^33 messages below Number.MAX_SAFE_INTEGER.
 */
export const ORDER_SPACING = 1_048_576;

/** Inserts a message unless a unique key (messageId; channel + fromUid + clientMsgNo) has it. */
export const INSERT_MESSAGE_SQL = `INSERT OR IGNORE INTO messages (id, channel_type, channel_id,
  client_msg_no, message_id, message_seq, from_uid, own, content_type, text, timestamp, state,
  payload) VALUES ((SELECT coalesce(max(id), 0) + ${ORDER_SPACING} FROM messages),
  ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING ${MESSAGE_COLUMNS.replace(/m\./g, '')}`;
/** Counts a new message in its conversation: (channel_type, channel_id, id, unread increment). */
export const TOUCH_CONVERSATION_SQL = `INSERT INTO conversations (channel_type, channel_id,
  last_id, unread) VALUES (?, ?, ?, ?) ON CONFLICT DO UPDATE SET
  last_id = max(last_id, excluded.last_id), unread = unread + excluded.unread`;

type InsertParams = [
  number,
  string,
  string,
  string | null,
  number | null,
  string,
  number,
  number,
  string,
  number,
  string,
  Uint8Array | null,
];

/** The INSERT_MESSAGE_SQL parameters of a row. */
export function insertParams(r: NewMessageRow): InsertParams {
  return [
    r.channel_type,
    r.channel_id,
    r.client_msg_no,
    r.message_id,
    r.message_seq,
    r.from_uid,
    r.own,
    r.content_type,
    r.text,
    r.timestamp,
    r.state,
    r.payload,
  ];
}

/**
 * The payload as a row keeps it: a copy of exactly its bytes (a RECV's payload is a view into the
 * socket's buffer, which a worker message would otherwise copy whole), or null above
 * MAX_PAYLOAD_BYTES. Only a sync page can carry a larger one (a RECV packet is at most 1 MiB), no
 * real message is that large, and decodeContent() would not read it anyway: such a row shows
 * its type's placeholder, like a row stored before payloads were kept.
 */
export function keptPayload(payload: Uint8Array | undefined): Uint8Array | null {
  if (!payload || payload.byteLength > MAX_PAYLOAD_BYTES) return null;
  return new Uint8Array(payload);
}

/** The row an incoming message becomes (own ones from another device are already sent). */
export function incomingRow(m: IncomingRecord, uid: string): NewMessageRow {
  const own = m.fromUid === uid;
  return {
    channel_type: m.channelType,
    channel_id: m.channelId,
    client_msg_no: m.clientMsgNo,
    message_id: m.messageId,
    message_seq: Number(m.messageSeq),
    from_uid: m.fromUid,
    own: own ? 1 : 0,
    content_type: m.contentType,
    text: m.text,
    timestamp: m.timestamp,
    state: own ? 'sent' : 'received',
    payload: keptPayload(m.payload),
  };
}

/** A message as it arrives (RECV or a sync page), decoded; ids as decimal strings. */
export interface IncomingRecord extends ChannelRef {
  messageId: string;
  messageSeq: string;
  clientMsgNo: string;
  fromUid: string;
  contentType: number;
  text: string;
  /** epoch ms */
  timestamp: number;
  /** the payload as received, kept as it is (absent: not known, e.g. records made in tests) */
  payload?: Uint8Array;
}

/** Test hook: runs inside every write transaction just before COMMIT (throw to fail the write). */
export interface StoreFaults {
  beforeCommit?: () => void;
}

export class MessageStore {
  private readonly q: Record<string, StatementSync>;
  private readonly searcher: MessageSearch;

  private constructor(
    readonly db: DatabaseSync,
    readonly file: string,
    readonly uid: string,
    private readonly faults: StoreFaults,
  ) {
    const p = (sql: string) => db.prepare(sql);
    this.searcher = new MessageSearch(db);
    this.q = {
      insertIgnore: p(INSERT_MESSAGE_SQL),
      touch: p(TOUCH_CONVERSATION_SQL),
      byRow: p(`SELECT ${MESSAGE_COLUMNS} FROM messages m WHERE m.id = ?`),
      bySenderNo: p(`SELECT ${MESSAGE_COLUMNS} FROM messages m WHERE m.channel_type = ?
        AND m.channel_id = ? AND m.from_uid = ? AND m.client_msg_no = ?`),
      page: p(`SELECT ${MESSAGE_COLUMNS} FROM messages m WHERE m.channel_type = ?
        AND m.channel_id = ? AND m.id < ? ORDER BY m.id DESC LIMIT ?`),
      conversation: p(`SELECT last_id, unread, read_id FROM conversations
        WHERE channel_type = ? AND channel_id = ?`),
      // The chat list's order, as shared/channel-order.ts defines it for the renderer.
      conversations: p(`SELECT c.unread, ${MESSAGE_COLUMNS} FROM conversations c
        JOIN messages m ON m.id = c.last_id ORDER BY m.timestamp DESC, c.last_id DESC`),
      markRead: p(`UPDATE conversations SET read_id = last_id, unread = 0,
        last_read_seq = max(last_read_seq, coalesce((SELECT max(message_seq) FROM messages
          WHERE channel_type = ?1 AND channel_id = ?2), 0))
        WHERE channel_type = ?1 AND channel_id = ?2 AND (read_id < last_id OR unread > 0)`),
      getSync: p('SELECT value FROM sync_state WHERE key = ?'),
      setSync: p(`INSERT INTO sync_state (key, value) VALUES (?, ?)
        ON CONFLICT DO UPDATE SET value = excluded.value`),
    };
  }

  /** Opens (creating or migrating) `dir`/messages.sqlite; `issues` reports a file moved aside. */
  static open(o: { dir: string; uid: string; now: () => number; faults?: StoreFaults }): {
    store: MessageStore;
    issues: StorageIssue[];
  } {
    const file = path.join(o.dir, DATABASE_FILE);
    const { db, issues } = openDatabase(file, o.dir, o.now);
    return { store: new MessageStore(db, file, o.uid, o.faults ?? {}), issues };
  }

  /** Runs `work` in one transaction (with the test fault hook); nested calls join the outer one. */
  tx<T>(work: () => T): T {
    // Inside a batch (OutboxStore.batch) the step joins the open transaction.
    if (this.db.isTransaction) return work();
    return inTransaction(this.db, work, this.faults.beforeCommit);
  }

  /**
   * Stores incoming messages in one transaction, each at most once: a messageId or a
   * (channel, fromUid, clientMsgNo) already stored, or earlier in the same batch, is skipped.
   * Returns the entries that are new. Our own messages from another device are stored as sent and
   * never count as unread.
   */
  storeIncoming(records: readonly IncomingRecord[]): HistoryEntry[] {
    return this.tx(() => this.insertIncoming(records));
  }

  /** Inserts one message row and counts it in its conversation; null when it is a duplicate. */
  insertRow(r: NewMessageRow): HistoryEntry | null {
    const row = this.q.insertIgnore!.get(...insertParams(r)) as MessageRow | undefined;
    if (!row) return null;
    this.q.touch!.run(r.channel_type, r.channel_id, row.id, r.own === 1 ? 0 : 1);
    return toEntry(row);
  }

  getByRow(id: number): HistoryEntry | undefined {
    const row = this.q.byRow!.get(id) as MessageRow | undefined;
    return row && toEntry(row);
  }

  getOwn(channel: ChannelRef, clientMsgNo: string): HistoryEntry | undefined {
    const row = this.q.bySenderNo!.get(
      channel.channelType,
      channel.channelId,
      this.uid,
      clientMsgNo,
    ) as MessageRow | undefined;
    return row && toEntry(row);
  }

  /** The newest `limit` messages of a channel before `beforeOrder`, oldest first. */
  list(channel: ChannelRef, limit: number, beforeOrder?: number): HistoryEntry[] {
    if (limit <= 0) return [];
    const rows = this.q.page!.all(
      channel.channelType,
      channel.channelId,
      beforeOrder ?? Number.MAX_SAFE_INTEGER,
      limit,
    ) as unknown as MessageRow[];
    return rows.reverse().map(toEntry);
  }

  summary(channel: ChannelRef): ChannelSummary {
    const c = this.q.conversation!.get(channel.channelType, channel.channelId) as
      { last_id: number; unread: number } | undefined;
    const last = c && c.last_id > 0 ? this.getByRow(c.last_id) : undefined;
    return {
      channelId: channel.channelId,
      channelType: channel.channelType,
      lastMessage: last ?? null,
      unread: c?.unread ?? 0,
    };
  }

  /** Conversations with at least one message, most recent first. */
  channels(): ChannelSummary[] {
    const rows = this.q.conversations!.all() as unknown as (MessageRow & { unread: number })[];
    return rows.map((r) => ({
      channelId: r.channel_id,
      channelType: r.channel_type,
      lastMessage: toEntry(r),
      unread: r.unread,
    }));
  }

  /** Messages containing `query`, newest first (storage/message-search.ts); `before` pages back. */
  search(query: string, options?: SearchOptions): SearchHit[] {
    return this.searcher.search(query, options);
  }

  /** Marks everything in the channel read; false when nothing changed. */
  markRead(channel: ChannelRef): boolean {
    return this.tx(
      () => Number(this.q.markRead!.run(channel.channelType, channel.channelId).changes) > 0,
    );
  }

  close(): void {
    if (this.db.isOpen) this.db.close();
  }

  // ------------------------------------------------------------------ named values

  /** A named value kept with the messages (the one-time import marker), or undefined. */
  syncValue(key: string): string | undefined {
    return (this.q.getSync!.get(key) as { value: string } | undefined)?.value;
  }

  setSyncValue(key: string, value: string): void {
    this.tx(() => this.q.setSync!.run(key, value));
  }

  private insertIncoming(records: readonly IncomingRecord[]): HistoryEntry[] {
    const added: HistoryEntry[] = [];
    for (const m of records) {
      const entry = this.insertRow(incomingRow(m, this.uid));
      if (entry) added.push(entry);
    }
    return added;
  }
}
