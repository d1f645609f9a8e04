import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { buildMenuTemplate, menuLanguage, MENU_STRINGS, type MenuOptions } from './app-menu';

function options(fields: Partial<MenuOptions> = {}): MenuOptions {
  return {
    platform: 'linux',
    language: 'en',
    closeToTray: true,
    startAtLogin: false,
    onPreferences: vi.fn(),
    onCloseToTray: vi.fn(),
    onStartAtLogin: vi.fn(),
    onQuit: vi.fn(),
    ...fields,
  };
}

function flatten(items: readonly MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return items.flatMap((item) => [
    item,
    ...(Array.isArray(item.submenu) ? flatten(item.submenu as MenuItemConstructorOptions[]) : []),
  ]);
}

const byId = (items: MenuItemConstructorOptions[], id: string) => items.find((i) => i.id === id);
const click = (item: MenuItemConstructorOptions | undefined, checked = false): void =>
  // The menu passes the clicked item (and more we do not use) to click.
  (item?.click as unknown as (i: { checked: boolean }) => void)({ checked });

describe('application menu', () => {
  it.each(['linux', 'win32', 'darwin'] as const)(
    'has about, settings (Ctrl/Cmd+,) and quit on %s',
    (platform) => {
      const o = options({ platform });
      const items = flatten(buildMenuTemplate(o));
      expect(byId(items, 'about')?.role).toBe('about');
      expect(byId(items, 'preferences')?.accelerator).toBe('CmdOrCtrl+,');
      expect(byId(items, 'quit')?.accelerator).toBe('CmdOrCtrl+Q');
      click(byId(items, 'preferences'));
      click(byId(items, 'quit'));
      expect(o.onPreferences).toHaveBeenCalledTimes(1);
      expect(o.onQuit).toHaveBeenCalledTimes(1);
      for (const role of ['copy', 'paste', 'selectAll', 'undo', 'minimize']) {
        expect(
          items.some((i) => i.role === role),
          role,
        ).toBe(true);
      }
    },
  );

  it('offers close-to-tray on Windows and Linux only, and start at login everywhere', () => {
    const o = options({ platform: 'win32', closeToTray: true });
    const items = flatten(buildMenuTemplate(o));
    expect(byId(items, 'closeToTray')?.checked).toBe(true);
    click(byId(items, 'closeToTray'), false);
    expect(o.onCloseToTray).toHaveBeenCalledWith(false);
    click(byId(items, 'startAtLogin'), true);
    expect(o.onStartAtLogin).toHaveBeenCalledWith(true);
    expect(
      byId(flatten(buildMenuTemplate(options({ platform: 'darwin' }))), 'closeToTray'),
    ).toBeUndefined();
  });

  it('speaks the language chosen in Settings, else the system one', () => {
    expect(menuLanguage('system', 'zh-CN')).toBe('zh-CN');
    expect(menuLanguage('system', 'fr-FR')).toBe('en');
    expect(menuLanguage('en', 'zh-CN')).toBe('en');
    const items = flatten(buildMenuTemplate(options({ language: 'zh-CN' })));
    expect(byId(items, 'preferences')?.label).toBe('设置…');
    expect(Object.keys(MENU_STRINGS['zh-CN']).sort()).toEqual(Object.keys(MENU_STRINGS.en).sort());
  });
});
