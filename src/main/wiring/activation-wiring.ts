import type { MessageNotifier } from '../message-notifications';
import type { AppServices } from '../services';

/**
 * What the window being shown or focused means: reconnect if the user wants to be online and the
 * link is down, and the user has now seen the messages the notifications were about.
 */
export function onWindowActive(
  services: Pick<AppServices, 'appBecameActive'>,
  notifier: () => MessageNotifier | null,
): () => void {
  return () => {
    services.appBecameActive();
    notifier()?.windowActive();
  };
}
