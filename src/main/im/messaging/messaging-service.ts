/**
 * Messaging for one signed-in uid over a ConnectionManager: the API the IPC layer exposes.
 *
 * Wiring: create the manager with `onMessage: (m) => service?.onReceived(m) ?? notReady()` (a
 * rejection means no RECVACK, so the server redelivers), then `await MessagingService.open(...)`
 * after sign-in and before `connect()`. On sign-out or a uid change `await service.close()`; the
 * outbox stays on disk and resumes when the same uid signs in again.
 */
import { EventEmitter } from 'node:events';
import { newClientMsgNo, systemClock, type Clock, type ReceivedMessage } from '../core';
import { checkChannel, checkText } from './channel';
import { MessagingError } from './errors';
import { History } from './history';
import { Inbox } from './inbox';
import { Outbox } from './outbox';
import { DEFAULT_DEADLINE_MS, Sender } from './sender';
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
  /** messages kept per channel; default 500 */
  historyLimit?: number;
}

export const DEFAULT_LIST_LIMIT = 50;
const MAX_LIST_LIMIT = 500;

export class MessagingService extends EventEmitter {
  private closed = false;
  private readonly issues: StorageIssue[] = [];

  private constructor(
    private readonly outbox: Outbox,
    private readonly history: History,
    private readonly sender: Sender,
    private readonly inbox: Inbox,
  ) {
    super();
  }

  /** Loads (and repairs, reporting what it found) the uid's storage, then resumes sending. */
  static async open(o: MessagingServiceOptions): Promise<MessagingService> {
    if (typeof o.uid !== 'string' || o.uid === '')
      throw new MessagingError('invalidInput', 'uid must be a non-empty string');
    const clock = o.clock ?? systemClock;
    const early: StorageIssue[] = [];
    let service: MessagingService | null = null;
    const onIssue = (issue: StorageIssue): void => {
      if (service) service.reportIssue(issue);
      else early.push(issue);
    };
    const now = (): number => clock.now();
    const outbox = await Outbox.open({ dir: o.dir, onIssue, now });
    const history = await History.open({
      dir: o.dir,
      onIssue,
      now,
      ...(o.historyLimit !== undefined ? { limit: o.historyLimit } : {}),
    });
    const emitChange = (entry: HistoryEntry): void => service?.changed(entry);
    const sender = new Sender({
      link: o.link,
      outbox,
      history,
      uid: o.uid,
      clock,
      deadlineMs: o.deadlineMs ?? DEFAULT_DEADLINE_MS,
      onChange: emitChange,
      onError: (what, err) =>
        onIssue({
          kind: 'writeFailed',
          file: o.dir,
          detail: `${what}: ${describe(err)}`,
          at: clock.now(),
        }),
    });
    const inbox = new Inbox(history, o.uid, emitChange);
    service = new MessagingService(outbox, history, sender, inbox);
    for (const issue of early) service.reportIssue(issue);
    await sender.start();
    return service;
  }

  /** Storage problems seen since open (also emitted as 'storageIssue'). */
  storageIssues(): StorageIssue[] {
    return [...this.issues];
  }

  /** Queues a text message; resolves with its history entry once it is on disk (state 'queued'). */
  async send(channel: ChannelRef, text: string): Promise<HistoryEntry> {
    this.checkOpen();
    const c = checkChannel(channel);
    const t = checkText(text);
    try {
      return await this.sender.enqueue(c, t, newClientMsgNo());
    } catch (err) {
      throw storageError(err);
    }
  }

  /** Queues a failed own message again (same clientMsgNo, fresh deadline). */
  async retry(clientMsgNo: string): Promise<HistoryEntry> {
    this.checkOpen();
    if (typeof clientMsgNo !== 'string')
      throw new MessagingError('invalidInput', 'clientMsgNo must be a string');
    const rec = this.outbox.get(clientMsgNo);
    if (!rec) throw new MessagingError('notFound', `no unsent message ${clientMsgNo}`);
    if (rec.state !== 'failed')
      throw new MessagingError('notFailed', `message ${clientMsgNo} is ${rec.state}, not failed`);
    try {
      return await this.sender.retry(rec);
    } catch (err) {
      throw storageError(err);
    }
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
    return this.history.list(c, limit, beforeOrder);
  }

  channels(): ChannelSummary[] {
    return this.history.channels();
  }

  async markRead(channel: ChannelRef): Promise<void> {
    this.checkOpen();
    const c = checkChannel(channel);
    let changed: boolean;
    try {
      changed = await this.history.markRead(c);
    } catch (err) {
      throw storageError(err);
    }
    if (changed) this.safeEmit('channel', this.history.summary(c));
  }

  /** The ConnectionManager's persist hook: resolves once the message is stored (then RECVACK). */
  onReceived(message: ReceivedMessage): Promise<void> {
    if (this.closed) return Promise.reject(new MessagingError('closed', 'messaging is closed'));
    return this.inbox.receive(message);
  }

  /** Stops sending and releases the files; the outbox stays on disk for the next sign-in. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.sender.close();
    await Promise.all([this.outbox.close(), this.history.close()]);
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

  private changed(entry: HistoryEntry): void {
    if (this.closed) return;
    this.safeEmit('message', entry);
    this.safeEmit('channel', this.history.summary(entry));
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

function storageError(err: unknown): MessagingError {
  if (err instanceof MessagingError) return err;
  return new MessagingError('storageFailed', `could not store the message: ${describe(err)}`, {
    cause: err,
  });
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
