/**
 * Packet decoder (spec §4, §8). Input is one complete frame as produced by FrameReader.
 * Strings are decoded eagerly; `payload` (SEND/RECV) and `data` (EVENT) are views that share
 * memory with the frame.
 */
import { BodyReader } from './body-reader';
import { checkLayoutVersion, decodeFlags, hasStreamBlock } from './layout';
import {
  PacketType,
  SettingBit,
  type ConnackPacket,
  type ConnectPacket,
  type Packet,
  type RecvPacket,
  type SendPacket,
  type SendackPacket,
  type StreamBlock,
} from './packets';
import { ProtocolError } from './protocol-error';
import { decodeRemainingLength } from './varint';

/** Packet type of a frame (high nibble of byte 0), without validating it. */
export function peekPacketType(frame: Uint8Array): number {
  if (frame.length === 0) throw new ProtocolError('truncated', 'empty frame', 0);
  return frame[0]! >> 4;
}

/** Client-to-server packets have a fixed end: bytes after it mean a codec mismatch. */
function expectEnd(r: BodyReader, what: string): void {
  if (r.remaining !== 0) {
    throw new ProtocolError(
      'trailingBytes',
      `${r.remaining} unexpected bytes after ${what}`,
      r.pos,
    );
  }
}

function decodeConnect(r: BodyReader, byte0: number): ConnectPacket {
  const p: ConnectPacket = {
    type: PacketType.CONNECT,
    flags: decodeFlags(byte0),
    version: r.u8('version'),
    deviceFlag: r.u8('deviceFlag'),
    deviceId: r.string('deviceId'),
    uid: r.string('uid'),
    token: r.string('token'),
    clientTimestamp: r.i64('clientTimestamp'),
    clientKey: r.string('clientKey'),
  };
  expectEnd(r, 'CONNECT');
  return p;
}

/** Decoded by its header bit, whatever the version (§6, item 6); trailing bytes are ignored. */
function decodeConnack(r: BodyReader, byte0: number): ConnackPacket {
  const hasServerVersion = (byte0 & 1) !== 0;
  const serverVersion = hasServerVersion ? r.u8('serverVersion') : undefined;
  const p: ConnackPacket = {
    type: PacketType.CONNACK,
    hasServerVersion,
    timeDiff: r.i64('timeDiff'),
    reasonCode: r.u8('reasonCode'),
    serverKey: r.string('serverKey'),
    salt: r.string('salt'),
  };
  if (serverVersion !== undefined) p.serverVersion = serverVersion;
  if (r.remaining >= 8) p.nodeId = r.u64('nodeId');
  return p;
}

function decodeSend(r: BodyReader, byte0: number, version: number): SendPacket {
  checkLayoutVersion(version);
  const setting = r.u8('setting');
  const clientSeq = r.u32('clientSeq');
  const clientMsgNo = r.string('clientMsgNo');
  const streamNo = hasStreamBlock(version, setting) ? r.string('streamNo') : undefined;
  const channelId = r.string('channelId');
  const channelType = r.u8('channelType');
  const expire = version >= 3 ? r.u32('expire') : 0;
  const msgKey = r.string('msgKey');
  const topic = (setting & SettingBit.TOPIC) !== 0 ? r.string('topic') : undefined;
  const p: SendPacket = {
    type: PacketType.SEND,
    flags: decodeFlags(byte0),
    setting,
    clientSeq,
    clientMsgNo,
    channelId,
    channelType,
    expire,
    msgKey,
    payload: r.rest(),
  };
  if (streamNo !== undefined) p.streamNo = streamNo;
  if (topic !== undefined) p.topic = topic;
  return p;
}

/** The v3 beta may append clientMsgNo; anything after reasonCode is optional (§8.4). */
function decodeSendack(r: BodyReader, byte0: number, version: number): SendackPacket {
  checkLayoutVersion(version);
  const p: SendackPacket = {
    type: PacketType.SENDACK,
    flags: decodeFlags(byte0),
    messageId: r.i64('messageId'),
    clientSeq: r.u32('clientSeq'),
    messageSeq: r.seq('messageSeq', version >= 6),
    reasonCode: r.u8('reasonCode'),
  };
  if (r.remaining >= 2) {
    const at = r.pos;
    try {
      p.clientMsgNo = r.string('clientMsgNo');
    } catch (err) {
      // Unknown trailing bytes, not a clientMsgNo: tolerated by design.
      if (!(err instanceof ProtocolError)) throw err;
      r.pos = at;
    }
  }
  return p;
}

function decodeStream(r: BodyReader, setting: number): StreamBlock {
  if ((setting & SettingBit.STREAM) !== 0) {
    // Variant B (codec >= v1.0.9): streamFlag, streamNo, streamId.
    const streamFlag = r.u8('stream.streamFlag');
    const streamNo = r.string('stream.streamNo');
    return { streamNo, streamFlag, streamId: r.u64('stream.streamId') };
  }
  // Variant A (legacy 0x04): streamNo, streamSeq, streamFlag.
  const streamNo = r.string('stream.streamNo');
  const streamSeq = r.u32('stream.streamSeq');
  return { streamNo, streamFlag: r.u8('stream.streamFlag'), streamSeq };
}

