/**
 * The SyncEngine's SyncTarget on the SQLite message store. A page is one transaction through the
 * same unique keys as a RECV (messageId; channel + fromUid + clientMsgNo), so a message that
 * arrives over sync and over RECV is stored once. A synced message older than the newest one of
 * its chat gets a row id between its neighbours by messageSeq (row ids are the display order and
 * are spaced ORDER_SPACING apart for this), so filled holes and older pages show in place, not at
 * the end. Ranges the server has nothing for are kept per channel in sync_state.
 */
import type { StatementSync } from 'node:sqlite';
import type { ChannelRef } from './types';
import type { SeqRange, SyncTarget, SyncedConversation, SyncedMessage, SyncedPage } from '../core';
import {
  INSERT_MESSAGE_SQL,
  incomingRow,
  insertParams,
  type IncomingRecord,
  type MessageStore,
} from './message-store';
import { MESSAGE_COLUMNS, toEntry, type MessageRow } from './storage/rows';
import { decodePayload } from './text-payload';
import type { HistoryEntry } from './types';

/** What a stored page changed, for the renderer (message and channel events). */
export interface SyncedChanges {
  added: HistoryEntry[];
  /** channels whose summary may have changed (new messages, unread, read mark) */
  channels: ChannelRef[];
}

const INSERT_AT_SQL = `INSERT OR IGNORE INTO messages (id, channel_type, channel_id,
  client_msg_no, message_id, message_seq, from_uid, own, content_type, text, timestamp, state)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING ${MESSAGE_COLUMNS.replace(/m\./g, '')}`;

/**
 * Page sizes for a SyncEngine writing this store: a transaction on the main thread costs about
 * 0.1 ms per message (indexes, search index), so pages of about 100 messages keep each one near
 * 10 ms (bench/sync.bench.ts measures the event-loop delay).
 */
export const STORE_PAGE_SIZES = { conversationsPerPage: 5, pageLimit: 100 } as const;

/** Ids tried around the interpolated one before a message is put at the end instead. */
const MAX_PROBES = 1000;

const closedKey = (c: ChannelRef): string => `closed:${c.channelType}:${c.channelId}`;

/** A synced message as the store's incoming record (the same decoding as a RECV). */
export function syncedRecord(m: SyncedMessage): IncomingRecord {
  const { contentType, text } = decodePayload(m.payload);
  return {
    channelId: m.channelId,
    channelType: m.channelType,
    clientMsgNo: m.clientMsgNo,
    messageId: m.messageId.toString(),
    messageSeq: m.messageSeq.toString(),
    fromUid: m.fromUid,
    contentType,
    text,
    timestamp: m.timestamp * 1000,
  };
}

/** Merges inclusive ranges (sorted, overlapping and adjacent ones joined). */
export function mergeRanges(ranges: readonly SeqRange[]): SeqRange[] {
  const sorted = [...ranges].sort((a, b) => a.from - b.from);
  const out: SeqRange[] = [];
  for (const r of sorted) {
    const last = out.at(-1);
    if (last && r.from <= last.to + 1) last.to = Math.max(last.to, r.to);
    else out.push({ from: r.from, to: r.to });
  }
  return out;
}

/** `holes` minus `closed`, both inclusive ranges; `closed` merged and sorted. */
export function subtractRanges(
  holes: readonly SeqRange[],
  closed: readonly SeqRange[],
): SeqRange[] {
  const out: SeqRange[] = [];
  for (const h of holes) {
    let from = h.from;
    for (const c of closed) {
      if (c.to < from || c.from > h.to) continue;
      if (c.from > from) out.push({ from, to: c.from - 1 });
      from = c.to + 1;
      if (from > h.to) break;
    }
    if (from <= h.to) out.push({ from, to: h.to });
  }
  return out;
}

export class SqliteSyncTarget implements SyncTarget {
  private readonly q: Record<string, StatementSync>;

