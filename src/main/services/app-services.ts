import type {
  AccountInfo,
  DiagnosticsReport,
  SignInDefaults,
  SignInRequest,
} from '../../shared/bridge-api';
import type { ConnectionSnapshot, KickEvent } from '../../shared/connection';
import type {
  ChannelRef,
  ChannelSummary,
  HistoryEntry,
  ListMessagesOptions,
  StorageIssueInfo,
} from '../../shared/messages';
import { createRedactor, type Redactor } from '../../shared/redact';
import type { SearchHit, SearchOptions } from '../../shared/search';
import type { Settings, SettingsPatch } from '../../shared/settings';
import type { ConnectionManagerApi, ConnectionManagerOptions } from '../im/manager/types';
import { createAccountStore } from './account';
import { createBoundTokenStore } from './bound-token';
import { createConnectionControl } from './connection-control';
import { createDiagnostics } from './diagnostics';
import { createListeners } from './listeners';
import { silentLogger, type Logger } from './logger';
import { createManagerLifecycle, type ManagerFactory } from './manager-lifecycle';
import { createMessagingAccess } from './messaging-access';
import {
  createMessagingSessions,
  type MessagingOpener,
  type MessagingSessionsOptions,
} from './messaging-sessions';
import type { SecretStore } from './secret-store';
import { createSettingsService } from './settings-service';
import type { SettingsRepository } from './settings-repository';
import { createSignIn } from './sign-in';
import { signInDefaultsFor } from './sign-in-defaults';
import { createSnapshotRelay } from './snapshot-relay';
import { createStorageIssueLog } from './storage-issue-log';
import { createSyncSessions, type SyncSessionsOptions } from './sync-sessions';
import type { SyncStatus } from '../../shared/sync-status';
import { socketFactoryFor } from './transport-security';
import { createUpdateHub, type UpdateHub } from './update-hub';

export type { ManagerFactory } from './manager-lifecycle';
export { NotSignedInError } from './errors';
export { toAddressOption, toTunableOptions } from './connection-options';
export { TOKEN_KEY } from './bound-token';
export { MAX_STORAGE_ISSUES } from './storage-issue-log';

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
  /** Tests: offline sync requests (fetch, timeouts, retries). */
  syncOverrides?: Pick<SyncSessionsOptions, 'fetch' | 'overrides' | 'timeoutMs'>;
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

  // Messaging of the signed-in account; NotSignedInError without one.
  sendMessage(channel: ChannelRef, text: string): Promise<HistoryEntry>;
  retryMessage(clientMsgNo: string): Promise<HistoryEntry>;
  /** Removes a queued or failed own message (not one on the wire right now). */
  deleteMessage(clientMsgNo: string): Promise<void>;
  listMessages(channel: ChannelRef, options?: ListMessagesOptions): Promise<HistoryEntry[]>;
  listChannels(): Promise<ChannelSummary[]>;
  /** Stored messages containing the query, newest first, with a snippet each. */
  searchMessages(query: string, options?: SearchOptions): Promise<SearchHit[]>;
  markRead(channel: ChannelRef): Promise<void>;
  onMessage(listener: (entry: HistoryEntry) => void): () => void;
  onChannel(listener: (summary: ChannelSummary) => void): () => void;
  /** The offline sync: 'syncing' while a sync after a (re)connect runs (status "Updating…"). */
  getSyncStatus(): SyncStatus;
  onSyncStatus(listener: (status: SyncStatus) => void): () => void;
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

/**
 * The app's main-process logic without Electron, composed of one part per concern (account,
 * sign-in, connection control, manager lifecycle, settings, messaging, diagnostics). Electron
 * (src/main/main-app.ts) and the browser test host both sit on it. Longer than 60 lines because
 * it only lists the parts and what connects them; each part is its own module.
 */
