/** Helpers for the benchmarks that run real managers against the real test server. */
import { performance } from 'node:perf_hooks';
import type { ConnectionSnapshot } from '../../src/shared/connection';
import { ConnectionManager, type ConnectionManagerOptions } from '../../src/main/im';
import { startTestServer, type TestServer, type TestUser } from '../../e2e/test-server';

export async function benchServer(users: TestUser[]): Promise<TestServer> {
  // No WebSocket listener: only TCP is measured. Idle limits stay at their defaults.
  return startTestServer({ tcpPort: 0, httpPort: 0, wsPort: null, users });
}

export function benchManager(
  server: TestServer,
  user: { uid: string; token: string },
  extra: Partial<ConnectionManagerOptions> = {},
): ConnectionManager {
  return new ConnectionManager({
    address: { host: server.host, port: server.tcpPort },
    connectInfo: () => Promise.resolve({ uid: user.uid, token: user.token }),
    deviceId: `${user.uid}-device`,
    ...extra,
  });
}

/** Resolves with the first snapshot (current or later) matching pred; rejects after timeoutMs. */
export function waitForSnapshot(
  manager: ConnectionManager,
  pred: (s: ConnectionSnapshot) => boolean,
  timeoutMs: number,
  what: string,
): Promise<ConnectionSnapshot> {
  return new Promise((resolve, reject) => {
    const current = manager.snapshot();
    if (pred(current)) return resolve(current);
    const listener = (s: ConnectionSnapshot): void => {
      if (!pred(s)) return;
      clearTimeout(timer);
      manager.off('snapshot', listener);
      resolve(s);
    };
    const timer = setTimeout(() => {
      manager.off('snapshot', listener);
      const s = manager.snapshot();
      reject(
        new Error(
          `timed out after ${timeoutMs} ms waiting for ${what} (now ${s.status}/${s.reason})`,
        ),
      );
    }, timeoutMs);
    manager.on('snapshot', listener);
  });
}

export const isConnected = (s: ConnectionSnapshot): boolean => s.status === 'connected';

/**
 * Polls cond until it holds; rejects after timeoutMs. intervalMs 0 checks on every event-loop
 * turn (tight timing, short waits); long waits poll on a timer so the wait itself burns no CPU.
 */
export async function until(
  cond: () => boolean,
  timeoutMs: number,
  what: string,
  intervalMs = 0,
): Promise<void> {
  const start = performance.now();
  while (!cond()) {
    if (performance.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => (intervalMs > 0 ? setTimeout(r, intervalMs) : setImmediate(r)));
  }
}

/** Measures the time from `trigger()` to the manager reporting 'connected'. */
export async function timeToConnected(
  manager: ConnectionManager,
  trigger: () => void,
  timeoutMs: number,
): Promise<number> {
  const done = waitForSnapshot(manager, isConnected, timeoutMs, 'connected');
  const start = performance.now();
  trigger();
  await done;
  return performance.now() - start;
}
