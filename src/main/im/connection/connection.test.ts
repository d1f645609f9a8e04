import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Socket } from 'node:net';
import { systemClock } from '../core';
import type { MemorySocket } from '../manager/testing/memory-transport';
import { MemoryServer, SocketTracker } from '../manager/testing/memory-transport';
import { PacketType } from '../protocol';
import { Connection, type ConnectionEnd, type OpenInfo } from './connection';

const handshake = { version: 5, deviceFlag: 2, deviceId: 'd1', uid: 'u1', token: 'tok-123456' };

function make(
  server = new MemoryServer(),
  factory?: (e: { host: string; port: number }) => Socket,
) {
  const tracker = new SocketTracker(server);
  const ends: ConnectionEnd[] = [];
  const opens: OpenInfo[] = [];
  const conn = new Connection(
    {
      endpoint: { host: 'm', port: 1 },
      handshake,
      socketFactory: factory ?? tracker.factory,
      clock: systemClock,
      connectTimeoutMs: 1_000,
    },
    { onOpen: (i) => opens.push(i), onPacket: () => undefined, onEnd: (e) => ends.push(e) },
  );
  return { conn, tracker, ends, opens, server };
}

const flush = () => vi.advanceTimersByTimeAsync(0);

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('Connection', () => {
  it('opens after CONNACK 1 with the effective version and refuses writes before that', async () => {
    const t = make(new MemoryServer({ newestVersion: 4 }));
    t.conn.start();
    expect(t.conn.write({ type: PacketType.PING })).toBe(false);
    await flush();
    expect(t.opens).toHaveLength(1);
    expect(t.opens[0]?.effectiveVersion).toBe(4);
    expect(t.conn.phase).toBe('open');
    expect(t.conn.write({ type: PacketType.PING })).toBe(true);
    // CONNECT was its own write
    expect(t.tracker.last?.writes.map((w) => w[0])).toEqual([0x10, 0x70]);
    t.conn.close();
  });

  it('ends exactly once even when error, end and close all fire, and never after close()', async () => {
    const t = make();
    t.conn.start();
    await flush();
    const socket = t.tracker.last!;
    socket.emit('error', new Error('ECONNRESET'));
    socket.emit('end');
    socket.emit('close', true);
    expect(t.ends).toEqual([{ kind: 'closed', phase: 'open', error: 'ECONNRESET' }]);
    expect(socket.destroyed).toBe(true);
    // a late error on the destroyed socket is swallowed, not thrown
    expect(() => socket.emit('error', new Error('late'))).not.toThrow();

    const u = make();
    u.conn.start();
    await flush();
    u.conn.close();
    u.tracker.last!.emit('close', false);
    expect(u.ends).toEqual([]);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('times out TCP connect and CONNACK separately', async () => {
    const server = new MemoryServer();
    server.blackholeTcp = true;
    const t = make(server);
    t.conn.start();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(t.ends).toEqual([{ kind: 'tcpTimeout' }]);

    const s2 = new MemoryServer();
    s2.ignoreConnect = true;
    const u = make(s2);
    u.conn.start();
    await vi.advanceTimersByTimeAsync(999);
    expect(u.ends).toEqual([]);
    await vi.advanceTimersByTimeAsync(2);
    expect(u.ends).toEqual([{ kind: 'connackTimeout' }]);
    expect(u.tracker.live).toBe(0);
  });

  it('a socket factory that throws is an ordinary failed attempt', () => {
    const t = make(undefined, () => {
      throw new Error('bad host');
    });
    t.conn.start();
    expect(t.ends).toEqual([{ kind: 'closed', phase: 'tcp', error: 'bad host' }]);
  });

  it('sets TCP keepalive and no-delay once connected', async () => {
    const t = make();
    t.conn.start();
    await flush();
    const socket: MemorySocket = t.tracker.last!;
    expect(socket.keepAlive).toBe(true);
    expect(socket.noDelay).toBe(true);
    t.conn.close();
  });
});
