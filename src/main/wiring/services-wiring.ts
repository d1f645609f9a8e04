import { join } from 'node:path';
import { app, type BrowserWindow } from 'electron';
import type { SignInDefaults } from '../../shared/bridge-api';
import type { Redactor } from '../../shared/redact';
import { saveDiagnosticsToDir, saveDiagnosticsWithDialog } from '../diagnostics-export';
import { createElectronSettingsRepository } from '../electron-settings';
import type { ConnectionManagerOptions } from '../im/manager/types';
import { createSafeStorageSecretStore } from '../secure-storage';
import {
  createAppServices,
  readSignInDefaults,
  type AppServices,
  type ManagerFactory,
} from '../services';
import type { Logger } from '../services/logger';
import type { Translator } from '../translator';
import { openExternalSafely } from '../window-factory';
import { linuxSandboxCheck } from './startup-report';

export interface AppServicesWiringOptions {
  createManager: ManagerFactory;
  env: Record<string, string | undefined>;
  loggerFor: (scope: string) => Logger;
  redactor: Redactor;
  /** The words of the save dialog, in the language of the settings. */
  translator: Pick<Translator, 't'>;
  /** The window a save dialog belongs to. */
  window: () => BrowserWindow | null;
  testMode: {
    signInDefaults: SignInDefaults;
    exportDir: string | null;
    managerOverrides: Partial<ConnectionManagerOptions>;
  } | null;
}

/** The services on Electron's storage: settings file and OS-encrypted token in userData. */
export function createElectronAppServices(options: AppServicesWiringOptions): {
  services: AppServices;
  secureStorage: boolean;
} {
  const { env, loggerFor, testMode } = options;
  const userData = app.getPath('userData');
  const allowPlaintext =
    app.commandLine.hasSwitch('allow-plaintext-token') || env.WUKONG_ALLOW_PLAINTEXT_TOKEN === '1';
  const settings = createElectronSettingsRepository({
    cwd: userData,
    logger: loggerFor('Settings'),
  });
  const secrets = createSafeStorageSecretStore({
    cwd: userData,
    allowPlaintext,
    logger: loggerFor('SecretStore'),
  });
  const services = createAppServices({
    createManager: options.createManager,
    settings,
    secrets,
    // Outbox and history per uid; survives restarts like the settings next to it.
    messagesDir: join(userData, 'messages'),
    logger: loggerFor('AppServices'),
    redactor: options.redactor,
    appVersion: app.getVersion(),
    platform: `${process.platform} ${process.arch}`,
    sandboxed: linuxSandboxCheck().kind !== 'unsandboxed',
    // The demo account is for development only: packaged builds ignore WUKONG_DEMO_*.
    signInDefaults: testMode?.signInDefaults.server
      ? testMode.signInDefaults
      : readSignInDefaults(env, { packaged: app.isPackaged }),
    saveDiagnostics: (json, name) =>
      testMode?.exportDir
        ? saveDiagnosticsToDir(testMode.exportDir, json, name)
        : saveDiagnosticsWithDialog(
            options.window(),
            json,
            name,
            options.translator.t('osDialog.exportDiagnosticsTitle'),
          ),
    quit: () => app.quit(),
    openExternal: (url) => openExternalSafely(url, loggerFor('Links')),
    ...(testMode ? { managerOverrides: testMode.managerOverrides } : {}),
  });
  return { services, secureStorage: secrets.encryptionAvailable };
}
