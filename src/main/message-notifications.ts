import { Notification } from 'electron';
import type { HistoryEntry } from '../shared/messages';
import { messageText, notificationBody } from './message-text';
import type { AppServices } from './services/app-services';
import type { Logger } from './services/logger';
import type { Translator } from './translator';

/** At most one notification per channel in this window; later messages update it afterwards. */
export const NOTIFY_COALESCE_MS = 3_000;
/**
 * A message the offline sync stored notifies only if it was sent at most this long before it
 * arrived: older ones are the backlog of a time offline, which desktop IM apps do not replay one
 * notification at a time. A fresh one (sent just after the reconnect, fetched by the sync before
 * its RECV) still notifies.
 */
export const SYNCED_FRESH_MS = 60_000;
/** How many notified (or skipped) messages are remembered to recognise an upsert of one. */
const SEEN_LIMIT = 5_000;

export interface MessageNotifierOptions {
  services: Pick<AppServices, 'onMessage'>;
  /** True only while the user is looking at the window (visible, not minimized, focused). */
  isWindowFocused: () => boolean;
  openWindow: () => void;
  logger: Logger;
  /** The words, in the language of the settings. */
  translator: Pick<Translator, 't' | 'language'>;
  /** Masks secrets (the token) in the shown text; runs before the text is cut. */
  redact?: (text: string) => string;
  now?: () => number;
  coalesceMs?: number;
}

export interface MessageNotifier {
  /** The user looked at the window: bursts count from zero again and stale alerts go away. */
  windowActive(): void;
  dispose(): void;
}

/** One channel's alert: the notification on screen and the messages it stands for. */
interface ChannelAlert {
  notification: Notification | null;
  /** when a notification for this channel was last shown (-Infinity: never) */
  shownAt: number;
  /** messages since the user last looked, shown or waiting */
  count: number;
  latest: HistoryEntry | null;
  timer: ReturnType<typeof setTimeout> | null;
}

/**
 * OS notifications for incoming messages while the window is not focused, as desktop IM users
 * expect. Bursts are coalesced per channel (a reconnect redelivering 100 messages gives one
 * notification that ends up saying "100 new messages"), each message notifies at most once, and
 * messages sent before the app started stay silent (the offline backlog is not news), and so do
 * messages the offline sync fetched after a reconnect unless sent within SYNCED_FRESH_MS.
 * Longer than 60 lines: a factory whose body is one object's private state and its short methods.
 */
export function watchForMessages(options: MessageNotifierOptions): MessageNotifier {
  const { logger } = options;
  const now = options.now ?? Date.now;
  const coalesceMs = options.coalesceMs ?? NOTIFY_COALESCE_MS;
  const redact = options.redact ?? ((text: string) => text);
  const words = messageText(options.translator);
  const startedAt = now();
  const seen = new Set<string>();
  const alerts = new Map<string, ChannelAlert>();
  let unsupportedLogged = false;

  const remember = (key: string): boolean => {
    if (seen.has(key)) return false;
    seen.add(key);
    // Sets iterate in insertion order: drop the oldest once full.
    if (seen.size > SEEN_LIMIT) {
      const oldest = seen.values().next().value;
      if (oldest !== undefined) seen.delete(oldest);
    }
    return true;
  };

  const clearAlert = (alert: ChannelAlert): void => {
    if (alert.timer) clearTimeout(alert.timer);
    alert.timer = null;
    alert.count = 0;
    alert.latest = null;
  };

  const show = (alert: ChannelAlert): void => {
    alert.timer = null;
    const entry = alert.latest;
    if (!entry || alert.count === 0) return;
    // Focused since the message arrived: the window shows it.
    if (options.isWindowFocused()) {
      clearAlert(alert);
      return;
    }
    if (!Notification.isSupported()) {
      if (!unsupportedLogged) logger.info('Notifications unsupported; not notifying of messages');
      unsupportedLogged = true;
      return;
    }
    const notification = new Notification({
      title: redact(words.title(entry)),
      body:
        alert.count === 1 ? notificationBody(entry, words, redact) : words.newMessages(alert.count),
    });
    const previous = alert.notification;
    // Set before closing the previous one: its 'close' handler must see it was replaced.
    alert.notification = notification;
    alert.shownAt = now();
    notification.on('click', () => {
      if (alert.notification === notification) {
        alert.notification = null;
        clearAlert(alert);
      }
      options.openWindow();
    });
    notification.on('close', () => {
      // Dismissed: the next message starts a new count (still not before the coalescing window).
      if (alert.notification !== notification) return;
      alert.notification = null;
      clearAlert(alert);
    });
    previous?.close();
    notification.show();
  };

  const onMessage = (entry: HistoryEntry): void => {
    // Own messages (sent here or from another device) and state changes never notify.
    if (entry.own || entry.state !== 'received') return;
    const channel = `${entry.channelType}:${entry.channelId}`;
    const id = entry.clientMsgNo !== '' ? entry.clientMsgNo : `#${entry.messageId ?? entry.order}`;
    // Remembered even when not shown, so an upsert later (window unfocused by then) stays silent.
    if (!remember(`${channel}\n${id}`)) return;
    if (entry.timestamp < startedAt) return;
    if (entry.synced && entry.timestamp < now() - SYNCED_FRESH_MS) return;
    if (options.isWindowFocused()) return;

    let alert = alerts.get(channel);
    if (!alert) {
      alert = { notification: null, shownAt: -Infinity, count: 0, latest: null, timer: null };
      alerts.set(channel, alert);
    }
    alert.count += 1;
    alert.latest = entry;
    if (alert.timer) return;
    const wait = alert.shownAt + coalesceMs - now();
    if (wait <= 0) {
      show(alert);
      return;
    }
    const target = alert;
    target.timer = setTimeout(() => show(target), wait);
  };

  const off = options.services.onMessage((entry) => {
    try {
      onMessage(entry);
    } catch (error) {
      logger.warn('Could not show a message notification', { error: String(error) });
    }
  });

  return {
    windowActive() {
      for (const alert of alerts.values()) {
        clearAlert(alert);
        const shown = alert.notification;
        alert.notification = null;
        shown?.close();
      }
    },
    dispose() {
      off();
      for (const alert of alerts.values()) clearAlert(alert);
      alerts.clear();
    },
  };
}
