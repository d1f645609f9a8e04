/**
 * Drives own messages from the outbox onto the wire: a window of SENDs in flight (default 16), in
 * sending order, each answered by its SENDACK (the manager matches them by clientSeq). The manager
 * writes SENDs to one socket in call order and the server handles them in order, so receivers see
 * the sending order.
 *
 * After every CONNACK the queue resumes from the oldest unsent message with the same clientMsgNo
 * and DUP on re-sends; a drop rejects every SEND in flight and they go back to 'queued' in their
 * order. A SEND without SENDACK within `sendAckTimeoutMs` on a live link means the link is dead
 * (a half-open TCP connection): the link is told to drop and reconnect.
 *
 * A retryable refusal (system error, rate limit) moves the message to the end of the queue and the
 * display (later ones may already have been accepted, so that is where receivers see it) and
 * pauses the queue 1 s, 2 s, ... 60 s. A user retry of a failed message moves it to the end too.
 */
import type { ConnectionSnapshot } from '../../../shared/connection';
import { NotConnectedError, type Clock, type SendResult } from '../core';
import { ReasonCode } from '../protocol/packets';
import type { OutboxItem, OutboxStore } from './outbox-store';
import { encodeText } from './text-payload';
import type { FailReason, HistoryEntry, MessagingLink } from './types';

/** SENDACK codes that mean "try again later" rather than "this message is refused". */
export const RETRYABLE_SEND_REASONS: ReadonlySet<number> = new Set([
  ReasonCode.SYSTEM_ERROR,
  ReasonCode.RATE_LIMIT,
]);
export const DEFAULT_DEADLINE_MS = 24 * 60 * 60 * 1000;
export const DEFAULT_SEND_WINDOW = 16;
export const DEFAULT_SENDACK_TIMEOUT_MS = 20_000;
const RETRY_BASE_MS = 1_000;
const RETRY_CAP_MS = 60_000;
/** setTimeout's largest delay */
const MAX_TIMER_MS = 2 ** 31 - 1;

export interface SenderOptions {
  link: MessagingLink;
  outbox: OutboxStore;
  clock: Clock;
  deadlineMs: number;
  window: number;
  sendAckTimeoutMs: number;
  /** a message changed (after it is on disk) */
  onChange: (entry: HistoryEntry) => void;
  /** a write failed; the step is retried after a pause */
  onError: (what: string, err: unknown) => void;
}

interface InFlight {
  /** which connection it was sent on: a new CONNACK waits until the old ones have settled */
  epoch: number;
  timer: unknown;
}

export class Sender {
  private readonly inFlight = new Map<string, InFlight>();
  private closed = false;
  private retryTimer: unknown = undefined;
  private deadlineTimer: unknown = undefined;
  private wasConnected = false;
  private epoch = 0;
  /** the connection already reported dead (one drop per connection, not one per SEND) */
  private stalledEpoch = -1;
  /** answers waiting for their batch transaction (settle / flushSettled) */
  private settling: { item: OutboxItem; step: () => void }[] = [];
  private settleScheduled = false;
  private buffer: HistoryEntry[] | null = null;
  /** consecutive retryable refusals / storage errors, for the backoff */
  private setbacks = 0;

  constructor(private readonly o: SenderOptions) {}

  /** Queues again what was on the wire when the app stopped, then starts sending. */
  start(): void {
    for (const entry of this.o.outbox.recoverInFlight()) this.o.onChange(entry);
    this.wasConnected = this.o.link.isConnected;
    this.o.link.on('snapshot', this.onSnapshot);
    this.armDeadline();
    this.pump();
  }

  /** Stores the message (queued) and starts sending it; resolves after the commit. */
  enqueue(channel: { channelId: string; channelType: number }, text: string, clientMsgNo: string) {
    const now = this.o.clock.now();
    const entry = this.o.outbox.add(channel, text, clientMsgNo, now, now + this.o.deadlineMs);
    this.o.onChange(entry);
    this.armDeadline();
    this.pump();
    return entry;
  }

  /** Queues a failed message again, at the end, with a fresh deadline. */
  retry(item: OutboxItem): HistoryEntry {
    const now = this.o.clock.now();
    const entry = this.o.outbox.moveToEnd(item, now, now + this.o.deadlineMs);
    this.o.onChange(entry);
    this.armDeadline();
    this.pump();
    return entry;
  }

