import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserWindow } from 'electron';
import { app, ipcMain, net, powerMonitor, session } from 'electron';
import type { SignInDefaults } from '../shared/bridge-api';
import type { ConnectionManagerOptions } from './im/manager/types';
import { saveDiagnosticsToDir, saveDiagnosticsWithDialog } from './diagnostics-export';
import { setUpDesktopConventions } from './desktop-conventions';
import { createElectronSettingsRepository } from './electron-settings';
import { registerIpcHandlers, trustedUrlCheckFor } from './ipc-registrar';
import { initLogging } from './logging';
import { watchForMessages, type MessageNotifier } from './message-notifications';
import { watchForAttention } from './notifications';
import { wireOsHooks } from './os-hooks';
import { checkLinuxSandbox } from './platform/linux-sandbox';
import { createSafeStorageSecretStore } from './secure-storage';
import {
  createAppServices,
  createIpcHandlers,
  createRedactor,
  forwardEvents,
  readSignInDefaults,
  type AppServices,
  type ManagerFactory,
} from './services';
import { createAppTray, type AppTray } from './tray';
import { trackUnread } from './unread-badge';
import {
  applyContentSecurityPolicy,
  createMainWindow,
  hardenWebContents,
  lockSessionPermissions,
  type RendererEntry,
} from './window-factory';

export interface StartAppOptions {
  /** Loads the real ConnectionManager lazily (src/main/im), or a fake in tests. */
  loadManagerFactory: () => Promise<ManagerFactory>;
  /** Folder of the built main bundle (import.meta.dirname of out/main/index.js). */
  mainDir: string;
  /** Test builds only: user data folder, sign-in defaults, export folder, readiness hooks. */
  testMode?: {
    userDataDir: string | null;
    signInDefaults: SignInDefaults;
    exportDir: string | null;
    managerOverrides: Partial<ConnectionManagerOptions>;
    onServicesReady(services: AppServices): void;
    onWindowReady(): void;
  } | null;
  env?: Record<string, string | undefined>;
}

export interface RunningApp {
  services: AppServices;
  getWindow(): BrowserWindow | null;
}

/**
 * App lifecycle: single instance, secure window, services, IPC, OS hooks, tray, notifications.
 * Quit means quit: before-quit closes the connection with disconnect(true), nothing reconnects.
 * Resolves to null when another instance already runs (this one then quits).
 */
