import type { HistoryEntry } from '../shared/messages';

/**
 * Counts own messages still on their way (queued or sending), from the message events: while
 * any are, the outbox is draining and a restart (to update) must ask first.
 */
export function trackUnsent(source: {
  onMessage(listener: (entry: HistoryEntry) => void): () => void;
}): { count(): number; stop(): void } {
  const unsent = new Set<string>();
  const stop = source.onMessage((entry) => {
    if (!entry.own) return;
    if (entry.state === 'queued' || entry.state === 'sending') unsent.add(entry.clientMsgNo);
    else unsent.delete(entry.clientMsgNo);
  });
  return { count: () => unsent.size, stop };
}
