import { createConnection } from 'node:net';
import { CLIENT_PROTOCOL_VERSION, DeviceFlag } from '../protocol/packets';
import { systemClock } from '../core/clock';
import type { ConnectionManagerOptions, SocketFactory, TunableOptions } from './types';

export { newClientMsgNo } from '../core/client-msg-no';

/** Defaults, documented in src/main/im/README.md. */
export const DEFAULTS = {
  deviceFlag: DeviceFlag.PC,
  connectTimeoutMs: 10_000,
  heartbeatIntervalMs: 25_000,
  pongTimeoutMs: 10_000,
  autoReconnect: true,
  maxReconnectAttempts: null as number | null,
  // Chosen by the storm sweep (README, "Performance"): 99% back within 10 s of a server's return,
  // a flat arrival curve, and about one attempt per client per 5 s while a server stays down.
  reconnectIntervalMs: 2_000,
  backoffCapMs: 7_000,
  backoffJitter: 0.6,
  stableAfterMs: 60_000,
  addressTimeoutMs: 5_000,
  authCloseMinMs: 2_000,
  protocolVersion: CLIENT_PROTOCOL_VERSION,
} as const;

/** Real TCP. Keepalive and no-delay are set by the connection once the socket is up. */
export const defaultSocketFactory: SocketFactory = (endpoint) =>
  createConnection({ host: endpoint.host, port: endpoint.port });

export type ResolvedOptions = Required<
  Omit<ConnectionManagerOptions, 'refreshToken' | 'onMessage' | 'fetch' | 'maxReconnectAttempts'>
> &
  Pick<ConnectionManagerOptions, 'refreshToken' | 'onMessage' | 'fetch'> & {
    maxReconnectAttempts: number | null;
  };

/** Thrown synchronously by the constructor / updateOptions for unusable options. */
export class ConnectionOptionsError extends Error {
  override readonly name = 'ConnectionOptionsError';
}

function positiveMs(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new ConnectionOptionsError(
      `${name} must be a positive number of ms, got ${String(value)}`,
    );
  }
  return value;
}

function share(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > 1) {
    throw new ConnectionOptionsError(`${name} must be a number from 0 to 1, got ${String(value)}`);
  }
  return value;
}

function attempts(value: number | null | undefined): number | null {
  if (value === undefined || value === null) return null;
  if (!Number.isInteger(value) || value < 0) {
    throw new ConnectionOptionsError(
      `maxReconnectAttempts must be null or an integer >= 0, got ${String(value)}`,
    );
  }
  return value;
}

export function resolveOptions(o: ConnectionManagerOptions): ResolvedOptions {
  if (typeof o.connectInfo !== 'function')
    throw new ConnectionOptionsError('connectInfo must be a function');
  if (typeof o.deviceId !== 'string' || o.deviceId.length === 0) {
    throw new ConnectionOptionsError(
      'deviceId must be a non-empty string (persist one per install and uid)',
    );
  }
  const version = o.protocolVersion ?? DEFAULTS.protocolVersion;
  if (!Number.isInteger(version) || version < 1 || version > 6) {
    throw new ConnectionOptionsError(`protocolVersion must be 1..6, got ${String(version)}`);
  }
  return {
    address: o.address,
    connectInfo: o.connectInfo,
    refreshToken: o.refreshToken,
    deviceId: o.deviceId,
    deviceFlag: o.deviceFlag ?? DEFAULTS.deviceFlag,
    connectTimeoutMs: positiveMs('connectTimeoutMs', o.connectTimeoutMs, DEFAULTS.connectTimeoutMs),
    heartbeatIntervalMs: positiveMs(
      'heartbeatIntervalMs',
      o.heartbeatIntervalMs,
      DEFAULTS.heartbeatIntervalMs,
    ),
    pongTimeoutMs: positiveMs('pongTimeoutMs', o.pongTimeoutMs, DEFAULTS.pongTimeoutMs),
    autoReconnect: o.autoReconnect ?? DEFAULTS.autoReconnect,
    maxReconnectAttempts: attempts(o.maxReconnectAttempts),
    reconnectIntervalMs: positiveMs(
      'reconnectIntervalMs',
      o.reconnectIntervalMs,
      DEFAULTS.reconnectIntervalMs,
    ),
    backoffCapMs: positiveMs('backoffCapMs', o.backoffCapMs, DEFAULTS.backoffCapMs),
    backoffJitter: share('backoffJitter', o.backoffJitter, DEFAULTS.backoffJitter),
    stableAfterMs: positiveMs('stableAfterMs', o.stableAfterMs, DEFAULTS.stableAfterMs),
    addressTimeoutMs: positiveMs('addressTimeoutMs', o.addressTimeoutMs, DEFAULTS.addressTimeoutMs),
    authCloseMinMs: positiveMs('authCloseMinMs', o.authCloseMinMs, DEFAULTS.authCloseMinMs),
    protocolVersion: version,
    onMessage: o.onMessage,
    socketFactory: o.socketFactory ?? defaultSocketFactory,
    clock: o.clock ?? systemClock,
    random: o.random ?? Math.random,
    fetch: o.fetch,
  };
}

export function mergeTunable(
  current: ResolvedOptions,
  patch: Partial<TunableOptions>,
): ResolvedOptions {
  const defined = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
  return resolveOptions({ ...current, ...defined });
}