function decodeRecv(r: BodyReader, byte0: number, version: number): RecvPacket {
  checkLayoutVersion(version);
  const setting = r.u8('setting');
  const msgKey = r.string('msgKey');
  const fromUid = r.string('fromUid');
  const channelId = r.string('channelId');
  const channelType = r.u8('channelType');
  const expire = version >= 3 ? r.u32('expire') : 0;
  const clientMsgNo = r.string('clientMsgNo');
  const stream = hasStreamBlock(version, setting) ? decodeStream(r, setting) : undefined;
  const messageId = r.i64('messageId');
  const messageSeq = r.seq('messageSeq', version >= 6);
  const timestamp = r.i32('timestamp');
  const topic = (setting & SettingBit.TOPIC) !== 0 ? r.string('topic') : undefined;
  const p: RecvPacket = {
    type: PacketType.RECV,
    flags: decodeFlags(byte0),
    setting,
    msgKey,
    fromUid,
    channelId,
    channelType,
    expire,
    clientMsgNo,
    messageId,
    messageSeq,
    timestamp,
    payload: r.rest(),
  };
  if (stream !== undefined) p.stream = stream;
  if (topic !== undefined) p.topic = topic;
  return p;
}

function decodeBody(r: BodyReader, byte0: number, version: number): Packet {
  switch (byte0 >> 4) {
    case PacketType.CONNECT:
      return decodeConnect(r, byte0);
    case PacketType.CONNACK:
      return decodeConnack(r, byte0);
    case PacketType.SEND:
      return decodeSend(r, byte0, version);
    case PacketType.SENDACK:
      return decodeSendack(r, byte0, version);
    case PacketType.RECV:
      return decodeRecv(r, byte0, version);
    case PacketType.RECVACK: {
      checkLayoutVersion(version);
      const messageId = r.i64('messageId');
      const messageSeq = r.seq('messageSeq', version >= 6);
      expectEnd(r, 'RECVACK');
      return { type: PacketType.RECVACK, flags: decodeFlags(byte0), messageId, messageSeq };
    }
    case PacketType.DISCONNECT:
      return {
        type: PacketType.DISCONNECT,
        reasonCode: r.u8('reasonCode'),
        reason: r.string('reason'),
      };
    case PacketType.SUB: {
      const p = {
        type: PacketType.SUB,
        setting: r.u8('setting'),
        subNo: r.string('subNo'),
        channelId: r.string('channelId'),
        channelType: r.u8('channelType'),
        action: r.u8('action'),
        param: r.string('param'),
      };
      expectEnd(r, 'SUB');
      return p;
    }
    case PacketType.SUBACK:
      return {
        type: PacketType.SUBACK,
        subNo: r.string('subNo'),
        channelId: r.string('channelId'),
        channelType: r.u8('channelType'),
        action: r.u8('action'),
        reasonCode: r.u8('reasonCode'),
      };
    case PacketType.EVENT:
      return {
        type: PacketType.EVENT,
        id: r.string('id'),
        eventType: r.string('eventType'),
        timestamp: r.i64('timestamp'),
        data: r.rest(),
      };
    default:
      throw new ProtocolError('unknownPacketType', `packet type ${byte0 >> 4}`, 0);
  }
}

/**
 * Decodes one complete frame (fixed header + remaining length + body, nothing more).
 * `version` is the effective protocol version of the connection; it selects the layout of
 * SEND, RECV, SENDACK and RECVACK (1..6) and is ignored for the other types (CONNACK is read
 * by its header bit). Throws only ProtocolError.
 */
export function decodePacket(frame: Uint8Array, version: number): Packet {
  const buf = Buffer.isBuffer(frame)
    ? frame
    : Buffer.from(frame.buffer, frame.byteOffset, frame.byteLength);
  if (buf.length === 0) throw new ProtocolError('truncated', 'empty frame', 0);
  const byte0 = buf[0]!;
  const type = byte0 >> 4;
  if (type === PacketType.PING || type === PacketType.PONG) {
    if (buf.length !== 1) {
      throw new ProtocolError('trailingBytes', `${buf.length - 1} bytes after PING/PONG`, 1);
    }
    return { type };
  }
  if (type === 0 || type > PacketType.EVENT) {
    throw new ProtocolError('unknownPacketType', `packet type ${type}`, 0);
  }
  const len = decodeRemainingLength(buf, 1);
  if (len === null) throw new ProtocolError('truncated', 'remaining length is incomplete', 1);
  const start = 1 + len.bytes;
  const end = start + len.value;
  if (end > buf.length) {
    throw new ProtocolError(
      'truncated',
      `frame declares ${len.value} body bytes, ${buf.length - start} present`,
      buf.length,
    );
  }
  if (end < buf.length) {
    throw new ProtocolError('trailingBytes', `${buf.length - end} bytes after the packet`, end);
  }
  return decodeBody(new BodyReader(buf, start, end), byte0, version);
}
