/**
 * Own messages that are not sent yet (queued, maybe on the wire, or failed), durable in
 * outbox.jsonl. A record is written before its first SEND and removed once SENDACK 1 is in the
 * history, so after any crash the outbox still holds every message not known to be sent.
 */
import path from 'node:path';
import { RecordLog } from './storage/record-log';
import { outboxRecordSchema, type OutboxRecord } from './storage/schemas';
import type { StorageIssue } from './types';

export type { OutboxRecord };

export class Outbox {
  private constructor(private readonly log: RecordLog<OutboxRecord>) {}

  static async open(opts: {
    dir: string;
    onIssue: (issue: StorageIssue) => void;
    now?: () => number;
  }): Promise<Outbox> {
    const log = await RecordLog.open({
      file: path.join(opts.dir, 'outbox.jsonl'),
      schema: outboxRecordSchema,
      onIssue: opts.onIssue,
      ...(opts.now ? { now: opts.now } : {}),
    });
    return new Outbox(log);
  }

  get file(): string {
    return this.log.file;
  }

  get(clientMsgNo: string): OutboxRecord | undefined {
    return this.log.get(clientMsgNo);
  }

  /** Every record, in the order the user wrote them. */
  all(): OutboxRecord[] {
    return [...this.log.values()].sort((a, b) => a.order - b.order);
  }

  put(record: OutboxRecord): Promise<void> {
    return this.log.set(record.clientMsgNo, record);
  }

  remove(clientMsgNo: string): Promise<void> {
    return this.log.delete(clientMsgNo);
  }

  close(): Promise<void> {
    return this.log.close();
  }
}
