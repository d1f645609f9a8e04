/**
 * Kick, auth failure, bad server input, send and receive (rules in ../README.md) under fake
 * timers over the in-memory transport.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { PacketType, type RecvackPacket } from '../protocol';
import { advance, setup, teardown } from './testing/harness';
import type { ConnectInfo } from './types';

let h: ReturnType<typeof setup> | null = null;
afterEach(() => {
  if (h) teardown(h);
  h = null;
});

const GOOD = { uid: 'u1', token: 'token-u1-good' };
const LONG_WINDOW = 3_600_000;

describe('kick', () => {
  it('DISCONNECT 12 -> disconnected/kickOff with the text, latched, zero attempts until connect()', async () => {
    h = setup({}, { kickCloseDelayMs: 2_000 });
    h.manager.connect();
    await advance();
    h.server.kick('u1', 'login in other device');
    await advance();
    expect(h.manager.snapshot()).toMatchObject({
      status: 'disconnected',
      reason: 'kickOff',
      serverReasonCode: 12,
      serverReasonText: 'login in other device',
      nextRetryAt: null,
    });
    expect(h.kicks).toEqual([
      { reasonCode: 12, reasonText: 'login in other device', at: Date.now() },
    ]);
    // closed at once by us, not 2 s later by the server
    expect(h.tracker.live).toBe(0);
    const seq = h.manager.snapshot().seq;
    await advance(LONG_WINDOW);
    h.manager.setNetworkOnline(false);
    h.manager.setNetworkOnline(true);
    h.manager.resume();
    h.manager.retryNow();
    await advance(LONG_WINDOW);
    expect(h.connects()).toBe(1);
    expect(h.manager.snapshot().reason).toBe('kickOff');
    expect(h.manager.snapshot().seq).toBe(seq + 2); // networkOnline only
    h.server.stop();
    expect(vi.getTimerCount()).toBe(0);
    h.manager.connect();
    await advance();
    expect(h.manager.snapshot()).toMatchObject({ status: 'connected', serverReasonText: null });
  });

  it('the close after DISCONNECT never overwrites the kick (even if it arrives in the same chunk)', async () => {
    h = setup();
    h.manager.connect();
    await advance();
    const conn = [...h.server.conns][0]!;
    conn.send({ type: PacketType.DISCONNECT, reasonCode: 12, reason: 'bye' });
    conn.close();
    await advance(10_000);
    expect(h.manager.snapshot()).toMatchObject({ status: 'disconnected', reason: 'kickOff' });
    expect(h.kicks).toHaveLength(1);
    expect(h.connects()).toBe(1);
  });

  it('a silent close of a working session is an ordinary close: reconnect', async () => {
    h = setup({ random: () => 0 });
    h.manager.connect();
    await advance();
    h.server.restart();
    await advance(1);
    expect(h.statuses().slice(-3)).toEqual([
      'disconnected/serverClosed',
      'connecting/none',
      'connected/connectSuccess',
    ]);
    expect(h.kicks).toHaveLength(0);
    expect(h.connects()).toBe(2);
  });

  it('a silent close followed by a refused reconnect is an auth failure (token replaced elsewhere)', async () => {
    const refreshToken = vi.fn(async () => null);
    h = setup(
      { random: () => 0, refreshToken },
      { users: [GOOD], authFailureStyle: 'close', authIdleMs: 400 },
    );
    h.manager.connect();
    await advance();
    // Another device signed in as master: our token is gone and the server drops us silently.
    h.server.opts.users = [{ uid: 'u1', token: 'someone-else' }];
    h.server.restart();
    await advance(LONG_WINDOW);
    expect(h.manager.snapshot()).toMatchObject({ status: 'connectFail', reason: 'authFail' });
    expect(refreshToken).toHaveBeenCalledTimes(1);
    expect(h.connects()).toBe(1 + 2);
  });
});

describe.each(['connack', 'close'] as const)('auth failure, %s style', (style) => {
  it('wrong token: refresh once, retry once, then connectFail/authFail; 2 CONNECTs over a long window', async () => {
    const refreshToken = vi.fn(async () => 'still-wrong');
    h = setup(
      { refreshToken, connectInfo: async () => ({ uid: 'u1', token: 'wrong' }) },
      { users: [GOOD], authFailureStyle: style, authIdleMs: 400 },
    );
    h.manager.connect();
    await advance(LONG_WINDOW);
    expect(h.manager.snapshot()).toMatchObject({
      status: 'connectFail',
      reason: 'authFail',
      nextRetryAt: null,
    });
    if (style === 'connack') expect(h.manager.snapshot().serverReasonCode).toBe(2);
    expect(h.connects()).toBe(2);
    expect(h.server.connectPackets.map((p) => p.token)).toEqual(['wrong', 'still-wrong']);
    expect(refreshToken).toHaveBeenCalledTimes(1);
    expect(h.tracker.live).toBe(0);
    // another user action gets another (bounded) budget
    h.manager.connect();
    await advance(LONG_WINDOW);
    expect(h.connects()).toBe(4);
    expect(
      h.manager
        .diagnostics()
        .map((e) => JSON.stringify(e))
        .join(),
    ).not.toContain('still-wrong');
  });

  it('a refreshed token is used for the retry and the session comes up', async () => {
    let stored: ConnectInfo = { uid: 'u1', token: 'expired' };
    const refreshToken = vi.fn(async () => GOOD.token);
    h = setup(
      { refreshToken, connectInfo: async () => stored },
      { users: [GOOD], authFailureStyle: style, authIdleMs: 400 },
    );
    h.manager.connect();
    await advance(2_000);
    expect(h.manager.snapshot().status).toBe('connected');
    expect(h.server.connectPackets.map((p) => p.token)).toEqual(['expired', GOOD.token]);
    // a new sign-in with another token is used as is
    stored = { uid: 'u1', token: 'new-sign-in' };
    h.server.opts.users = [{ uid: 'u1', token: 'new-sign-in' }];
    h.manager.disconnect(true);
    h.manager.connect();
    await advance();
    expect(h.server.connectPackets.at(-1)?.token).toBe('new-sign-in');
  });
});

describe('what is not an auth failure', () => {
  it('a reset (socket error) after CONNECT, before CONNACK, backs off as networkError', async () => {
    const refreshToken = vi.fn(async () => null);
    h = setup({ refreshToken, random: () => 0.5 });
    h.server.ignoreConnect = true;
    h.manager.connect();
    for (let i = 0; i < 4; i += 1) {
      await advance(Math.max(0, (h.manager.snapshot().nextRetryAt ?? Date.now()) - Date.now()));
      const socket = h.tracker.last!;
      socket.emit('error', Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }));
      await advance();
      expect(h.manager.snapshot()).toMatchObject({
        status: 'disconnected',
        reason: 'networkError',
      });
    }
    expect(refreshToken).not.toHaveBeenCalled();
    expect(h.connects()).toBe(4);
  });
});

describe('other CONNACK codes', () => {
  it('ban (19) stops with connectFail/banned after one CONNECT', async () => {
    h = setup({}, { banned: ['u1'] });
    h.manager.connect();
    await advance(LONG_WINDOW);
    expect(h.manager.snapshot()).toMatchObject({
      status: 'connectFail',
      reason: 'banned',
      serverReasonCode: 19,
    });
    expect(h.connects()).toBe(1);
  });

  it.each([15, 22, 27])('code %i backs off and retries (serverError)', async (code) => {
    h = setup({ random: () => 0.5 });
    h.server.ignoreConnect = true;
    h.manager.connect();
    await advance();
    const conn = [...h.server.conns][0]!;
    conn.send({
      type: PacketType.CONNACK,
      hasServerVersion: false,
      timeDiff: 0n,
      reasonCode: code,
      serverKey: '',
      salt: '',
    });
    await advance();
    expect(h.manager.snapshot()).toMatchObject({
      status: 'disconnected',
      reason: 'serverError',
      serverReasonCode: code,
    });
    expect(h.manager.snapshot().nextRetryAt).not.toBeNull();
    h.server.ignoreConnect = false;
    await advance(1_000);
    expect(h.manager.snapshot().status).toBe('connected');
  });
});

describe('bad input from the server', () => {
  const cases: Array<[string, Buffer]> = [
    ['garbage', Buffer.from([0x00, 0xff, 0x13, 0x37])],
    ['an oversized length', Buffer.from([0x50, 0xff, 0xff, 0xff, 0x7f])],
    ['an undefined packet type', Buffer.from([0xd0, 0x00])],
    ['a truncated CONNACK-typed body', Buffer.from([0x20, 0x01, 0x00])],
  ];
  it.each(cases)('%s -> protocolError, then the normal reconnect', async (_name, bytes) => {
    h = setup({ random: () => 0 });
    h.manager.connect();
    await advance();
    const first = h.tracker.last;
    [...h.server.conns][0]!.raw(bytes);
    await advance(1);
    expect(first?.destroyed).toBe(true);
    expect(h.statuses()).toContain('disconnected/protocolError');
    expect(h.manager.snapshot().status).toBe('connected');
    expect(h.tracker.sockets).toHaveLength(2);
    expect(h.tracker.maxLive).toBe(1);
  });

  it('garbage during the handshake is a protocolError too', async () => {
    h = setup();
    h.server.ignoreConnect = true;
    h.manager.connect();
    await advance();
    [...h.server.conns][0]!.raw(Buffer.from([0xf0, 0x00]));
    await advance();
    expect(h.manager.snapshot().reason).toBe('protocolError');
  });

  it('an EVENT packet is skipped, not an error', async () => {
    h = setup();
    h.manager.connect();
    await advance();
    const conn = [...h.server.conns][0]!;
    conn.send({
      type: PacketType.EVENT,
      id: 'e1',
      eventType: 'x',
      timestamp: 1n,
      data: Buffer.from('{}'),
    });
    await advance();
    expect(h.manager.snapshot().status).toBe('connected');
    h.server.deliver('u1', 'after the event');
    await advance();
    expect(h.messages.map((m) => m.payload.toString())).toEqual(['after the event']);
  });

  it('a RECV with a wrong msgKey is dropped: not delivered, not acknowledged, logged', async () => {
    h = setup();
    h.manager.connect();
    await advance();
    const id = h.server.deliver('u1', 'tampered', { corrupt: true });
    await advance();
    expect(h.messages).toHaveLength(0);
    expect(h.serverSeen().filter((p) => p.type === PacketType.RECVACK)).toHaveLength(0);
    expect(
      h.manager
        .diagnostics()
        .some((e) => e.event === 'recvDropped' && e.detail?.includes(String(id))),
    ).toBe(true);
    expect(h.manager.snapshot().status).toBe('connected');
  });
});

describe('receive', () => {
  it('emits the decrypted message, awaits the persist hook, then RECVACKs with the RECV flags', async () => {
    let release: () => void = () => undefined;
    const persisted = new Promise<void>((resolve) => (release = resolve));
    const onMessage = vi.fn(() => persisted);
    h = setup({ onMessage });
    h.manager.connect();
    await advance();
    const id = h.server.deliver('u1', 'hello 世界');
    await advance();
    expect(h.messages).toHaveLength(1);
    expect(h.messages[0]).toMatchObject({
      messageId: id,
      messageSeq: 7n,
      fromUid: 'peer',
      redDot: true,
    });
    expect(h.messages[0]?.payload.toString()).toBe('hello 世界');
    expect(onMessage).toHaveBeenCalledTimes(1);
    expect(h.serverSeen().filter((p) => p.type === PacketType.RECVACK)).toHaveLength(0);
    release();
    await advance();
    const acks = h.serverSeen().filter((p): p is RecvackPacket => p.type === PacketType.RECVACK);
    expect(acks).toHaveLength(1);
    expect(acks[0]).toMatchObject({ messageId: id, messageSeq: 7n });
    expect(acks[0]?.flags?.redDot).toBe(true);
  });

  it('a rejecting persist hook means no RECVACK', async () => {
    h = setup({ onMessage: () => Promise.reject(new Error('disk full')) });
    h.manager.connect();
    await advance();
    h.server.deliver('u1', 'x');
    await advance();
    expect(h.serverSeen().filter((p) => p.type === PacketType.RECVACK)).toHaveLength(0);
    expect(h.manager.diagnostics().some((e) => e.event === 'persistFailed')).toBe(true);
  });

  it('a throwing listener does not break the manager', async () => {
    h = setup();
    h.manager.on('message', () => {
      throw new Error('listener bug');
    });
    h.manager.connect();
    await advance();
    h.server.deliver('u1', 'x');
    await advance();
    expect(h.manager.snapshot().status).toBe('connected');
    expect(h.serverSeen().filter((p) => p.type === PacketType.RECVACK)).toHaveLength(1);
  });
});

describe('send', () => {
  it('resolves on the SENDACK matched by clientSeq and emits sendAck; clientSeq continues across reconnects', async () => {
    h = setup({ random: () => 0 });
    const acks: number[] = [];
    h.manager.on('sendAck', (a) => acks.push(a.clientSeq));
    h.manager.connect();
    await advance();
    const [a, b] = await Promise.all([
      h.manager.send({ channelId: 'g1', channelType: 2, payload: Buffer.from('one') }),
      h.manager.send({
        channelId: 'g1',
        channelType: 2,
        payload: Buffer.from('two'),
        clientMsgNo: 'fixed-no',
      }),
      advance(),
    ]);
    expect(a).toMatchObject({ clientSeq: 1, reasonCode: 1 });
    expect(a.clientMsgNo).toMatch(/^[0-9a-f]{32}$/);
    expect(b).toMatchObject({ clientSeq: 2, clientMsgNo: 'fixed-no', reasonCode: 1 });
    expect(acks).toEqual([1, 2]);
    h.server.restart();
    await advance(1_000);
    expect(h.manager.snapshot().status).toBe('connected');
    const [c] = await Promise.all([
      h.manager.send({ channelId: 'g1', channelType: 2, payload: Buffer.from('three'), dup: true }),
      advance(),
    ]);
    expect(c.clientSeq).toBe(3);
    const send = h.serverSeen().find((p) => p.type === PacketType.SEND);
    expect(send?.flags?.dup).toBe(true);
  });

  it('rejects pending sends when the link goes away, and when not connected', async () => {
    h = setup();
    h.manager.connect();
    await advance();
    h.server.ignoreConnect = true;
    // The server will not answer SEND after we cut the link below.
    const p = h.manager.send({ channelId: 'g1', channelType: 2, payload: Buffer.from('lost') });
    h.manager.disconnect(false);
    await expect(p).rejects.toThrow(/disconnected before SENDACK/);
    await expect(
      h.manager.send({ channelId: 'g', channelType: 2, payload: Buffer.from('x') }),
    ).rejects.toThrow(/not connected/);
  });

  it('bad input to send() is a typed rejection, not a crash', async () => {
    h = setup();
    h.manager.connect();
    await advance();
    await expect(
      h.manager.send({ channelId: 'x'.repeat(40_000), channelType: 2, payload: Buffer.from('x') }),
    ).rejects.toThrow();
    expect(h.manager.snapshot().status).toBe('connected');
  });
});
