import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { WebSocket } from 'ws';
import { startHostServer } from './host-server';
import type { HostBackend, HostServer } from './host-server';
import { injectBridgeScript, resolveInside } from './static-files';
import { BRIDGE_SCRIPT_PATH, HOST_WS_PATH } from './ws-protocol';
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

async function openSocket(host: HostServer) {
  const socket = new WebSocket(`ws://127.0.0.1:${host.port}${HOST_WS_PATH}`);
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
