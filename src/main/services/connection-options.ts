import type { ConnectionSettings, ServerAddress } from '../../shared/settings';
import type { AddressOption, TunableOptions } from '../im/manager/types';
import { DeviceFlag } from '../im/protocol/packets';

/** What the app tells the server it is: a desktop (PC) client, next to phones and web pages. */
export const APP_DEVICE_FLAG = DeviceFlag.PC;

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
