import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { buildMenuTemplate, type MenuOptions } from './app-menu';
import { createTranslator } from './translator';

function options(fields: Partial<MenuOptions> = {}): MenuOptions {
  return {
    platform: 'linux',
    t: createTranslator('en').t,
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

  it('takes its words from the shared catalogue, in the language of the translator', () => {
    const items = flatten(buildMenuTemplate(options({ t: createTranslator('zh-CN').t })));
    expect(byId(items, 'preferences')?.label).toBe('设置…');
    expect(byId(items, 'quit')?.label).toBe('退出 WuKong Desktop');
    expect(byId(flatten(buildMenuTemplate(options())), 'quit')?.label).toBe('Quit WuKong Desktop');
  });
});
