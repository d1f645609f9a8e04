/**
 * The lowest layer of the IM client: plain types and tiny helpers that every other module of
 * src/main/im may use (address, connection, manager, messaging). It imports nothing from them.
 */
export type { AddressOption, ServerEndpoint, SocketFactory } from './endpoint';
export { systemClock, type Clock } from './clock';
export type { ReceivedMessage, SendRequest, SendResult } from './messages';
export { NotConnectedError } from './not-connected-error';
export { newClientMsgNo } from './client-msg-no';
export type {
  SeqRange,
  SyncTarget,
  SyncedConversation,
  SyncedMessage,
  SyncedPage,
} from './sync-target';
