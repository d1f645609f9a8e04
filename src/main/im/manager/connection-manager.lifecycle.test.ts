/**
 * State machine under fake timers over the in-memory transport: connecting,
 * phase timeouts, dead-link detection, backoff, network changes, sleep and disconnect (rules in
 * ../README.md).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { backoffDelay, seededRandom } from '../connection/backoff';
import { PacketType } from '../protocol';
import { ConnectionOptionsError } from './options';
import { ConnectionManager } from './connection-manager';
import { advance, setup, teardown } from './testing/harness';

let h: ReturnType<typeof setup> | null = null;
afterEach(() => {
  if (h) teardown(h);
  h = null;
});

describe('connect and CONNACK', () => {
  it('goes connecting -> connected only after CONNACK 1, with the negotiated details in the snapshot', async () => {
    h = setup({}, { newestVersion: 4 });
    h.manager.connect();
    expect(h.manager.snapshot().status).toBe('connecting');
    await advance();
    // the second 'connecting' snapshot carries the resolved address
    expect(h.statuses()).toEqual([
      'connecting/none',
      'connecting/none',
      'connected/connectSuccess',
    ]);
    expect(h.snapshots.map((x) => x.address)).toEqual([null, 'memory:5100', 'memory:5100']);
    const s = h.manager.snapshot();
    expect(s).toMatchObject({
      status: 'connected',
      attempt: 0,
      address: 'memory:5100',
      protocolVersion: 4,
      nodeId: '1234567890123456789',
      serverReasonCode: 1,
      networkOnline: true,
    });
    expect(h.manager.isConnected).toBe(true);
    const connect = h.server.connectPackets[0];
    expect(connect).toMatchObject({ version: 5, deviceFlag: 2, deviceId: 'device-1', uid: 'u1' });
    expect(connect?.clientKey).toHaveLength(44);
    expect(h.tracker.last?.keepAlive).toBe(true);
    expect(h.tracker.last?.noDelay).toBe(true);
  });

  it('seq rises by one per snapshot and snapshots are only emitted on change', async () => {
    h = setup();
    h.manager.connect();
    h.manager.connect(); // idempotent while connecting
    await advance();
    h.manager.connect(); // idempotent while connected
    h.manager.setNetworkOnline(true); // no change
    await advance();
    expect(h.snapshots.map((s) => s.seq)).toEqual([1, 2, 3]);
    expect(h.tracker.sockets).toHaveLength(1);
    expect(h.connects()).toBe(1);
  });

  it('writes CONNECT alone and nothing else before CONNACK, even when a heartbeat tick would be due', async () => {
    h = setup({ connectTimeoutMs: 60_000, heartbeatIntervalMs: 1_000 });
    h.server.ignoreConnect = true;
    h.manager.connect();
    await advance(30_000);
    const socket = h.tracker.last;
    expect(socket?.writes).toHaveLength(1);
    expect(socket?.writes[0]?.[0]).toBe(0x10);
    expect(h.manager.snapshot().status).toBe('connecting');
    expect(h.statuses()).not.toContain('connected/connectSuccess');
    await expect(
      h.manager.send({ channelId: 'c', channelType: 1, payload: Buffer.from('x') }),
    ).rejects.toThrow(/not connected/);
  });

  it('rejects unusable options with a typed error', () => {
    const base = {
      address: { host: 'h', port: 1 },
      connectInfo: async () => ({ uid: 'u', token: 't' }),
    };
    expect(() => new ConnectionManager({ ...base, deviceId: '' })).toThrow(ConnectionOptionsError);
    expect(
      () => new ConnectionManager({ ...base, deviceId: 'd', heartbeatIntervalMs: -1 }),
    ).toThrow(ConnectionOptionsError);
    expect(
      () => new ConnectionManager({ ...base, deviceId: 'd', maxReconnectAttempts: 1.5 }),
    ).toThrow(ConnectionOptionsError);
    for (const backoffJitter of [-0.1, 1.5, Number.NaN]) {
      expect(() => new ConnectionManager({ ...base, deviceId: 'd', backoffJitter })).toThrow(
        /backoffJitter must be a number from 0 to 1/,
      );
    }
    expect(() => new ConnectionManager({ ...base, deviceId: 'd', authCloseMinMs: 0 })).toThrow(
      /authCloseMinMs must be a positive number of ms/,
    );
  });

  it('backoffJitter sets the fixed share of the delay (0.5: the first retry waits half the base at least)', async () => {
    h = setup({ random: () => 0, reconnectIntervalMs: 2_000, backoffJitter: 0.5 });
    h.server.listening = false;
    h.manager.connect();
    await advance();
    expect(h.manager.snapshot().nextRetryAt! - Date.now()).toBe(1_000);
  });

  it('a reconnect interval set above the backoff cap is kept (the cap never shortens it)', async () => {
    h = setup({ random: () => 0.999, reconnectIntervalMs: 20_000, backoffCapMs: 7_000 });
    h.server.listening = false;
    h.manager.connect();
    await advance();
    const s = h.manager.snapshot();
    expect(s.nextRetryAt! - Date.now()).toBeGreaterThan(19_000);
  });
});

describe('every phase times out', () => {
  it('TCP connect that never completes leaves connecting within connectTimeout and backs off', async () => {
    h = setup();
    h.server.blackholeTcp = true;
    h.manager.connect();
    await advance(999);
    expect(h.manager.snapshot().status).toBe('connecting');
    await advance(1);
    const s = h.manager.snapshot();
    expect(s).toMatchObject({ status: 'disconnected', reason: 'connectTimeout', attempt: 1 });
    expect(s.nextRetryAt).not.toBeNull();
    expect(h.tracker.live).toBe(0);
  });

  it('a server that accepts TCP and never answers CONNECT: connectTimeout after CONNECT, then backoff', async () => {
    h = setup();
    h.server.ignoreConnect = true;
    h.manager.connect();
    await advance(999);
    expect(h.manager.snapshot().status).toBe('connecting');
    await advance(2);
    expect(h.manager.snapshot()).toMatchObject({
      status: 'disconnected',
      reason: 'connectTimeout',
    });
    // backoff then a new attempt
    await advance(1_000);
    expect(h.connects()).toBe(2);
    expect(h.tracker.maxLive).toBe(1);
  });

  it('address lookup via the route API times out after addressTimeout (5 s default)', async () => {
    const hang: typeof fetch = (_u, init) =>
      new Promise((_res, rej) =>
        init?.signal?.addEventListener('abort', () => rej(new Error('aborted'))),
      );
    h = setup({ address: { routeUrl: 'http://route.test/route' }, fetch: hang });
    h.manager.connect();
    await advance(4_999);
    expect(h.manager.snapshot().status).toBe('connecting');
    await advance(1);
    expect(h.manager.snapshot()).toMatchObject({
      status: 'disconnected',
      reason: 'addressUnavailable',
    });
    expect(h.tracker.sockets).toHaveLength(0);
  });

  it('a connectInfo provider that hangs is cut at connectTimeout', async () => {
    h = setup({ connectInfo: () => new Promise(() => undefined) });
    h.manager.connect();
    await advance(1_000);
    expect(h.manager.snapshot()).toMatchObject({
      status: 'disconnected',
      reason: 'connectTimeout',
    });
  });

  it('uses the route API answer as the address', async () => {
    const fetchOk: typeof fetch = async () =>
      new Response(JSON.stringify({ tcp_addr: '10.1.2.3:5100' }), { status: 200 });
    h = setup({ address: { routeUrl: 'http://route.test/route' }, fetch: fetchOk });
    h.manager.connect();
    await advance();
    expect(h.tracker.last?.endpoint).toEqual({ host: '10.1.2.3', port: 5100 });
    expect(h.manager.snapshot()).toMatchObject({ status: 'connected', address: '10.1.2.3:5100' });
  });
});

describe('dead link detection', () => {
  it('PINGs after heartbeatInterval of silence, records the RTT', async () => {
    h = setup();
    h.manager.connect();
    await advance();
    await advance(4_999);
    expect(h.pings()).toBe(0);
    await advance(1);
    expect(h.pings()).toBe(1);
    expect(h.manager.snapshot().lastRttMs).toBe(0);
    expect(h.manager.snapshot().status).toBe('connected');
  });

  it('no PONG within pongTimeout -> heartbeatTimeout and reconnect, within interval + pongTimeout', async () => {
    h = setup();
    h.manager.connect();
    await advance();
    h.server.ignorePings = true;
    await advance(5_000 + 1_999);
    expect(h.manager.snapshot().status).toBe('connected');
    await advance(1);
    expect(h.manager.snapshot()).toMatchObject({
      status: 'disconnected',
      reason: 'heartbeatTimeout',
      attempt: 1,
    });
    h.server.ignorePings = false;
    await advance(1_000);
    expect(h.manager.snapshot().status).toBe('connected');
    expect(h.tracker.maxLive).toBe(1);
  });

  it('any inbound packet counts as life: traffic postpones the PING', async () => {
    h = setup();
    h.manager.connect();
    await advance();
    await advance(3_000);
    h.server.deliver('u1', 'hi');
    await advance(2_500); // 5.5 s since CONNACK, 2.5 s since the RECV; we sent a RECVACK too
    expect(h.pings()).toBe(0);
    await advance(2_500);
    expect(h.pings()).toBe(1);
  });
});

describe('backoff', () => {
  it('follows full jitter with the seeded random source', async () => {
    h = setup({ random: seededRandom(99) });
    h.server.listening = false;
    const expected = seededRandom(99);
    const delays: number[] = [];
    h.manager.on('snapshot', (s) => {
      if (s.nextRetryAt !== null) delays.push(s.nextRetryAt - s.at);
    });
    h.manager.connect();
    await advance();
    for (let i = 0; i < 7; i += 1) await advance(h.manager.snapshot().nextRetryAt! - Date.now());
    const policy = { baseMs: 1_000, capMs: 30_000 };
    expect(delays.slice(0, 8)).toEqual(
      Array.from({ length: 8 }, (_, a) => backoffDelay(a, policy, expected)),
    );
    expect(h.manager.snapshot().attempt).toBe(8);
    expect(h.manager.snapshot().reason).toBe('networkError');
  });

  it('accept-and-drop does not reset the counter; 60 s of stable link does', async () => {
    h = setup({ random: () => 0.5 });
    h.manager.connect();
    for (let i = 0; i < 4; i += 1) {
      await advance(Math.max(0, (h.manager.snapshot().nextRetryAt ?? Date.now()) - Date.now()));
      expect(h.manager.snapshot().status).toBe('connected');
      h.server.restart(); // drop at once
      await advance();
    }
    expect(h.manager.snapshot()).toMatchObject({ reason: 'serverClosed', attempt: 4 });
    expect(h.manager.snapshot().nextRetryAt! - Date.now()).toBe(4_000); // 0.5 * 2^3 s
    await advance(4_000);
    await advance(60_000);
    h.server.restart();
    await advance();
    expect(h.manager.snapshot()).toMatchObject({ reason: 'serverClosed', attempt: 1 });
    expect(h.manager.snapshot().nextRetryAt! - Date.now()).toBe(500);
  });

  it('maxReconnectAttempts ends in connectFail / maxAttemptsReached; retryNow restarts', async () => {
    h = setup({ maxReconnectAttempts: 2 });
    h.server.listening = false;
    h.manager.connect();
    await advance(120_000);
    expect(h.manager.snapshot()).toMatchObject({
      status: 'connectFail',
      reason: 'maxAttemptsReached',
      maxAttempts: 2,
    });
    expect(h.tracker.sockets).toHaveLength(3);
    await advance(600_000);
    expect(h.tracker.sockets).toHaveLength(3);
    h.server.startListening();
    h.manager.retryNow();
    await advance();
    expect(h.manager.snapshot().status).toBe('connected');
  });

  it('retryNow skips the backoff wait', async () => {
    h = setup({ random: () => 0.99 });
    h.server.listening = false;
    h.manager.connect();
    await advance();
    h.server.startListening();
    expect(h.manager.snapshot().nextRetryAt).not.toBeNull();
    h.manager.retryNow();
    await advance();
    expect(h.manager.snapshot().status).toBe('connected');
  });

  it('autoReconnect false: a drop waits for a trigger', async () => {
    h = setup({ autoReconnect: false });
    h.manager.connect();
    await advance();
    h.server.restart();
    await advance(120_000);
    expect(h.manager.snapshot()).toMatchObject({
      status: 'disconnected',
      reason: 'serverClosed',
      nextRetryAt: null,
    });
    expect(h.tracker.sockets).toHaveLength(1);
    h.manager.retryNow();
    await advance();
    expect(h.manager.snapshot().status).toBe('connected');
  });
});

describe('network', () => {
  it('offline: zero attempts, status noNetwork; online: connecting within 500 ms', async () => {
    h = setup();
    h.manager.connect();
    await advance();
    h.manager.setNetworkOnline(false);
    expect(h.manager.snapshot()).toMatchObject({
      status: 'disconnected',
      reason: 'noNetwork',
      networkOnline: false,
    });
    expect(h.tracker.live).toBe(0);
    await advance(3_600_000);
    expect(h.tracker.sockets).toHaveLength(1);
    expect(vi.getTimerCount()).toBe(0);
    h.manager.setNetworkOnline(true);
    await advance(500);
    expect(h.manager.snapshot().status).toBe('connected');
    expect(h.tracker.sockets).toHaveLength(2);
  });

  it('connect() while offline waits for the network', async () => {
    h = setup();
    h.manager.setNetworkOnline(false);
    h.manager.connect();
    await advance(60_000);
    expect(h.manager.snapshot()).toMatchObject({ status: 'disconnected', reason: 'noNetwork' });
    expect(h.tracker.sockets).toHaveLength(0);
    h.manager.setNetworkOnline(true);
    await advance();
    expect(h.manager.snapshot().status).toBe('connected');
  });

  it('coming online cancels a long backoff wait and resets the attempt counter', async () => {
    h = setup({ random: () => 0.99 });
    h.server.listening = false;
    h.manager.connect();
    await advance(200_000);
    expect(h.manager.snapshot().attempt).toBeGreaterThan(3);
    h.server.startListening();
    h.manager.setNetworkOnline(false);
    h.manager.setNetworkOnline(true);
    await advance(100);
    expect(h.manager.snapshot()).toMatchObject({ status: 'connected', attempt: 0 });
  });
});

describe('sleep', () => {
  it('suspend closes and stops every timer; resume reconnects at once with the backoff reset', async () => {
    h = setup();
    h.manager.connect();
    await advance();
    h.manager.suspend();
    expect(h.manager.snapshot()).toMatchObject({ status: 'disconnected', reason: 'suspended' });
    expect(h.tracker.live).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
    h.manager.setNetworkOnline(false);
    h.manager.setNetworkOnline(true); // network events while asleep do not connect
    await advance(3_600_000);
    expect(h.tracker.sockets).toHaveLength(1);
    h.manager.resume();
    await advance();
    expect(h.manager.snapshot()).toMatchObject({ status: 'connected', attempt: 0 });
  });

  it('screenUnlocked during a backoff wait connects at once', async () => {
    h = setup({ random: () => 0.99 });
    h.server.listening = false;
    h.manager.connect();
    await advance(100_000);
    h.server.startListening();
    h.manager.screenUnlocked();
    await advance();
    expect(h.manager.snapshot()).toMatchObject({ status: 'connected', attempt: 0 });
  });

  it('a wall-clock jump of several heartbeat ticks is treated as a resume', async () => {
    h = setup();
    h.manager.connect();
    await advance();
    const firstSocket = h.tracker.last;
    // The machine slept: wall time moved 10 minutes, timers did not run.
    vi.setSystemTime(Date.now() + 600_000);
    await advance(5_000);
    expect(firstSocket?.destroyed).toBe(true);
    expect(h.tracker.sockets).toHaveLength(2);
    expect(h.manager.snapshot()).toMatchObject({ status: 'connected', attempt: 0 });
    expect(h.manager.diagnostics().some((e) => e.event === 'clockJump')).toBe(true);
  });

  it('resume while still connected probes the link with a PING', async () => {
    h = setup();
    h.manager.connect();
    await advance();
    h.manager.resume();
    await advance();
    expect(h.pings()).toBe(1);
  });
});

describe('disconnect', () => {
  it("disconnect(true, 'userDisconnect') stops like logout but says the user chose it", async () => {
    h = setup();
    h.manager.connect();
    await advance();
    h.manager.disconnect(true, 'userDisconnect');
    expect(h.tracker.live).toBe(0);
    expect(h.manager.snapshot()).toMatchObject({
      status: 'disconnected',
      reason: 'userDisconnect',
    });
    expect(vi.getTimerCount()).toBe(0);
  });

  it('disconnect(true) cancels every timer and closes at once; nothing fires afterwards', async () => {
    h = setup();
    h.manager.connect();
    await advance();
    h.manager.disconnect(true);
    expect(h.tracker.live).toBe(0);
    expect(h.manager.snapshot()).toMatchObject({ status: 'disconnected', reason: 'logout' });
    h.server.stop();
    expect(vi.getTimerCount()).toBe(0);
    expect(h.manager.liveResources).toEqual({ timers: 0, socket: false });
    const seq = h.manager.snapshot().seq;
    h.manager.setNetworkOnline(false);
    h.manager.setNetworkOnline(true);
    h.manager.resume();
    await advance(3_600_000);
    expect(h.tracker.sockets).toHaveLength(1);
    expect(h.manager.snapshot().status).toBe('disconnected');
    expect(h.manager.snapshot().seq).toBe(seq + 2); // only the two networkOnline changes
  });

  it('disconnect(true) during each phase (connecting, backoff) leaves nothing behind', async () => {
    h = setup();
    h.server.ignoreConnect = true;
    h.manager.connect();
    await advance(10);
    h.manager.disconnect(true);
    expect(h.tracker.live).toBe(0);
    h.server.ignoreConnect = false;
    h.server.listening = false;
    h.manager.connect();
    await advance(10);
    expect(h.manager.snapshot().nextRetryAt).not.toBeNull();
    h.manager.disconnect(true);
    h.server.stop();
    expect(vi.getTimerCount()).toBe(0);
    await advance(600_000);
    expect(h.tracker.sockets).toHaveLength(2);
  });

  it('disconnect(false) keeps the mechanism: no timer reconnects, but a trigger does', async () => {
    h = setup();
    h.manager.connect();
    await advance();
    h.manager.disconnect(false);
    expect(h.manager.snapshot()).toMatchObject({
      status: 'disconnected',
      reason: 'userDisconnect',
    });
    await advance(600_000);
    expect(h.tracker.sockets).toHaveLength(1);
    h.manager.resume();
    await advance();
    expect(h.manager.snapshot().status).toBe('connected');
  });
});

describe('diagnostics', () => {
  it('records transitions with attempt, delay and address, never the token', async () => {
    h = setup({ connectInfo: async () => ({ uid: 'u1', token: 'super-secret-token-123' }) });
    h.server.listening = false;
    h.manager.connect();
    await advance(5_000);
    h.server.startListening();
    await advance(30_000);
    const entries = h.manager.diagnostics();
    expect(entries.some((e) => e.event === 'backoff' && typeof e.delayMs === 'number')).toBe(true);
    expect(entries.some((e) => e.address === 'memory:5100')).toBe(true);
    expect(JSON.stringify(entries)).not.toContain('super-secret-token-123');
    expect(entries.filter((e) => e.event === 'connected')).toHaveLength(1);
  });
});

describe('idle cost', () => {
  it('a connected, idle manager holds one heartbeat timer; PING cadence is one per interval', async () => {
    h = setup();
    h.manager.connect();
    await advance();
    expect(h.manager.liveResources).toEqual({ timers: 1, socket: true });
    await advance(50_000);
    expect(h.pings()).toBe(10);
    expect(
      h.serverSeen().filter((p) => p.type !== PacketType.PING && p.type !== PacketType.CONNECT),
    ).toEqual([]);
  });

  it('1,000 managers in one process: one timer each while connected, none after disconnect', async () => {
    h = setup();
    const managers = Array.from(
      { length: 1_000 },
      (_, i) =>
        new ConnectionManager({
          address: { host: 'memory', port: 5100 },
          connectInfo: async () => ({ uid: `user-${i}`, token: 'tok' }),
          deviceId: `device-${i}`,
          socketFactory: h!.tracker.factory,
        }),
    );
    expect(vi.getTimerCount()).toBe(0);
    for (const m of managers) m.connect();
    await advance();
    expect(managers.every((m) => m.isConnected)).toBe(true);
    expect(vi.getTimerCount()).toBe(1_000);
    await advance(25_000); // one heartbeat round each
    expect(managers.every((m) => m.isConnected)).toBe(true);
    expect(vi.getTimerCount()).toBe(1_000);
    for (const m of managers) m.disconnect(true);
    expect(vi.getTimerCount()).toBe(0);
    expect(h.tracker.live).toBe(0);
  });
});
