import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type {
  AccountInfo,
  DiagnosticsReport,
  SignInDefaults,
  SignInRequest,
} from '../../shared/bridge-api';
import {
  initialSnapshot,
  type ConnectionReason,
  type ConnectionSnapshot,
  type KickEvent,
} from '../../shared/connection';
import type {
  ChannelRef,
  ChannelSummary,
  HistoryEntry,
  ListMessagesOptions,
  StorageIssueInfo,
} from '../../shared/messages';
import {
  settingsSchema,
  type ConnectionSettings,
  type ServerAddress,
  type Settings,
  type SettingsPatch,
} from '../../shared/settings';
import type {
  AddressOption,
  ConnectionManagerApi,
  ConnectionManagerOptions,
  TunableOptions,
} from '../im/manager/types';
import type { MessagingService } from '../im/messaging';
import { INVOKE_CHANNELS, InvalidPayloadError } from '../../shared/ipc-contract';
import { createBoundTokenStore, serverIdentity, TOKEN_KEY } from './bound-token';
import { deriveDeviceId } from './device-id';
import { NotSignedInError } from './errors';
import { silentLogger, type Logger } from './logger';
import {
  createMessagingSessions,
  toUserFacingError,
  type MessagingOpener,
  type MessagingSession,
  type MessagingSessionsOptions,
} from './messaging-sessions';
import { createRedactor, type Redactor } from './redact';
import { securityState, socketFactoryFor } from './transport-security';
import { createUpdateHub, type UpdateHub } from './update-hub';
import type { SecretStore } from './secret-store';
import type { SettingsRepository } from './settings-repository';

export type ManagerFactory = (options: ConnectionManagerOptions) => ConnectionManagerApi;

export interface AppServicesDeps {
  createManager: ManagerFactory;
  settings: SettingsRepository;
  secrets: SecretStore;
  /** Base folder of the message stores (outbox, history), one subfolder per uid. */
  messagesDir: string;
  logger?: Logger;
  redactor?: Redactor;
  appVersion: string;
  platform: string;
  /** false when Chromium runs without its sandbox (shown in Diagnostics); null/absent = unknown */
  sandboxed?: boolean | null;
  signInDefaults?: SignInDefaults;
  /** Writes the diagnostics JSON where the user chooses; the path written, or null if cancelled. */
  saveDiagnostics?: (json: string, suggestedName: string) => Promise<string | null>;
  /** Opens a validated http(s) link in the OS browser (Electron: shell.openExternal). */
  openExternal?: (url: string) => Promise<void>;
  /** Ends the host (Electron: app.quit()); shutdown() runs first. */
  quit?: () => void;
  now?: () => number;
  /** Extra manager options, e.g. a clock or socket factory in tests. */
  managerOverrides?: Partial<ConnectionManagerOptions>;
  /** Tests: how a message store is opened (default MessagingService.open), and its options. */
  openMessaging?: MessagingOpener;
  messagingOverrides?: MessagingSessionsOptions['overrides'];
}

/** What OS hooks drive (the power/network adapter talks to this, never to the manager directly). */
export interface PowerTarget {
  suspend(): void;
  resume(): void;
  screenUnlocked(): void;
  setNetworkOnline(online: boolean): void;
}

export interface AppServices extends PowerTarget {
  /**
   * Connects with the stored account, if there is one, once its message store is open. Call once
   * after construction; never rejects.
   */
  start(): Promise<void>;
  getSnapshot(): ConnectionSnapshot;
  getAccount(): AccountInfo;
  getSignInDefaults(): SignInDefaults;
  /** Resolves once the account's message store is open and connecting has started. */
  signIn(request: SignInRequest): Promise<void>;
  /** Rejects with NotSignedInError without an account; waits for the message store to open. */
  connect(): Promise<void>;
  disconnect(): void;
  retryNow(): Promise<void>;
  /** Resolves once the message store is closed (its outbox stays for the next sign-in). */
  signOut(): Promise<void>;
  getSettings(): Settings;
  updateSettings(patch: SettingsPatch): Settings;
  getDiagnostics(): DiagnosticsReport;
  exportDiagnostics(): Promise<string | null>;
  quit(): void;
  /** The app's auto-update, attached once it runs (see update-hub.ts). */
  attachUpdates: UpdateHub['attachUpdates'];
  getUpdateState: UpdateHub['getUpdateState'];
  restartToUpdate: UpdateHub['restartToUpdate'];
  onUpdateState: UpdateHub['onUpdateState'];
  /** An http(s) link the user clicked (validated by the IPC contract), opened in the OS browser. */
  openExternal(url: string): Promise<void>;
  /** The window was shown or focused: if the user wants to be online and the link is down, connect. */
  appBecameActive(): void;
  onSnapshot(listener: (snapshot: ConnectionSnapshot) => void): () => void;
  onKick(listener: (kick: KickEvent) => void): () => void;

