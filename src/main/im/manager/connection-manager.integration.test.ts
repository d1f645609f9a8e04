/**
 * The real ConnectionManager over real TCP (127.0.0.1) against the WuKongIM test server and
 * through the fault proxy, at protocol versions 4 and 5 and with both auth-failure styles.
 * Real time with short configured timeouts; waits are event driven, never fixed sleeps, except
 * the short quiet periods that prove nothing happens.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startFaultProxy, type FaultProxy } from '../../../../e2e/fault-proxy/index';
import { startTestServer, type TestServer } from '../../../../e2e/test-server/index';
import { seededRandom } from '../connection/backoff';
import { SILENT_CLOSE_LIMIT } from './auth-failure-policy';
import { startDropThenForward } from './testing/drop-then-forward';
import { connected, quietPeriod, realManager, type RealHarness } from './testing/real-harness';

const ALICE = { uid: 'alice', token: 'alice-token' };

let server: TestServer | null = null;
let proxy: FaultProxy | null = null;
let h: RealHarness | null = null;
const extra: RealHarness[] = [];

afterEach(async () => {
  h?.dispose();
  for (const x of extra.splice(0)) x.dispose();
  h = null;
  await proxy?.stop();
  proxy = null;
  await server?.stop();
  server = null;
});

function endpoint(s: TestServer) {
  return { host: '127.0.0.1', port: s.tcpPort };
}

describe.each([4, 5])('protocol version %i', (version) => {
  beforeEach(async () => {
    server = await startTestServer({
      newestVersion: version,
      users: [ALICE],
      kickCloseDelayMs: 300,
      idle: { duringAuthMs: 250 },
    });
  });

  it('connects: CONNACK 1, negotiated version, nodeId, device flag 2 and the stable device id', async () => {
    h = realManager({ address: endpoint(server!) });
    h.manager.connect();
    const s = await h.waitFor(connected);
    expect(s).toMatchObject({
      protocolVersion: version,
      nodeId: '1001',
      address: server!.tcpAddress,
      attempt: 0,
    });
    expect(server!.online('alice')).toEqual([
      expect.objectContaining({ deviceFlag: 2, deviceId: 'alice-device-1', version }),
    ]);
    expect(h.tracker.maxLive).toBe(1);
  });

  it('route API address: GET /route of the test server', async () => {
    h = realManager({ address: { routeUrl: `${server!.httpUrl}/route` } });
    h.manager.connect();
    const s = await h.waitFor(connected);
    expect(s.address).toBe(server!.tcpAddress);
  });

  it('send resolves on SENDACK; received messages are delivered, then RECVACKed after the hook', async () => {
    server!.registerToken('bob', 'bob-token');
    const persisted: string[] = [];
    h = realManager({
      address: endpoint(server!),
      onMessage: async (m) => {
        persisted.push(m.payload.toString());
      },
    });
    h.manager.connect();
    await h.waitFor(connected);
    const result = await h.manager.send({
      channelId: 'bob',
      channelType: 1,
      payload: Buffer.from('{"text":"hi"}'),
    });
    expect(result).toMatchObject({ clientSeq: 1, reasonCode: 1 });
    expect(typeof result.messageId).toBe('bigint');

    const acked = new Promise<{ messageId: bigint }>((resolve) =>
      server!.events.once('recvack', resolve),
    );
    const sent = server!.sendMessage({
      fromUid: 'bob',
      channelId: 'alice',
      channelType: 1,
      payload: 'hello alice',
    });
    const ack = await acked;
    expect(ack.messageId).toBe(sent.messageId);
    expect(persisted).toEqual(['hello alice']);
    expect(h.messages[0]).toMatchObject({ messageId: sent.messageId, fromUid: 'bob' });
  });

  it('a server that accepts TCP and never answers: leaves connecting within connectTimeout, backs off', async () => {
    server!.faults.ignoreConnect(true);
    h = realManager({ address: endpoint(server!), connectTimeoutMs: 150 });
    const started = Date.now();
    h.manager.connect();
    const s = await h.waitFor(
      (x) => x.reason === 'connectTimeout' || x.reason === 'authFail',
      3_000,
    );
    expect(Date.now() - started).toBeLessThan(150 + 1_000);
    // the 'close'-style auth limit is 250 ms here, so the 150 ms CONNACK timeout fires first
    expect(s).toMatchObject({ status: 'disconnected', reason: 'connectTimeout' });
    expect(s.nextRetryAt).not.toBeNull();
    server!.faults.ignoreConnect(false);
    await h.waitFor(connected);
  });

  it('kick: DISCONNECT 12 -> kickOff with the text, latched, no further CONNECT', async () => {
    h = realManager({ address: endpoint(server!) });
    h.manager.connect();
    await h.waitFor(connected);
    server!.kickDevice('alice', 2, 'signed in elsewhere');
    const s = await h.waitFor((x) => x.reason === 'kickOff');
    expect(s).toMatchObject({
      status: 'disconnected',
      serverReasonCode: 12,
      serverReasonText: 'signed in elsewhere',
    });
    expect(h.kicks).toEqual([
      expect.objectContaining({ reasonCode: 12, reasonText: 'signed in elsewhere' }),
    ]);
    const connects = server!.stats.connectPackets;
    await quietPeriod(700); // past the server's close 300 ms after DISCONNECT
    expect(server!.stats.connectPackets).toBe(connects);
    expect(h.manager.snapshot().reason).toBe('kickOff');
    expect(h.tracker.live).toBe(0);
  });

  it('a silent close of a working session reconnects; garbage is a protocolError and recovers too', async () => {
    h = realManager({ address: endpoint(server!) });
    h.manager.connect();
    await h.waitFor(connected);
    server!.faults.closeAll();
    await h.waitFor((x) => x.reason === 'serverClosed');
    await h.waitFor(connected);
    server!.faults.sendGarbage();
    await h.waitFor((x) => x.reason === 'protocolError');
    await h.waitFor(connected);
    server!.faults.resetAll();
    await h.waitFor((x) => x.status === 'disconnected');
    await h.waitFor(connected);
    expect(h.tracker.maxLive).toBe(1);
    expect(server!.online('alice')).toHaveLength(1);
  });

  it('server restart with downtime: backoff until it is back, never two sockets', async () => {
    h = realManager({ address: endpoint(server!) });
    h.manager.connect();
    await h.waitFor(connected);
    const restarted = server!.restart({ downMs: 600 });
    await h.waitFor((x) => x.status === 'disconnected');
    await h.waitFor((x) => x.attempt >= 2, 3_000, 'a few failed attempts');
    await restarted;
    await h.waitFor(connected, 3_000);
    expect(h.tracker.maxLive).toBe(1);
    expect(server!.online('alice')).toHaveLength(1);
  });

  it('network offline: zero attempts; online: connected again within 500 ms', async () => {
    h = realManager({ address: endpoint(server!) });
    h.manager.connect();
    await h.waitFor(connected);
    h.manager.setNetworkOnline(false);
    expect(h.manager.snapshot()).toMatchObject({ status: 'disconnected', reason: 'noNetwork' });
    const accepted = server!.stats.tcpAccepted;
    await quietPeriod(500);
    expect(server!.stats.tcpAccepted).toBe(accepted);
    const t0 = Date.now();
    h.manager.setNetworkOnline(true);
    await h.waitFor(connected, 500 + 500);
    expect(Date.now() - t0).toBeLessThan(500);
  });

  it('suspend closes the link and stops; resume reconnects at once', async () => {
    h = realManager({ address: endpoint(server!) });
    h.manager.connect();
    await h.waitFor(connected);
    h.manager.suspend();
    const accepted = server!.stats.tcpAccepted;
    await quietPeriod(300);
    expect(server!.online('alice')).toHaveLength(0);
    expect(server!.stats.tcpAccepted).toBe(accepted);
    expect(h.manager.liveResources).toEqual({ timers: 0, socket: false });
    h.manager.resume();
    await h.waitFor(connected, 1_000);
  });

  it('disconnect(true) closes at once and nothing happens afterwards', async () => {
    h = realManager({ address: endpoint(server!) });
    h.manager.connect();
    await h.waitFor(connected);
    h.manager.disconnect(true);
    expect(h.tracker.live).toBe(0);
    expect(h.manager.liveResources).toEqual({ timers: 0, socket: false });
    const accepted = server!.stats.tcpAccepted;
    await quietPeriod(400);
    expect(server!.stats.tcpAccepted).toBe(accepted);
    expect(server!.online('alice')).toHaveLength(0);
  });
});

describe.each([
  [4, 'connack'],
  [4, 'close'],
  [5, 'connack'],
  [5, 'close'],
] as const)('auth failure at version %i, %s style', (version, style) => {
  beforeEach(async () => {
    server = await startTestServer({
      newestVersion: version,
      authFailureStyle: style,
      users: [ALICE],
      // the v2.x auth idle close must come before our CONNACK timeout (1 s here)
      idle: { duringAuthMs: 200 },
    });
  });

  // The test server's auth close is shortened to 200 ms: the auth window follows it.
  const window = { authCloseMinMs: 100 };
  /** CONNECTs until authFail: CONNACK 2 is definitive, silent closes stop at the 3rd in a row. */
  const refusedAfter = (connackConnects: number) =>
    style === 'connack' ? connackConnects : SILENT_CLOSE_LIMIT;

  it('wrong token: token refreshed once, then connectFail/authFail', async () => {
    const refreshToken = vi.fn(async () => 'also-wrong');
    h = realManager({
      address: endpoint(server!),
      connectInfo: async () => ({ uid: 'alice', token: 'wrong' }),
      refreshToken,
      ...window,
    });
    h.manager.connect();
    const s = await h.waitFor((x) => x.status === 'connectFail', 5_000);
    expect(s.reason).toBe('authFail');
    await quietPeriod(500);
    expect(server!.stats.connectsByUid.get('alice')).toBe(refusedAfter(2));
    expect(refreshToken).toHaveBeenCalledTimes(1);
    expect(h.tracker.live).toBe(0);
  });

  it('no refresher: CONNACK 2 stops after exactly 1 CONNECT', async () => {
    h = realManager({
      address: endpoint(server!),
      connectInfo: async () => ({ uid: 'alice', token: 'wrong' }),
      ...window,
    });
    h.manager.connect();
    const s = await h.waitFor((x) => x.status === 'connectFail', 5_000);
    expect(s.reason).toBe('authFail');
    await quietPeriod(300);
    expect(server!.stats.connectsByUid.get('alice')).toBe(refusedAfter(1));
  });

  it('a banned user stops: banned (CONNACK 19) or, when the server only closes, authFail', async () => {
    server!.banUser('alice', true);
    h = realManager({ address: endpoint(server!), ...window });
    h.manager.connect();
    const s = await h.waitFor((x) => x.status === 'connectFail', 5_000);
    if (style === 'connack') {
      expect(s).toMatchObject({ reason: 'banned', serverReasonCode: 19 });
      expect(server!.stats.connectsByUid.get('alice')).toBe(1);
    } else {
      // a v2.x server refuses without CONNACK: indistinguishable from a token failure (spec §10.2)
      expect(s.reason).toBe('authFail');
      expect(server!.stats.connectsByUid.get('alice')).toBe(SILENT_CLOSE_LIMIT);
    }
  });

  it('an expired token is refreshed and the retry connects', async () => {
    h = realManager({
      address: endpoint(server!),
      connectInfo: async () => ({ uid: 'alice', token: 'expired' }),
      refreshToken: async () => ALICE.token,
      ...window,
    });
    h.manager.connect();
    await h.waitFor(connected, 5_000);
    expect(server!.stats.connectsByUid.get('alice')).toBe(2);
  });

  it('token replaced elsewhere: silent close, refused reconnects, then authFail', async () => {
    h = realManager({ address: endpoint(server!), ...window });
    h.manager.connect();
    await h.waitFor(connected);
    // another sign-in replaced our token (slave level: no DISCONNECT), then the link drops
    server!.registerToken('alice', 'someone-elses-token', 2, 0);
    server!.faults.closeAll();
    const s = await h.waitFor((x) => x.status === 'connectFail', 5_000);
    expect(s.reason).toBe('authFail');
    expect(server!.stats.connectsByUid.get('alice')).toBe(1 + refusedAfter(1));
  });
});

