/**
 * The test server's TLS listener: the binary protocol over TLS, the way a real deployment puts a
 * TLS terminator in front of WuKongIM's TCP port. Each connection goes to the hub like a TCP one.
 */
import tls from 'node:tls';
import type net from 'node:net';
import { listen } from './listeners';

export interface TlsListenerOptions {
  /** PEM certificate (chain) and key the listener presents */
  cert: string;
  key: string;
  /** 0 (default) = free port */
  port?: number;
}

export interface TlsListener {
  readonly port: number;
  stop(): Promise<void>;
}

export async function startTlsListener(
  host: string,
  options: TlsListenerOptions,
  onSocket: (socket: net.Socket) => void,
): Promise<TlsListener> {
  const sockets = new Set<net.Socket>();
  const server = tls.createServer({ cert: options.cert, key: options.key }, (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    try {
      onSocket(socket);
    } catch {
      socket.destroy();
    }
  });
  // A client refusing our certificate aborts the handshake: expected in tests, not a crash.
  server.on('tlsClientError', () => undefined);
  server.on('error', () => undefined);
  const port = await listen(server, options.port ?? 0, host);
  return {
    port,
    async stop() {
      const closing = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const socket of sockets) socket.destroy();
      await closing;
    },
  };
}
