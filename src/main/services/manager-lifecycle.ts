import type { ConnectionSnapshot, KickEvent } from '../../shared/connection';
import { describeServer } from '../../shared/endpoint';
import type { ServerAddress } from '../../shared/settings';
import type { ConnectionManagerApi, ConnectionManagerOptions } from '../im/manager/types';
import type { StoredAccount } from './account';
import { APP_DEVICE_FLAG, toAddressOption, toTunableOptions } from './connection-options';
import { deriveDeviceId } from './device-id';
import { NotSignedInError } from './errors';
import type { Logger } from './logger';
import type { MessagingSession, createMessagingSessions } from './messaging-sessions';
import type { BoundTokenStore } from './bound-token';
import type { SettingsRepository } from './settings-repository';

export type ManagerFactory = (options: ConnectionManagerOptions) => ConnectionManagerApi;

export interface ManagerLifecycleDeps {
  createManager: ManagerFactory;
  settings: SettingsRepository;
  tokens: BoundTokenStore;
  /** How sockets are opened for a server: TLS as configured for it, never a plain fallback. */
  socketFactoryFor: (server: ServerAddress) => ConnectionManagerOptions['socketFactory'];
  sessions: ReturnType<typeof createMessagingSessions>;
  logger: Logger;
  /** Extra manager options, e.g. a clock or socket factory in tests. */
  managerOverrides?: Partial<ConnectionManagerOptions> | undefined;
  storedAccount(): StoredAccount | null;
  onSnapshot(snapshot: ConnectionSnapshot): void;
  onKick(kick: KickEvent): void;
  /** The manager (and its account's message store) went away. */
  onAccountClosed(): void;
  /** A manager and its message session were created; the returned stop runs when they go. */
  onSessionBegun?(
    manager: ConnectionManagerApi,
    session: MessagingSession,
    server: ServerAddress,
  ): () => Promise<void>;
}

/**
 * The ConnectionManager's life: one per signed-in account (the device id depends on the uid),
 * created with that account's message store and disposed together with it. Also remembers whether
 * the user wants to be online and whether the app is shutting down, which every connect checks.
 */
export interface ManagerLifecycle {
  readonly manager: ConnectionManagerApi | null;
  readonly uid: string | null;
  readonly messaging: MessagingSession | null;
  readonly shuttingDown: boolean;
  readonly networkOnline: boolean;
  wantsOnline: boolean;
  /** Replaces any manager with a new one for this account; the old store closes meanwhile. */
  createFor(server: ServerAddress, uid: string): ConnectionManagerApi;
  /** The live manager, or one created for the stored account; NotSignedInError without one. */
  managerOrStoredAccount(): ConnectionManagerApi;
  /** Wants online, then runs `act` once the message store is open (see whenMessagingReady). */
  goOnline(target: ConnectionManagerApi, act: (m: ConnectionManagerApi) => void): Promise<void>;
  /** Disconnects and drops the manager; resolves once its message store is closed. */
  dispose(logout: boolean): Promise<void>;
  setNetworkOnline(online: boolean): void;
  /** Closes for good (disconnect(true)) and closes the store; idempotent. */
  shutdown(): Promise<void>;
}

