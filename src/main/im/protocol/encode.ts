/**
 * Packet encoder (spec §4, §8). Each packet is built into a single Buffer whose size is
 * computed first; no intermediate arrays or concatenation.
 */
import {
  checkBytes,
  checkI32,
  checkI64,
  checkSeq,
  checkU32,
  checkU64,
  checkU8,
  stringSize,
  writeI64,
  writeString,
  writeU32,
  writeU64,
} from './body-writer';
import {
  DEFAULT_MAX_PACKET_SIZE,
  PacketType,
  SettingBit,
  type ConnackPacket,
  type ConnectPacket,
  type DisconnectPacket,
  type EventPacket,
  type Packet,
  type RecvPacket,
  type RecvackPacket,
  type SendPacket,
  type SendackPacket,
  type SubPacket,
  type SubackPacket,
} from './packets';
import { checkLayoutVersion, flagsNibble, hasStreamBlock } from './layout';
import { ProtocolError } from './protocol-error';
import { MAX_REMAINING_LENGTH, remainingLengthSize, writeRemainingLength } from './varint';

export interface EncodeOptions {
  /** Refuse bodies larger than this (default 1 MiB, the server's limit); at most 268,435,455. */
  maxPacketSize?: number;
}

const PING_FRAME = 0x70;
const PONG_FRAME = 0x80;

/** Allocates header + body and writes the fixed header; returns [buffer, body offset]. */
function frame(byte0: number, bodySize: number, opts: EncodeOptions | undefined): [Buffer, number] {
  const max = Math.min(opts?.maxPacketSize ?? DEFAULT_MAX_PACKET_SIZE, MAX_REMAINING_LENGTH);
  if (bodySize > max) {
    throw new ProtocolError(
      'packetTooLarge',
      `body of ${bodySize} bytes exceeds the limit of ${max}`,
    );
  }
  const buf = Buffer.allocUnsafe(1 + remainingLengthSize(bodySize) + bodySize);
  buf[0] = byte0;
  return [buf, writeRemainingLength(buf, 1, bodySize)];
}

function done(buf: Buffer, pos: number): Buffer {
  // Internal consistency guard: a size/write mismatch is a codec bug and must never be silent.
  if (pos !== buf.length) {
    throw new ProtocolError(
      'invalidField',
      `internal: encoder wrote ${pos} of ${buf.length} bytes`,
    );
  }
  return buf;
}

function encodeConnect(p: ConnectPacket, o?: EncodeOptions): Buffer {
  const version = checkU8(p.version, 'version');
  const deviceFlag = checkU8(p.deviceFlag, 'deviceFlag');
  const ts = checkI64(p.clientTimestamp, 'clientTimestamp');
  const nDevice = stringSize(p.deviceId, 'deviceId');
  const nUid = stringSize(p.uid, 'uid');
  const nToken = stringSize(p.token, 'token');
  const nKey = stringSize(p.clientKey, 'clientKey');
  const size = 2 + 2 + nDevice + 2 + nUid + 2 + nToken + 8 + 2 + nKey;
  const [buf, start] = frame((PacketType.CONNECT << 4) | flagsNibble(p.flags), size, o);
  let pos = start;
  buf[pos++] = version;
  buf[pos++] = deviceFlag;
  pos = writeString(buf, pos, p.deviceId, nDevice);
  pos = writeString(buf, pos, p.uid, nUid);
  pos = writeString(buf, pos, p.token, nToken);
  pos = writeI64(buf, pos, ts);
  pos = writeString(buf, pos, p.clientKey, nKey);
  return done(buf, pos);
}

/**
 * CONNACK: serverVersion is written when hasServerVersion is set (defaulting to `version`);
 * nodeId is written when present. Both follow the packet, not `version`, because a server
 * decides them from the client's version and its own codec (spec §6, §8.2).
 */
