/**
 * Messaging for one signed-in uid over a ConnectionManager: the API the IPC layer exposes, over
 * the account's SQLite message database (message-store.ts).
 *
 * Wiring: create the manager with `onMessage: (m) => service?.onReceived(m) ?? notReady()` (a
 * rejection means no RECVACK, so the server redelivers), then `await MessagingService.open(...)`
 * after sign-in and before `connect()`. On sign-out or a uid change `await service.close()`; the
 * outbox stays in the database and resumes when the same uid signs in again.
 */
import { EventEmitter } from 'node:events';
import { newClientMsgNo, systemClock, type Clock, type ReceivedMessage } from '../core';
import { channelKey, checkChannel, checkText } from './channel';
import { MAX_LIST_LIMIT } from '../../../shared/messages';
import type { SearchHit, SearchOptions } from '../../../shared/search';
import { MessagingError } from './errors';
import { Inbox } from './inbox';
import { MessageStore, type IncomingRecord, type StoreFaults } from './message-store';
import { DEFAULT_OUTBOX_LIMIT, OutboxStore } from './outbox-store';
import {
  DEFAULT_DEADLINE_MS,
  DEFAULT_SEND_WINDOW,
  DEFAULT_SENDACK_TIMEOUT_MS,
  Sender,
} from './sender';
import { SqliteSyncTarget, type SyncedChanges } from './sync-target-store';
import { importJsonlStores } from './storage/import-jsonl';
import { IncomingWriter } from './storage/incoming-writer';
import { describeStorageError } from './storage/sqlite-errors';
import type {
  ChannelRef,
  ChannelSummary,
  HistoryEntry,
  MessagingEvents,
  MessagingLink,
  StorageIssue,
} from './types';

export interface MessagingServiceOptions {
  link: MessagingLink;
  /** the signed-in uid (own messages, and which incoming ones are ours from another device) */
  uid: string;
  /** this uid's folder: userStorageDir(baseDir, uid) */
  dir: string;
  clock?: Clock;
  /** an own message not sent within this fails; default 24 h */
  deadlineMs?: number;
  /** SENDs in flight at once; default 16 */
  window?: number;
  /** a SEND without SENDACK this long on a live link drops the link; default 20 s */
  sendAckTimeoutMs?: number;
  /** most messages waiting to be sent; default 10,000 */
  outboxLimit?: number;
  /** test hook: fail writes on purpose (incoming messages are then written in-thread) */
  faults?: StoreFaults;
  /** write incoming messages on a worker thread; default true */
  receiveInWorker?: boolean;
}

export const DEFAULT_LIST_LIMIT = 50;

export class MessagingService extends EventEmitter {
  private closed = false;
  private readonly issues: StorageIssue[] = [];
  /** false after a failed write until the next one succeeds: one notice per outage */
  private writable = true;

  private constructor(
    private readonly store: MessageStore,
    private readonly outbox: OutboxStore,
    private readonly sender: Sender,
    private readonly inbox: Inbox,
    private readonly clock: Clock,
    private readonly writer: IncomingWriter | null,
  ) {
    super();
  }

  /** Opens (creating, migrating, importing old files) the uid's store, then resumes sending. */
  static async open(o: MessagingServiceOptions): Promise<MessagingService> {
    if (typeof o.uid !== 'string' || o.uid === '')
      throw new MessagingError('invalidInput', 'uid must be a non-empty string');
    const clock = o.clock ?? systemClock;
    const { store, early } = await openStoreWithImport(o, () => clock.now());
    let service: MessagingService | null = null;
    const outbox = new OutboxStore(store, o.outboxLimit ?? DEFAULT_OUTBOX_LIMIT);
    const emitChange = (entry: HistoryEntry): void => service?.changed(entry);
    const sender = new Sender({
      link: o.link,
      outbox,
      clock,
      deadlineMs: o.deadlineMs ?? DEFAULT_DEADLINE_MS,
      window: o.window ?? DEFAULT_SEND_WINDOW,
      sendAckTimeoutMs: o.sendAckTimeoutMs ?? DEFAULT_SENDACK_TIMEOUT_MS,
      onChange: emitChange,
      onError: (what, err) => service?.writeFailed(what, err),
    });
    // Off the main thread, except when a test injects faults into the in-thread store.
    const writer =
      o.faults || o.receiveInWorker === false ? null : new IncomingWriter(store.file, o.uid);
    const write = writer
      ? (r: readonly IncomingRecord[]) => writer.write(r)
      : async (r: readonly IncomingRecord[]) => store.storeIncoming(r);
    const inbox = new Inbox(write, (entries) => service?.changedMany(entries));
    try {
      await writer?.ready();
    } catch (err) {
      store.close();
      throw new MessagingError('storageFailed', describeStorageError(err), { cause: err });
    }
    service = new MessagingService(store, outbox, sender, inbox, clock, writer);
    for (const issue of early) service.reportIssue(issue);
    try {
      sender.start();
    } catch (err) {
      // Nothing may stay open when open() fails: the next sign-in opens the same file.
      await service.close();
      throw new MessagingError('storageFailed', describeStorageError(err), { cause: err });
    }
    return service;
  }

