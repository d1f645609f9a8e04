/**
 * Own messages not known to be sent, in the same database as the messages (one transaction covers
 * both, so the outbox and the history can never disagree). `seq` is the sending order; a retry
 * moves a message to the end of both the sending order and the display order.
 */
import type { StatementSync } from 'node:sqlite';
import { MessagingError } from './errors';
import type { MessageStore } from './message-store';
import type { OutboxRow } from './storage/rows';
import { TEXT_CONTENT_TYPE, encodeText } from './text-payload';
import type { ChannelRef, FailReason, HistoryEntry } from './types';

/** Most own messages waiting to be sent per account. */
export const DEFAULT_OUTBOX_LIMIT = 10_000;

/** An outbox row with the message it sends. */
export interface OutboxItem {
  seq: number;
  clientMsgNo: string;
  deadlineAt: number;
  attempts: number;
  state: OutboxRow['state'];
  entry: HistoryEntry;
}

export class OutboxStore {
  private readonly q: Record<string, StatementSync>;

  constructor(
    private readonly store: MessageStore,
    private readonly limit: number = DEFAULT_OUTBOX_LIMIT,
  ) {
    const p = (sql: string) => store.db.prepare(sql);
    this.q = {
      count: p('SELECT count(*) AS n FROM outbox'),
      insert: p(`INSERT INTO outbox (client_msg_no, message_row, deadline_at, attempts, state)
        VALUES (?, ?, ?, ?, 'queued')`),
      get: p('SELECT * FROM outbox WHERE client_msg_no = ?'),
      next: p(`SELECT * FROM outbox WHERE state = 'queued' ORDER BY seq LIMIT ?`),
      anyQueued: p(`SELECT 1 AS one FROM outbox WHERE state = 'queued' LIMIT 1`),
      all: p('SELECT * FROM outbox ORDER BY seq'),
      setState: p('UPDATE outbox SET state = ?, attempts = attempts + ? WHERE client_msg_no = ?'),
      setMessage: p(`UPDATE messages SET state = ?, fail_reason = ?, fail_code = ? WHERE id = ?`),
      setSent: p(
        `UPDATE messages SET state = 'sent', message_id = ?, message_seq = ? WHERE id = ?`,
      ),
      dropById: p('DELETE FROM messages WHERE message_id = ? AND id <> ?'),
      remove: p('DELETE FROM outbox WHERE client_msg_no = ?'),
      removeMessage: p('DELETE FROM messages WHERE id = ?'),
      maxId: p('SELECT coalesce(max(id), 0) AS id FROM messages'),
      moveMessage: p(`UPDATE messages SET id = ?, timestamp = ?, state = 'queued',
        fail_reason = NULL, fail_code = NULL WHERE id = ?`),
      moveOutbox: p(`INSERT INTO outbox (client_msg_no, message_row, deadline_at, attempts, state)
        VALUES (?, ?, ?, ?, 'queued')`),
      relast: p(`UPDATE conversations SET last_id = coalesce((SELECT max(id) FROM messages
        WHERE channel_type = ?1 AND channel_id = ?2), 0) WHERE channel_type = ?1 AND channel_id = ?2`),
      earliest: p(`SELECT min(deadline_at) AS at FROM outbox WHERE state = 'queued'`),
      expired: p(`SELECT * FROM outbox WHERE state = 'queued' AND deadline_at <= ? ORDER BY seq`),
      recover: p(`SELECT * FROM outbox WHERE state = 'sending'`),
    };
  }

  /** Runs several outbox steps in one transaction; returns what `work` returns. */
  batchResult<T>(work: () => T): T {
    return this.store.tx(work);
  }

  get size(): number {
    return (this.q.count!.get() as { n: number }).n;
  }

  /** Stores a new own message (queued) and its outbox row; refuses beyond the limit. */
  add(
    channel: ChannelRef,
    text: string,
    clientMsgNo: string,
    now: number,
    deadlineAt: number,
  ): HistoryEntry {
    return this.store.tx(() => {
      if (this.size >= this.limit) {
        throw new MessagingError(
          'outboxFull',
          `${this.limit} messages are already waiting to be sent; delete some or wait until they are sent`,
        );
      }
      const entry = this.store.insertRow({
        channel_type: channel.channelType,
        channel_id: channel.channelId,
        client_msg_no: clientMsgNo,
        message_id: null,
        message_seq: null,
        from_uid: this.store.uid,
        own: 1,
        content_type: TEXT_CONTENT_TYPE,
        text,
        timestamp: now,
        state: 'queued',
        // what goes on the wire (sender.ts encodes the same), kept like a received payload
        payload: encodeText(text),
      });
      if (!entry) throw new MessagingError('invalidInput', `clientMsgNo ${clientMsgNo} is in use`);
      this.q.insert!.run(clientMsgNo, entry.order, deadlineAt, 0);
      return entry;
    });
  }

  get(clientMsgNo: string): OutboxItem | undefined {
    const row = this.q.get!.get(clientMsgNo) as OutboxRow | undefined;
    return row && this.item(row);
  }

