/**
 * Kick, auth failure, bad server input, send and receive (rules in ../README.md) under fake
 * timers over the in-memory transport.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { PacketType, type RecvackPacket } from '../protocol';
import { SILENT_CLOSE_LIMIT } from './auth-failure-policy';
import { advance, FAST, setup, teardown } from './testing/harness';
import type { ConnectInfo } from './types';

let h: ReturnType<typeof setup> | null = null;
afterEach(() => {
  if (h) teardown(h);
  h = null;
});

const GOOD = { uid: 'u1', token: 'token-u1-good' };
const LONG_WINDOW = 3_600_000;
/** A v2.x server's auth idle close (4-6 s), inside the auth window (authCloseMinMs 2 s). */
const AUTH_IDLE_MS = 4_000;
const FAST_CONNECTS = { connectTimeoutMs: 10_000 };

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

  it('a silent close, then silent closes in the auth window: refresh once, stop at the 3rd in a row', async () => {
    const refreshToken = vi.fn(async () => null);
    h = setup(
      { random: () => 0, refreshToken, ...FAST_CONNECTS },
      { users: [GOOD], authFailureStyle: 'close', authIdleMs: AUTH_IDLE_MS },
    );
    h.manager.connect();
    await advance();
    // Another device signed in as master: our token is gone and the server drops us silently.
    h.server.opts.users = [{ uid: 'u1', token: 'someone-else' }];
    h.server.restart();
    await advance(LONG_WINDOW);
    expect(h.manager.snapshot()).toMatchObject({ status: 'connectFail', reason: 'authFail' });
    expect(refreshToken).toHaveBeenCalledTimes(1);
    expect(h.connects()).toBe(1 + SILENT_CLOSE_LIMIT);
  });
});

describe('CONNACK 2', () => {
  type Refresher = (() => Promise<string | null>) | undefined;
  it.each<[string, Refresher]>([
    ['no refresher', undefined],
    ['a refresher returning null', async () => null],
    ['a refresher returning the refused token', async () => 'wrong'],
    ['a refresher that fails', async () => Promise.reject(new Error('token API down'))],
  ])('%s: connectFail/authFail after exactly 1 CONNECT', async (_name, refresher) => {
    const refreshToken = refresher === undefined ? undefined : vi.fn(refresher);
    h = setup(
      {
        connectInfo: async () => ({ uid: 'u1', token: 'wrong' }),
        ...(refreshToken && { refreshToken }),
      },
      { users: [GOOD], authFailureStyle: 'connack' },
    );
    h.manager.connect();
    await advance(LONG_WINDOW);
    expect(h.manager.snapshot()).toMatchObject({
      status: 'connectFail',
      reason: 'authFail',
      serverReasonCode: 2,
      nextRetryAt: null,
    });
    expect(h.connects()).toBe(1);
    if (refreshToken) expect(refreshToken).toHaveBeenCalledTimes(1);
    expect(h.tracker.live).toBe(0);
  });

  it('a different refreshed token is retried at once; refused again, it stops after 2 CONNECTs', async () => {
    const refreshToken = vi.fn(async () => 'still-wrong');
    h = setup(
      { refreshToken, connectInfo: async () => ({ uid: 'u1', token: 'wrong' }) },
      { users: [GOOD], authFailureStyle: 'connack' },
    );
    h.manager.connect();
    await advance(LONG_WINDOW);
    expect(h.manager.snapshot()).toMatchObject({ status: 'connectFail', reason: 'authFail' });
    expect(h.server.connectPackets.map((p) => p.token)).toEqual(['wrong', 'still-wrong']);
    expect(refreshToken).toHaveBeenCalledTimes(1);
    // another user action gets another (bounded) budget; the refreshed token is still used, and a
    // refresher that has nothing newer ends it after 1 CONNECT
    h.manager.connect();
    await advance(LONG_WINDOW);
    expect(h.server.connectPackets.map((p) => p.token)).toEqual([
      'wrong',
      'still-wrong',
      'still-wrong',
    ]);
    expect(h.manager.snapshot()).toMatchObject({ status: 'connectFail', reason: 'authFail' });
    expect(
      h.manager
        .diagnostics()
        .map((e) => JSON.stringify(e))
        .join(),
    ).not.toContain('still-wrong');
  });

  it('a successful CONNACK ends the episode: a later refusal gets its own refresh', async () => {
    let valid = 't1';
    const refreshToken = vi.fn(async () => valid);
    h = setup(
      { refreshToken, connectInfo: async () => ({ uid: 'u1', token: 't0' }), random: () => 0 },
      { users: [{ uid: 'u1', token: 't1' }], authFailureStyle: 'connack' },
    );
    h.manager.connect();
    await advance(1_000);
    expect(h.manager.snapshot().status).toBe('connected');
    // t1 expires; the link dies (heartbeat timeout: no socket close, nothing else resets the
    // episode); the reconnect is refused and a refresh gives t2
    valid = 't2';
    h.server.opts.users = [{ uid: 'u1', token: 't2' }];
    h.server.ignorePings = true;
    await advance(FAST.heartbeatIntervalMs + FAST.pongTimeoutMs + 1_000);
    expect(h.statuses()).toContain('disconnected/heartbeatTimeout');
    expect(h.manager.snapshot().status).toBe('connected');
    expect(refreshToken).toHaveBeenCalledTimes(2);
    expect(h.server.connectPackets.map((p) => p.token)).toEqual(['t0', 't1', 't1', 't2']);
  });

  it('a chain of refreshes: the newest token replaces the host token for every later attempt', async () => {
    let valid = 't1';
    const refreshToken = vi.fn(async () => valid);
    h = setup(
      // the host never stores refreshed tokens: it keeps handing out t0
      { refreshToken, connectInfo: async () => ({ uid: 'u1', token: 't0' }), random: () => 0 },
      { users: [{ uid: 'u1', token: 't1' }], authFailureStyle: 'connack' },
    );
    h.manager.connect();
    await advance(1_000);
    valid = 't2';
    h.server.opts.users = [{ uid: 'u1', token: 't2' }];
    h.server.restart();
    await advance(5_000);
    expect(h.manager.snapshot().status).toBe('connected');
    // a plain drop: the next attempt must carry t2 at once, not t0 (nor t1)
    h.server.restart();
    await advance(5_000);
    expect(h.manager.snapshot().status).toBe('connected');
    expect(h.server.connectPackets.map((p) => p.token)).toEqual(['t0', 't1', 't1', 't2', 't2']);
  });
});

