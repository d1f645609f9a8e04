import { needsSignIn, type ConnectionSnapshot } from '../shared/connection';
import type { MainTextKey, Translator } from './translator';

export type TrayState = 'connected' | 'connecting' | 'disconnected' | 'needs-sign-in';

/** What the tray shows for a snapshot; a missing token always means the user must sign in. */
export function trayStateFor(snapshot: ConnectionSnapshot, hasToken: boolean): TrayState {
  if (!hasToken || needsSignIn(snapshot.reason)) return 'needs-sign-in';
  if (snapshot.status === 'connected') return 'connected';
  if (snapshot.status === 'connecting') return 'connecting';
  // A scheduled retry is still "on its way"; the icon should not flap between attempts.
  if (snapshot.nextRetryAt !== null) return 'connecting';
  return 'disconnected';
}

/** The tooltip of each state, as catalogue keys (src/shared/i18n). */
export const TRAY_TOOLTIP_KEYS: Record<TrayState, MainTextKey> = {
  connected: 'tray.tooltipConnected',
  connecting: 'tray.tooltipConnecting',
  disconnected: 'tray.tooltipDisconnected',
  'needs-sign-in': 'tray.tooltipNeedsSignIn',
};

/** Colours (red, green, blue) of the status dot: green, amber, grey, red. */
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

/** The tray menu for a state, in the translator's language: open, connect or disconnect, sign out, quit (and a ready update). */
export function trayMenuItems(
  state: TrayState,
  hasToken: boolean,
  translator: Pick<Translator, 't'>,
  updateReady = false,
): TrayMenuItem[] {
  const { t } = translator;
  const online = state === 'connected' || state === 'connecting';
  const update: TrayMenuItem[] = updateReady
    ? [{ id: 'restart-to-update', label: t('tray.restartToUpdate') }]
    : [];
  return [
    { id: 'open', label: t('tray.open') },
    { id: 'separator', type: 'separator' },
    online
      ? { id: 'disconnect', label: t('tray.disconnect') }
      : { id: 'connect', label: t('tray.connect'), enabled: hasToken && state !== 'needs-sign-in' },
    { id: 'sign-out', label: t('tray.signOut'), enabled: hasToken },
    { id: 'separator', type: 'separator' },
    ...update,
    { id: 'quit', label: t('tray.quit') },
  ];
}

/** Edge of the tray icon in pixels: the size every desktop's tray shows without scaling. */
export const TRAY_ICON_SIZE = 16;

/** A square BGRA bitmap with a filled dot, so the tray needs no image files. */
export function trayDotBitmap(state: TrayState, size = TRAY_ICON_SIZE): Buffer {
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
