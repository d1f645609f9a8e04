/**
 * A TCP proxy between a client and a server whose behaviour can be changed at run time. It
 * produces the network failures no server-side control can: a link that is silently dead in both
 * directions (blackhole), latency, an RST, a connection cut after N bytes, refused connections.
 *
 * Test double only: never imported by production code.
 */
import net from 'node:net';

export type FaultProxyMode = 'pass' | 'blackhole';

export interface FaultProxyOptions {
  target: { host: string; port: number };
  /** 0 or omitted = a free port */
  listenPort?: number;
  /** default '127.0.0.1' */
  host?: string;
}

export interface FaultProxy {
  readonly port: number;
  /** 'host:port' */
  readonly address: string;
  /**
   * 'blackhole' keeps both sockets open and forwards nothing in either direction, as a dead network
   * does. Data (and a FIN) arriving meanwhile is held, like TCP retransmitting it, and delivered
   * when the mode returns to 'pass'. New connections are accepted but stay silent too.
   */
  setMode(mode: FaultProxyMode): void;
  readonly mode: FaultProxyMode;
  /** one-way delay added to every chunk from now on (order is kept) */
  setLatency(ms: number): void;
  /** sends RST to both sides of every current connection */
  resetAll(): void;
  /** closes (FIN) both sides of every current connection */
  closeAll(): void;
  /**
   * Every current and future connection forwards at most n more bytes (both directions together),
   * then both sides are closed. null removes the limit.
   */
  closeAfterBytes(n: number | null): void;
  /** on: every new connection is accepted and immediately reset (existing ones are untouched) */
  refuseNew(on: boolean): void;
  /** stop accepting (clients get ECONNREFUSED); existing connections stay up */
  stopListening(): Promise<void>;
  /** listen again on the same port */
  startListening(): Promise<void>;
  /** live proxied connections */
  readonly connectionCount: number;
  /** connections accepted since start (including refused ones) */
  readonly acceptedCount: number;
  /** total bytes forwarded client -> server and server -> client */
  readonly bytesUp: number;
  readonly bytesDown: number;
  stop(): Promise<void>;
}

type QueueItem = { kind: 'data'; chunk: Buffer } | { kind: 'end' } | { kind: 'reset' };

/** One direction of a proxied connection: holds items while blackholed, delays them, counts bytes. */
interface Direction {
  from: net.Socket;
  to: net.Socket;
  held: QueueItem[];
  /** time the last scheduled chunk is delivered, so latency never reorders chunks */
  lastDeliverAt: number;
  up: boolean;
}

interface Pair {
  client: net.Socket;
  upstream: net.Socket;
  upstreamReady: boolean;
  /** bytes this pair may still forward, or null */
  budget: number | null;
  dirs: [Direction, Direction];
  done: boolean;
  timers: Set<NodeJS.Timeout>;
}

