import type { MenuItemConstructorOptions } from 'electron';
import type { MainTextKey } from './translator';

export interface MenuOptions {
  platform: NodeJS.Platform;
  /**
   * The menu's words from the shared catalogue (the translator, which follows the language
   * setting). Standard items (Edit, Window, Quit, ...) use Electron roles, which the OS labels.
   */
  t: (key: MainTextKey) => string;
  closeToTray: boolean;
  startAtLogin: boolean;
  onPreferences: () => void;
  onCloseToTray: (enabled: boolean) => void;
  onStartAtLogin: (enabled: boolean) => void;
  onQuit: () => void;
}

/** Same shortcut as the renderer's (use-preferences-shortcut.ts). */
export const PREFERENCES_ACCELERATOR = 'CmdOrCtrl+,';

/**
 * The menu template: About, Settings (Ctrl+, / Cmd+,), the desktop options and Quit, plus the
 * standard Edit / View / Window roles, laid out the macOS way (app menu) or the Windows and Linux
 * way (File and Help).
 */
export function buildMenuTemplate(options: MenuOptions): MenuItemConstructorOptions[] {
  const { t } = options;
  const mac = options.platform === 'darwin';
  const preferences: MenuItemConstructorOptions = {
    id: 'preferences',
    label: t('appMenu.preferences'),
    accelerator: PREFERENCES_ACCELERATOR,
    click: () => options.onPreferences(),
  };
  const startAtLogin: MenuItemConstructorOptions = {
    id: 'startAtLogin',
    label: t('appMenu.startAtLogin'),
    type: 'checkbox',
    checked: options.startAtLogin,
    click: (item) => options.onStartAtLogin(item.checked),
  };
  const quit: MenuItemConstructorOptions = {
    id: 'quit',
    label: t('appMenu.quit'),
    accelerator: 'CmdOrCtrl+Q',
    click: () => options.onQuit(),
  };
  const edit: MenuItemConstructorOptions = {
    label: t('appMenu.edit'),
    submenu: [
      { role: 'undo' },
      { role: 'redo' },
      { type: 'separator' },
      { role: 'cut' },
      { role: 'copy' },
      { role: 'paste' },
      { role: 'selectAll' },
    ],
  };
  const view: MenuItemConstructorOptions = {
    label: t('appMenu.view'),
    submenu: [
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      { type: 'separator' },
      { role: 'togglefullscreen' },
    ],
  };
  const window: MenuItemConstructorOptions = {
    label: t('appMenu.window'),
    submenu: mac
      ? [{ role: 'minimize' }, { role: 'zoom' }, { type: 'separator' }, { role: 'front' }]
      : [{ role: 'minimize' }, { role: 'close' }],
  };
  if (mac) {
    return [
      {
        label: 'WuKong Desktop',
        submenu: [
          { id: 'about', role: 'about', label: t('appMenu.about') },
          { type: 'separator' },
          preferences,
          startAtLogin,
          { type: 'separator' },
          { role: 'services' },
          { type: 'separator' },
          { role: 'hide' },
          { role: 'hideOthers' },
          { role: 'unhide' },
          { type: 'separator' },
          quit,
        ],
      },
      edit,
      view,
      window,
    ];
  }
  return [
    {
      label: t('appMenu.file'),
      submenu: [
        preferences,
        {
          id: 'closeToTray',
          label: t('appMenu.closeToTray'),
          type: 'checkbox',
          checked: options.closeToTray,
          click: (item) => options.onCloseToTray(item.checked),
        },
        startAtLogin,
        { type: 'separator' },
        quit,
      ],
    },
    edit,
    view,
    window,
    {
      label: t('appMenu.help'),
      submenu: [{ id: 'about', role: 'about', label: t('appMenu.about') }],
    },
  ];
}