/** Longer than 60 lines: a factory whose body is one object's private state and its short methods. */
export function createManagerLifecycle(deps: ManagerLifecycleDeps): ManagerLifecycle {
  const { logger, sessions } = deps;
  let manager: ConnectionManagerApi | null = null;
  let managerUid: string | null = null;
  let messaging: MessagingSession | null = null;
  let stopSessionExtras: (() => Promise<void>) | null = null;
  let networkOnline = true;
  let shutDown = false;
  let shutdownDone: Promise<void> | null = null;

  const onManagerSnapshot = (snapshot: ConnectionSnapshot): void => deps.onSnapshot(snapshot);
  const onManagerKick = (kick: KickEvent): void => deps.onKick(kick);

  const managerOptions = (
    server: ServerAddress,
    uid: string,
    session: () => MessagingSession | null,
  ): ConnectionManagerOptions => ({
    address: toAddressOption(server),
    socketFactory: deps.socketFactoryFor(server),
    connectInfo: async () => {
      // Only ever the token issued for the server this manager was made for.
      const token = deps.tokens.get(server);
      if (!token) throw new NotSignedInError();
      return { uid, token };
    },
    deviceId: deriveDeviceId(deps.settings.installId(), uid),
    deviceFlag: APP_DEVICE_FLAG,
    ...toTunableOptions(deps.settings.get().connection),
    ...deps.managerOverrides,
    // RECVACK only once stored; a rejection (store not open yet) makes the server send it again.
    onMessage: (message) => {
      const current = session();
      return current
        ? current.onReceived(message)
        : Promise.reject(new Error('messaging not ready'));
    },
  });

  const lifecycle: ManagerLifecycle = {
    get manager() {
      return manager;
    },
    get uid() {
      return managerUid;
    },
    get messaging() {
      return messaging;
    },
    get shuttingDown() {
      return shutDown;
    },
    get networkOnline() {
      return networkOnline;
    },
    wantsOnline: false,

    createFor(server, uid) {
      // The old store closes in the background; the sessions open the new one only after that.
      void lifecycle.dispose(true);
      let session: MessagingSession | null = null;
      const created = deps.createManager(managerOptions(server, uid, () => session));
      // Before begin(): storage problems found while opening are matched against it.
      managerUid = uid;
      session = sessions.begin(created, uid);
      messaging = session;
      stopSessionExtras = deps.onSessionBegun?.(created, session, server) ?? null;
      created.on('snapshot', onManagerSnapshot);
      created.on('kick', onManagerKick);
      if (!networkOnline) created.setNetworkOnline(false);
      manager = created;
      deps.onSnapshot(created.snapshot());
      logger.info('Connection manager created', { uid, address: describeServer(server) });
      return created;
    },

    managerOrStoredAccount() {
      if (manager) return manager;
      const account = deps.storedAccount();
      if (!account) throw new NotSignedInError();
      return lifecycle.createFor(account.server, account.uid);
    },

    async goOnline(target, act) {
      lifecycle.wantsOnline = true;
      // Once the message store is open (at once when it already is), so the first RECVs are
      // stored and acknowledged rather than refused; skipped if the manager was replaced, the
      // user went offline, or the app is quitting meanwhile.
      const session = messaging;
      if (session && !session.settled) await session.ready;
      if (manager !== target || !lifecycle.wantsOnline || shutDown) return;
      act(target);
    },

    dispose(logout) {
      const extras = stopSessionExtras?.() ?? Promise.resolve();
      stopSessionExtras = null;
      const closing = Promise.all([extras, messaging?.close()]).then(() => undefined);
      messaging = null;
      deps.onAccountClosed();
      if (!manager) return closing;
      const old = manager;
      manager = null;
      managerUid = null;
      old.disconnect(logout);
      // Detach after disconnect so its final snapshot (disconnected / logout) still reaches the UI.
      old.off('snapshot', onManagerSnapshot);
      old.off('kick', onManagerKick);
      return closing;
    },

    setNetworkOnline(online) {
      networkOnline = online;
      manager?.setNetworkOnline(online);
    },

    shutdown() {
      if (shutdownDone) return shutdownDone;
      shutDown = true;
      lifecycle.wantsOnline = false;
      logger.info('Shutting down: closing the connection');
      // Keep listening: the final snapshot is harmless, and nothing may reconnect after this.
      manager?.disconnect(true);
      const extras = stopSessionExtras?.() ?? Promise.resolve();
      stopSessionExtras = null;
      const closing = Promise.all([extras, messaging?.close()]).then(() => undefined);
      shutdownDone = closing.then(() => sessions.idle());
      return shutdownDone;
    },
  };
  return lifecycle;
}
