/**
 * The SyncEngine's SyncTarget on the SQLite message store. A page is one transaction through the
 * same unique keys as a RECV (messageId; channel + fromUid + clientMsgNo), so a message that
 * arrives over sync and over RECV is stored once. A synced message older than the newest one of
 * its chat gets a row id between its neighbours by messageSeq (row ids are the display order and
 * are spaced ORDER_SPACING apart for this), so filled holes and older pages show in place, not at
 * the end. Ranges the server has nothing for are kept per channel in sync_state.
 */
import type { SQLInputValue, StatementSync } from 'node:sqlite';
import type { ChannelRef } from './types';
import type { SeqRange, SyncTarget, SyncedPage } from '../core';
import {
  INSERT_MESSAGE_SQL,
  TOUCH_CONVERSATION_SQL,
  incomingRow,
  insertParams,
  type MessageStore,
} from './message-store';
import type { IncomingWriter } from './storage/incoming-writer';
import { toEntry, type MessageRow } from './storage/rows';
import { MAX_PROBES, SYNC_PAGE_SQL } from './storage/sync-page-sql';
import type { SyncPageJob } from './storage/sync-page-worker';
import { incomingRecord } from './incoming-record';
import type { HistoryEntry } from './types';

/** What a stored page changed, for the renderer (message and channel events). */
export interface SyncedChanges {
  added: HistoryEntry[];
  /** channels whose summary may have changed (new messages, unread, read mark) */
  channels: ChannelRef[];
}

/**
 * Page sizes for a SyncEngine writing this store. Pages are written on the writer's worker thread
 * (about 0.1 ms per message: indexes, search index), so their size hardly touches the main event
 * loop; about 100 messages also keeps each transaction of the in-thread path (a store without a
 * worker) near 10 ms (bench/sync.bench.ts measures the event-loop delay).
 */
export const STORE_PAGE_SIZES = { conversationsPerPage: 5, pageLimit: 100 } as const;

