import { describe, expect, it, vi } from 'vitest';
import { EVENT_CHANNELS, INVOKE_CHANNELS } from '../shared/ipc-contract';
import { incoming } from './im/messaging/testing/service-fixture';
import { fakeManagerFactory, type FakeConnectionManager } from './testing/fake-connection-manager';
import { createFakeElectron, type FakeElectron, type FakeWindow } from './testing/fake-electron';
import { tempDir } from './testing/temp-dir';
import type { AppServices } from './services';

// The whole app started with electron faked (windows, IPC, power monitor, tray, notifications)
// and the fake ConnectionManager: each wiring step of startApp is checked by what it must cause.
vi.mock('electron-log/main', () => {
  const scoped = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };
  return {
    default: {
      hooks: [],
      transports: { file: { getFile: () => ({ path: '' }) }, console: {} },
      errorHandler: { startCatching: () => {} },
      scope: () => scoped,
    },
  };
});

interface Started {
  electron: FakeElectron;
  window: FakeWindow;
  services: AppServices;
  signIn(): Promise<FakeConnectionManager>;
}

/**
 * A fresh module registry and a fresh fake electron per test (wireOsHooks may be wired once per
 * module instance, and app events must not reach an earlier test's app).
 */
async function start(before?: (electron: FakeElectron) => void): Promise<Started> {
  vi.resetModules();
  const electron = createFakeElectron();
  vi.doMock('electron', () => electron);
  before?.(electron);
  const factory = fakeManagerFactory();
  const { startApp } = await import('./main-app');
  const running = await startApp({
    loadManagerFactory: async () => factory.create,
    mainDir: '/app/out/main',
    testMode: {
      userDataDir: tempDir('wukong-main-app-'),
      signInDefaults: { server: null, uid: null, token: null },
      exportDir: null,
      managerOverrides: {},
      onServicesReady: () => {},
      onWindowReady: () => {},
    },
    env: {},
  });
  if (!running) throw new Error('the app did not start');
  const window = electron.fake.windows[0];
  if (!window) throw new Error('no window');
  const { services } = running;
  return {
    electron,
    window,
    services,
    async signIn() {
      await services.signIn({
        server: { kind: 'static', host: '127.0.0.1', port: 5100 },
        uid: 'alice',
        token: 'token-main-app-1',
      });
      return factory.last;
    },
  };
}

