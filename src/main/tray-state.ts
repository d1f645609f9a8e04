import type { ConnectionReason, ConnectionSnapshot } from '../shared/connection';

export type TrayState = 'connected' | 'connecting' | 'disconnected' | 'needs-sign-in';

/**
 * Reasons that only a new sign-in can clear. Not 'logout': the manager reports that for every
 * disconnect(true), including the user's own Disconnect; a real sign-out also drops the token.
 */
const SIGN_IN_REASONS: readonly ConnectionReason[] = ['kickOff', 'authFail', 'banned'];

/** What the tray shows for a snapshot; a missing token always means the user must sign in. */
export function trayStateFor(snapshot: ConnectionSnapshot, hasToken: boolean): TrayState {
  if (!hasToken || SIGN_IN_REASONS.includes(snapshot.reason)) return 'needs-sign-in';
  if (snapshot.status === 'connected') return 'connected';
  if (snapshot.status === 'connecting') return 'connecting';
  // A scheduled retry is still "on its way"; the icon should not flap between attempts.
  if (snapshot.nextRetryAt !== null) return 'connecting';
  return 'disconnected';
}

export const TRAY_TOOLTIPS: Record<TrayState, string> = {
  connected: 'WuKong Desktop: connected',
  connecting: 'WuKong Desktop: connecting…',
  disconnected: 'WuKong Desktop: disconnected',
  'needs-sign-in': 'WuKong Desktop: sign in needed',
};

/** BGRA colours of the 16x16 status dot (green, amber, grey, red). */
export const TRAY_COLORS: Record<TrayState, readonly [number, number, number]> = {
  connected: [0x2e, 0xa0, 0x43],
  connecting: [0xd2, 0x99, 0x22],
  disconnected: [0x8b, 0x94, 0x9e],
  'needs-sign-in': [0xcf, 0x22, 0x2e],
};

export interface TrayMenuItem {
  id: 'open' | 'connect' | 'disconnect' | 'sign-out' | 'restart-to-update' | 'quit' | 'separator';
  label?: string;
  enabled?: boolean;
  type?: 'separator';
}

/** The tray menu for a state: open, connect or disconnect, sign out, quit (and a ready update). */
export function trayMenuItems(
  state: TrayState,
  hasToken: boolean,
  updateReady = false,
): TrayMenuItem[] {
  const online = state === 'connected' || state === 'connecting';
  const update: TrayMenuItem[] = updateReady
    ? [{ id: 'restart-to-update', label: 'Restart to update' }]
    : [];
  return [
    { id: 'open', label: 'Open WuKong Desktop' },
    { id: 'separator', type: 'separator' },
    online
      ? { id: 'disconnect', label: 'Disconnect' }
      : { id: 'connect', label: 'Connect', enabled: hasToken && state !== 'needs-sign-in' },
    { id: 'sign-out', label: 'Sign out', enabled: hasToken },
    { id: 'separator', type: 'separator' },
    ...update,
    { id: 'quit', label: 'Quit' },
  ];
}

/** A 16x16 BGRA bitmap with a filled dot, so the tray needs no image files. */
export function trayDotBitmap(state: TrayState, size = 16): Buffer {
  const [r, g, b] = TRAY_COLORS[state];
  const bitmap = Buffer.alloc(size * size * 4);
  const center = (size - 1) / 2;
  const radius = size / 2 - 1;
  for (let y = 0; y < size; y += 1) {
    for (let x = 0; x < size; x += 1) {
      const inside = (x - center) ** 2 + (y - center) ** 2 <= radius ** 2;
      const offset = (y * size + x) * 4;
      bitmap[offset] = b;
      bitmap[offset + 1] = g;
      bitmap[offset + 2] = r;
      bitmap[offset + 3] = inside ? 0xff : 0;
    }
  }
  return bitmap;
}
