/**
 * Offline sync benchmark: 10,000 messages across 100 chats missed while away, then one sync after
 * CONNACK (conversation sync + every unread message) over loopback HTTP. The test server runs in
 * a child process so its work does not count against this process's event loop. Measures wall
 * time to everything stored and this process's event-loop delay (p99) during the sync. The store
 * is the app's: SQLite (SqliteSyncTarget on a MessageStore in a temporary folder), each page
 * written in one transaction on the message writer's worker thread (as the messaging service wires
 * it), so the main thread only posts pages and applies the results.
 *
 *   npx tsx bench/run-all.ts sync
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MessageStore } from '../src/main/im/messaging/message-store';
import { IncomingWriter } from '../src/main/im/messaging/storage/incoming-writer';
import { SqliteSyncTarget, STORE_PAGE_SIZES } from '../src/main/im/messaging/sync-target-store';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { SyncEngine } from '../src/main/im/sync/sync-engine';
import { WuKongIMSyncProvider } from '../src/main/im/sync/wukongim-sync-provider';
import { goalMark, ms, printTable, writeResult, type BenchOutcome } from './lib/report';

export interface SyncBenchOptions {
  chats?: number;
  perChat?: number;
}

const GOAL_TOTAL_MS = 3000;
const GOAL_LOOP_P99_MS = 20;

interface ChildServer {
  child: ChildProcess;
  httpUrl: string;
}

async function startChildServer(): Promise<ChildServer> {
  const root = path.resolve(import.meta.dirname, '..');
  const tsx = path.join(root, 'node_modules', '.bin', 'tsx');
  const child = spawn(
    tsx,
    ['e2e/test-server/cli.ts', '--tcp-port', '0', '--http-port', '0', '--no-ws', '--no-token-auth'],
    { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const banner = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error('test server did not start in 30 s')), 30_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
      const line = out.split('\n').find((l) => l.startsWith('WUKONG_TEST_SERVER '));
      if (line) {
        clearTimeout(timer);
        resolve(line);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`test server exited with ${code}`));
    });
  });
  const info = JSON.parse(banner.slice('WUKONG_TEST_SERVER '.length)) as { http: string };
  return { child, httpUrl: info.http };
}

async function post(url: string, body: unknown): Promise<void> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (res.status !== 200) throw new Error(`${url}: ${res.status} ${await res.text()}`);
  await res.arrayBuffer();
}

export async function runSyncBench(opts: SyncBenchOptions = {}): Promise<BenchOutcome> {
  const chats = opts.chats ?? 100;
  const perChat = opts.perChat ?? 100;
  const server = await startChildServer();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'wukong-sync-bench-'));
  const { store } = MessageStore.open({ dir, uid: 'reader', now: Date.now });
  const writer = new IncomingWriter(store.file, 'reader');
  try {
    // the missed messages: half person chats, half groups
    const jobs: Array<() => Promise<void>> = [];
    for (let c = 0; c < chats; c++) {
      const group = c % 2 === 1;
      const channelId = group ? `bench-g${c}` : 'reader';
      const fromUid = group ? 'writer' : `writer${c}`;
      if (group) {
        await post(`${server.httpUrl}/channel`, {
          channel_id: channelId,
          channel_type: 2,
          subscribers: ['reader', 'writer'],
        });
      }
      for (let i = 0; i < perChat; i++) {
        const payload = Buffer.from(
          JSON.stringify({ type: 1, content: `message ${i} of chat ${c}` }),
        ).toString('base64');
        jobs.push(() =>
          post(`${server.httpUrl}/message/send`, {
            from_uid: fromUid,
            channel_id: channelId,
            channel_type: group ? 2 : 1,
            payload,
          }),
        );
      }
    }
    for (let i = 0; i < jobs.length; i += 50)
      await Promise.all(jobs.slice(i, i + 50).map((j) => j()));

    let shown = 0;
    // what the app hands to the renderer per page (message and channel events)
    await writer.ready();
    const target = new SqliteSyncTarget(
      store,
      (changes) => {
        shown += changes.added.length;
        for (const c of changes.channels) store.summary(c);
      },
      writer,
    );
    const engine = new SyncEngine({
      ...STORE_PAGE_SIZES,
      provider: new WuKongIMSyncProvider({ baseUrl: server.httpUrl }),
      target,
      uid: () => 'reader',
    });
    // the same monitor on an idle loop first: on a busy shared machine, scheduling alone delays it
    const idle = monitorEventLoopDelay({ resolution: 1 });
    idle.enable();
    await new Promise((r) => setTimeout(r, 1000));
    idle.disable();
    const idleP99 = idle.percentile(99) / 1e6;
    const loop = monitorEventLoopDelay({ resolution: 1 });
    const done = new Promise<{ conversations: number; messages: number; pages: number }>(
      (resolve, reject) => {
        engine.once('synced', resolve);
        engine.once('error', reject);
      },
    );
    loop.enable();
    const t0 = performance.now();
    engine.onConnected();
    const counts = await done;
    const totalMs = performance.now() - t0;
    loop.disable();
    await engine.stop();

    const stored = (store.db.prepare('SELECT count(*) AS n FROM messages').get() as { n: number })
      .n;
    const expected = chats * perChat;
    if (stored !== expected) throw new Error(`stored ${stored} of ${expected} messages`);
    if (shown !== expected) throw new Error(`announced ${shown} of ${expected} messages`);
    const p99 = loop.percentile(99) / 1e6;
    const max = loop.max / 1e6;
    printTable(
      `Sync after reconnect: ${expected} messages in ${chats} chats missed (loopback HTTP, SQLite store)`,
      ['metric', 'measured', 'goal', ''],
      [
        [
          'synced and stored',
          ms(totalMs, 0),
          `< ${GOAL_TOTAL_MS} ms`,
          goalMark(totalMs < GOAL_TOTAL_MS),
        ],
        [
          'event-loop delay p99',
          ms(p99, 1),
          `< ${GOAL_LOOP_P99_MS} ms`,
          goalMark(p99 < GOAL_LOOP_P99_MS),
        ],
        ['event-loop delay max', ms(max, 1), '', goalMark(null)],
        ['idle event-loop delay p99 (baseline)', ms(idleP99, 1), '', goalMark(null)],
        ['HTTP pages', String(counts.pages), '', goalMark(null)],
      ],
    );
    const data = {
      chats,
      perChat,
      totalMs,
      loopP99Ms: p99,
      loopMaxMs: max,
      idleLoopP99Ms: idleP99,
      counts,
    };
    writeResult('sync', data);
    return {
      name: 'sync',
      data,
      goals: [
        {
          item: 'sync',
          metric: `${expected} missed messages synced and stored`,
          measured: ms(totalMs, 0),
          goal: `< ${GOAL_TOTAL_MS} ms`,
          met: totalMs < GOAL_TOTAL_MS,
        },
        {
          item: 'sync',
          metric: 'event-loop delay p99 during sync',
          measured: ms(p99, 1),
          goal: `< ${GOAL_LOOP_P99_MS} ms`,
          met: p99 < GOAL_LOOP_P99_MS,
        },
      ],
    };
  } finally {
    await writer.close();
    store.close();
    rmSync(dir, { recursive: true, force: true });
    server.child.kill('SIGTERM');
    await new Promise((r) => server.child.once('exit', r));
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  runSyncBench().catch((err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  });
}
