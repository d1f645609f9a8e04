/**
 * Bad input closes only the connection that sent it; the server keeps serving everyone else.
 * A bystander pair of clients stays connected through every case and must still work after it.
 */
import { WebSocket } from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PacketType, encodePacket } from '../../src/main/im/protocol/index';
import { TestClient } from './test-client';
import { harness, type Harness } from './test-helpers';

let h: Harness;
let alice: TestClient;
let bob: TestClient;
let protocolErrors = 0;

beforeAll(async () => {
  h = await harness({ maxPacketSize: 64 * 1024 });
  alice = await h.login('alice');
  bob = await h.login('bob');
});
afterAll(async () => {
  await h.teardown();
});

/** The bystanders still exchange a message, and the server counted one more protocol error. */
async function bystandersStillServed(): Promise<void> {
  const text = `still here ${Math.random()}`;
  alice.sendMessage({ channelId: 'bob', channelType: 1, payload: text });
  expect((await alice.next(PacketType.SENDACK)).reasonCode).toBe(1);
  expect(bob.open(await bob.next(PacketType.RECV))).toBe(text);
  expect(alice.closed || bob.closed).toBe(false);
}

const connectPacket = (uid: string, token: string): Buffer =>
  encodePacket(
    {
      type: PacketType.CONNECT,
      version: 5,
      deviceFlag: 2,
      deviceId: 'bad-input',
      uid,
      token,
      clientTimestamp: BigInt(Date.now()),
      clientKey: 'hlF7wMOf6Ha3ZGy1407gPa9xzLrWdFDBapcK2MvAPn4=',
    },
    5,
  );

describe('bad input closes only that connection', () => {
  const cases: Array<[string, (c: TestClient) => Promise<void> | void]> = [
    ['garbage before CONNECT', (c) => c.writeRaw(Buffer.from([0xff, 0x00, 0x13, 0x37]))],
    ['a type-0 header', (c) => c.writeRaw(Buffer.from([0x00, 0x00]))],
    ['PING before CONNECT', (c) => c.send({ type: PacketType.PING })],
    [
      'a server-only packet (CONNACK) from a client',
      (c) => c.writeRaw(Buffer.from('200d0000000000000000020000000000', 'hex')),
    ],
    [
      'a remaining length over the size limit',
      (c) => c.writeRaw(Buffer.from([0x10, 0x80, 0x80, 0x80, 0x01])),
    ],
    [
      'a remaining-length varint of 5 bytes',
      (c) => c.writeRaw(Buffer.from([0x10, 0xff, 0xff, 0xff, 0xff, 0x01])),
    ],
    ['a truncated CONNECT body', (c) => c.writeRaw(Buffer.from([0x10, 0x03, 0x05, 0x02, 0x00]))],
    [
      'a CONNECT with extra body bytes',
      (c) => {
        const p = connectPacket('alice', 'alice-token');
        const body = Buffer.concat([p.subarray(2), Buffer.from([1, 2, 3])]);
        c.writeRaw(Buffer.concat([Buffer.from([0x10, body.length]), body]));
      },
    ],
    [
      'CONNECT and PING in one write',
      (c) =>
        c.writeRaw(Buffer.concat([connectPacket('alice', 'alice-token'), Buffer.from([0x70])])),
    ],
    [
      'a second CONNECT',
      async (c) => {
        expect((await c.login({ uid: 'carol', token: 'carol-token' })).reasonCode).toBe(1);
        c.writeRaw(connectPacket('carol', 'carol-token'));
      },
    ],
    [
      'an unknown packet type after login',
      async (c) => {
        await c.login({ uid: 'carol', token: 'carol-token' });
        c.writeRaw(Buffer.from([0xd0, 0x00]));
      },
    ],
    [
      'a truncated SEND after login',
      async (c) => {
        await c.login({ uid: 'carol', token: 'carol-token' });
        c.writeRaw(Buffer.from([0x30, 0x04, 0x00, 0x00, 0x00, 0x01]));
      },
    ],
    [
      'an oversized SEND after login',
      async (c) => {
        await c.login({ uid: 'carol', token: 'carol-token' });
        c.writeRaw(Buffer.concat([Buffer.from([0x30, 0x80, 0x80, 0x08]), Buffer.alloc(100)]));
      },
    ],
  ];

  it.each(cases)('%s', async (_name, misbehave) => {
    const before = h.server.stats.protocolErrors;
    const c = await h.connect();
    await misbehave(c);
    await c.waitClosed();
    expect(h.server.stats.protocolErrors).toBe(before + 1);
    protocolErrors++;
    await bystandersStillServed();
  });

  it('counted every case as a protocol error', () => {
    expect(h.server.stats.protocolErrors).toBe(protocolErrors);
  });

  it('a WebSocket text frame closes that WebSocket only', async () => {
    const ws = new WebSocket(h.server.wsUrl!);
    await new Promise((r, j) => ws.once('open', r).once('error', j));
    const closed = new Promise<number>((r) => ws.once('close', (code) => r(code)));
    ws.send('{"jsonrpc":"2.0"}');
    expect(await closed).toBe(1003);
    await bystandersStillServed();
  });

  it('garbage on a WebSocket closes that WebSocket only', async () => {
    const c = await TestClient.ws(h.server.wsUrl!);
    c.writeRaw(Buffer.from([0xf0, 0x01, 0x02]));
    await c.waitClosed();
    await bystandersStillServed();
  });

  it('an abrupt RST from a client mid-packet harms no one', async () => {
    const c = await h.connect();
    await c.login({ uid: 'carol', token: 'carol-token' });
    c.writeRaw(Buffer.from([0x30, 0x40, 0x00]));
    c.reset();
    await expect.poll(() => h.server.online('carol')).toHaveLength(0);
    await bystandersStillServed();
  });
});
