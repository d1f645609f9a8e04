import { safeStorage } from 'electron';
import Store from 'electron-store';
import type { Logger } from './services/logger';
import { createEncryptedSecretStore, type SecretStore } from './services/secret-store';

export interface SecureStorageOptions {
  cwd: string;
  allowPlaintext: boolean;
  logger: Logger;
}

/**
 * Tokens encrypted with safeStorage (Keychain, DPAPI, libsecret/kwallet) in
 * `<userData>/secrets.json`, separate from settings so the settings file holds nothing secret.
 * Must be created after app 'ready' (safeStorage answers false before it).
 */
export function createSafeStorageSecretStore(options: SecureStorageOptions): SecretStore {
  let store: Store<Record<string, unknown>> | null = null;
  const openStore = (): Store<Record<string, unknown>> => {
    store ??= new Store<Record<string, unknown>>({
      name: 'secrets',
      cwd: options.cwd,
      // A damaged secrets file only costs a sign-in; never a crash.
      clearInvalidConfig: true,
    });
    return store;
  };
  return createEncryptedSecretStore({
    encryptor: safeStorage,
    allowPlaintext: options.allowPlaintext,
    logger: options.logger,
    persistence: {
      read: () => {
        const entries = openStore().get('entries');
        return isStringRecord(entries) ? entries : {};
      },
      write: (entries) => openStore().set('entries', entries),
    },
  });
}

function isStringRecord(value: unknown): value is Record<string, string> {
  return (
    typeof value === 'object' &&
    value !== null &&
    Object.values(value).every((item) => typeof item === 'string')
  );
}