function encodeConnack(p: ConnackPacket, version: number, o?: EncodeOptions): Buffer {
  const withVersion = p.hasServerVersion === true;
  const serverVersion = withVersion ? checkU8(p.serverVersion ?? version, 'serverVersion') : 0;
  const timeDiff = checkI64(p.timeDiff, 'timeDiff');
  const reason = checkU8(p.reasonCode, 'reasonCode');
  const nodeId = p.nodeId === undefined ? undefined : checkU64(p.nodeId, 'nodeId');
  const nKey = stringSize(p.serverKey, 'serverKey');
  const nSalt = stringSize(p.salt, 'salt');
  const size =
    (withVersion ? 1 : 0) + 8 + 1 + 2 + nKey + 2 + nSalt + (nodeId === undefined ? 0 : 8);
  const [buf, start] = frame((PacketType.CONNACK << 4) | (withVersion ? 1 : 0), size, o);
  let pos = start;
  if (withVersion) buf[pos++] = serverVersion;
  pos = writeI64(buf, pos, timeDiff);
  buf[pos++] = reason;
  pos = writeString(buf, pos, p.serverKey, nKey);
  pos = writeString(buf, pos, p.salt, nSalt);
  if (nodeId !== undefined) pos = writeU64(buf, pos, nodeId);
  return done(buf, pos);
}

function encodeSend(p: SendPacket, version: number, o?: EncodeOptions): Buffer {
  checkLayoutVersion(version);
  const setting = checkU8(p.setting, 'setting');
  const clientSeq = checkU32(p.clientSeq, 'clientSeq');
  const channelType = checkU8(p.channelType, 'channelType');
  const withExpire = version >= 3;
  const expire = withExpire ? checkU32(p.expire ?? 0, 'expire') : 0;
  const withStream = hasStreamBlock(version, setting);
  const streamNo = withStream ? (p.streamNo ?? '') : '';
  const withTopic = (setting & SettingBit.TOPIC) !== 0;
  const topic = withTopic ? (p.topic ?? '') : '';
  const payload = checkBytes(p.payload, 'payload');
  const nMsgNo = stringSize(p.clientMsgNo, 'clientMsgNo');
  const nStream = withStream ? stringSize(streamNo, 'streamNo') : 0;
  const nChannel = stringSize(p.channelId, 'channelId');
  const nKey = stringSize(p.msgKey, 'msgKey');
  const nTopic = withTopic ? stringSize(topic, 'topic') : 0;
  const size =
    1 +
    4 +
    2 +
    nMsgNo +
    (withStream ? 2 + nStream : 0) +
    2 +
    nChannel +
    1 +
    (withExpire ? 4 : 0) +
    2 +
    nKey +
    (withTopic ? 2 + nTopic : 0) +
    payload.length;
  const [buf, start] = frame((PacketType.SEND << 4) | flagsNibble(p.flags), size, o);
  let pos = start;
  buf[pos++] = setting;
  pos = writeU32(buf, pos, clientSeq);
  pos = writeString(buf, pos, p.clientMsgNo, nMsgNo);
  if (withStream) pos = writeString(buf, pos, streamNo, nStream);
  pos = writeString(buf, pos, p.channelId, nChannel);
  buf[pos++] = channelType;
  if (withExpire) pos = writeU32(buf, pos, expire);
  pos = writeString(buf, pos, p.msgKey, nKey);
  if (withTopic) pos = writeString(buf, pos, topic, nTopic);
  buf.set(payload, pos);
  return done(buf, pos + payload.length);
}

function encodeSendack(p: SendackPacket, version: number, o?: EncodeOptions): Buffer {
  checkLayoutVersion(version);
  const wide = version >= 6;
  const messageId = checkI64(p.messageId, 'messageId');
  const clientSeq = checkU32(p.clientSeq, 'clientSeq');
  const messageSeq = checkSeq(p.messageSeq, 'messageSeq', wide);
  const reason = checkU8(p.reasonCode, 'reasonCode');
  const withMsgNo = p.clientMsgNo !== undefined;
  const nMsgNo = withMsgNo ? stringSize(p.clientMsgNo!, 'clientMsgNo') : 0;
  const size = 8 + 4 + (wide ? 8 : 4) + 1 + (withMsgNo ? 2 + nMsgNo : 0);
  const [buf, start] = frame((PacketType.SENDACK << 4) | flagsNibble(p.flags), size, o);
  let pos = writeI64(buf, start, messageId);
  pos = writeU32(buf, pos, clientSeq);
  pos = wide ? writeU64(buf, pos, messageSeq) : writeU32(buf, pos, Number(messageSeq));
  buf[pos++] = reason;
  if (withMsgNo) pos = writeString(buf, pos, p.clientMsgNo!, nMsgNo);
  return done(buf, pos);
}

