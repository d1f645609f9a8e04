import type { ConnectionSnapshot, DiagnosticsEntry, KickEvent } from '../../../shared/connection';
import type {
  AddressOption,
  Clock,
  ReceivedMessage,
  SendRequest,
  SendResult,
  SocketFactory,
} from '../core';

// The types below live in core (the lowest layer); re-exported so the manager's API stays whole.
export type {
  AddressOption,
  Clock,
  ReceivedMessage,
  SendRequest,
  SendResult,
  ServerEndpoint,
  SocketFactory,
} from '../core';

/** Credentials for one CONNECT; asked for before every attempt so a refreshed token is used. */
export interface ConnectInfo {
  uid: string;
  token: string;
}

export interface ConnectionManagerOptions {
  address: AddressOption;
  /** Returns uid and token for the next CONNECT. */
  connectInfo: () => Promise<ConnectInfo>;
  /** Called once (single flight) after an auth failure; returns a new token or null. */
  refreshToken?: () => Promise<string | null>;
  /** Stable per install and uid, so a reconnect never kicks our own previous session. */
  deviceId: string;
  /** default 2 (PC) */
  deviceFlag?: number;
  /** default 10 000; applies to TCP connect and to CONNACK separately */
  connectTimeoutMs?: number;
  /** default 25 000 */
  heartbeatIntervalMs?: number;
  /** default 10 000 */
  pongTimeoutMs?: number;
  /** default true */
  autoReconnect?: boolean;
  /** default null = unlimited while the network is up */
  maxReconnectAttempts?: number | null;
  /** backoff base, default 1 000 */
  reconnectIntervalMs?: number;
  /** backoff cap (README, "Performance": chosen by the storm sweep) */
  backoffCapMs?: number;
  /** share of the backoff ceiling that is random, 0..1 (1 = full jitter); chosen by the sweep */
  backoffJitter?: number;
  /** the link must stay up this long before the attempt counter resets; default 60 000 */
  stableAfterMs?: number;
  /**
   * a clean close before CONNACK sooner than this after CONNECT is a network failure, not a
   * refused token (a v2.x server refuses at its 4-6 s auth idle limit); default 2 000
   */
  authCloseMinMs?: number;
  /** address lookup (route API) timeout, default 5 000 */
  addressTimeoutMs?: number;
  /** protocol version sent in CONNECT, default 5 */
  protocolVersion?: number;
  /** Persist hook: RECVACK is sent only after it resolves; a rejection means no RECVACK. */
  onMessage?: (message: ReceivedMessage) => Promise<void> | void;
  /** Injected for tests */
  socketFactory?: SocketFactory;
  clock?: Clock;
  /** [0, 1), for the backoff jitter; seeded in tests */
  random?: () => number;
  /** fetch used by the route resolver; defaults to globalThis.fetch */
  fetch?: typeof fetch;
}

/** Options the host may change at run time; applied to the next connection. */
export type TunableOptions = Pick<
  ConnectionManagerOptions,
  | 'address'
  | 'connectTimeoutMs'
  | 'heartbeatIntervalMs'
  | 'pongTimeoutMs'
  | 'autoReconnect'
  | 'maxReconnectAttempts'
  | 'reconnectIntervalMs'
  | 'backoffCapMs'
  | 'backoffJitter'
>;

export interface ConnectionManagerEvents {
  snapshot: [ConnectionSnapshot];
  kick: [KickEvent];
  message: [ReceivedMessage];
  sendAck: [SendResult];
}

/**
 * How a full stop is reported: `logout` for sign-out, `userDisconnect` for the user's Disconnect
 * (which keeps the account and waits for Connect).
 */
export type StopReason = 'logout' | 'userDisconnect';

/** Public surface of the ConnectionManager (mirrors the iOS SDK's WKConnectionManager). */
export interface ConnectionManagerApi {
  connect(): void;
  disconnect(logout: boolean, reason?: StopReason): void;
  retryNow(): void;
  readonly isConnected: boolean;
  snapshot(): ConnectionSnapshot;
  setNetworkOnline(online: boolean): void;
  suspend(): void;
  resume(): void;
  screenUnlocked(): void;
  send(request: SendRequest): Promise<SendResult>;
  updateOptions(options: Partial<TunableOptions>): void;
  diagnostics(): DiagnosticsEntry[];
  on<E extends keyof ConnectionManagerEvents>(
    event: E,
    listener: (...args: ConnectionManagerEvents[E]) => void,
  ): this;
  off<E extends keyof ConnectionManagerEvents>(
    event: E,
    listener: (...args: ConnectionManagerEvents[E]) => void,
  ): this;
}
