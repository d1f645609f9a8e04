/**
 * Incoming messages: stored once, whatever the network does. The server redelivers a RECV until
 * it sees a RECVACK (same messageId), and it does not deduplicate SENDs by clientMsgNo, so a SEND
 * re-sent after a lost SENDACK reaches us twice with two messageIds but one clientMsgNo. The
 * database's unique keys (messageId; channel + fromUid + clientMsgNo) recognise both, for as long
 * as the message is stored.
 *
 * RECVs arriving together are written in one transaction (group commit: one fsync for a burst
 * instead of one per message), on a worker thread (storage/incoming-writer.ts) so the main
 * process's event loop never waits for the disk. The returned promise is the ConnectionManager's persist hook: it
 * resolves only after that transaction committed, and only then does the manager send the
 * RECVACK; a failed write rejects it, so no RECVACK and the server delivers it again.
 */
import { incomingRecord } from './incoming-record';
import type { IncomingRecord } from './message-store';
import type { HistoryEntry, ReceivedMessage } from './types';

/** Most RECVs written in one transaction (keeps each transaction, and lock hold, short). */
const MAX_BATCH = 100;

/** Stores records in one transaction; resolves with the new entries after the commit. */
export type IncomingWrite = (records: readonly IncomingRecord[]) => Promise<HistoryEntry[]>;

interface Waiting {
  record: IncomingRecord;
  resolve: () => void;
  reject: (err: unknown) => void;
}

export class Inbox {
  private batch: Waiting[] = [];
  private scheduled = false;
  /** the last write posted: close() waits for it */
  private last: Promise<void> = Promise.resolve();

  constructor(
    private readonly write: IncomingWrite,
    private readonly onStored: (entries: HistoryEntry[]) => void,
  ) {}

  receive(m: ReceivedMessage): Promise<void> {
    const record = incomingRecord(m);
    return new Promise<void>((resolve, reject) => {
      this.batch.push({ record, resolve, reject });
      if (this.batch.length >= MAX_BATCH) void this.flush();
      else if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => void this.flush());
      }
    });
  }

  /** Writes what has arrived so far in one transaction, then answers every waiting RECV. */
  flush(): Promise<void> {
    this.scheduled = false;
    const batch = this.batch;
    this.batch = [];
    if (batch.length === 0) return this.last;
    const done = this.write(batch.map((w) => w.record)).then(
      (added) => {
        for (const w of batch) w.resolve();
        if (added.length > 0) this.onStored(added);
      },
      (err: unknown) => {
        for (const w of batch) w.reject(err);
      },
    );
    this.last = done;
    return done;
  }

  /** Refuses what is waiting (the store is closing): no RECVACK, so the server redelivers. */
  abort(err: Error): void {
    const batch = this.batch;
    this.batch = [];
    for (const w of batch) w.reject(err);
  }
}