function encodeRecv(p: RecvPacket, version: number, o?: EncodeOptions): Buffer {
  checkLayoutVersion(version);
  const wide = version >= 6;
  const setting = checkU8(p.setting, 'setting');
  const channelType = checkU8(p.channelType, 'channelType');
  const withExpire = version >= 3;
  const expire = withExpire ? checkU32(p.expire ?? 0, 'expire') : 0;
  const messageId = checkI64(p.messageId, 'messageId');
  const messageSeq = checkSeq(p.messageSeq, 'messageSeq', wide);
  const timestamp = checkI32(p.timestamp, 'timestamp');
  const withTopic = (setting & SettingBit.TOPIC) !== 0;
  const topic = withTopic ? (p.topic ?? '') : '';
  const payload = checkBytes(p.payload, 'payload');
  const stream = recvStreamBlock(p, version, setting);
  const nKey = stringSize(p.msgKey, 'msgKey');
  const nFrom = stringSize(p.fromUid, 'fromUid');
  const nChannel = stringSize(p.channelId, 'channelId');
  const nMsgNo = stringSize(p.clientMsgNo, 'clientMsgNo');
  const nTopic = withTopic ? stringSize(topic, 'topic') : 0;
  const size =
    1 +
    2 +
    nKey +
    2 +
    nFrom +
    2 +
    nChannel +
    1 +
    (withExpire ? 4 : 0) +
    2 +
    nMsgNo +
    (stream?.size ?? 0) +
    8 +
    (wide ? 8 : 4) +
    4 +
    (withTopic ? 2 + nTopic : 0) +
    payload.length;
  const [buf, start] = frame((PacketType.RECV << 4) | flagsNibble(p.flags), size, o);
  let pos = start;
  buf[pos++] = setting;
  pos = writeString(buf, pos, p.msgKey, nKey);
  pos = writeString(buf, pos, p.fromUid, nFrom);
  pos = writeString(buf, pos, p.channelId, nChannel);
  buf[pos++] = channelType;
  if (withExpire) pos = writeU32(buf, pos, expire);
  pos = writeString(buf, pos, p.clientMsgNo, nMsgNo);
  if (stream) pos = stream.write(buf, pos);
  pos = writeI64(buf, pos, messageId);
  pos = wide ? writeU64(buf, pos, messageSeq) : writeU32(buf, pos, Number(messageSeq));
  buf.writeInt32BE(timestamp, pos);
  pos += 4;
  if (withTopic) pos = writeString(buf, pos, topic, nTopic);
  buf.set(payload, pos);
  return done(buf, pos + payload.length);
}

/** A RECV's stream block, checked and sized, or null when this version and setting have none. */
function recvStreamBlock(
  p: RecvPacket,
  version: number,
  setting: number,
): { size: number; write(buf: Buffer, pos: number): number } | null {
  if (!hasStreamBlock(version, setting)) return null;
  const streamNo = p.stream?.streamNo ?? '';
  const streamFlag = checkU8(p.stream?.streamFlag ?? 0, 'stream.streamFlag');
  const nStream = stringSize(streamNo, 'stream.streamNo');
  // Variant B (bit 0x02, codec >= v1.0.9) wins over variant A (legacy 0x04).
  if ((setting & SettingBit.STREAM) !== 0) {
    // B: streamFlag u8, streamNo, streamId u64
    const streamId = checkU64(p.stream?.streamId ?? 0n, 'stream.streamId');
    return {
      size: 1 + 2 + nStream + 8,
      write(buf, pos) {
        buf[pos++] = streamFlag;
        return writeU64(buf, writeString(buf, pos, streamNo, nStream), streamId);
      },
    };
  }
  // A: streamNo, streamSeq u32, streamFlag u8
  const streamSeq = checkU32(p.stream?.streamSeq ?? 0, 'stream.streamSeq');
  return {
    size: 2 + nStream + 4 + 1,
    write(buf, pos) {
      const at = writeU32(buf, writeString(buf, pos, streamNo, nStream), streamSeq);
      buf[at] = streamFlag;
      return at + 1;
    },
  };
}

function encodeRecvack(p: RecvackPacket, version: number, o?: EncodeOptions): Buffer {
  checkLayoutVersion(version);
  const wide = version >= 6;
  const messageId = checkI64(p.messageId, 'messageId');
  const messageSeq = checkSeq(p.messageSeq, 'messageSeq', wide);
  const [buf, start] = frame(
    (PacketType.RECVACK << 4) | flagsNibble(p.flags),
    8 + (wide ? 8 : 4),
    o,
  );
  const pos = writeI64(buf, start, messageId);
  return done(buf, wide ? writeU64(buf, pos, messageSeq) : writeU32(buf, pos, Number(messageSeq)));
}

