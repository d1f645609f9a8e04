import { describe, expect, it, vi } from 'vitest';
import { INVOKE_CHANNELS, SEND_CHANNELS, type IpcResponse } from '../shared/ipc-contract';
import { registerIpcHandlers, senderProblem, trustedUrlCheckFor } from './ipc-registrar';
import { createAppServices } from './services/app-services';
import { createIpcHandlers } from './services/ipc-handlers';
import { createRedactor } from '../shared/redact';
import { createInMemorySecretStore } from './services/secret-store';
import { createInMemorySettingsRepository } from './services/settings-repository';
import { fakeManagerFactory } from './testing/fake-connection-manager';
import { tempDir } from './testing/temp-dir';

const RENDERER = '/app/out/renderer/index.html';
const OWN_URL = `file://${RENDERER}`;

type Handler = (event: unknown, payload: unknown) => Promise<IpcResponse>;
type Listener = (event: unknown, payload: unknown) => void;

/** ipcMain stand-in that captures what the registrar registers, so tests can drive it. */
function fakeIpcMain() {
  const handlers = new Map<string, Handler>();
  const listeners = new Map<string, Listener[]>();
  return {
    handlers,
    listeners,
    handle: vi.fn((channel: string, handler: Handler) => {
      if (handlers.has(channel)) throw new Error(`second handler for ${channel}`);
      handlers.set(channel, handler);
    }),
    removeHandler: vi.fn((channel: string) => void handlers.delete(channel)),
    on: vi.fn((channel: string, listener: Listener) => {
      listeners.set(channel, [...(listeners.get(channel) ?? []), listener]);
    }),
    removeListener: vi.fn((channel: string, listener: Listener) => {
      listeners.set(
        channel,
        (listeners.get(channel) ?? []).filter((l) => l !== listener),
      );
    }),
  };
}

/** An IPC event as Electron builds it: the sending frame, its parent, its URL. */
function eventFrom(url: string, options: { topFrame?: boolean; gone?: boolean } = {}) {
  if (options.gone) return { senderFrame: null };
  const parent = options.topFrame === false ? { url: OWN_URL } : null;
  return { senderFrame: { url, parent } };
}

function setup() {
  const factory = fakeManagerFactory();
  const services = createAppServices({
    createManager: factory.create,
    settings: createInMemorySettingsRepository(),
    secrets: createInMemorySecretStore(),
    messagesDir: tempDir(),
    appVersion: '0',
    platform: 'test',
  });
  const ipcMain = fakeIpcMain();
  const warn = vi.fn();
  const logger = { debug: vi.fn(), info: vi.fn(), warn, error: vi.fn() };
  const unregister = registerIpcHandlers(createIpcHandlers(services), {
    // The fake implements exactly the four methods the registrar uses.
    ipcMain: ipcMain as unknown as Parameters<typeof registerIpcHandlers>[1]['ipcMain'],
    isTrustedUrl: trustedUrlCheckFor({ kind: 'file', path: RENDERER }),
    logger,
    redactor: createRedactor(),
  });
  const invoke = (channel: string, payload: unknown, event: unknown = eventFrom(OWN_URL)) => {
    const handler = ipcMain.handlers.get(channel);
    if (!handler) throw new Error(`no handler for ${channel}`);
    return handler(event, payload);
  };
  return { services, factory, ipcMain, warn, invoke, unregister };
}

const signIn = {
  server: { kind: 'static', host: '127.0.0.1', port: 5100 },
  uid: 'alice',
  token: 'tok-registrar-1',
};

