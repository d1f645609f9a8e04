/**
 * WuKongIM binary protocol (WKProto) packet model. Field names follow
 * docs/protocol.md §8; 64-bit values are bigint so no id loses precision.
 */

export const PacketType = {
  CONNECT: 1,
  CONNACK: 2,
  SEND: 3,
  SENDACK: 4,
  RECV: 5,
  RECVACK: 6,
  PING: 7,
  PONG: 8,
  DISCONNECT: 9,
  SUB: 10,
  SUBACK: 11,
  EVENT: 12,
} as const;
export type PacketType = (typeof PacketType)[keyof typeof PacketType];

/** The version this client asks for in CONNECT (the released server line's newest). */
export const CLIENT_PROTOCOL_VERSION = 5;
/** Newest layout this codec understands (WuKongIM v3 beta). */
export const MAX_PROTOCOL_VERSION = 6;
/** Same limit the server applies to the remaining length (§4.2). */
export const DEFAULT_MAX_PACKET_SIZE = 1024 * 1024;
/** Longest string the Go codec accepts (§3). */
export const MAX_STRING_BYTES = 32_767;

/** Low nibble of the fixed header (§4.1). For CONNACK bit 0 means HasServerVersion instead. */
export interface HeaderFlags {
  dup: boolean;
  syncOnce: boolean;
  redDot: boolean;
  noPersist: boolean;
}

export const DeviceFlag = { APP: 0, WEB: 1, PC: 2, SYSTEM: 99 } as const;
export type DeviceFlag = (typeof DeviceFlag)[keyof typeof DeviceFlag];

export const ChannelType = { PERSON: 1, GROUP: 2 } as const;

/** Setting byte of SEND / RECV (§5.5). */
export const SettingBit = {
  RECEIPT: 0x80,
  SIGNAL: 0x20,
  NO_ENCRYPT: 0x10,
  TOPIC: 0x08,
  STREAM_LEGACY: 0x04,
  STREAM: 0x02,
} as const;

/** Server reason codes used by the client (§5.1); any other value is kept as a number. */
export const ReasonCode = {
  UNKNOWN: 0,
  SUCCESS: 1,
  AUTH_FAIL: 2,
  SUBSCRIBER_NOT_EXIST: 3,
  IN_BLACKLIST: 4,
  CHANNEL_NOT_EXIST: 5,
  MSG_KEY_ERROR: 8,
  PAYLOAD_DECODE_ERROR: 9,
  NOT_ALLOW_SEND: 11,
  CONNECT_KICK: 12,
  NOT_IN_WHITELIST: 13,
  SYSTEM_ERROR: 15,
  BAN: 19,
  CLIENT_KEY_IS_EMPTY: 21,
  RATE_LIMIT: 22,
  DISBAND: 24,
  SEND_BAN: 25,
  PROTOCOL_UPGRADE_REQUIRED: 27,
} as const;

export interface ConnectPacket {
  type: typeof PacketType.CONNECT;
  flags?: HeaderFlags;
  version: number;
  deviceFlag: number;
  deviceId: string;
  uid: string;
  token: string;
  /** ms since the Unix epoch (i64) */
  clientTimestamp: bigint;
  /** base64 X25519 public key, 44 characters */
  clientKey: string;
}

export interface ConnackPacket {
  type: typeof PacketType.CONNACK;
  /** header bit 0; when set, serverVersion is present */
  hasServerVersion: boolean;
  serverVersion?: number;
  /** i64, may be negative */
  timeDiff: bigint;
  reasonCode: number;
  serverKey: string;
  salt: string;
  /** u64, only when at least 8 bytes remain after salt */
  nodeId?: bigint;
}

/** Stream block of SEND/RECV at versions 2-4 (§8.5): variant A (legacy bit 0x04) or B (bit 0x02). */
export interface StreamBlock {
  streamNo: string;
  streamFlag: number;
  /** variant A only */
  streamSeq?: number;
  /** variant B only (u64) */
  streamId?: bigint;
}

export interface SendPacket {
  type: typeof PacketType.SEND;
  flags?: HeaderFlags;
  setting: number;
  clientSeq: number;
  clientMsgNo: string;
  /** versions 2-4 with a stream bit set: legacy (0x04) carries only streamNo; new (0x02) too */
  streamNo?: string;
  channelId: string;
  channelType: number;
  /** u32, present on the wire from version 3 */
  expire: number;
  msgKey: string;
  /** present when setting has SettingBit.TOPIC */
  topic?: string;
  /** bytes exactly as on the wire (the base64 ciphertext text when encryption is on) */
  payload: Buffer;
}

export interface SendackPacket {
  type: typeof PacketType.SENDACK;
  flags?: HeaderFlags;
  messageId: bigint;
  clientSeq: number;
  /** u32, u64 at version 6 */
  messageSeq: bigint;
  reasonCode: number;
  /** v3 beta: trailing clientMsgNo, optional */
  clientMsgNo?: string;
}

export interface RecvPacket {
  type: typeof PacketType.RECV;
  flags?: HeaderFlags;
  setting: number;
  msgKey: string;
  fromUid: string;
  channelId: string;
  channelType: number;
  /** u32, present on the wire from version 3 */
  expire: number;
  clientMsgNo: string;
  /** versions 2-4 only, when a stream bit is set */
  stream?: StreamBlock;
  messageId: bigint;
  /** u32, u64 at version 6 */
  messageSeq: bigint;
  /** i32 seconds */
  timestamp: number;
  topic?: string;
  /** bytes exactly as on the wire */
  payload: Buffer;
}

export interface RecvackPacket {
  type: typeof PacketType.RECVACK;
  flags?: HeaderFlags;
  messageId: bigint;
  messageSeq: bigint;
}

export interface PingPacket {
  type: typeof PacketType.PING;
}

export interface PongPacket {
  type: typeof PacketType.PONG;
}

export interface DisconnectPacket {
  type: typeof PacketType.DISCONNECT;
  reasonCode: number;
  reason: string;
}

export interface SubPacket {
  type: typeof PacketType.SUB;
  setting: number;
  subNo: string;
  channelId: string;
  channelType: number;
  action: number;
  param: string;
}

export interface SubackPacket {
  type: typeof PacketType.SUBACK;
  subNo: string;
  channelId: string;
  channelType: number;
  action: number;
  reasonCode: number;
}

export interface EventPacket {
  type: typeof PacketType.EVENT;
  id: string;
  eventType: string;
  /** i64 */
  timestamp: bigint;
  data: Buffer;
}

export type Packet =
  | ConnectPacket
  | ConnackPacket
  | SendPacket
  | SendackPacket
  | RecvPacket
  | RecvackPacket
  | PingPacket
  | PongPacket
  | DisconnectPacket
  | SubPacket
  | SubackPacket
  | EventPacket;