  /** Storage problems seen since open (also emitted as 'storageIssue'). */
  storageIssues(): StorageIssue[] {
    return [...this.issues];
  }

  /** Queues a text message; resolves with its entry once committed (state 'queued'). */
  async send(channel: ChannelRef, text: string): Promise<HistoryEntry> {
    this.checkOpen();
    const c = checkChannel(channel);
    const t = checkText(text);
    return this.write('send', () => this.sender.enqueue(c, t, newClientMsgNo()));
  }

  /** Queues a failed own message again: same clientMsgNo, moved to the end with a new time. */
  async retry(clientMsgNo: string): Promise<HistoryEntry> {
    this.checkOpen();
    const item = this.unsent(clientMsgNo);
    if (item.state !== 'failed')
      throw new MessagingError('notFailed', `message ${clientMsgNo} is ${item.state}, not failed`);
    return this.write('retry', () => this.sender.retry(item));
  }

  /** Deletes a queued or failed own message (not one on the wire). */
  async delete(clientMsgNo: string): Promise<void> {
    this.checkOpen();
    this.unsent(clientMsgNo);
    const removed = this.write('delete', () => this.outbox.delete(clientMsgNo));
    this.safeEmit('channel', this.store.summary(removed));
  }

  /** The newest `limit` messages of a channel, oldest first; `beforeOrder` pages back. */
  list(channel: ChannelRef, limit = DEFAULT_LIST_LIMIT, beforeOrder?: number): HistoryEntry[] {
    const c = checkChannel(channel);
    if (!Number.isInteger(limit) || limit < 0 || limit > MAX_LIST_LIMIT) {
      throw new MessagingError('invalidInput', `limit must be an integer 0..${MAX_LIST_LIMIT}`);
    }
    if (beforeOrder !== undefined && !Number.isInteger(beforeOrder)) {
      throw new MessagingError('invalidInput', 'beforeOrder must be an integer');
    }
    this.checkOpen();
    return this.store.list(c, limit, beforeOrder);
  }

  /** Stored messages containing `query`, newest first (MessageStore.search). */
  search(query: string, options?: SearchOptions): SearchHit[] {
    this.checkOpen();
    return this.store.search(query, options);
  }

  channels(): ChannelSummary[] {
    this.checkOpen();
    return this.store.channels();
  }

  async markRead(channel: ChannelRef): Promise<void> {
    this.checkOpen();
    const c = checkChannel(channel);
    if (this.write('mark read', () => this.store.markRead(c)))
      this.safeEmit('channel', this.store.summary(c));
  }

  /** The ConnectionManager's persist hook: resolves once the message is committed (then RECVACK). */
  onReceived(message: ReceivedMessage): Promise<void> {
    if (this.closed) return Promise.reject(new MessagingError('closed', 'messaging is closed'));
    return this.inbox.receive(message).then(
      () => this.wrote(),
      (err: unknown) => {
        throw this.failedWrite('receive', err);
      },
    );
  }

  /**
   * The offline sync's SyncTarget on this store: what a page adds reaches listeners as 'message'
   * and 'channel' events, as RECVs do.
   */
  createSyncTarget(): SqliteSyncTarget {
    return new SqliteSyncTarget(this.store, (changes) => this.syncedChanges(changes), this.writer);
  }

