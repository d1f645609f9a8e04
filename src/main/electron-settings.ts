import { copyFileSync, existsSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import Store from 'electron-store';
import type { Logger } from './services/logger';
import {
  createInMemorySettingsRepository,
  createSettingsRepository,
  type SettingsRepository,
} from './services/settings-repository';

export const SETTINGS_FILE_NAME = 'settings';

export interface ElectronSettingsOptions {
  /** Folder of settings.json; electron-store's default is app.getPath('userData'). */
  cwd: string;
  logger: Logger;
  now?: () => number;
}

/**
 * Settings in electron-store (`<userData>/settings.json`). electron-store refuses to open a file
 * that is not JSON; then the file is moved aside to `settings.json.corrupt-<time>` and the app
 * starts from defaults. If even that fails, settings live in memory for this run: the app
 * never fails to start because of its settings file.
 */
export function createElectronSettingsRepository(
  options: ElectronSettingsOptions,
): SettingsRepository {
  const { cwd, logger } = options;
  const now = options.now ?? Date.now;
  const filePath = join(cwd, `${SETTINGS_FILE_NAME}.json`);
  const open = (): Store<Record<string, unknown>> =>
    new Store<Record<string, unknown>>({
      name: SETTINGS_FILE_NAME,
      cwd,
      clearInvalidConfig: false,
    });

  let store: Store<Record<string, unknown>>;
  let unreadableBackupPath: string | null | undefined;
  try {
    store = open();
  } catch (error) {
    try {
      unreadableBackupPath = existsSync(filePath) ? `${filePath}.corrupt-${now()}` : null;
      if (unreadableBackupPath) renameSync(filePath, unreadableBackupPath);
      logger.warn('Settings file was unreadable; moved aside, using defaults', {
        backupPath: unreadableBackupPath,
        error: String(error),
      });
      store = open();
    } catch (retryError) {
      logger.error('Settings cannot be stored; using defaults for this session', {
        error: String(retryError),
      });
      return createInMemorySettingsRepository({}, { logger, now });
    }
  }

  return createSettingsRepository(
    {
      get: (key) => store.get(key),
      set: (key, value) => store.set(key, value),
      backup(suffix) {
        if (!existsSync(store.path)) return null;
        const target = `${store.path}.${suffix}`;
        copyFileSync(store.path, target);
        return target;
      },
    },
    {
      logger,
      now,
      ...(unreadableBackupPath !== undefined ? { unreadableBackupPath } : {}),
    },
  );
}
