/**
 * One-time import of the JSONL stores of earlier versions (outbox.jsonl, history.jsonl,
 * read-marks.jsonl) into the database, in one transaction; afterwards the files are renamed
 * `<file>.imported-<time>` (kept, never read again). A damaged line is skipped and reported as
 * before (RecordLog's repair). A crash between the commit and the renames only repeats the renames.
 */
import { existsSync } from 'node:fs';
import { rename } from 'node:fs/promises';
import path from 'node:path';
import type { MessageStore } from '../message-store';
import type { HistoryEntry, StorageIssue } from '../types';
import { RecordLog } from './record-log';
import {
  historyEntrySchema,
  outboxRecordSchema,
  readMarkSchema,
  type OutboxRecord,
} from './schemas';

const IMPORTED_KEY = 'import.jsonl';

export async function importJsonlStores(
  store: MessageStore,
  dir: string,
  onIssue: (issue: StorageIssue) => void,
  now: () => number,
): Promise<void> {
  const files = ['outbox.jsonl', 'history.jsonl', 'read-marks.jsonl'].map((f) => path.join(dir, f));
  if (!files.some((f) => existsSync(f))) return;
  if (store.syncValue(IMPORTED_KEY) === undefined) {
    const common = { onIssue, now };
    const outbox = await RecordLog.open({ file: files[0]!, schema: outboxRecordSchema, ...common });
    const history = await RecordLog.open({
      file: files[1]!,
      schema: historyEntrySchema,
      ...common,
    });
    const reads = await RecordLog.open({ file: files[2]!, schema: readMarkSchema, ...common });
    try {
      store.tx(() => {
        const newIds = insertAll(store, [...history.values()], [...outbox.values()]);
        for (const mark of reads.values()) applyReadMark(store, newIds, mark);
        store.db
          .prepare('INSERT INTO sync_state (key, value) VALUES (?, ?)')
          .run(IMPORTED_KEY, String(now()));
      });
    } finally {
      await Promise.all([outbox.close(), history.close(), reads.close()]);
    }
  }
  const stamp = new Date(now()).toISOString().replace(/[:.]/g, '-');
  for (const f of files) if (existsSync(f)) await rename(f, `${f}.imported-${stamp}`);
}

/** Old `order` -> new row id, kept in the old order. Unsent own messages get their outbox row. */
function insertAll(
  store: MessageStore,
  entries: HistoryEntry[],
  unsent: OutboxRecord[],
): [number, number][] {
  const newIds: [number, number][] = [];
  const outboxByNo = new Map(unsent.map((r) => [r.clientMsgNo, r]));
  type Item = { order: number; entry?: HistoryEntry; rec?: OutboxRecord };
  const items: Item[] = [];
  for (const e of entries) {
    const rec = e.own ? outboxByNo.get(e.clientMsgNo) : undefined;
    // An outbox record whose history says sent was already delivered (old crash repair rule).
    if (rec && e.state === 'sent') outboxByNo.delete(e.clientMsgNo);
    items.push(
      rec && e.state !== 'sent' ? { order: e.order, entry: e, rec } : { order: e.order, entry: e },
    );
  }
  const withEntry = new Set(items.filter((i) => i.rec).map((i) => i.rec!.clientMsgNo));
  for (const rec of outboxByNo.values())
    if (!withEntry.has(rec.clientMsgNo)) items.push({ order: rec.order, rec });
  items.sort((a, b) => a.order - b.order);

  const addOutbox = store.db.prepare(`INSERT OR IGNORE INTO outbox (client_msg_no, message_row,
    deadline_at, attempts, state) VALUES (?, ?, ?, ?, ?)`);
  const setFail = store.db.prepare(
    'UPDATE messages SET fail_reason = ?, fail_code = ? WHERE id = ?',
  );
  for (const item of items) {
    const e = item.entry;
    const rec = item.rec;
    const unsentState = rec ? (rec.state === 'failed' ? 'failed' : 'queued') : undefined;
    const added = store.insertRow({
      channel_type: e?.channelType ?? rec!.channelType,
      channel_id: e?.channelId ?? rec!.channelId,
      client_msg_no: e?.clientMsgNo ?? rec!.clientMsgNo,
      message_id: e?.messageId ?? null,
      message_seq: e?.messageSeq == null ? null : Number(e.messageSeq),
      from_uid: e?.fromUid ?? store.uid,
      own: (e?.own ?? true) ? 1 : 0,
      content_type: e?.contentType ?? 1,
      text: e?.text ?? rec!.text,
      timestamp: e?.timestamp ?? rec!.createdAt,
      state: unsentState ?? (e!.state === 'queued' || e!.state === 'sending' ? 'failed' : e!.state),
      // the old JSONL stores kept no payload: these rows show their type's placeholder
      payload: null,
    });
    if (!added) continue;
    newIds.push([item.order, added.order]);
    if (rec) {
      addOutbox.run(rec.clientMsgNo, added.order, rec.deadlineAt, rec.attempts, unsentState!);
      if (unsentState === 'failed')
        setFail.run(rec.failReason ?? 'error', rec.failCode ?? null, added.order);
    } else if (added.own && e && (e.state === 'queued' || e.state === 'sending')) {
      // An unsent message without its outbox record cannot be resent safely: shown as failed.
      addOutbox.run(added.clientMsgNo, added.order, 0, 1, 'failed');
      setFail.run('error', null, added.order);
    }
  }
  return newIds;
}

/** An old read mark (by old order) becomes a read mark on the new ids, with its unread count. */
function applyReadMark(
  store: MessageStore,
  newIds: readonly (readonly [number, number])[],
  mark: { channelId: string; channelType: number; readOrder: number },
): void {
  // New ids grow with the old order (imported in that order): the last one at or below the mark.
  let readId = 0;
  for (const [oldOrder, newId] of newIds) if (oldOrder <= mark.readOrder) readId = newId;
  store.db
    .prepare(
      `UPDATE conversations SET read_id = ?3,
         unread = (SELECT count(*) FROM messages WHERE channel_type = ?1 AND channel_id = ?2
           AND own = 0 AND id > ?3)
       WHERE channel_type = ?1 AND channel_id = ?2`,
    )
    .run(mark.channelType, mark.channelId, readId);
}
