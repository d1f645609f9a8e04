import type { ConnectionSnapshot, DiagnosticsEntry } from './connection';
import type { StorageIssueInfo } from './messages';
import type { EventVerbs, InvokeVerbs, SendVerbs } from './ipc-verbs';
import type { ServerAddress, TlsMode } from './settings';

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

/**
 * window.wukong, derived from the IPC contract (src/shared/ipc-verbs.ts): every verb of
 * INVOKE_CHANNELS with the contract's payload and result, the SEND_CHANNELS verbs, and `on<Event>`
 * for every EVENT_CHANNELS event. Notable ones: exportDiagnostics opens a save dialog and answers
 * the path written (null when cancelled); reportNetwork carries the browser's online/offline
 * events; sendMessage works offline (stored, sent when connected); retryMessage queues a failed own
 * message again; getStorageIssues lists recent storage problems for a window that opens late.
 */
export interface WukongApi extends InvokeVerbs, SendVerbs, EventVerbs {}
