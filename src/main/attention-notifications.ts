import { Notification } from 'electron';
import type { ConnectionSnapshot } from '../shared/connection';
import type { AppServices } from './services/app-services';
import type { Logger } from './services/logger';
import type { MainTextKey, Translator } from './translator';

export interface AttentionNotifierOptions {
  services: Pick<AppServices, 'getSnapshot' | 'onKick' | 'onSnapshot'>;
  /** True when the user cannot see the window (hidden, minimized or not yet created). */
  isWindowHidden: () => boolean;
  openWindow: () => void;
  logger: Logger;
  /** The words, in the language of the settings. */
  translator: Pick<Translator, 't'>;
}

/** The alerts, as catalogue keys (src/shared/i18n). */
export const ATTENTION_TEXT = {
  kicked: { title: 'osNotification.kickedTitle', body: 'osNotification.kickedBody' },
  authFail: { title: 'osNotification.authFailTitle', body: 'osNotification.authFailBody' },
} as const satisfies Record<string, { title: MainTextKey; body: MainTextKey }>;

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

  const notify = (keys: { title: MainTextKey; body: MainTextKey }): void => {
    if (!options.isWindowHidden()) return;
    const { t } = options.translator;
    const text = { title: t(keys.title), body: t(keys.body) };
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

  const offKick = services.onKick(() => notify(ATTENTION_TEXT.kicked));
  const offSnapshot = services.onSnapshot((snapshot: ConnectionSnapshot) => {
    // Once per change into authFail, not on every snapshot that still carries it.
    if (snapshot.reason === 'authFail' && lastReason !== 'authFail')
      notify(ATTENTION_TEXT.authFail);
    lastReason = snapshot.reason;
  });
  return () => {
    offKick();
    offSnapshot();
  };
}
