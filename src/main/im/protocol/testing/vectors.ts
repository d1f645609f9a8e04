/**
 * Test support (not used by the app): loads the protocol test vectors (../testdata/vectors.json,
 * provenance in ../testdata/README.md) and turns a vector's `fields` into the Packet our model
 * expects, independently of our decoder.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { PacketType, type HeaderFlags, type Packet, type StreamBlock } from '../packets';

export interface VectorHeader {
  byte0_hex: string;
  type: number;
  flags: Partial<HeaderFlags> & { hasServerVersion?: boolean };
  remaining_length: number | null;
  remaining_length_hex: string | null;
  header_length: number;
}

export interface PacketVector {
  name: string;
  packet: string;
  type: number;
  direction: 'client_to_server' | 'server_to_client';
  protocol_versions: number[];
  uses_session_crypto: boolean;
  /** JSON values as in the file; conventions in ../testdata/README.md */
  fields: Record<string, unknown>;
  decoded?: Record<string, unknown>;
  correct_hex?: string;
  hex: string;
  length: number;
  header: VectorHeader;
}

export interface VectorFile {
  format: string;
  schema_version: number;
  session_crypto: Record<string, string | boolean>;
  varints: { value: number; hex: string; bytes: number }[];
  framing: { name: string; hex: string; packets: string[] }[];
  vectors: PacketVector[];
}

/** Resolved from this file, so tests find the data whatever the working directory. */
export function vectorsPath(): string {
  return fileURLToPath(new URL('../testdata/vectors.json', import.meta.url));
}

let cached: VectorFile | undefined;

export function loadVectors(): VectorFile {
  cached ??= JSON.parse(readFileSync(vectorsPath(), 'utf8')) as VectorFile;
  return cached;
}

export function vectorByName(name: string): PacketVector {
  const v = loadVectors().vectors.find((x) => x.name === name);
  if (!v) throw new Error(`no vector named ${name}`);
  return v;
}

function str(f: Record<string, unknown>, key: string): string {
  const v = f[key];
  if (typeof v !== 'string') throw new Error(`field ${key} is not a string`);
  return v;
}

function num(f: Record<string, unknown>, key: string): number {
  const v = f[key];
  if (typeof v !== 'number') throw new Error(`field ${key} is not a number`);
  return v;
}

/** 64-bit fields come as decimal strings (ids) or JSON numbers (times, nodeId). */
function big(f: Record<string, unknown>, key: string): bigint {
  const v = f[key];
  if (typeof v !== 'string' && typeof v !== 'number') throw new Error(`field ${key} missing`);
  return BigInt(v);
}

function flagsOf(v: PacketVector): HeaderFlags {
  const f = v.header.flags;
  return {
    dup: f.dup === true,
    syncOnce: f.syncOnce === true,
    redDot: f.redDot === true,
    noPersist: f.noPersist === true,
  };
}

function seqOf(f: Record<string, unknown>): bigint {
  return f.messageSeq_u64 !== undefined ? big(f, 'messageSeq_u64') : big(f, 'messageSeq');
}

