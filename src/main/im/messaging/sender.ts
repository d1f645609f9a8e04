/**
 * Drives own messages from the outbox onto the wire: one SEND at a time, in the order written
 * (stop-and-wait). Why not a pipeline: a retryable refusal (system error, rate limit) or a lost
 * SENDACK then never lets a later message overtake an earlier one, at most one message is in doubt
 * after a cut (so at most one duplicate SEND, which receivers drop by clientMsgNo), and the state
 * machine stays small. The cost is one round trip per message, which a person typing never hits.
 *
 * After every CONNACK (snapshot 'connected') the queue resumes with the same clientMsgNo and the
 * DUP flag on re-sends. A kick, sign-out or drop rejects the SEND in flight; the message goes back
 * to 'queued' and stays on disk until the link is up again (for the same uid: the outbox is per uid).
 */
import type { ConnectionSnapshot } from '../../../shared/connection';
import { NotConnectedError, type Clock, type SendResult } from '../core';
import { ReasonCode } from '../protocol/packets';
import type { History } from './history';
import type { Outbox, OutboxRecord } from './outbox';
import { encodeText, TEXT_CONTENT_TYPE } from './text-payload';
import type { HistoryEntry, MessagingLink } from './types';

/** SENDACK codes that mean "try again later" rather than "this message is refused". */
export const RETRYABLE_SEND_REASONS: ReadonlySet<number> = new Set([
  ReasonCode.SYSTEM_ERROR,
  ReasonCode.RATE_LIMIT,
]);
export const DEFAULT_DEADLINE_MS = 24 * 60 * 60 * 1000;
const RETRY_BASE_MS = 1_000;
const RETRY_CAP_MS = 60_000;
/** setTimeout's largest delay */
const MAX_TIMER_MS = 2 ** 31 - 1;

export interface SenderOptions {
  link: MessagingLink;
  outbox: Outbox;
  history: History;
  uid: string;
  clock: Clock;
  deadlineMs: number;
  /** a history entry changed (after it is on disk) */
  onChange: (entry: HistoryEntry) => void;
  /** a write failed; the operation is retried later */
  onError: (what: string, err: unknown) => void;
}

export class Sender {
  private inFlight: string | null = null;
  private closed = false;
  private retryTimer: unknown = undefined;
  private wasConnected = false;
  private deadlineTimer: unknown = undefined;
  /** consecutive retryable refusals / storage errors, for the retry backoff */
  private setbacks = 0;

  constructor(private readonly o: SenderOptions) {}

  /**
   * Brings outbox and history into agreement (a crash may fall between two writes), then starts
   * sending and listening for CONNACKs.
   */
  async start(): Promise<void> {
    const { outbox, history } = this.o;
    for (const rec of outbox.all()) {
      const entry = history.get(rec, rec.clientMsgNo);
      if (entry?.state === 'sent') {
        await outbox.remove(rec.clientMsgNo);
        continue;
      }
      const state = rec.state === 'failed' ? 'failed' : 'queued';
      if (!entry || entry.state !== state) await this.putEntry(rec, { state });
    }
    if (this.closed) return;
    this.wasConnected = this.o.link.isConnected;
    this.o.link.on('snapshot', this.onSnapshot);
    this.armDeadline();
    this.pump();
  }

  /** Writes the message to disk (outbox, then history) and starts sending it. */
  async enqueue(
    channel: { channelId: string; channelType: number },
    text: string,
    clientMsgNo: string,
  ): Promise<HistoryEntry> {
    const now = this.o.clock.now();
    const rec: OutboxRecord = {
      clientMsgNo,
      channelId: channel.channelId,
      channelType: channel.channelType,
      text,
      createdAt: now,
      deadlineAt: now + this.o.deadlineMs,
      attempts: 0,
      state: 'queued',
      order: this.o.history.nextOrder(),
    };
    await this.o.outbox.put(rec);
    return this.queued(rec);
  }

