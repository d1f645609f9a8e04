import type { Redactor } from '../../shared/redact';
import { watchForAttention } from '../attention-notifications';
import { watchForMessages, type MessageNotifier } from '../message-notifications';
import type { AppServices } from '../services';
import type { Logger } from '../services/logger';
import type { Translator } from '../translator';
import type { MainWindowHost } from './main-window';

export interface NotificationWiringOptions {
  services: AppServices;
  window: MainWindowHost;
  translator: Translator;
  redactor: Redactor;
  loggerFor: (scope: string) => Logger;
}

/**
 * OS notifications: the app needs the user (kicked, token rejected) while its window is hidden,
 * and new messages while it is not focused. Wire before services.start(): the backlog it loads is
 * dated before the notifier started and stays silent.
 */
export function wireNotifications(options: NotificationWiringOptions): MessageNotifier {
  const { services, window, translator } = options;
  watchForAttention({
    services,
    isWindowHidden: () => window.isHidden(),
    openWindow: () => window.open(),
    logger: options.loggerFor('Notifications'),
    translator,
  });
  return watchForMessages({
    services,
    isWindowFocused: () => window.isFocused(),
    openWindow: () => window.open(),
    logger: options.loggerFor('MessageNotifications'),
    redact: (text) => options.redactor.redactText(text),
    translator,
  });
}