  // Messaging of the signed-in account (issue 8); NotSignedInError without one.
  sendMessage(channel: ChannelRef, text: string): Promise<HistoryEntry>;
  retryMessage(clientMsgNo: string): Promise<HistoryEntry>;
  listMessages(channel: ChannelRef, options?: ListMessagesOptions): Promise<HistoryEntry[]>;
  listChannels(): Promise<ChannelSummary[]>;
  markRead(channel: ChannelRef): Promise<void>;
  onMessage(listener: (entry: HistoryEntry) => void): () => void;
  onChannel(listener: (summary: ChannelSummary) => void): () => void;
  /** Recent storage problems of the signed-in account's store, oldest first (at most 20). */
  getStorageIssues(): StorageIssueInfo[];
  onStorageIssue(listener: (issue: StorageIssueInfo) => void): () => void;
  /** The settings changed (updateSettings, or a sign-in storing server and uid). */
  onSettings(listener: (settings: Settings) => void): () => void;

  /**
   * Closes the connection for good (disconnect(true)) and the message store; idempotent. Quit
   * calls it. Resolves once the store is closed (a restarted host may then open the same folder).
   */
  shutdown(): Promise<void>;
  /** The live manager, or null while signed out (test hooks and diagnostics only). */
  readonly manager: ConnectionManagerApi | null;
}

export { NotSignedInError } from './errors';

export { TOKEN_KEY };

/** How many storage problems the services remember (diagnostics, a window opened late). */
export const MAX_STORAGE_ISSUES = 20;

/** Reasons after which becoming active must not reconnect: the user has to act first. */
const NO_AUTO_CONNECT: readonly ConnectionReason[] = [
  'kickOff',
  'authFail',
  'banned',
  'logout',
  'userDisconnect',
];

export function toAddressOption(server: ServerAddress): AddressOption {
  return server.kind === 'static'
    ? { host: server.host, port: server.port }
    : { routeUrl: server.url };
}

export function toTunableOptions(connection: ConnectionSettings): Partial<TunableOptions> {
  return {
    connectTimeoutMs: connection.connectTimeoutMs,
    heartbeatIntervalMs: connection.heartbeatIntervalMs,
    autoReconnect: connection.autoReconnect,
    maxReconnectAttempts: connection.maxReconnectAttempts,
    reconnectIntervalMs: connection.reconnectIntervalMs,
  };
}

/**
 * The app's main-process logic without Electron: owns the ConnectionManager's life (one per signed
 * in account, since the device id depends on the uid), the account and settings, and fans the
 * manager's events out. Electron (src/main/index.ts) and the browser test host both sit on it.
 */
