/**
 * The sync endpoints of the test server with WuKongIM v2's request and response shapes:
 * `POST /conversation/sync`, `POST /channel/messagesync`, `POST /conversations/setUnread`, and
 * `POST /control/sync_faults` so tests can make them fail or hang. The facts and the server
 * source they come from are in README.md ("Sync endpoints").
 */
import type { ChannelStore } from './channel-store';
import { PERSON, peerOf, type StoredMessage } from './channel-store';

export type SyncResult =
  | { ok: true; body: unknown }
  | { ok: false; status: number; msg: string }
  /** answered by a raw status, as a failing server would */
  | { ok: false; status: number; msg: string; raw: true };

export type SyncHandler = (body: unknown) => Promise<SyncResult>;

/** WuKongIM's cap on one messagesync page. */
export const MESSAGESYNC_MAX_LIMIT = 10_000;

interface SyncFaults {
  /** the next N sync requests answer 500 */
  fail: number;
  /** every sync request waits this long first */
  delayMs: number;
}

class Invalid extends Error {}

type Json = Record<string, unknown>;

function object(v: unknown): Json {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) {
    throw new Invalid('request body must be a JSON object');
  }
  return v as Json;
}

function text(o: Json, k: string): string {
  const v = o[k];
  if (v === undefined || v === null) return '';
  if (typeof v !== 'string') throw new Invalid(`field "${k}" must be a string`);
  return v;
}

/** Go decodes absent numbers as 0 and rejects non-numbers; so does this. */
function uint(o: Json, k: string, max = Number.MAX_SAFE_INTEGER): number {
  const v = o[k];
  if (v === undefined || v === null) return 0;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > max) {
    throw new Invalid(`field "${k}" must be an integer in 0..${max}`);
  }
  return v;
}

function signedInt(o: Json, k: string): number {
  const v = o[k];
  if (v === undefined || v === null) return 0;
  if (typeof v !== 'number' || !Number.isInteger(v)) {
    throw new Invalid(`field "${k}" must be an integer`);
  }
  return v;
}

/** A JSON number with all digits of a 64-bit id (Go writes int64 unquoted). */
function rawNumber(n: bigint): unknown {
  return (JSON as unknown as { rawJSON(s: string): unknown }).rawJSON(n.toString());
}

/**
 * One message as WuKongIM's MessageResp: payload base64, `message_id` a number (too large for a
 * JavaScript number, hence `message_idstr`). A person chat's `channel_id` is the side that did
 * not send it (v2's rule), whoever asks.
 */
export function messageResp(m: StoredMessage): Record<string, unknown> {
  const channelId = m.channelType === PERSON ? notTheSender(m.storageId, m.fromUid) : m.storageId;
  const out: Record<string, unknown> = {
    header: { no_persist: 0, red_dot: m.redDot ? 1 : 0, sync_once: m.syncOnce ? 1 : 0 },
    setting: m.setting,
    message_id: rawNumber(m.messageId),
    message_idstr: m.messageId.toString(),
    client_msg_no: m.clientMsgNo,
    message_seq: m.messageSeq,
    from_uid: m.fromUid,
    channel_id: channelId,
    channel_type: m.channelType,
    expire: m.expire,
    timestamp: m.timestamp,
    payload: m.payload.toString('base64'),
  };
  if (m.topic !== '') out.topic = m.topic;
  return out;
}

/** v2 walks both halves of `a@b` and keeps the last one that is not the sender. */
function notTheSender(storageId: string, fromUid: string): string {
  const parts = storageId.split('@');
  if (parts.length !== 2) return storageId;
  return parts[1] === fromUid ? parts[0]! : parts[1]!;
}

/** `channelID:channelType:lastMsgSeq|...` into `channelID-channelType` -> seq; bad items skipped. */
export function parseLastMsgSeqs(s: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const item of s.split('|')) {
    const parts = item.split(':');
    if (parts.length !== 3) continue;
    const seq = Number.parseInt(parts[2]!, 10);
    out.set(`${parts[0]}-${Number.parseInt(parts[1]!, 10) || 0}`, Number.isFinite(seq) ? seq : 0);
  }
  return out;
}

