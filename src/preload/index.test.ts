import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { WukongApi } from '../shared/bridge-api';
import { EVENT_CHANNELS, INVOKE_CHANNELS } from '../shared/ipc-channels';

// The preload with electron mocked: what is exposed, and how it uses ipcRenderer.
const exposed = new Map<string, unknown>();
const rendererListeners = new Map<string, ((event: unknown, value: unknown) => void)[]>();
const ipcRenderer = {
  invoke: vi.fn<(channel: string, payload: unknown) => Promise<unknown>>(),
  send: vi.fn(),
  on: vi.fn((channel: string, listener: (event: unknown, value: unknown) => void) => {
    rendererListeners.set(channel, [...(rendererListeners.get(channel) ?? []), listener]);
  }),
  removeListener: vi.fn((channel: string, listener: (event: unknown, value: unknown) => void) => {
    rendererListeners.set(
      channel,
      (rendererListeners.get(channel) ?? []).filter((l) => l !== listener),
    );
  }),
};

vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, value: unknown) => exposed.set(key, value) },
  ipcRenderer,
}));

async function loadApi(): Promise<WukongApi> {
  vi.resetModules();
  exposed.clear();
  await import('./index');
  return exposed.get('wukong') as WukongApi;
}

describe('preload index', () => {
  beforeEach(() => {
    rendererListeners.clear();
    vi.clearAllMocks();
  });

  it('exposes exactly one object, window.wukong, and never ipcRenderer', async () => {
    const api = await loadApi();
    expect([...exposed.keys()]).toEqual(['wukong']);
    expect(Object.values(api)).not.toContain(ipcRenderer);
    expect(JSON.stringify(Object.keys(api))).not.toMatch(/ipc/i);
  });

  it('unwraps the main process envelope: values resolve, errors reject with the message only', async () => {
    const api = await loadApi();
    ipcRenderer.invoke.mockResolvedValueOnce({ ok: true, value: { uid: 'alice' } });
    await expect(api.getAccount()).resolves.toEqual({ uid: 'alice' });
    expect(ipcRenderer.invoke).toHaveBeenLastCalledWith(INVOKE_CHANNELS.getAccount, undefined);

    ipcRenderer.invoke.mockResolvedValueOnce({
      ok: false,
      error: {
        name: 'InvalidPayloadError',
        message: 'Invalid request for account:sign-in: uid: Enter a user id',
      },
    });
    const failure = api.connect();
    await expect(failure).rejects.toThrow(
      'Invalid request for account:sign-in: uid: Enter a user id',
    );
    await expect(failure).rejects.toMatchObject({ name: 'InvalidPayloadError' });

    ipcRenderer.invoke.mockResolvedValueOnce('garbage');
    await expect(api.connect()).rejects.toThrow('Malformed reply');
  });

  it('event listeners get the value, not the IPC event, and unsubscribe removes the listener', async () => {
    const api = await loadApi();
    const seen: unknown[] = [];
    const off = api.onSnapshot((value) => seen.push(value));
    const [listener] = rendererListeners.get(EVENT_CHANNELS.snapshot) ?? [];
    const fakeEvent = { sender: ipcRenderer };
    listener?.(fakeEvent, { seq: 3 });
    expect(seen).toEqual([{ seq: 3 }]);
    off();
    expect(rendererListeners.get(EVENT_CHANNELS.snapshot)).toEqual([]);
  });
});
