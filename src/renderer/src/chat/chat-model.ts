import type { ChannelRef, ChannelSummary, HistoryEntry } from '../../../shared/messages';

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

/** Inserts or replaces by clientMsgNo; the result is sorted by display order. */
export function upsertEntry(list: readonly HistoryEntry[], entry: HistoryEntry): HistoryEntry[] {
  const next = list.filter((e) => e.clientMsgNo !== entry.clientMsgNo);
  next.push(entry);
  return next.sort((a, b) => a.order - b.order);
}

/** `base` with every entry of `newer` upserted over it (newer wins for the same clientMsgNo). */
export function mergeEntries(
  base: readonly HistoryEntry[],
  newer: readonly HistoryEntry[],
): HistoryEntry[] {
  const byNo = new Map<string, HistoryEntry>();
  for (const entry of base) byNo.set(entry.clientMsgNo, entry);
  for (const entry of newer) byNo.set(entry.clientMsgNo, entry);
  return [...byNo.values()].sort((a, b) => a.order - b.order);
}

/**
 * Most recent conversation first; a channel without messages (just opened from "New chat") sits
 * on top, where the person who opened it looks for it.
 */
export function sortChannels(list: ChannelSummary[]): ChannelSummary[] {
  const rank = (c: ChannelSummary): number => c.lastMessage?.order ?? Number.POSITIVE_INFINITY;
  return list.sort((a, b) => rank(b) - rank(a));
}

export function upsertChannel(
  list: readonly ChannelSummary[],
  summary: ChannelSummary,
): ChannelSummary[] {
  const next = list.filter((c) => !sameChannel(c, summary));
  next.push(summary);
  return sortChannels(next);
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