export function createAppServices(deps: AppServicesDeps): AppServices {
  const logger = deps.logger ?? silentLogger;
  const redactor = deps.redactor ?? createRedactor();
  const now = deps.now ?? Date.now;
  const snapshotListeners = new Set<(snapshot: ConnectionSnapshot) => void>();
  const kickListeners = new Set<(kick: KickEvent) => void>();
  const messageListeners = new Set<(entry: HistoryEntry) => void>();
  const channelListeners = new Set<(summary: ChannelSummary) => void>();
  const storageIssueListeners = new Set<(issue: StorageIssueInfo) => void>();
  const settingsListeners = new Set<(settings: Settings) => void>();
  // Storage problems of the current account's store, oldest first; cleared with the account.
  let storageIssues: StorageIssueInfo[] = [];

  let manager: ConnectionManagerApi | null = null;
  let managerUid: string | null = null;
  // Snapshots are renumbered here: each new manager starts its own seq at 0, and the renderer
  // keeps the snapshot with the higher seq, so it would ignore a fresh manager after sign-in.
  let seq = 0;
  let latest: ConnectionSnapshot = initialSnapshot(now());
  let networkOnline = true;
  let wantsOnline = false;
  let shutDown = false;
  let shutdownDone: Promise<void> | null = null;
  // The message store of the manager's uid; replaced together with the manager.
  let messaging: MessagingSession | null = null;

  const tokens = createBoundTokenStore(deps.secrets, () => deps.settings.get().server);
  const existingToken = tokens.any();
  if (existingToken) redactor.addSecret(existingToken);

  const publish = (snapshot: ConnectionSnapshot): void => {
    latest = { ...snapshot, seq: ++seq };
    for (const listener of snapshotListeners) safeCall(() => listener(latest));
  };

  const onManagerSnapshot = (snapshot: ConnectionSnapshot): void => publish(snapshot);
  const onManagerKick = (raw: KickEvent): void => {
    // The server's text is shown and kept: it must not carry the token (or anything redacted).
    const kick = { ...raw, reasonText: redactor.redactText(raw.reasonText) };
    logger.warn('Signed in on another device: kicked', {
      reasonCode: kick.reasonCode,
      reasonText: kick.reasonText,
    });
    for (const listener of kickListeners) safeCall(() => listener(kick));
  };

  function safeCall(fn: () => void): void {
    try {
      fn();
    } catch (error) {
      logger.error('A listener threw', redactor.redact(error));
    }
  }

  const sessions = createMessagingSessions({
    messagesDir: deps.messagesDir,
    logger,
    redactor,
    onMessage: (entry) => {
      for (const listener of messageListeners) safeCall(() => listener(entry));
    },
    onChannel: (summary) => {
      for (const listener of channelListeners) safeCall(() => listener(summary));
    },
    onStorageIssue: (uid, issue) => {
      // A store still closing for a previous account is not this account's concern.
      if (uid !== managerUid) return;
      const shown = redactor.redact(issue);
      storageIssues = [...storageIssues, shown].slice(-MAX_STORAGE_ISSUES);
      for (const listener of storageIssueListeners) safeCall(() => listener(shown));
    },
    ...(deps.openMessaging ? { open: deps.openMessaging } : {}),
    ...(deps.messagingOverrides ? { overrides: deps.messagingOverrides } : {}),
  });

  const publishSettings = (settings: Settings): void => {
    for (const listener of settingsListeners) safeCall(() => listener(settings));
  };

  /** Disconnects and drops the manager; resolves once its message store is closed. */
  const disposeManager = (logout: boolean): Promise<void> => {
    const closing = messaging?.close() ?? Promise.resolve();
    messaging = null;
    storageIssues = [];
    if (!manager) return closing;
    const old = manager;
    manager = null;
    managerUid = null;
    old.disconnect(logout);
    // Detach after disconnect so its final snapshot (disconnected / logout) still reaches the UI.
    old.off('snapshot', onManagerSnapshot);
    old.off('kick', onManagerKick);
    return closing;
  };

  /**
   * Runs `act` on `target` once its message store is open (at once when it already is), so the
   * first RECVs are stored and acknowledged rather than refused; skipped if the manager was
   * replaced, the user went offline, or the app is quitting meanwhile.
   */
  const whenMessagingReady = async (
    target: ConnectionManagerApi,
    act: (m: ConnectionManagerApi) => void,
  ): Promise<void> => {
    const session = messaging;
    if (session && !session.settled) await session.ready;
    if (manager !== target || !wantsOnline || shutDown) return;
    act(target);
  };

  const requireMessaging = async (): Promise<MessagingService> => {
    if (shutDown) throw new Error('The app is shutting down');
    requireManager();
    if (!messaging) throw new NotSignedInError();
    return messaging.service();
  };

  /** Runs a messaging call with its errors turned into sentences for people. */
  const withMessaging = async <T>(run: (service: MessagingService) => T | Promise<T>) => {
    try {
      return await run(await requireMessaging());
    } catch (error) {
      throw toUserFacingError(error);
    }
  };

  const createManagerFor = (server: ServerAddress, uid: string): ConnectionManagerApi => {
    // The old store closes in the background; the sessions open the new one only after that.
    void disposeManager(true);
    let session: MessagingSession | null = null;
    const settings = deps.settings.get();
    const options: ConnectionManagerOptions = {
      address: toAddressOption(server),
      // TLS as configured for this server; never a fallback to plain TCP.
      socketFactory: socketFactoryFor(server),
      connectInfo: async () => {
        // Only ever the token issued for the server this manager was made for.
        const token = tokens.get(server);
        if (!token) throw new NotSignedInError();
        return { uid, token };
      },
      deviceId: deriveDeviceId(deps.settings.installId(), uid),
      deviceFlag: 2,
      ...toTunableOptions(settings.connection),
      ...deps.managerOverrides,
      // RECVACK only once stored; a rejection (store not open yet) makes the server send it again.
      onMessage: (message) =>
        session ? session.onReceived(message) : Promise.reject(new Error('messaging not ready')),
    };
    const created = deps.createManager(options);
    // Before begin(): storage problems found while opening are matched against it.
    managerUid = uid;
    session = sessions.begin(created, uid);
    messaging = session;
    created.on('snapshot', onManagerSnapshot);
    created.on('kick', onManagerKick);
    if (!networkOnline) created.setNetworkOnline(false);
    manager = created;
    publish(created.snapshot());
    logger.info('Connection manager created', { uid, address: describe(server) });
    return created;
  };

  const requireManager = (): ConnectionManagerApi => {
    if (manager) return manager;
    const settings = deps.settings.get();
    const token = tokens.get(settings.server);
    if (!settings.server || !settings.lastUid || !token) throw new NotSignedInError();
    return createManagerFor(settings.server, settings.lastUid);
  };

  const updates = createUpdateHub();

  const services: AppServices = {
    attachUpdates: updates.attachUpdates,
    getUpdateState: updates.getUpdateState,
    restartToUpdate: updates.restartToUpdate,
    onUpdateState: updates.onUpdateState,

    async start() {
      const settings = deps.settings.get();
      if (settings.server && settings.lastUid && tokens.get(settings.server)) {
        logger.info('Stored account found, connecting', { uid: settings.lastUid });
        wantsOnline = true;
        const target = createManagerFor(settings.server, settings.lastUid);
        await whenMessagingReady(target, (m) => m.connect());
      }
    },

    getSnapshot: () => latest,

    getAccount() {
      const settings = deps.settings.get();
      return {
        uid: settings.lastUid,
        server: settings.server,
        hasToken: tokens.get(settings.server) !== null,
        secureStorageAvailable: deps.secrets.encryptionAvailable,
      };
    },

    getSignInDefaults() {
      const defaults = deps.signInDefaults ?? { server: null, uid: null, token: null };
      const settings = deps.settings.get();
      // A server the user configured wins over the demo one; the demo account only fits the demo server.
      if (
        settings.server &&
        defaults.server &&
        describe(settings.server) !== describe(defaults.server)
      ) {
        return { server: settings.server, uid: settings.lastUid, token: null };
      }
      return {
        server: defaults.server ?? settings.server,
        uid: defaults.uid ?? settings.lastUid,
        token: defaults.token,
      };
    },

    async signIn(request) {
      if (shutDown) throw new Error('The app is shutting down');
      redactor.addSecret(request.token);
      const uid = request.uid.trim();
      tokens.set(request.server, request.token);
      const stored = { ...deps.settings.get(), server: request.server, lastUid: uid };
      deps.settings.set(stored);
      publishSettings(stored);
      logger.info('Signing in', { uid, address: describe(request.server) });
      wantsOnline = true;
      const target = createManagerFor(request.server, uid);
      await whenMessagingReady(target, (m) => m.connect());
    },

    async connect() {
      const target = requireManager();
      wantsOnline = true;
      await whenMessagingReady(target, (m) => m.connect());
    },

    disconnect() {
      wantsOnline = false;
      manager?.disconnect(true, 'userDisconnect');
    },

    async retryNow() {
      const target = requireManager();
      wantsOnline = true;
      await whenMessagingReady(target, (m) => m.retryNow());
    },

    async signOut() {
      logger.info('Signing out', { uid: managerUid ?? deps.settings.get().lastUid });
      wantsOnline = false;
      tokens.delete();
      await disposeManager(true);
    },

    getSettings: () => deps.settings.get(),

    updateSettings(patch) {
      const current = deps.settings.get();
      const parsed = settingsSchema.safeParse({
        ...current,
        ...(patch.server !== undefined ? { server: patch.server } : {}),
        ...(patch.locale !== undefined ? { locale: patch.locale } : {}),
        ...(patch.theme !== undefined ? { theme: patch.theme } : {}),
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
      deps.settings.set(next);
      if (serverChanged && tokens.any() !== null) {
        // The token belongs to the server it was issued for: never send it to another one.
        logger.info('Server changed: the token is dropped, sign in again');
        wantsOnline = false;
        tokens.delete();
        void disposeManager(true);
      } else if (manager) {
        const tunables = toTunableOptions(next.connection);
        if (next.server) tunables.address = toAddressOption(next.server);
        manager.updateOptions(tunables);
      }
      logger.info('Settings updated', { fields: Object.keys(patch) });
      publishSettings(next);
      return next;
    },

    getDiagnostics() {
      return redactor.redact({
        snapshot: latest,
        entries: manager?.diagnostics() ?? [],
        appVersion: deps.appVersion,
        platform: deps.platform,
        storageIssues,
        security: securityState(deps.settings.get().server, latest, deps.sandboxed ?? null),
      });
    },

    async exportDiagnostics() {
      const json = `${JSON.stringify(services.getDiagnostics(), null, 2)}\n`;
      const name = `wukong-diagnostics-${new Date(now()).toISOString().replace(/[:.]/g, '-')}.json`;
      if (deps.saveDiagnostics) return deps.saveDiagnostics(json, name);
      const path = join(tmpdir(), name);
      await writeFile(path, json, { mode: 0o600 });
      return path;
    },

    async openExternal(url) {
      if (!deps.openExternal) throw new Error('Opening links is not available here');
      logger.info('Opening a link the user clicked', { origin: new URL(url).origin });
      await deps.openExternal(url);
    },

    quit() {
      // The outbox is durable at every step, so quitting need not wait for the store to close.
      void services.shutdown();
      deps.quit?.();
    },

    appBecameActive() {
      if (!wantsOnline || !manager || shutDown) return;
      // Still opening the message store: the sign-in (or start) connects as soon as it is open.
      if (messaging && !messaging.settled) return;
      const snapshot = manager.snapshot();
      if (snapshot.status === 'connected' || snapshot.status === 'connecting') return;
      if (NO_AUTO_CONNECT.includes(snapshot.reason)) return;
      logger.info('App became active while offline: connecting now');
      if (snapshot.nextRetryAt !== null) manager.retryNow();
      else manager.connect();
    },

    suspend: () => manager?.suspend(),
    resume: () => manager?.resume(),
    screenUnlocked: () => manager?.screenUnlocked(),

    setNetworkOnline(online) {
      if (online === networkOnline) return;
      networkOnline = online;
      logger.info(online ? 'Network online' : 'Network offline');
      if (manager) manager.setNetworkOnline(online);
      else publish({ ...latest, networkOnline: online, at: now() });
    },

    onSnapshot(listener) {
      snapshotListeners.add(listener);
      return () => void snapshotListeners.delete(listener);
    },

    onKick(listener) {
      kickListeners.add(listener);
      return () => void kickListeners.delete(listener);
    },

    sendMessage: (channel, text) => withMessaging((m) => m.send(channel, text)),
    retryMessage: (clientMsgNo) => withMessaging((m) => m.retry(clientMsgNo)),
    listMessages: (channel, options = {}) =>
      withMessaging((m) => m.list(channel, options.limit, options.beforeOrder)),
    listChannels: () => withMessaging((m) => m.channels()),
    markRead: (channel) => withMessaging((m) => m.markRead(channel)),

    onMessage(listener) {
      messageListeners.add(listener);
      return () => void messageListeners.delete(listener);
    },

    onChannel(listener) {
      channelListeners.add(listener);
      return () => void channelListeners.delete(listener);
    },

    getStorageIssues: () => [...storageIssues],

    onStorageIssue(listener) {
      storageIssueListeners.add(listener);
      return () => void storageIssueListeners.delete(listener);
    },

    onSettings(listener) {
      settingsListeners.add(listener);
      return () => void settingsListeners.delete(listener);
    },

    shutdown() {
      if (shutdownDone) return shutdownDone;
      shutDown = true;
      wantsOnline = false;
      logger.info('Shutting down: closing the connection');
      // Keep listening: the final snapshot is harmless, and nothing may reconnect after this.
      manager?.disconnect(true);
      const closing = messaging?.close() ?? Promise.resolve();
      shutdownDone = closing.then(() => sessions.idle());
      return shutdownDone;
    },

    get manager() {
      return manager;
    },
  };
  return services;
}

function describe(server: ServerAddress): string {
  return server.kind === 'static' ? `${server.host}:${server.port}` : server.url;
}
