import { settingsSchema, type Settings, type SettingsPatch } from '../../shared/settings';
import { toAddressOption, toTunableOptions } from './connection-options';
import type { Logger } from './logger';
import type { ManagerLifecycle } from './manager-lifecycle';
import type { SettingsRepository } from './settings-repository';

/** Reading and changing the settings; connection changes reach the live manager at once. */
export function createSettingsService(
  repository: SettingsRepository,
  lifecycle: ManagerLifecycle,
  logger: Logger,
  publish: (settings: Settings) => void,
) {
  return {
    getSettings: (): Settings => repository.get(),

    updateSettings(patch: SettingsPatch): Settings {
      const current = repository.get();
      const next = settingsSchema.parse({
        ...current,
        ...(patch.server !== undefined ? { server: patch.server } : {}),
        ...(patch.locale !== undefined ? { locale: patch.locale } : {}),
        ...(patch.theme !== undefined ? { theme: patch.theme } : {}),
        connection: { ...current.connection, ...patch.connection },
      });
      repository.set(next);
      const { manager } = lifecycle;
      if (manager) {
        const tunables = toTunableOptions(next.connection);
        if (next.server) tunables.address = toAddressOption(next.server);
        manager.updateOptions(tunables);
      }
      logger.info('Settings updated', { fields: Object.keys(patch) });
      publish(next);
      return next;
    },
  };
}
