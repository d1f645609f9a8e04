/**
 * Message search over 100,000 stored messages in 100 chats (English and Chinese text): the time of
 * one MessageStore.search call (limit 50, newest first), per query class: 3+ characters (FTS5
 * trigram) and 1-2 characters (the bounded LIKE scan), each with common, rare and absent words.
 * An absent 2-character query is the worst case: it scans the whole bound. The goal is on CPU time
 * per call (as bench/measure.ts explains: comparable on a shared machine); wall time is printed too.
 *
 *   npx tsx bench/run-all.ts search
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { MessageStore, type IncomingRecord } from '../src/main/im/messaging/message-store';
import {
  goalMark,
  ms,
  printTable,
  writeResult,
  type BenchOutcome,
  type GoalRow,
} from './lib/report';
import { cpuMs } from './measure';
import { summarize, type Summary } from './lib/stats';

const GOAL_MS = 50;
const CHATS = 100;
const RUNS = 40;

const ENGLISH = [
  'see you at the usual place around eight',
  'the meeting moved to Friday afternoon',
  'can you send me the report before lunch',
  'thanks, that works for me',
  'did the build pass on the second try',
  'hi there, are you free for a call',
];
const CHINESE = [
  '你好，明天上午开会吗',
  '我们周五在北京见面',
  '报告已经发给你了，请查收',
  '今天晚上一起吃饭吧',
  '收到，谢谢你的帮助',
  '这个版本的测试通过了',
];
/** Rare words: each in about 1 message of 1,000. */
const RARE = ['xylophone', '琵琶曲'];

/** A fixed pseudo-random sequence, so every run stores the same text. */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1_664_525) + 1_013_904_223) >>> 0;
    return s / 2 ** 32;
  };
}

function fill(store: MessageStore, count: number): number {
  const random = lcg(16);
  const start = performance.now();
  for (let i = 0; i < count; i += 1_000) {
    const page: IncomingRecord[] = [];
    for (let j = 0; j < 1_000; j++) {
      const n = i + j;
      const pool = random() < 0.5 ? ENGLISH : CHINESE;
      let text = `${pool[Math.floor(random() * pool.length)]!} #${n}`;
      if (random() < 0.001) text += ` ${RARE[Math.floor(random() * RARE.length)]!}`;
      const chat = `user${Math.floor(random() * CHATS)}`;
      page.push({
        channelId: chat,
        channelType: 1,
        messageId: String(1_000_000 + n),
        messageSeq: String(n + 1),
        clientMsgNo: `b${n}`,
        fromUid: chat,
        contentType: 1,
        text,
        timestamp: 1_700_000_000_000 + n * 1000,
      });
    }
    store.storeIncoming(page);
  }
  return performance.now() - start;
}

interface QueryResult {
  query: string;
  kind: '3+ chars' | '1-2 chars';
  hits: number;
  /** CPU time of one call (the goal: comparable on a shared, busy machine) */
  ms: Summary;
  /** wall time of one call (what a person waits on an idle machine; noisy under load) */
  wallMs: Summary;
}

function measure(store: MessageStore, query: string): QueryResult {
  const hits = store.search(query, { limit: 50 }).length; // warm-up, and the hit count
  const cpu: number[] = [];
  const wall: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const c0 = cpuMs();
    const t0 = performance.now();
    store.search(query, { limit: 50 });
    wall.push(performance.now() - t0);
    cpu.push(cpuMs() - c0);
  }
  const kind = [...query].length >= 3 ? '3+ chars' : '1-2 chars';
  return { query, kind, hits, ms: summarize(cpu), wallMs: summarize(wall) };
}

export async function runSearchBench(count = 100_000): Promise<BenchOutcome> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bench-search-'));
  const { store } = MessageStore.open({ dir, uid: 'bench-me', now: Date.now });
  try {
    const fillMs = fill(store, count);
    const queries = [
      'meeting', // common English
      'xylophone', // rare English
      '北京见', // common Chinese, 3 characters
      '琵琶曲', // rare Chinese
      'zqxwvy', // absent
      '你好', // common Chinese, 2 characters
      'hi', // common English, 2 characters
      '琵琶', // rare Chinese, 2 characters
      'qz', // absent, 2 characters: scans the whole bound
      '谢', // 1 character
    ];
    const results = queries.map((q) => measure(store, q));
    const worst = (kind: QueryResult['kind']) => {
      const of = results.filter((r) => r.kind === kind);
      return {
        p50: Math.max(...of.map((r) => r.ms.median)),
        p99: Math.max(...of.map((r) => r.ms.p99)),
      };
    };
    const long = worst('3+ chars');
    const short = worst('1-2 chars');
    printTable(
      `search over ${count.toLocaleString('en')} messages in ${CHATS} chats (limit 50, ${RUNS} runs each; filled in ${(fillMs / 1000).toFixed(1)} s)`,
      ['query', 'kind', 'hits', 'CPU p50', 'CPU p99', 'wall p50', 'wall p99'],
      results.map((r) => [
        r.query,
        r.kind,
        String(r.hits),
        ms(r.ms.median, 2),
        ms(r.ms.p99, 2),
        ms(r.wallMs.median, 2),
        ms(r.wallMs.p99, 2),
      ]),
      2,
    );
    const goals: GoalRow[] = [
      {
        item: 'search',
        metric: `100,000 messages, 3+ chars (worst query): CPU p50 / p99`,
        measured: `${ms(long.p50, 2)} / ${ms(long.p99, 2)}`,
        goal: `p99 < ${GOAL_MS} ms`,
        met: long.p99 < GOAL_MS,
      },
      {
        item: 'search',
        metric: `100,000 messages, 1-2 chars (worst query): CPU p50 / p99`,
        measured: `${ms(short.p50, 2)} / ${ms(short.p99, 2)}`,
        goal: `p99 < ${GOAL_MS} ms`,
        met: short.p99 < GOAL_MS,
      },
    ];
    for (const g of goals) console.log(`${goalMark(g.met)} ${g.metric}: ${g.measured}`);
    const data = { count, chats: CHATS, runs: RUNS, fillMs, results, long, short };
    writeResult('search', data);
    return { name: 'search', goals, data };
  } finally {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
