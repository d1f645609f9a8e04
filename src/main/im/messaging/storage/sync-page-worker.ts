/**
 * A synced page written by the message writer's worker (incoming-writer.ts): the main thread
 * turns the page into statement parameters (syncPageJob in sync-target-store.ts) and posts them;
 * the worker runs the statements of SYNC_PAGE_SQL in one transaction, exactly as the in-thread
 * path does (SqliteSyncTarget.writeInThread), and answers with the new rows after the commit.
 * Plain JavaScript in a string, evaluated inside the worker's source (see incoming-writer.ts).
 * messaging/sync-worker.test.ts writes the same pages both ways and compares the databases.
 */

/** A page as statement parameters (the same for both paths). */
export interface SyncPageJob {
  /** INSERT_MESSAGE_SQL parameters (insertParams), in page order */
  messages: unknown[][];
  /** SYNC_PAGE_SQL.conversation parameters */
  conversations: unknown[][];
  /** sync_state key/value pairs (closed ranges, already merged) */
  syncValues: Array<[string, string]>;
}

/**
 * Defines writeSyncPage(job) inside the worker; expects `db`, `insert` (INSERT_MESSAGE_SQL),
 * `touch` (TOUCH_CONVERSATION_SQL) and workerData.syncSql (SYNC_PAGE_SQL), workerData.maxProbes.
 */
export const SYNC_PAGE_WORKER_SOURCE = `
const sq = {};
for (const [name, sql] of Object.entries(workerData.syncSql)) sq[name] = db.prepare(sql);
function slotBefore(ct, cid, seq, next) {
  const prev = sq.before.get(ct, cid, seq);
  const lowId = prev ? prev.id : 0;
  const lowSeq = prev ? prev.seq : 0;
  if (next.id - lowId < 2) return null;
  const guess = lowId + Math.floor(((next.id - lowId) * (seq - lowSeq)) / (next.seq - lowSeq));
  const start = Math.min(Math.max(guess, lowId + 1), next.id - 1);
  for (let i = 0; i < workerData.maxProbes; i++) {
    const up = start + i;
    if (up < next.id && !sq.idTaken.get(up)) return up;
    const down = start - i - 1;
    if (down > lowId && !sq.idTaken.get(down)) return down;
    if (up >= next.id && down <= lowId) break;
  }
  return null;
}
function writeSyncPage(job) {
  const added = [];
  for (const params of job.messages) {
    const ct = params[0], cid = params[1], seq = params[4] || 0, own = params[6];
    const next = seq > 0 ? sq.after.get(ct, cid, seq) : undefined;
    const id = next ? slotBefore(ct, cid, seq, next) : null;
    const row = id === null ? insert.get(...params) : sq.insertAt.get(id, ...params);
    if (!row) continue;
    const read = sq.readSeq.get(ct, cid);
    const unread = own === 0 && !next && seq > (read ? read.last_read_seq : 0) ? 1 : 0;
    touch.run(ct, cid, row.id, unread);
    added.push(row);
  }
  for (const c of job.conversations) sq.conversation.run(...c);
  for (const [key, value] of job.syncValues) sq.setSync.run(key, value);
  return added;
}
`;
