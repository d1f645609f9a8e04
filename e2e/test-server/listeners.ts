/**
 * The three listening sockets of the test server (TCP 5100-style, WebSocket, HTTP API). Ports
 * chosen at the first start (0 = free) are kept, so the connection listeners can be stopped and
 * reopened on the same ports to simulate a server that was killed and came back.
 */
import http from 'node:http';
import net from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

export interface ListenerHandlers {
  onTcp(socket: net.Socket): void;
  onWs(ws: WebSocket, remote: string): void;
  onHttp(req: http.IncomingMessage, res: http.ServerResponse): void;
}

export async function listen(server: net.Server, port: number, host: string): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    const onError = (err: Error): void => {
      server.off('listening', onListening);
      reject(err);
    };
    const onListening = (): void => {
      server.off('error', onError);
      resolve();
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen({ port, host, exclusive: true });
  });
  const addr = server.address();
  if (addr === null || typeof addr === 'string') throw new Error('listener has no TCP address');
  return addr.port;
}

async function closeServer(server: net.Server): Promise<void> {
  if (!server.listening) return;
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

export class Listeners {
  tcpPort: number;
  wsPort: number | null;
  httpPort: number;
  private readonly tcp: net.Server;
  private readonly wsHttp: http.Server | null;
  private readonly wss: WebSocketServer | null;
  private readonly api: http.Server;

  constructor(
    readonly host: string,
    ports: { tcp: number; ws: number | null; http: number },
    handlers: ListenerHandlers,
  ) {
    this.tcpPort = ports.tcp;
    this.wsPort = ports.ws;
    this.httpPort = ports.http;
    this.tcp = net.createServer((s) => {
      try {
        handlers.onTcp(s);
      } catch {
        s.destroy();
      }
    });
    this.tcp.on('error', () => undefined);
    if (ports.ws !== null) {
      const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false });
      wss.on('error', () => undefined);
      const wsHttp = http.createServer((_req, res) => {
        res.writeHead(426, { 'content-type': 'text/plain' }).end('WebSocket upgrade required\n');
      });
      wsHttp.on('upgrade', (req, socket, head) => {
        socket.on('error', () => undefined);
        wss.handleUpgrade(req, socket, head, (ws) => {
          try {
            handlers.onWs(ws, `${req.socket.remoteAddress ?? '?'}:${req.socket.remotePort ?? 0}`);
          } catch {
            ws.terminate();
          }
        });
      });
      wsHttp.on('error', () => undefined);
      this.wss = wss;
      this.wsHttp = wsHttp;
    } else {
      this.wss = null;
      this.wsHttp = null;
    }
    this.api = http.createServer((req, res) => handlers.onHttp(req, res));
    this.api.on('error', () => undefined);
    this.api.on('clientError', (_err, socket) => socket.destroy());
  }

  /** First start: binds every listener; on failure releases those already bound. */
  async startAll(): Promise<void> {
    try {
      this.httpPort = await listen(this.api, this.httpPort, this.host);
      await this.startConnectionListeners();
    } catch (err) {
      await this.stopAll();
      throw err;
    }
  }

  async startConnectionListeners(): Promise<void> {
    if (!this.tcp.listening) this.tcpPort = await listen(this.tcp, this.tcpPort, this.host);
    if (this.wsHttp && !this.wsHttp.listening && this.wsPort !== null) {
      this.wsPort = await listen(this.wsHttp, this.wsPort, this.host);
    }
  }

  async stopConnectionListeners(): Promise<void> {
    await closeServer(this.tcp);
    if (this.wsHttp) {
      const closing = closeServer(this.wsHttp);
      this.wsHttp.closeAllConnections();
      await closing;
    }
  }

  async stopAll(): Promise<void> {
    await this.stopConnectionListeners();
    const closing = closeServer(this.api);
    this.api.closeAllConnections();
    await closing;
    this.wss?.close();
  }
}