  close(): void {
    this.closed = true;
    this.o.link.off('snapshot', this.onSnapshot);
    for (const f of this.inFlight.values()) this.o.clock.clearTimeout(f.timer);
    this.clear('retryTimer');
    this.clear('deadlineTimer');
  }

  // ------------------------------------------------------------------ the pump

  private readonly onSnapshot = (s: ConnectionSnapshot): void => {
    // Snapshots also change while connected (rtt, ...): only a new CONNACK counts.
    const connected = s.status === 'connected';
    const fresh = connected && !this.wasConnected;
    this.wasConnected = connected;
    if (!connected) this.epoch += 1;
    if (!fresh) return;
    this.clear('retryTimer');
    this.setbacks = 0;
    this.pump();
  };

  /** Fills the window with the oldest queued messages. */
  private pump(): void {
    if (this.room() <= 0) return;
    let batch: OutboxItem[];
    try {
      if (!this.o.outbox.hasQueued()) return; // no write transaction for nothing
      batch = this.committed(() => this.claim());
    } catch (err) {
      this.setback('mark sending', err);
      return;
    }
    for (const item of batch) this.sendOne(item);
  }

  /** How many SENDs may start now (0 while anything holds the queue back). */
  private room(): number {
    if (this.closed || this.retryTimer !== undefined || !this.o.link.isConnected) return 0;
    // SENDs of an earlier connection still settling, or answers not stored yet: wait, so
    // re-sends keep their order (flushSettled pumps again).
    if (this.settling.length > 0) return 0;
    for (const f of this.inFlight.values()) if (f.epoch !== this.epoch) return 0;
    return this.o.window - this.inFlight.size;
  }

  /**
   * Marks the next messages as on the wire (inside the caller's transaction); the SENDs start
   * only after it committed, so a re-send after a crash always carries DUP.
   */
  private claim(): OutboxItem[] {
    const room = this.room();
    if (room <= 0) return [];
    const now = this.o.clock.now();
    const next = this.o.outbox.nextQueued(room);
    for (const late of next.filter((i) => i.deadlineAt <= now)) this.fail(late, 'deadline');
    const batch = next.filter((i) => i.deadlineAt > now);
    if (batch.length > 0) for (const entry of this.o.outbox.markSending(batch)) this.emit(entry);
    return batch;
  }

  private sendOne(item: OutboxItem): void {
    const epoch = this.epoch;
    const timer = this.o.clock.setTimeout(() => this.stalled(item), this.o.sendAckTimeoutMs);
    this.inFlight.set(item.clientMsgNo, { epoch, timer });
    const entry = item.entry;
    this.o.link
      .send({
        channelId: entry.channelId,
        channelType: entry.channelType,
        payload: encodeText(entry.text),
        clientMsgNo: item.clientMsgNo,
        dup: item.attempts > 0,
      })
      .then(
        (result) => this.settle(item, () => this.acked(item, result)),
        (err: unknown) =>
          this.settle(item, () =>
            err instanceof NotConnectedError ? this.requeue(item) : this.fail(item, 'error'),
          ),
      );
  }

  /**
   * SENDACKs (and failures) arriving together are stored in one transaction on the next turn:
   * one fsync for a window's worth of answers instead of one each.
   */
  private settle(item: OutboxItem, step: () => void): void {
    const f = this.inFlight.get(item.clientMsgNo);
    if (f) this.o.clock.clearTimeout(f.timer);
    this.inFlight.delete(item.clientMsgNo);
    if (this.closed) return;
    this.settling.push({ item, step });
    if (!this.settleScheduled) {
      this.settleScheduled = true;
      setImmediate(() => this.flushSettled());
    }
  }

  private flushSettled(): void {
    this.settleScheduled = false;
    const batch = this.settling;
    this.settling = [];
    if (this.closed || batch.length === 0) return;
    let next: OutboxItem[];
    try {
      // The answers and the next SENDs of the window in one transaction: one fsync per turn.
      next = this.committed(() => {
        for (const s of batch) s.step();
        return this.claim();
      });
    } catch (err) {
      // Rolled back: the messages stay 'sending' on disk and are queued again (with DUP).
      this.setback('store the SENDACK', err);
      for (const s of batch) this.retryLater(s.item);
      return;
    }
    for (const item of next) this.sendOne(item);
  }

