/**
 * What showing every message type's details costs (not a test: figures depend on the machine).
 * The chat list asks for the last message of every chat and a chat opens with a page of history;
 * non-text rows now read their payload and decode it (storage/rows.ts toEntry). Measured: 1,000
 * chats whose last message is text against 1,000 whose last is a file, and a page of 100 text
 * messages against 100 files, on a real SQLite file, median of several runs.
 *
 *   npx tsx bench/run-all.ts payload
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { MessageStore, type IncomingRecord } from '../src/main/im/messaging/message-store';
import { goalMark, ms, printTable, writeResult, type BenchOutcome } from './lib/report';

const CHATS = 1_000;
const PAGE = 100;
const RUNS = 15;
/** The chat list of 1,000 chats must stay well inside one frame budget's worth of work. */
const GOALS = { listMs: 50, pageMs: 10 };

const json = (o: unknown): Buffer => Buffer.from(JSON.stringify(o), 'utf8');

function fill(store: MessageStore, kind: 'text' | 'file'): void {
  const records: IncomingRecord[] = [];
  let n = 0;
  for (let c = 0; c < CHATS; c++) {
    n++;
    records.push(message(`u${c}`, n, kind));
  }
  for (let i = 0; i < PAGE; i++) {
    n++;
    records.push(message('u0', n, kind));
  }
  store.storeIncoming(records);
}

function message(from: string, n: number, kind: 'text' | 'file'): IncomingRecord {
  const payload =
    kind === 'text'
      ? json({ type: 1, content: `message ${n}: see you at the usual place around eight` })
      : json({ type: 8, name: `quarterly report ${n}.pdf`, size: 1_258_291, url: 'https://x/f' });
  return {
    channelId: from,
    channelType: 1,
    messageId: String(n),
    messageSeq: String(n),
    clientMsgNo: `c${n}`,
    fromUid: from,
    contentType: kind === 'text' ? 1 : 8,
    text: kind === 'text' ? `message ${n}` : '',
    timestamp: n,
    payload,
  };
}

function median(work: () => void): number {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    work();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

function measure(kind: 'text' | 'file'): { listMs: number; pageMs: number } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bench-payload-'));
  try {
    const { store } = MessageStore.open({ dir, uid: 'me', now: Date.now });
    fill(store, kind);
    const listMs = median(() => {
      if (store.channels().length !== CHATS) throw new Error('chat list incomplete');
    });
    const pageMs = median(() => {
      if (store.list({ channelId: 'u0', channelType: 1 }, PAGE).length !== PAGE)
        throw new Error('page incomplete');
    });
    store.close();
    return { listMs, pageMs };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function runPayloadBench(): Promise<BenchOutcome> {
  const text = measure('text');
  const file = measure('file');
  const rows = [
    ['chat list, 1,000 chats (last: text)', ms(text.listMs), '-', 'info'],
    [
      'chat list, 1,000 chats (last: file)',
      ms(file.listMs),
      `< ${GOALS.listMs} ms`,
      goalMark(file.listMs < GOALS.listMs),
    ],
    ['history page of 100 (text)', ms(text.pageMs), '-', 'info'],
    [
      'history page of 100 (files)',
      ms(file.pageMs),
      `< ${GOALS.pageMs} ms`,
      goalMark(file.pageMs < GOALS.pageMs),
    ],
  ];
  printTable('Message details (median of 15)', ['Item', 'Measured', 'Goal', ''], rows);
  writeResult('payload', { text, file });
  return {
    name: 'payload',
    data: { text, file },
    goals: [
      {
        item: 'payload',
        metric: 'chat list of 1,000 chats whose last message is a file',
        measured: ms(file.listMs),
        goal: `< ${GOALS.listMs} ms`,
        met: file.listMs < GOALS.listMs,
      },
      {
        item: 'payload',
        metric: 'history page of 100 files',
        measured: ms(file.pageMs),
        goal: `< ${GOALS.pageMs} ms`,
        met: file.pageMs < GOALS.pageMs,
      },
    ],
  };
}