  /** Stops sending and closes the database; the outbox stays for the next sign-in. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.sender.close();
    // Commit what has arrived (those RECVs may still be acknowledged), then close.
    await this.inbox.flush();
    await this.writer?.close();
    this.store.close();
  }

  override on<E extends keyof MessagingEvents>(
    event: E,
    listener: (...args: MessagingEvents[E]) => void,
  ): this {
    return super.on(event, listener as (...args: unknown[]) => void);
  }

  override off<E extends keyof MessagingEvents>(
    event: E,
    listener: (...args: MessagingEvents[E]) => void,
  ): this {
    return super.off(event, listener as (...args: unknown[]) => void);
  }

  // ------------------------------------------------------------------ internals

  private unsent(clientMsgNo: string) {
    if (typeof clientMsgNo !== 'string')
      throw new MessagingError('invalidInput', 'clientMsgNo must be a string');
    const item = this.outbox.get(clientMsgNo);
    if (!item) throw new MessagingError('notFound', `no unsent message ${clientMsgNo}`);
    return item;
  }

  /** Runs a write; a storage failure becomes MessagingError('storageFailed') and a notice. */
  private write<T>(what: string, step: () => T): T {
    let result: T;
    try {
      result = step();
    } catch (err) {
      throw this.failedWrite(what, err);
    }
    this.wrote();
    return result;
  }

  private wrote(): void {
    this.writable = true;
  }

  private failedWrite(what: string, err: unknown): MessagingError {
    if (err instanceof MessagingError) return err;
    this.writeFailed(what, err);
    return new MessagingError(
      'storageFailed',
      `could not store the message: ${describeStorageError(err)}`,
      { cause: err },
    );
  }

  private writeFailed(what: string, err: unknown): void {
    if (this.closed || !this.writable) return;
    this.writable = false;
    this.reportIssue({
      kind: 'writeFailed',
      file: this.store.file,
      detail: `${what}: ${describeStorageError(err)}`,
      at: this.clock.now(),
    });
  }

  private changed(entry: HistoryEntry): void {
    if (this.closed) return;
    this.safeEmit('message', entry);
    this.safeEmit('channel', this.store.summary(entry));
  }

  /** A batch of new messages: each is shown, each channel's summary once. */
  private changedMany(entries: HistoryEntry[]): void {
    if (this.closed) return;
    const channels = new Map<string, HistoryEntry>();
    for (const entry of entries) {
      this.safeEmit('message', entry);
      channels.set(channelKey(entry), entry);
    }
    for (const entry of channels.values()) this.safeEmit('channel', this.store.summary(entry));
    this.safeEmit(
      'received',
      [...channels.values()].map((e) => ({ channelId: e.channelId, channelType: e.channelType })),
    );
  }

  private syncedChanges(changes: SyncedChanges): void {
    if (this.closed) return;
    this.wrote();
    // marked, so listeners (notifications) can tell the offline backlog from live messages
    for (const entry of changes.added) this.safeEmit('message', { ...entry, synced: true });
    for (const c of changes.channels) this.safeEmit('channel', this.store.summary(c));
  }

  private reportIssue(issue: StorageIssue): void {
    this.issues.push(issue);
    this.safeEmit('storageIssue', issue);
  }

  private checkOpen(): void {
    if (this.closed) throw new MessagingError('closed', 'messaging is closed');
  }

  /** A throwing listener must not break sending or storing. */
  private safeEmit<E extends keyof MessagingEvents>(event: E, ...args: MessagingEvents[E]): void {
    for (const listener of this.listeners(event)) {
      try {
        (listener as (...a: MessagingEvents[E]) => void)(...args);
      } catch {
        // ignored: listeners belong to the host
      }
    }
  }
}

/** Opens the uid's database and imports the JSONL files of earlier versions once; closes on failure. */
async function openStoreWithImport(
  o: MessagingServiceOptions,
  now: () => number,
): Promise<{ store: MessageStore; early: StorageIssue[] }> {
  let opened: ReturnType<typeof MessageStore.open>;
  try {
    opened = MessageStore.open({
      dir: o.dir,
      uid: o.uid,
      now,
      ...(o.faults ? { faults: o.faults } : {}),
    });
  } catch (err) {
    throw new MessagingError('storageFailed', describeStorageError(err), { cause: err });
  }
  const { store } = opened;
  const early = [...opened.issues];
  try {
    await importJsonlStores(store, o.dir, (issue) => early.push(issue), now);
  } catch (err) {
    store.close();
    throw new MessagingError(
      'storageFailed',
      `could not import old messages: ${describeStorageError(err)}`,
      { cause: err },
    );
  }
  return { store, early };
}
