/**
 * Turns WuKongIM's sync answers into our types, trusting nothing: a malformed message is dropped
 * (and counted), a malformed envelope is an error. Person chats: WuKongIM v2 names a synced
 * message by the side that did not send it, so messages are filed under the channel they were
 * asked for, never under their own channel_id.
 */
import type { ChannelRef } from '../../../shared/messages';
import { SyncHttpError } from './http-json';
import type { MessageSyncPage, SyncedConversation, SyncedMessage } from './types';

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const nonNegInt = (v: unknown): number | null =>
  typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 ? v : null;

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

function messageId(o: Json): bigint | null {
  if (typeof o.message_idstr === 'string' && /^\d{1,20}$/.test(o.message_idstr)) {
    return BigInt(o.message_idstr);
  }
  // a JSON number above 2^53 has lost digits already; only a safe one is trusted
  const n = nonNegInt(o.message_id);
  return n === null ? null : BigInt(n);
}

/** One MessageResp, or null when it cannot be used. */
export function decodeMessage(v: unknown, channel: ChannelRef): SyncedMessage | null {
  if (!isObject(v)) return null;
  const id = messageId(v);
  const seq = nonNegInt(v.message_seq);
  if (id === null || seq === null || seq === 0) return null;
  const payloadText = v.payload ?? '';
  if (
    typeof payloadText !== 'string' ||
    payloadText.length % 4 !== 0 ||
    !BASE64.test(payloadText)
  ) {
    return null;
  }
  const header = isObject(v.header) ? v.header : {};
  const msg: SyncedMessage = {
    messageId: id,
    messageSeq: BigInt(seq),
    clientMsgNo: typeof v.client_msg_no === 'string' ? v.client_msg_no : '',
    fromUid: typeof v.from_uid === 'string' ? v.from_uid : '',
    channelId: channel.channelId,
    channelType: channel.channelType,
    timestamp: nonNegInt(v.timestamp) ?? 0,
    payload: Buffer.from(payloadText, 'base64'),
    redDot: header.red_dot === 1,
    syncOnce: header.sync_once === 1,
    noPersist: false,
  };
  if (typeof v.topic === 'string' && v.topic !== '') msg.topic = v.topic;
  return msg;
}

export interface Decoded<T> {
  value: T;
  /** items that were dropped as malformed */
  dropped: number;
}

function decodeMessages(list: unknown, channel: ChannelRef): Decoded<SyncedMessage[]> {
  if (list === null || list === undefined) return { value: [], dropped: 0 };
  if (!Array.isArray(list)) throw new SyncHttpError('messages is not an array', false);
  const out: SyncedMessage[] = [];
  let dropped = 0;
  for (const item of list) {
    const m = decodeMessage(item, channel);
    if (m) out.push(m);
    else dropped++;
  }
  return { value: out, dropped };
}

const bySeq = (a: SyncedMessage, b: SyncedMessage): number =>
  a.messageSeq < b.messageSeq ? -1 : a.messageSeq > b.messageSeq ? 1 : 0;

export function decodeMessagePage(body: unknown, channel: ChannelRef): Decoded<MessageSyncPage> {
  if (!isObject(body)) throw new SyncHttpError('messagesync answer is not an object', false);
  const { value, dropped } = decodeMessages(body.messages, channel);
  return { value: { messages: value.sort(bySeq), more: body.more === 1 }, dropped };
}

function parseVersion(v: unknown): bigint {
  if (typeof v === 'number' && Number.isFinite(v) && v > 0) return BigInt(Math.floor(v));
  if (typeof v === 'string' && /^\d{1,20}$/.test(v)) return BigInt(v);
  return 0n;
}

export function decodeConversations(body: unknown): Decoded<SyncedConversation[]> {
  // v2 answers a bare array; null means none
  if (body === null) return { value: [], dropped: 0 };
  if (!Array.isArray(body))
    throw new SyncHttpError('conversation/sync answer is not an array', false);
  const out: SyncedConversation[] = [];
  let dropped = 0;
  for (const item of body) {
    if (!isObject(item) || typeof item.channel_id !== 'string' || item.channel_id === '') {
      dropped++;
      continue;
    }
    const channelType = nonNegInt(item.channel_type);
    if (channelType === null || channelType === 0 || channelType > 255) {
      dropped++;
      continue;
    }
    const channel = { channelId: item.channel_id, channelType };
    const recents = decodeMessages(item.recents, channel);
    dropped += recents.dropped;
    out.push({
      ...channel,
      unread: nonNegInt(item.unread) ?? 0,
      timestamp: nonNegInt(item.timestamp) ?? 0,
      lastMessageSeq: nonNegInt(item.last_msg_seq) ?? 0,
      lastClientMsgNo: typeof item.last_client_msg_no === 'string' ? item.last_client_msg_no : '',
      readToSeq: nonNegInt(item.readed_to_msg_seq) ?? 0,
      version: parseVersion(item.version),
      recents: recents.value.sort(bySeq),
    });
  }
  return { value: out, dropped };
}
