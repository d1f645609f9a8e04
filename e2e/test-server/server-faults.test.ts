/** Fault controls of the test server, programmatic API. */
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { PacketType, encodePacket } from '../../src/main/im/protocol/index';
import { startFaultProxy } from '../fault-proxy/index';
import { TestClient } from './test-client';
import { harness, type Harness } from './test-helpers';

let h: Harness | null = null;
const start = async (opts: Parameters<typeof harness>[0] = {}): Promise<Harness> => {
  h = await harness(opts);
  return h;
};
afterEach(async () => {
  await h?.teardown();
  h = null;
});

const refusedOrReset = (port: number): Promise<string | undefined> =>
  new Promise((resolve) => {
    const s = net.connect({ host: '127.0.0.1', port });
    let code: string | undefined;
    s.on('error', (e: NodeJS.ErrnoException) => {
      code = e.code;
    });
    s.on('close', () => resolve(code));
  });

describe('test server faults', () => {
  it('ignorePings: PINGs go unanswered while other packets are', async () => {
    const { login, server } = await start();
    const c = await login('alice');
    server.faults.ignorePings(true);
    c.send({ type: PacketType.PING });
    // a SEND written after the PING is answered; its SENDACK arriving first proves no PONG
    c.sendMessage({ channelId: 'bob', channelType: 1, payload: 'x' });
    await c.next(PacketType.SENDACK);
    expect(c.all(PacketType.PONG)).toHaveLength(0);
    expect(server.stats.pings).toBe(1);
    server.faults.ignorePings(false);
    await c.roundTrip();
  });

  it('ignoreConnect: no CONNACK, closed by the auth idle limit', async () => {
    const { connect, server } = await start({ idle: { duringAuthMs: 80 } });
    server.faults.ignoreConnect(true);
    const c = await connect();
    c.sendConnect({ uid: 'alice', token: 'alice-token' });
    await c.waitClosed();
    expect(c.received).toHaveLength(0);
    expect(server.stats.connectPackets).toBe(1);
  });

  it('delayConnack holds the CONNACK back', async () => {
    const { connect, server } = await start();
    server.faults.delayConnack(120);
    const c = await connect();
    const t0 = Date.now();
    expect((await c.login({ uid: 'alice', token: 'alice-token' })).reasonCode).toBe(1);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(110);
  });

  it('sendGarbage breaks every client decoder', async () => {
    const { login, server } = await start();
    const a = await login('alice');
    const b = await login('bob');
    server.faults.sendGarbage();
    await a.waitClosed();
    await b.waitClosed();
    expect(a.decodeError?.message).toMatch(/unknownPacketType/);
    expect(b.decodeError).not.toBeNull();
  });

  it('splitWrites delivers packets one byte at a time and they still decode', async () => {
    const { connect, login, server } = await start();
    const bob = await login('bob');
    server.faults.splitWrites(true, 1);
    const c = await connect();
    const connack = await c.login({ uid: 'alice', token: 'alice-token' });
    expect(connack.reasonCode).toBe(1);
    // a CONNACK of ~80 bytes written byte by byte cannot arrive in one read
    expect(c.chunks).toBeGreaterThan(1);
    server.faults.splitWrites(false);
    c.sendMessage({ channelId: 'bob', channelType: 1, payload: 'after split' });
    expect(bob.open(await bob.next(PacketType.RECV))).toBe('after split');
  });

  it('mergeWrites puts several packets into one write', async () => {
    const { login, server } = await start();
    const bob = await login('bob');
    server.faults.mergeWrites(true);
    const before = bob.chunks;
    for (let i = 0; i < 3; i++) {
      server.sendMessage({ fromUid: 'alice', channelId: 'bob', channelType: 1, payload: `m${i}` });
    }
    const texts = [];
    for (let i = 0; i < 3; i++) texts.push(bob.open(await bob.next(PacketType.RECV)));
    expect(texts).toEqual(['m0', 'm1', 'm2']);
    expect(bob.chunks - before).toBe(1);
    server.faults.mergeWrites(false);
    await bob.roundTrip();
  });

  it('closeAll sends FIN, resetAll sends RST', async () => {
    const { login, server } = await start();
    const a = await login('alice');
    server.faults.closeAll();
    await a.waitClosed();
    expect(a.error).toBeNull();
    const b = await login('bob');
    server.faults.resetAll();
    await b.waitClosed();
    expect(b.error?.code).toBe('ECONNRESET');
    expect(server.online()).toHaveLength(0);
  });

  it('refuseConnections resets new connections and keeps existing ones', async () => {
    const { login, server } = await start();
    const a = await login('alice');
    server.faults.refuseConnections(true);
    expect(await refusedOrReset(server.tcpPort)).toBe('ECONNRESET');
    await a.roundTrip();
    server.faults.refuseConnections(false);
    await login('bob');
  });

  it('stopListening / startListening: refused, then back on the same ports', async () => {
    const { login, server } = await start();
    const a = await login('alice');
    const { tcpPort, wsPort } = server;
    await server.stopListening();
    await a.waitClosed();
    expect(await refusedOrReset(tcpPort)).toBe('ECONNREFUSED');
    // the HTTP API stays up so tests can still steer the server
    expect((await fetch(`${server.httpUrl}/health`)).status).toBe(200);
    await server.startListening();
    expect(server.tcpPort).toBe(tcpPort);
    expect(server.wsPort).toBe(wsPort);
    await login('alice');
  });

  it('restart drops everyone and listens again on the same port after downMs', async () => {
    const { login, server } = await start();
    const a = await login('alice');
    const port = server.tcpPort;
    const t0 = Date.now();
    await server.restart({ downMs: 60 });
    expect(Date.now() - t0).toBeGreaterThanOrEqual(55);
    expect(a.closed).toBe(true);
    expect(server.tcpPort).toBe(port);
    const again = await login('alice');
    await again.roundTrip();
  });

  it('the same packets work over WebSocket, also split across frames', async () => {
    const { login, server } = await start();
    const bob = await login('bob');
    const ws = await TestClient.ws(server.wsUrl!);
    expect((await ws.login({ uid: 'alice', token: 'alice-token', deviceFlag: 1 })).reasonCode).toBe(
      1,
    );
    expect(server.online('alice')[0]?.transport).toBe('ws');
    // a client may split a packet across WebSocket messages; the server reassembles
    const bytes = encodePacket(
      ws.sealMessage({ channelId: 'bob', channelType: 1, payload: 'over ws' }),
      ws.version,
    );
    ws.writeRaw(bytes.subarray(0, 3));
    ws.writeRaw(bytes.subarray(3, 20));
    ws.writeRaw(bytes.subarray(20));
    expect((await ws.next(PacketType.SENDACK)).reasonCode).toBe(1);
    expect(bob.open(await bob.next(PacketType.RECV))).toBe('over ws');
    ws.writeRaw(Buffer.from([0x70]));
    await ws.next(PacketType.PONG);
    server.faults.splitWrites(true, 0);
    server.sendMessage({ fromUid: 'bob', channelId: 'alice', channelType: 1, payload: 'bytes' });
    expect(ws.open(await ws.next(PacketType.RECV))).toBe('bytes');
    expect(ws.chunks).toBeGreaterThan(10);
  });

  it('behind the fault proxy: a blackholed link is half-open, a proxy RST is seen by the server', async () => {
    const { login, server } = await start();
    const proxy = await startFaultProxy({ target: { host: server.host, port: server.tcpPort } });
    try {
      const c = await TestClient.tcpAddress(proxy.address);
      expect((await c.login({ uid: 'alice', token: 'alice-token' })).reasonCode).toBe(1);
      await c.roundTrip();
      proxy.setMode('blackhole');
      await expect(c.roundTrip(150)).rejects.toThrow(/no packet/);
      // the server still believes the connection is alive
      expect(server.online('alice')).toHaveLength(1);
      const bob = await login('bob');
      bob.sendMessage({ channelId: 'alice', channelType: 1, payload: 'lost in the void' });
      await bob.next(PacketType.SENDACK);
      proxy.resetAll();
      await c.waitClosed();
      await expect.poll(() => server.online('alice')).toHaveLength(0);
    } finally {
      await proxy.stop();
    }
  });
});
