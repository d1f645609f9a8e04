import { INVOKE_CHANNELS, InvalidPayloadError } from '../../shared/ipc-contract';
import { settingsSchema, type Settings, type SettingsPatch } from '../../shared/settings';
import { serverIdentity, type BoundTokenStore } from './bound-token';
import { toAddressOption, toTunableOptions } from './connection-options';
import type { Logger } from './logger';
import type { ManagerLifecycle } from './manager-lifecycle';
import type { SettingsRepository } from './settings-repository';

/** Reading and changing the settings; connection changes reach the live manager at once. */
export function createSettingsService(
  repository: SettingsRepository,
  lifecycle: ManagerLifecycle,
  tokens: BoundTokenStore,
  logger: Logger,
  publish: (settings: Settings) => void,
) {
  return {
    getSettings: (): Settings => repository.get(),

    updateSettings(patch: SettingsPatch): Settings {
      const current = repository.get();
      const parsed = settingsSchema.safeParse({
        ...current,
        ...(patch.server !== undefined ? { server: patch.server } : {}),
        ...(patch.locale !== undefined ? { locale: patch.locale } : {}),
        ...(patch.theme !== undefined ? { theme: patch.theme } : {}),
        ...(patch.apiBaseUrl !== undefined ? { apiBaseUrl: patch.apiBaseUrl } : {}),
        connection: { ...current.connection, ...patch.connection },
      });
      // The same clean error as a payload that fails its schema (never a raw ZodError).
      if (!parsed.success) {
        throw new InvalidPayloadError(INVOKE_CHANNELS.updateSettings, parsed.error.issues);
      }
      const next = parsed.data;
      const serverChanged =
        (current.server && serverIdentity(current.server)) !==
        (next.server && serverIdentity(next.server));
      repository.set(next);
      const { manager } = lifecycle;
      if (serverChanged && tokens.any() !== null) {
        // The token belongs to the server it was issued for: never send it to another one.
        logger.info('Server changed: the token is dropped, sign in again');
        lifecycle.wantsOnline = false;
        tokens.delete();
        void lifecycle.dispose(true);
      } else if (manager) {
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