function encodeDisconnect(p: DisconnectPacket, o?: EncodeOptions): Buffer {
  const reason = checkU8(p.reasonCode, 'reasonCode');
  const n = stringSize(p.reason, 'reason');
  const [buf, start] = frame(PacketType.DISCONNECT << 4, 1 + 2 + n, o);
  buf[start] = reason;
  return done(buf, writeString(buf, start + 1, p.reason, n));
}

function encodeSub(p: SubPacket, o?: EncodeOptions): Buffer {
  const setting = checkU8(p.setting, 'setting');
  const channelType = checkU8(p.channelType, 'channelType');
  const action = checkU8(p.action, 'action');
  const nSub = stringSize(p.subNo, 'subNo');
  const nChannel = stringSize(p.channelId, 'channelId');
  const nParam = stringSize(p.param, 'param');
  const size = 1 + 2 + nSub + 2 + nChannel + 1 + 1 + 2 + nParam;
  const [buf, start] = frame(PacketType.SUB << 4, size, o);
  let pos = start;
  buf[pos++] = setting;
  pos = writeString(buf, pos, p.subNo, nSub);
  pos = writeString(buf, pos, p.channelId, nChannel);
  buf[pos++] = channelType;
  buf[pos++] = action;
  return done(buf, writeString(buf, pos, p.param, nParam));
}

function encodeSuback(p: SubackPacket, o?: EncodeOptions): Buffer {
  const channelType = checkU8(p.channelType, 'channelType');
  const action = checkU8(p.action, 'action');
  const reason = checkU8(p.reasonCode, 'reasonCode');
  const nSub = stringSize(p.subNo, 'subNo');
  const nChannel = stringSize(p.channelId, 'channelId');
  const [buf, start] = frame(PacketType.SUBACK << 4, 2 + nSub + 2 + nChannel + 3, o);
  let pos = writeString(buf, start, p.subNo, nSub);
  pos = writeString(buf, pos, p.channelId, nChannel);
  buf[pos++] = channelType;
  buf[pos++] = action;
  buf[pos++] = reason;
  return done(buf, pos);
}

function encodeEvent(p: EventPacket, o?: EncodeOptions): Buffer {
  const ts = checkI64(p.timestamp, 'timestamp');
  const data = checkBytes(p.data, 'data');
  const nId = stringSize(p.id, 'id');
  const nType = stringSize(p.eventType, 'eventType');
  const [buf, start] = frame(PacketType.EVENT << 4, 2 + nId + 2 + nType + 8 + data.length, o);
  let pos = writeString(buf, start, p.id, nId);
  pos = writeString(buf, pos, p.eventType, nType);
  pos = writeI64(buf, pos, ts);
  buf.set(data, pos);
  return done(buf, pos + data.length);
}

/**
 * Encodes a complete packet (fixed header, remaining length, body) for the given protocol
 * version. `version` matters for SEND, RECV, SENDACK and RECVACK (which then require 1..6) and
 * supplies a CONNACK's default serverVersion; CONNECT carries its own `version` field.
 * Throws only ProtocolError (invalidField, stringTooLong, invalidUtf8, packetTooLarge,
 * unsupportedVersion, unknownPacketType).
 */
export function encodePacket(packet: Packet, version: number, opts?: EncodeOptions): Buffer {
  switch (packet?.type) {
    case PacketType.CONNECT:
      return encodeConnect(packet, opts);
    case PacketType.CONNACK:
      return encodeConnack(packet, version, opts);
    case PacketType.SEND:
      return encodeSend(packet, version, opts);
    case PacketType.SENDACK:
      return encodeSendack(packet, version, opts);
    case PacketType.RECV:
      return encodeRecv(packet, version, opts);
    case PacketType.RECVACK:
      return encodeRecvack(packet, version, opts);
    case PacketType.PING:
      return Buffer.from([PING_FRAME]);
    case PacketType.PONG:
      return Buffer.from([PONG_FRAME]);
    case PacketType.DISCONNECT:
      return encodeDisconnect(packet, opts);
    case PacketType.SUB:
      return encodeSub(packet, opts);
    case PacketType.SUBACK:
      return encodeSuback(packet, opts);
    case PacketType.EVENT:
      return encodeEvent(packet, opts);
    default:
      throw new ProtocolError(
        'unknownPacketType',
        `cannot encode packet type ${String((packet as { type?: unknown } | null)?.type)}`,
      );
  }
}
