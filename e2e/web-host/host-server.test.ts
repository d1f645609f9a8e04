import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { WebSocket } from 'ws';
import { startHostServer } from './host-server';
import type { HostBackend, HostServer } from './host-server';
import { injectBridgeScript, resolveInside } from './static-files';
import { BRIDGE_SCRIPT_PATH, HOST_WS_PATH, MAX_FRAME_BYTES, SECRET_PARAM } from './ws-protocol';
import type { HostMessage } from './ws-protocol';

function fakeBackend() {
  const sent: [string, unknown][] = [];
  const listeners = new Set<(channel: string, value: unknown) => void>();
  const backend: HostBackend = {
    async invoke(channel, payload) {
      if (channel === 'fail') throw new TypeError('bad input');
      return { channel, payload };
    },
    send: (channel, payload) => void sent.push([channel, payload]),
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  const emit = (channel: string, value: unknown) => listeners.forEach((l) => l(channel, value));
  return { backend, sent, emit, listeners };
}

/** The WebSocket URL the page's bridge builds from the page URL the host printed. */
function socketUrl(host: HostServer, secret = new URL(host.url).searchParams.get(SECRET_PARAM)) {
  return `ws://127.0.0.1:${host.port}${HOST_WS_PATH}?${SECRET_PARAM}=${secret ?? ''}`;
}

/** Resolves with the HTTP status the upgrade was answered with (101 = accepted). */
async function upgradeStatus(url: string, headers: { origin?: string; host?: string }) {
  const socket = new WebSocket(url, {
    ...(headers.origin !== undefined ? { origin: headers.origin } : {}),
    ...(headers.host !== undefined ? { headers: { host: headers.host } } : {}),
  });
  return new Promise<number>((resolve) => {
    socket.on('open', () => {
      socket.close();
      resolve(101);
    });
    socket.on('unexpected-response', (_request, response) => {
      resolve(response.statusCode ?? 0);
      socket.terminate();
    });
    socket.on('error', () => resolve(-1));
  });
}

async function openSocket(host: HostServer) {
  const socket = new WebSocket(socketUrl(host), { origin: `http://127.0.0.1:${host.port}` });
  const messages: HostMessage[] = [];
  const waiters: (() => void)[] = [];
  socket.on('message', (data) => {
    messages.push(JSON.parse(data.toString()) as HostMessage);
    waiters.splice(0).forEach((w) => w());
  });
  await once(socket, 'open');
  const next = async (count: number) => {
    while (messages.length < count) await new Promise<void>((r) => waiters.push(r));
    return messages;
  };
  return { socket, next };
}

describe('web host server', () => {
  let dir: string;
  let host: HostServer | null = null;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'wukong-host-'));
    writeFileSync(
      join(dir, 'index.html'),
      '<!doctype html><html><head><title>x</title></head><body></body></html>',
    );
    writeFileSync(join(dir, 'app.js'), 'console.log(1)');
  });
  afterEach(async () => {
    await host?.stop();
    host = null;
    rmSync(dir, { recursive: true, force: true });
  });

  it('injects the bridge as the first script of the page and serves the bundle', async () => {
    const { backend } = fakeBackend();
    host = await startHostServer({ rendererDir: dir, backend });
    const html = await (await fetch(host.url)).text();
    expect(html).toMatch(/<head>\s*<script src="\/wukong-bridge.js"><\/script>\s*<title>/);
    const bridge = await fetch(new URL(BRIDGE_SCRIPT_PATH, host.url));
    expect(bridge.headers.get('content-type')).toContain('javascript');
    const code = await bridge.text();
    expect(code).toContain(HOST_WS_PATH);
    expect(code).not.toMatch(/^\s*(import|export)\s/m);
    expect((await fetch(new URL('/app.js', host.url))).status).toBe(200);
    expect((await fetch(new URL('/missing.js', host.url))).status).toBe(404);
    expect((await fetch(new URL('/%2e%2e/%2e%2e/etc/passwd', host.url))).status).toBe(404);
  }, 30_000);

  it('answers invokes, forwards sends and pushes events; errors keep their message', async () => {
    const { backend, sent, emit } = fakeBackend();
    host = await startHostServer({ rendererDir: dir, backend, onError: () => {} });
    const { socket, next } = await openSocket(host);
    socket.send(JSON.stringify({ kind: 'invoke', id: 1, channel: 'a:b', payload: { x: 1 } }));
    socket.send(JSON.stringify({ kind: 'invoke', id: 2, channel: 'fail' }));
    socket.send('not json');
    socket.send(JSON.stringify({ kind: 'send', channel: 'network:report', payload: false }));
    const replies = await next(2);
    expect(replies).toContainEqual({
      kind: 'result',
      id: 1,
      ok: true,
      value: { channel: 'a:b', payload: { x: 1 } },
    });
    expect(replies).toContainEqual({
      kind: 'result',
      id: 2,
      ok: false,
      error: { name: 'TypeError', message: 'bad input' },
    });
    emit('connection:snapshot', { seq: 3 });
    const all = await next(3);
    expect(all[2]).toEqual({ kind: 'event', channel: 'connection:snapshot', value: { seq: 3 } });
    expect(sent).toEqual([['network:report', false]]);
    socket.close();
  }, 30_000);

  it('answers a ping with a pong without involving the services', async () => {
    const { backend, sent } = fakeBackend();
    host = await startHostServer({ rendererDir: dir, backend });
    const { socket, next } = await openSocket(host);
    socket.send(JSON.stringify({ kind: 'ping' }));
    expect(await next(1)).toEqual([{ kind: 'pong' }]);
    expect(sent).toEqual([]);
    socket.close();
  }, 30_000);

  it('stops cleanly with a page still connected and unsubscribes from the backend', async () => {
    const { backend, listeners } = fakeBackend();
    host = await startHostServer({ rendererDir: dir, backend });
    const { socket } = await openSocket(host);
    const closed = once(socket, 'close');
    await host.stop();
    await closed;
    expect(listeners.size).toBe(0);
    host = null;
  }, 30_000);
});