const closedKey = (c: ChannelRef): string => `closed:${c.channelType}:${c.channelId}`;
/** A read mark the server has not accepted yet (value: the channel as JSON). */
const READ_PREFIX = 'read:';
const readKey = (c: ChannelRef): string => `${READ_PREFIX}${c.channelType}:${c.channelId}`;

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
    /**
     * Writes pages on its worker thread (the main thread only posts the page and applies the
     * result); without one, pages are written here on the store's connection.
     */
    private readonly writer: IncomingWriter | null = null,
  ) {
    const p = (sql: string): StatementSync => store.db.prepare(sql);
    this.q = {
      maxVersion: p('SELECT coalesce(max(version), 0) AS v FROM conversations'),
      lastSeqs: p(`SELECT channel_type, channel_id, max(message_seq) AS s FROM messages
        WHERE message_seq > 0 GROUP BY channel_type, channel_id`),
      oldestSeq: p(`SELECT min(message_seq) AS s FROM messages WHERE channel_type = ?
        AND channel_id = ? AND message_seq > 0`),
      insertEnd: p(INSERT_MESSAGE_SQL),
      touch: p(TOUCH_CONVERSATION_SQL),
      holes: p(`SELECT seq + 1 AS "from", next - 1 AS "to" FROM (SELECT message_seq AS seq,
        LEAD(message_seq) OVER (ORDER BY message_seq) AS next FROM messages
        WHERE channel_type = ? AND channel_id = ? AND message_seq > 0)
        WHERE next > seq + 1 ORDER BY seq`),
      getSync: p('SELECT value FROM sync_state WHERE key = ?'),
      // keys from 'read:' up to (not including) 'read;', the next character
      pendingReads: p(`SELECT value FROM sync_state WHERE key >= '${READ_PREFIX}'
        AND key < '${READ_PREFIX.slice(0, -1)};'`),
      deleteSync: p('DELETE FROM sync_state WHERE key = ?'),
    };
    for (const [name, sql] of Object.entries(SYNC_PAGE_SQL)) this.q[name] = p(sql);
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
    const job = this.syncPageJob(page);
    let rows: MessageRow[];
    if (this.writer) {
      rows = await this.writer.writeSyncPage(job);
    } else {
      // pages may come back to back (a conversation sync is one answer): let the event loop run
      // between their transactions, which hold it for as long as they write
      await new Promise<void>((resolve) => setImmediate(resolve));
      rows = this.store.tx(() => this.writeInThread(job));
    }
    const changes = this.changes(page, rows.map(toEntry));
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

  async pendingReads(): Promise<ChannelRef[]> {
    const rows = this.q.pendingReads!.all() as Array<{ value: string }>;
    const out: ChannelRef[] = [];
    for (const { value } of rows) {
      try {
        const c = JSON.parse(value) as Partial<ChannelRef>;
        if (typeof c.channelId === 'string' && Number.isInteger(c.channelType)) {
          out.push({ channelId: c.channelId, channelType: c.channelType! });
        }
      } catch {
        // a damaged value only means that chat's server count is not corrected
      }
    }
    return out;
  }

  async savePendingRead(channel: ChannelRef): Promise<void> {
    const value = JSON.stringify({
      channelType: channel.channelType,
      channelId: channel.channelId,
    });
    this.store.tx(() => this.q.setSync!.run(readKey(channel), value));
  }

  async clearPendingRead(channel: ChannelRef): Promise<void> {
    this.store.tx(() => this.q.deleteSync!.run(readKey(channel)));
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

  /**
   * The page as statement parameters. The closed ranges are merged with the stored ones here:
   * only the sync writes them and it stores one page at a time, so the committed value is current.
   */
  private syncPageJob(page: SyncedPage): SyncPageJob {
    const messages = page.messages.map((m) =>
      insertParams(incomingRow(incomingRecord(m), this.store.uid)),
    );
    const conversations = page.conversations.map((c) => [
      c.channelType,
      c.channelId,
      c.version,
      Math.max(0, c.unread),
      Math.max(0, c.readToSeq),
    ]);
    const byChannel = new Map<string, SeqRange[]>();
    for (const r of page.closedRanges) {
      const key = closedKey(r.channel);
      const ranges = byChannel.get(key) ?? this.closedRanges(r.channel);
      ranges.push({ from: r.from, to: r.to });
      byChannel.set(key, ranges);
    }
    const syncValues = [...byChannel].map(([key, ranges]): [string, string] => [
      key,
      JSON.stringify(mergeRanges(ranges).map((r) => [r.from, r.to])),
    ]);
    return { messages, conversations, syncValues };
  }

  /** What a committed page changed: its new entries, and their channels and its conversations'. */
  private changes(page: SyncedPage, added: HistoryEntry[]): SyncedChanges {
    const channels = new Map<string, ChannelRef>();
    for (const c of [...added, ...page.conversations]) {
      channels.set(`${c.channelType}:${c.channelId}`, {
        channelType: c.channelType,
        channelId: c.channelId,
      });
    }
    return { added, channels: [...channels.values()] };
  }

  /** The job on the store's connection: the same steps as writeSyncPage in sync-page-worker.ts. */
  private writeInThread(job: SyncPageJob): MessageRow[] {
    const added: MessageRow[] = [];
    for (const params of job.messages) {
      const row = this.insert(params as ReturnType<typeof insertParams>);
      if (row) added.push(row);
    }
    for (const c of job.conversations) this.q.conversation!.run(...(c as SQLInputValue[]));
    for (const [key, value] of job.syncValues) this.q.setSync!.run(key, value);
    return added;
  }

  /**
   * Inserts one message in its place by messageSeq; null when it is already stored. Only a
   * message newer than everything stored of its chat (and than the read mark) counts as unread:
   * an older one is already in the server's count that the conversation sync stored.
   */
  private insert(params: ReturnType<typeof insertParams>): MessageRow | null {
    const [channelType, channelId, , , messageSeq, , own] = params;
    const c = { channelType, channelId };
    const seq = messageSeq ?? 0;
    const next =
      seq > 0
        ? (this.q.after!.get(channelType, channelId, seq) as
            { id: number; seq: number } | undefined)
        : undefined;
    const id = next ? this.slotBefore(c, seq, next) : null;
    const inserted = (
      id === null ? this.q.insertEnd!.get(...params) : this.q.insertAt!.get(id, ...params)
    ) as MessageRow | undefined;
    if (!inserted) return null;
    const read = this.q.readSeq!.get(channelType, channelId) as
      { last_read_seq: number } | undefined;
    const unread = own === 0 && !next && seq > (read?.last_read_seq ?? 0) ? 1 : 0;
    this.q.touch!.run(channelType, channelId, inserted.id, unread);
    return inserted;
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