export function createAppServices(deps: AppServicesDeps): AppServices {
  const logger = deps.logger ?? silentLogger;
  const redactor = deps.redactor ?? createRedactor();
  const now = deps.now ?? Date.now;
  const events = createServiceEvents((error) =>
    logger.error('A listener threw', redactor.redact(error)),
  );
  const tokens = createBoundTokenStore(deps.secrets, () => deps.settings.get().server);
  const existingToken = tokens.any();
  if (existingToken) redactor.addSecret(existingToken);

  const relay = createSnapshotRelay(now, events.snapshot.emit);
  const storageIssues = createStorageIssueLog(events.storageIssue.emit);
  const account = createAccountStore(deps.settings, deps.secrets, tokens);
  const sessions = createMessagingSessions({
    messagesDir: deps.messagesDir,
    logger,
    redactor,
    onMessage: events.message.emit,
    onChannel: events.channel.emit,
    onStorageIssue: (uid, issue) => {
      // A store still closing for a previous account is not this account's concern.
      if (uid === lifecycle.uid) storageIssues.record(redactor.redact(issue));
    },
    ...(deps.openMessaging ? { open: deps.openMessaging } : {}),
    ...(deps.messagingOverrides ? { overrides: deps.messagingOverrides } : {}),
  });
  const sync = createSyncSessions({
    logger,
    configuredApiBaseUrl: () => deps.settings.get().apiBaseUrl,
    onState: events.syncStatus.emit,
    ...deps.syncOverrides,
  });
  const lifecycle = createManagerLifecycle({
    createManager: deps.createManager,
    settings: deps.settings,
    tokens,
    socketFactoryFor,
    sessions,
    logger,
    managerOverrides: deps.managerOverrides,
    storedAccount: account.stored,
    onSnapshot: relay.publish,
    onKick: (raw) => {
      // The server's text is shown and kept: it must not carry the token (or anything redacted).
      const kick = { ...raw, reasonText: redactor.redactText(raw.reasonText) };
      logger.warn('Signed in on another device: kicked', {
        reasonCode: kick.reasonCode,
        reasonText: kick.reasonText,
      });
      events.kick.emit(kick);
    },
    onAccountClosed: storageIssues.clear,
    onSessionBegun: sync.begin,
  });
  const updates = createUpdateHub();

  return {
    ...createSignIn({
      ...deps,
      lifecycle,
      account,
      tokens,
      redactor,
      logger,
      publishSettings: events.settings.emit,
    }),
    ...createConnectionControl(lifecycle, relay, logger, now),
    ...createSettingsService(deps.settings, lifecycle, tokens, logger, events.settings.emit),
    ...createMessagingAccess(lifecycle, sync),
    ...createDiagnostics({
      ...deps,
      lifecycle,
      relay,
      storageIssues,
      redactor,
      now,
      server: () => deps.settings.get().server,
    }),
    attachUpdates: updates.attachUpdates,
    getUpdateState: updates.getUpdateState,
    restartToUpdate: updates.restartToUpdate,
    onUpdateState: updates.onUpdateState,
    async openExternal(url) {
      if (!deps.openExternal) throw new Error('Opening links is not available here');
      logger.info('Opening a link the user clicked', { origin: new URL(url).origin });
      await deps.openExternal(url);
    },
    getSnapshot: () => relay.latest,
    getAccount: account.info,
    getSignInDefaults: () => signInDefaultsFor(deps.signInDefaults, deps.settings.get()),
    getStorageIssues: storageIssues.list,
    onSnapshot: events.snapshot.add,
    onKick: events.kick.add,
    onMessage: events.message.add,
    onChannel: events.channel.add,
    getSyncStatus: sync.state,
    onSyncStatus: events.syncStatus.add,
    onStorageIssue: events.storageIssue.add,
    onSettings: events.settings.add,
    shutdown: lifecycle.shutdown,
    quit() {
      // The outbox is durable at every step, so quitting need not wait for the store to close.
      void lifecycle.shutdown();
      deps.quit?.();
    },
    get manager() {
      return lifecycle.manager;
    },
  };
}

/** One listener set per event the services announce. */
function createServiceEvents(onError: (error: unknown) => void) {
  return {
    snapshot: createListeners<ConnectionSnapshot>(onError),
    kick: createListeners<KickEvent>(onError),
    message: createListeners<HistoryEntry>(onError),
    channel: createListeners<ChannelSummary>(onError),
    storageIssue: createListeners<StorageIssueInfo>(onError),
    settings: createListeners<Settings>(onError),
    syncStatus: createListeners<SyncStatus>(onError),
  };
}
