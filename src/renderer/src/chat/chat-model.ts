import { compareChannelRecency } from '../../../shared/channel-order';
import {
  FIRST_PAGE_SIZE,
  MAX_LIST_LIMIT,
  UNREAD_CONTEXT_MESSAGES,
  type ChannelRef,
  type ChannelSummary,
  type HistoryEntry,
} from '../../../shared/messages';

/**
 * Pure list operations behind the chat view. The main process sends the same entry again every
 * time its state changes, and an answer to a fetch can cross an event in flight, so everything
 * here is an upsert keyed by clientMsgNo (unique within a channel's history) and never an append.
 */

/** Stable key of a channel, the same shape the main process uses. */
export function channelKey(channel: ChannelRef): string {
  return `${channel.channelType}:${channel.channelId}`;
}

export function sameChannel(a: ChannelRef | null, b: ChannelRef | null): boolean {
  return !!a && !!b && a.channelId === b.channelId && a.channelType === b.channelType;
}

const byOrder = (a: HistoryEntry, b: HistoryEntry): number => a.order - b.order;

function isSorted(list: readonly HistoryEntry[]): boolean {
  for (let i = 1; i < list.length; i += 1) if (list[i - 1]!.order > list[i]!.order) return false;
  return true;
}

/** Where an entry of this order goes in a list sorted by order (after equal orders). */
function insertionPoint(list: readonly HistoryEntry[], order: number): number {
  let low = 0;
  let high = list.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (list[mid]!.order <= order) low = mid + 1;
    else high = mid;
  }
  return low;
}

/**
 * Inserts or replaces by clientMsgNo; the result is sorted by display order. Linear, without a
 * sort: a chat of 10,000 messages takes one upsert per received message and state change.
 */
export function upsertEntry(list: readonly HistoryEntry[], entry: HistoryEntry): HistoryEntry[] {
  // Updates are nearly always about the newest messages: search from the end.
  let at = -1;
  for (let i = list.length - 1; i >= 0; i -= 1) {
    if (list[i]!.clientMsgNo === entry.clientMsgNo) {
      at = i;
      break;
    }
  }
  const next = list.slice();
  if (at >= 0 && list[at]!.order === entry.order) {
    next[at] = entry;
    return next;
  }
  if (at >= 0) next.splice(at, 1);
  next.splice(insertionPoint(next, entry.order), 0, entry);
  return next;
}

/** `base` with every entry of `newer` upserted over it (newer wins for the same clientMsgNo). */
export function mergeEntries(
  base: readonly HistoryEntry[],
  newer: readonly HistoryEntry[],
): HistoryEntry[] {
  const byNo = new Map<string, HistoryEntry>();
  for (const entry of base) byNo.set(entry.clientMsgNo, entry);
  for (const entry of newer) byNo.set(entry.clientMsgNo, entry);
  const merged = [...byNo.values()];
  // An older page before the loaded messages is already in order: no sort needed.
  return isSorted(merged) ? merged : merged.sort(byOrder);
}

/**
 * How many messages a chat opens with: the first screen the sync keeps locally, or, when more are
 * unread, all of them and a few read ones above, so it opens at its first unread message.
 */
export function firstPageLimit(unread: number): number {
  return Math.min(MAX_LIST_LIMIT, Math.max(FIRST_PAGE_SIZE, unread + UNREAD_CONTEXT_MESSAGES));
}

/** The chat list's order (newest last message first; see compareChannelRecency). */
export function sortChannels(list: ChannelSummary[]): ChannelSummary[] {
  return list.sort(compareChannelRecency);
}

export function upsertChannel(
  list: readonly ChannelSummary[],
  summary: ChannelSummary,
): ChannelSummary[] {
  // One pass and a binary insertion, not a sort: a sync after a long absence delivers a channel
  // event per stored message into a list of a thousand chats.
  const next = list.filter((c) => !sameChannel(c, summary));
  let low = 0;
  let high = next.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (compareChannelRecency(next[mid]!, summary) <= 0) low = mid + 1;
    else high = mid;
  }
  next.splice(low, 0, summary);
  return next;
}

/**
 * A fetched channel list merged with what events already delivered: a summary whose last message
 * is newer than the fetched one came from an event the fetch had not seen; channels only known
 * locally (opened, no message yet) stay.
 */
export function mergeChannels(
  fetched: readonly ChannelSummary[],
  current: readonly ChannelSummary[],
): ChannelSummary[] {
  const byKey = new Map<string, ChannelSummary>();
  for (const summary of fetched) byKey.set(channelKey(summary), summary);
  for (const summary of current) {
    const key = channelKey(summary);
    const known = byKey.get(key);
    if (!known || (summary.lastMessage?.order ?? -1) > (known.lastMessage?.order ?? -1)) {
      byKey.set(key, summary);
    }
  }
  return sortChannels([...byKey.values()]);
}

/** The channel as a summary with nothing in it yet (a chat the person just opened). */
export function emptySummary(channel: ChannelRef): ChannelSummary {
  return {
    channelId: channel.channelId,
    channelType: channel.channelType,
    lastMessage: null,
    unread: 0,
  };
}

/** Own messages that are not yet confirmed by the server. */
export function isPending(entry: HistoryEntry): boolean {
  return entry.state === 'queued' || entry.state === 'sending';
}
