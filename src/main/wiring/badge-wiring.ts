import { app } from 'electron';
import type { AppServices } from '../services';
import type { Logger } from '../services/logger';
import type { AppTray } from '../tray';
import { trackUnread, type UnreadBadge } from '../unread-badge';

/** The unread total on the dock / launcher badge and in the tray tooltip. */
export function wireUnreadBadge(
  services: AppServices,
  tray: () => AppTray | null,
  logger: Logger,
): UnreadBadge {
  return trackUnread({
    services,
    onTotal: (total) => {
      // macOS dock and Linux (Unity launcher) badges; elsewhere a no-op returning false.
      app.setBadgeCount(total);
      tray()?.setUnreadCount(total);
    },
    logger,
  });
}
