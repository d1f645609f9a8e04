import { EventEmitter } from 'node:events';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { silentLogger } from './services/logger';

// electron mocked: BrowserWindow records its options and exposes its webContents' listeners.
const shell = { openExternal: vi.fn(async () => {}) };

class FakeWebContents extends EventEmitter {
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
    this.windowOpenHandler = handler;
  }
}

class FakeBrowserWindow extends EventEmitter {
  static last: FakeBrowserWindow | null = null;
  readonly webContents = new FakeWebContents();
  readonly show = vi.fn();
  readonly loadFile = vi.fn(async () => {});
  readonly loadURL = vi.fn(async () => {});
  constructor(readonly options: Record<string, unknown>) {
    super();
    FakeBrowserWindow.last = this;
  }
}

vi.mock('electron', () => ({ BrowserWindow: FakeBrowserWindow, shell }));

const {
  CONTENT_SECURITY_POLICY,
  SECURE_WEB_PREFERENCES,
  applyContentSecurityPolicy,
  createMainWindow,
  hardenWebContents,
  lockSessionPermissions,
  openExternalSafely,
} = await import('./window-factory');

function newWindow(onActive?: () => void) {
  createMainWindow({
    preloadPath: '/app/out/preload/index.cjs',
    entry: { kind: 'file', path: '/app/out/renderer/index.html' },
    logger: silentLogger,
    ...(onActive ? { onActive } : {}),
  });
  const window = FakeBrowserWindow.last;
  if (!window) throw new Error('no window');
  return window;
}

describe('createMainWindow', () => {
  beforeEach(() => vi.clearAllMocks());

  it('uses the locked webPreferences and stays hidden until ready-to-show', () => {
    const window = newWindow();
    const prefs = window.options.webPreferences as Record<string, unknown>;
    expect(prefs).toMatchObject({
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      preload: '/app/out/preload/index.cjs',
    });
    expect(prefs).toEqual({
      ...SECURE_WEB_PREFERENCES,
      devTools: false,
      preload: '/app/out/preload/index.cjs',
    });
    expect(window.options.show).toBe(false);
    expect(window.show).not.toHaveBeenCalled();
    window.emit('ready-to-show');
    expect(window.show).toHaveBeenCalledOnce();
    expect(window.loadFile).toHaveBeenCalledWith('/app/out/renderer/index.html');
  });

  it('DevTools are unreachable unless asked for (development builds)', () => {
    const window = newWindow();
    expect((window.options.webPreferences as Record<string, unknown>).devTools).toBe(false);
    const closeDevTools = vi.fn();
    Object.assign(window.webContents, { closeDevTools });
    window.webContents.emit('devtools-opened');
    expect(closeDevTools).toHaveBeenCalledOnce();

    createMainWindow({
      preloadPath: '/p.cjs',
      entry: { kind: 'file', path: '/i.html' },
      logger: silentLogger,
      devTools: true,
    });
    const dev = FakeBrowserWindow.last!;
    expect((dev.options.webPreferences as Record<string, unknown>).devTools).toBe(true);
    expect(dev.webContents.listenerCount('devtools-opened')).toBe(0);
  });

  it('blocks navigation and never opens anything outside from it (only the IPC verb does)', () => {
    const window = newWindow();
    const navigate = (url: string) => {
      const event = { preventDefault: vi.fn() };
      window.webContents.emit('will-navigate', event, url);
      return event.preventDefault;
    };
    expect(navigate('https://example.com/help')).toHaveBeenCalled();
    expect(navigate('file:///etc/passwd')).toHaveBeenCalled();
    expect(shell.openExternal).not.toHaveBeenCalled();

    const redirect = { preventDefault: vi.fn() };
    window.webContents.emit('will-redirect', redirect, 'https://elsewhere.example/');
    expect(redirect.preventDefault).toHaveBeenCalled();
    const webview = { preventDefault: vi.fn() };
    window.webContents.emit('will-attach-webview', webview);
    expect(webview.preventDefault).toHaveBeenCalled();
  });

  it('denies every new window and opens none of them outside', () => {
    const window = newWindow();
    const open = window.webContents.windowOpenHandler;
    expect(open?.({ url: 'https://example.com/' })).toEqual({ action: 'deny' });
    expect(open?.({ url: 'javascript:alert(1)' })).toEqual({ action: 'deny' });
    expect(open?.({ url: 'smb://share/evil' })).toEqual({ action: 'deny' });
    expect(shell.openExternal).not.toHaveBeenCalled();
  });

  it('openExternalSafely (behind the validated IPC verb) passes only http(s) on', async () => {
    await openExternalSafely('https://example.com/help', silentLogger);
    await openExternalSafely('file:///etc/passwd', silentLogger);
    await openExternalSafely('smb://share/evil', silentLogger);
    expect(shell.openExternal).toHaveBeenCalledTimes(1);
    expect(shell.openExternal).toHaveBeenCalledWith('https://example.com/help');
  });

  it('reports show and focus as "app became active"', () => {
    const onActive = vi.fn();
    const window = newWindow(onActive);
    window.emit('show');
    window.emit('focus');
    expect(onActive).toHaveBeenCalledTimes(2);
  });

  it('hardening the same web contents twice does not double the handlers', () => {
    const contents = new FakeWebContents();
    hardenWebContents(contents as never, silentLogger);
    hardenWebContents(contents as never, silentLogger);
    expect(contents.listenerCount('will-navigate')).toBe(1);
  });
});

describe('session guards', () => {
  it('denies every permission request and check', () => {
    type RequestHandler = (c: unknown, p: string, cb: (ok: boolean) => void) => void;
    const captured: { request?: RequestHandler; check?: () => boolean } = {};
    const session = {
      setPermissionRequestHandler: (h: RequestHandler) => (captured.request = h),
      setPermissionCheckHandler: (h: () => boolean) => (captured.check = h),
    };
    lockSessionPermissions(session as never, silentLogger);
    for (const permission of ['media', 'geolocation', 'notifications', 'openExternal']) {
      const callback = vi.fn();
      captured.request?.({}, permission, callback);
      expect(callback).toHaveBeenCalledWith(false);
    }
    expect(captured.check?.()).toBe(false);
  });

  it('adds a strict CSP header to http responses', () => {
    type HeadersListener = (d: unknown, cb: (r: unknown) => void) => void;
    const captured: { listener?: HeadersListener } = {};
    const session = {
      webRequest: { onHeadersReceived: (l: HeadersListener) => (captured.listener = l) },
    };
    applyContentSecurityPolicy(session as never);
    const callback = vi.fn();
    captured.listener?.({ responseHeaders: { 'X-Other': ['1'] } }, callback);
    expect(callback).toHaveBeenCalledWith({
      responseHeaders: { 'X-Other': ['1'], 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] },
    });
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe-eval');
    expect(CONTENT_SECURITY_POLICY).toContain("object-src 'none'");
  });

  it("allows no inline style or script, and the page's meta tag says the same", () => {
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe-inline');
    expect(CONTENT_SECURITY_POLICY).toContain("style-src 'self'");
    const html = readFileSync(join(import.meta.dirname, '../renderer/index.html'), 'utf8');
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1];
    expect(meta).toBe(CONTENT_SECURITY_POLICY);
  });
});
