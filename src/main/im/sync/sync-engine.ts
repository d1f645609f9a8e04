/**
 * Pulls what was missed while away. After every CONNACK: the recent-conversation list (largest
 * version stored, last seq per channel, msg_count for the first screen), then every messageSeq
 * hole of every channel, page by page, until none is left. A RECV beyond the newest stored seq
 * opens a hole; noteReceived() fills it. One run at a time (later requests are merged into the
 * next run), every request with a timeout and retries, all of it off the send/receive path: the
 * engine only reads and writes the SyncTarget.
 */
import { EventEmitter } from 'node:events';
import type { RandomSource } from '../connection/backoff';
import { systemClock } from '../core';
import type { Clock } from '../core';
import { SyncCancelled, withRetry, type RetryPolicy } from './retry';
import { FIRST_PAGE_SIZE } from '../../../shared/messages';
import {
  PULL_DOWN,
  PULL_UP,
  type ChannelRef,
  type SeqRange,
  type SyncProvider,
  type SyncState,
  type SyncTarget,
  type SyncedConversation,
  type SyncedMessage,
} from './types';

export interface SyncEngineOptions {
  provider: SyncProvider;
  target: SyncTarget;
  /** the signed-in uid, asked at the start of every run */
  uid: () => string;
  clock?: Clock;
  random?: RandomSource;
  /** messages per conversation in the conversation sync; default 20 */
  msgCount?: number;
  /** messages per messagesync page; default 200 */
  pageLimit?: number;
  /** conversations stored per transaction; default 50 */
  conversationsPerPage?: number;
  /** default 4 attempts, 1 s base, 30 s cap */
  retry?: RetryPolicy;
  /** after a run failed even with retries, the next one starts this much later; default 30 s */
  retryAfterFailureMs?: number;
  /** pages one hole may take before the channel is left for the next run; default 10,000 */
  maxPagesPerChannel?: number;
  /** unread messages per chat fetched at once beyond msgCount (more come on scrolling); default 2,000 */
  maxUnreadFill?: number;
}

export interface SyncEngineEvents {
  state: [SyncState];
  /** a run or a read mark failed after retries; the engine carries on */
  error: [Error];
  /** a run finished; counts of this run */
  synced: [{ conversations: number; messages: number; pages: number }];
}

export const SYNC_DEFAULTS = {
  // The first page a chat opens with, so opening it needs no request to the server.
  msgCount: FIRST_PAGE_SIZE,
  pageLimit: 200,
  conversationsPerPage: 50,
  retry: { attempts: 4, baseMs: 1000, capMs: 30_000 },
  retryAfterFailureMs: 30_000,
  maxPagesPerChannel: 10_000,
  maxUnreadFill: 2000,
} as const;

const channelKey = (c: ChannelRef): string => `${c.channelType}:${c.channelId}`;

const asError = (err: unknown): Error => (err instanceof Error ? err : new Error(String(err)));

export class SyncEngine extends EventEmitter<SyncEngineEvents> {
  private readonly clock: Clock;
  private readonly random: RandomSource;
  private readonly msgCount: number;
  private readonly pageLimit: number;
  private readonly conversationsPerPage: number;
  private readonly retry: RetryPolicy;
  private readonly retryAfterFailureMs: number;
  private readonly maxPagesPerChannel: number;
  private readonly maxUnreadFill: number;

  private currentState: SyncState = 'idle';
  private running: Promise<void> | null = null;
  private fullRequested = false;
  private readonly holeChannels = new Map<string, ChannelRef>();
  /** unread messages older than the first screen, fetched before the channel's holes */
  private readonly unreadRanges = new Map<string, SeqRange>();
  /** read marks not yet accepted by the server */
  private readonly pendingReads = new Map<
    string,
    { channel: ChannelRef; waiters: Array<() => void> }
  >();
  /** after a failed or cancelled attempt, read marks wait for the next CONNACK or retry */
  private readsParked = false;
  /** the target's kept read marks (from before a restart), loaded from the start */
  private keptReadsLoaded = false;
  private readonly keptReadsLoading: Promise<void>;
  private abort = new AbortController();
  private retryTimer: unknown = null;
  private stopped = false;
  private counts = { conversations: 0, messages: 0, pages: 0 };

