import type { AccountInfo } from '../../shared/bridge-api';
import type { ServerAddress } from '../../shared/settings';
import type { BoundTokenStore } from './bound-token';
import type { SecretStore } from './secret-store';
import type { SettingsRepository } from './settings-repository';

/** The account the app can connect with: server and uid in the settings, its server's token in the secrets. */
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
  secrets: Pick<SecretStore, 'encryptionAvailable'>,
  tokens: BoundTokenStore,
): AccountStore {
  return {
    stored() {
      const { server, lastUid } = settings.get();
      if (!server || !lastUid || !tokens.get(server)) return null;
      return { server, uid: lastUid };
    },
    info() {
      const { server, lastUid } = settings.get();
      return {
        uid: lastUid,
        server,
        hasToken: tokens.get(server) !== null,
        secureStorageAvailable: secrets.encryptionAvailable,
      };
    },
  };
}
