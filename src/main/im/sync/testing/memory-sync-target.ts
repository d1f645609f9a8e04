/**
 * An in-memory SyncTarget with the rules the SQLite store must keep: a page is applied whole or
 * not at all, duplicates (messageId, or channel + fromUid + clientMsgNo) are skipped and counted,
 * holes are the seqs missing between a channel's oldest and newest message minus closed ranges.
 * Test code only.
 */
import type {
  ChannelRef,
  SeqRange,
  SyncTarget,
  SyncedConversation,
  SyncedMessage,
  SyncedPage,
} from '../types';

interface ChannelData {
  channel: ChannelRef;
  bySeq: Map<number, SyncedMessage>;
  closed: SeqRange[];
}

const key = (c: ChannelRef): string => `${c.channelType}:${c.channelId}`;

export class MemorySyncTarget implements SyncTarget {
  readonly channels = new Map<string, ChannelData>();
  readonly conversations = new Map<string, SyncedConversation>();
  private readonly ids = new Set<bigint>();
  private readonly clientKeys = new Set<string>();
  duplicatesSkipped = 0;
  pagesStored = 0;
  /** makes the next storeSyncedPage calls throw, as a full disk would */
  failNextStores = 0;

  private data(c: ChannelRef): ChannelData {
    let d = this.channels.get(key(c));
    if (!d) {
      d = {
        channel: { channelId: c.channelId, channelType: c.channelType },
        bySeq: new Map(),
        closed: [],
      };
      this.channels.set(key(c), d);
    }
    return d;
  }

  /** The same path as a RECV: returns false for a duplicate. */
  storeMessage(m: SyncedMessage): boolean {
    const clientKey = `${key(m)}\u0000${m.fromUid}\u0000${m.clientMsgNo}`;
    if (this.ids.has(m.messageId) || (m.clientMsgNo !== '' && this.clientKeys.has(clientKey))) {
      this.duplicatesSkipped++;
      return false;
    }
    this.ids.add(m.messageId);
    if (m.clientMsgNo !== '') this.clientKeys.add(clientKey);
    this.data(m).bySeq.set(Number(m.messageSeq), m);
    return true;
  }

  messagesOf(c: ChannelRef): SyncedMessage[] {
    const d = this.channels.get(key(c));
    return d ? [...d.bySeq.values()].sort((a, b) => Number(a.messageSeq - b.messageSeq)) : [];
  }

  async maxConversationVersion(): Promise<bigint> {
    let max = 0n;
    for (const c of this.conversations.values()) if (c.version > max) max = c.version;
    return max;
  }

  async lastMessageSeqs(): Promise<Array<{ channel: ChannelRef; lastSeq: number }>> {
    const out: Array<{ channel: ChannelRef; lastSeq: number }> = [];
    for (const d of this.channels.values()) {
      const seqs = [...d.bySeq.keys()];
      if (seqs.length > 0) out.push({ channel: d.channel, lastSeq: Math.max(...seqs) });
    }
    return out;
  }

  async storeSyncedPage(page: SyncedPage): Promise<void> {
    if (this.failNextStores > 0) {
      this.failNextStores--;
      throw new Error('disk full');
    }
    for (const m of page.messages) this.storeMessage(m);
    for (const c of page.conversations) this.conversations.set(key(c), c);
    for (const r of page.closedRanges) this.data(r.channel).closed.push({ from: r.from, to: r.to });
    this.pagesStored++;
  }

  async missingSeqRanges(c: ChannelRef): Promise<SeqRange[]> {
    const d = this.channels.get(key(c));
    if (!d || d.bySeq.size === 0) return [];
    const seqs = [...d.bySeq.keys()].sort((a, b) => a - b);
    const out: SeqRange[] = [];
    let start: number | null = null;
    for (let s = seqs[0]!; s <= seqs.at(-1)!; s++) {
      const missing = !d.bySeq.has(s) && !d.closed.some((r) => r.from <= s && s <= r.to);
      if (missing && start === null) start = s;
      if (!missing && start !== null) {
        out.push({ from: start, to: s - 1 });
        start = null;
      }
    }
    return out;
  }
}
