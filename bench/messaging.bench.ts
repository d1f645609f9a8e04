/**
 * Message store benchmarks: sustained send over loopback with a 200 ms round trip (fault proxy
 * latency), a receive burst of 2,000 messages in one second into one chat, 10,000 messages stored
 * while the event loop is watched, and opening a chat with 100,000 stored messages (first page
 * time, bytes per message on disk).
 *
 *   npx tsx bench/run-all.ts messaging
 */
import { mkdtempSync, rmSync, statSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { startFaultProxy } from '../e2e/fault-proxy/index';
import { MessagingService } from '../src/main/im/messaging';
import {
  DATABASE_FILE,
  MessageStore,
  type IncomingRecord,
} from '../src/main/im/messaging/message-store';
import { encodeText } from '../src/main/im/messaging/text-payload';
import type { ReceivedMessage } from '../src/main/im/manager/types';
import { benchManager, benchServer, isConnected, until, waitForSnapshot } from './lib/live';
import {
  goalMark,
  ms,
  printTable,
  writeResult,
  type BenchOutcome,
  type GoalRow,
} from './lib/report';

const ALICE = { uid: 'bench-alice', token: 'bench-alice-token' };
const BOB = { uid: 'bench-bob', token: 'bench-bob-token' };
const GOALS = { sendPerSecond: 50, burstMs: 3_000, loopP99Ms: 20, firstPageMs: 20 };

function tempDir(): string {
  return mkdtempSync(path.join(os.tmpdir(), 'bench-messaging-'));
}

/** Runs `work` while sampling event-loop delay; returns its p99/max in ms. */
async function watchLoop<T>(
  work: () => Promise<T>,
): Promise<{ result: T; p99: number; max: number }> {
  const h = monitorEventLoopDelay({ resolution: 5 });
  h.enable();
  try {
    const result = await work();
    return { result, p99: h.percentile(99) / 1e6, max: h.max / 1e6 };
  } finally {
    h.disable();
  }
}

async function sustainedSend(count: number) {
  const server = await benchServer([ALICE, BOB]);
  const proxy = await startFaultProxy({ target: { host: '127.0.0.1', port: server.tcpPort } });
  proxy.setLatency(100); // each direction: 200 ms round trip
  const dir = tempDir();
  const manager = benchManager(server, ALICE, {
    address: { host: '127.0.0.1', port: proxy.port },
  });
  const service = await MessagingService.open({ link: manager, uid: ALICE.uid, dir });
  try {
    manager.connect();
    await waitForSnapshot(manager, isConnected, 10_000, 'connected');
    const start = performance.now();
    for (let i = 0; i < count; i++)
      await service.send({ channelId: BOB.uid, channelType: 1 }, `m${i}`);
    let sent = 0;
    service.on('message', (e) => {
      if (e.state === 'sent') sent += 1;
    });
    await until(() => sent === count, 120_000, `${count} SENDACKs`, 20);
    const seconds = (performance.now() - start) / 1000;
    return { count, seconds, perSecond: count / seconds, rttMs: 200 };
  } finally {
    manager.disconnect(true);
    await service.close();
    await proxy.stop();
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function receiveBurst(count: number) {
  const server = await benchServer([ALICE, BOB]);
  const dir = tempDir();
  let service: MessagingService | null = null;
  const manager = benchManager(server, BOB, {
    onMessage: (m: ReceivedMessage) => service!.onReceived(m),
  });
  service = await MessagingService.open({ link: manager, uid: BOB.uid, dir });
  try {
    manager.connect();
    await waitForSnapshot(manager, isConnected, 10_000, 'connected');
    const acksBefore = server.stats.recvAcks;
    const {
      result: elapsed,
      p99,
      max,
    } = await watchLoop(async () => {
      const start = performance.now();
      // 2,000 in one second: 20 every 10 ms
      for (let sent = 0; sent < count; sent += 20) {
        for (let i = 0; i < 20; i++)
          server.sendMessage({
            fromUid: ALICE.uid,
            channelId: BOB.uid,
            channelType: 1,
            payload: encodeText(`b${sent + i}`),
          });
        await new Promise((r) => setTimeout(r, 10));
      }
      await until(() => server.stats.recvAcks - acksBefore >= count, 30_000, 'RECVACKs', 5);
      return performance.now() - start;
    });
    const stored = service.channels()[0]?.unread ?? 0;
    return { count, stored, elapsedMs: elapsed, loopP99Ms: p99, loopMaxMs: max };
  } finally {
    manager.disconnect(true);
    await service.close();
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

let nextId = 1;
function record(channelId: string, text: string): IncomingRecord {
  nextId += 1;
  return {
    channelId,
    channelType: 1,
    messageId: String(1_000_000 + nextId),
    messageSeq: String(nextId),
    clientMsgNo: `bench${nextId}`,
    fromUid: channelId,
    contentType: 1,
    text,
    timestamp: Date.now(),
  };
}

/** 10,000 RECVs arriving 100 per event-loop turn through the inbox, as a sync would deliver. */
async function storeTenThousand(count: number) {
  const dir = tempDir();
  const service = await MessagingService.open({ link: benchLink(), uid: BOB.uid, dir });
  try {
    const {
      result: elapsed,
      p99,
      max,
    } = await watchLoop(async () => {
      const start = performance.now();
      for (let i = 0; i < count; i += 100) {
        const batch = [];
        for (let j = 0; j < 100; j++) {
          const r = record('alice', `message ${i + j} with some ordinary text in it`);
          batch.push(
            service.onReceived({
              messageId: BigInt(r.messageId),
              messageSeq: BigInt(r.messageSeq),
              clientMsgNo: r.clientMsgNo,
              fromUid: r.fromUid,
              channelId: r.channelId,
              channelType: 1,
              timestamp: Math.floor(r.timestamp / 1000),
              payload: encodeText(r.text),
              redDot: true,
              syncOnce: false,
              noPersist: false,
            }),
          );
        }
        await Promise.all(batch);
      }
      return performance.now() - start;
    });
    return { count, elapsedMs: elapsed, loopP99Ms: p99, loopMaxMs: max };
  } finally {
    await service.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function openLargeChat(count: number) {
  const dir = tempDir();
  try {
    const { store } = MessageStore.open({ dir, uid: BOB.uid, now: Date.now });
    const fillStart = performance.now();
    for (let i = 0; i < count; i += 1_000) {
      const page = [];
      for (let j = 0; j < 1_000; j++)
        page.push(
          record('alice', `message number ${i + j}: see you at the usual place around eight`),
        );
      store.storeIncoming(page);
    }
    const fillMs = performance.now() - fillStart;
    store.close();
    const file = path.join(dir, DATABASE_FILE);
    const bytes =
      statSync(file).size + (existsSync(`${file}-wal`) ? statSync(`${file}-wal`).size : 0);
    const t0 = performance.now();
    const service = await MessagingService.open({ link: benchLink(), uid: BOB.uid, dir });
    const openMs = performance.now() - t0;
    const t1 = performance.now();
    const page = service.list({ channelId: 'alice', channelType: 1 }, 50);
    const firstPageMs = performance.now() - t1;
    const t2 = performance.now();
    service.list({ channelId: 'alice', channelType: 1 }, 50, page[0]!.order);
    const nextPageMs = performance.now() - t2;
    await service.close();
    return { count, fillMs, openMs, firstPageMs, nextPageMs, bytesPerMessage: bytes / count };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** An offline link: these benches only store. */
function benchLink() {
  return {
    isConnected: false,
    send: () => Promise.reject(new Error('offline')),
    on: () => undefined,
    off: () => undefined,
  };
}

/** Event-loop delay of this process doing nothing: what the machine's load alone costs. */
async function idleBaseline() {
  const { p99, max } = await watchLoop(() => new Promise((r) => setTimeout(r, 2_000)));
  return { loopP99Ms: p99, loopMaxMs: max };
}

export async function runMessagingBench(): Promise<BenchOutcome> {
  const idle = await idleBaseline();
  const send = await sustainedSend(400);
  const burst = await receiveBurst(2_000);
  const tenK = await storeTenThousand(10_000);
  const large = await openLargeChat(100_000);
  const goals: GoalRow[] = [
    {
      item: 'messaging',
      metric: 'send rate, 200 ms RTT',
      measured: `${send.perSecond.toFixed(0)}/s`,
      goal: `>= ${GOALS.sendPerSecond}/s`,
      met: send.perSecond >= GOALS.sendPerSecond,
    },
    {
      item: 'messaging',
      metric: 'burst 2,000 in 1 s: stored + acked',
      measured: ms(burst.elapsedMs, 0),
      goal: `< ${GOALS.burstMs} ms`,
      met: burst.elapsedMs < GOALS.burstMs && burst.stored === burst.count,
    },
    {
      item: 'messaging',
      metric: 'burst: event-loop delay p99',
      measured: ms(burst.loopP99Ms, 1),
      goal: `< ${GOALS.loopP99Ms} ms`,
      met: burst.loopP99Ms < GOALS.loopP99Ms,
    },
    {
      item: 'messaging',
      metric: 'storing 10,000: event-loop delay p99',
      measured: ms(tenK.loopP99Ms, 1),
      goal: `< ${GOALS.loopP99Ms} ms`,
      met: tenK.loopP99Ms < GOALS.loopP99Ms,
    },
    {
      item: 'messaging',
      metric: 'chat of 100,000: first page',
      measured: ms(large.firstPageMs, 2),
      goal: `< ${GOALS.firstPageMs} ms`,
      met: large.firstPageMs < GOALS.firstPageMs,
    },
    {
      item: 'messaging',
      metric: 'idle process: event-loop delay p99 (machine load alone)',
      measured: ms(idle.loopP99Ms, 1),
      goal: 'reported',
      met: null,
    },
    {
      item: 'messaging',
      metric: 'bytes per stored message',
      measured: `${large.bytesPerMessage.toFixed(0)} B`,
      goal: 'reported',
      met: null,
    },
  ];
  printTable(
    'messaging (SQLite store, outbox window 16)',
    ['measure', 'value', 'goal', 'result'],
    [
      [
        'idle process: event-loop delay p99 / max',
        `${ms(idle.loopP99Ms, 1)} / ${ms(idle.loopMaxMs, 1)}`,
        'reported',
        '',
      ],
      [
        'send: 400 messages at 200 ms RTT',
        `${send.perSecond.toFixed(0)}/s (${send.seconds.toFixed(1)} s)`,
        `>= ${GOALS.sendPerSecond}/s`,
        goalMark(goals[0]!.met),
      ],
      [
        'burst: 2,000 RECVs stored + RECVACKed',
        `${ms(burst.elapsedMs, 0)} (${burst.stored} stored)`,
        `< ${GOALS.burstMs} ms`,
        goalMark(goals[1]!.met),
      ],
      [
        'burst: event-loop delay p99 / max',
        `${ms(burst.loopP99Ms, 1)} / ${ms(burst.loopMaxMs, 1)}`,
        `< ${GOALS.loopP99Ms} ms`,
        goalMark(goals[2]!.met),
      ],
      ['10,000 stored: time', ms(tenK.elapsedMs, 0), '', ''],
      [
        '10,000 stored: event-loop delay p99 / max',
        `${ms(tenK.loopP99Ms, 1)} / ${ms(tenK.loopMaxMs, 1)}`,
        `< ${GOALS.loopP99Ms} ms`,
        goalMark(goals[3]!.met),
      ],
      [
        '100,000 in one chat: fill / open',
        `${ms(large.fillMs, 0)} / ${ms(large.openMs, 1)}`,
        '',
        '',
      ],
      [
        '100,000: first page / next page (50)',
        `${ms(large.firstPageMs, 2)} / ${ms(large.nextPageMs, 2)}`,
        `< ${GOALS.firstPageMs} ms`,
        goalMark(goals[4]!.met),
      ],
      [
        '100,000: bytes per message on disk',
        `${large.bytesPerMessage.toFixed(0)} B`,
        'reported',
        '',
      ],
    ],
  );
  writeResult('messaging', { idle, send, burst, tenK, large });
  return { name: 'messaging', goals, data: { idle, send, burst, tenK, large } };
}
