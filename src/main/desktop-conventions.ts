import { app, Menu, Notification, screen, type BrowserWindow } from 'electron';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { buildMenuTemplate } from './app-menu';
import { handleCloseToTray } from './close-to-tray';
import { openDesktopPrefs } from './desktop-prefs';
import { applyStartAtLogin } from './login-item';
import type { AppServices } from './services/app-services';
import type { Logger } from './services/logger';
import type { Translator } from './translator';
import { rememberWindowBounds } from './window-bounds';

/** The window's minimum size (window-factory.ts): saved bounds are never made smaller. */
const MIN_SIZE = { width: 420, height: 480 };

export interface DesktopConventionsOptions {
  userData: string;
  services: Pick<AppServices, 'quit'>;
  /** The menu and the tray hint speak the language setting through it. */
  translator: Pick<Translator, 't' | 'onChange'>;
  isQuitting: () => boolean;
  hasTray: () => boolean;
  getWindow: () => BrowserWindow | null;
  openWindow: () => void;
  logger: Logger;
}

export interface DesktopConventions {
  /** Remembered bounds and close-to-tray for a new main window (call before it is shown). */
  attachWindow(window: BrowserWindow): void;
}

/**
 * Desktop conventions in one place: the localized application menu (About, Settings Ctrl/Cmd+,,
 * the two desktop options, Quit, standard roles), start at login, close to tray with its hint,
 * and the window's remembered size and position.
 */
export function setUpDesktopConventions(options: DesktopConventionsOptions): DesktopConventions {
  const { logger } = options;
  const platform = process.platform;
  const prefs = openDesktopPrefs(join(options.userData, 'desktop.json'), (error) =>
    logger.warn('Could not save the desktop preferences', { error: String(error) }),
  );
  const loginOptions = {
    platform,
    app,
    command: process.env.APPIMAGE ?? process.execPath,
    autostartDir: join(process.env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'autostart'),
  };
  const setStartAtLogin = (enabled: boolean): void => {
    try {
      applyStartAtLogin(enabled, loginOptions);
      prefs.update({ startAtLogin: enabled });
    } catch (error) {
      logger.warn('Could not change start at login', { error: String(error) });
    }
    refreshMenu();
  };

  function openSettings(): void {
    options.openWindow();
    // The renderer owns the shortcut (use-preferences-shortcut.ts): a click sends the same keys.
    const window = options.getWindow();
    const modifiers: Array<'meta' | 'control'> = [platform === 'darwin' ? 'meta' : 'control'];
    window?.webContents.sendInputEvent({ type: 'keyDown', keyCode: ',', modifiers });
    window?.webContents.sendInputEvent({ type: 'keyUp', keyCode: ',', modifiers });
  }

  function refreshMenu(): void {
    const current = prefs.get();
    const template = buildMenuTemplate({
      platform,
      t: (key) => options.translator.t(key),
      closeToTray: current.closeToTray,
      startAtLogin: current.startAtLogin,
      onPreferences: openSettings,
      onCloseToTray: (enabled) => {
        prefs.update({ closeToTray: enabled });
        refreshMenu();
      },
      onStartAtLogin: setStartAtLogin,
      onQuit: () => options.services.quit(),
    });
    Menu.setApplicationMenu(Menu.buildFromTemplate(template));
  }

  refreshMenu();
  options.translator.onChange(refreshMenu);

  return {
    attachWindow(window) {
      rememberWindowBounds(window, {
        file: join(options.userData, 'window.json'),
        workAreas: () => screen.getAllDisplays().map((d) => d.workArea),
        min: MIN_SIZE,
        onError: (error) => logger.warn('Could not save the window size', { error: String(error) }),
      });
      handleCloseToTray(window, {
        platform,
        isQuitting: options.isQuitting,
        hasTray: options.hasTray,
        closeToTray: () => prefs.get().closeToTray,
        hintShown: () => prefs.get().trayHintShown,
        markHintShown: () => prefs.update({ trayHintShown: true }),
        showHint: () => {
          if (!Notification.isSupported()) return;
          const { t } = options.translator;
          new Notification({
            title: t('tray.stillRunningTitle'),
            body: t('tray.stillRunningBody'),
          }).show();
        },
      });
    },
  };
}
