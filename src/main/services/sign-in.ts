import type { SignInRequest } from '../../shared/bridge-api';
import { describeServer } from '../../shared/endpoint';
import type { Redactor } from '../../shared/redact';
import type { Settings } from '../../shared/settings';
import type { AccountStore } from './account';
import type { Logger } from './logger';
import type { ManagerLifecycle } from './manager-lifecycle';
import type { BoundTokenStore } from './bound-token';
import type { SettingsRepository } from './settings-repository';

export interface SignInDeps {
  lifecycle: ManagerLifecycle;
  account: AccountStore;
  settings: SettingsRepository;
  tokens: BoundTokenStore;
  redactor: Redactor;
  logger: Logger;
  publishSettings(settings: Settings): void;
}

/** Starting with the stored account, signing in (storing server, uid and token) and out. */
export function createSignIn(deps: SignInDeps) {
  const { lifecycle, logger } = deps;
  return {
    /** Connects with the stored account, if any, once its message store is open; never rejects. */
    async start(): Promise<void> {
      const account = deps.account.stored();
      if (!account) return;
      logger.info('Stored account found, connecting', { uid: account.uid });
      const target = lifecycle.createFor(account.server, account.uid);
      await lifecycle.goOnline(target, (m) => m.connect());
    },

    /** Resolves once the account's message store is open and connecting has started. */
    async signIn(request: SignInRequest): Promise<void> {
      if (lifecycle.shuttingDown) throw new Error('The app is shutting down');
      deps.redactor.addSecret(request.token);
      const uid = request.uid.trim();
      deps.tokens.set(request.server, request.token);
      const stored = { ...deps.settings.get(), server: request.server, lastUid: uid };
      deps.settings.set(stored);
      deps.publishSettings(stored);
      logger.info('Signing in', { uid, address: describeServer(request.server) });
      const target = lifecycle.createFor(request.server, uid);
      await lifecycle.goOnline(target, (m) => m.connect());
    },

    /** Resolves once the message store is closed (its outbox stays for the next sign-in). */
    async signOut(): Promise<void> {
      logger.info('Signing out', { uid: lifecycle.uid ?? deps.settings.get().lastUid });
      lifecycle.wantsOnline = false;
      deps.tokens.delete();
      await lifecycle.dispose(true);
    },
  };
}
