/**
 * A WuKongIM-compatible test server (spec §9-§11): TCP and WebSocket listeners speaking the
 * binary protocol, the HTTP API a business server uses, and fault controls for tests.
 * Test double only; never packaged into the app.
 */
import { createHttpHandler } from './http-api';
import { Hub, resolveOptions } from './hub';
import { Listeners } from './listeners';
import { startTlsListener } from './tls-listener';
import { tcpTransport, wsTransport } from './transport';
import type { TestServer, TestServerFaults, TestServerOptions } from './types';

export type * from './types';
export { GARBAGE, KICK_REASON_OTHER_DEVICE, KICK_REASON_SERVER, KICK_REASON_TOKEN } from './hub';

export async function startTestServer(options?: TestServerOptions): Promise<TestServer> {
  const opts = resolveOptions(options);
  const hub = new Hub(opts);
  for (const u of options?.users ?? []) {
    hub.registerToken(u.uid, u.token, u.deviceFlag ?? 2, u.deviceLevel ?? 1);
  }

  const faults: TestServerFaults = {
    ignorePings: (on) => {
      hub.faultState.ignorePings = on;
    },
    ignoreConnect: (on) => {
      hub.faultState.ignoreConnect = on;
    },
    delayConnack: (ms) => {
      hub.faultState.connackDelayMs = Math.max(0, ms);
    },
    sendGarbage: () => hub.sendGarbage(),
    splitWrites: (on, gapMs = 2) => {
      hub.faultState.splitGapMs = on ? Math.max(0, gapMs) : null;
    },
    mergeWrites: (on) => {
      hub.faultState.merge = on;
    },
    closeAll: () => hub.closeAll('close', 'closeAll fault'),
    resetAll: () => hub.closeAll('reset', 'resetAll fault'),
    refuseConnections: (on) => {
      hub.faultState.refuse = on;
    },
  };

  let stopped = false;
  // the closures below run only after `listeners` is assigned
  const stopListening = async (): Promise<void> => {
    // server.close() waits for open sockets, so drop them while it closes
    const closing = listeners.stopConnectionListeners();
    hub.closeAll('kill', 'server stopped listening');
    await closing;
  };
  const startListening = async (): Promise<void> => {
    if (stopped) throw new Error('test server was stopped');
    await listeners.startConnectionListeners();
  };
  const restart = async (downMs: number): Promise<void> => {
    await stopListening();
    if (downMs > 0) await new Promise((r) => setTimeout(r, downMs));
    await startListening();
  };
  const wsUrl = (): string | null =>
    listeners.wsPort === null ? null : `ws://${opts.host}:${listeners.wsPort}`;

  const listeners: Listeners = new Listeners(
    opts.host,
    { tcp: opts.tcpPort, ws: opts.wsPort, http: opts.httpPort },
    {
      onTcp: (socket) => hub.accept(tcpTransport(socket)),
      onWs: (ws, remote) => hub.accept(wsTransport(ws, remote)),
      onHttp: createHttpHandler({
        hub,
        faults,
        route: () => ({
          tcp_addr: `${opts.host}:${listeners.tcpPort}`,
          ws_addr: wsUrl() ?? '',
          wss_addr: '',
        }),
        restart,
        stopListening,
        startListening,
      }),
    },
  );
  await listeners.startAll();
  const tlsListener = options?.tls
    ? await startTlsListener(opts.host, options.tls, (socket) =>
        hub.accept(tcpTransport(socket)),
      ).catch(async (error: unknown) => {
        await listeners.stopAll();
        throw error;
      })
    : null;

  return {
    host: opts.host,
    get tcpPort() {
      return listeners.tcpPort;
    },
    get wsPort() {
      return listeners.wsPort;
    },
    get httpPort() {
      return listeners.httpPort;
    },
    tlsPort: tlsListener?.port ?? null,
    get tcpAddress() {
      return `${opts.host}:${listeners.tcpPort}`;
    },
    get wsUrl() {
      return wsUrl();
    },
    get httpUrl() {
      return `http://${opts.host}:${listeners.httpPort}`;
    },
    registerToken: (uid, token, deviceFlag = 2, deviceLevel = 1) =>
      hub.registerToken(uid, token, deviceFlag, deviceLevel),
    banUser: (uid, banned) => hub.banUser(uid, banned),
    setGroupMembers: (groupId, uids) => hub.setMembers(groupId, 2, uids),
    sendMessage: (m) => {
      const r = hub.sendMessage(m);
      return { messageId: r.messageId, messageSeq: r.messageSeq };
    },
    kickDevice: (uid, deviceFlag, reason) => hub.kickDevice(uid, deviceFlag, reason ?? ''),
    online: (uid) => hub.online(uid),
    stats: hub.stats,
    resetStats: () => hub.resetStats(),
    faults,
    events: hub.events,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      const closing = Promise.all([listeners.stopAll(), tlsListener?.stop()]);
      hub.closeAll('reset', 'server stopped');
      await closing;
    },
    restart: (o) => restart(o?.downMs ?? 0),
    stopListening,
    startListening,
  };
}
