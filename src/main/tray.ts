import { Menu, Tray, nativeImage } from 'electron';
import type { AppServices } from './services/app-services';
import { messageText } from './message-text';
import type { Logger } from './services/logger';
import {
  TRAY_ICON_SIZE,
  TRAY_TOOLTIP_KEYS,
  trayDotBitmap,
  trayMenuItems,
  trayStateFor,
  type TrayMenuItem,
  type TrayState,
} from './tray-state';
import type { Translator } from './translator';

export interface AppTrayOptions {
  services: AppServices;
  openWindow: () => void;
  quit: () => void;
  logger: Logger;
  /** The words, in the language of the settings; the tray follows its changes. */
  translator: Translator;
  /** A downloaded update: "Restart to update" in the menu while ready() holds. */
  update?: { ready(): boolean; restart(): void };
}

export interface AppTray {
  readonly state: TrayState;
  /** Total unread messages, shown after the status in the tooltip (0: nothing shown). */
  setUnreadCount(count: number): void;
  /** Rebuilds the menu (an update became ready). */
  refresh(): void;
  destroy(): void;
}

/**
 * Tray icon that follows the connection status, with open / connect-disconnect / sign out / quit.
 * Returns null where the desktop has no tray (some Linux sessions): the app works without it.
 * Longer than 60 lines: a factory whose body is one object's private state and its short methods.
 */
export function createAppTray(options: AppTrayOptions): AppTray | null {
  const { services, logger, translator } = options;
  const words = messageText(translator);
  let tray: Tray;
  try {
    tray = new Tray(iconFor('disconnected'));
  } catch (error) {
    logger.warn('No system tray available', { error: String(error) });
    return null;
  }

  let state: TrayState | null = null;
  let unread = 0;
  let destroyed = false;
  const tooltip = (next: TrayState): string =>
    translator.t(TRAY_TOOLTIP_KEYS[next]) + words.unreadSuffix(unread);
  const run = (action: () => void | Promise<void>): void => {
    try {
      void Promise.resolve(action()).catch((error: unknown) =>
        logger.warn('Tray action failed', { error: String(error) }),
      );
    } catch (error) {
      logger.warn('Tray action failed', { error: String(error) });
    }
  };
  const click: Record<TrayMenuItem['id'], () => void> = {
    open: options.openWindow,
    connect: () => run(() => services.connect()),
    disconnect: () => run(() => services.disconnect()),
    'sign-out': () => run(() => services.signOut()),
    'restart-to-update': () => options.update?.restart(),
    quit: options.quit,
    separator: () => {},
  };

  const update = (languageChanged = false): void => {
    const hasToken = services.getAccount().hasToken;
    const next = trayStateFor(services.getSnapshot(), hasToken);
    const changed = next !== state;
    if (changed) {
      state = next;
      tray.setImage(iconFor(next));
    }
    if (changed || languageChanged) tray.setToolTip(tooltip(next));
    tray.setContextMenu(
      Menu.buildFromTemplate(
        trayMenuItems(next, hasToken, translator, options.update?.ready() ?? false).map((item) =>
          item.type === 'separator'
            ? { type: 'separator' as const }
            : { label: item.label ?? '', enabled: item.enabled ?? true, click: click[item.id] },
        ),
      ),
    );
  };

  tray.on('click', options.openWindow);
  update();
  const offSnapshot = services.onSnapshot(() => update());
  const offLanguage = translator.onChange(() => update(true));

  return {
    get state() {
      return state ?? 'disconnected';
    },
    setUnreadCount(count) {
      if (count === unread || destroyed) return;
      unread = count;
      if (state) tray.setToolTip(tooltip(state));
    },
    refresh() {
      if (!destroyed) update();
    },
    destroy() {
      destroyed = true;
      offSnapshot();
      offLanguage();
      tray.destroy();
    },
  };
}

function iconFor(state: TrayState): Electron.NativeImage {
  return nativeImage.createFromBitmap(trayDotBitmap(state), {
    width: TRAY_ICON_SIZE,
    height: TRAY_ICON_SIZE,
  });
}
