import type { SecurityState } from '../../shared/bridge-api';
import type { ConnectionSnapshot } from '../../shared/connection';
import type { ServerAddress } from '../../shared/settings';
import {
  createTlsSocketFactory,
  type TlsSocketFactoryOptions,
  type TransportSecurity,
} from '../im/connection/tls-socket-factory';
import type { SocketFactory } from '../im/manager/types';

/** The connection layer's view of a server's TLS setting (absent = off). */
export function transportSecurityOf(server: ServerAddress): TransportSecurity {
  const tls = server.tls;
  if (!tls || tls.mode === 'off') return { mode: 'off' };
  if (tls.mode === 'system') return { mode: 'system' };
  return { mode: 'pinned', certificate: tls.certificate ?? '' };
}

export function socketFactoryFor(
  server: ServerAddress,
  options?: TlsSocketFactoryOptions,
): SocketFactory {
  return createTlsSocketFactory(transportSecurityOf(server), options);
}

/**
 * The lock state Diagnostics shows: which TLS mode the server uses, and whether the link open
 * right now is encrypted and verified (only a verified TLS handshake ever opens one).
 */
export function securityState(
  server: ServerAddress | null,
  snapshot: ConnectionSnapshot,
  sandboxed: boolean | null,
): SecurityState {
  const tls = server ? transportSecurityOf(server).mode : 'off';
  return { tls, encrypted: tls !== 'off' && snapshot.status === 'connected', sandboxed };
}
