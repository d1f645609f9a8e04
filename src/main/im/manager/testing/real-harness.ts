/**
 * Helpers for the integration tests: the real manager over real TCP on 127.0.0.1, a counting
 * socket factory, and event-driven waits (no fixed sleeps). Test code only.
 */
import { createConnection, type Socket } from 'node:net';
import type { ConnectionSnapshot, KickEvent } from '../../../../shared/connection';
import { seededRandom } from '../../connection/backoff';
import { ConnectionManager } from '../connection-manager';
import type { ConnectionManagerOptions, ReceivedMessage, SocketFactory } from '../types';

/** Wraps net.createConnection: counts sockets that are not yet destroyed. */
export class RealSocketTracker {
  readonly sockets: Socket[] = [];
  maxLive = 0;

  readonly factory: SocketFactory = (endpoint) => {
    const socket = createConnection({ host: endpoint.host, port: endpoint.port });
    this.sockets.push(socket);
    this.maxLive = Math.max(this.maxLive, this.live);
    return socket;
  };

  get live(): number {
    return this.sockets.filter((s) => !s.destroyed).length;
  }
}

export interface RealHarness {
  manager: ConnectionManager;
  tracker: RealSocketTracker;
  snapshots: ConnectionSnapshot[];
  kicks: KickEvent[];
  messages: ReceivedMessage[];
  waitFor(
    pred: (s: ConnectionSnapshot) => boolean,
    timeoutMs?: number,
    what?: string,
  ): Promise<ConnectionSnapshot>;
  dispose(): void;
}

export function realManager(
  options: Partial<ConnectionManagerOptions> & Pick<ConnectionManagerOptions, 'address'>,
): RealHarness {
  const tracker = new RealSocketTracker();
  const snapshots: ConnectionSnapshot[] = [];
  const kicks: KickEvent[] = [];
  const messages: ReceivedMessage[] = [];
  const manager = new ConnectionManager({
    connectInfo: async () => ({ uid: 'alice', token: 'alice-token' }),
    deviceId: 'alice-device-1',
    socketFactory: tracker.factory,
    random: seededRandom(3),
    connectTimeoutMs: 1_000,
    heartbeatIntervalMs: 5_000,
    pongTimeoutMs: 1_000,
    reconnectIntervalMs: 50,
    backoffCapMs: 400,
    ...options,
  });
  manager.on('snapshot', (s) => snapshots.push(s));
  manager.on('kick', (k) => kicks.push(k));
  manager.on('message', (m) => messages.push(m));
  const waitFor = (
    pred: (s: ConnectionSnapshot) => boolean,
    timeoutMs = 5_000,
    what = 'snapshot',
  ) =>
    new Promise<ConnectionSnapshot>((resolve, reject) => {
      const now = manager.snapshot();
      if (pred(now)) return resolve(now);
      const timer = setTimeout(() => {
        manager.off('snapshot', listener);
        const last = manager.snapshot();
        reject(
          new Error(
            `timed out after ${timeoutMs} ms waiting for ${what}; last ${last.status}/${last.reason}`,
          ),
        );
      }, timeoutMs);
      const listener = (s: ConnectionSnapshot): void => {
        if (!pred(s)) return;
        clearTimeout(timer);
        manager.off('snapshot', listener);
        resolve(s);
      };
      manager.on('snapshot', listener);
    });
  return {
    manager,
    tracker,
    snapshots,
    kicks,
    messages,
    waitFor,
    dispose: () => manager.disconnect(true),
  };
}

export const connected = (s: ConnectionSnapshot): boolean => s.status === 'connected';

/** Resolves after ms of real time; only used to prove that nothing happens during a window. */
export function quietPeriod(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
