import { EventEmitter } from 'node:events';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { silentLogger } from './services/logger';
import { signedInServices } from './testing/signed-in-services';

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

class FakeNotification extends EventEmitter {
  static shown: FakeNotification[] = [];
  static supported = true;
  static isSupported = () => FakeNotification.supported;
  constructor(readonly options: { title: string; body: string }) {
    super();
  }
  show(): void {
    FakeNotification.shown.push(this);
  }
}

vi.mock('electron', () => ({
  Tray: FakeTray,
  Menu: { buildFromTemplate: (template: MenuTemplate) => ({ template }) },
  nativeImage: { createFromBitmap: (buffer: Buffer) => ({ buffer }) },
  Notification: FakeNotification,
}));

const { createAppTray } = await import('./tray');
const { watchForAttention, NOTIFICATION_TEXT } = await import('./notifications');

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
    const tray = createAppTray({ services, openWindow, quit, logger: silentLogger });
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
      createAppTray({ services, openWindow: vi.fn(), quit: vi.fn(), logger: silentLogger }),
    ).toBeNull();
  });

  it('destroy stops following snapshots', async () => {
    const { services, manager } = await signedIn();
    const tray = createAppTray({
      services,
      openWindow: vi.fn(),
      quit: vi.fn(),
      logger: silentLogger,
    });
    const fake = FakeTray.last;
    tray?.destroy();
    const count = fake?.setImage.mock.calls.length;
    manager.emitSnapshot({ status: 'connected', reason: 'connectSuccess' });
    expect(fake?.setImage.mock.calls.length).toBe(count);
    expect(fake?.destroy).toHaveBeenCalled();
  });
});

describe('watchForAttention', () => {
  beforeEach(() => {
    FakeNotification.shown = [];
    FakeNotification.supported = true;
  });

  it('notifies on kick and on a new auth failure only while the window is hidden; click opens it', async () => {
    const { services, manager } = await signedIn();
    let hidden = false;
    const openWindow = vi.fn();
    watchForAttention({ services, isWindowHidden: () => hidden, openWindow, logger: silentLogger });

    manager.emitKick({ reasonCode: 12, reasonText: '', at: 1 });
    expect(FakeNotification.shown).toHaveLength(0);

    hidden = true;
    manager.emitKick({ reasonCode: 12, reasonText: '', at: 2 });
    expect(FakeNotification.shown.map((n) => n.options)).toEqual([NOTIFICATION_TEXT.kicked]);
    FakeNotification.shown[0]?.emit('click');
    expect(openWindow).toHaveBeenCalledOnce();

    manager.emitSnapshot({ status: 'connectFail', reason: 'authFail' });
    manager.emitSnapshot({ status: 'connectFail', reason: 'authFail', attempt: 2 });
    expect(FakeNotification.shown.map((n) => n.options.title)).toEqual([
      NOTIFICATION_TEXT.kicked.title,
      NOTIFICATION_TEXT.authFail.title,
    ]);
  });

  it('stays quiet where notifications are unsupported', async () => {
    const { services, manager } = await signedIn();
    FakeNotification.supported = false;
    watchForAttention({
      services,
      isWindowHidden: () => true,
      openWindow: vi.fn(),
      logger: silentLogger,
    });
    manager.emitKick({ reasonCode: 12, reasonText: '', at: 1 });
    expect(FakeNotification.shown).toHaveLength(0);
  });
});
