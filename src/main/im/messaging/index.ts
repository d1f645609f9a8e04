/** Messaging that loses nothing: outbox, inbox, history over the ConnectionManager. */
export {
  MessagingService,
  DEFAULT_LIST_LIMIT,
  type MessagingServiceOptions,
} from './messaging-service';
export { MessagingError, type MessagingErrorCode } from './errors';
export { userStorageDir } from './user-dir';
export { MAX_TEXT_LENGTH, channelKey } from './channel';
export { DEFAULT_DEADLINE_MS, RETRYABLE_SEND_REASONS } from './sender';
export { DEFAULT_HISTORY_LIMIT } from './history';
export { encodeText, decodePayload, TEXT_CONTENT_TYPE } from './text-payload';
export type * from './types';