  constructor(private readonly opts: SyncEngineOptions) {
    super();
    this.clock = opts.clock ?? systemClock;
    this.random = opts.random ?? Math.random;
    this.msgCount = opts.msgCount ?? SYNC_DEFAULTS.msgCount;
    // WuKongIM answers at most 10,000 per page
    this.pageLimit = Math.min(Math.max(1, opts.pageLimit ?? SYNC_DEFAULTS.pageLimit), 10_000);
    this.conversationsPerPage = opts.conversationsPerPage ?? SYNC_DEFAULTS.conversationsPerPage;
    this.retry = opts.retry ?? SYNC_DEFAULTS.retry;
    this.retryAfterFailureMs = opts.retryAfterFailureMs ?? SYNC_DEFAULTS.retryAfterFailureMs;
    this.maxPagesPerChannel = opts.maxPagesPerChannel ?? SYNC_DEFAULTS.maxPagesPerChannel;
    this.maxUnreadFill = opts.maxUnreadFill ?? SYNC_DEFAULTS.maxUnreadFill;
    this.keptReadsLoading = this.loadKeptReads();
  }

  /** 'syncing' while a run after a (re)connect is under way: the status bar's "Updating…". */
  get state(): SyncState {
    return this.currentState;
  }

  /** The current run, for tests and shutdown; resolves when it ends (never rejects). */
  get idle(): Promise<void> {
    return this.running ?? Promise.resolve();
  }

  /** Call after every CONNACK: first sign-in, reconnect, resume. */
  onConnected(): void {
    if (this.stopped) return;
    this.fullRequested = true;
    this.readsParked = false;
    this.kick();
  }

  /** The link went down: requests in flight are abandoned; the next CONNACK starts over. */
  onDisconnected(): void {
    this.abort.abort();
    this.abort = new AbortController();
  }

  /** A RECV of this channel was stored; if it opened a hole, it gets filled. */
  noteReceived(channel: ChannelRef): void {
    if (this.stopped) return;
    this.holeChannels.set(channelKey(channel), { ...channel });
    this.kick();
  }

  /**
   * Older messages from the server when the store has run out (scrolling up): up to `limit`
   * before `beforeSeq`, stored, and returned oldest first.
   */
  async loadOlder(channel: ChannelRef, beforeSeq: number, limit: number): Promise<SyncedMessage[]> {
    if (beforeSeq <= 1 || limit < 1) return [];
    const signal = this.abort.signal;
    const page = await withRetry(
      () =>
        this.opts.provider.syncChannelMessages(
          {
            uid: this.opts.uid(),
            channel,
            startSeq: beforeSeq - 1,
            endSeq: 0,
            limit,
            pullMode: PULL_DOWN,
          },
          signal,
        ),
      this.retry,
      this.clock,
      this.random,
      signal,
    );
    const messages = page.messages.filter((m) => m.messageSeq < BigInt(beforeSeq));
    const lowest = messages[0] ? Number(messages[0].messageSeq) : beforeSeq;
    // what the server skipped below beforeSeq does not exist there: not a hole
    const closedTo = beforeSeq - 1;
    // nothing below beforeSeq at all: the whole history before it is closed
    const closedFrom = messages.length === 0 ? 1 : lowest;
    await this.opts.target.storeSyncedPage({
      conversations: [],
      messages,
      closedRanges: closedFrom <= closedTo ? [{ channel, from: closedFrom, to: closedTo }] : [],
    });
    return messages;
  }

  /**
   * Marks a chat read on the server (unread 0), in the background with retries. A mark that could
   * not be sent (link lost, server down) waits for the next CONNACK and goes out before that
   * sync, so the server's unread counts agree with what was read. Resolves once sent (or stopped).
   */
  markRead(channel: ChannelRef): Promise<void> {
    if (this.stopped) return Promise.resolve();
    const key = channelKey(channel);
    const pending = this.pendingReads.get(key) ?? { channel: { ...channel }, waiters: [] };
    this.pendingReads.set(key, pending);
    const done = new Promise<void>((resolve) => pending.waiters.push(resolve));
    // kept in the store too: a quit before it is sent must not bring the chat back as unread
    this.keepRead(() => this.opts.target.savePendingRead?.(pending.channel));
    this.kick();
    return done;
  }

