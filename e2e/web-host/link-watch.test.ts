import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DEAD_AFTER_MS, PING_EVERY_MS, watchLink } from './link-watch';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

function setUp() {
  const sendPing = vi.fn();
  const onLost = vi.fn();
  const watch = watchLink({ sendPing, onLost });
  watch.start();
  return { sendPing, onLost, watch };
}

describe('the bridge link watch', () => {
  it('pings while the host answers and never calls it lost', () => {
    const { sendPing, onLost, watch } = setUp();
    for (let i = 0; i < 20; i += 1) {
      vi.advanceTimersByTime(PING_EVERY_MS);
      watch.heard();
    }
    expect(sendPing).toHaveBeenCalledTimes(20);
    expect(onLost).not.toHaveBeenCalled();
    watch.stop();
  });

  it('calls a silent host lost within a second, once', () => {
    const { onLost, watch } = setUp();
    expect(DEAD_AFTER_MS + PING_EVERY_MS).toBeLessThanOrEqual(1_200);
    vi.advanceTimersByTime(DEAD_AFTER_MS + PING_EVERY_MS);
    expect(onLost).toHaveBeenCalledWith('silent');
    vi.advanceTimersByTime(10_000);
    watch.lost('closed');
    expect(onLost).toHaveBeenCalledTimes(1);
    expect(watch.isLost).toBe(true);
  });

  it('does not count a slow start as silence', () => {
    const onLost = vi.fn();
    const watch = watchLink({ sendPing: vi.fn(), onLost });
    vi.advanceTimersByTime(10_000);
    expect(onLost).not.toHaveBeenCalled();
    watch.start();
    vi.advanceTimersByTime(PING_EVERY_MS);
    expect(onLost).not.toHaveBeenCalled();
    watch.stop();
  });

  it('says at once when the socket closed or the browser went offline', () => {
    const { onLost, watch } = setUp();
    watch.lost('offline');
    expect(onLost).toHaveBeenCalledWith('offline');
    expect(vi.getTimerCount()).toBe(0);
  });
});
