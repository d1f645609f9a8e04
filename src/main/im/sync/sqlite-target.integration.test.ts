/**
 * The SyncEngine filling the real SQLite store (SqliteSyncTarget) from the test server over real
 * HTTP on 127.0.0.1: a hole of 1,000 messages, a run cut halfway, a server that does not answer.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../../../e2e/test-server/index';
import { MessageStore } from '../messaging/message-store';
import { SqliteSyncTarget } from '../messaging/sync-target-store';
import { TempDirs } from '../messaging/testing/service-fixture';
import { SyncEngine } from './sync-engine';
import type { MessageSyncRequest, SyncProvider } from './types';
import { WuKongIMSyncProvider } from './wukongim-sync-provider';

const GROUP = { channelId: 'g1', channelType: 2 };
const tmp = new TempDirs();
let server: TestServer;
let store: MessageStore;
const engines: SyncEngine[] = [];

beforeEach(async () => {
  server = await startTestServer({ users: [] });
  server.setGroupMembers('g1', ['alice', 'bob']);
  ({ store } = MessageStore.open({ dir: await tmp.make(), uid: 'bob', now: () => 0 }));
});

afterEach(async () => {
  for (const e of engines.splice(0)) await e.stop();
  store.close();
  await server.stop();
  await tmp.cleanup();
});

function send(n: number): void {
  for (let i = 0; i < n; i++) {
    server.sendMessage({
      fromUid: 'alice',
      ...GROUP,
      payload: Buffer.from(JSON.stringify({ type: 1, content: `m${i + 1}` })),
    });
  }
}

function engine(provider: SyncProvider, target: SqliteSyncTarget, pageLimit = 200): SyncEngine {
  const e = new SyncEngine({
    uid: () => 'bob',
    provider,
    target,
    pageLimit,
    msgCount: 10,
    retry: { attempts: 3, baseMs: 10, capMs: 50 },
    retryAfterFailureMs: 20,
  });
  engines.push(e);
  return e;
}

/** Every stored message of the group in display order, as seqs; and how many rows in all. */
function stored(): { seqs: number[]; rows: number } {
  const list = store.list(GROUP, 500);
  const all = [...list];
  let before = list[0]?.order;
  while (before !== undefined) {
    const page = store.list(GROUP, 500, before);
    if (page.length === 0) break;
    all.unshift(...page);
    before = page[0]!.order;
  }
  const rows = (store.db.prepare('SELECT count(*) AS n FROM messages').get() as { n: number }).n;
  return { seqs: all.map((e) => Number(e.messageSeq)), rows };
}

const oneTo = (n: number): number[] => Array.from({ length: n }, (_, i) => i + 1);

describe('SyncEngine into the SQLite store', () => {
  it('fills a hole of 1,000 messages in place', async () => {
    send(1006);
    const provider = new WuKongIMSyncProvider({ baseUrl: server.httpUrl });
    const target = new SqliteSyncTarget(store);
    const signal = new AbortController().signal;
    // stored before going away: 1..5; then a RECV of 1006 arrived
    for (const [startSeq, endSeq] of [
      [1, 6],
      [1006, 0],
    ] as const) {
      const page = await provider.syncChannelMessages(
        { uid: 'bob', channel: GROUP, startSeq, endSeq, limit: 5, pullMode: 1 },
        signal,
      );
      await target.storeSyncedPage({
        conversations: [],
        messages: page.messages,
        closedRanges: [],
      });
    }
    expect(await target.missingSeqRanges(GROUP)).toEqual([{ from: 6, to: 1005 }]);
    const e = engine(provider, target);
    const done = new Promise((resolve) => e.once('synced', resolve));
    e.noteReceived(GROUP);
    expect(await done).toMatchObject({ messages: 1000, pages: 5 });
    expect(stored()).toEqual({ seqs: oneTo(1006), rows: 1006 });
    expect(await target.missingSeqRanges(GROUP)).toEqual([]);
    expect(store.summary(GROUP).lastMessage?.text).toBe('m1006');
  });

  it('a run cut halfway resumes from what is stored: nothing twice, nothing missing', async () => {
    send(1000);
    const base = new WuKongIMSyncProvider({ baseUrl: server.httpUrl });
    const requests: MessageSyncRequest[] = [];
    let e: SyncEngine | null = null;
    const provider: SyncProvider = {
      syncConversations: (r, s) => base.syncConversations(r, s),
      setUnread: (u, c, n, s) => base.setUnread(u, c, n, s),
      syncChannelMessages: async (r, s) => {
        requests.push(r);
        const page = await base.syncChannelMessages(r, s);
        // the link drops after the third page arrived, before it is stored
        if (requests.length === 3) e!.onDisconnected();
        return page;
      },
    };
    const target = new SqliteSyncTarget(store);
    e = engine(provider, target, 100);
    e.onConnected();
    await e.idle;
    const half = stored();
    expect(half.rows).toBeGreaterThan(10);
    expect(half.rows).toBeLessThan(1000);
    const done = new Promise((resolve) => e.once('synced', resolve));
    e.onConnected();
    await done;
    expect(stored()).toEqual({ seqs: oneTo(1000), rows: 1000 });
    // the server's unread count (1,000) and not one more
    expect(store.summary(GROUP).unread).toBe(1000);
  });

  it('a server that does not answer times out; the store stays usable and the sync retries', async () => {
    send(4);
    const target = new SqliteSyncTarget(store);
    const e = engine(new WuKongIMSyncProvider({ baseUrl: server.httpUrl, timeoutMs: 150 }), target);
    const control = (body: Record<string, unknown>): Promise<Response> =>
      fetch(`${server.httpUrl}/control/sync_faults`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    await control({ delay_ms: 60_000 });
    const failed = new Promise<Error>((resolve) => e.once('error', resolve));
    e.onConnected();
    expect((await failed).message).toMatch(/no answer within 150 ms/);
    // meanwhile the store answers as usual
    expect(store.list(GROUP, 10)).toEqual([]);
    expect(store.channels()).toEqual([]);
    await control({ delay_ms: 0 });
    const done = new Promise((resolve) => e.once('synced', resolve));
    await done;
    expect(stored()).toEqual({ seqs: oneTo(4), rows: 4 });
  });
});
