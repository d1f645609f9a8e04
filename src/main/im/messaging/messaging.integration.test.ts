/**
 * Messaging end to end over real TCP on 127.0.0.1: the real ConnectionManager, the WuKongIM test
 * server and the fault proxy, with storage in temp folders. Real time with short configured
 * timeouts; every wait is for an observable condition, never a fixed sleep.
 *
 * The test server (like WuKongIM itself) pushes RECVs only to connections that are online and
 * keeps no offline queue for the TCP client (offline messages are synced over HTTP by the real
 * SDKs). "Offline" is therefore tested from both ends that exist: the sender queues while offline,
 * and the receiver's server-side redelivery until RECVACK meets our deduplication.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startFaultProxy, type FaultProxy } from '../../../../e2e/fault-proxy/index';
import { startTestServer, type TestServer } from '../../../../e2e/test-server/index';
import type { ReceivedMessage } from '../core';
import { connected, realManager, type RealHarness } from '../manager/testing/real-harness';
import { MessagingService } from './messaging-service';
import { TempDirs } from './testing/service-fixture';
import type { ChannelRef } from './types';

const USERS = [
  { uid: 'alice', token: 'alice-token' },
  { uid: 'bob', token: 'bob-token' },
];
const TO_BOB: ChannelRef = { channelId: 'bob', channelType: 1 };
/** bob sees a person channel under the sender's uid */
const FROM_ALICE: ChannelRef = { channelId: 'alice', channelType: 1 };

interface Client {
  h: RealHarness;
  service: MessagingService;
  dir: string;
}

const tmp = new TempDirs();
let server: TestServer;
let proxy: FaultProxy;
const clients: Client[] = [];

beforeEach(async () => {
  server = await startTestServer({
    wsPort: null,
    users: USERS,
    recvRetryIntervalMs: 100,
    kickCloseDelayMs: 100,
  });
  proxy = await startFaultProxy({ target: { host: '127.0.0.1', port: server.tcpPort } });
});

afterEach(async () => {
  for (const c of clients.splice(0)) {
    c.h.dispose();
    await c.service.close();
  }
  await proxy.stop();
  await server.stop();
  await tmp.cleanup();
});

/**
 * A signed-in client: manager (through the proxy for alice) + messaging on `dir`. `hook` wraps
 * the persist hook so a test can lose RECVACKs.
 */
async function signIn(
  uid: 'alice' | 'bob',
  dir: string,
  hook?: (m: ReceivedMessage, store: () => Promise<void>) => Promise<void>,
): Promise<Client> {
  let service: MessagingService | null = null;
  const persist = (m: ReceivedMessage): Promise<void> => {
    // Not open yet: no RECVACK, so the server sends it again later.
    if (!service) return Promise.reject(new Error('messaging not ready'));
    const s = service;
    return hook ? hook(m, () => s.onReceived(m)) : s.onReceived(m);
  };
  const h = realManager({
    address:
      uid === 'alice'
        ? { host: '127.0.0.1', port: proxy.port }
        : { host: '127.0.0.1', port: server.tcpPort },
    connectInfo: async () => ({ uid, token: `${uid}-token` }),
    deviceId: `${uid}-device`,
    onMessage: persist,
  });
  service = await MessagingService.open({ link: h.manager, uid, dir });
  const client = { h, service, dir };
  clients.push(client);
  return client;
}

/** What a crash leaves: the process state is gone, the files stay. */
function crash(c: Client): void {
  clients.splice(clients.indexOf(c), 1);
  c.h.manager.disconnect(true);
  void c.service.close();
}

const until = (check: () => void, timeout = 10_000) => vi.waitFor(check, { timeout, interval: 10 });
const view = (c: Client, channel: ChannelRef) =>
  c.service.list(channel, 500).map((e) => `${e.text}:${e.state}`);
const sendsBy = (uid: string) => {
  const seen: { clientMsgNo: string; messageId: bigint }[] = [];
  server.events.on('send', (e: { uid: string; clientMsgNo: string; messageId: bigint }) => {
    if (e.uid === uid) seen.push(e);
  });
  return seen;
};
const recvAcksBy = (uid: string) => {
  const seen: bigint[] = [];
  server.events.on('recvack', (e: { uid: string; messageId: bigint }) => {
    if (e.uid === uid) seen.push(e.messageId);
  });
  return seen;
};

