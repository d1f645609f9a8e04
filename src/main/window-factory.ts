import { BrowserWindow, shell } from 'electron';
import type { Session, WebContents, WebPreferences } from 'electron';
import type { Logger } from './services/logger';

/**
 * Locked defaults for every window: the renderer is treated as untrusted web content that can only
 * call the verbs the preload exposes. Nothing here may be relaxed per window.
 */
export const SECURE_WEB_PREFERENCES = {
  sandbox: true,
  contextIsolation: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  experimentalFeatures: false,
  webviewTag: false,
  navigateOnDragDrop: false,
  safeDialogs: true,
  spellcheck: false,
} as const satisfies WebPreferences;

/** Matches src/renderer/index.html's meta tag; sent as a header by app:// and for the dev server. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** Only these schemes ever leave the app, and only through the OS browser. */
const EXTERNAL_SCHEMES = new Set(['http:', 'https:']);

/**
 * Where the renderer comes from: the built files over app:// (app-protocol.ts), a built file
 * (tests), or the dev server in `electron-vite dev`.
 */
export type RendererEntry =
  | { kind: 'app'; url: string; rootDir: string }
  | { kind: 'file'; path: string }
  | { kind: 'url'; url: string };

export interface MainWindowOptions {
  preloadPath: string;
  entry: RendererEntry;
  logger: Logger;
  /** Shown or focused: the app may reconnect at once (the seed's "app became active"). */
  onActive?: () => void;
  /** DevTools reachable: development builds only (false in packaged builds). */
  devTools?: boolean;
}

export function isExternalUrl(url: string): boolean {
  try {
    return EXTERNAL_SCHEMES.has(new URL(url).protocol);
  } catch {
    return false;
  }
}

/**
 * Opens http(s) links in the user's browser; anything else (file:, javascript:, custom) is
 * dropped. Reached only through the validated IPC verb (a link the user clicked), never from
 * navigation or window.open, which a page could trigger on its own.
 */
export async function openExternalSafely(url: string, logger: Logger): Promise<void> {
  if (!isExternalUrl(url)) {
    logger.warn('Blocked opening a link with a scheme that is not allowed', {
      url: url.slice(0, 200),
    });
    return;
  }
  await shell.openExternal(url).catch((error: unknown) => {
    logger.warn('Could not open link externally', { url, error: String(error) });
  });
}

/**
 * Guards any web contents (also ones we never meant to create): no navigation away from the app,
 * no new windows, no <webview>, and nothing of that is handed to the OS browser either.
 */
const hardened = new WeakSet<WebContents>();

export function hardenWebContents(contents: WebContents, logger: Logger): void {
  // The window factory and app-wide 'web-contents-created' both call this; handlers go on once.
  if (hardened.has(contents)) return;
  hardened.add(contents);
  contents.on('will-navigate', (event, url) => {
    event.preventDefault();
    logger.warn('Blocked navigation', { url: url.slice(0, 200) });
  });
  contents.on('will-redirect', (event, url) => {
    event.preventDefault();
    logger.warn('Blocked redirect', { url });
  });
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    logger.warn('Blocked a <webview>');
  });
  contents.setWindowOpenHandler(({ url }) => {
    logger.warn('Blocked a new window', { url: url.slice(0, 200) });
    return { action: 'deny' };
  });
}

/** Denies every permission request and check (camera, mic, geolocation, notifications, ...). */
export function lockSessionPermissions(session: Session, logger: Logger): void {
  session.setPermissionRequestHandler((_contents, permission, callback) => {
    logger.warn('Denied a permission request', { permission });
    callback(false);
  });
  session.setPermissionCheckHandler(() => false);
}

/** Adds the CSP header to responses served over http (the dev server); file:// uses the meta tag. */
export function applyContentSecurityPolicy(session: Session): void {
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: {
        ...details.responseHeaders,
        'Content-Security-Policy': [CONTENT_SECURITY_POLICY],
      },
    });
  });
}

/** The one window factory. Hidden until the first paint, so no blank frame flashes. */
export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const window = new BrowserWindow({
    width: 960,
    height: 680,
    minWidth: 420,
    minHeight: 480,
    show: false,
    title: 'WuKong Desktop',
    // Written out (not spread from SECURE_WEB_PREFERENCES) so the security scanner can read it;
    // window-factory.test.ts checks the two stay equal.
    webPreferences: {
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: false,
      devTools: options.devTools === true,
      preload: options.preloadPath,
    },
  });
  if (options.devTools !== true) {
    // Belt and braces: whatever opens them (a menu accelerator, a future API) closes them again.
    window.webContents.on('devtools-opened', () => window.webContents.closeDevTools());
  }

  hardenWebContents(window.webContents, options.logger);
  window.once('ready-to-show', () => window.show());
  if (options.onActive) {
    window.on('show', options.onActive);
    window.on('focus', options.onActive);
  }

  const load =
    options.entry.kind === 'file'
      ? window.loadFile(options.entry.path)
      : window.loadURL(options.entry.url);
  load.catch((error: unknown) => {
    options.logger.error('The window failed to load', { error: String(error) });
  });
  return window;
}
