import { EventEmitter } from 'node:events';

/**
 * Electron's main-process API, faked for tests that start the whole app (main-app.test.ts): the
 * app's events, windows, IPC, power monitor, tray, notifications. Tests only; a fresh one per
 * module registry (vi.mock('electron', () => createFakeElectron())).
 */

type MenuTemplate = { label?: string; enabled?: boolean; type?: string; click?: () => void }[];

export class FakeWindow extends EventEmitter {
  readonly webContents = Object.assign(new EventEmitter(), {
    sent: [] as [string, unknown][],
    setWindowOpenHandler(_handler: unknown): void {},
    send(channel: string, value: unknown): void {
      this.sent.push([channel, value]);
    },
  });
  visible = false;
  minimized = false;
  focused = false;
  destroyed = false;
  constructor(readonly options: Record<string, unknown>) {
    super();
  }
  /** What the window was told to load (a file path or a URL). */
  loaded: string | null = null;
  loadFile = async (path: string): Promise<void> => {
    this.loaded = path;
  };
  loadURL = async (url: string): Promise<void> => {
    this.loaded = url;
  };
  show(): void {
    this.visible = true;
    this.emit('show');
  }
  hide(): void {
    this.visible = false;
    this.focused = false;
  }
  focus(): void {
    this.focused = true;
    this.emit('focus');
  }
  restore(): void {
    this.minimized = false;
  }
  bounds = { x: 100, y: 100, width: 960, height: 680 };
  maximized = false;
  getNormalBounds = (): { x: number; y: number; width: number; height: number } => ({
    ...this.bounds,
  });
  setBounds(bounds: { x: number; y: number; width: number; height: number }): void {
    this.bounds = { ...bounds };
  }
  isMaximized = (): boolean => this.maximized;
  maximize(): void {
    this.maximized = true;
  }
  isDestroyed = (): boolean => this.destroyed;
  isMinimized = (): boolean => this.minimized;
  isVisible = (): boolean => this.visible;
  isFocused = (): boolean => this.focused;
  /** The user closes it: handlers may prevent that (hide to tray). */
  close(): void {
    let prevented = false;
    this.emit('close', { preventDefault: () => (prevented = true) });
    if (prevented) return;
    this.destroyed = true;
    this.emit('closed');
  }
}

export class FakeTray extends EventEmitter {
  tooltip = '';
  menu: MenuTemplate = [];
  destroyed = false;
  setImage(_image: unknown): void {}
  setToolTip(text: string): void {
    this.tooltip = text;
  }
  setContextMenu(menu: { template: MenuTemplate }): void {
    this.menu = menu.template;
  }
  destroy(): void {
    this.destroyed = true;
  }
  labels(): string[] {
    return this.menu.filter((item) => item.type !== 'separator').map((item) => item.label ?? '');
  }
}

export class FakeNotification extends EventEmitter {
  constructor(
    readonly options: { title: string; body: string },
    readonly shown: FakeNotification[],
  ) {
    super();
  }
  show(): void {
    this.shown.push(this);
  }
}

/** What tests look at. */
export interface FakeElectronState {
  appEvents: EventEmitter;
  windows: FakeWindow[];
  trays: FakeTray[];
  notifications: FakeNotification[];
  ipcHandlers: Map<string, (event: unknown, payload: unknown) => Promise<unknown>>;
  ipcListeners: Map<string, (event: unknown, payload: unknown) => void>;
  badge: { count: number };
  quitCalls: number[];
  saveDialogs: { title?: string }[];
  /** Schemes registered as privileged before ready (app://). */
  privilegedSchemes: string[];
  protocolHandlers: Map<string, (request: Request) => Promise<Response>>;
  /** The template last set as the application menu. */
  applicationMenu: { current: MenuTemplate | null };
}

export interface FakeElectron {
  app: Record<string, unknown>;
  powerMonitor: EventEmitter;
  net: { online: boolean; isOnline(): boolean };
  fake: FakeElectronState;
  [name: string]: unknown;
}