describe('a listener that accepts and closes at once (a proxy whose backend is down)', () => {
  it('is a network failure: growing jittered delays, never authFail, connects once a server is behind it', async () => {
    server = await startTestServer({ users: [ALICE] });
    const front = await startDropThenForward({ host: '127.0.0.1', port: server.tcpPort });
    const refreshToken = vi.fn(async () => 'never-asked');
    h = realManager({
      address: { host: '127.0.0.1', port: front.port },
      refreshToken,
      random: seededRandom(11),
      reconnectIntervalMs: 20,
      backoffCapMs: 2_000,
    });
    const delays: number[] = [];
    h.manager.on('snapshot', (s) => {
      if (s.nextRetryAt !== null) delays.push(s.nextRetryAt - Date.now());
    });
    try {
      h.manager.connect();
      await h.waitFor((s) => s.attempt >= 6, 10_000, '6 failed attempts');
      // jittered: the waits differ; growing: the later ones are longer than the first ones
      expect(new Set(delays).size).toBeGreaterThan(delays.length / 2);
      expect(Math.max(...delays.slice(-2))).toBeGreaterThan(Math.max(...delays.slice(0, 2)));
      const waits = h.snapshots.filter((s) => s.nextRetryAt !== null);
      expect(waits.every((s) => s.status === 'disconnected' && s.reason === 'networkError')).toBe(
        true,
      );
      // growing: the attempt number (which sets the jitter window) rises with every retry
      expect(waits.map((s) => s.attempt)).toEqual(waits.map((_, i) => i + 1));
      expect(h.snapshots.some((s) => s.reason === 'authFail' || s.status === 'connectFail')).toBe(
        false,
      );
      expect(refreshToken).not.toHaveBeenCalled();
      expect(front.dropped).toBeGreaterThanOrEqual(6);
      front.forward = true;
      await h.waitFor(connected, 10_000);
      expect(server.online('alice')).toHaveLength(1);
    } finally {
      await front.stop();
    }
  });
});

