/**
 * The byte pipe under one server connection: a TCP socket or a WebSocket carrying binary frames.
 * Both look the same to the protocol layer: inbound chunks, outbound buffers, FIN and RST.
 */
import type net from 'node:net';
import type { WebSocket } from 'ws';

export interface Transport {
  readonly kind: 'tcp' | 'ws';
  readonly remote: string;
  /** one write = one TCP write or one WebSocket binary message */
  write(chunk: Buffer): void;
  /** graceful close (FIN / WebSocket close frame) */
  end(): void;
  /** abortive close (RST / terminate) */
  reset(): void;
  /** drop the socket at once, as when the server process dies (the kernel sends FIN) */
  destroy(): void;
  readonly closed: boolean;
  onData(cb: (chunk: Buffer) => void): void;
  /** called once, whoever closed */
  onClose(cb: (why: string) => void): void;
}

export function tcpTransport(socket: net.Socket): Transport {
  let closed = false;
  let closeCb: ((why: string) => void) | null = null;
  let lastError = '';
  socket.setNoDelay(true);
  socket.on('error', (err) => {
    lastError = err.message;
  });
  socket.on('close', (hadError) => {
    if (closed) return;
    closed = true;
    closeCb?.(hadError ? `socket error: ${lastError}` : 'peer closed');
  });
  return {
    kind: 'tcp',
    remote: `${socket.remoteAddress ?? '?'}:${socket.remotePort ?? 0}`,
    write(chunk) {
      if (!closed && !socket.destroyed && socket.writable) socket.write(chunk);
    },
    end() {
      if (socket.destroyed) return;
      socket.end();
      // do not wait forever for a peer that never closes its side
      socket.setTimeout(1000, () => socket.destroy());
    },
    reset() {
      if (!socket.destroyed) socket.resetAndDestroy();
    },
    destroy() {
      socket.destroy();
    },
    get closed() {
      return closed || socket.destroyed;
    },
    onData(cb) {
      socket.on('data', cb);
    },
    onClose(cb) {
      closeCb = cb;
    },
  };
}

export function wsTransport(ws: WebSocket, remote: string): Transport {
  let closed = false;
  let closeCb: ((why: string) => void) | null = null;
  let dataCb: ((chunk: Buffer) => void) | null = null;
  ws.on('error', () => undefined);
  ws.on('message', (data, isBinary) => {
    if (!isBinary) {
      // text frames are WuKongIM's JSON-RPC protocol, which this server does not speak
      ws.close(1003, 'binary frames only');
      return;
    }
    const chunk = Array.isArray(data)
      ? Buffer.concat(data)
      : Buffer.isBuffer(data)
        ? data
        : Buffer.from(data);
    dataCb?.(chunk);
  });
  ws.on('close', (code) => {
    if (closed) return;
    closed = true;
    closeCb?.(`websocket closed (${code})`);
  });
  return {
    kind: 'ws',
    remote,
    write(chunk) {
      if (!closed && ws.readyState === ws.OPEN) ws.send(chunk, { binary: true });
    },
    end() {
      if (ws.readyState === ws.OPEN || ws.readyState === ws.CONNECTING) ws.close(1000);
      // terminate if the close handshake does not finish
      setTimeout(() => ws.terminate(), 1000).unref();
    },
    reset() {
      ws.terminate();
    },
    destroy() {
      ws.terminate();
    },
    get closed() {
      return closed || ws.readyState === ws.CLOSED;
    },
    onData(cb) {
      dataCb = cb;
    },
    onClose(cb) {
      closeCb = cb;
    },
  };
}
