/**
 * 300 messages from alice to bob over real TCP while the link is cut, alice's process is killed
 * and restarted, SENDACKs get lost (a live link that stops answering: the sender drops it) and
 * bob's RECVACKs get lost (the server redelivers). Then the server delivers one of the first
 * messages again under the same clientMsgNo after 1,000 newer ones. Every message exists once at
 * bob, in order, and once (sent) at alice.
 */
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { startFaultProxy, type FaultProxy } from '../../../../e2e/fault-proxy/index';
import { startTestServer, type TestServer } from '../../../../e2e/test-server/index';
import { NotConnectedError } from '../manager/pending-sends';
import type { ReceivedMessage, SendRequest, SendResult } from '../manager/types';
import { connected, realManager, type RealHarness } from '../manager/testing/real-harness';
import { MessagingService } from './messaging-service';
import { encodeText } from './text-payload';
import { TempDirs } from './testing/service-fixture';
import type { MessagingLink } from './types';

const TO_BOB = { channelId: 'bob', channelType: 1 };
const FROM_ALICE = { channelId: 'alice', channelType: 1 };
const tmp = new TempDirs();
let server: TestServer;
let proxy: FaultProxy;
const cleanups: (() => Promise<void> | void)[] = [];

beforeEach(async () => {
  server = await startTestServer({
    wsPort: null,
    users: [
      { uid: 'alice', token: 'alice-token' },
      { uid: 'bob', token: 'bob-token' },
    ],
    recvRetryIntervalMs: 100,
    kickCloseDelayMs: 100,
  });
  proxy = await startFaultProxy({ target: { host: '127.0.0.1', port: server.tcpPort } });
});
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
  await proxy.stop();
  await server.stop();
  await tmp.cleanup();
});

/** The manager as messaging sees it, except that the SENDACK of chosen SENDs never arrives. */
function losingSendAcks(h: RealHarness, lose: (r: SendRequest) => boolean): MessagingLink {
  const swallowed = new Set<(e: Error) => void>();
  h.manager.on('snapshot', (s) => {
    if (s.status === 'connected') return;
    for (const reject of swallowed) reject(new NotConnectedError('disconnected before SENDACK'));
    swallowed.clear();
  });
  return {
    get isConnected() {
      return h.manager.isConnected;
    },
    send(r) {
      const result = h.manager.send(r);
      if (!lose(r)) return result;
      return new Promise<SendResult>((_, reject) => {
        result.catch(reject);
        swallowed.add(reject);
      });
    },
    dropStalled: (detail) => h.manager.dropStalled(detail),
    on: (e, l) => h.manager.on(e, l),
    off: (e, l) => h.manager.off(e, l),
  };
}

async function openClient(
  uid: 'alice' | 'bob',
  dir: string,
  o: {
    viaProxy?: boolean;
    hook?: (m: ReceivedMessage, store: () => Promise<void>) => Promise<void>;
    lose?: (r: SendRequest) => boolean;
  } = {},
) {
  let service: MessagingService | null = null;
  const h = realManager({
    address: { host: '127.0.0.1', port: o.viaProxy ? proxy.port : server.tcpPort },
    connectInfo: async () => ({ uid, token: `${uid}-token` }),
    deviceId: `${uid}-device`,
    onMessage: (m) => {
      const s = service;
      if (!s) return Promise.reject(new Error('messaging not ready'));
      return o.hook ? o.hook(m, () => s.onReceived(m)) : s.onReceived(m);
    },
  });
  const link = o.lose ? losingSendAcks(h, o.lose) : h.manager;
  service = await MessagingService.open({ link, uid, dir, sendAckTimeoutMs: 400 });
  const opened = service;
  let closed = false;
  const kill = async () => {
    if (closed) return;
    closed = true;
    h.manager.disconnect(true);
    h.dispose();
    await opened.close();
  };
  cleanups.push(kill);
  return { h, service: opened, kill };
}

const until = (check: () => void, timeout = 30_000) => vi.waitFor(check, { timeout, interval: 20 });

function allMessages(s: MessagingService, channel: typeof TO_BOB) {
  const all = [];
  for (let page = s.list(channel, 500); page.length > 0;) {
    all.unshift(...page);
    page = s.list(channel, 500, page[0]!.order);
  }
  return all;
}

