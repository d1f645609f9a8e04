import { EventEmitter } from 'node:events';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  fitBounds,
  readSavedBounds,
  rememberWindowBounds,
  SAVE_DELAY_MS,
  type Rect,
} from './window-bounds';
import { tempDir } from './testing/temp-dir';

const SCREEN: Rect = { x: 0, y: 0, width: 1920, height: 1040 };
const MIN = { width: 420, height: 480 };

class FakeWindow extends EventEmitter {
  bounds: Rect = { x: 100, y: 100, width: 960, height: 680 };
  maximized = false;
  getNormalBounds = (): Rect => ({ ...this.bounds });
  setBounds = vi.fn((b: Rect) => {
    this.bounds = { ...b };
  });
  isMaximized = (): boolean => this.maximized;
  maximize = vi.fn(() => {
    this.maximized = true;
  });
}

const fileIn = (): string => join(tempDir('bounds-'), 'window.json');

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('window bounds', () => {
  it('reopens the window where it was, at its size, maximized if it was', () => {
    const file = fileIn();
    const first = new FakeWindow();
    rememberWindowBounds(first, { file, workAreas: () => [SCREEN], min: MIN });
    first.bounds = { x: 300, y: 200, width: 1200, height: 800 };
    first.emit('move');
    first.emit('resize');
    vi.advanceTimersByTime(SAVE_DELAY_MS);
    expect(readSavedBounds(file)).toEqual({
      x: 300,
      y: 200,
      width: 1200,
      height: 800,
      maximized: false,
    });
    first.maximized = true;
    first.emit('close');

    const second = new FakeWindow();
    rememberWindowBounds(second, { file, workAreas: () => [SCREEN], min: MIN });
    expect(second.setBounds).toHaveBeenCalledWith({ x: 300, y: 200, width: 1200, height: 800 });
    expect(second.maximize).toHaveBeenCalled();
  });

  it('writes once a burst of moves ends, not on every move', () => {
    const file = fileIn();
    const win = new FakeWindow();
    rememberWindowBounds(win, { file, workAreas: () => [SCREEN], min: MIN });
    for (let i = 0; i < 10; i += 1) {
      win.bounds = { ...win.bounds, x: i };
      win.emit('move');
      vi.advanceTimersByTime(SAVE_DELAY_MS / 2);
    }
    expect(readSavedBounds(file)).toBeNull();
    vi.advanceTimersByTime(SAVE_DELAY_MS);
    expect(readSavedBounds(file)?.x).toBe(9);
  });

  it('never opens out of reach: a screen that is gone means the default place', () => {
    const onOldMonitor = { x: 2500, y: 100, width: 900, height: 600, maximized: false };
    expect(fitBounds(onOldMonitor, [SCREEN], MIN)).toBeNull();
    const tooBig = { x: 0, y: 0, width: 4000, height: 3000, maximized: false };
    expect(fitBounds(tooBig, [SCREEN], MIN)).toMatchObject({ width: 1920, height: 1040 });
    const titleAbove = { x: 100, y: -300, width: 900, height: 600, maximized: false };
    expect(fitBounds(titleAbove, [SCREEN], MIN)).toBeNull();
  });

  it('ignores a damaged file', () => {
    const file = fileIn();
    writeFileSync(file, '{"x":"left"}');
    const win = new FakeWindow();
    rememberWindowBounds(win, { file, workAreas: () => [SCREEN], min: MIN });
    expect(win.setBounds).not.toHaveBeenCalled();
  });
});
