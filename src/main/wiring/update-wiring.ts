import { startElectronAutoUpdate } from '../auto-update-electron';
import type { AutoUpdate } from '../auto-update';
import type { AppServices } from '../services';
import type { Logger } from '../services/logger';
import type { Translator } from '../translator';
import { trackUnsent } from '../unsent-tracker';

/**
 * Auto-update (packaged builds with a configured feed; null otherwise), told whether messages are
 * still being sent so a restart asks first, and attached to the services for the window's banner.
 */
export function wireAutoUpdate(
  services: AppServices,
  logger: Logger,
  translator: Pick<Translator, 't'>,
): AutoUpdate | null {
  const unsent = trackUnsent(services);
  const updates = startElectronAutoUpdate({
    logger,
    hasUnsentMessages: () => unsent.count() > 0,
    translator,
  });
  services.attachUpdates(updates);
  return updates;
}

/** The tray's "Restart to update" entry, while an update is downloaded and ready. */
export function trayUpdateEntry(
  updates: AutoUpdate | null,
): { update: { ready(): boolean; restart(): void } } | Record<string, never> {
  if (!updates) return {};
  return {
    update: {
      ready: () => updates.state().kind === 'ready',
      restart: () => void updates.restartToUpdate(),
    },
  };
}