  constructor(
    private readonly store: MessageStore,
    /** called after each committed page that changed something */
    private readonly onStored: (changes: SyncedChanges) => void = () => {},
  ) {
    const p = (sql: string): StatementSync => store.db.prepare(sql);
    this.q = {
      maxVersion: p('SELECT coalesce(max(version), 0) AS v FROM conversations'),
      lastSeqs: p(`SELECT channel_type, channel_id, max(message_seq) AS s FROM messages
        WHERE message_seq > 0 GROUP BY channel_type, channel_id`),
      channelMaxSeq: p(`SELECT max(message_seq) AS s FROM messages
        WHERE channel_type = ? AND channel_id = ? AND message_seq > 0`),
      before: p(`SELECT id, message_seq AS seq FROM messages WHERE channel_type = ?
        AND channel_id = ? AND message_seq > 0 AND message_seq < ? ORDER BY message_seq DESC
        LIMIT 1`),
      after: p(`SELECT id, message_seq AS seq FROM messages WHERE channel_type = ?
        AND channel_id = ? AND message_seq > ? ORDER BY message_seq ASC LIMIT 1`),
      oldestSeq: p(`SELECT min(message_seq) AS s FROM messages WHERE channel_type = ?
        AND channel_id = ? AND message_seq > 0`),
      idTaken: p('SELECT 1 AS x FROM messages WHERE id = ?'),
      insertAt: p(INSERT_AT_SQL),
      insertEnd: p(INSERT_MESSAGE_SQL),
      readSeq: p(`SELECT last_read_seq FROM conversations WHERE channel_type = ?
        AND channel_id = ?`),
      touch: p(`INSERT INTO conversations (channel_type, channel_id, last_id, unread)
        VALUES (?, ?, ?, ?) ON CONFLICT DO UPDATE SET
        last_id = max(last_id, excluded.last_id), unread = unread + excluded.unread`),
      conversation: p(`INSERT INTO conversations (channel_type, channel_id, version, unread,
        last_read_seq) VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT DO UPDATE SET
        version = max(version, excluded.version), unread = excluded.unread,
        last_read_seq = max(last_read_seq, excluded.last_read_seq)`),
      holes: p(`SELECT seq + 1 AS "from", next - 1 AS "to" FROM (SELECT message_seq AS seq,
        LEAD(message_seq) OVER (ORDER BY message_seq) AS next FROM messages
        WHERE channel_type = ? AND channel_id = ? AND message_seq > 0)
        WHERE next > seq + 1 ORDER BY seq`),
      getSync: p('SELECT value FROM sync_state WHERE key = ?'),
      setSync: p(`INSERT INTO sync_state (key, value) VALUES (?, ?)
        ON CONFLICT DO UPDATE SET value = excluded.value`),
    };
    // versions are 64-bit server numbers: read them exactly
    this.q.maxVersion!.setReadBigInts(true);
  }

  async maxConversationVersion(): Promise<bigint> {
    return BigInt((this.q.maxVersion!.get() as { v: bigint | number }).v);
  }

  async lastMessageSeqs(): Promise<Array<{ channel: ChannelRef; lastSeq: number }>> {
    const rows = this.q.lastSeqs!.all() as Array<{
      channel_type: number;
      channel_id: string;
      s: number;
    }>;
    return rows.map((r) => ({
      channel: { channelType: r.channel_type, channelId: r.channel_id },
      lastSeq: r.s,
    }));
  }

  async storeSyncedPage(page: SyncedPage): Promise<void> {
    // pages may come back to back (a conversation sync is one answer): let the event loop run
    // between their transactions, which hold it for as long as they write
    await new Promise<void>((resolve) => setImmediate(resolve));
    const changes = this.store.tx(() => this.apply(page));
    if (changes.added.length > 0 || changes.channels.length > 0) this.onStored(changes);
  }

  async missingSeqRanges(channel: ChannelRef): Promise<SeqRange[]> {
    const holes = this.q.holes!.all(
      channel.channelType,
      channel.channelId,
    ) as unknown as SeqRange[];
    if (holes.length === 0) return [];
    return subtractRanges(
      holes.map((h) => ({ from: h.from, to: h.to })),
      this.closedRanges(channel),
    );
  }

  /** The oldest stored seq of the channel, 0 when it has none. */
  oldestSeq(channel: ChannelRef): number {
    const row = this.q.oldestSeq!.get(channel.channelType, channel.channelId) as {
      s: number | null;
    };
    return row.s ?? 0;
  }

  /** true when the server is known to have nothing before `seq` (or `seq` is the first). */
  historyCompleteBefore(channel: ChannelRef, seq: number): boolean {
    if (seq <= 1) return true;
    return this.closedRanges(channel).some((r) => r.from <= 1 && r.to >= seq - 1);
  }