  /**
   * Runs `work` in one transaction; the changes it emits are shown only after the commit (and
   * dropped if it rolls back: nothing changed then).
   */
  private committed<T>(work: () => T): T {
    const changed: HistoryEntry[] = [];
    this.buffer = changed;
    let result: T;
    try {
      result = this.o.outbox.batchResult(work);
    } finally {
      this.buffer = null;
    }
    for (const entry of changed) this.o.onChange(entry);
    return result;
  }

  /** A change to show: held back while a batch is not committed yet. */
  private emit(entry: HistoryEntry): void {
    if (this.buffer) this.buffer.push(entry);
    else this.o.onChange(entry);
  }

  private acked(item: OutboxItem, result: SendResult): void {
    if (result.reasonCode === ReasonCode.SUCCESS) {
      this.setbacks = 0;
      // 'sent' is emitted only after the outbox row is gone (one transaction).
      this.emit(this.o.outbox.sent(item, result.messageId.toString(), Number(result.messageSeq)));
    } else if (RETRYABLE_SEND_REASONS.has(result.reasonCode)) {
      this.emit(this.o.outbox.moveToEnd(item, item.entry.timestamp, item.deadlineAt));
      this.backoff();
    } else {
      this.fail(item, 'rejected', result.reasonCode);
    }
  }

  private requeue(item: OutboxItem): void {
    this.emit(this.o.outbox.requeue(item));
    this.armDeadline();
  }

  private fail(item: OutboxItem, reason: FailReason, code?: number): void {
    this.emit(this.o.outbox.fail(item, reason, code));
  }

  /** No SENDACK in time while the link looks up: it is dead; the drop re-queues the window. */
  private stalled(item: OutboxItem): void {
    const f = this.inFlight.get(item.clientMsgNo);
    if (!f || this.closed) return;
    f.timer = undefined;
    if (!this.o.link.isConnected || this.stalledEpoch === f.epoch) return;
    this.stalledEpoch = f.epoch;
    this.o.link.dropStalled?.(
      `no SENDACK for ${item.clientMsgNo} within ${this.o.sendAckTimeoutMs} ms`,
    );
  }

  /** A storage step failed after the SENDACK: put the message back to queued once storage works. */
  private retryLater(item: OutboxItem): void {
    this.o.clock.setTimeout(() => {
      if (this.closed) return;
      try {
        this.requeue(item);
        this.pump();
      } catch {
        this.retryLater(item);
      }
    }, RETRY_CAP_MS);
  }

  private setback(what: string, err: unknown): void {
    if (this.closed) return;
    this.o.onError(what, err);
    this.backoff();
  }

  private backoff(): void {
    this.setbacks += 1;
    const delay = Math.min(RETRY_CAP_MS, RETRY_BASE_MS * 2 ** (this.setbacks - 1));
    this.clear('retryTimer');
    this.retryTimer = this.o.clock.setTimeout(() => {
      this.retryTimer = undefined;
      this.pump();
    }, delay);
  }

  // ------------------------------------------------------------------ deadlines

  /** One timer for the earliest deadline among unsent messages (they fail even while offline). */
  private armDeadline(): void {
    this.clear('deadlineTimer');
    if (this.closed) return;
    let earliest: number | null;
    try {
      earliest = this.o.outbox.earliestDeadline();
    } catch (err) {
      this.o.onError('read deadlines', err);
      return;
    }
    if (earliest === null) return;
    const delay = Math.min(MAX_TIMER_MS, Math.max(0, earliest - this.o.clock.now()));
    this.deadlineTimer = this.o.clock.setTimeout(() => {
      this.deadlineTimer = undefined;
      this.expire();
    }, delay);
  }

  private expire(): void {
    if (this.closed) return;
    try {
      // Only queued ones: a SEND in flight is decided by its SENDACK (or its failure).
      for (const item of this.o.outbox.expired(this.o.clock.now())) this.fail(item, 'deadline');
    } catch (err) {
      this.o.onError('fail expired messages', err);
    }
    this.armDeadline();
  }

  private clear(name: 'retryTimer' | 'deadlineTimer'): void {
    const handle = this[name];
    if (handle !== undefined) {
      this.o.clock.clearTimeout(handle);
      this[name] = undefined;
    }
  }
}
