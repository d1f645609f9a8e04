/**
 * The server's half of payload protection (tests, benchmarks and the in-memory test transport
 * play the server): seal a RECV, open a SEND. The app itself only seals SENDs and opens RECVs.
 */
import { PacketType, type RecvPacket, type SendPacket } from '../../protocol/packets';
import { verifiedPayload } from '../seal';
import type { PayloadCipher } from '../session-cipher';

/** A RECV without type/msgKey, whose `payload` is the plaintext; expire defaults to 0. */
export type RecvDraft = Omit<RecvPacket, 'type' | 'msgKey' | 'payload' | 'expire'> & {
  expire?: number;
  /** plaintext */
  payload: Uint8Array;
};

/**
 * Server side: verify a SEND's msgKey and return the plaintext payload. Throws ProtocolError
 * 'msgKeyMismatch' or 'decryptFailed' (a released server answers both with SENDACK 9).
 * In plaintext mode the payload is returned as is, without any check.
 */
export function openSend(cipher: PayloadCipher, packet: SendPacket): Buffer {
  if (!cipher.encrypted) return cipher.decrypt(packet.payload);
  const expected = cipher.sendMsgKey({
    clientSeq: packet.clientSeq,
    clientMsgNo: packet.clientMsgNo,
    channelId: packet.channelId,
    channelType: packet.channelType,
    payloadOnWire: packet.payload,
  });
  return verifiedPayload(cipher, expected, packet, `SEND clientSeq ${packet.clientSeq}`);
}

export function sealRecv(cipher: PayloadCipher, draft: RecvDraft): RecvPacket {
  const payload = cipher.encrypt(draft.payload);
  const msgKey = cipher.recvMsgKey({
    messageId: draft.messageId,
    messageSeq: draft.messageSeq,
    clientMsgNo: draft.clientMsgNo,
    timestamp: draft.timestamp,
    fromUid: draft.fromUid,
    channelId: draft.channelId,
    channelType: draft.channelType,
    payloadOnWire: payload,
  });
  return { ...draft, type: PacketType.RECV, expire: draft.expire ?? 0, msgKey, payload };
}