export function createSyncApi(store: ChannelStore): Record<string, SyncHandler> {
  const faults: SyncFaults = { fail: 0, delayMs: 0 };

  const guarded =
    (fn: (o: Json) => unknown): SyncHandler =>
    async (body) => {
      if (faults.delayMs > 0) await new Promise((r) => setTimeout(r, faults.delayMs));
      if (faults.fail > 0) {
        faults.fail--;
        return { ok: false, status: 500, msg: 'injected failure', raw: true };
      }
      try {
        return { ok: true, body: fn(object(body)) };
      } catch (err) {
        if (err instanceof Invalid) return { ok: false, status: 400, msg: err.message };
        throw err;
      }
    };

  const conversationSync = (o: Json): unknown => {
    const uid = text(o, 'uid');
    const version = signedInt(o, 'version');
    const lastSeqs = parseLastMsgSeqs(text(o, 'last_msg_seqs'));
    const msgCount = signedInt(o, 'msg_count');
    const onlyUnread = uint(o, 'only_unread', 255);
    // v2 builds the whole answer inside `if msg_count > 0`: without it the list is empty
    if (uid === '' || msgCount <= 0) return [];
    const out: unknown[] = [];
    for (const c of store.conversationsOf(uid)) {
      const realId = c.channelType === PERSON ? peerOf(c.storageId, uid) : c.storageId;
      const clientSeq = lastSeqs.get(`${realId}-${c.channelType}`) ?? 0;
      // the newest msg_count messages after what the client has (or, with version/only_unread,
      // after what was read); none of them: the conversation is left out
      let after = 0;
      if (clientSeq !== 0) after = clientSeq;
      else if (version > 0 || onlyUnread === 1) after = c.readToSeq;
      const last = store.lastSeq(c.storageId, c.channelType);
      if (after > last) continue;
      const from = Math.max(after + 1, last - msgCount + 1);
      const recents = store.range(c.storageId, c.channelType, from, last + 1, 0).reverse();
      const newest = recents[0];
      if (!newest) continue;
      let readed = c.readToSeq;
      let unread = newest.messageSeq > readed ? newest.messageSeq - readed : 0;
      // what the user sent themselves is read
      const own = store.ownLastSeq(c.storageId, c.channelType, uid);
      if (own > readed && newest.messageSeq - own < unread) {
        unread = newest.messageSeq - own;
        readed = own;
      }
      if (newest.fromUid === uid) {
        readed = newest.messageSeq;
        unread = 0;
      }
      out.push({
        channel_id: realId,
        channel_type: c.channelType,
        unread,
        timestamp: newest.timestamp,
        last_msg_seq: newest.messageSeq,
        last_client_msg_no: newest.clientMsgNo,
        offset_msg_seq: 0,
        readed_to_msg_seq: readed,
        // v2: the newest message's time (seconds) in nanoseconds
        version: rawNumber(BigInt(newest.timestamp) * 1_000_000_000n),
        recents: recents.map(messageResp),
      });
    }
    return out;
  };

  const messageSync = (o: Json): unknown => {
    const loginUid = text(o, 'login_uid');
    const channelId = text(o, 'channel_id');
    const channelType = uint(o, 'channel_type', 255);
    const start = uint(o, 'start_message_seq');
    const end = uint(o, 'end_message_seq');
    const limit = Math.min(signedInt(o, 'limit'), MESSAGESYNC_MAX_LIMIT);
    const pullMode = signedInt(o, 'pull_mode');
    if (channelId.trim() === '') throw new Invalid('channel_id不能为空！');
    if (loginUid.trim() === '') throw new Invalid('login_uid不能为空！');
    const storageId = store.storageId(loginUid, channelId, channelType);
    if (!store.hasChannel(storageId, channelType)) {
      return { start_message_seq: 0, end_message_seq: 0, more: 0, messages: [] };
    }
    const last = store.lastSeq(storageId, channelType);
    const cap = Math.max(0, limit);
    let messages: StoredMessage[] = [];
    if (start === 0 && end === 0) {
      // the newest `limit`
      messages = store.range(storageId, channelType, Math.max(1, last - cap + 1), last + 1, cap);
    } else if (pullMode === 1) {
      // up (newer): start <= seq < end (end 0: no bound)
      const max = end === 0 ? last + 1 : Math.min(end, last + 1);
      messages = store.range(storageId, channelType, start, max, cap);
    } else if (end <= start) {
      // down (older): end < seq <= start, the newest `limit` of them
      const min = end === 0 || start - end > cap ? Math.max(1, start - cap + 1) : end + 1;
      messages = store.range(storageId, channelType, min, Math.min(start, last) + 1, cap);
    }
    let more = messages.length >= limit;
    if (messages.length > 0 && end !== 0) {
      const edge = pullMode === 0 ? messages[0]! : messages.at(-1)!;
      if (edge.messageSeq === end) more = false;
    }
    return {
      start_message_seq: start,
      end_message_seq: end,
      more: more ? 1 : 0,
      messages: messages.map(messageResp),
    };
  };

  const setUnread = (o: Json): unknown => {
    const uid = text(o, 'uid');
    const channelId = text(o, 'channel_id');
    const channelType = uint(o, 'channel_type', 255);
    const unread = signedInt(o, 'unread');
    if (uid === '') throw new Invalid('UID cannot be empty');
    if (channelId === '' || channelType === 0) {
      throw new Invalid('channel_id or channel_type cannot be empty');
    }
    const storageId = store.storageId(uid, channelId, channelType);
    const last = store.lastSeq(storageId, channelType);
    let readTo = last;
    if (unread > last) readTo = Math.max(0, last - 1);
    else if (unread > 0) readTo = last - unread;
    const entry = store.conversation(uid, storageId, channelType);
    // the read position only moves forward
    if (entry.readToSeq < readTo) {
      entry.readToSeq = readTo;
      entry.updatedAt = Date.now();
    }
    return { status: 200 };
  };

  return {
    'POST /conversation/sync': guarded(conversationSync),
    'POST /channel/messagesync': guarded(messageSync),
    'POST /conversations/setUnread': guarded(setUnread),
    'POST /control/sync_faults': async (body) => {
      try {
        const o = object(body);
        faults.fail = uint(o, 'fail', 1_000_000);
        faults.delayMs = uint(o, 'delay_ms', 3_600_000);
        return { ok: true, body: { status: 200 } };
      } catch (err) {
        if (err instanceof Invalid) return { ok: false, status: 400, msg: err.message };
        throw err;
      }
    },
  };
}
