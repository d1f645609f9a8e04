/**
 * Writes incoming messages (and the offline sync's pages, sync-page-worker.ts) on a worker thread with its own connection to the database, so a
 * burst (or a slow fsync on a busy disk) never stalls the main process's event loop, where IPC
 * and the socket live. Same SQL as the in-thread path (message-store.ts), one transaction per
 * batch. The worker is plain JavaScript evaluated from a string, so it runs unchanged under Node,
 * in tests and in Electron's main process without a separate bundle entry.
 */
import { Worker } from 'node:worker_threads';
import {
  INSERT_MESSAGE_SQL,
  TOUCH_CONVERSATION_SQL,
  incomingRow,
  insertParams,
  type IncomingRecord,
} from '../message-store';
import type { HistoryEntry } from '../types';
import { BUSY_TIMEOUT_MS } from './database';
import { toEntry, type MessageRow } from './rows';
import { MAX_PROBES, SYNC_PAGE_SQL } from './sync-page-sql';
import { SYNC_PAGE_WORKER_SOURCE, type SyncPageJob } from './sync-page-worker';

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { DatabaseSync } = require('node:sqlite');
const db = new DatabaseSync(workerData.file, { timeout: workerData.busyMs });
db.exec('PRAGMA synchronous = FULL');
const insert = db.prepare(workerData.insertSql);
const touch = db.prepare(workerData.touchSql);
${SYNC_PAGE_WORKER_SOURCE}
parentPort.on('message', (job) => {
  if (job.close) {
    db.close();
    parentPort.postMessage({ id: job.id, added: [] });
    return;
  }
  try {
    db.exec('BEGIN IMMEDIATE');
    const added = job.syncPage ? writeSyncPage(job.syncPage) : [];
    for (const params of job.rows || []) {
      const row = insert.get(...params);
      if (!row) continue;
      touch.run(params[0], params[1], row.id, params[6] === 1 ? 0 : 1);
      added.push(row);
    }
    db.exec('COMMIT');
    parentPort.postMessage({ id: job.id, added });
  } catch (err) {
    try { if (db.isTransaction) db.exec('ROLLBACK'); } catch {}
    parentPort.postMessage({
      id: job.id,
      error: { message: String((err && err.message) || err), errcode: err && err.errcode },
    });
  }
});
`;

interface Reply {
  id: number;
  added?: MessageRow[];
  error?: { message: string; errcode?: number };
}

export class IncomingWriter {
  private readonly worker: Worker;
  private readonly waiting = new Map<
    number,
    { resolve: (rows: MessageRow[]) => void; reject: (e: Error) => void }
  >();
  private nextId = 1;
  private dead: Error | null = null;

  constructor(
    file: string,
    private readonly uid: string,
  ) {
    this.worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: {
        file,
        busyMs: BUSY_TIMEOUT_MS,
        insertSql: INSERT_MESSAGE_SQL,
        touchSql: TOUCH_CONVERSATION_SQL,
        syncSql: SYNC_PAGE_SQL,
        maxProbes: MAX_PROBES,
      },
    });
    this.worker.on('message', (reply: Reply) => {
      const w = this.waiting.get(reply.id);
      if (!w) return;
      this.waiting.delete(reply.id);
      if (reply.error)
        w.reject(Object.assign(new Error(reply.error.message), { errcode: reply.error.errcode }));
      else w.resolve(reply.added ?? []);
    });
    const fail = (err: Error): void => {
      this.dead = err;
      for (const w of this.waiting.values()) w.reject(err);
      this.waiting.clear();
    };
    this.worker.on('error', fail);
    this.worker.on('exit', (code) => fail(new Error(`the message writer stopped (exit ${code})`)));
  }

  /** Stores the records in one transaction; resolves with the new entries after the commit. */
  async write(records: readonly IncomingRecord[]): Promise<HistoryEntry[]> {
    const rows = await this.post({
      rows: records.map((r) => insertParams(incomingRow(r, this.uid))),
    });
    return rows.map(toEntry);
  }

  /**
   * Stores a synced page in one transaction (sync-page-worker.ts); resolves with the new rows
   * after the commit. Posted to the same worker as RECV batches, so the two never interleave.
   */
  writeSyncPage(job: SyncPageJob): Promise<MessageRow[]> {
    return this.post({ syncPage: job });
  }

  /** Resolves once the worker has opened its connection (open() waits, so the first RECV does not). */
  ready(): Promise<void> {
    return this.post({ rows: [] }).then(() => undefined);
  }

  /** Finishes the writes already posted, then closes the worker's connection. */
  async close(): Promise<void> {
    if (this.dead) return;
    try {
      await this.post({ close: true });
    } finally {
      await this.worker.terminate();
    }
  }

  private post(job: {
    rows?: unknown[];
    syncPage?: SyncPageJob;
    close?: boolean;
  }): Promise<MessageRow[]> {
    if (this.dead) return Promise.reject(this.dead);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.worker.postMessage({ id, ...job });
    });
  }
}
