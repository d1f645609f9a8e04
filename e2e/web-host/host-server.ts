/**
 * The HTTP + WebSocket half of the web host: serves the renderer and the bridge script, and carries
 * the bridge's invoke / send / event messages to a backend (the real services, see services-backend).
 * Same origin for page and socket, so the renderer's CSP (connect-src 'self') holds unchanged.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { once } from 'node:events';
import { WebSocketServer } from 'ws';
import type { WebSocket } from 'ws';
import { bundleBrowserBridge } from './bundle-bridge';
import { newHostSecret, refuseRequest, refuseUpgrade } from './host-guard';
import { readStatic } from './static-files';
import {
  BRIDGE_SCRIPT_PATH,
  HOST_WS_PATH,
  MAX_FRAME_BYTES,
  SECRET_PARAM,
  parseClientMessage,
} from './ws-protocol';
import type { HostMessage } from './ws-protocol';

/** What the page's bridge talks to: the same shape as Electron's ipcMain + webContents.send. */
export interface HostBackend {
  invoke(channel: string, payload: unknown): Promise<unknown>;
  send(channel: string, payload: unknown): void;
  /** Every main -> renderer event; returns an unsubscribe function. */
  onEvent(listener: (channel: string, value: unknown) => void): () => void;
}

export interface HostServerOptions {
  rendererDir: string;
  backend: HostBackend;
  /** 0 (default) = a free port */
  port?: number;
  host?: string;
  /** where backend errors that cannot reach the page are reported */
  onError?: (error: unknown) => void;
  /** the per-run secret the page URL carries; a fresh random one when not given */
  secret?: string;
}

export interface HostServer {
  /** the page URL, secret included: only a page opened from it can reach the services */
  readonly url: string;
  readonly port: number;
  /** pages currently connected */
  readonly clientCount: number;
  stop(): Promise<void>;
}

function errorShape(error: unknown): { name: string; message: string } {
  if (error instanceof Error) return { name: error.name, message: error.message };
  return { name: 'Error', message: String(error) };
}

/** A taken port is a user mistake, not a crash: say which port and what to do. */
function describeListenError(error: unknown, port: number): Error {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (code === 'EADDRINUSE') {
    return new Error(
      `Port ${port} is already in use: stop the program using it, or pick another with --port <n> (0 = any free port)`,
    );
  }
  if (code === 'EACCES')
    return new Error(`Not allowed to listen on port ${port}: pick another with --port <n>`);
  return error instanceof Error ? error : new Error(String(error));
}

export async function startHostServer(options: HostServerOptions): Promise<HostServer> {
  const { backend, rendererDir } = options;
  const onError = options.onError ?? ((error) => console.error('[web-host]', error));
  const bridgeScript = await bundleBrowserBridge();
  const secret = options.secret ?? newHostSecret();
  // Known once listening; no request is served before that.
  let port = 0;

  const http = createServer((request, response) => {
    const refused = refuseRequest(request, port);
    if (refused) {
      response.writeHead(403, { 'content-type': 'text/plain' }).end(`Refused: ${refused}\n`);
      return;
    }
    const path = new URL(request.url ?? '/', 'http://host').pathname;
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405).end();
      return;
    }
    if (path === BRIDGE_SCRIPT_PATH) {
      response.writeHead(200, {
        'content-type': 'text/javascript; charset=utf-8',
        'cache-control': 'no-store',
      });
      response.end(bridgeScript);
      return;
    }
    readStatic(rendererDir, path).then(
      (file) => {
        response.writeHead(file.status, {
          'content-type': file.contentType,
          'cache-control': 'no-store',
        });
        response.end(file.body);
      },
      (error: unknown) => {
        onError(error);
        response.writeHead(500).end();
      },
    );
  });

  const sockets = new Set<WebSocket>();
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });
  http.on('upgrade', (request, socket, head) => {
    socket.on('error', () => undefined);
    const path = new URL(request.url ?? '/', 'http://host').pathname;
    const refused = path === HOST_WS_PATH ? refuseUpgrade(request, port, secret) : 'unknown path';
    if (refused) {
      onError(new Error(`Refused a WebSocket to the web host: ${refused}`));
      socket.end(`HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n`);
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => wss.emit('connection', ws, request));
  });
  const post = (socket: WebSocket, message: HostMessage): void => {
    if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
  };
  const unsubscribe = backend.onEvent((channel, value) => {
    for (const socket of sockets) post(socket, { kind: 'event', channel, value });
  });

  wss.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', onError);
    socket.on('message', (data, isBinary) => {
      if (isBinary) return;
      const message = parseClientMessage(data.toString());
      if ('invalid' in message) {
        onError(new Error(`Ignored a malformed bridge message: ${message.invalid}`));
        return;
      }
      if (message.kind === 'ping') {
        post(socket, { kind: 'pong' });
        return;
      }
      if (message.kind === 'send') {
        try {
          backend.send(message.channel, message.payload);
        } catch (error) {
          onError(error);
        }
        return;
      }
      const { id } = message;
      backend.invoke(message.channel, message.payload).then(
        (value) => post(socket, { kind: 'result', id, ok: true, value }),
        (error: unknown) =>
          post(socket, { kind: 'result', id, ok: false, error: errorShape(error) }),
      );
    });
  });

  http.listen(options.port ?? 0, options.host ?? '127.0.0.1');
  try {
    await once(http, 'listening');
  } catch (error) {
    throw describeListenError(error, options.port ?? 0);
  }
  port = (http.address() as AddressInfo).port;

  let stopped: Promise<void> | null = null;
  return {
    url: `http://127.0.0.1:${port}/?${SECRET_PARAM}=${secret}`,
    port,
    get clientCount() {
      return sockets.size;
    },
    stop() {
      stopped ??= (async () => {
        unsubscribe();
        for (const socket of sockets) socket.terminate();
        await new Promise<void>((resolve) => wss.close(() => resolve()));
        http.closeAllConnections();
        await new Promise<void>((resolve) => http.close(() => resolve()));
      })();
      return stopped;
    },
  };
}
