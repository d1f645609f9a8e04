import { Notification } from 'electron';
import type { ConnectionSnapshot } from '../shared/connection';
import type { AppServices } from './services/app-services';
import type { Logger } from './services/logger';

export interface AttentionNotifierOptions {
  services: AppServices;
  /** True when the user cannot see the window (hidden, minimized or not yet created). */
  isWindowHidden: () => boolean;
  openWindow: () => void;
  logger: Logger;
}

export const NOTIFICATION_TEXT = {
  kicked: {
    title: 'Signed out on this computer',
    body: 'Your account signed in on another device. Open WuKong Desktop to sign in again.',
  },
  authFail: {
    title: 'Sign-in needed',
    body: 'The server did not accept your token. Open WuKong Desktop to sign in again.',
  },
} as const;

/**
 * Tells the user through an OS notification when the app needs them while its window is hidden:
 * kicked by another device, or token rejected. Clicking it opens the window. Visible windows show
 * this themselves, so nothing is sent then.
 */
export function watchForAttention(options: AttentionNotifierOptions): () => void {
  const { services, logger } = options;
  let lastReason = services.getSnapshot().reason;
  // Electron drops a notification's click handler if the object is garbage collected first.
  const showing = new Set<Notification>();

  const notify = (text: { title: string; body: string }): void => {
    if (!options.isWindowHidden()) return;
    if (!Notification.isSupported()) {
      logger.info('Notifications unsupported; not notifying', { title: text.title });
      return;
    }
    const notification = new Notification({ title: text.title, body: text.body });
    showing.add(notification);
    notification.on('click', () => {
      showing.delete(notification);
      options.openWindow();
    });
    notification.on('close', () => showing.delete(notification));
    notification.show();
  };

  const offKick = services.onKick(() => notify(NOTIFICATION_TEXT.kicked));
  const offSnapshot = services.onSnapshot((snapshot: ConnectionSnapshot) => {
    // Once per change into authFail, not on every snapshot that still carries it.
    if (snapshot.reason === 'authFail' && lastReason !== 'authFail')
      notify(NOTIFICATION_TEXT.authFail);
    lastReason = snapshot.reason;
  });
  return () => {
    offKick();
    offSnapshot();
  };
}
