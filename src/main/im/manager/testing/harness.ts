/** Shared setup for the state-machine tests (fake timers + in-memory transport). Test code only. */
import { vi } from 'vitest';
import type { ConnectionSnapshot, KickEvent } from '../../../../shared/connection';
import { seededRandom } from '../../connection/backoff';
import { PacketType, type Packet } from '../../protocol';
import { ConnectionManager } from '../connection-manager';
import type { ConnectionManagerOptions, ReceivedMessage } from '../types';
import { MemoryServer, SocketTracker, type MemoryServerOptions } from './memory-transport';

export const FAST = {
  connectTimeoutMs: 1_000,
  heartbeatIntervalMs: 5_000,
  pongTimeoutMs: 2_000,
  reconnectIntervalMs: 1_000,
  backoffCapMs: 30_000,
  // full jitter: tests pin exact delays with their random source
  backoffJitter: 1,
} as const;

export function setup(
  options: Partial<ConnectionManagerOptions> = {},
  serverOptions: MemoryServerOptions = {},
) {
  vi.useFakeTimers({ now: 1_700_000_000_000 });
  const server = new MemoryServer(serverOptions);
  const tracker = new SocketTracker(server);
  const snapshots: ConnectionSnapshot[] = [];
  const kicks: KickEvent[] = [];
  const messages: ReceivedMessage[] = [];
  const manager = new ConnectionManager({
    address: { host: 'memory', port: 5100 },
    connectInfo: () => Promise.resolve({ uid: 'u1', token: 'token-u1-good' }),
    deviceId: 'device-1',
    socketFactory: tracker.factory,
    random: seededRandom(1),
    ...FAST,
    ...options,
  });
  manager.on('snapshot', (s) => snapshots.push(s));
  manager.on('kick', (k) => kicks.push(k));
  manager.on('message', (m) => messages.push(m));
  const statuses = () => snapshots.map((s) => `${s.status}/${s.reason}`);
  /** CONNECT packets the server has seen */
  const connects = () => server.connectPackets.length;
  /** packets the server got on its newest connection */
  const serverSeen = (): Packet[] => [...server.conns].at(-1)?.received ?? [];
  const pings = () =>
    [...server.conns].flatMap((c) => c.received).filter((p) => p.type === PacketType.PING).length;
  return {
    manager,
    server,
    tracker,
    snapshots,
    kicks,
    messages,
    statuses,
    connects,
    serverSeen,
    pings,
  };
}

/** Lets microtasks and due timers run; advances fake time by ms. */
export async function advance(ms = 0): Promise<void> {
  await vi.advanceTimersByTimeAsync(ms);
  // A few extra turns so microtask chains started by the last timer complete.
  for (let i = 0; i < 5; i += 1) await vi.advanceTimersByTimeAsync(0);
}

export function teardown(h: { manager: ConnectionManager; server: MemoryServer }): void {
  h.manager.disconnect(true);
  h.server.stop();
  vi.useRealTimers();
}
