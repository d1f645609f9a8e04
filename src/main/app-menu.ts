import type { MenuItemConstructorOptions } from 'electron';

export type MenuLanguage = 'en' | 'zh-CN';

/**
 * The application menu's own words. Standard items (Edit, Window, Quit, ...) use Electron roles,
 * which the OS labels itself; these are the labels the roles do not bring or the menu needs.
 */
export const MENU_STRINGS = {
  en: {
    file: 'File',
    edit: 'Edit',
    view: 'View',
    window: 'Window',
    help: 'Help',
    about: 'About WuKong Desktop',
    preferences: 'Settings…',
    closeToTray: 'Keep Running in the Tray When Closed',
    startAtLogin: 'Start at Login',
    quit: 'Quit WuKong Desktop',
  },
  'zh-CN': {
    file: '文件',
    edit: '编辑',
    view: '视图',
    window: '窗口',
    help: '帮助',
    about: '关于 WuKong Desktop',
    preferences: '设置…',
    closeToTray: '关闭窗口后在托盘中继续运行',
    startAtLogin: '登录时启动',
    quit: '退出 WuKong Desktop',
  },
} as const satisfies Record<MenuLanguage, Record<string, string>>;

/** The menu's language: the one chosen in Settings, else the system's (Chinese or English). */
export function menuLanguage(locale: string, systemLocale: string): MenuLanguage {
  const wanted = locale === 'system' ? systemLocale : locale;
  return wanted.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}

export interface MenuOptions {
  platform: NodeJS.Platform;
  language: MenuLanguage;
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
  const s = MENU_STRINGS[options.language];
  const mac = options.platform === 'darwin';
  const preferences: MenuItemConstructorOptions = {
    id: 'preferences',
    label: s.preferences,
    accelerator: PREFERENCES_ACCELERATOR,
    click: () => options.onPreferences(),
  };
  const startAtLogin: MenuItemConstructorOptions = {
    id: 'startAtLogin',
    label: s.startAtLogin,
    type: 'checkbox',
    checked: options.startAtLogin,
    click: (item) => options.onStartAtLogin(item.checked),
  };
  const quit: MenuItemConstructorOptions = {
    id: 'quit',
    label: s.quit,
    accelerator: 'CmdOrCtrl+Q',
    click: () => options.onQuit(),
  };
  const edit: MenuItemConstructorOptions = {
    label: s.edit,
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
    label: s.view,
    submenu: [
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      { type: 'separator' },
      { role: 'togglefullscreen' },
    ],
  };
  const window: MenuItemConstructorOptions = {
    label: s.window,
    submenu: mac
      ? [{ role: 'minimize' }, { role: 'zoom' }, { type: 'separator' }, { role: 'front' }]
      : [{ role: 'minimize' }, { role: 'close' }],
  };
  if (mac) {
    return [
      {
        label: 'WuKong Desktop',
        submenu: [
          { id: 'about', role: 'about', label: s.about },
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
      label: s.file,
      submenu: [
        preferences,
        {
          id: 'closeToTray',
          label: s.closeToTray,
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
    { label: s.help, submenu: [{ id: 'about', role: 'about', label: s.about }] },
  ];
}