export function createFakeElectron(): FakeElectron & { default: FakeElectron } {
  const appEvents = new EventEmitter();
  const windows: FakeWindow[] = [];
  const trays: FakeTray[] = [];
  const notifications: FakeNotification[] = [];
  const ipcHandlers = new Map<string, (event: unknown, payload: unknown) => Promise<unknown>>();
  const ipcListeners = new Map<string, (event: unknown, payload: unknown) => void>();
  const paths: Record<string, string> = { userData: '', downloads: '' };
  const badge = { count: 0 };
  const quitCalls: number[] = [];
  const saveDialogs: { title?: string }[] = [];
  const privilegedSchemes: string[] = [];
  const applicationMenu: { current: MenuTemplate | null } = { current: null };
  const loginItems: { openAtLogin: boolean }[] = [];
  const protocolHandlers = new Map<string, (request: Request) => Promise<Response>>();

  const app = {
    isPackaged: true,
    commandLine: { hasSwitch: (_name: string) => false },
    on(event: string, listener: (...args: unknown[]) => void) {
      appEvents.on(event, listener);
      return app;
    },
    whenReady: async (): Promise<void> => {},
    requestSingleInstanceLock: (): boolean => true,
    enableSandbox(): void {},
    setPath(name: string, value: string): void {
      paths[name] = value;
    },
    getPath: (name: string): string => paths[name] ?? '',
    getVersion: (): string => '0.0.0-test',
    getLocale: (): string => 'en-US',
    quit(): void {
      quitCalls.push(Date.now());
    },
    setLoginItemSettings(settings: { openAtLogin: boolean }): void {
      loginItems.push(settings);
    },
    getLoginItemSettings: () => ({ openAtLogin: loginItems.at(-1)?.openAtLogin ?? false }),
    setBadgeCount(count: number): boolean {
      badge.count = count;
      return true;
    },
  };

  const module: FakeElectron = {
    app,
    BrowserWindow: class extends FakeWindow {
      constructor(options: Record<string, unknown>) {
        super(options);
        windows.push(this);
      }
    },
    ipcMain: {
      handle: (channel: string, handler: (event: unknown, payload: unknown) => Promise<unknown>) =>
        void ipcHandlers.set(channel, handler),
      on: (channel: string, listener: (event: unknown, payload: unknown) => void) =>
        void ipcListeners.set(channel, listener),
      removeHandler: (channel: string) => void ipcHandlers.delete(channel),
      removeListener: (channel: string) => void ipcListeners.delete(channel),
      eventNames: (): string[] => [...ipcListeners.keys()],
      removeAllListeners: (channel: string) => void ipcListeners.delete(channel),
    },
    protocol: {
      registerSchemesAsPrivileged: (schemes: { scheme: string }[]) =>
        void privilegedSchemes.push(...schemes.map((s) => s.scheme)),
      handle: (scheme: string, handler: (request: Request) => Promise<Response>) =>
        void protocolHandlers.set(scheme, handler),
    },
    net: {
      online: true,
      isOnline(): boolean {
        return this.online;
      },
    },
    powerMonitor: new EventEmitter(),
    session: {
      defaultSession: {
        setPermissionRequestHandler(): void {},
        setPermissionCheckHandler(): void {},
        webRequest: { onHeadersReceived(): void {} },
      },
    },
    safeStorage: {
      isEncryptionAvailable: (): boolean => false,
      encryptString: (): Buffer => Buffer.alloc(0),
      decryptString: (): string => '',
    },
    Tray: class extends FakeTray {
      constructor(_image: unknown) {
        super();
        trays.push(this);
      }
    },
    Menu: {
      buildFromTemplate: (template: MenuTemplate) => ({ template }),
      setApplicationMenu: (menu: { template: MenuTemplate } | null) => {
        applicationMenu.current = menu?.template ?? null;
      },
    },
    screen: {
      getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }],
    },
    nativeImage: { createFromBitmap: () => ({}) },
    Notification: Object.assign(
      class extends FakeNotification {
        constructor(options: { title: string; body: string }) {
          super(options, notifications);
        }
      },
      { isSupported: (): boolean => true },
    ),
    dialog: {
      // The user cancels; the options are kept for the test to read.
      showSaveDialog: async (...args: unknown[]) => {
        saveDialogs.push(args.at(-1) as { title?: string });
        return { canceled: true };
      },
    },
    shell: { openExternal: async (): Promise<void> => {} },
    // What tests look at.
    fake: {
      appEvents,
      windows,
      trays,
      notifications,
      ipcHandlers,
      ipcListeners,
      badge,
      quitCalls,
      saveDialogs,
      privilegedSchemes,
      protocolHandlers,
      applicationMenu,
    },
  };
  return { ...module, default: module };
}
