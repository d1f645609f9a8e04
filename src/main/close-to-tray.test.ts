import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import { closeAction, handleCloseToTray } from './close-to-tray';

class FakeWindow extends EventEmitter {
  hide = vi.fn();
  close(): { prevented: boolean } {
    const event = { prevented: false, preventDefault: () => (event.prevented = true) };
    this.emit('close', event);
    return event;
  }
}

function setUp(platform: NodeJS.Platform, closeToTray = true) {
  const win = new FakeWindow();
  let quitting = false;
  let hint = false;
  const showHint = vi.fn();
  handleCloseToTray(win, {
    platform,
    isQuitting: () => quitting,
    hasTray: () => true,
    closeToTray: () => closeToTray,
    hintShown: () => hint,
    markHintShown: () => (hint = true),
    showHint,
  });
  return { win, showHint, quit: () => (quitting = true) };
}

describe('close to tray', () => {
  it('hides to the tray on Windows and Linux, with a hint the first time only', () => {
    for (const platform of ['win32', 'linux'] as const) {
      const { win, showHint } = setUp(platform);
      expect(win.close().prevented).toBe(true);
      expect(win.hide).toHaveBeenCalledTimes(1);
      win.close();
      expect(showHint).toHaveBeenCalledTimes(1);
    }
  });

  it('closes for real when the option is off, when quitting, or without a tray', () => {
    expect(setUp('linux', false).win.close().prevented).toBe(false);
    const quitting = setUp('win32');
    quitting.quit();
    expect(quitting.win.close().prevented).toBe(false);
    expect(
      closeAction({ platform: 'linux', quitting: false, hasTray: false, closeToTray: true }),
    ).toBe('close');
  });

  it('on macOS hides the window and shows no hint (the app stays in the Dock)', () => {
    const { win, showHint } = setUp('darwin', false);
    expect(win.close().prevented).toBe(true);
    expect(showHint).not.toHaveBeenCalled();
  });
});
