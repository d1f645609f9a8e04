/**
 * A TCP listener on 127.0.0.1 that accepts every connection and closes it cleanly (FIN) at once,
 * like a load balancer or TLS proxy whose backend is down; with `forward = true` it pipes new
 * connections to `target` instead (the backend is back). Test code only.
 */
import { createConnection, createServer, type Socket } from 'node:net';

export interface DropThenForward {
  readonly port: number;
  /** connections accepted and closed at once so far */
  readonly dropped: number;
  forward: boolean;
  stop(): Promise<void>;
}

export async function startDropThenForward(target: {
  host: string;
  port: number;
}): Promise<DropThenForward> {
  const sockets = new Set<Socket>();
  const state = { dropped: 0, forward: false };
  const track = (s: Socket): void => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    s.on('error', () => s.destroy());
  };
  const server = createServer((client) => {
    track(client);
    if (!state.forward) {
      state.dropped += 1;
      client.end();
      return;
    }
    const upstream = createConnection(target);
    track(upstream);
    client.pipe(upstream);
    upstream.pipe(client);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no TCP address');
  return {
    port: address.port,
    get dropped() {
      return state.dropped;
    },
    get forward() {
      return state.forward;
    },
    set forward(on: boolean) {
      state.forward = on;
    },
    stop: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
