/**
 * A real ConnectionManager on the test server drives the SyncEngine: the first CONNACK syncs
 * what was sent while signed out; a dropped link and the reconnect's CONNACK sync again.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../../../e2e/test-server/index';
import { connected, realManager, type RealHarness } from '../manager/testing/real-harness';
import { attachSync } from './attach-sync';
import { SyncEngine } from './sync-engine';
import { MemorySyncTarget } from './testing/memory-sync-target';
import { WuKongIMSyncProvider } from './wukongim-sync-provider';

let server: TestServer | null = null;
let h: RealHarness | null = null;
let engine: SyncEngine | null = null;

afterEach(async () => {
  await engine?.stop();
  h?.dispose();
  await server?.stop();
  engine = null;
  h = null;
  server = null;
});

const text = (s: string): Buffer => Buffer.from(JSON.stringify({ type: 1, content: s }));

describe('attachSync', () => {
  it('syncs after the first CONNACK and again after a reconnect; snapshots while connected start nothing', async () => {
    server = await startTestServer({ users: [{ uid: 'alice', token: 'alice-token' }] });
    // sent while alice was signed out
    for (let i = 0; i < 3; i++) {
      server.sendMessage({
        fromUid: 'bob',
        channelId: 'alice',
        channelType: 1,
        payload: text(`m${i}`),
      });
    }
    const target = new MemorySyncTarget();
    let conversationSyncs = 0;
    const base = new WuKongIMSyncProvider({ baseUrl: server.httpUrl });
    engine = new SyncEngine({
      provider: {
        syncConversations: (r, s) => {
          conversationSyncs++;
          return base.syncConversations(r, s);
        },
        syncChannelMessages: (r, s) => base.syncChannelMessages(r, s),
        setUnread: (u, c, n, s) => base.setUnread(u, c, n, s),
      },
      target,
      uid: () => 'alice',
    });
    h = realManager({ address: { host: '127.0.0.1', port: server.tcpPort } });
    attachSync(h.manager, engine);
    const firstSync = new Promise((r) => engine!.once('synced', r));
    h.manager.connect();
    await h.waitFor(connected);
    await firstSync;
    expect(
      target.messagesOf({ channelId: 'bob', channelType: 1 }).map((m) => Number(m.messageSeq)),
    ).toEqual([1, 2, 3]);
    expect(conversationSyncs).toBe(1);

    // sent while the link is down
    server.faults.closeAll();
    await h.waitFor((s) => s.status !== 'connected');
    server.sendMessage({
      fromUid: 'bob',
      channelId: 'alice',
      channelType: 1,
      payload: text('while away'),
    });
    const secondSync = new Promise((r) => engine!.once('synced', r));
    await h.waitFor(connected, 10_000);
    await secondSync;
    expect(
      target.messagesOf({ channelId: 'bob', channelType: 1 }).map((m) => Number(m.messageSeq)),
    ).toEqual([1, 2, 3, 4]);
    expect(conversationSyncs).toBe(2);
    expect(target.duplicatesSkipped).toBe(0);
  });
});
