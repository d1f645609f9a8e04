import { spawnSync } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { INVOKE_CHANNELS, SEND_CHANNELS, type IpcResponse } from '../shared/ipc-contract';
import { suiteTempDir } from './testing/temp-dir';

/**
 * Builds the app with electron-vite into temporary folders (release and test variants; never
 * touching out/, which other steps use), checks the release main bundle carries no test-mode
 * code, and loads the built main bundle with electron mocked to see it register its handlers.
 */
const ROOT = resolve(import.meta.dirname, '../..');
const ELECTRON_VITE = join(ROOT, 'node_modules/electron-vite/bin/electron-vite.js');
const TEST_MODE_MARKERS = [
  'WUKONG_TEST_PONG_TIMEOUT_MS',
  'WUKONG_TEST_READY',
  '__wukongTest',
  'WUKONG_USER_DATA',
  'WUKONG_TEST_EXPORT_DIR',
];

// Inside the checkout (git-ignored) so the bundle resolves its externals from node_modules.
const BUILD_ROOT = join(ROOT, 'test-results');

function build(testBuild: boolean): string {
  mkdirSync(BUILD_ROOT, { recursive: true });
  const outDir = mkdtempSync(join(BUILD_ROOT, testBuild ? 'bundle-test-' : 'bundle-release-'));
  const env = { ...process.env };
  if (testBuild) env.WUKONG_TEST_BUILD = '1';
  else delete env.WUKONG_TEST_BUILD;
  const result = spawnSync(
    process.execPath,
    [ELECTRON_VITE, 'build', '--outDir', outDir, '--logLevel', 'error'],
    {
      cwd: ROOT,
      env,
      encoding: 'utf8',
    },
  );
  if (result.status !== 0)
    throw new Error(`electron-vite build failed:\n${result.stderr}${result.stdout}`);
  return outDir;
}

/** All JavaScript of the main bundle, including lazily loaded chunks. */
function mainJs(outDir: string): string {
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.js')) files.push(path);
    }
  };
  walk(join(outDir, 'main'));
  return files.map((file) => readFileSync(file, 'utf8')).join('\n');
}

// ---- electron, mocked for loading the built bundle
const ipcHandlers = new Map<string, (event: unknown, payload: unknown) => Promise<IpcResponse>>();
const ipcListeners = new Map<string, (event: unknown, payload: unknown) => void>();
const appEvents = new EventEmitter();
const userData = suiteTempDir('wukong-bundle-userdata-');
const windows: FakeWindow[] = [];

class FakeWindow extends EventEmitter {
  webContents = Object.assign(new EventEmitter(), {
    setWindowOpenHandler: vi.fn(),
    send: vi.fn(),
  });
  loadFile = vi.fn(async () => {});
  loadURL = vi.fn(async () => {});
  show = vi.fn();
  hide = vi.fn();
  focus = vi.fn();
  restore = vi.fn();
  isDestroyed = () => false;
  isMinimized = () => false;
  isVisible = () => true;
  getNormalBounds = () => ({ x: 0, y: 0, width: 960, height: 680 });
  setBounds = vi.fn();
  isMaximized = () => false;
  maximize = vi.fn();
  constructor(readonly options: Record<string, unknown>) {
    super();
    windows.push(this);
  }
}

const electronMock = {
  app: {
    on: (event: string, listener: (...args: unknown[]) => void) => appEvents.on(event, listener),
    whenReady: async () => {},
    requestSingleInstanceLock: () => true,
    enableSandbox: vi.fn(),
    setPath: vi.fn(),
    getPath: () => userData,
    getVersion: () => '0.1.0',
    getLocale: () => 'en-US',
    setLoginItemSettings: vi.fn(),
    isPackaged: true,
    commandLine: { hasSwitch: () => false },
    quit: vi.fn(),
  },
  BrowserWindow: FakeWindow,
  ipcMain: {
    handle: (
      channel: string,
      handler: (event: unknown, payload: unknown) => Promise<IpcResponse>,
    ) => ipcHandlers.set(channel, handler),
    on: (channel: string, listener: (event: unknown, payload: unknown) => void) =>
      ipcListeners.set(channel, listener),
    removeHandler: vi.fn(),
    removeListener: vi.fn(),
    eventNames: () => [...ipcListeners.keys()],
    removeAllListeners: (channel: string) => ipcListeners.delete(channel),
  },
  net: { isOnline: () => true },
  protocol: { registerSchemesAsPrivileged: vi.fn(), handle: vi.fn() },
  powerMonitor: new EventEmitter(),
  session: {
    defaultSession: {
      setPermissionRequestHandler: vi.fn(),
      setPermissionCheckHandler: vi.fn(),
      webRequest: { onHeadersReceived: vi.fn() },
    },
  },
  safeStorage: {
    isEncryptionAvailable: () => false,
    encryptString: () => Buffer.alloc(0),
    decryptString: () => '',
  },
  Tray: class {
    setImage = vi.fn();
    setToolTip = vi.fn();
    setContextMenu = vi.fn();
    on = vi.fn();
    destroy = vi.fn();
  },
  Menu: { buildFromTemplate: (template: unknown) => ({ template }), setApplicationMenu: vi.fn() },
  screen: { getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }] },
  nativeImage: { createFromBitmap: () => ({}) },
  Notification: Object.assign(class {}, { isSupported: () => false }),
  dialog: { showSaveDialog: vi.fn() },
  shell: { openExternal: vi.fn() },
};
vi.mock('electron', () => ({ ...electronMock, default: electronMock }));
vi.mock('electron-log/main', () => {
  const scoped = { debug: vi.fn(), info: vi.fn(), warn: vi.fn(), error: vi.fn() };
  return {
    default: {
      hooks: [],
      transports: { file: { getFile: () => ({ path: '' }) }, console: {} },
      errorHandler: { startCatching: vi.fn() },
      scope: () => scoped,
    },
  };
});

