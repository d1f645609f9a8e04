import type { ConnectionSnapshot, DiagnosticsEntry, KickEvent } from './connection';
import type {
  ChannelRef,
  ChannelSummary,
  HistoryEntry,
  ListMessagesOptions,
  StorageIssueInfo,
} from './messages';
import type { ServerAddress, Settings, SettingsPatch, TlsMode } from './settings';
import type { RestartOutcome, UpdateState } from './updates';

/**
 * What the preload exposes as `window.wukong` (and what the browser-hosted test bridge provides).
 * Verbs only; subscriptions hand over the value and return an unsubscribe function.
 * Every call may reject with an Error whose message is meant for people.
 */
export interface SignInRequest {
  server: ServerAddress;
  uid: string;
  token: string;
}

export interface DiagnosticsReport {
  snapshot: ConnectionSnapshot;
  entries: DiagnosticsEntry[];
  appVersion: string;
  platform: string;
  /** Recent message storage problems of the signed-in account, oldest first (absent = none). */
  storageIssues?: StorageIssueInfo[];
  /** The lock state (absent from hosts that do not report it). */
  security?: SecurityState;
}

export interface SecurityState {
  /** the configured server's TLS mode */
  tls: TlsMode;
  /** the link open right now is TLS with a verified certificate and host name */
  encrypted: boolean;
  /** false: running without Chromium's sandbox; null: unknown */
  sandboxed: boolean | null;
}

export interface AccountInfo {
  uid: string | null;
  server: ServerAddress | null;
  /** true when a token is stored and usable for connect() without signing in */
  hasToken: boolean;
  /** false when the OS offers no encrypted storage; the token then lives in memory only */
  secureStorageAvailable: boolean;
}

/** Values the main process suggests for the sign-in form (a local demo server, test mode). */
export interface SignInDefaults {
  server: ServerAddress | null;
  uid: string | null;
  token: string | null;
}

export interface WukongApi {
  getSnapshot(): Promise<ConnectionSnapshot>;
  getAccount(): Promise<AccountInfo>;
  getSignInDefaults(): Promise<SignInDefaults>;
  signIn(request: SignInRequest): Promise<void>;
  connect(): Promise<void>;
  disconnect(): Promise<void>;
  retryNow(): Promise<void>;
  signOut(): Promise<void>;
  getSettings(): Promise<Settings>;
  updateSettings(patch: SettingsPatch): Promise<Settings>;
  getDiagnostics(): Promise<DiagnosticsReport>;
  /** Opens a save dialog in the app; returns the path written, or null when cancelled. */
  exportDiagnostics(): Promise<string | null>;
  /** The renderer reports the browser's online/offline events. */
  reportNetwork(online: boolean): void;
  quit(): Promise<void>;
  /** Opens an http(s) link the user clicked in the OS browser (nothing else leaves the app). */
  openExternal(url: string): Promise<void>;
  /** The app's auto-update ('off' when no feed is configured). */
  getUpdateState(): Promise<UpdateState>;
  /** Installs a downloaded update (asks first while messages are still being sent). */
  restartToUpdate(): Promise<RestartOutcome>;
  onUpdateState(listener: (state: UpdateState) => void): () => void;
  onSnapshot(listener: (snapshot: ConnectionSnapshot) => void): () => void;
  onKick(listener: (kick: KickEvent) => void): () => void;
  /** The settings changed (from any window or the main process); the new settings. */
  onSettings(listener: (settings: Settings) => void): () => void;

  // Messaging (issue 8). Sending works offline: the message is stored and goes out when connected.
  sendMessage(channel: ChannelRef, text: string): Promise<HistoryEntry>;
  /** Queues a failed own message again. */
  retryMessage(clientMsgNo: string): Promise<HistoryEntry>;
  listMessages(channel: ChannelRef, options?: ListMessagesOptions): Promise<HistoryEntry[]>;
  listChannels(): Promise<ChannelSummary[]>;
  markRead(channel: ChannelRef): Promise<void>;
  /** A history entry was added or changed (new message, state change). */
  onMessage(listener: (entry: HistoryEntry) => void): () => void;
  /** A channel's summary changed (last message, unread count). */
  onChannel(listener: (channel: ChannelSummary) => void): () => void;
  /** Recent storage problems of the signed-in account, oldest first (for a window that opens late). */
  getStorageIssues(): Promise<StorageIssueInfo[]>;
  /** A message storage file was damaged and set aside, or could not be written. */
  onStorageIssue(listener: (issue: StorageIssueInfo) => void): () => void;
}
