/**
 * The WuKongIM client of the main process (pure Node.js). The Electron glue imports from here.
 */
export { ConnectionManager, NotConnectedError } from './manager/connection-manager';
export { ConnectionOptionsError, DEFAULTS as CONNECTION_DEFAULTS } from './manager/options';
export { systemClock } from './core/clock';
export type * from './manager/types';
export { AddressError, parseHostPort, formatEndpoint } from './address/parse-address';
export { createAddressResolver, type AddressResolver } from './address/address-resolver';
export {
  backoffDelay,
  backoffCeiling,
  seededRandom,
  type RandomSource,
} from './connection/backoff';
export { DiagnosticsLog, DIAGNOSTICS_CAPACITY, redact } from './diagnostics/diagnostics-log';
export * from './sync/index';
