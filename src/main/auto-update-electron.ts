import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { app, dialog } from 'electron';
import electronUpdater from 'electron-updater';
import { startAutoUpdate, type AutoUpdate, type UpdaterLike } from './auto-update';
import type { Logger } from './services/logger';
import type { Translator } from './translator';
import { readConfiguredFeed } from './update-feed-config';

export interface ElectronAutoUpdateOptions {
  logger: Logger;
  hasUnsentMessages: () => boolean;
  /** The restart question speaks the language setting. */
  translator: Pick<Translator, 't'>;
}

/**
 * The app's auto-update: packaged builds only, with the feed electron-builder configured
 * (resources/app-update.yml); off otherwise. Asks before restarting over unsent messages.
 */
export function startElectronAutoUpdate(options: ElectronAutoUpdateOptions): AutoUpdate | null {
  if (!app.isPackaged) return null;
  let yml: string | undefined;
  try {
    yml = readFileSync(join(process.resourcesPath, 'app-update.yml'), 'utf8');
  } catch {
    yml = undefined;
  }
  try {
    return startAutoUpdate({
      feedUrl: readConfiguredFeed(yml),
      // electron-updater is CommonJS; its autoUpdater is made on first access.
      createUpdater: () => electronUpdater.autoUpdater as unknown as UpdaterLike,
      logger: options.logger,
      hasUnsentMessages: options.hasUnsentMessages,
      confirmRestartWithUnsent: async () => {
        const { t } = options.translator;
        const { response } = await dialog.showMessageBox({
          type: 'question',
          buttons: [t('osDialog.restartNow'), t('osDialog.later')],
          defaultId: 1,
          cancelId: 1,
          message: t('osDialog.restartUnsentMessage'),
          detail: t('osDialog.restartUnsentDetail'),
        });
        return response === 0;
      },
    });
  } catch (error) {
    options.logger.error('Auto-update is off: bad update configuration', { error: String(error) });
    return null;
  }
}
