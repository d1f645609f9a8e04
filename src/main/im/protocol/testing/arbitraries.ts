/**
 * Test support: fast-check arbitraries producing packets that are valid and self-consistent for
 * a given protocol version (only fields the version's layout carries; stream blocks only where
 * the version and setting call for one), so encode -> decode must give them back exactly.
 */
import fc from 'fast-check';
import { hasStreamBlock } from '../layout';
import {
  PacketType,
  SettingBit,
  type ConnackPacket,
  type HeaderFlags,
  type Packet,
  type RecvPacket,
  type SendPacket,
  type SendackPacket,
} from '../packets';

const U64_MAX = (1n << 64n) - 1n;

export const flagsArb: fc.Arbitrary<HeaderFlags> = fc.record({
  dup: fc.boolean(),
  syncOnce: fc.boolean(),
  redDot: fc.boolean(),
  noPersist: fc.boolean(),
});

/** Mostly ASCII, sometimes any Unicode (no lone surrogates), up to `max` code points. */
export const strArb = (max = 40): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 3, arbitrary: fc.string({ unit: 'grapheme-ascii', maxLength: max }) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: max }) },
  );

export const u8 = fc.integer({ min: 0, max: 255 });
export const u32 = fc.integer({ min: 0, max: 0xffff_ffff });
export const i32 = fc.integer({ min: -0x8000_0000, max: 0x7fff_ffff });
export const i64 = fc.bigInt({ min: -(1n << 63n), max: (1n << 63n) - 1n });
export const u64 = fc.bigInt({ min: 0n, max: U64_MAX });
export const bytesArb = (max = 300): fc.Arbitrary<Buffer> =>
  fc.uint8Array({ maxLength: max }).map((a) => Buffer.from(a));
const seqArb = (version: number): fc.Arbitrary<bigint> =>
  version >= 6 ? u64 : fc.bigInt({ min: 0n, max: 0xffff_ffffn });

export const connectArb = fc.record({
  type: fc.constant(PacketType.CONNECT),
  flags: flagsArb,
  version: u8,
  deviceFlag: u8,
  deviceId: strArb(),
  uid: strArb(),
  token: strArb(),
  clientTimestamp: i64,
  clientKey: strArb(50),
});

export const connackArb: fc.Arbitrary<ConnackPacket> = fc
  .record({
    hasServerVersion: fc.boolean(),
    serverVersion: u8,
    timeDiff: i64,
    reasonCode: u8,
    serverKey: strArb(50),
    salt: strArb(20),
    nodeId: fc.option(u64, { nil: undefined }),
  })
  .map(({ hasServerVersion, serverVersion, nodeId, ...rest }) => {
    const p: ConnackPacket = { type: PacketType.CONNACK, hasServerVersion, ...rest };
    if (hasServerVersion) p.serverVersion = serverVersion;
    if (nodeId !== undefined) p.nodeId = nodeId;
    return p;
  });

export const sendArb = (version: number): fc.Arbitrary<SendPacket> =>
  fc
    .record({
      flags: flagsArb,
      setting: u8,
      clientSeq: u32,
      clientMsgNo: strArb(),
      streamNo: strArb(),
      channelId: strArb(),
      channelType: u8,
      expire: u32,
      msgKey: strArb(40),
      topic: strArb(),
      payload: bytesArb(),
    })
    .map(({ streamNo, topic, expire, ...rest }) => {
      const p: SendPacket = {
        type: PacketType.SEND,
        ...rest,
        expire: version >= 3 ? expire : 0,
      };
      if (hasStreamBlock(version, rest.setting)) p.streamNo = streamNo;
      if ((rest.setting & SettingBit.TOPIC) !== 0) p.topic = topic;
      return p;
    });

export const sendackArb = (version: number): fc.Arbitrary<SendackPacket> =>
  fc
    .record({
      flags: flagsArb,
      messageId: i64,
      clientSeq: u32,
      messageSeq: seqArb(version),
      reasonCode: u8,
      clientMsgNo: fc.option(strArb(), { nil: undefined }),
    })
    .map(({ clientMsgNo, ...rest }) => {
      const p: SendackPacket = { type: PacketType.SENDACK, ...rest };
      if (clientMsgNo !== undefined) p.clientMsgNo = clientMsgNo;
      return p;
    });

export const recvArb = (version: number): fc.Arbitrary<RecvPacket> =>
  fc
    .record({
      flags: flagsArb,
      setting: u8,
      msgKey: strArb(40),
      fromUid: strArb(),
      channelId: strArb(),
      channelType: u8,
      expire: u32,
      clientMsgNo: strArb(),
      streamNo: strArb(),
      streamFlag: u8,
      streamSeq: u32,
      streamId: u64,
      messageId: i64,
      messageSeq: seqArb(version),
      timestamp: i32,
      topic: strArb(),
      payload: bytesArb(),
    })
    .map(({ streamNo, streamFlag, streamSeq, streamId, topic, expire, ...rest }) => {
      const p: RecvPacket = {
        type: PacketType.RECV,
        ...rest,
        expire: version >= 3 ? expire : 0,
      };
      if (hasStreamBlock(version, rest.setting)) {
        p.stream =
          (rest.setting & SettingBit.STREAM) !== 0
            ? { streamNo, streamFlag, streamId }
            : { streamNo, streamFlag, streamSeq };
      }
      if ((rest.setting & SettingBit.TOPIC) !== 0) p.topic = topic;
      return p;
    });

export const recvackArb = (version: number): fc.Arbitrary<Packet> =>
  fc.record({
    type: fc.constant(PacketType.RECVACK),
    flags: flagsArb,
    messageId: i64,
    messageSeq: seqArb(version),
  });

export const disconnectArb: fc.Arbitrary<Packet> = fc.record({
  type: fc.constant(PacketType.DISCONNECT),
  reasonCode: u8,
  reason: strArb(80),
});

export const subArb: fc.Arbitrary<Packet> = fc.record({
  type: fc.constant(PacketType.SUB),
  setting: u8,
  subNo: strArb(),
  channelId: strArb(),
  channelType: u8,
  action: u8,
  param: strArb(),
});

export const subackArb: fc.Arbitrary<Packet> = fc.record({
  type: fc.constant(PacketType.SUBACK),
  subNo: strArb(),
  channelId: strArb(),
  channelType: u8,
  action: u8,
  reasonCode: u8,
});

export const eventArb: fc.Arbitrary<Packet> = fc.record({
  type: fc.constant(PacketType.EVENT),
  id: strArb(),
  eventType: strArb(),
  timestamp: i64,
  data: bytesArb(),
});

export const pingPongArb: fc.Arbitrary<Packet> = fc.constantFrom<Packet>(
  { type: PacketType.PING },
  { type: PacketType.PONG },
);

/** Any packet type, valid at `version`. */
export const packetArb = (version: number): fc.Arbitrary<Packet> =>
  fc.oneof(
    connectArb,
    connackArb,
    sendArb(version),
    sendackArb(version),
    recvArb(version),
    recvackArb(version),
    pingPongArb,
    disconnectArb,
    subArb,
    subackArb,
    eventArb,
  );