  /** Queues a failed message again with a fresh deadline; the same clientMsgNo keeps it deduplicated. */
  async retry(rec: OutboxRecord): Promise<HistoryEntry> {
    const next: OutboxRecord = {
      ...rec,
      state: 'queued',
      deadlineAt: this.o.clock.now() + this.o.deadlineMs,
    };
    delete next.failReason;
    delete next.failCode;
    await this.o.outbox.put(next);
    return this.queued(next);
  }

  /**
   * The outbox record is on disk, so the message will be sent whatever happens next. A failed
   * history write is only reported (the entry is written again on the next state change, or by
   * start() after a restart) instead of telling the user a durable message was lost.
   */
  private async queued(rec: OutboxRecord): Promise<HistoryEntry> {
    let entry: HistoryEntry;
    try {
      entry = await this.putEntry(rec, { state: 'queued' });
    } catch (err) {
      this.o.onError('history write', err);
      entry = this.makeEntry(rec, { state: 'queued' });
    }
    this.armDeadline();
    this.pump();
    return entry;
  }

  close(): void {
    this.closed = true;
    this.o.link.off('snapshot', this.onSnapshot);
    this.clear('retryTimer');
    this.clear('deadlineTimer');
  }

  // ------------------------------------------------------------------ the pump

  private readonly onSnapshot = (s: ConnectionSnapshot): void => {
    // Snapshots also change while connected (rtt, ...): only a new CONNACK counts.
    const connected = s.status === 'connected';
    const fresh = connected && !this.wasConnected;
    this.wasConnected = connected;
    if (!fresh) return;
    // A new link: whatever held the queue back (a refusal backoff) starts afresh.
    this.clear('retryTimer');
    this.setbacks = 0;
    this.pump();
  };

  /** Starts the next SEND if the link is up and nothing is in flight. */
  private pump(): void {
    if (
      this.closed ||
      this.inFlight !== null ||
      this.retryTimer !== undefined ||
      !this.o.link.isConnected
    )
      return;
    const next = this.o.outbox.all().find((r) => r.state !== 'failed');
    if (!next) return;
    this.inFlight = next.clientMsgNo;
    void this.sendOne(next).finally(() => {
      this.inFlight = null;
      this.pump();
    });
  }

  private async sendOne(rec: OutboxRecord): Promise<void> {
    if (this.o.clock.now() >= rec.deadlineAt) {
      await this.guard('fail', () => this.fail(rec, 'deadline'));
      return;
    }
    // Counted on disk before the SEND, so a re-send after a crash carries DUP too.
    const sending: OutboxRecord = { ...rec, state: 'sending', attempts: rec.attempts + 1 };
    const ok = await this.guard('mark sending', async () => {
      await this.o.outbox.put(sending);
      await this.putEntry(sending, { state: 'sending' });
    });
    if (!ok || this.closed) return;
    let result: SendResult;
    try {
      result = await this.o.link.send({
        channelId: rec.channelId,
        channelType: rec.channelType,
        payload: encodeText(rec.text),
        clientMsgNo: rec.clientMsgNo,
        dup: rec.attempts > 0,
      });
    } catch (err) {
      if (err instanceof NotConnectedError) {
        // Not known to be sent: queued again, resent with DUP after the next CONNACK.
        await this.guard('requeue', () => this.requeue(sending));
      } else {
        await this.guard('fail', () => this.fail(sending, 'error'));
      }
      return;
    }
    if (result.reasonCode === ReasonCode.SUCCESS) {
      this.setbacks = 0;
      await this.guard('mark sent', () => this.sent(sending, result));
    } else if (RETRYABLE_SEND_REASONS.has(result.reasonCode)) {
      await this.guard('requeue', () => this.requeue(sending));
      this.backoff();
    } else {
      await this.guard('fail', () => this.fail(sending, 'rejected', result.reasonCode));
    }
  }

  private async requeue(rec: OutboxRecord): Promise<void> {
    const queued: OutboxRecord = { ...rec, state: 'queued' };
    await this.o.outbox.put(queued);
    await this.putEntry(queued, { state: 'queued' });
  }

