import { join } from 'node:path';
import type { BrowserWindow } from 'electron';
import type { Logger } from '../services/logger';
import { createMainWindow, type RendererEntry } from '../window-factory';

export interface MainWindowHostOptions {
  mainDir: string;
  entry: RendererEntry;
  logger: Logger;
  /** DevTools reachable (unpackaged builds only). */
  devTools: boolean;
  /** The window was shown or focused. */
  onActive: () => void;
  /** A window was built (first or re-created): per-window conventions attach here. */
  onCreated: (window: BrowserWindow) => void;
  /** Test builds: the window is ready to be shown. */
  onReadyToShow?: (() => void) | undefined;
}

/** The one main window: created on demand, re-created after it was closed. */
export interface MainWindowHost {
  current(): BrowserWindow | null;
  /** Creates, restores, shows and focuses the window. */
  open(): void;
  /** Sends an event to the renderer, if a window is there to get it. */
  send(channel: string, value: unknown): void;
  /** True when the user cannot see the window (hidden, minimized or not yet created). */
  isHidden(): boolean;
  /** True only while the user is looking at it (visible, not minimized, focused). */
  isFocused(): boolean;
}

export function createMainWindowHost(options: MainWindowHostOptions): MainWindowHost {
  let window: BrowserWindow | null = null;
  const live = (): BrowserWindow | null => (window && !window.isDestroyed() ? window : null);

  const build = (): BrowserWindow => {
    const created = createMainWindow({
      preloadPath: join(options.mainDir, '../preload/index.cjs'),
      entry: options.entry,
      logger: options.logger,
      devTools: options.devTools,
      onActive: options.onActive,
    });
    options.onCreated(created);
    created.on('closed', () => {
      if (window === created) window = null;
    });
    if (options.onReadyToShow) created.once('ready-to-show', options.onReadyToShow);
    return created;
  };

  window = build();
  return {
    current: live,
    open() {
      const shown = live() ?? build();
      window = shown;
      if (shown.isMinimized()) shown.restore();
      shown.show();
      shown.focus();
    },
    send(channel, value) {
      live()?.webContents.send(channel, value);
    },
    isHidden() {
      const shown = live();
      return !shown || !shown.isVisible() || shown.isMinimized();
    },
    isFocused() {
      const shown = live();
      return !!shown && shown.isVisible() && !shown.isMinimized() && shown.isFocused();
    },
  };
}
