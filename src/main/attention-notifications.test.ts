import { EventEmitter } from 'node:events';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { silentLogger } from './services/logger';
import { signedInServices } from './testing/signed-in-services';
import { createTranslator } from './translator';

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

vi.mock('electron', () => ({ Notification: FakeNotification }));

const { watchForAttention } = await import('./attention-notifications');

const signedIn = () => signedInServices('token-attention-1');
const english = createTranslator('en');
const KICKED = {
  title: english.t('osNotification.kickedTitle'),
  body: english.t('osNotification.kickedBody'),
};
const AUTH_FAIL_TITLE = english.t('osNotification.authFailTitle');

describe('watchForAttention', () => {
  beforeEach(() => {
    FakeNotification.shown = [];
    FakeNotification.supported = true;
  });

  it('notifies on kick and on a new auth failure only while the window is hidden; click opens it', async () => {
    const { services, manager } = await signedIn();
    let hidden = false;
    const openWindow = vi.fn();
    watchForAttention({
      services,
      isWindowHidden: () => hidden,
      openWindow,
      logger: silentLogger,
      translator: english,
    });

    manager.emitKick({ reasonCode: 12, reasonText: '', at: 1 });
    expect(FakeNotification.shown).toHaveLength(0);

    hidden = true;
    manager.emitKick({ reasonCode: 12, reasonText: '', at: 2 });
    expect(FakeNotification.shown.map((n) => n.options)).toEqual([KICKED]);
    FakeNotification.shown[0]?.emit('click');
    expect(openWindow).toHaveBeenCalledOnce();

    manager.emitSnapshot({ status: 'connectFail', reason: 'authFail' });
    manager.emitSnapshot({ status: 'connectFail', reason: 'authFail', attempt: 2 });
    expect(FakeNotification.shown.map((n) => n.options.title)).toEqual([
      KICKED.title,
      AUTH_FAIL_TITLE,
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
      translator: english,
    });
    manager.emitKick({ reasonCode: 12, reasonText: '', at: 1 });
    expect(FakeNotification.shown).toHaveLength(0);
  });

  it('speaks the language of the settings', async () => {
    const { services, manager } = await signedIn();
    watchForAttention({
      services,
      isWindowHidden: () => true,
      openWindow: vi.fn(),
      logger: silentLogger,
      translator: createTranslator('zh-CN'),
    });
    manager.emitKick({ reasonCode: 12, reasonText: '', at: 1 });
    expect(FakeNotification.shown.map((n) => n.options.title)).toEqual(['已在此电脑上下线']);
  });
});
