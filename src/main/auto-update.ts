import type { RestartOutcome, UpdateState } from '../shared/updates';
import type { Logger } from './services/logger';

/**
 * Auto-update: security fixes for Electron and Chromium reach users without a reinstall.
 * electron-updater with the generic provider: the feed URL comes from configuration (off when
 * none is set), checked at start and every few hours, downloaded in the background, verified as
 * electron-updater does per platform (the sha512 of latest*.yml always; the publisher's code
 * signature on Windows and macOS). Installing means restarting: only when the user says so, and
 * never in the middle of sending queued messages without asking. No electron import here: the
 * updater is passed in (electron-updater's autoUpdater in the app).
 */

/** The part of electron-updater's AppUpdater this needs. */
export interface UpdaterLike {
  autoDownload: boolean;
  autoInstallOnAppQuit: boolean;
  setFeedURL(options: { provider: 'generic'; url: string }): void;
  checkForUpdates(): Promise<unknown>;
  quitAndInstall(isSilent?: boolean, isForceRunAfter?: boolean): void;
  on(event: 'update-available', listener: (info: { version: string }) => void): unknown;
  on(event: 'update-downloaded', listener: (info: { version: string }) => void): unknown;
  on(event: 'update-not-available', listener: () => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
}

export type { RestartOutcome, UpdateState } from '../shared/updates';

export interface AutoUpdateOptions {
  /** The generic feed (folder with latest*.yml); null/empty = auto-update off. */
  feedUrl: string | null | undefined;
  /** Made only when a feed is configured (electron-updater is not loaded otherwise). */
  createUpdater: () => UpdaterLike;
  logger: Logger;
  /** Messages are waiting to be sent (an unsent-message drain is under way). */
  hasUnsentMessages: () => boolean;
  /** Asks the user whether to restart anyway while messages are unsent. */
  confirmRestartWithUnsent: () => Promise<boolean>;
  /** Default 4 hours. */
  intervalMs?: number;
  timers?: {
    setInterval(fn: () => void, ms: number): unknown;
    clearInterval(handle: unknown): void;
  };
}

export interface AutoUpdate {
  state(): UpdateState;
  onState(listener: (state: UpdateState) => void): () => void;
  checkNow(): Promise<void>;
  restartToUpdate(): Promise<RestartOutcome>;
  stop(): void;
}

export const UPDATE_CHECK_INTERVAL_MS = 4 * 60 * 60 * 1000;

export class UpdateFeedError extends Error {
  override readonly name = 'UpdateFeedError';
}

/** https only; http only to this machine (a local test feed). No credentials in the URL. */
export function parseFeedUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    throw new UpdateFeedError(`The update feed is not a URL: ${text.slice(0, 100)}`);
  }
  const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    throw new UpdateFeedError('The update feed must be an https:// URL');
  }
  if (url.username || url.password) {
    throw new UpdateFeedError('The update feed URL must not contain a user name or password');
  }
  return url.href;
}

/** Returns null (auto-update off) when no feed is configured. */
export function startAutoUpdate(options: AutoUpdateOptions): AutoUpdate | null {
  const { logger } = options;
  if (!options.feedUrl?.trim()) {
    logger.info('Auto-update is off: no update feed configured');
    return null;
  }
  const feed = parseFeedUrl(options.feedUrl);
  const updater = options.createUpdater();
  updater.autoDownload = true;
  // Installing is the user's "Restart to update", never a side effect of quitting.
  updater.autoInstallOnAppQuit = false;
  updater.setFeedURL({ provider: 'generic', url: feed });

  let current: UpdateState = { kind: 'idle' };
  const listeners = new Set<(state: UpdateState) => void>();
  const set = (next: UpdateState): void => {
    current = next;
    for (const listener of listeners) {
      try {
        listener(next);
      } catch (error) {
        logger.error('An update listener threw', { error: String(error) });
      }
    }
  };

  updater.on('update-available', (info) => set({ kind: 'downloading', version: info.version }));
  updater.on('update-not-available', () => set({ kind: 'idle' }));
  updater.on('update-downloaded', (info) => {
    logger.info('Update downloaded and verified', { version: info.version });
    set({ kind: 'ready', version: info.version });
  });
  updater.on('error', (error) => {
    // A download that fails its checksum or signature ends here: nothing is installed.
    logger.warn('Update failed', { error: error.message });
    set({ kind: 'error', message: error.message });
  });

  const checkNow = async (): Promise<void> => {
    if (current.kind === 'ready' || current.kind === 'downloading') return;
    set({ kind: 'checking' });
    try {
      const result = (await updater.checkForUpdates()) as {
        downloadPromise?: Promise<unknown> | null;
      } | null;
      // A failed download (e.g. a checksum mismatch) is reported through 'error' above.
      result?.downloadPromise?.catch(() => undefined);
      if (current.kind === 'checking') set({ kind: 'idle' });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      set({ kind: 'error', message });
    }
  };

  const timers = options.timers ?? {
    setInterval: (fn: () => void, ms: number) => setInterval(fn, ms),
    clearInterval: (handle: unknown) => clearInterval(handle as NodeJS.Timeout),
  };
  const interval = timers.setInterval(
    () => void checkNow(),
    options.intervalMs ?? UPDATE_CHECK_INTERVAL_MS,
  );
  void checkNow();

  return {
    state: () => current,
    onState(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    checkNow,
    async restartToUpdate() {
      if (current.kind !== 'ready') return 'not-ready';
      if (options.hasUnsentMessages() && !(await options.confirmRestartWithUnsent())) {
        logger.info('Restart to update postponed: messages are still being sent');
        return 'declined';
      }
      logger.info('Restarting to install the update', { version: current.version });
      updater.quitAndInstall(false, true);
      return 'restarting';
    },
    stop: () => timers.clearInterval(interval),
  };
}
