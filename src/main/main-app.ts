import type { BrowserWindow } from 'electron';
import { app, net, powerMonitor, protocol, session } from 'electron';
import { registerAppScheme, serveAppProtocol } from './app-protocol';
import type { SignInDefaults } from '../shared/bridge-api';
import { createRedactor } from '../shared/redact';
import { setUpDesktopConventions } from './desktop-conventions';
import type { ConnectionManagerOptions } from './im/manager/types';
import { initLogging } from './logging';
import type { MessageNotifier } from './message-notifications';
import { wireOsHooks } from './os-hooks';
import { makeUserDataPrivate } from './private-files';
import type { AppServices, ManagerFactory } from './services';
import type { Logger } from './services/logger';
import { createTranslator, followLanguageSetting } from './translator';
import { createAppTray, type AppTray } from './tray';
import { onWindowActive } from './wiring/activation-wiring';
import { wireUnreadBadge } from './wiring/badge-wiring';
import { forwardEventsToWindow, wireIpcHandlers } from './wiring/ipc-wiring';
import { wireQuit, wireWindowReopening } from './wiring/lifecycle-wiring';
import { createMainWindowHost } from './wiring/main-window';
import { wireNotifications } from './wiring/notification-wiring';
import { rendererEntryFor } from './wiring/renderer-entry';
import { createElectronAppServices } from './wiring/services-wiring';
import { reportStarted } from './wiring/startup-report';
import { trayUpdateEntry, wireAutoUpdate } from './wiring/update-wiring';
import {
  applyContentSecurityPolicy,
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
 * App lifecycle, one named wiring step per concern (files in ./wiring): single instance, secure
 * session, services, window, IPC, OS hooks, tray, notifications, badge, quit. Quit means quit:
 * before-quit closes the connection with disconnect(true), nothing reconnects.
 * Resolves to null when another instance already runs (this one then quits).
 */
export async function startApp(options: StartAppOptions): Promise<RunningApp | null> {
  const env = options.env ?? process.env;
  const testMode = options.testMode ?? null;
  if (!claimSingleInstance(testMode?.userDataDir ?? null)) return null;
  const redactor = createRedactor();
  const loggerFor = initLogging({ redactor, verbose: testMode !== null });
  const entry = await whenReadyAndLockedDown(options.mainDir, env, loggerFor);

  const translator = createTranslator('en');
  const { services, secureStorage } = createElectronAppServices({
    createManager: await options.loadManagerFactory(),
    env,
    loggerFor,
    redactor,
    translator,
    window: () => window.current(),
    testMode,
  });
  testMode?.onServicesReady(services);
  followLanguageSetting(translator, services, app.getLocale());

  let tray: AppTray | null = null;
  let quitting = false;
  let notifier: MessageNotifier | null = null;
  const desktop = setUpDesktopConventions({
    userData: app.getPath('userData'),
    services,
    translator,
    isQuitting: () => quitting,
    hasTray: () => tray !== null,
    getWindow: () => window.current(),
    openWindow: () => window.open(),
    logger: loggerFor('Desktop'),
  });
  const window = createMainWindowHost({
    mainDir: options.mainDir,
    entry,
    logger: loggerFor('Window'),
    devTools: !app.isPackaged,
    onActive: onWindowActive(services, () => notifier),
    // Remembered bounds; closing keeps the app in the tray when the person chose so.
    onCreated: (created) => desktop.attachWindow(created),
    onReadyToShow: testMode ? () => testMode.onWindowReady() : undefined,
  });
  wireIpcHandlers(services, entry, loggerFor('Ipc'), redactor);
  forwardEventsToWindow(services, window);
  wireOsHooks({ powerMonitor, net, target: services, logger: loggerFor('OsHooks') });
  const updates = wireAutoUpdate(services, loggerFor('AutoUpdate'), translator);
  tray = createAppTray({
    services,
    openWindow: () => window.open(),
    quit: () => services.quit(),
    logger: loggerFor('Tray'),
    translator,
    ...trayUpdateEntry(updates),
  });
  updates?.onState(() => tray?.refresh());
  notifier = wireNotifications({ services, window, translator, redactor, loggerFor });
  wireUnreadBadge(services, () => tray, loggerFor('UnreadBadge'));
  wireWindowReopening(window);
  wireQuit(services, () => {
    quitting = true;
    tray?.destroy();
    tray = null;
  });

  // Connects with a stored account once its message store is open; never rejects.
  void services.start();
  reportStarted(loggerFor('App'), secureStorage);
  return { services, getWindow: () => window.current() };
}

/** Every web contents hardened, then (once Electron is ready) files made private and the session locked down. */
async function whenReadyAndLockedDown(
  mainDir: string,
  env: Record<string, string | undefined>,
  loggerFor: (scope: string) => Logger,
): Promise<RendererEntry> {
  app.on('web-contents-created', (_event, contents) =>
    hardenWebContents(contents, loggerFor('WebContents')),
  );
  // Before ready, as Electron requires for a privileged scheme.
  registerAppScheme(protocol);
  await app.whenReady();
  // Settings, secrets, logs and messages readable by this user only.
  makeUserDataPrivate(app.getPath('userData'), {
    umask: (mask) => process.umask(mask),
    logger: loggerFor('Files'),
  });
  const entry = rendererEntryFor(app.isPackaged, env, mainDir);
  lockSessionPermissions(session.defaultSession, loggerFor('Session'));
  if (entry.kind === 'url') applyContentSecurityPolicy(session.defaultSession);
  if (entry.kind === 'app') serveAppProtocol(protocol, entry.rootDir);
  return entry;
}

/** One app per user-data folder (set first, test builds choose their own); sandbox every renderer. */
function claimSingleInstance(userDataDir: string | null): boolean {
  if (userDataDir) app.setPath('userData', userDataDir);
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return false;
  }
  app.enableSandbox();
  return true;
}
