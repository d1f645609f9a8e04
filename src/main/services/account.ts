import type { AccountInfo } from '../../shared/bridge-api';
import type { ServerAddress } from '../../shared/settings';
import { TOKEN_KEY } from './connection-options';
import type { SecretStore } from './secret-store';
import type { SettingsRepository } from './settings-repository';

/** The account the app can connect with: server and uid in the settings, token in the secrets. */
export interface StoredAccount {
  server: ServerAddress;
  uid: string;
}

export interface AccountStore {
  /** The complete stored account, or null when any part (server, uid, token) is missing. */
  stored(): StoredAccount | null;
  info(): AccountInfo;
}

export function createAccountStore(
  settings: SettingsRepository,
  secrets: SecretStore,
): AccountStore {
  return {
    stored() {
      const { server, lastUid } = settings.get();
      if (!server || !lastUid || !secrets.get(TOKEN_KEY)) return null;
      return { server, uid: lastUid };
    },
    info() {
      const { server, lastUid } = settings.get();
      return {
        uid: lastUid,
        server,
        hasToken: secrets.get(TOKEN_KEY) !== null,
        secureStorageAvailable: secrets.encryptionAvailable,
      };
    },
  };
}
