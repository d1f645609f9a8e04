/** Offline sync of conversations and messages (see README.md). */
export {
  SyncEngine,
  SYNC_DEFAULTS,
  type SyncEngineOptions,
  type SyncEngineEvents,
} from './sync-engine';
export {
  WuKongIMSyncProvider,
  DEFAULT_SYNC_TIMEOUT_MS,
  formatLastMsgSeqs,
  type WuKongIMSyncProviderOptions,
} from './wukongim-sync-provider';
export { apiBaseUrl, ApiBaseUrlError, DEFAULT_API_PORT } from './api-base-url';
export { SyncHttpError, type FetchLike } from './http-json';
export { SyncCancelled, type RetryPolicy } from './retry';
export type * from './types';
export { PULL_DOWN, PULL_UP } from './types';
export { attachSync, type SnapshotSource, type SyncTrigger } from './attach-sync';