describe('web host guard', () => {
  let dir: string;
  let host: HostServer | null = null;
  const errors: unknown[] = [];
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'wukong-host-'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><html><head></head></html>');
    errors.length = 0;
    host = await startHostServer({
      rendererDir: dir,
      backend: fakeBackend().backend,
      onError: (e) => errors.push(e),
    });
  });
  afterEach(async () => {
    await host?.stop();
    host = null;
    rmSync(dir, { recursive: true, force: true });
  });

  it('prints a page URL with a fresh random secret per run', async () => {
    const secret = new URL(host!.url).searchParams.get(SECRET_PARAM);
    expect(secret).toMatch(/^[\w-]{40,}$/);
    const other = await startHostServer({ rendererDir: dir, backend: fakeBackend().backend });
    expect(new URL(other.url).searchParams.get(SECRET_PARAM)).not.toBe(secret);
    await other.stop();
  }, 30_000);

  it('accepts the page of its own origin (127.0.0.1 or localhost) carrying the secret', async () => {
    const port = host!.port;
    expect(await upgradeStatus(socketUrl(host!), { origin: `http://127.0.0.1:${port}` })).toBe(101);
    expect(
      await upgradeStatus(socketUrl(host!), {
        origin: `http://localhost:${port}`,
        host: `localhost:${port}`,
      }),
    ).toBe(101);
  }, 30_000);

  it('refuses sockets from foreign origins, foreign hosts, or without the secret', async () => {
    const port = host!.port;
    const own = `http://127.0.0.1:${port}`;
    expect(await upgradeStatus(socketUrl(host!), { origin: 'http://evil.example' })).toBe(403);
    expect(await upgradeStatus(socketUrl(host!), { origin: `http://127.0.0.1:${port + 1}` })).toBe(
      403,
    );
    expect(await upgradeStatus(socketUrl(host!), {})).toBe(403);
    expect(
      await upgradeStatus(socketUrl(host!), {
        origin: `http://evil.example:${port}`,
        host: `evil.example:${port}`,
      }),
    ).toBe(403);
    expect(await upgradeStatus(socketUrl(host!, 'guess'), { origin: own })).toBe(403);
    expect(await upgradeStatus(socketUrl(host!, ''), { origin: own })).toBe(403);
    expect(
      await upgradeStatus(`ws://127.0.0.1:${port}/elsewhere?${SECRET_PARAM}=x`, { origin: own }),
    ).toBe(403);
    expect(host!.clientCount).toBe(0);
  }, 30_000);

  it('refuses plain requests carrying a foreign Host header (DNS rebinding)', async () => {
    const { request } = await import('node:http');
    const status = await new Promise<number>((resolve, reject) => {
      request({ port: host!.port, host: '127.0.0.1', path: '/', headers: { host: 'evil.example' } })
        .on('response', (response) => {
          response.resume();
          resolve(response.statusCode ?? 0);
        })
        .on('error', reject)
        .end();
    });
    expect(status).toBe(403);
  }, 30_000);

  it('closes a socket that sends a frame over 1 MiB, without passing it on', async () => {
    const { socket } = await openSocket(host!);
    const closed = once(socket, 'close');
    const payload = 'x'.repeat(MAX_FRAME_BYTES);
    socket.send(JSON.stringify({ kind: 'send', channel: 'a', payload }));
    const [code] = (await closed) as [number];
    expect(code).toBe(1009);
  }, 30_000);

  it('says clearly that the port is taken instead of crashing with a stack', async () => {
    await expect(
      startHostServer({ rendererDir: dir, backend: fakeBackend().backend, port: host!.port }),
    ).rejects.toThrow(`Port ${host!.port} is already in use`);
  }, 30_000);
});

describe('static file helpers', () => {
  it('keeps paths inside the root', () => {
    expect(resolveInside('/r', '/a/b.js')).toBe('/r/a/b.js');
    expect(resolveInside('/r', '/../etc/passwd')).toBe('/r/etc/passwd');
    expect(resolveInside('/r', '/%E0%A4%A')).toBeNull();
  });
  it('refuses to inject into a page without a head', () => {
    expect(() => injectBridgeScript('<html><body></body></html>')).toThrow(/no <head>/);
  });
});
