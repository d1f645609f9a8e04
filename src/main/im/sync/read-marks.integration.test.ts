/**
 * A chat read while offline stays read across a quit: the read mark the server has not accepted
 * is kept in the account's database and sent after the next CONNACK, before the conversation
 * sync, so the server's unread count no longer brings the chat back. Real SQLite file, the test
 * server over real HTTP on 127.0.0.1, a new store instance on the same file for the restart.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../../../e2e/test-server/index';
import { MessageStore } from '../messaging/message-store';
import { SqliteSyncTarget } from '../messaging/sync-target-store';
import { TempDirs } from '../messaging/testing/service-fixture';
import { SyncHttpError } from './http-json';
import { SyncEngine } from './sync-engine';
import type { SyncProvider } from './types';
import { WuKongIMSyncProvider } from './wukongim-sync-provider';

const GROUP = { channelId: 'g1', channelType: 2 };
const tmp = new TempDirs();
let server: TestServer;
let dir: string;
const stores: MessageStore[] = [];
const engines: SyncEngine[] = [];

beforeEach(async () => {
  server = await startTestServer({ users: [] });
  server.setGroupMembers('g1', ['alice', 'bob']);
  dir = await tmp.make();
});

afterEach(async () => {
  for (const e of engines.splice(0)) await e.stop();
  for (const s of stores.splice(0)) s.close();
  await server.stop();
  await tmp.cleanup();
});

function openStore(): MessageStore {
  const { store } = MessageStore.open({ dir, uid: 'bob', now: () => 0 });
  stores.push(store);
  return store;
}

function engine(provider: SyncProvider, target: SqliteSyncTarget): SyncEngine {
  const e = new SyncEngine({
    uid: () => 'bob',
    provider,
    target,
    retry: { attempts: 2, baseMs: 5, capMs: 10 },
    retryAfterFailureMs: 60_000,
  });
  e.on('error', () => {});
  engines.push(e);
  return e;
}

/** The real provider, with every call logged; `offline` makes every call fail as a lost link. */
function logged(log: string[], offline = false): SyncProvider {
  const real = new WuKongIMSyncProvider({ baseUrl: server.httpUrl });
  const down = (): never => {
    throw new SyncHttpError('network down', true);
  };
  return {
    syncConversations: async (r, s) => {
      log.push('sync');
      return offline ? down() : real.syncConversations(r, s);
    },
    syncChannelMessages: async (r, s) => (offline ? down() : real.syncChannelMessages(r, s)),
    setUnread: async (u, c, n, s) => {
      log.push(`setUnread ${c.channelId} ${n}`);
      return offline ? down() : real.setUnread(u, c, n, s);
    },
  };
}

describe('read marks across a restart', () => {
  it('a chat read while offline is still read after a quit and the next sync', async () => {
    for (let i = 1; i <= 5; i++) {
      server.sendMessage({
        fromUid: 'alice',
        ...GROUP,
        payload: Buffer.from(JSON.stringify({ type: 1, content: `m${i}` })),
      });
    }
    // online once: the chat arrives with 5 unread
    const first = openStore();
    const online = engine(logged([]), new SqliteSyncTarget(first));
    online.onConnected();
    await online.idle;
    expect(first.summary(GROUP).unread).toBe(5);
    await online.stop();

    // offline: the user opens the chat; the mark cannot reach the server; then the app quits
    const offlineLog: string[] = [];
    const offline = engine(logged(offlineLog, true), new SqliteSyncTarget(first));
    first.markRead(GROUP);
    void offline.markRead(GROUP);
    offline.onConnected();
    await offline.idle;
    expect(offlineLog[0]).toBe('setUnread g1 0');
    await offline.stop();
    first.close();

    // restart: a new store on the same file, a new engine; the next CONNACK
    const log: string[] = [];
    const store = openStore();
    const target = new SqliteSyncTarget(store);
    expect(await target.pendingReads()).toEqual([GROUP]);
    const e = engine(logged(log), target);
    e.onConnected();
    await e.idle;
    expect(log.slice(0, 2)).toEqual(['setUnread g1 0', 'sync']);
    expect(store.summary(GROUP).unread).toBe(0);
    // accepted: no longer kept
    expect(await target.pendingReads()).toEqual([]);
  });

  it('a kept mark is cleared only once sent; a damaged one is skipped', async () => {
    const store = openStore();
    const target = new SqliteSyncTarget(store);
    await target.savePendingRead(GROUP);
    await target.savePendingRead({ channelId: 'a:b', channelType: 1 });
    store.setSyncValue('read:9:broken', '{not json');
    expect(await target.pendingReads()).toEqual(
      expect.arrayContaining([GROUP, { channelId: 'a:b', channelType: 1 }]),
    );
    expect(await target.pendingReads()).toHaveLength(2);
    await target.clearPendingRead(GROUP);
    expect(await target.pendingReads()).toEqual([{ channelId: 'a:b', channelType: 1 }]);
  });

  it('a mark made while the previous one is in flight stays kept until it is sent too', async () => {
    const store = openStore();
    const target = new SqliteSyncTarget(store);
    const real = new WuKongIMSyncProvider({ baseUrl: server.httpUrl });
    let release: () => void = () => {};
    let calls = 0;
    const provider: SyncProvider = {
      syncConversations: (r, s) => real.syncConversations(r, s),
      syncChannelMessages: (r, s) => real.syncChannelMessages(r, s),
      setUnread: async (u, c, n, s) => {
        calls++;
        // the first is accepted once released; the newer one then finds the link gone
        if (calls === 1) {
          await new Promise<void>((resolve) => (release = resolve));
          return real.setUnread(u, c, n, s);
        }
        throw new SyncHttpError('network down', true);
      },
    };
    const e = engine(provider, target);
    void e.markRead(GROUP);
    await expect.poll(() => calls).toBe(1);
    void e.markRead(GROUP);
    release();
    await e.idle;
    expect(calls).toBeGreaterThan(1);
    expect(await target.pendingReads()).toEqual([GROUP]);
  });
});
