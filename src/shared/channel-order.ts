import type { ChannelSummary } from './messages';

/**
 * The chat list's order, as every desktop chat app sorts it: the chat with the newest last
 * message first (by its time), ties in one second by the order the messages were stored. The
 * storage order alone is not enough: a first sync on a new device stores the conversations it is
 * given newest first, which would put the oldest chat on top. A chat with no message yet (just
 * opened from "New chat") comes first, where the person who opened it looks for it. The message
 * database sorts its conversation list the same way (message-store.ts).
 */
export function compareChannelRecency(a: ChannelSummary, b: ChannelSummary): number {
  const x = a.lastMessage;
  const y = b.lastMessage;
  if (!x || !y) return (x ? 1 : 0) - (y ? 1 : 0);
  return y.timestamp - x.timestamp || y.order - x.order;
}