/** The packet a correct decoder must produce for this vector's `fields` and header. */
export function expectedPacket(v: PacketVector): Packet {
  const f = v.fields;
  switch (v.type) {
    case PacketType.CONNECT:
      return {
        type: PacketType.CONNECT,
        flags: flagsOf(v),
        version: num(f, 'version'),
        deviceFlag: num(f, 'deviceFlag'),
        deviceId: str(f, 'deviceID'),
        uid: str(f, 'uid'),
        token: str(f, 'token'),
        clientTimestamp: big(f, 'clientTimestamp'),
        clientKey: str(f, 'clientKey'),
      };
    case PacketType.CONNACK: {
      const p: Packet = {
        type: PacketType.CONNACK,
        hasServerVersion: f.hasServerVersion === true,
        timeDiff: big(f, 'timeDiff'),
        reasonCode: num(f, 'reasonCode'),
        serverKey: str(f, 'serverKey'),
        salt: str(f, 'salt'),
      };
      if (f.serverVersion !== undefined) p.serverVersion = num(f, 'serverVersion');
      if (f.nodeId !== undefined) p.nodeId = big(f, 'nodeId');
      return p;
    }
    case PacketType.SEND: {
      const p: Packet = {
        type: PacketType.SEND,
        flags: flagsOf(v),
        setting: num(f, 'setting'),
        clientSeq: num(f, 'clientSeq'),
        clientMsgNo: str(f, 'clientMsgNo'),
        channelId: str(f, 'channelID'),
        channelType: num(f, 'channelType'),
        expire: typeof f.expire === 'number' ? f.expire : 0,
        msgKey: str(f, 'msgKey'),
        payload: Buffer.from(str(f, 'payload_on_wire'), 'latin1'),
      };
      if (typeof f.topic === 'string') p.topic = f.topic;
      return p;
    }
    case PacketType.SENDACK: {
      const p: Packet = {
        type: PacketType.SENDACK,
        flags: flagsOf(v),
        messageId: big(f, 'messageID'),
        clientSeq: num(f, 'clientSeq'),
        messageSeq: seqOf(f),
        reasonCode: num(f, 'reasonCode'),
      };
      if (typeof f.clientMsgNo_trailing === 'string') p.clientMsgNo = f.clientMsgNo_trailing;
      return p;
    }
    case PacketType.RECV: {
      const p: Packet = {
        type: PacketType.RECV,
        flags: flagsOf(v),
        setting: num(f, 'setting'),
        msgKey: str(f, 'msgKey'),
        fromUid: str(f, 'fromUID'),
        channelId: str(f, 'channelID'),
        channelType: num(f, 'channelType'),
        expire: typeof f.expire === 'number' ? f.expire : 0,
        clientMsgNo: str(f, 'clientMsgNo'),
        messageId: big(f, 'messageID'),
        messageSeq: seqOf(f),
        timestamp: num(f, 'timestamp'),
        payload: Buffer.from(str(f, 'payload_on_wire'), 'latin1'),
      };
      if (typeof f.topic === 'string') p.topic = f.topic;
      if (typeof f.streamNo === 'string') {
        const s: StreamBlock = { streamNo: f.streamNo, streamFlag: num(f, 'streamFlag') };
        if (f.streamSeq !== undefined) s.streamSeq = num(f, 'streamSeq');
        if (f.streamId !== undefined) s.streamId = big(f, 'streamId');
        p.stream = s;
      }
      return p;
    }
    case PacketType.RECVACK:
      return {
        type: PacketType.RECVACK,
        flags: flagsOf(v),
        messageId: big(f, 'messageID'),
        messageSeq: seqOf(f),
      };
    case PacketType.PING:
      return { type: PacketType.PING };
    case PacketType.PONG:
      return { type: PacketType.PONG };
    case PacketType.DISCONNECT:
      return {
        type: PacketType.DISCONNECT,
        reasonCode: num(f, 'reasonCode'),
        reason: str(f, 'reason'),
      };
    case PacketType.SUB:
      return {
        type: PacketType.SUB,
        setting: num(f, 'setting'),
        subNo: str(f, 'subNo'),
        channelId: str(f, 'channelID'),
        channelType: num(f, 'channelType'),
        action: num(f, 'action'),
        param: str(f, 'param'),
      };
    case PacketType.SUBACK:
      return {
        type: PacketType.SUBACK,
        subNo: str(f, 'subNo'),
        channelId: str(f, 'channelID'),
        channelType: num(f, 'channelType'),
        action: num(f, 'action'),
        reasonCode: num(f, 'reasonCode'),
      };
    case PacketType.EVENT:
      return {
        type: PacketType.EVENT,
        id: str(f, 'id'),
        eventType: str(f, 'type'),
        timestamp: big(f, 'timestamp'),
        data: Buffer.from(str(f, 'data_utf8'), 'utf8'),
      };
    default:
      throw new Error(`vector ${v.name} has unknown type ${v.type}`);
  }
}
