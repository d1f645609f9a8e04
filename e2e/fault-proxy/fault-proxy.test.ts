import net from 'node:net';
import { once } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { startFaultProxy, type FaultProxy } from './index';

/** A target that records what it receives and echoes it back. */
interface Target {
  port: number;
  sockets: net.Socket[];
  received: () => Buffer;
  close: () => Promise<void>;
}

async function startEchoTarget(): Promise<Target> {
  const sockets: net.Socket[] = [];
  const chunks: Buffer[] = [];
  const server = net.createServer((s) => {
    sockets.push(s);
    s.on('error', () => undefined);
    s.on('data', (d: Buffer) => {
      chunks.push(d);
      if (!s.destroyed) s.write(d);
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const addr = server.address() as net.AddressInfo;
  return {
    port: addr.port,
    sockets,
    received: () => Buffer.concat(chunks),
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

interface Client {
  socket: net.Socket;
  data: () => Buffer;
  waitFor: (n: number) => Promise<Buffer>;
  closed: Promise<{ error: NodeJS.ErrnoException | null }>;
}

function connect(port: number): Promise<Client> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    const chunks: Buffer[] = [];
    let error: NodeJS.ErrnoException | null = null;
    const waiters: Array<() => void> = [];
    socket.on('data', (d: Buffer) => {
      chunks.push(d);
      for (const w of waiters.splice(0)) w();
    });
    socket.on('error', (e) => {
      error = e;
    });
    const closed = new Promise<{ error: NodeJS.ErrnoException | null }>((r) =>
      socket.on('close', () => {
        for (const w of waiters.splice(0)) w();
        r({ error });
      }),
    );
    socket.once('connect', () =>
      resolve({
        socket,
        data: () => Buffer.concat(chunks),
        closed,
        waitFor: (n) =>
          new Promise((res, rej) => {
            const check = (): void => {
              const all = Buffer.concat(chunks);
              if (all.length >= n) res(all);
              else if (socket.destroyed) rej(new Error(`closed after ${all.length} bytes`));
              else waiters.push(check);
            };
            check();
          }),
      }),
    );
    socket.once('error', reject);
  });
}

/** Error code a connection ends with; the RST may come before or after the client saw 'connect'. */
const resetCode = (port: number): Promise<string | undefined> =>
  connect(port).then(
    async (c) => {
      const { error } = await c.closed;
      return error?.code;
    },
    (e: NodeJS.ErrnoException) => e.code,
  );

const settle = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('fault proxy', () => {
  let target: Target;
  let proxy: FaultProxy;
  const clients: Client[] = [];

  const open = async (): Promise<Client> => {
    const c = await connect(proxy.port);
    clients.push(c);
    return c;
  };

  afterEach(async () => {
    for (const c of clients.splice(0)) c.socket.destroy();
    await proxy?.stop();
    await target?.close();
  });

  const setup = async (): Promise<void> => {
    target = await startEchoTarget();
    proxy = await startFaultProxy({ target: { host: '127.0.0.1', port: target.port } });
  };

  it('passes bytes both ways and counts connections', async () => {
    await setup();
    expect(proxy.address).toBe(`127.0.0.1:${proxy.port}`);
    const c = await open();
    c.socket.write('hello');
    expect((await c.waitFor(5)).toString()).toBe('hello');
    expect(proxy.connectionCount).toBe(1);
    expect(proxy.acceptedCount).toBe(1);
    expect(proxy.bytesUp).toBe(5);
    expect(proxy.bytesDown).toBe(5);
    c.socket.end();
    await c.closed;
    await expect.poll(() => proxy.connectionCount).toBe(0);
  });

  it('blackhole forwards nothing either way but keeps both sockets open, then resumes', async () => {
    await setup();
    const c = await open();
    c.socket.write('a');
    await c.waitFor(1);
    proxy.setMode('blackhole');
    expect(proxy.mode).toBe('blackhole');
    c.socket.write('bcd');
    // server -> client direction is blackholed too
    target.sockets[0]!.write('S');
    await settle(80);
    expect(target.received().toString()).toBe('a');
    expect(c.data().toString()).toBe('a');
    expect(c.socket.destroyed).toBe(false);
    expect(target.sockets[0]!.destroyed).toBe(false);
    proxy.setMode('pass');
    // held bytes are delivered in order once the "network" is back
    expect((await c.waitFor(5)).toString()).toBe('aSbcd');
  });

  it('blackhole hides a server-side close from the client', async () => {
    await setup();
    const c = await open();
    c.socket.write('x');
    await c.waitFor(1);
    proxy.setMode('blackhole');
    target.sockets[0]!.destroy();
    await settle(80);
    expect(c.socket.destroyed).toBe(false);
    expect(proxy.connectionCount).toBe(1);
    proxy.setMode('pass');
    await c.closed;
  });

  it('adds latency without reordering', async () => {
    await setup();
    const c = await open();
    proxy.setLatency(60);
    const t0 = Date.now();
    c.socket.write('1');
    c.socket.write('2');
    c.socket.write('3');
    expect((await c.waitFor(3)).toString()).toBe('123');
    // one way out and one way back
    expect(Date.now() - t0).toBeGreaterThanOrEqual(115);
  });

  it('resetAll sends RST to both sides', async () => {
    await setup();
    const c = await open();
    c.socket.write('x');
    await c.waitFor(1);
    const serverSide = target.sockets[0]!;
    const serverClosed = new Promise<boolean>((r) => serverSide.on('close', (hadErr) => r(hadErr)));
    proxy.resetAll();
    const { error } = await c.closed;
    expect(error?.code).toBe('ECONNRESET');
    expect(await serverClosed).toBe(true);
    expect(proxy.connectionCount).toBe(0);
  });

  it('closeAfterBytes cuts the connection after exactly N bytes', async () => {
    await setup();
    proxy.closeAfterBytes(4);
    const c = await open();
    c.socket.write('abcdefgh');
    const { error } = await c.closed;
    expect(error).toBeNull();
    // 4 bytes went up, none were left for the echo
    expect(target.received().toString()).toBe('abcd');
    expect(c.data().length).toBe(0);
    proxy.closeAfterBytes(null);
    const c2 = await open();
    c2.socket.write('abcdefgh');
    expect((await c2.waitFor(8)).toString()).toBe('abcdefgh');
  });

  it('refuseNew resets new connections and leaves existing ones alone', async () => {
    await setup();
    const old = await open();
    proxy.refuseNew(true);
    expect(await resetCode(proxy.port)).toBe('ECONNRESET');
    expect(proxy.acceptedCount).toBe(2);
    old.socket.write('still');
    expect((await old.waitFor(5)).toString()).toBe('still');
    proxy.refuseNew(false);
    const again = await open();
    again.socket.write('ok');
    expect((await again.waitFor(2)).toString()).toBe('ok');
  });

  it('stopListening gives ECONNREFUSED and startListening reopens the same port', async () => {
    await setup();
    const port = proxy.port;
    await proxy.stopListening();
    await expect(connect(port)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    await proxy.startListening();
    const c = await open();
    c.socket.write('back');
    expect((await c.waitFor(4)).toString()).toBe('back');
  });

  it('resets the client when the target is down', async () => {
    await setup();
    await target.close();
    expect(await resetCode(proxy.port)).toBe('ECONNRESET');
  });

  it('stop releases the port', async () => {
    await setup();
    await open();
    const port = proxy.port;
    await proxy.stop();
    await expect(connect(port)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });
});