  /** Every row, in sending order. */
  all(): OutboxItem[] {
    return (this.q.all!.all() as unknown as OutboxRow[]).map((r) => this.item(r));
  }

  /** True when at least one message waits to be sent (a read, no transaction). */
  hasQueued(): boolean {
    return this.q.anyQueued!.get() !== undefined;
  }

  /** Up to `n` queued rows, oldest first. */
  nextQueued(n: number): OutboxItem[] {
    return (this.q.next!.all(n) as unknown as OutboxRow[]).map((r) => this.item(r));
  }

  /** Marks messages as on the wire (attempts + 1, counted on disk so a re-send carries DUP). */
  markSending(items: readonly OutboxItem[]): HistoryEntry[] {
    return this.store.tx(() => items.map((i) => this.setState(i, 'sending', 1)));
  }

  /** Back to queued (the link dropped before the SENDACK; after a restart). */
  requeue(item: OutboxItem): HistoryEntry {
    return this.store.tx(() => this.setState(item, 'queued', 0));
  }

  /** Rows that were on the wire when the app stopped: queued again (their DUP count is kept). */
  recoverInFlight(): HistoryEntry[] {
    const rows = (this.q.recover!.all() as unknown as OutboxRow[]).map((r) => this.item(r));
    return rows.length === 0
      ? []
      : this.store.tx(() => rows.map((i) => this.setState(i, 'queued', 0)));
  }

  fail(item: OutboxItem, reason: FailReason, code?: number): HistoryEntry {
    return this.store.tx(() => this.setState(item, 'failed', 0, reason, code));
  }

  /** SENDACK 1: the message is sent (its ids stored) and leaves the outbox, in one transaction. */
  sent(item: OutboxItem, messageId: string, messageSeq: number): HistoryEntry {
    return this.store.tx(() => {
      // Our own message may have come back as a RECV (another device) before the SENDACK.
      this.q.dropById!.run(messageId, item.entry.order);
      this.q.setSent!.run(messageId, messageSeq, item.entry.order);
      this.q.remove!.run(item.clientMsgNo);
      return this.store.getByRow(item.entry.order)!;
    });
  }

  /**
   * Queues a message again at the end: new display position and time, new sending position, new
   * deadline; same clientMsgNo (receivers drop a copy they already have) and attempt count (DUP).
   */
  moveToEnd(item: OutboxItem, now: number, deadlineAt: number): HistoryEntry {
    return this.store.tx(() => {
      const newId = (this.q.maxId!.get() as { id: number }).id + 1;
      // The attempts on disk, not those of `item` (read before its last SEND was counted).
      const attempts = this.get(item.clientMsgNo)?.attempts ?? item.attempts;
      this.q.remove!.run(item.clientMsgNo);
      this.q.moveMessage!.run(newId, now, item.entry.order);
      this.q.moveOutbox!.run(item.clientMsgNo, newId, deadlineAt, attempts);
      this.q.relast!.run(item.entry.channelType, item.entry.channelId);
      return this.store.getByRow(newId)!;
    });
  }

  /** Deletes a queued or failed message (never one on the wire: its fate is not known yet). */
  delete(clientMsgNo: string): HistoryEntry {
    return this.store.tx(() => {
      const item = this.get(clientMsgNo);
      if (!item) throw new MessagingError('notFound', `no unsent message ${clientMsgNo}`);
      if (item.state === 'sending')
        throw new MessagingError('notDeletable', `message ${clientMsgNo} is being sent`);
      this.q.remove!.run(clientMsgNo);
      this.q.removeMessage!.run(item.entry.order);
      this.q.relast!.run(item.entry.channelType, item.entry.channelId);
      return item.entry;
    });
  }

  /** The earliest deadline among queued messages (not those on the wire), or null. */
  earliestDeadline(): number | null {
    return (this.q.earliest!.get() as { at: number | null }).at;
  }

  /** Queued messages whose deadline has passed, in sending order. */
  expired(now: number): OutboxItem[] {
    return (this.q.expired!.all(now) as unknown as OutboxRow[]).map((r) => this.item(r));
  }

  private setState(
    item: OutboxItem,
    state: OutboxRow['state'],
    addAttempts: number,
    reason?: FailReason,
    code?: number,
  ): HistoryEntry {
    this.q.setState!.run(state, addAttempts, item.clientMsgNo);
    this.q.setMessage!.run(state, reason ?? null, code ?? null, item.entry.order);
    return this.store.getByRow(item.entry.order)!;
  }

  private item(r: OutboxRow): OutboxItem {
    const entry = this.store.getByRow(r.message_row);
    if (!entry) throw new Error(`outbox row ${r.client_msg_no} has no message`);
    return {
      seq: r.seq,
      clientMsgNo: r.client_msg_no,
      deadlineAt: r.deadline_at,
      attempts: r.attempts,
      state: r.state,
      entry,
    };
  }
}
