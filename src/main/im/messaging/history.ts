/**
 * Recent messages per channel (bounded), own ones with their state, plus read marks; both survive
 * restarts. Display order is local insertion order (`order`), so an own message stays where the
 * user wrote it even before the server numbered it.
 */
import path from 'node:path';
import { channelKey } from './channel';
import { RecordLog } from './storage/record-log';
import { historyEntrySchema, readMarkSchema, type ReadMark } from './storage/schemas';
import type { ChannelRef, ChannelSummary, HistoryEntry, StorageIssue } from './types';

export const DEFAULT_HISTORY_LIMIT = 500;

export interface HistoryOptions {
  dir: string;
  onIssue: (issue: StorageIssue) => void;
  now?: () => number;
  /** entries kept per channel; default 500 */
  limit?: number;
}

/** Key of one entry: the channel plus the sender's clientMsgNo (messageId if there is none). */
export function entryKey(
  e: Pick<HistoryEntry, 'channelId' | 'channelType' | 'clientMsgNo' | 'messageId'>,
): string {
  const id = e.clientMsgNo !== '' ? e.clientMsgNo : `id:${e.messageId ?? ''}`;
  return `${channelKey(e)}\n${id}`;
}

export class History {
  private readonly byChannel = new Map<string, HistoryEntry[]>();
  private readonly byMessageId = new Map<string, string>();
  private maxOrder = 0;

  private constructor(
    private readonly entries: RecordLog<HistoryEntry>,
    private readonly reads: RecordLog<ReadMark>,
    private readonly limit: number,
  ) {
    for (const e of entries.values()) this.index(e);
    for (const list of this.byChannel.values()) list.sort((a, b) => a.order - b.order);
  }

  static async open(opts: HistoryOptions): Promise<History> {
    const common = { onIssue: opts.onIssue, ...(opts.now ? { now: opts.now } : {}) };
    const entries = await RecordLog.open({
      file: path.join(opts.dir, 'history.jsonl'),
      schema: historyEntrySchema,
      ...common,
    });
    const reads = await RecordLog.open({
      file: path.join(opts.dir, 'read-marks.jsonl'),
      schema: readMarkSchema,
      ...common,
    });
    return new History(entries, reads, opts.limit ?? DEFAULT_HISTORY_LIMIT);
  }

  /** A fresh order number; every entry added later sorts after it. */
  nextOrder(): number {
    this.maxOrder += 1;
    return this.maxOrder;
  }

  get(channel: ChannelRef, clientMsgNo: string): HistoryEntry | undefined {
    return this.entries.get(entryKey({ ...channel, clientMsgNo, messageId: null }));
  }

  hasMessageId(messageId: string): boolean {
    return this.byMessageId.has(messageId);
  }

  /** Adds or replaces an entry (same channel + clientMsgNo); resolves once it is on disk. */
  async put(entry: HistoryEntry): Promise<void> {
    const key = entryKey(entry);
    await this.entries.set(key, entry);
    this.index(entry);
    await this.evict(channelKey(entry));
  }

  /** The newest `limit` entries of a channel, oldest first; `beforeOrder` pages further back. */
  list(channel: ChannelRef, limit: number, beforeOrder?: number): HistoryEntry[] {
    let list = this.byChannel.get(channelKey(channel)) ?? [];
    if (beforeOrder !== undefined) list = list.filter((e) => e.order < beforeOrder);
    return limit <= 0 ? [] : list.slice(-limit);
  }

  summary(channel: ChannelRef): ChannelSummary {
    const key = channelKey(channel);
    const list = this.byChannel.get(key) ?? [];
    const readOrder = this.reads.get(key)?.readOrder ?? 0;
    return {
      channelId: channel.channelId,
      channelType: channel.channelType,
      lastMessage: list.at(-1) ?? null,
      unread: list.filter((e) => !e.own && e.order > readOrder).length,
    };
  }

  /** Channels with at least one message, most recent first. */
  channels(): ChannelSummary[] {
    const out: ChannelSummary[] = [];
    for (const list of this.byChannel.values()) {
      const first = list[0];
      if (first) out.push(this.summary(first));
    }
    return out.sort((a, b) => (b.lastMessage?.order ?? 0) - (a.lastMessage?.order ?? 0));
  }

  /** Marks everything in the channel as read; false when nothing changed. */
  async markRead(channel: ChannelRef): Promise<boolean> {
    const key = channelKey(channel);
    const last = this.byChannel.get(key)?.at(-1)?.order ?? 0;
    if ((this.reads.get(key)?.readOrder ?? 0) >= last) return false;
    await this.reads.set(key, { ...channel, readOrder: last });
    return true;
  }

  async close(): Promise<void> {
    await Promise.all([this.entries.close(), this.reads.close()]);
  }

  private index(entry: HistoryEntry): void {
    const key = channelKey(entry);
    let list = this.byChannel.get(key);
    if (!list) {
      list = [];
      this.byChannel.set(key, list);
    }
    const i = list.findIndex(
      (e) => e.clientMsgNo === entry.clientMsgNo && entryKey(e) === entryKey(entry),
    );
    if (i >= 0) list[i] = entry;
    else {
      list.push(entry);
      // Loaded entries arrive in file order; new ones always have the highest order.
      if (list.length > 1 && list[list.length - 2]!.order > entry.order)
        list.sort((a, b) => a.order - b.order);
    }
    if (entry.messageId !== null) this.byMessageId.set(entry.messageId, entryKey(entry));
    this.maxOrder = Math.max(this.maxOrder, entry.order);
  }

  /** Drops the oldest finished entries beyond the limit; unsent own messages are never dropped. */
  private async evict(key: string): Promise<void> {
    const list = this.byChannel.get(key);
    if (!list || list.length <= this.limit) return;
    let excess = list.length - this.limit;
    const victims: HistoryEntry[] = [];
    for (const e of list) {
      if (excess === 0) break;
      if (e.state === 'sent' || e.state === 'received') {
        victims.push(e);
        excess -= 1;
      }
    }
    for (const v of victims) {
      await this.entries.delete(entryKey(v));
      list.splice(list.indexOf(v), 1);
      if (v.messageId !== null && this.byMessageId.get(v.messageId) === entryKey(v)) {
        this.byMessageId.delete(v.messageId);
      }
    }
  }
}