  /** Stops for good (sign-out, quit): cancels requests and timers. */
  stop(): Promise<void> {
    this.stopped = true;
    this.fullRequested = false;
    for (const p of this.pendingReads.values()) for (const w of p.waiters) w();
    this.pendingReads.clear();
    this.holeChannels.clear();
    this.unreadRanges.clear();
    if (this.retryTimer !== null) this.clock.clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.abort.abort();
    return this.idle;
  }

  // ---- the run ---------------------------------------------------------------------------------

  private kick(): void {
    if (this.running) return;
    this.running = this.drain().finally(() => {
      this.running = null;
      // work that arrived while the last step was finishing
      if (this.hasWork()) this.kick();
    });
  }

  private setState(state: SyncState): void {
    if (this.currentState === state) return;
    this.currentState = state;
    this.emit('state', state);
  }

  private async drain(): Promise<void> {
    let failed = false;
    let cancelled = false;
    this.counts = { conversations: 0, messages: 0, pages: 0 };
    while (this.hasWork()) {
      const signal = this.abort.signal;
      try {
        if (this.pendingReads.size > 0 && !this.readsParked) {
          await this.sendReads(signal);
          continue;
        }
        if (this.fullRequested) {
          this.fullRequested = false;
          if (this.retryTimer !== null) this.clock.clearTimeout(this.retryTimer);
          this.retryTimer = null;
          this.setState('syncing');
          if (!this.keptReadsLoaded) {
            // read marks kept from before a restart go out before the first sync
            await this.keptReadsLoading;
            if (this.pendingReads.size > 0 && !this.readsParked) await this.sendReads(signal);
          }
          await this.syncConversations(signal);
          continue;
        }
        const [key, channel] = this.holeChannels.entries().next().value as [string, ChannelRef];
        this.holeChannels.delete(key);
        await this.fillHoles(channel, signal);
      } catch (err) {
        if (err instanceof SyncCancelled || signal.aborted) {
          // a link loss: the next CONNACK starts a fresh run from what is stored
          cancelled = true;
          this.readsParked = true;
          this.holeChannels.clear();
          this.unreadRanges.clear();
          if (this.stopped) break;
          continue;
        }
        failed = true;
        this.readsParked = true;
        this.emit('error', asError(err));
        this.holeChannels.clear();
        this.unreadRanges.clear();
        this.scheduleRetry();
      }
    }
    if (!failed && !cancelled && !this.stopped) this.emit('synced', { ...this.counts });
    this.setState('idle');
  }

  private hasWork(): boolean {
    if (this.stopped) return false;
    return (
      this.fullRequested ||
      this.holeChannels.size > 0 ||
      (this.pendingReads.size > 0 && !this.readsParked)
    );
  }

  private async sendReads(signal: AbortSignal): Promise<void> {
    const uid = this.opts.uid();
    for (const [key, pending] of [...this.pendingReads]) {
      // out of the map while in flight: a mark made meanwhile (newer messages) is sent again
      this.pendingReads.delete(key);
      try {
        await this.request(
          () => this.opts.provider.setUnread(uid, pending.channel, 0, signal),
          signal,
        );
      } catch (err) {
        if (this.stopped) {
          for (const w of pending.waiters) w();
          throw err;
        }
        const newer = this.pendingReads.get(key);
        if (newer) newer.waiters.unshift(...pending.waiters);
        else this.pendingReads.set(key, pending);
        throw err;
      }
      // a newer mark made while this one was in flight is still to be sent: keep it stored
      if (!this.pendingReads.has(key)) {
        this.keepRead(() => this.opts.target.clearPendingRead?.(pending.channel));
      }
      for (const w of pending.waiters) w();
    }
  }

  /** Read marks kept from before a restart join the pending ones, sent before the first sync. */
  private async loadKeptReads(): Promise<void> {
    let kept: ChannelRef[] = [];
    try {
      kept = (await this.opts.target.pendingReads?.()) ?? [];
    } catch (err) {
      // queued: listeners are attached after the constructor returns
      queueMicrotask(() => this.report(err));
    }
    this.keptReadsLoaded = true;
    if (this.stopped) return;
    for (const channel of kept) {
      const key = channelKey(channel);
      if (!this.pendingReads.has(key)) this.pendingReads.set(key, { channel, waiters: [] });
    }
  }