describe('messaging over the real connection', () => {
  it('link cut after SEND, before SENDACK: after the reconnect the message exists once at the receiver and once in the sender history', async () => {
    const bob = await signIn('bob', await tmp.make());
    bob.h.manager.connect();
    await bob.h.waitFor(connected);
    const alice = await signIn('alice', await tmp.make());
    alice.h.manager.connect();
    await alice.h.waitFor(connected);

    const sends = sendsBy('alice');
    const bobAcks = recvAcksBy('bob');
    // The server has stored the SEND and written its SENDACK into the proxy: cut the link there,
    // in the same tick, so the SENDACK never reaches alice.
    server.events.once('send', () => proxy.resetAll());
    const entry = await alice.service.send(TO_BOB, 'exactly once');

    await until(() => expect(view(alice, TO_BOB)).toEqual(['exactly once:sent']));
    // The server took it twice (no dedupe by clientMsgNo there) and bob got, and acknowledged, both copies.
    expect(sends.map((s) => s.clientMsgNo)).toEqual([entry.clientMsgNo, entry.clientMsgNo]);
    expect(sends[0]!.messageId).not.toBe(sends[1]!.messageId);
    // both copies acknowledged (a slow RECVACK may be sent once more for a redelivered copy)
    await until(() => expect(new Set(bobAcks).size).toBe(2));
    expect(view(bob, FROM_ALICE)).toEqual(['exactly once:received']);
    expect(bob.service.channels()).toEqual([expect.objectContaining({ ...FROM_ALICE, unread: 1 })]);
    // alice's entry carries the id of the SEND that was acknowledged
    expect(alice.service.list(TO_BOB)[0]!.messageId).toBe(sends[1]!.messageId.toString());
    expect(alice.h.snapshots.filter((s) => s.status === 'connected')).toHaveLength(2);
  });

  it('simulated crash with queued messages (some already at the server): after a restart all are delivered once, in order', async () => {
    const bob = await signIn('bob', await tmp.make());
    bob.h.manager.connect();
    await bob.h.waitFor(connected);
    const aliceDir = await tmp.make();
    const alice1 = await signIn('alice', aliceDir);
    for (let i = 1; i <= 5; i++) await alice1.service.send(TO_BOB, `m${i}`);
    // The first SEND (maybe more of the window) reaches the server; the process dies before
    // any SENDACK arrives.
    server.events.once('send', () => {
      proxy.resetAll();
      crash(alice1);
    });
    alice1.h.manager.connect();
    const all = ['m1', 'm2', 'm3', 'm4', 'm5'].map((t) => `${t}:received`);
    await until(() => expect(view(bob, FROM_ALICE)[0]).toBe('m1:received'));
    expect(all.slice(0, view(bob, FROM_ALICE).length)).toEqual(view(bob, FROM_ALICE));
    expect(server.online('alice')).toEqual([]);

    const alice2 = await signIn('alice', aliceDir);
    expect(view(alice2, TO_BOB).map((v) => v.split(':')[0])).toEqual([
      'm1',
      'm2',
      'm3',
      'm4',
      'm5',
    ]);
    alice2.h.manager.connect();
    const expected = ['m1', 'm2', 'm3', 'm4', 'm5'];
    await until(() => expect(view(alice2, TO_BOB)).toEqual(expected.map((t) => `${t}:sent`)));
    await until(() => expect(server.stats.recvAcks).toBeGreaterThanOrEqual(6));
    expect(view(bob, FROM_ALICE)).toEqual(expected.map((t) => `${t}:received`));
  });

  it('100 messages written while offline reach the receiver exactly once and in order, through lost RECVACKs and redelivery', async () => {
    const firstSeen = new Set<bigint>();
    let ackLost = 0;
    // bob stores every message, but for every 7th one the RECVACK is lost the first time:
    // the server redelivers it (same messageId) and our inbox must not store it twice.
    const bob = await signIn('bob', await tmp.make(), async (m, store) => {
      await store();
      if (Number(m.messageSeq) % 7 === 0 && !firstSeen.has(m.messageId)) {
        firstSeen.add(m.messageId);
        ackLost += 1;
        throw new Error('simulated lost RECVACK');
      }
    });
    bob.h.manager.connect();
    await bob.h.waitFor(connected);
    const alice = await signIn('alice', await tmp.make());
    const expected = Array.from({ length: 100 }, (_, i) => `msg ${i}`);
    for (const text of expected) await alice.service.send(TO_BOB, text);
    expect(server.stats.sends).toBe(0);

    const bobAcked = recvAcksBy('bob');
    alice.h.manager.connect();
    await until(
      () => expect(view(alice, TO_BOB).filter((v) => v.endsWith(':sent'))).toHaveLength(100),
      30_000,
    );
    await until(() => expect(server.stats.recvRetries).toBeGreaterThanOrEqual(ackLost));
    // At least one RECVACK each; a RECVACK slower than the 100 ms redelivery interval (a busy
    // machine) adds one for the copy, which is stored once all the same.
    await until(() => expect(new Set(bobAcked).size).toBe(100));
    expect(server.stats.recvAcks).toBeGreaterThanOrEqual(100);
    expect(ackLost).toBe(14);
    expect(server.stats.sends).toBe(100);
    expect(view(bob, FROM_ALICE)).toEqual(expected.map((t) => `${t}:received`));
    expect(bob.service.channels()).toEqual([expect.objectContaining({ unread: 100 })]);
  }, 60_000);

  it('a kick keeps the outbox unsent; signing in again as the same uid delivers it once', async () => {
    const bob = await signIn('bob', await tmp.make());
    bob.h.manager.connect();
    await bob.h.waitFor(connected);
    const aliceDir = await tmp.make();
    const alice = await signIn('alice', aliceDir);
    alice.h.manager.connect();
    await alice.h.waitFor(connected);

    server.kickDevice('alice', -1, 'kicked by test');
    await alice.h.waitFor((s) => s.reason === 'kickOff');
    for (const t of ['k1', 'k2', 'k3']) await alice.service.send(TO_BOB, t);
    expect(view(alice, TO_BOB)).toEqual(['k1:queued', 'k2:queued', 'k3:queued']);
    expect(server.stats.sends).toBe(0);

    // sign-out: messaging closes, the manager stops; sign-in as alice again
    clients.splice(clients.indexOf(alice), 1);
    alice.h.manager.disconnect(true);
    await alice.service.close();
    const again = await signIn('alice', aliceDir);
    expect(view(again, TO_BOB)).toEqual(['k1:queued', 'k2:queued', 'k3:queued']);
    again.h.manager.connect();
    await until(() => expect(view(again, TO_BOB)).toEqual(['k1:sent', 'k2:sent', 'k3:sent']));
    await until(() =>
      expect(view(bob, FROM_ALICE)).toEqual(['k1:received', 'k2:received', 'k3:received']),
    );
    expect(server.stats.sends).toBe(3);
  });
});