describe('built bundles', () => {
  let release = '';
  let testBuild = '';
  const exit = vi.spyOn(process, 'exit').mockImplementation((() => undefined) as never);

  beforeAll(() => {
    release = build(false);
    testBuild = build(true);
  }, 120_000);
  afterAll(() => {
    exit.mockRestore();
    for (const dir of [release, testBuild]) if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('the release main bundle contains no test-mode code; the test build does', () => {
    const releaseJs = mainJs(release);
    for (const marker of TEST_MODE_MARKERS) expect(releaseJs, marker).not.toContain(marker);
    const testJs = mainJs(testBuild);
    for (const marker of TEST_MODE_MARKERS) expect(testJs, marker).toContain(marker);
  });

  it('the sandboxed preload is CommonJS and requires nothing but electron', () => {
    const preload = readFileSync(join(release, 'preload/index.cjs'), 'utf8');
    const required = new Set(
      [...preload.matchAll(/require\((["'])([^"']+)\1\)/g)].map((m) => m[2]),
    );
    expect([...required]).toEqual(['electron']);
    expect(preload).not.toMatch(/^\s*import\s/m);
    expect(preload).toContain('exposeInMainWorld');
  });

  it('the built main bundle loads with electron mocked and registers every handler', async () => {
    const entry = join(release, 'main/index.js');
    expect(existsSync(entry)).toBe(true);
    await import(pathToFileURL(entry).href);
    await vi.waitFor(() => expect(ipcHandlers.size).toBe(Object.keys(INVOKE_CHANNELS).length), {
      timeout: 10_000,
    });
    expect([...ipcHandlers.keys()].sort()).toEqual(Object.values(INVOKE_CHANNELS).sort());
    // electron-store adds its own 'electron-store-get-data' (for a renderer-side store we do not
    // use), outside the registrar's sender check: the app removes it, only the contract's remain.
    expect([...ipcListeners.keys()].sort()).toEqual([...Object.values(SEND_CHANNELS)].sort());
    expect(exit).not.toHaveBeenCalled();

    // One locked-down window loading the built renderer with the built preload.
    expect(windows).toHaveLength(1);
    const prefs = windows[0]?.options.webPreferences as Record<string, unknown>;
    expect(prefs).toMatchObject({ sandbox: true, contextIsolation: true, nodeIntegration: false });
    expect(prefs.preload).toBe(join(release, 'preload/index.cjs'));
    // Served over app:// (with the CSP header), not file://.
    expect(windows[0]?.loadURL).toHaveBeenCalledWith('app://wukong/index.html');
    expect(windows[0]?.loadFile).not.toHaveBeenCalled();
    expect(electronMock.protocol.registerSchemesAsPrivileged).toHaveBeenCalledOnce();
    const [scheme, handler] = electronMock.protocol.handle.mock.calls[0] as unknown as [
      string,
      (request: Request) => Promise<Response>,
    ];
    expect(scheme).toBe('app');
    const page = await handler(new Request('app://wukong/index.html'));
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(await page.text()).toContain('<div id="root">');

    const own = { senderFrame: { url: 'app://wukong/index.html', parent: null } };
    const fileFrame = {
      senderFrame: { url: pathToFileURL(join(release, 'renderer/index.html')).href, parent: null },
    };
    const refusedFile = await ipcHandlers.get(INVOKE_CHANNELS.getSettings)?.(fileFrame, undefined);
    expect(refusedFile).toMatchObject({ ok: false, error: { name: 'ForbiddenSenderError' } });
    const snapshot = await ipcHandlers.get(INVOKE_CHANNELS.getSnapshot)?.(own, undefined);
    expect(snapshot).toMatchObject({ ok: true, value: { status: 'disconnected' } });
    const account = await ipcHandlers.get(INVOKE_CHANNELS.getAccount)?.(own, undefined);
    expect(account).toMatchObject({
      ok: true,
      value: { hasToken: false, secureStorageAvailable: false },
    });
    const stranger = { senderFrame: { url: 'https://evil.example/', parent: null } };
    const refused = await ipcHandlers.get(INVOKE_CHANNELS.getSettings)?.(stranger, undefined);
    expect(refused).toMatchObject({ ok: false, error: { name: 'ForbiddenSenderError' } });

    // Quit means quit: before-quit shuts the services down without throwing.
    expect(() => appEvents.emit('before-quit')).not.toThrow();
  });
});
