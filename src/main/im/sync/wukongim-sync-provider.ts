/**
 * The default SyncProvider: WuKongIM's own HTTP API (`/conversation/sync`,
 * `/channel/messagesync`, `/conversations/setUnread`), one request each, with a timeout.
 * Retrying is the caller's job (SyncEngine), so a provider stays a plain translation.
 */
import { systemClock } from '../core';
import type { Clock } from '../core';
import { decodeConversations, decodeMessagePage } from './decode-response';
import { postJson, type FetchLike } from './http-json';
import type {
  ChannelRef,
  ConversationSyncRequest,
  MessageSyncPage,
  MessageSyncRequest,
  SyncProvider,
  SyncedConversation,
} from './types';

export interface WuKongIMSyncProviderOptions {
  /** e.g. "http://127.0.0.1:5001" (see apiBaseUrl) */
  baseUrl: string;
  /** per request; default 15 s */
  timeoutMs?: number;
  fetch?: FetchLike;
  clock?: Clock;
  /** malformed items the server sent and we dropped */
  onDropped?: (count: number, endpoint: string) => void;
}

export const DEFAULT_SYNC_TIMEOUT_MS = 15_000;

/** `channelID:channelType:lastMsgSeq|...`; ids with the separators cannot be expressed. */
export function formatLastMsgSeqs(items: ConversationSyncRequest['lastMessageSeqs']): string {
  return items
    .filter((i) => i.lastSeq > 0 && !/[:|]/.test(i.channel.channelId))
    .map((i) => `${i.channel.channelId}:${i.channel.channelType}:${i.lastSeq}`)
    .join('|');
}

/** A JSON number with every digit of a bigint (JSON.rawJSON: Node 21+, Chromium 114+). */
function exactJsonNumber(n: bigint): unknown {
  return (JSON as unknown as { rawJSON(text: string): unknown }).rawJSON(n.toString());
}

export class WuKongIMSyncProvider implements SyncProvider {
  private readonly baseUrl: string;
  private readonly timeoutMs: number;
  private readonly fetchFn: FetchLike;
  private readonly clock: Clock;

  constructor(private readonly opts: WuKongIMSyncProviderOptions) {
    this.baseUrl = opts.baseUrl.replace(/\/+$/, '');
    this.timeoutMs = opts.timeoutMs ?? DEFAULT_SYNC_TIMEOUT_MS;
    this.fetchFn = opts.fetch ?? ((url, init) => fetch(url, init));
    this.clock = opts.clock ?? systemClock;
  }

  private post(path: string, body: unknown, signal: AbortSignal): Promise<unknown> {
    return postJson(
      this.fetchFn,
      this.clock,
      `${this.baseUrl}${path}`,
      body,
      this.timeoutMs,
      signal,
    );
  }

  async syncConversations(
    req: ConversationSyncRequest,
    signal: AbortSignal,
  ): Promise<SyncedConversation[]> {
    const body = await this.post(
      '/conversation/sync',
      {
        uid: req.uid,
        // int64 on the server (nanoseconds, beyond 2^53): written as exact digits
        version: exactJsonNumber(req.version),
        last_msg_seqs: formatLastMsgSeqs(req.lastMessageSeqs),
        msg_count: req.msgCount,
      },
      signal,
    );
    const r = decodeConversations(body);
    if (r.dropped > 0) this.opts.onDropped?.(r.dropped, '/conversation/sync');
    return r.value;
  }

  async syncChannelMessages(
    req: MessageSyncRequest,
    signal: AbortSignal,
  ): Promise<MessageSyncPage> {
    const body = await this.post(
      '/channel/messagesync',
      {
        login_uid: req.uid,
        channel_id: req.channel.channelId,
        channel_type: req.channel.channelType,
        start_message_seq: req.startSeq,
        end_message_seq: req.endSeq,
        limit: req.limit,
        pull_mode: req.pullMode,
      },
      signal,
    );
    const r = decodeMessagePage(body, req.channel);
    if (r.dropped > 0) this.opts.onDropped?.(r.dropped, '/channel/messagesync');
    return r.value;
  }

  async setUnread(
    uid: string,
    channel: ChannelRef,
    unread: number,
    signal: AbortSignal,
  ): Promise<void> {
    await this.post(
      '/conversations/setUnread',
      { uid, channel_id: channel.channelId, channel_type: channel.channelType, unread },
      signal,
    );
  }
}