export async function startApp(options: StartAppOptions): Promise<RunningApp | null> {
  const env = options.env ?? process.env;
  const testMode = options.testMode ?? null;
  // Before anything reads userData (the single-instance lock is per user-data folder).
  if (testMode?.userDataDir) app.setPath('userData', testMode.userDataDir);
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return null;
  }
  app.enableSandbox();

  const redactor = createRedactor();
  const loggerFor = initLogging({ redactor, verbose: testMode !== null });
  const logger = loggerFor('App');
  let window: BrowserWindow | null = null;
  let tray: AppTray | null = null;
  let quitting = false;
  let messageNotifier: MessageNotifier | null = null;

  app.on('web-contents-created', (_event, contents) =>
    hardenWebContents(contents, loggerFor('WebContents')),
  );

  await app.whenReady();
  const userData = app.getPath('userData');
  const entry: RendererEntry =
    !app.isPackaged && env.ELECTRON_RENDERER_URL
      ? { kind: 'url', url: env.ELECTRON_RENDERER_URL }
      : { kind: 'file', path: join(options.mainDir, '../renderer/index.html') };

  lockSessionPermissions(session.defaultSession, loggerFor('Session'));
  if (entry.kind === 'url') applyContentSecurityPolicy(session.defaultSession);

  const allowPlaintext =
    app.commandLine.hasSwitch('allow-plaintext-token') || env.WUKONG_ALLOW_PLAINTEXT_TOKEN === '1';
  const settings = createElectronSettingsRepository({
    cwd: userData,
    logger: loggerFor('Settings'),
  });
  const secrets = createSafeStorageSecretStore({
    cwd: userData,
    allowPlaintext,
    logger: loggerFor('SecretStore'),
  });
  const demoDefaults = readSignInDefaults(env);

  const services = createAppServices({
    createManager: await options.loadManagerFactory(),
    settings,
    secrets,
    // Outbox and history per uid; survives restarts like the settings next to it.
    messagesDir: join(userData, 'messages'),
    logger: loggerFor('AppServices'),
    redactor,
    appVersion: app.getVersion(),
    platform: `${process.platform} ${process.arch}`,
    signInDefaults: testMode?.signInDefaults.server ? testMode.signInDefaults : demoDefaults,
    saveDiagnostics: (json, name) =>
      testMode?.exportDir
        ? saveDiagnosticsToDir(testMode.exportDir, json, name)
        : saveDiagnosticsWithDialog(window, json, name),
    quit: () => app.quit(),
    ...(testMode ? { managerOverrides: testMode.managerOverrides } : {}),
  });
  testMode?.onServicesReady(services);

  const openWindow = (): void => {
    if (!window || window.isDestroyed()) window = buildWindow();
    if (window.isMinimized()) window.restore();
    window.show();
    window.focus();
  };

  const buildWindow = (): BrowserWindow => {
    const created = createMainWindow({
      preloadPath: join(options.mainDir, '../preload/index.cjs'),
      entry,
      logger: loggerFor('Window'),
      onActive: () => {
        services.appBecameActive();
        messageNotifier?.windowActive();
      },
    });
    desktop.attachWindow(created);
    created.on('closed', () => {
      if (window === created) window = null;
    });
    if (testMode) created.once('ready-to-show', () => testMode.onWindowReady());
    return created;
  };

  registerIpcHandlers(createIpcHandlers(services), {
    ipcMain,
    isTrustedUrl: trustedUrlCheckFor(entry),
    logger: loggerFor('Ipc'),
    redactor,
  });
  forwardEvents(services, (channel, value) => {
    if (window && !window.isDestroyed()) window.webContents.send(channel, value);
  });

  wireOsHooks({ powerMonitor, net, target: services, logger: loggerFor('OsHooks') });
  const desktop = setUpDesktopConventions({
    userData,
    services,
    isQuitting: () => quitting,
    hasTray: () => tray !== null,
    getWindow: () => window,
    openWindow,
    logger: loggerFor('Desktop'),
  });
  window = buildWindow();
  tray = createAppTray({
    services,
    openWindow,
    quit: () => services.quit(),
    logger: loggerFor('Tray'),
  });
  watchForAttention({
    services,
    isWindowHidden: () =>
      !window || window.isDestroyed() || !window.isVisible() || window.isMinimized(),
    openWindow,
    logger: loggerFor('Notifications'),
  });
  // Before services.start(): the backlog it loads is dated before startedAt and stays silent.
  messageNotifier = watchForMessages({
    services,
    isWindowFocused: () =>
      !!window &&
      !window.isDestroyed() &&
      window.isVisible() &&
      !window.isMinimized() &&
      window.isFocused(),
    openWindow,
    logger: loggerFor('MessageNotifications'),
    redact: (text) => redactor.redactText(text),
  });
  trackUnread({
    services,
    onTotal: (total) => {
      // macOS dock and Linux (Unity launcher) badges; elsewhere a no-op returning false.
      app.setBadgeCount(total);
      tray?.setUnreadCount(total);
    },
    logger: loggerFor('UnreadBadge'),
  });

  app.on('second-instance', openWindow);
  app.on('activate', openWindow);
  app.on('before-quit', () => {
    quitting = true;
    // Every outbox step is already on disk: quitting need not wait for the store to close.
    void services.shutdown();
    tray?.destroy();
    tray = null;
  });
  app.on('window-all-closed', () => app.quit());

  // Connects with a stored account once its message store is open; never rejects.
  void services.start();
  // The AppImage launcher drops Chromium's sandbox on kernels that restrict user namespaces;
  // say so rather than run unsandboxed silently (build/linux/README.md has the fixes).
  const sandbox = checkLinuxSandbox({
    platform: process.platform,
    argv: process.argv,
    env: process.env,
    readFile: readTextIfPresent,
  });
  if (sandbox.kind === 'unsandboxed') logger.warn(sandbox.summary, { advice: sandbox.advice });
  logger.info('Started', {
    version: app.getVersion(),
    userData,
    secure: secrets.encryptionAvailable,
  });
  return { services, getWindow: () => window };
}

function readTextIfPresent(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}