  /** Ranges of the channel the server has nothing for (merged, oldest first). */
  closedRanges(channel: ChannelRef): SeqRange[] {
    const row = this.q.getSync!.get(closedKey(channel)) as { value: string } | undefined;
    if (!row) return [];
    try {
      const parsed = JSON.parse(row.value) as unknown;
      if (!Array.isArray(parsed)) return [];
      return parsed
        .filter(
          (r): r is [number, number] =>
            Array.isArray(r) && Number.isInteger(r[0]) && Number.isInteger(r[1]),
        )
        .map(([from, to]) => ({ from, to }));
    } catch {
      // a damaged value only means some holes are asked for again
      return [];
    }
  }

  private apply(page: SyncedPage): SyncedChanges {
    const added: HistoryEntry[] = [];
    const channels = new Map<string, ChannelRef>();
    const note = (c: ChannelRef): void => {
      channels.set(`${c.channelType}:${c.channelId}`, {
        channelType: c.channelType,
        channelId: c.channelId,
      });
    };
    for (const m of page.messages) {
      const entry = this.insert(syncedRecord(m));
      if (entry) {
        added.push(entry);
        note(entry);
      }
    }
    for (const c of page.conversations) {
      this.storeConversation(c);
      note(c);
    }
    const byChannel = new Map<string, { channel: ChannelRef; ranges: SeqRange[] }>();
    for (const r of page.closedRanges) {
      const key = closedKey(r.channel);
      const item = byChannel.get(key) ?? {
        channel: r.channel,
        ranges: this.closedRanges(r.channel),
      };
      item.ranges.push({ from: r.from, to: r.to });
      byChannel.set(key, item);
    }
    for (const [key, { ranges }] of byChannel) {
      const merged = mergeRanges(ranges).map((r) => [r.from, r.to]);
      this.q.setSync!.run(key, JSON.stringify(merged));
    }
    return { added, channels: [...channels.values()] };
  }

  private storeConversation(c: SyncedConversation): void {
    this.q.conversation!.run(
      c.channelType,
      c.channelId,
      c.version,
      Math.max(0, c.unread),
      Math.max(0, c.readToSeq),
    );
  }

  /**
   * Inserts one message in its place by messageSeq; null when it is already stored. Only a
   * message newer than everything stored of its chat (and than the read mark) counts as unread:
   * an older one is already in the server's count that the conversation sync stored.
   */
  private insert(m: IncomingRecord): HistoryEntry | null {
    const row = incomingRow(m, this.store.uid);
    const seq = row.message_seq ?? 0;
    const next =
      seq > 0
        ? (this.q.after!.get(m.channelType, m.channelId, seq) as
            { id: number; seq: number } | undefined)
        : undefined;
    const id = next ? this.slotBefore(m, seq, next) : null;
    const inserted = (
      id === null
        ? this.q.insertEnd!.get(...insertParams(row))
        : this.q.insertAt!.get(id, ...insertParams(row))
    ) as MessageRow | undefined;
    if (!inserted) return null;
    const read = this.q.readSeq!.get(m.channelType, m.channelId) as
      { last_read_seq: number } | undefined;
    const unread = row.own === 0 && !next && seq > (read?.last_read_seq ?? 0) ? 1 : 0;
    this.q.touch!.run(m.channelType, m.channelId, inserted.id, unread);
    return toEntry(inserted);
  }

  /**
   * A row id between the neighbours of `seq` in its chat (`next` is the first stored one above
   * it), interpolated by seq so a whole hole fits; null when no id is free between them (the
   * message then goes at the end).
   */
  private slotBefore(c: ChannelRef, seq: number, next: { id: number; seq: number }): number | null {
    const prev = this.q.before!.get(c.channelType, c.channelId, seq) as
      { id: number; seq: number } | undefined;
    const lowId = prev?.id ?? 0;
    const lowSeq = prev?.seq ?? 0;
    if (next.id - lowId < 2) return null;
    const guess = lowId + Math.floor(((next.id - lowId) * (seq - lowSeq)) / (next.seq - lowSeq));
    const start = Math.min(Math.max(guess, lowId + 1), next.id - 1);
    for (let i = 0; i < MAX_PROBES; i++) {
      const up = start + i;
      if (up < next.id && !this.q.idTaken!.get(up)) return up;
      const down = start - i - 1;
      if (down > lowId && !this.q.idTaken!.get(down)) return down;
      if (up >= next.id && down <= lowId) break;
    }
    return null;
  }
}
