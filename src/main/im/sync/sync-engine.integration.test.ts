/**
 * The SyncEngine with the default provider against the real test server over real HTTP on
 * 127.0.0.1: first sync, a 1,000-message hole, a run cut halfway, a server answering 500 or not
 * answering. The store is the in-memory SyncTarget with the SQLite store's rules.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../../../e2e/test-server/index';
import { SyncEngine, type SyncEngineOptions } from './sync-engine';
import { MemorySyncTarget } from './testing/memory-sync-target';
import type { MessageSyncRequest, SyncProvider, SyncState } from './types';
import { WuKongIMSyncProvider } from './wukongim-sync-provider';

let server: TestServer | null = null;
const engines: SyncEngine[] = [];

afterEach(async () => {
  for (const e of engines.splice(0)) await e.stop();
  await server?.stop();
  server = null;
});

const GROUP = { channelId: 'g1', channelType: 2 };
const ALICE = { channelId: 'alice', channelType: 1 };
const text = (s: string): Buffer => Buffer.from(JSON.stringify({ type: 1, content: s }));

async function start(): Promise<TestServer> {
  server = await startTestServer({ users: [] });
  server.setGroupMembers('g1', ['alice', 'bob']);
  return server;
}

function send(from: string, to: { channelId: string; channelType: number }, n: number): void {
  for (let i = 0; i < n; i++) {
    server!.sendMessage({ fromUid: from, ...to, payload: text(`${to.channelId} ${i}`) });
  }
}

function engine(
  target: MemorySyncTarget,
  opts: Partial<SyncEngineOptions> & { timeoutMs?: number } = {},
): SyncEngine {
  const provider =
    opts.provider ??
    new WuKongIMSyncProvider({ baseUrl: server!.httpUrl, timeoutMs: opts.timeoutMs ?? 10_000 });
  const e = new SyncEngine({
    uid: () => 'bob',
    target,
    retry: { attempts: 3, baseMs: 10, capMs: 50 },
    retryAfterFailureMs: 20,
    ...opts,
    provider,
  });
  engines.push(e);
  return e;
}

/** Resolves at the next 'synced' (a run that ended without failure). */
const synced = (
  e: SyncEngine,
): Promise<{ conversations: number; messages: number; pages: number }> =>
  new Promise((resolve) => e.once('synced', resolve));

const seqsOf = (t: MemorySyncTarget, c: { channelId: string; channelType: number }): number[] =>
  t.messagesOf(c).map((m) => Number(m.messageSeq));

const oneTo = (n: number): number[] => Array.from({ length: n }, (_, i) => i + 1);

