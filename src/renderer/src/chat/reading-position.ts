import type { HistoryEntry } from '../../../shared/messages';

/**
 * Where the "N new messages" divider goes when a chat opens with `unread` unread messages: before
 * the oldest of the last `unread` incoming entries (own messages are never unread). null when
 * nothing is unread. When more are unread than are loaded, before the oldest loaded incoming one.
 */
export function firstUnreadOf(entries: readonly HistoryEntry[], unread: number): string | null {
  if (unread <= 0) return null;
  const incoming = entries.filter((e) => !e.own);
  if (incoming.length === 0) return null;
  return incoming[Math.max(0, incoming.length - unread)]!.clientMsgNo;
}

/** Incoming messages newer than `seenOrder`: what the "↓ N new" button counts. */
export function newSince(entries: readonly HistoryEntry[], seenOrder: number): number {
  let count = 0;
  for (let i = entries.length - 1; i >= 0; i -= 1) {
    const entry = entries[i]!;
    if (entry.order <= seenOrder) break;
    if (!entry.own) count += 1;
  }
  return count;
}