  /** A kept-read-mark write; a failure is reported, the mark itself still goes out from memory. */
  private keepRead(write: () => Promise<void> | undefined): void {
    try {
      write()?.catch((err: unknown) => this.report(err));
    } catch (err) {
      this.report(err);
    }
  }

  /** An 'error' event for a side step, never thrown when nobody listens (the run carries on). */
  private report(err: unknown): void {
    if (this.listenerCount('error') > 0) this.emit('error', asError(err));
  }

  private scheduleRetry(): void {
    if (this.stopped || this.retryTimer !== null) return;
    this.retryTimer = this.clock.setTimeout(() => {
      this.retryTimer = null;
      this.onConnected();
    }, this.retryAfterFailureMs);
  }

  private request<T>(fn: () => Promise<T>, signal: AbortSignal): Promise<T> {
    return withRetry(fn, this.retry, this.clock, this.random, signal);
  }

  private async syncConversations(signal: AbortSignal): Promise<void> {
    const { target, provider } = this.opts;
    const uid = this.opts.uid();
    const [version, lastMessageSeqs] = await Promise.all([
      target.maxConversationVersion(),
      target.lastMessageSeqs(),
    ]);
    const conversations = await this.request(
      () =>
        provider.syncConversations(
          { uid, version, lastMessageSeqs, msgCount: this.msgCount },
          signal,
        ),
      signal,
    );
    for (let i = 0; i < conversations.length; i += this.conversationsPerPage) {
      if (signal.aborted) throw new SyncCancelled('cancelled');
      const chunk = conversations.slice(i, i + this.conversationsPerPage);
      const messages = chunk.flatMap((c: SyncedConversation) => c.recents);
      await target.storeSyncedPage({ conversations: chunk, messages, closedRanges: [] });
      this.counts.conversations += chunk.length;
      this.counts.messages += messages.length;
      this.counts.pages++;
    }
    // new messages may have opened holes; holes left by an interrupted run are still there
    const stored = new Set(lastMessageSeqs.map((s) => channelKey(s.channel)));
    for (const c of conversations) {
      this.holeChannels.set(channelKey(c), c);
      // a chat new to this device gets every unread message, not only the first screen (a
      // known chat's gap between stored and recents is a hole anyway)
      const first = c.recents[0];
      if (stored.has(channelKey(c))) continue;
      const unreadFrom = c.lastMessageSeq - Math.min(c.unread, this.maxUnreadFill) + 1;
      if (first && unreadFrom < Number(first.messageSeq)) {
        this.unreadRanges.set(channelKey(c), {
          from: Math.max(1, unreadFrom),
          to: Number(first.messageSeq) - 1,
        });
      }
    }
    for (const { channel } of lastMessageSeqs) this.holeChannels.set(channelKey(channel), channel);
  }

  private async fillHoles(channel: ChannelRef, signal: AbortSignal): Promise<void> {
    const { target, provider } = this.opts;
    let unread = this.unreadRanges.get(channelKey(channel));
    this.unreadRanges.delete(channelKey(channel));
    for (let pages = 0; pages < this.maxPagesPerChannel; pages++) {
      if (signal.aborted) throw new SyncCancelled('cancelled');
      const hole = unread ?? (await target.missingSeqRanges(channel))[0];
      unread = undefined;
      if (!hole) return;
      const uid = this.opts.uid();
      const page = await this.request(
        () =>
          provider.syncChannelMessages(
            {
              uid,
              channel,
              startSeq: hole.from,
              endSeq: hole.to + 1,
              limit: this.pageLimit,
              pullMode: PULL_UP,
            },
            signal,
          ),
        signal,
      );
      const messages = page.messages.filter(
        (m) => m.messageSeq >= BigInt(hole.from) && m.messageSeq <= BigInt(hole.to),
      );
      // the answer is every stored seq from hole.from up to its last message: what it skipped
      // there does not exist. Past its last message nothing is assumed (a provider may cap pages
      // below our limit): an empty answer closes the rest.
      const last = messages.at(-1);
      const closedTo = last ? Number(last.messageSeq) : hole.to;
      await target.storeSyncedPage({
        conversations: [],
        messages,
        closedRanges: [{ channel, from: hole.from, to: closedTo }],
      });
      this.counts.messages += messages.length;
      this.counts.pages++;
    }
  }
}