  private async sent(rec: OutboxRecord, result: SendResult): Promise<void> {
    // History first: if we stop between the two writes, start() sees 'sent' and drops the record.
    // The event comes last, so whoever reacts to 'sent' no longer finds the message in the outbox.
    const entry = this.makeEntry(rec, {
      state: 'sent',
      messageId: result.messageId.toString(),
      messageSeq: result.messageSeq.toString(),
    });
    await this.o.history.put(entry);
    await this.o.outbox.remove(rec.clientMsgNo);
    this.o.onChange(entry);
  }

  private async fail(
    rec: OutboxRecord,
    failReason: 'rejected' | 'deadline' | 'error',
    failCode?: number,
  ): Promise<void> {
    const failed: OutboxRecord = { ...rec, state: 'failed', failReason };
    if (failCode !== undefined) failed.failCode = failCode;
    await this.o.outbox.put(failed);
    await this.putEntry(failed, { state: 'failed' });
  }

  /** Runs a storage step; a failure is reported and the queue pauses briefly instead of spinning. */
  private async guard(what: string, step: () => Promise<void>): Promise<boolean> {
    try {
      await step();
      return true;
    } catch (err) {
      if (this.closed) return false;
      this.o.onError(what, err);
      this.backoff();
      return false;
    }
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

  /** One timer for the earliest deadline among queued messages (they fail even while offline). */
  private armDeadline(): void {
    this.clear('deadlineTimer');
    if (this.closed) return;
    const pending = this.o.outbox.all().filter((r) => r.state !== 'failed');
    if (pending.length === 0) return;
    const earliest = Math.min(...pending.map((r) => r.deadlineAt));
    const delay = Math.min(MAX_TIMER_MS, Math.max(0, earliest - this.o.clock.now()));
    this.deadlineTimer = this.o.clock.setTimeout(() => {
      this.deadlineTimer = undefined;
      void this.expire();
    }, delay);
  }

  private async expire(): Promise<void> {
    const now = this.o.clock.now();
    for (const { clientMsgNo } of this.o.outbox.all()) {
      if (this.closed) return;
      // Read again: an earlier await may have let this one be sent meanwhile.
      const rec = this.o.outbox.get(clientMsgNo);
      // A SEND in flight is decided by its SENDACK (or its failure), not by the clock.
      if (!rec || rec.state === 'failed' || clientMsgNo === this.inFlight || rec.deadlineAt > now)
        continue;
      await this.guard('fail', () => this.fail(rec, 'deadline'));
    }
    this.armDeadline();
  }

  // ------------------------------------------------------------------ helpers

  private async putEntry(rec: OutboxRecord, patch: Partial<HistoryEntry>): Promise<HistoryEntry> {
    const entry = this.makeEntry(rec, patch);
    await this.o.history.put(entry);
    this.o.onChange(entry);
    return entry;
  }

  private makeEntry(rec: OutboxRecord, patch: Partial<HistoryEntry>): HistoryEntry {
    const existing = this.o.history.get(rec, rec.clientMsgNo);
    const entry: HistoryEntry = {
      channelId: rec.channelId,
      channelType: rec.channelType,
      clientMsgNo: rec.clientMsgNo,
      messageId: existing?.messageId ?? null,
      messageSeq: existing?.messageSeq ?? null,
      fromUid: this.o.uid,
      own: true,
      contentType: TEXT_CONTENT_TYPE,
      text: rec.text,
      timestamp: rec.createdAt,
      state: 'queued',
      order: rec.order,
      ...patch,
    };
    if (rec.failReason !== undefined && entry.state === 'failed') entry.failReason = rec.failReason;
    if (rec.failCode !== undefined && entry.state === 'failed') entry.failCode = rec.failCode;
    return entry;
  }

  private clear(name: 'retryTimer' | 'deadlineTimer'): void {
    const handle = this[name];
    if (handle !== undefined) {
      this.o.clock.clearTimeout(handle);
      this[name] = undefined;
    }
  }
}
