/**
 * What the test server remembers of the messages it relayed: every persisted message per channel
 * with its per-channel messageSeq, and a recent-conversation entry per member with the seq read
 * up to. The HTTP sync endpoints (sync-api.ts) answer from here. The rules follow WuKongIM v2
 * (see README.md "Sync endpoints"): person chats live under one combined channel id for both
 * sides, and unread counts are derived from seqs, never counted.
 */
import { crc32 } from 'node:zlib';

export const PERSON = 1;

export interface StoredMessage {
  messageId: bigint;
  messageSeq: number;
  clientMsgNo: string;
  fromUid: string;
  /** the combined id for person chats, the channel id otherwise */
  storageId: string;
  channelType: number;
  /** seconds, as WuKongIM stamps messages */
  timestamp: number;
  payload: Buffer;
  setting: number;
  expire: number;
  topic: string;
  redDot: boolean;
  syncOnce: boolean;
}

export interface ConversationEntry {
  storageId: string;
  channelType: number;
  /** messages up to this seq count as read */
  readToSeq: number;
  /** milliseconds, orders the list newest first */
  updatedAt: number;
}

interface ChannelLog {
  messages: StoredMessage[];
  /** uid -> seq of that user's newest message here */
  ownLastSeq: Map<string, number>;
}

/**
 * WuKongIM's combined id of a person chat: `a@b`, the uid with the larger CRC-32 first, so both
 * sides name the same channel.
 */
export function personStorageId(a: string, b: string): string {
  return crc32(a) > crc32(b) ? `${a}@${b}` : `${b}@${a}`;
}

/** The uid on the other side of a person chat's combined id, as seen by `viewer`. */
export function peerOf(storageId: string, viewer: string): string {
  const parts = storageId.split('@');
  if (parts.length !== 2) return storageId;
  return parts[0] === viewer ? parts[1]! : parts[0]!;
}

const key = (storageId: string, channelType: number): string => `${channelType}\u0000${storageId}`;

export class ChannelStore {
  private readonly channels = new Map<string, ChannelLog>();
  private readonly seqs = new Map<string, number>();
  /** uid -> channel key -> entry */
  private readonly conversations = new Map<string, Map<string, ConversationEntry>>();

  storageId(fromUid: string, channelId: string, channelType: number): string {
    return channelType === PERSON ? personStorageId(fromUid, channelId) : channelId;
  }

  /** The next messageSeq of a channel; every message takes one, persisted or not. */
  nextSeq(fromUid: string, channelId: string, channelType: number): number {
    const k = key(this.storageId(fromUid, channelId, channelType), channelType);
    const seq = (this.seqs.get(k) ?? 0) + 1;
    this.seqs.set(k, seq);
    return seq;
  }

  /** Keeps a message and puts the channel at the top of every member's recent list. */
  append(message: StoredMessage, members: Iterable<string>): void {
    const k = key(message.storageId, message.channelType);
    let log = this.channels.get(k);
    if (!log) {
      log = { messages: [], ownLastSeq: new Map() };
      this.channels.set(k, log);
    }
    log.messages.push(message);
    if (message.fromUid !== '') log.ownLastSeq.set(message.fromUid, message.messageSeq);
    const now = Date.now();
    for (const uid of members) {
      const entry = this.conversation(uid, message.storageId, message.channelType);
      entry.updatedAt = now;
    }
  }

  /** A user's recent conversations, most recently updated first. */
  conversationsOf(uid: string): ConversationEntry[] {
    const map = this.conversations.get(uid);
    if (!map) return [];
    return [...map.values()].sort((a, b) => b.updatedAt - a.updatedAt);
  }

  /** The entry, created (nothing read) when missing. */
  conversation(uid: string, storageId: string, channelType: number): ConversationEntry {
    let map = this.conversations.get(uid);
    if (!map) {
      map = new Map();
      this.conversations.set(uid, map);
    }
    const k = key(storageId, channelType);
    let entry = map.get(k);
    if (!entry) {
      entry = { storageId, channelType, readToSeq: 0, updatedAt: Date.now() };
      map.set(k, entry);
    }
    return entry;
  }

  lastSeq(storageId: string, channelType: number): number {
    const log = this.channels.get(key(storageId, channelType));
    return log?.messages.at(-1)?.messageSeq ?? 0;
  }

  hasChannel(storageId: string, channelType: number): boolean {
    return this.channels.has(key(storageId, channelType));
  }

  ownLastSeq(storageId: string, channelType: number, uid: string): number {
    return this.channels.get(key(storageId, channelType))?.ownLastSeq.get(uid) ?? 0;
  }

  /** Stored messages with minSeq <= seq < maxSeq, oldest first, at most `limit` (0 = all). */
  range(
    storageId: string,
    channelType: number,
    minSeq: number,
    maxSeq: number,
    limit: number,
  ): StoredMessage[] {
    const log = this.channels.get(key(storageId, channelType));
    if (!log) return [];
    const out: StoredMessage[] = [];
    // seqs are increasing, so a binary search finds the start
    let lo = 0;
    let hi = log.messages.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (log.messages[mid]!.messageSeq < minSeq) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < log.messages.length; i++) {
      const m = log.messages[i]!;
      if (m.messageSeq >= maxSeq) break;
      out.push(m);
      if (limit > 0 && out.length >= limit) break;
    }
    return out;
  }
}

/** The hub's view of a relayed message, as it is kept. */
export function storedMessage(
  m: {
    fromUid: string;
    channelId: string;
    channelType: number;
    setting: number;
    expire: number;
    clientMsgNo: string;
    topic?: string | undefined;
    flags: { redDot: boolean; syncOnce: boolean };
    plaintext: Buffer;
    messageId: bigint;
    messageSeq: bigint;
  },
  timestamp: number,
): StoredMessage {
  return {
    messageId: m.messageId,
    messageSeq: Number(m.messageSeq),
    clientMsgNo: m.clientMsgNo,
    fromUid: m.fromUid,
    storageId: m.channelType === PERSON ? personStorageId(m.fromUid, m.channelId) : m.channelId,
    channelType: m.channelType,
    timestamp,
    payload: m.plaintext,
    setting: m.setting,
    expire: m.expire,
    topic: m.topic ?? '',
    redDot: m.flags.redDot,
    syncOnce: m.flags.syncOnce,
  };
}
