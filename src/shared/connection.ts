/**
 * The connection model every process agrees on (ARCHITECTURE.md, Connection model). The main
 * process produces snapshots; the renderer only displays them.
 */

/** The seed's four statuses (iOS SDK connection manager). */
export const CONNECTION_STATUSES = [
  'connecting',
  'connected',
  'disconnected',
  'connectFail',
] as const;
export type ConnectionStatus = (typeof CONNECTION_STATUSES)[number];

/** Why the connection is in its status; local to this app (the raw server code travels beside it). */
export const CONNECTION_REASONS = [
  'none',
  'connectSuccess',
  'connectTimeout',
  'authFail',
  'networkError',
  'kickOff',
  'heartbeatTimeout',
  'serverClosed',
  'noNetwork',
  'suspended',
  'userDisconnect',
  'logout',
  'banned',
  'protocolError',
  'maxAttemptsReached',
  'serverError',
  'addressUnavailable',
] as const;
export type ConnectionReason = (typeof CONNECTION_REASONS)[number];

/**
 * Reasons only a new sign-in clears: the server refused this account (kicked by another device,
 * token rejected, banned). The window shows its own screen for each; the tray asks to sign in.
 */
export const SIGN_IN_REQUIRED_REASONS = [
  'kickOff',
  'authFail',
  'banned',
] as const satisfies readonly ConnectionReason[];
export type SignInRequiredReason = (typeof SIGN_IN_REQUIRED_REASONS)[number];

/**
 * The user's own stops. 'logout' is what the manager reports for every disconnect(true), including
 * the user's Disconnect, so it does not mean the account is gone (a real sign-out drops the token).
 */
export const USER_STOP_REASONS = [
  'logout',
  'userDisconnect',
] as const satisfies readonly ConnectionReason[];

/** Reasons after which the app never connects by itself (e.g. on window focus): the user acts first. */
export const NO_AUTO_CONNECT_REASONS: readonly ConnectionReason[] = [
  ...SIGN_IN_REQUIRED_REASONS,
  ...USER_STOP_REASONS,
];

export function needsSignIn(reason: ConnectionReason): reason is SignInRequiredReason {
  return (SIGN_IN_REQUIRED_REASONS as readonly ConnectionReason[]).includes(reason);
}

export function blocksAutoConnect(reason: ConnectionReason): boolean {
  return NO_AUTO_CONNECT_REASONS.includes(reason);
}

export interface ConnectionSnapshot {
  /** Increases by one with every emitted snapshot; the newer of two snapshots wins. */
  seq: number;
  status: ConnectionStatus;
  reason: ConnectionReason;
  /** Raw WuKongIM reason code (CONNACK / DISCONNECT) when the server sent one. */
  serverReasonCode: number | null;
  /** Server's reason text (DISCONNECT), shown as sent. */
  serverReasonText: string | null;
  /** Failed attempts since the link was last stable (0 while connected). */
  attempt: number;
  /** null = unlimited */
  maxAttempts: number | null;
  /** Epoch ms of the next scheduled attempt, or null when none is scheduled. */
  nextRetryAt: number | null;
  /** "host:port" in use or last used */
  address: string | null;
  protocolVersion: number | null;
  nodeId: string | null;
  /** Last PING -> PONG round trip in ms */
  lastRttMs: number | null;
  networkOnline: boolean;
  /** Epoch ms when this snapshot was made */
  at: number;
}

export interface KickEvent {
  /** Server reason code, 12 (connectKick) on every known server path. */
  reasonCode: number;
  /** Server's reason text, possibly empty. */
  reasonText: string;
  /** Epoch ms */
  at: number;
}

export interface DiagnosticsEntry {
  at: number;
  event: string;
  status: ConnectionStatus;
  reason: ConnectionReason;
  serverReasonCode?: number | null;
  attempt?: number;
  delayMs?: number;
  address?: string | null;
  rttMs?: number;
  detail?: string;
}

export function initialSnapshot(now = 0): ConnectionSnapshot {
  return {
    seq: 0,
    status: 'disconnected',
    reason: 'none',
    serverReasonCode: null,
    serverReasonText: null,
    attempt: 0,
    maxAttempts: null,
    nextRetryAt: null,
    address: null,
    protocolVersion: null,
    nodeId: null,
    lastRttMs: null,
    networkOnline: true,
    at: now,
  };
}