describe('startApp wiring', () => {
  it('quit: before-quit shuts the services down for good and drops the tray', async () => {
    const { electron, services, signIn } = await start();
    const manager = await signIn();
    electron.fake.appEvents.emit('before-quit');
    expect(manager.calls).toContain('disconnect(true)');
    await services.shutdown();
    const calls = manager.calls.length;
    await services.connect();
    expect(manager.calls.slice(calls)).not.toContain('connect');
    expect(electron.fake.trays[0]?.destroyed).toBe(true);
    electron.fake.appEvents.emit('window-all-closed');
    expect(electron.fake.quitCalls.length).toBeGreaterThan(0);
  });

  it('window: closing hides it in the tray until the app quits', async () => {
    const { electron, window } = await start();
    window.show();
    window.close();
    expect(window.destroyed).toBe(false);
    expect(window.visible).toBe(false);
    electron.fake.appEvents.emit('before-quit');
    window.close();
    expect(window.destroyed).toBe(true);
  });

  it('events: the services’ snapshots and settings are forwarded to the window', async () => {
    const { window, services, signIn } = await start();
    const manager = await signIn();
    manager.emitSnapshot({ status: 'connected', reason: 'connectSuccess' });
    services.updateSettings({ theme: 'dark' });
    const channels = window.webContents.sent.map(([channel]) => channel);
    expect(channels).toContain(EVENT_CHANNELS.snapshot);
    expect(channels).toContain(EVENT_CHANNELS.settings);
    expect(window.webContents.sent.at(-1)?.[1]).toMatchObject({ theme: 'dark' });
  });

  it('security: app:// page with its own protocol, DevTools off when packaged, foreign IPC listeners removed', async () => {
    const { electron, window } = await start((fake) => {
      // What electron-log and electron-store register on their own, outside the contract.
      (fake.ipcMain as { on(channel: string, listener: () => void): void }).on(
        '__ELECTRON_LOG__',
        () => {},
      );
    });
    expect(electron.fake.privilegedSchemes).toEqual(['app']);
    expect([...electron.fake.protocolHandlers.keys()]).toEqual(['app']);
    expect(window.loaded).toMatch(/^app:\/\//);
    expect((window.options.webPreferences as { devTools: boolean }).devTools).toBe(false);
    expect([...electron.fake.ipcListeners.keys()]).not.toContain('__ELECTRON_LOG__');
  });

  it('desktop: the application menu is set, and a re-created window gets its saved bounds back', async () => {
    const { electron, window } = await start();
    expect(electron.fake.applicationMenu.current?.length ?? 0).toBeGreaterThan(0);
    window.setBounds({ x: 40, y: 50, width: 1000, height: 700 });
    electron.fake.appEvents.emit('before-quit');
    window.close();
    electron.fake.appEvents.emit('activate');
    const reopened = electron.fake.windows.at(-1);
    expect(reopened).not.toBe(window);
    expect(reopened?.getNormalBounds()).toEqual({ x: 40, y: 50, width: 1000, height: 700 });
  });

  it('desktop: the menu and the still-running hint speak the language setting', async () => {
    const { electron, window, services } = await start();
    const labels = (): string[] =>
      (electron.fake.applicationMenu.current ?? []).map((item) => String(item.label));
    expect(labels()).toContain('File');
    services.updateSettings({ locale: 'zh-CN' });
    expect(labels()).toEqual(['文件', '编辑', '视图', '窗口', '帮助']);
    window.show();
    window.close();
    expect(electron.fake.notifications.map((n) => n.options.title)).toEqual([
      'WuKong Desktop 仍在运行',
    ]);
  });

  it('IPC: every verb of the contract is handled', async () => {
    const { electron } = await start();
    expect([...electron.fake.ipcHandlers.keys()].sort()).toEqual(
      Object.values(INVOKE_CHANNELS).sort(),
    );
  });

  it('OS hooks: power events reach the connection, and the network state is read', async () => {
    const { electron, services, signIn } = await start((fake) => {
      fake.net.online = false;
    });
    expect(services.getSnapshot().networkOnline).toBe(false);
    const manager = await signIn();
    electron.powerMonitor.emit('suspend');
    electron.powerMonitor.emit('resume');
    expect(manager.calls).toEqual(expect.arrayContaining(['suspend', 'resume']));
  });

  it('activation: focusing the window reconnects a dropped link, never after a kick', async () => {
    const { window, signIn } = await start();
    const manager = await signIn();
    manager.emitSnapshot({ status: 'disconnected', reason: 'networkError', nextRetryAt: null });
    let calls = manager.calls.length;
    window.focus();
    expect(manager.calls.slice(calls)).toEqual(['connect']);
    manager.emitKick({ reasonCode: 12, reasonText: '', at: 1 });
    calls = manager.calls.length;
    window.focus();
    expect(manager.calls.slice(calls)).toEqual([]);
  });

  it('tray: follows the language setting, and its Quit quits after shutting down', async () => {
    const { electron, services, signIn } = await start();
    const manager = await signIn();
    const tray = electron.fake.trays[0];
    expect(tray?.labels()).toContain('Sign out');
    services.updateSettings({ locale: 'zh-CN' });
    expect(tray?.labels()).toEqual(['打开 WuKong Desktop', '断开', '退出登录', '退出']);
    expect(tray?.tooltip).toContain('WuKong Desktop：');
    tray?.menu.find((item) => item.label === '退出')?.click?.();
    expect(manager.calls).toContain('disconnect(true)');
    expect(electron.fake.quitCalls).toHaveLength(1);
  });

  it('notifications: a kick while the window is hidden is announced, in the chosen language', async () => {
    const { electron, window, services, signIn } = await start();
    const manager = await signIn();
    services.updateSettings({ locale: 'zh-CN' });
    window.hide();
    manager.emitKick({ reasonCode: 12, reasonText: '', at: 1 });
    expect(electron.fake.notifications.map((n) => n.options.title)).toEqual(['已在此电脑上下线']);
  });

  it('badge: an unread incoming message shows on the dock badge and in the tray', async () => {
    const { electron, signIn } = await start();
    const manager = await signIn();
    await manager.options.onMessage?.(incoming({ text: 'hi alice' }));
    await vi.waitFor(() => expect(electron.fake.badge.count).toBe(1));
    expect(electron.fake.trays[0]?.tooltip).toContain('1 unread');
  });

  it('diagnostics: the save dialog is titled in the chosen language', async () => {
    const { electron, services } = await start();
    services.updateSettings({ locale: 'zh-CN' });
    await expect(services.exportDiagnostics()).resolves.toBeNull();
    expect(electron.fake.saveDialogs.map((options) => options.title)).toEqual(['导出诊断信息']);
  });
});
