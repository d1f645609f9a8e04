import { describe, expect, it } from 'vitest';
import { initialSnapshot, type ConnectionSnapshot } from '../shared/connection';
import { trayDotBitmap, trayMenuItems, trayStateFor } from './tray-state';
import { createTranslator } from './translator';

const snap = (patch: Partial<ConnectionSnapshot>): ConnectionSnapshot => ({
  ...initialSnapshot(0),
  ...patch,
});

describe('trayStateFor', () => {
  it.each([
    [{ status: 'connected', reason: 'connectSuccess' }, true, 'connected'],
    [{ status: 'connecting' }, true, 'connecting'],
    [{ status: 'disconnected', reason: 'networkError', nextRetryAt: 10 }, true, 'connecting'],
    [{ status: 'connectFail', reason: 'connectTimeout', nextRetryAt: null }, true, 'disconnected'],
    [{ status: 'disconnected', reason: 'userDisconnect' }, true, 'disconnected'],
    [{ status: 'disconnected', reason: 'kickOff' }, true, 'needs-sign-in'],
    [{ status: 'connectFail', reason: 'authFail' }, true, 'needs-sign-in'],
    [{ status: 'disconnected', reason: 'logout' }, true, 'disconnected'],
    [{ status: 'disconnected', reason: 'logout' }, false, 'needs-sign-in'],
    [{ status: 'disconnected', reason: 'banned' }, true, 'needs-sign-in'],
    [{ status: 'connected', reason: 'connectSuccess' }, false, 'needs-sign-in'],
  ] as const)('%j with token=%s -> %s', (patch, hasToken, expected) => {
    expect(trayStateFor(snap(patch), hasToken)).toBe(expected);
  });
});

describe('trayMenuItems', () => {
  const english = createTranslator('en');
  const ids = (items: ReturnType<typeof trayMenuItems>) =>
    items.filter((i) => i.type !== 'separator').map((i) => i.id);

  it('offers disconnect while online and connect while offline', () => {
    expect(ids(trayMenuItems('connected', true, english))).toEqual([
      'open',
      'disconnect',
      'sign-out',
      'quit',
    ]);
    expect(ids(trayMenuItems('connecting', true, english))).toContain('disconnect');
    expect(ids(trayMenuItems('disconnected', true, english))).toEqual([
      'open',
      'connect',
      'sign-out',
      'quit',
    ]);
  });

  it('disables connect and sign out when there is no account', () => {
    const items = trayMenuItems('needs-sign-in', false, english);
    expect(items.find((i) => i.id === 'connect')?.enabled).toBe(false);
    expect(items.find((i) => i.id === 'sign-out')?.enabled).toBe(false);
    expect(items.find((i) => i.id === 'quit')?.enabled).toBeUndefined();
  });
});

describe('trayDotBitmap', () => {
  it('draws an opaque coloured centre and transparent corners, per state', () => {
    const green = trayDotBitmap('connected');
    const red = trayDotBitmap('needs-sign-in');
    expect(green).toHaveLength(16 * 16 * 4);
    const centre = (8 * 16 + 8) * 4;
    expect(green[centre + 3]).toBe(0xff);
    expect(green[3]).toBe(0); // corner alpha
    expect(green.subarray(centre, centre + 3)).not.toEqual(red.subarray(centre, centre + 3));
  });
});
