import { EventEmitter } from 'node:events';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { silentLogger } from './services/logger';
import { NETWORK_POLL_INTERVAL_MS, wireOsHooks } from './os-hooks';
import { signedInServices } from './testing/signed-in-services';

// The adapter is electron-free by design; powerMonitor is an EventEmitter in Electron too, so a
// plain one stands in and its captured listeners are driven directly.

describe('wireOsHooks', () => {
  let unwire: (() => void) | null = null;
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => {
    unwire?.();
    unwire = null;
    vi.useRealTimers();
  });

  it('powerMonitor events drive the manager: suspend, resume, unlock, user active', async () => {
    const { services, manager } = await signedInServices();
    const powerMonitor = new EventEmitter();
    unwire = wireOsHooks({
      powerMonitor,
      net: { isOnline: () => true },
      target: services,
      logger: silentLogger,
    });
    expect(powerMonitor.eventNames().sort()).toEqual(
      ['resume', 'suspend', 'unlock-screen', 'user-did-become-active'].sort(),
    );

    powerMonitor.emit('suspend');
    powerMonitor.emit('resume');
    powerMonitor.emit('unlock-screen');
    powerMonitor.emit('user-did-become-active');
    expect(manager.calls.slice(1)).toEqual([
      'suspend',
      'resume',
      'screenUnlocked',
      'screenUnlocked',
    ]);
  });

  it('polls net.isOnline and forwards only changes', async () => {
    const { services, manager } = await signedInServices();
    let online = true;
    unwire = wireOsHooks({
      powerMonitor: new EventEmitter(),
      net: { isOnline: () => online },
      target: services,
      logger: silentLogger,
    });
    vi.advanceTimersByTime(NETWORK_POLL_INTERVAL_MS * 3);
    expect(manager.calls.filter((c) => c.startsWith('setNetwork'))).toEqual([]);

    online = false;
    vi.advanceTimersByTime(NETWORK_POLL_INTERVAL_MS);
    vi.advanceTimersByTime(NETWORK_POLL_INTERVAL_MS);
    online = true;
    vi.advanceTimersByTime(NETWORK_POLL_INTERVAL_MS);
    expect(manager.calls.filter((c) => c.startsWith('setNetwork'))).toEqual([
      'setNetworkOnline(false)',
      'setNetworkOnline(true)',
    ]);
  });

  it('reports offline at once when the app starts offline; a throwing isOnline counts as online', () => {
    const target = {
      suspend: vi.fn(),
      resume: vi.fn(),
      screenUnlocked: vi.fn(),
      setNetworkOnline: vi.fn(),
    };
    unwire = wireOsHooks({
      powerMonitor: new EventEmitter(),
      net: { isOnline: () => false },
      target,
      logger: silentLogger,
    });
    expect(target.setNetworkOnline).toHaveBeenCalledWith(false);
    unwire();

    const target2 = { ...target, setNetworkOnline: vi.fn() };
    unwire = wireOsHooks({
      powerMonitor: new EventEmitter(),
      net: {
        isOnline: () => {
          throw new Error('not ready');
        },
      },
      target: target2,
      logger: silentLogger,
    });
    expect(target2.setNetworkOnline).toHaveBeenCalledWith(true);
  });

  it('cannot be wired twice; unwiring removes listeners and the poll, then allows wiring again', () => {
    const powerMonitor = new EventEmitter();
    const target = {
      suspend: vi.fn(),
      resume: vi.fn(),
      screenUnlocked: vi.fn(),
      setNetworkOnline: vi.fn(),
    };
    const net = { isOnline: vi.fn(() => true) };
    unwire = wireOsHooks({ powerMonitor, net, target, logger: silentLogger });
    expect(() => wireOsHooks({ powerMonitor, net, target, logger: silentLogger })).toThrow(
      'already wired',
    );
    expect(powerMonitor.listenerCount('suspend')).toBe(1);

    unwire();
    unwire();
    expect(powerMonitor.eventNames()).toEqual([]);
    const polls = net.isOnline.mock.calls.length;
    vi.advanceTimersByTime(NETWORK_POLL_INTERVAL_MS * 5);
    expect(net.isOnline.mock.calls.length).toBe(polls);
    powerMonitor.emit('suspend');
    expect(target.suspend).not.toHaveBeenCalled();

    unwire = wireOsHooks({ powerMonitor, net, target, logger: silentLogger });
    expect(powerMonitor.listenerCount('suspend')).toBe(1);
  });
});