it('300 messages through cuts, a kill, lost SENDACKs and lost RECVACKs; a re-send after 1,000 newer is stored once', async () => {
  const lostRecvAck = new Set<bigint>();
  const bob = await openClient('bob', await tmp.make(), {
    hook: async (m, store) => {
      await store();
      if (Number(m.messageSeq) % 11 === 0 && !lostRecvAck.has(m.messageId)) {
        lostRecvAck.add(m.messageId);
        throw new Error('simulated lost RECVACK');
      }
    },
  });
  bob.h.manager.connect();
  await bob.h.waitFor(connected);

  const aliceDir = await tmp.make();
  const lostSendAck = new Set<string>();
  const lose = (r: SendRequest) => {
    const n = Number(/m(\d+)$/.exec(JSON.parse(r.payload.toString()).content as string)?.[1]);
    if (n % 37 !== 5 || lostSendAck.has(r.clientMsgNo!)) return false;
    lostSendAck.add(r.clientMsgNo!);
    return true;
  };
  let alice = await openClient('alice', aliceDir, { viaProxy: true, lose });
  alice.h.manager.connect();
  const texts = Array.from({ length: 300 }, (_, i) => `m${i}`);
  const sentCount = () =>
    allMessages(alice.service, TO_BOB).filter((e) => e.state === 'sent').length;
  for (let i = 0; i < 300; i++) {
    await alice.service.send(TO_BOB, texts[i]!);
    if (i % 60 === 30) proxy.resetAll(); // a cut in the middle of a window
    if (i === 150) {
      // the process dies with messages queued and on the wire; a new one opens the same folder
      await alice.kill();
      alice = await openClient('alice', aliceDir, { viaProxy: true, lose });
      alice.h.manager.connect();
    }
  }
  await until(() => expect(sentCount()).toBe(300), 60_000);
  await until(() => expect(allMessages(bob.service, FROM_ALICE)).toHaveLength(300));
  expect(lostSendAck.size).toBeGreaterThan(3);
  expect(lostRecvAck.size).toBeGreaterThan(10);
  expect(server.stats.sends).toBeGreaterThan(300); // re-sends happened and were dropped by bob
  const atBob = allMessages(bob.service, FROM_ALICE);
  expect(atBob.map((e) => e.text)).toEqual(texts);
  expect(allMessages(alice.service, TO_BOB).map((e) => `${e.text}:${e.state}`)).toEqual(
    texts.map((t) => `${t}:sent`),
  );

  // 1,000 newer messages in that chat, then m0 once more under its clientMsgNo
  for (let i = 0; i < 1_000; i++)
    server.sendMessage({ fromUid: 'alice', ...TO_BOB, payload: encodeText(`later ${i}`) });
  await until(() => expect(allMessages(bob.service, FROM_ALICE)).toHaveLength(1_300));
  server.sendMessage({
    fromUid: 'alice',
    ...TO_BOB,
    payload: encodeText('m0'),
    clientMsgNo: atBob[0]!.clientMsgNo,
  });
  const acksBefore = server.stats.recvAcks;
  await until(() => expect(server.stats.recvAcks).toBeGreaterThan(acksBefore));
  const finalView = allMessages(bob.service, FROM_ALICE);
  expect(finalView).toHaveLength(1_300);
  expect(finalView.filter((e) => e.text === 'm0')).toHaveLength(1);
  expect(bob.service.channels()).toEqual([expect.objectContaining({ unread: 1_300 })]);
}, 120_000);

it('a SENDACK that never comes on a live link: the link is dropped and rebuilt, the message is delivered once', async () => {
  const bob = await openClient('bob', await tmp.make());
  bob.h.manager.connect();
  await bob.h.waitFor(connected);
  let lost = 0;
  const alice = await openClient('alice', await tmp.make(), {
    viaProxy: true,
    lose: () => lost++ === 0, // only the very first SENDACK
  });
  alice.h.manager.connect();
  await alice.h.waitFor(connected);
  const entry = await alice.service.send(TO_BOB, 'hello?');
  await until(() => expect(alice.service.list(TO_BOB)[0]!.state).toBe('sent'));
  expect(alice.h.snapshots.filter((s) => s.status === 'connected')).toHaveLength(2);
  expect(alice.h.manager.diagnostics().map((d) => d.detail ?? '')).toContainEqual(
    expect.stringContaining(`no SENDACK for ${entry.clientMsgNo}`),
  );
  await until(() =>
    expect(allMessages(bob.service, FROM_ALICE).map((e) => e.text)).toEqual(['hello?']),
  );
}, 30_000);
