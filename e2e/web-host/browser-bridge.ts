/**
 * Runs in the page (bundled to /wukong-bridge.js by the web host): builds window.wukong with the
 * preload's own bridge factory, over a WebSocket to the host instead of Electron IPC. Loaded as a
 * classic script before the renderer's module script, so window.wukong exists when the app starts.
 *
 * This file is type-checked with the Node project (no DOM lib), hence the few browser types below.
 */
import { createWukongApi } from '../../src/preload/bridge-factory';
import type { BridgeTransport } from '../../src/preload/bridge-factory';
import { INVOKE_CHANNELS } from '../../src/shared/ipc-channels';
import { showHostLost } from './host-lost-notice';
import { watchLink } from './link-watch';
import { HOST_WS_PATH, SECRET_PARAM } from './ws-protocol';
import type { ClientMessage, HostMessage } from './ws-protocol';

interface BrowserSocket {
  readonly readyState: number;
  send(data: string): void;
  close(): void;
  addEventListener(type: 'open' | 'close' | 'error', listener: () => void): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
}

interface BrowserGlobals {
  WebSocket: { new (url: string): BrowserSocket; readonly OPEN: number };
  location: { protocol: string; host: string; search: string; reload(): void };
  document: Parameters<typeof showHostLost>[0];
  addEventListener(type: 'offline' | 'online', listener: () => void): void;
}

/** Tries the host again this often once the bridge is lost. */
const RECONNECT_EVERY_MS = 1_000;
/** After the page asked the app to quit, the host going away is expected: no notice then. */
const QUIT_CHANNEL = INVOKE_CHANNELS.quit;

const browser = globalThis as unknown as BrowserGlobals;

/**
 * Once the bridge is lost: knock on the host every second (and when the browser is back online);
 * the first socket that opens means the host is back, and a reload starts the app afresh from the
 * host's state, so nothing stale survives.
 */
function reconnectWhenBack(url: string): void {
  let trying = false;
  const attempt = (): void => {
    if (trying) return;
    trying = true;
    const probe = new browser.WebSocket(url);
    // A hung host never answers the upgrade either: give up on this probe and knock again.
    const giveUp = setTimeout(() => probe.close(), 3 * RECONNECT_EVERY_MS);
    probe.addEventListener('open', () => {
      clearTimeout(giveUp);
      probe.close();
      browser.location.reload();
    });
    probe.addEventListener('close', () => {
      clearTimeout(giveUp);
      trying = false;
    });
  };
  setInterval(attempt, RECONNECT_EVERY_MS);
  browser.addEventListener('online', attempt);
}

function createWebSocketTransport(url: string): BridgeTransport {
  const socket = new browser.WebSocket(url);
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  const listeners = new Map<string, Set<(value: unknown) => void>>();
  // Calls made before the socket opened (the renderer starts at once) go out on open.
  let queue: string[] | null = [];
  let closed = false;
  let nextId = 1;

  const post = (message: ClientMessage): void => {
    const frame = JSON.stringify(message);
    if (queue) queue.push(frame);
    else if (!closed) socket.send(frame);
  };

  let quitting = false;
  const watch = watchLink({
    sendPing: () => {
      if (socket.readyState === browser.WebSocket.OPEN)
        socket.send(JSON.stringify({ kind: 'ping' }));
    },
    onLost: () => {
      closed = true;
      queue = null;
      for (const call of pending.values()) call.reject(new Error('The app host went away'));
      pending.clear();
      socket.close();
      if (quitting) return;
      showHostLost(browser.document);
      reconnectWhenBack(url);
    },
  });

  socket.addEventListener('open', () => {
    watch.start();
    const frames = queue ?? [];
    queue = null;
    for (const frame of frames) socket.send(frame);
  });
  socket.addEventListener('close', () => watch.lost('closed'));
  browser.addEventListener('offline', () => watch.lost('offline'));
  socket.addEventListener('message', (event) => {
    if (typeof event.data !== 'string') return;
    watch.heard();
    const message = JSON.parse(event.data) as HostMessage;
    if (message.kind === 'pong') return;
    if (message.kind === 'event') {
      for (const listener of listeners.get(message.channel) ?? []) listener(message.value);
      return;
    }
    const call = pending.get(message.id);
    if (!call) return;
    pending.delete(message.id);
    if (message.ok) {
      call.resolve(message.value);
    } else {
      const error = new Error(message.error.message);
      error.name = message.error.name;
      call.reject(error);
    }
  });

  return {
    invoke(channel, payload) {
      if (channel === QUIT_CHANNEL) quitting = true;
      if (closed) return Promise.reject(new Error('The app host went away'));
      const id = nextId++;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        post({ kind: 'invoke', id, channel, payload });
      });
    },
    send(channel, payload) {
      if (channel === QUIT_CHANNEL) quitting = true;
      post({ kind: 'send', channel, payload });
    },
    on(channel, listener) {
      // Each subscription gets its own wrapper so removing it never removes a twin listener.
      const wrapped = (value: unknown): void => listener(value);
      let set = listeners.get(channel);
      if (!set) listeners.set(channel, (set = new Set()));
      set.add(wrapped);
      return () => {
        set.delete(wrapped);
      };
    },
  };
}

const scheme = browser.location.protocol === 'https:' ? 'wss:' : 'ws:';
// The host only accepts a socket carrying the per-run secret of the page URL it printed.
const secret = new URLSearchParams(browser.location.search).get(SECRET_PARAM) ?? '';
const api = createWukongApi(
  createWebSocketTransport(
    `${scheme}//${browser.location.host}${HOST_WS_PATH}?${SECRET_PARAM}=${encodeURIComponent(secret)}`,
  ),
);
// Like contextBridge.exposeInMainWorld: a read-only property holding only the verbs.
Object.defineProperty(globalThis, 'wukong', { value: api, writable: false, configurable: false });
