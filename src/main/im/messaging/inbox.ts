/**
 * Incoming messages: stored once, whatever the network does. The server redelivers a RECV until
 * it sees a RECVACK (same messageId), and it does not deduplicate SENDs by clientMsgNo, so a SEND
 * re-sent after a lost SENDACK reaches us twice with two messageIds but one clientMsgNo. The
 * database's unique keys (messageId; channel + fromUid + clientMsgNo) recognise both, for as long
 * as the message is stored.
 *
 * RECVs arriving together are written in one transaction (group commit: one fsync for a burst
 * instead of one per message). The returned promise is the ConnectionManager's persist hook: it
 * resolves only after that transaction committed, and only then does the manager send the
 * RECVACK; a failed write rejects it, so no RECVACK and the server delivers it again.
 */
import type { IncomingRecord, MessageStore } from './message-store';
import { decodePayload } from './text-payload';
import type { HistoryEntry, ReceivedMessage } from './types';

/** Most RECVs written in one transaction (keeps each transaction short). */
const MAX_BATCH = 500;

interface Waiting {
  record: IncomingRecord;
  resolve: () => void;
  reject: (err: unknown) => void;
}

export class Inbox {
  private batch: Waiting[] = [];
  private scheduled = false;

  constructor(
    private readonly store: MessageStore,
    private readonly onStored: (entry: HistoryEntry) => void,
  ) {}

  receive(m: ReceivedMessage): Promise<void> {
    const { contentType, text } = decodePayload(m.payload);
    const record: IncomingRecord = {
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
    return new Promise<void>((resolve, reject) => {
      this.batch.push({ record, resolve, reject });
      if (this.batch.length >= MAX_BATCH) this.flush();
      else if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  /** Writes what has arrived so far in one transaction, then answers every waiting RECV. */
  flush(): void {
    this.scheduled = false;
    const batch = this.batch;
    this.batch = [];
    if (batch.length === 0) return;
    let added: HistoryEntry[];
    try {
      added = this.store.storeIncoming(batch.map((w) => w.record));
    } catch (err) {
      for (const w of batch) w.reject(err);
      return;
    }
    for (const w of batch) w.resolve();
    for (const entry of added) this.onStored(entry);
  }

  /** Refuses what is waiting (the store is closing): no RECVACK, so the server redelivers. */
  abort(err: Error): void {
    const batch = this.batch;
    this.batch = [];
    for (const w of batch) w.reject(err);
  }
}