describe('registerIpcHandlers', () => {
  it('registers every contract channel once', () => {
    const { ipcMain } = setup();
    expect([...ipcMain.handlers.keys()].sort()).toEqual(Object.values(INVOKE_CHANNELS).sort());
    expect([...ipcMain.listeners.keys()]).toEqual(Object.values(SEND_CHANNELS));
  });

  it('forwards a good call from our own top frame and wraps the result', async () => {
    const { invoke, factory } = setup();
    await expect(invoke(INVOKE_CHANNELS.signIn, signIn)).resolves.toEqual({
      ok: true,
      value: undefined,
    });
    expect(factory.last.calls).toEqual(['connect']);
    const account = await invoke(INVOKE_CHANNELS.getAccount, undefined);
    expect(account).toMatchObject({ ok: true, value: { uid: 'alice', hasToken: true } });
  });

  it.each([
    [
      'another origin',
      eventFrom('https://evil.example.com/'),
      /untrusted origin https:\/\/evil\.example\.com/,
    ],
    ['another local file', eventFrom('file:///tmp/evil.html'), /untrusted origin file:\/\//],
    ['a sub frame of our page', eventFrom(OWN_URL, { topFrame: false }), /not the top frame/],
    ['a frame that is gone', eventFrom(OWN_URL, { gone: true }), /frame is gone/],
  ])('refuses %s and logs it, without calling the service', async (_name, event, message) => {
    const { invoke, factory, warn } = setup();
    const reply = await invoke(INVOKE_CHANNELS.signIn, signIn, event);
    expect(reply.ok).toBe(false);
    if (!reply.ok) {
      expect(reply.error.name).toBe('ForbiddenSenderError');
      expect(reply.error.message).toMatch(message);
    }
    expect(factory.made).toHaveLength(0);
    expect(warn).toHaveBeenCalledWith(
      'Refused IPC call',
      expect.objectContaining({ channel: INVOKE_CHANNELS.signIn }),
    );
  });

  it('accepts our page with a hash or query (client-side routes)', async () => {
    const { invoke } = setup();
    const reply = await invoke(
      INVOKE_CHANNELS.getSnapshot,
      undefined,
      eventFrom(`${OWN_URL}#/settings`),
    );
    expect(reply.ok).toBe(true);
  });

  it('refuses a bad payload with a clear error naming the field, and logs without the token', async () => {
    const { invoke, factory, warn } = setup();
    const reply = await invoke(INVOKE_CHANNELS.signIn, {
      ...signIn,
      server: { kind: 'static', host: '', port: 1 },
    });
    expect(reply).toEqual({
      ok: false,
      error: {
        name: 'InvalidPayloadError',
        message:
          'Invalid request for account:sign-in: server.host: Enter a host name or IP address',
      },
    });
    expect(factory.made).toHaveLength(0);
    expect(warn).toHaveBeenCalledWith(
      'IPC call failed',
      expect.objectContaining({ channel: INVOKE_CHANNELS.signIn }),
    );
    expect(JSON.stringify(warn.mock.calls)).not.toContain(signIn.token);
  });

  it('send channels: checked and validated the same way; bad input never throws into Electron', async () => {
    const { ipcMain, invoke, factory, warn } = setup();
    await invoke(INVOKE_CHANNELS.signIn, signIn);
    const [listener] = ipcMain.listeners.get(SEND_CHANNELS.reportNetwork) ?? [];
    expect(() => listener?.(eventFrom(OWN_URL), 'nope')).not.toThrow();
    listener?.(eventFrom('https://evil.example.com/'), false);
    expect(factory.last.calls).not.toContain('setNetworkOnline(false)');
    listener?.(eventFrom(OWN_URL), false);
    expect(factory.last.calls).toContain('setNetworkOnline(false)');
    expect(warn).toHaveBeenCalledWith('IPC message rejected', expect.anything());
    expect(warn).toHaveBeenCalledWith('Refused IPC message', expect.anything());
  });

  it('unregister removes every handler and listener', () => {
    const { ipcMain, unregister } = setup();
    unregister();
    expect(ipcMain.handlers.size).toBe(0);
    expect([...ipcMain.listeners.values()].flat()).toEqual([]);
  });
});

describe('trustedUrlCheckFor', () => {
  it('dev server entry: same origin only', () => {
    const check = trustedUrlCheckFor({ kind: 'url', url: 'http://localhost:5173/' });
    expect(check('http://localhost:5173/index.html#x')).toBe(true);
    expect(check('http://localhost:5174/')).toBe(false);
    expect(check('not a url')).toBe(false);
  });

  it('app:// entry: only app://wukong/ pages, never another null-origin page', () => {
    const check = trustedUrlCheckFor({
      kind: 'app',
      url: 'app://wukong/index.html',
      rootDir: '/app/out/renderer',
    });
    expect(check('app://wukong/index.html')).toBe(true);
    expect(check('app://wukong/index.html#/chat')).toBe(true);
    expect(check('app://other/index.html')).toBe(false);
    expect(check('file:///app/out/renderer/index.html')).toBe(false);
    expect(check('data:text/html,<p>x</p>')).toBe(false);
    expect(senderProblem(eventFrom('app://wukong/index.html') as never, check)).toBeNull();
  });

  it('senderProblem is null for our top frame', () => {
    const check = trustedUrlCheckFor({ kind: 'file', path: RENDERER });
    expect(senderProblem(eventFrom(OWN_URL) as never, check)).toBeNull();
  });
});
