import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** What this module needs of Electron's app (a fake in tests). */
export interface LoginItemApp {
  setLoginItemSettings(settings: { openAtLogin: boolean }): void;
}

export interface StartAtLoginOptions {
  platform: NodeJS.Platform;
  app: LoginItemApp;
  /** the command that starts the app (process.execPath; APPIMAGE for an AppImage) */
  command: string;
  /** ~/.config/autostart on Linux (XDG_CONFIG_HOME/autostart) */
  autostartDir: string;
}

export const AUTOSTART_FILE = 'wukong-desktop.desktop';

/** The XDG autostart entry; the command is quoted so a path with spaces still starts. */
export function autostartEntry(command: string): string {
  const quoted = `"${command.replace(/(["`$\\])/g, '\\$1')}"`;
  return [
    '[Desktop Entry]',
    'Type=Application',
    'Name=WuKong Desktop',
    `Exec=${quoted} --hidden`,
    'X-GNOME-Autostart-enabled=true',
    '',
  ].join('\n');
}

/**
 * Starts the app at login, or stops doing so. macOS and Windows have an OS setting Electron
 * writes; Linux desktops read an autostart entry, which Electron does not write, so this does.
 */
export function applyStartAtLogin(enabled: boolean, options: StartAtLoginOptions): void {
  if (options.platform !== 'linux') {
    options.app.setLoginItemSettings({ openAtLogin: enabled });
    return;
  }
  const file = join(options.autostartDir, AUTOSTART_FILE);
  if (enabled) {
    mkdirSync(options.autostartDir, { recursive: true });
    writeFileSync(file, autostartEntry(options.command));
  } else {
    rmSync(file, { force: true });
  }
}
