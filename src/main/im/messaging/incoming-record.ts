import type { ReceivedMessage } from '../core';
import type { IncomingRecord } from './message-store';
import { decodePayload } from './text-payload';

/**
 * A message from the server (a RECV, or a message of a synced page: the same shape) as the
 * store's record: payload decoded once, the raw bytes kept, the server's seconds as epoch ms.
 */
export function incomingRecord(m: ReceivedMessage): IncomingRecord {
  const { contentType, text } = decodePayload(m.payload);
  return {
    channelId: m.channelId,
    channelType: m.channelType,
    clientMsgNo: m.clientMsgNo,
    messageId: m.messageId.toString(),
    messageSeq: m.messageSeq.toString(),
    fromUid: m.fromUid,
    contentType,
    text,
    timestamp: m.timestamp * 1000,
    payload: m.payload,
  };
}
