import { EventEmitter } from 'node:events';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { silentLogger } from './services/logger';
import { signedInServices } from './testing/signed-in-services';
import { createTranslator } from './translator';

type MenuTemplate = { label?: string; enabled?: boolean; type?: string; click?: () => void }[];

class FakeTray extends EventEmitter {
  static last: FakeTray | null = null;
  static failNext = false;
  tooltip = '';
  menu: MenuTemplate = [];
  readonly setImage = vi.fn();
  readonly destroy = vi.fn();
  constructor(_image: unknown) {
    super();
    if (FakeTray.failNext) {
      FakeTray.failNext = false;
      throw new Error('no tray on this desktop');
    }
    FakeTray.last = this;
  }
  setToolTip(text: string): void {
    this.tooltip = text;
  }
  setContextMenu(menu: { template: MenuTemplate }): void {
    this.menu = menu.template;
  }
}

vi.mock('electron', () => ({
  Tray: FakeTray,
  Menu: { buildFromTemplate: (template: MenuTemplate) => ({ template }) },
  nativeImage: { createFromBitmap: (buffer: Buffer) => ({ buffer }) },
}));

const { createAppTray } = await import('./tray');

const signedIn = () => signedInServices('token-tray-1');

const labels = (menu: MenuTemplate) =>
  menu.filter((i) => i.type !== 'separator').map((i) => i.label);

describe('createAppTray', () => {
  beforeEach(() => {
    FakeTray.last = null;
  });

  it('follows the status: icon, tooltip and menu change with snapshots', async () => {
    const { services, manager } = await signedIn();
    const openWindow = vi.fn();
    const quit = vi.fn();
    const tray = createAppTray({
      services,
      openWindow,
      quit,
      logger: silentLogger,
      translator: createTranslator('en'),
    });
    const fake = FakeTray.last;
    expect(tray?.state).toBe('connecting');
    expect(fake?.tooltip).toContain('connecting');

    manager.emitSnapshot({ status: 'connected', reason: 'connectSuccess' });
    expect(tray?.state).toBe('connected');
    expect(fake?.tooltip).toContain('connected');
    expect(labels(fake?.menu ?? [])).toEqual([
      'Open WuKong Desktop',
      'Disconnect',
      'Sign out',
      'Quit',
    ]);

    fake?.menu.find((i) => i.label === 'Disconnect')?.click?.();
    expect(manager.calls).toContain('disconnect(true, userDisconnect)');
    expect(tray?.state).toBe('disconnected');
    fake?.menu.find((i) => i.label === 'Connect')?.click?.();
    expect(manager.calls.at(-1)).toBe('connect');

    fake?.menu.find((i) => i.label === 'Quit')?.click?.();
    expect(quit).toHaveBeenCalledOnce();
    fake?.emit('click');
    expect(openWindow).toHaveBeenCalledOnce();

    fake?.menu.find((i) => i.label === 'Sign out')?.click?.();
    expect(tray?.state).toBe('needs-sign-in');
    expect(fake?.menu.find((i) => i.label === 'Connect')?.enabled).toBe(false);
    // A failing action (connect without an account) is logged, never thrown into Electron.
    expect(() => fake?.menu.find((i) => i.label === 'Connect')?.click?.()).not.toThrow();
  });

  it('offers "Restart to update" once an update is ready, and runs it', async () => {
    const { services } = await signedIn();
    let ready = false;
    const restart = vi.fn();
    const tray = createAppTray({
      services,
      openWindow: vi.fn(),
      quit: vi.fn(),
      logger: silentLogger,
      translator: createTranslator('en'),
      update: { ready: () => ready, restart },
    });
    const fake = FakeTray.last;
    expect(labels(fake?.menu ?? [])).not.toContain('Restart to update');
    ready = true;
    tray?.refresh();
    expect(labels(fake?.menu ?? [])).toContain('Restart to update');
    fake?.menu.find((i) => i.label === 'Restart to update')?.click?.();
    expect(restart).toHaveBeenCalledOnce();
  });

  it('shows the unread total after the status in the tooltip', async () => {
    const { services, manager } = await signedIn();
    const tray = createAppTray({
      services,
      openWindow: vi.fn(),
      quit: vi.fn(),
      logger: silentLogger,
      translator: createTranslator('en'),
    });
    const fake = FakeTray.last;
    tray?.setUnreadCount(3);
    expect(fake?.tooltip).toBe('WuKong Desktop: connecting… · 3 unread');
    manager.emitSnapshot({ status: 'connected', reason: 'connectSuccess' });
    expect(fake?.tooltip).toBe('WuKong Desktop: connected · 3 unread');
    tray?.setUnreadCount(0);
    expect(fake?.tooltip).toBe('WuKong Desktop: connected');
    tray?.destroy();
    // After destroy the (destroyed) tray is left alone.
    expect(() => tray?.setUnreadCount(5)).not.toThrow();
    expect(fake?.tooltip).toBe('WuKong Desktop: connected');
  });

  it('returns null where the desktop has no tray', async () => {
    const { services } = await signedIn();
    FakeTray.failNext = true;
    expect(
      createAppTray({
        services,
        openWindow: vi.fn(),
        quit: vi.fn(),
        logger: silentLogger,
        translator: createTranslator('en'),
      }),
    ).toBeNull();
  });

  it('destroy stops following snapshots', async () => {
    const { services, manager } = await signedIn();
    const tray = createAppTray({
      services,
      openWindow: vi.fn(),
      quit: vi.fn(),
      logger: silentLogger,
      translator: createTranslator('en'),
    });
    const fake = FakeTray.last;
    tray?.destroy();
    const count = fake?.setImage.mock.calls.length;
    manager.emitSnapshot({ status: 'connected', reason: 'connectSuccess' });
    expect(fake?.setImage.mock.calls.length).toBe(count);
    expect(fake?.destroy).toHaveBeenCalled();
  });

  it('speaks the language of the settings and switches with it', async () => {
    const { services, manager } = await signedIn();
    const translator = createTranslator('zh-CN');
    const tray = createAppTray({
      services,
      openWindow: vi.fn(),
      quit: vi.fn(),
      logger: silentLogger,
      translator,
    });
    const fake = FakeTray.last;
    tray?.setUnreadCount(2);
    expect(fake?.tooltip).toBe('WuKong Desktop：连接中… · 2 条未读');
    expect(labels(fake?.menu ?? [])).toEqual(['打开 WuKong Desktop', '断开', '退出登录', '退出']);
    translator.setLanguage('en');
    expect(fake?.tooltip).toBe('WuKong Desktop: connecting… · 2 unread');
    expect(labels(fake?.menu ?? [])).toEqual([
      'Open WuKong Desktop',
      'Disconnect',
      'Sign out',
      'Quit',
    ]);
    manager.emitSnapshot({ status: 'connected', reason: 'connectSuccess' });
    expect(fake?.tooltip).toBe('WuKong Desktop: connected · 2 unread');
    tray?.destroy();
  });
});
