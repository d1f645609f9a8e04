/**
 * Protocol conformance of the test server (spec §6-§10), driven by a client built from the
 * project's codec and crypto, at protocol versions 2, 4 and 5.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { PacketType, type RecvPacket } from '../../src/main/im/protocol/index';
import { KICK_REASON_OTHER_DEVICE } from './index';
import { harness, sleep, type Harness } from './test-helpers';

let h: Harness | null = null;
const start = async (opts: Parameters<typeof harness>[0] = {}): Promise<Harness> => {
  h = await harness(opts);
  return h;
};
afterEach(async () => {
  await h?.teardown();
  h = null;
});

describe.each([2, 4, 5])('protocol version %i', (version) => {
  it('logs in with a CONNACK laid out for the version', async () => {
    const { connect, server } = await start();
    const c = await connect();
    const t0 = BigInt(Date.now()) - 5000n;
    const connack = await c.login({
      uid: 'alice',
      token: 'alice-token',
      version,
      clientTimestamp: t0,
    });
    expect(connack.reasonCode).toBe(1);
    expect(connack.hasServerVersion).toBe(version > 3);
    expect(connack.serverVersion).toBe(version > 3 ? version : undefined);
    // nodeId from version 4 (§8.2)
    expect(connack.nodeId).toBe(version >= 4 ? 1001n : undefined);
    expect(connack.serverKey).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    expect(connack.salt).toMatch(/^[0-9a-zA-Z]{16}$/);
    // timeDiff = server now - clientTimestamp (we claimed to be 5 s behind)
    expect(connack.timeDiff).toBeGreaterThanOrEqual(5000n);
    expect(connack.timeDiff).toBeLessThan(60_000n);
    expect(server.online('alice')).toEqual([
      expect.objectContaining({ uid: 'alice', deviceFlag: 2, version, transport: 'tcp' }),
    ]);
    expect(server.stats.connectPackets).toBe(1);
    expect(server.stats.connectsByUid.get('alice')).toBe(1);
  });

  it('answers PING with PONG', async () => {
    const { login, server } = await start();
    const c = await login('alice', { version });
    await c.roundTrip();
    await c.roundTrip();
    expect(server.stats.pings).toBe(2);
    expect(c.all(PacketType.PONG)).toHaveLength(2);
  });

  it('SEND -> SENDACK -> RECV to the peer and to the sender\u2019s other devices only', async () => {
    const { login, server } = await start();
    const alice = await login('alice', { version });
    const alicePhone = await login('alice', { version: 5, deviceFlag: 0 });
    const bob = await login('bob', { version });
    const sent = alice.sendMessage({ channelId: 'bob', channelType: 1, payload: 'hello 世界' });

    const ack = await alice.next(PacketType.SENDACK);
    expect(ack.reasonCode).toBe(1);
    expect(ack.clientSeq).toBe(sent.clientSeq);
    expect(ack.messageSeq).toBe(1n);
    expect(ack.messageId).toBeGreaterThan(0n);
    expect(ack.flags?.redDot).toBe(true);

    const atBob = await bob.next(PacketType.RECV);
    expect(bob.open(atBob)).toBe('hello 世界');
    expect(atBob).toMatchObject({
      fromUid: 'alice',
      channelId: 'alice', // the receiver sees the sender (§8.5)
      channelType: 1,
      clientMsgNo: sent.clientMsgNo,
      messageId: ack.messageId,
      messageSeq: 1n,
    });
    expect(atBob.flags?.redDot).toBe(true);
    expect(Math.abs(atBob.timestamp - Date.now() / 1000)).toBeLessThan(60);

    const atPhone = await alicePhone.next(PacketType.RECV);
    expect(alicePhone.open(atPhone)).toBe('hello 世界');
    expect(atPhone.channelId).toBe('bob'); // the sender's other devices see the receiver
    expect(atPhone.flags?.redDot).toBe(false);

    // the sending connection itself gets no RECV (PONG is written after anything earlier)
    await alice.roundTrip();
    expect(alice.all(PacketType.RECV)).toHaveLength(0);
    expect(server.stats.sends).toBe(1);
    expect(server.stats.recvs).toBe(2);

    // the reverse direction continues the same conversation sequence
    bob.sendMessage({ channelId: 'alice', channelType: 1, payload: 'hi' });
    expect((await bob.next(PacketType.SENDACK)).messageSeq).toBe(2n);
    const back = await alice.next(PacketType.RECV);
    expect(alice.open(back)).toBe('hi');
    expect(back.channelId).toBe('bob');
  });

  it('answers a wrong msgKey with SENDACK 9 and keeps the connection', async () => {
    const { login } = await start();
    const alice = await login('alice', { version });
    const bob = await login('bob', { version });
    const good = alice.sendMessage({ channelId: 'bob', channelType: 1, payload: 'x' });
    await alice.next(PacketType.SENDACK);
    alice.send({ ...good, clientSeq: 77, msgKey: '0'.repeat(32) });
    const ack = await alice.next(PacketType.SENDACK);
    expect(ack).toMatchObject({ reasonCode: 9, clientSeq: 77 });
    // a payload that is not our ciphertext is rejected the same way
    alice.send({ ...good, clientSeq: 78, payload: Buffer.from('not-base64!') });
    expect((await alice.next(PacketType.SENDACK)).reasonCode).toBe(9);
    await alice.roundTrip();
    await bob.roundTrip();
    expect(bob.all(PacketType.RECV)).toHaveLength(1);
  });

  it('delivers group messages to members and refuses non-members with 3', async () => {
    const { login, server } = await start();
    server.setGroupMembers('g1', ['alice', 'bob']);
    const alice = await login('alice', { version });
    const bob = await login('bob', { version });
    const carol = await login('carol', { version });
    alice.sendMessage({ channelId: 'g1', channelType: 2, payload: 'to the group' });
    expect((await alice.next(PacketType.SENDACK)).reasonCode).toBe(1);
    const r = await bob.next(PacketType.RECV);
    expect(r).toMatchObject({ channelId: 'g1', channelType: 2, fromUid: 'alice' });
    expect(bob.open(r)).toBe('to the group');
    carol.sendMessage({ channelId: 'g1', channelType: 2, payload: 'let me in' });
    expect((await carol.next(PacketType.SENDACK)).reasonCode).toBe(3);
    await carol.roundTrip();
    expect(carol.all(PacketType.RECV)).toHaveLength(0);
  });

  it('redelivers the same RECV bytes until RECVACK, at most recvRetryMax times', async () => {
    const { login, server } = await start({ recvRetryIntervalMs: 150, recvRetryMax: 2 });
    const bob = await login('bob', { version });
    server.sendMessage({ fromUid: 'alice', channelId: 'bob', channelType: 1, payload: 'again' });
    const first = await bob.nextReceived(PacketType.RECV);
    const second = await bob.nextReceived(PacketType.RECV);
    const third = await bob.nextReceived(PacketType.RECV);
    expect(second.frame).toEqual(first.frame);
    expect(third.frame).toEqual(first.frame);
    expect(first.frame[0]! & 0x08).toBe(0); // no DUP on retries
    await expect.poll(() => server.stats.recvRetries).toBe(2);
    // acknowledged messages are not redelivered
    server.sendMessage({ fromUid: 'alice', channelId: 'bob', channelType: 1, payload: 'once' });
    const once = await bob.next(PacketType.RECV);
    bob.recvack(once);
    await expect.poll(() => server.stats.recvAcks).toBe(1);
    await sleep(400);
    expect(bob.all(PacketType.RECV).filter((r) => r.messageId === once.messageId)).toHaveLength(1);
    // and the first one stopped after recvRetryMax
    expect(bob.all(PacketType.RECV).filter((r) => r.messageId !== once.messageId)).toHaveLength(3);
  });
});

describe('version negotiation', () => {
  it.each([
    // [server newest, client version, expected effective, serverVersion byte]
    [4, 5, 4, true],
    [6, 5, 5, true],
    [6, 6, 6, true],
    [5, 3, 3, false],
    [4, 2, 2, false],
  ])('server %i, client %i -> effective %i', async (newest, client, effective, hasByte) => {
    const { connect, login, server } = await start({ newestVersion: newest });
    const c = await connect();
    const connack = await c.login({ uid: 'alice', token: 'alice-token', version: client });
    expect(connack.hasServerVersion).toBe(hasByte);
    if (hasByte) expect(connack.serverVersion).toBe(effective);
    expect(connack.nodeId !== undefined).toBe(effective >= 4);
    expect(server.online('alice')[0]?.version).toBe(effective);
    // messages flow at the negotiated version
    const bob = await login('bob', { version: 5 });
    c.sendMessage({ channelId: 'bob', channelType: 1, payload: `v${effective}` });
    expect((await c.next(PacketType.SENDACK)).reasonCode).toBe(1);
    expect(bob.open(await bob.next(PacketType.RECV))).toBe(`v${effective}`);
    server.sendMessage({ fromUid: 'bob', channelId: 'alice', channelType: 1, payload: 'back' });
    expect(c.open(await c.next(PacketType.RECV))).toBe('back');
  });
});

describe('authentication', () => {
  it('close style: a wrong token gets no CONNACK; the auth idle limit closes', async () => {
    const { connect, server } = await start({ idle: { duringAuthMs: 120 } });
    const fails: unknown[] = [];
    server.events.on('auth', (e: { ok: boolean }) => {
      if (!e.ok) fails.push(e);
    });
    const c = await connect();
    const t0 = Date.now();
    c.sendConnect({ uid: 'alice', token: 'wrong' });
    await c.waitClosed();
    expect(Date.now() - t0).toBeGreaterThanOrEqual(100);
    expect(c.received).toHaveLength(0);
    expect(fails).toEqual([expect.objectContaining({ uid: 'alice', reasonCode: 2 })]);
    expect(server.online()).toHaveLength(0);
  });

  it('close style: a PING while waiting for the CONNACK closes at once', async () => {
    const { connect } = await start({ idle: { duringAuthMs: 60_000 } });
    const c = await connect();
    c.sendConnect({ uid: 'alice', token: 'wrong' });
    await sleep(20);
    c.send({ type: PacketType.PING });
    await c.waitClosed(2000);
    expect(c.received).toHaveLength(0);
  });

  it.each([2, 5])(
    'connack style: reason 2 without serverVersion or nodeId, then close (v%i)',
    async (version) => {
      const { connect } = await start({ authFailureStyle: 'connack' });
      const c = await connect();
      const connack = await c.login({ uid: 'alice', token: 'wrong', version });
      expect(connack).toMatchObject({
        reasonCode: 2,
        hasServerVersion: false,
        timeDiff: 0n,
        serverKey: '',
        salt: '',
      });
      expect(connack.nodeId).toBeUndefined();
      await c.waitClosed();
    },
  );

  it('rejects a token registered for another device flag, and an empty token', async () => {
    const { connect } = await start({ authFailureStyle: 'connack' });
    const c = await connect();
    c.sendConnect({ uid: 'alice', token: 'alice-token', deviceFlag: 5 });
    expect((await c.next(PacketType.CONNACK)).reasonCode).toBe(2);
    const d = await connect();
    expect((await d.login({ uid: 'alice', token: '' })).reasonCode).toBe(2);
  });

  it('banned users: CONNACK 19 (connack style) or silence and close (close style)', async () => {
    const a = await start({ authFailureStyle: 'connack' });
    a.server.banUser('bob', true);
    const c = await a.connect();
    expect((await c.login({ uid: 'bob', token: 'bob-token' })).reasonCode).toBe(19);
    await c.waitClosed();
    a.server.banUser('bob', false);
    await a.login('bob');
    await a.teardown();

    const b = await start({ idle: { duringAuthMs: 80 } });
    b.server.banUser('bob', true);
    const d = await b.connect();
    d.sendConnect({ uid: 'bob', token: 'bob-token' });
    await d.waitClosed();
    expect(d.received).toHaveLength(0);
  });

  it('accepts any token when token auth is off, and visitors always', async () => {
    const { connect } = await start({ tokenAuth: false });
    const c = await connect();
    expect((await c.login({ uid: 'stranger', token: '' })).reasonCode).toBe(1);
    const on = await start({});
    const v = await on.connect();
    expect((await v.login({ uid: 'guest___vstr', token: '' })).reasonCode).toBe(1);
  });

  it('closes on a uid with @, # or & without a CONNACK', async () => {
    const { connect } = await start({ tokenAuth: false, authFailureStyle: 'connack' });
    const c = await connect();
    c.sendConnect({ uid: 'a@b', token: 'x' });
    await c.waitClosed();
    expect(c.received).toHaveLength(0);
  });

  it('a clientKey that is not a key fails authentication (21 in connack style)', async () => {
    const { connect } = await start({ authFailureStyle: 'connack' });
    const c = await connect();
    const connack = await c.login({ uid: 'alice', token: 'alice-token', clientKey: 'bm9wZQ==' });
    expect(connack.reasonCode).toBe(21);
  });

  it('encryption off: empty serverKey and salt, plaintext payloads and empty msgKeys', async () => {
    const { login } = await start({ encryption: false });
    const alice = await login('alice');
    const bob = await login('bob');
    expect(alice.connack).toMatchObject({ serverKey: '', salt: '' });
    const sent = alice.sendMessage({ channelId: 'bob', channelType: 1, payload: 'clear' });
    expect(sent.msgKey).toBe('');
    expect(sent.payload.toString()).toBe('clear');
    expect((await alice.next(PacketType.SENDACK)).reasonCode).toBe(1);
    const r: RecvPacket = await bob.next(PacketType.RECV);
    expect(r.msgKey).toBe('');
    expect(r.payload.toString()).toBe('clear');
  });
});

describe('kick rules (§10.3)', () => {
  it('master login with another deviceId: DISCONNECT(12) then close after the delay', async () => {
    const { login, server } = await start({ kickCloseDelayMs: 100 });
    const old = await login('alice', { deviceId: 'dev-A' });
    const t0 = Date.now();
    const fresh = await login('alice', { deviceId: 'dev-B' });
    const d = await old.next(PacketType.DISCONNECT);
    expect(d).toMatchObject({ reasonCode: 12, reason: KICK_REASON_OTHER_DEVICE });
    await old.waitClosed();
    expect(Date.now() - t0).toBeGreaterThanOrEqual(90);
    await fresh.roundTrip();
    expect(server.online('alice').map((c) => c.deviceId)).toEqual(['dev-B']);
  });

  it('same deviceId: the old connection is closed silently', async () => {
    const { login, server } = await start({ kickCloseDelayMs: 30 });
    const old = await login('alice', { deviceId: 'same' });
    await login('alice', { deviceId: 'same' });
    await old.waitClosed();
    expect(old.all(PacketType.DISCONNECT)).toHaveLength(0);
    expect(server.online('alice')).toHaveLength(1);
  });

  it('slave level: another deviceId stays, the same deviceId is replaced silently', async () => {
    const { login, server } = await start({
      kickCloseDelayMs: 30,
      users: [{ uid: 'alice', token: 't', deviceLevel: 0 }],
    });
    const a = await login('alice', { token: 't', deviceId: 'A' });
    const b = await login('alice', { token: 't', deviceId: 'B' });
    const b2 = await login('alice', { token: 't', deviceId: 'B' });
    await b.waitClosed();
    expect(b.all(PacketType.DISCONNECT)).toHaveLength(0);
    await a.roundTrip();
    await b2.roundTrip();
    expect(a.closed).toBe(false);
    expect(
      server
        .online('alice')
        .map((c) => c.deviceId)
        .sort(),
    ).toEqual(['A', 'B']);
  });

  it('different device flags never kick each other', async () => {
    const { login, server } = await start({ kickCloseDelayMs: 10 });
    const pc = await login('alice', { deviceFlag: 2, deviceId: 'x' });
    const web = await login('alice', { deviceFlag: 1, deviceId: 'y' });
    await sleep(40);
    await pc.roundTrip();
    await web.roundTrip();
    expect(server.online('alice')).toHaveLength(2);
  });

  it('kickDevice sends DISCONNECT(12, reason) and closes after the delay', async () => {
    const { login, server } = await start({ kickCloseDelayMs: 60 });
    const c = await login('alice');
    expect(server.kickDevice('alice', 2, 'bye')).toBe(1);
    expect(await c.next(PacketType.DISCONNECT)).toMatchObject({ reasonCode: 12, reason: 'bye' });
    await c.waitClosed();
    expect(server.online()).toHaveLength(0);
  });
});

describe('idle limits (§10.1)', () => {
  it('closes a connection that sends nothing before CONNECT', async () => {
    const { connect } = await start({ idle: { beforeConnectMs: 80 } });
    const t0 = Date.now();
    const c = await connect();
    await c.waitClosed();
    expect(Date.now() - t0).toBeGreaterThanOrEqual(70);
  });

  it('closes an authenticated connection without inbound bytes; PINGs keep it open', async () => {
    const { login } = await start({ idle: { afterAuthMs: 400 } });
    const quiet = await login('alice');
    const busy = await login('bob');
    const t0 = Date.now();
    while (!quiet.closed) {
      await busy.roundTrip();
      await sleep(20);
      if (Date.now() - t0 > 5000) throw new Error('quiet connection was never closed');
    }
    expect(Date.now() - t0).toBeGreaterThanOrEqual(380);
    expect(busy.closed).toBe(false);
  });
});

describe('size limit', () => {
  it('closes a connection whose packet exceeds maxPacketSize, before reading it', async () => {
    const { login } = await start({ maxPacketSize: 4096 });
    const alice = await login('alice');
    const bob = await login('bob');
    // header of a SEND declaring 5000 body bytes; the body never needs to arrive
    alice.writeRaw(Buffer.from([0x30, 0x88, 0x27]));
    await alice.waitClosed();
    bob.sendMessage({ channelId: 'alice', channelType: 1, payload: 'x'.repeat(1000) });
    expect((await bob.next(PacketType.SENDACK)).reasonCode).toBe(1);
  });
});