describe('silent close in the auth window (v2.x refusal or server restart)', () => {
  it('a wrong token: refresh once at the first close, back off, stop at the 3rd close in a row', async () => {
    const refreshToken = vi.fn(async () => 'still-wrong');
    h = setup(
      { refreshToken, connectInfo: async () => ({ uid: 'u1', token: 'wrong' }), ...FAST_CONNECTS },
      { users: [GOOD], authFailureStyle: 'close', authIdleMs: AUTH_IDLE_MS },
    );
    h.manager.connect();
    await advance(AUTH_IDLE_MS);
    // one ambiguous close never stops and never reads as a rejected token
    expect(h.manager.snapshot()).toMatchObject({ status: 'disconnected', reason: 'serverClosed' });
    await advance(LONG_WINDOW);
    expect(h.manager.snapshot()).toMatchObject({
      status: 'connectFail',
      reason: 'authFail',
      nextRetryAt: null,
    });
    expect(h.server.connectPackets.map((p) => p.token)).toEqual([
      'wrong',
      'still-wrong',
      'still-wrong',
    ]);
    expect(refreshToken).toHaveBeenCalledTimes(1);
    expect(h.statuses().filter((x) => x === 'connectFail/authFail')).toHaveLength(1);
    expect(h.tracker.live).toBe(0);
  });

  it('a refreshed token is used for the retry and the session comes up', async () => {
    let stored: ConnectInfo = { uid: 'u1', token: 'expired' };
    const refreshToken = vi.fn(async () => GOOD.token);
    h = setup(
      { refreshToken, connectInfo: async () => stored, ...FAST_CONNECTS },
      { users: [GOOD], authFailureStyle: 'close', authIdleMs: AUTH_IDLE_MS },
    );
    h.manager.connect();
    await advance(AUTH_IDLE_MS + 2_000);
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

  it('a network failure between two silent closes breaks the chain', async () => {
    const refreshToken = vi.fn(async () => null);
    h = setup(
      {
        refreshToken,
        connectInfo: async () => ({ uid: 'u1', token: 'wrong' }),
        random: () => 0,
        ...FAST_CONNECTS,
      },
      { users: [GOOD], authFailureStyle: 'close', authIdleMs: AUTH_IDLE_MS },
    );
    h.manager.connect();
    // close, close, reset, close, close: never 3 in a row
    await advance(2 * AUTH_IDLE_MS + 1_000);
    expect(h.connects()).toBe(3);
    h.tracker.last!.emit(
      'error',
      Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }),
    );
    await advance();
    expect(h.statuses()).toContain('disconnected/networkError');
    await advance(2 * AUTH_IDLE_MS + 1_000);
    expect(h.connects()).toBe(6);
    expect(h.manager.snapshot().status).toBe('connecting');
    // the new episode asked the refresher again
    expect(refreshToken).toHaveBeenCalledTimes(2);
    await advance(AUTH_IDLE_MS);
    expect(h.manager.snapshot()).toMatchObject({ status: 'connectFail', reason: 'authFail' });
    expect(h.connects()).toBe(6);
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
