/** Messaging that loses nothing: SQLite store, pipelined outbox, inbox over the ConnectionManager. */
export {
  MessagingService,
  DEFAULT_LIST_LIMIT,
  type MessagingServiceOptions,
} from './messaging-service';
export { MessagingError, type MessagingErrorCode } from './errors';
export { userStorageDir } from './user-dir';
export { MAX_TEXT_LENGTH, channelKey } from './channel';
export {
  DEFAULT_DEADLINE_MS,
  DEFAULT_SEND_WINDOW,
  DEFAULT_SENDACK_TIMEOUT_MS,
  RETRYABLE_SEND_REASONS,
} from './sender';
export { DEFAULT_OUTBOX_LIMIT } from './outbox-store';
export { SqliteSyncTarget, STORE_PAGE_SIZES, type SyncedChanges } from './sync-target-store';
export { MessageStore, DATABASE_FILE, type IncomingRecord } from './message-store';
export { encodeText, decodePayload, TEXT_CONTENT_TYPE } from './text-payload';
export type * from './types';
