/**
 * SEND/RECV payload protection as one step, the client's half: seal a SEND (encrypt the payload,
 * compute the msgKey), open a RECV (check the msgKey, then decrypt). The server's half (sealRecv,
 * openSend) is test support, in ./testing/server-seal.ts.
 */
import { PacketType, type RecvPacket, type SendPacket } from '../protocol/packets';
import { ProtocolError } from '../protocol/protocol-error';
import type { PayloadCipher } from './session-cipher';

/** A SEND without type/msgKey, whose `payload` is the plaintext; expire defaults to 0. */
export type SendDraft = Omit<SendPacket, 'type' | 'msgKey' | 'payload' | 'expire'> & {
  expire?: number;
  /** plaintext */
  payload: Uint8Array;
};

export function sealSend(cipher: PayloadCipher, draft: SendDraft): SendPacket {
  const payload = cipher.encrypt(draft.payload);
  const msgKey = cipher.sendMsgKey({
    clientSeq: draft.clientSeq,
    clientMsgNo: draft.clientMsgNo,
    channelId: draft.channelId,
    channelType: draft.channelType,
    payloadOnWire: payload,
  });
  // Built field by field (no spread): this sits on the send hot path.
  const packet: SendPacket = {
    type: PacketType.SEND,
    setting: draft.setting,
    clientSeq: draft.clientSeq,
    clientMsgNo: draft.clientMsgNo,
    channelId: draft.channelId,
    channelType: draft.channelType,
    expire: draft.expire ?? 0,
    msgKey,
    payload,
  };
  if (draft.flags !== undefined) packet.flags = draft.flags;
  if (draft.streamNo !== undefined) packet.streamNo = draft.streamNo;
  if (draft.topic !== undefined) packet.topic = draft.topic;
  return packet;
}

/**
 * Client side: verify a RECV's msgKey and return the plaintext payload. Throws ProtocolError
 * 'msgKeyMismatch' (the SDKs drop such a RECV without RECVACK) or 'decryptFailed'.
 * In plaintext mode the payload is returned as is.
 */
export function openRecv(cipher: PayloadCipher, packet: RecvPacket): Buffer {
  if (!cipher.encrypted) return cipher.decrypt(packet.payload);
  const expected = cipher.recvMsgKey({
    messageId: packet.messageId,
    messageSeq: packet.messageSeq,
    clientMsgNo: packet.clientMsgNo,
    timestamp: packet.timestamp,
    fromUid: packet.fromUid,
    channelId: packet.channelId,
    channelType: packet.channelType,
    payloadOnWire: packet.payload,
  });
  return verifiedPayload(cipher, expected, packet, `RECV messageId ${packet.messageId}`);
}

/** The decrypted payload, once the packet's msgKey matched the one computed for it. */
export function verifiedPayload(
  cipher: PayloadCipher,
  expectedMsgKey: string,
  packet: { msgKey: string; payload: Buffer },
  what: string,
): Buffer {
  if (expectedMsgKey !== packet.msgKey) {
    throw new ProtocolError('msgKeyMismatch', `${what} has a wrong msgKey`);
  }
  return cipher.decrypt(packet.payload);
}