async function control(body: Record<string, unknown>): Promise<void> {
  const res = await fetch(`${server!.httpUrl}/control/sync_faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(res.status).toBe(200);
}

describe('SyncEngine against the test server', () => {
  it('after CONNACK: every conversation with the server unread count and every unread message, once', async () => {
    await start();
    send('alice', { channelId: 'bob', channelType: 1 }, 50);
    send('alice', GROUP, 20);
    const target = new MemorySyncTarget();
    const e = engine(target, { msgCount: 10, pageLimit: 15 });
    const states: SyncState[] = [];
    e.on('state', (s) => states.push(s));
    const done = synced(e);
    e.onConnected();
    expect(e.state).toBe('syncing');
    const counts = await done;
    expect(states).toEqual(['syncing', 'idle']);
    expect(counts.conversations).toBe(2);
    expect(target.conversations.get('1:alice')).toMatchObject({ unread: 50, lastMessageSeq: 50 });
    expect(target.conversations.get('2:g1')).toMatchObject({ unread: 20, lastMessageSeq: 20 });
    expect(seqsOf(target, ALICE)).toEqual(oneTo(50));
    expect(seqsOf(target, GROUP)).toEqual(oneTo(20));
    expect(target.duplicatesSkipped).toBe(0);
    // person chat messages are filed under the peer, whatever channel_id the server wrote
    expect(
      target.messagesOf(ALICE).every((m) => m.channelId === 'alice' && m.fromUid === 'alice'),
    ).toBe(true);
    expect(JSON.parse(target.messagesOf(ALICE)[49]!.payload.toString())).toEqual({
      type: 1,
      content: 'bob 49',
    });
    // the next sync sends the largest version and the last seqs: nothing new, nothing stored
    send('alice', GROUP, 3);
    const again = synced(e);
    e.onConnected();
    expect((await again).messages).toBe(3);
    expect(seqsOf(target, GROUP)).toEqual(oneTo(23));
    expect(target.duplicatesSkipped).toBe(0);
  });

  it('fills a hole of 1,000 messages page by page', async () => {
    await start();
    send('alice', GROUP, 1006);
    const target = new MemorySyncTarget();
    // stored before going away: 1..5; then a RECV of 1006 arrived
    const initial = new WuKongIMSyncProvider({ baseUrl: server!.httpUrl });
    const signal = new AbortController().signal;
    const head = await initial.syncChannelMessages(
      { uid: 'bob', channel: GROUP, startSeq: 1, endSeq: 6, limit: 5, pullMode: 1 },
      signal,
    );
    const tail = await initial.syncChannelMessages(
      { uid: 'bob', channel: GROUP, startSeq: 1006, endSeq: 0, limit: 5, pullMode: 1 },
      signal,
    );
    for (const m of [...head.messages, ...tail.messages]) target.storeMessage(m);
    expect(await target.missingSeqRanges(GROUP)).toEqual([{ from: 6, to: 1005 }]);
    const e = engine(target, { pageLimit: 200 });
    const done = synced(e);
    e.noteReceived(GROUP);
    const counts = await done;
    expect(seqsOf(target, GROUP)).toEqual(oneTo(1006));
    expect(counts).toMatchObject({ messages: 1000, pages: 5 });
    expect(target.duplicatesSkipped).toBe(0);
    expect(await target.missingSeqRanges(GROUP)).toEqual([]);
    // a hole fill is not an "Updating…" after reconnect
    expect(e.state).toBe('idle');
  });

  it('a provider that answers smaller pages than asked (and says no more) loses nothing', async () => {
    await start();
    send('alice', GROUP, 300);
    const target = new MemorySyncTarget();
    const base = new WuKongIMSyncProvider({ baseUrl: server!.httpUrl });
    const provider: SyncProvider = {
      syncConversations: (r, s) => base.syncConversations(r, s),
      setUnread: (u, c, n, s) => base.setUnread(u, c, n, s),
      syncChannelMessages: async (r, s) => {
        const page = await base.syncChannelMessages(r, s);
        return { messages: page.messages.slice(0, 40), more: false };
      },
    };
    const e = engine(target, { provider, msgCount: 10, pageLimit: 200 });
    const done = synced(e);
    e.onConnected();
    await done;
    expect(seqsOf(target, GROUP)).toEqual(oneTo(300));
  });

  it('a run cut halfway resumes from what is stored, without fetching or storing anything twice', async () => {
    await start();
    send('alice', GROUP, 1000);
    const target = new MemorySyncTarget();
    const base = new WuKongIMSyncProvider({ baseUrl: server!.httpUrl });
    const requests: MessageSyncRequest[] = [];
    let e: SyncEngine | null = null;
    let cut = false;
    const provider: SyncProvider = {
      syncConversations: (r, s) => base.syncConversations(r, s),
      setUnread: (u, c, n, s) => base.setUnread(u, c, n, s),
      syncChannelMessages: async (r, s) => {
        requests.push(r);
        const page = await base.syncChannelMessages(r, s);
        // the link drops after the third page arrived, before it is stored
        if (requests.length === 3 && !cut) {
          cut = true;
          e!.onDisconnected();
        }
        return page;
      },
    };
    e = engine(target, { provider, msgCount: 10, pageLimit: 100 });
    e.onConnected();
    await e.idle;
    const afterCut = seqsOf(target, GROUP);
    expect(afterCut.length).toBeGreaterThan(10);
    expect(afterCut.length).toBeLessThan(1000);
    expect(e.state).toBe('idle');
    const firstMissing = (await target.missingSeqRanges(GROUP))[0]!.from;
    requests.length = 0;
    const done = synced(e);
    e.onConnected();
    await done;
    expect(seqsOf(target, GROUP)).toEqual(oneTo(1000));
    expect(target.duplicatesSkipped).toBe(0);
    // it picked up exactly where the stored messages end
    expect(requests[0]!.startSeq).toBe(firstMissing);
    const fetched = requests.reduce((n, r) => n + Math.min(r.limit, r.endSeq - r.startSeq), 0);
    expect(fetched).toBeLessThanOrEqual(1000 - afterCut.length + 100);
  });

  it('a server answering 500 is retried; after retries run out the app stays usable and tries again later', async () => {
    await start();
    send('alice', GROUP, 5);
    const target = new MemorySyncTarget();
    const e = engine(target);
    const errors: Error[] = [];
    e.on('error', (err) => errors.push(err));
    // two failures: within the three attempts
    await control({ fail: 2 });
    let done = synced(e);
    e.onConnected();
    await done;
    expect(seqsOf(target, GROUP)).toEqual(oneTo(5));
    expect(errors).toEqual([]);
    // more failures than attempts: an error, state back to idle, a later run succeeds
    send('alice', GROUP, 2);
    await control({ fail: 4 });
    done = synced(e);
    e.onConnected();
    await done;
    expect(errors.length).toBe(1);
    expect(errors[0]!.message).toMatch(/HTTP 500/);
    expect(seqsOf(target, GROUP)).toEqual(oneTo(7));
    expect(e.state).toBe('idle');
  });

  it('a server that does not answer times out, and the sync is retried', async () => {
    await start();
    send('alice', GROUP, 4);
    const target = new MemorySyncTarget();
    const e = engine(target, { timeoutMs: 150, retry: { attempts: 1, baseMs: 10, capMs: 10 } });
    const errors: Error[] = [];
    e.on('error', (err) => {
      errors.push(err);
      // the server recovers after the first timeout
      void control({ delay_ms: 0 });
    });
    await control({ delay_ms: 60_000 });
    const done = synced(e);
    e.onConnected();
    await done;
    expect(errors[0]!.message).toMatch(/no answer within 150 ms/);
    expect(seqsOf(target, GROUP)).toEqual(oneTo(4));
  });

  it('runs once at a time: CONNACKs during a run are merged into one more run', async () => {
    await start();
    send('alice', GROUP, 3);
    const target = new MemorySyncTarget();
    const base = new WuKongIMSyncProvider({ baseUrl: server!.httpUrl });
    let inFlight = 0;
    let maxInFlight = 0;
    let conversationSyncs = 0;
    const provider: SyncProvider = {
      syncConversations: async (r, s) => {
        conversationSyncs++;
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        try {
          return await base.syncConversations(r, s);
        } finally {
          inFlight--;
        }
      },
      setUnread: (u, c, n, s) => base.setUnread(u, c, n, s),
      syncChannelMessages: (r, s) => base.syncChannelMessages(r, s),
    };
    const e = engine(target, { provider });
    // the first starts a run; the other four arrive during it and make one more
    for (let i = 0; i < 5; i++) e.onConnected();
    await e.idle;
    await e.idle;
    expect(maxInFlight).toBe(1);
    expect(conversationSyncs).toBe(2);
    e.onConnected();
    await e.idle;
    expect(conversationSyncs).toBe(3);
  });

  it('markRead sets unread 0 on the server; the next sync carries the server count', async () => {
    await start();
    send('alice', { channelId: 'bob', channelType: 1 }, 4);
    const target = new MemorySyncTarget();
    const e = engine(target);
    let done = synced(e);
    e.onConnected();
    await done;
    expect(target.conversations.get('1:alice')?.unread).toBe(4);
    await e.markRead(ALICE);
    send('alice', { channelId: 'bob', channelType: 1 }, 1);
    done = synced(e);
    e.onConnected();
    await done;
    expect(target.conversations.get('1:alice')).toMatchObject({ unread: 1, readToSeq: 4 });
  });

  it('loadOlder fetches history before the oldest stored message', async () => {
    await start();
    send('alice', GROUP, 30);
    const target = new MemorySyncTarget();
    const e = engine(target, { msgCount: 5 });
    await control({});
    const done = synced(e);
    e.onConnected();
    await done;
    // bob's unread is 30: all came; read them, then ask for history of a fresh device
    const fresh = new MemorySyncTarget();
    const e2 = engine(fresh, { msgCount: 5 });
    await e.markRead(GROUP);
    const done2 = synced(e2);
    e2.onConnected();
    await done2;
    expect(seqsOf(fresh, GROUP)).toEqual([26, 27, 28, 29, 30]);
    const older = await e2.loadOlder(GROUP, 26, 10);
    expect(older.map((m) => Number(m.messageSeq))).toEqual(oneTo(25).slice(15));
    expect(seqsOf(fresh, GROUP)).toEqual(oneTo(30).slice(15));
    expect(await fresh.missingSeqRanges(GROUP)).toEqual([]);
  });
});