describe.each([4, 5])('through the fault proxy, version %i', (version) => {
  beforeEach(async () => {
    server = await startTestServer({ newestVersion: version, users: [ALICE] });
    proxy = await startFaultProxy({ target: { host: '127.0.0.1', port: server.tcpPort } });
  });

  it('a blackholed link leaves connected within heartbeatInterval + pongTimeout (+1 s), then recovers', async () => {
    const heartbeatIntervalMs = 300;
    const pongTimeoutMs = 300;
    h = realManager({
      address: { host: '127.0.0.1', port: proxy!.port },
      heartbeatIntervalMs,
      pongTimeoutMs,
    });
    h.manager.connect();
    await h.waitFor(connected);
    await quietPeriod(400); // a few PING/PONG rounds
    expect(h.manager.snapshot().lastRttMs).not.toBeNull();
    proxy!.setMode('blackhole');
    const t0 = Date.now();
    const s = await h.waitFor(
      (x) => x.status !== 'connected',
      heartbeatIntervalMs + pongTimeoutMs + 1_000,
    );
    expect(Date.now() - t0).toBeLessThanOrEqual(heartbeatIntervalMs + pongTimeoutMs + 1_000);
    expect(s.reason).toBe('heartbeatTimeout');
    proxy!.setMode('pass');
    await h.waitFor(connected, 3_000);
    expect(h.tracker.maxLive).toBe(1);
  });

  it('connections reset by the network are recovered; RSTs on new connections back off', async () => {
    h = realManager({ address: { host: '127.0.0.1', port: proxy!.port } });
    h.manager.connect();
    await h.waitFor(connected);
    proxy!.refuseNew(true);
    proxy!.resetAll();
    await h.waitFor((x) => x.attempt >= 3, 5_000, 'three failed attempts');
    proxy!.refuseNew(false);
    await h.waitFor(connected, 3_000);
    // a reset right after accept (even after our CONNECT) is the network, never an auth failure
    expect(h.snapshots.some((x) => x.reason === 'authFail' || x.status === 'connectFail')).toBe(
      false,
    );
    expect(h.tracker.maxLive).toBe(1);
  });

  it('accept-and-drop cannot cause a storm: the attempt counter keeps growing', async () => {
    h = realManager({
      address: { host: '127.0.0.1', port: proxy!.port },
      reconnectIntervalMs: 100,
      backoffCapMs: 10_000,
    });
    server!.events.on('auth', (e: { ok: boolean }) => {
      if (e.ok) setImmediate(() => server?.faults.closeAll());
    });
    h.manager.connect();
    await quietPeriod(1_500);
    // without growth, a 100 ms base would allow ~15 CONNECTs in 1.5 s
    expect(server!.stats.connectPackets).toBeLessThan(9);
    expect(h.manager.snapshot().attempt).toBeGreaterThanOrEqual(3);
  });
});