export async function startFaultProxy(opts: FaultProxyOptions): Promise<FaultProxy> {
  const host = opts.host ?? '127.0.0.1';
  let mode: FaultProxyMode = 'pass';
  let latencyMs = 0;
  let byteLimit: number | null = null;
  let refusing = false;
  let accepted = 0;
  let bytesUp = 0;
  let bytesDown = 0;
  const pairs = new Set<Pair>();

  const finish = (pair: Pair, how: 'close' | 'reset'): void => {
    if (pair.done) return;
    pair.done = true;
    pairs.delete(pair);
    for (const t of pair.timers) clearTimeout(t);
    pair.timers.clear();
    for (const s of [pair.client, pair.upstream]) {
      if (s.destroyed) continue;
      if (how === 'reset') {
        s.resetAndDestroy();
      } else {
        s.end();
        // a peer that never answers our FIN must not keep the socket forever
        s.setTimeout(2000, () => s.destroy());
      }
    }
  };

  const deliver = (pair: Pair, dir: Direction, item: QueueItem): void => {
    if (pair.done) return;
    if (item.kind !== 'data') {
      // one side closed: close the other one the same way (a healthy proxy leaves no half-open link)
      finish(pair, item.kind === 'end' ? 'close' : 'reset');
      return;
    }
    let chunk = item.chunk;
    let exhausted = false;
    if (pair.budget !== null) {
      if (chunk.length >= pair.budget) {
        chunk = chunk.subarray(0, pair.budget);
        exhausted = true;
      }
      pair.budget -= chunk.length;
    }
    if (chunk.length > 0 && !dir.to.destroyed) {
      dir.to.write(chunk);
      if (dir.up) bytesUp += chunk.length;
      else bytesDown += chunk.length;
    }
    if (exhausted) finish(pair, 'close');
  };

  const schedule = (pair: Pair, dir: Direction, item: QueueItem): void => {
    if (latencyMs <= 0 && dir.lastDeliverAt <= Date.now()) {
      deliver(pair, dir, item);
      return;
    }
    const at = Math.max(Date.now() + latencyMs, dir.lastDeliverAt);
    dir.lastDeliverAt = at;
    const timer = setTimeout(
      () => {
        pair.timers.delete(timer);
        deliver(pair, dir, item);
      },
      Math.max(0, at - Date.now()),
    );
    pair.timers.add(timer);
  };

  const push = (pair: Pair, dir: Direction, item: QueueItem): void => {
    if (pair.done) return;
    if (mode === 'blackhole' || !pair.upstreamReady) {
      dir.held.push(item);
      return;
    }
    schedule(pair, dir, item);
  };

  const flushHeld = (pair: Pair): void => {
    for (const dir of pair.dirs) {
      const items = dir.held.splice(0);
      for (const item of items) schedule(pair, dir, item);
    }
  };

  const onConnection = (client: net.Socket): void => {
    accepted++;
    client.on('error', () => undefined);
    if (refusing) {
      client.resetAndDestroy();
      return;
    }
    const upstream = net.connect({ host: opts.target.host, port: opts.target.port });
    upstream.on('error', () => undefined);
    const up: Direction = { from: client, to: upstream, held: [], lastDeliverAt: 0, up: true };
    const down: Direction = { from: upstream, to: client, held: [], lastDeliverAt: 0, up: false };
    const pair: Pair = {
      client,
      upstream,
      upstreamReady: false,
      budget: byteLimit,
      dirs: [up, down],
      done: false,
      timers: new Set(),
    };
    pairs.add(pair);
    client.on('data', (chunk: Buffer) => push(pair, up, { kind: 'data', chunk }));
    upstream.on('data', (chunk: Buffer) => push(pair, down, { kind: 'data', chunk }));
    client.on('end', () => push(pair, up, { kind: 'end' }));
    upstream.on('end', () => push(pair, down, { kind: 'end' }));
    // A close or RST on one side travels like data (after the bytes before it, with the same
    // latency); while blackholed it is held, so the other side hears nothing.
    client.on('close', (hadError) => push(pair, up, { kind: hadError ? 'reset' : 'end' }));
    upstream.on('close', (hadError) => {
      if (!pair.upstreamReady && !pair.done) {
        // server refused or unreachable: the client sees the connection reset
        finish(pair, 'reset');
        return;
      }
      push(pair, down, { kind: hadError ? 'reset' : 'end' });
    });
    upstream.once('connect', () => {
      pair.upstreamReady = true;
      if (mode === 'pass') flushHeld(pair);
    });
  };

  const server = net.createServer({ allowHalfOpen: true }, onConnection);
  server.on('error', () => undefined);
  const listen = async (port: number): Promise<void> => {
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
  };
  await listen(opts.listenPort ?? 0);
  const addr = server.address();
  if (addr === null || typeof addr === 'string') throw new Error('fault proxy: no TCP address');
  const port = addr.port;

  return {
    port,
    address: `${host}:${port}`,
    get mode() {
      return mode;
    },
    setMode(next) {
      mode = next;
      if (next === 'pass') for (const pair of [...pairs]) if (pair.upstreamReady) flushHeld(pair);
    },
    setLatency(ms) {
      latencyMs = Math.max(0, ms);
    },
    resetAll() {
      for (const pair of [...pairs]) finish(pair, 'reset');
    },
    closeAll() {
      for (const pair of [...pairs]) finish(pair, 'close');
    },
    closeAfterBytes(n) {
      byteLimit = n;
      for (const pair of [...pairs]) {
        pair.budget = n;
        if (n === 0) finish(pair, 'close');
      }
    },
    refuseNew(on) {
      refusing = on;
    },
    async stopListening() {
      if (!server.listening) return;
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
    async startListening() {
      if (server.listening) return;
      await listen(port);
    },
    get connectionCount() {
      return pairs.size;
    },
    get acceptedCount() {
      return accepted;
    },
    get bytesUp() {
      return bytesUp;
    },
    get bytesDown() {
      return bytesDown;
    },
    async stop() {
      for (const pair of [...pairs]) finish(pair, 'reset');
      if (server.listening) await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
