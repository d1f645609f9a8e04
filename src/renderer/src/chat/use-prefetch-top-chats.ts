import { useEffect, useMemo } from 'react';
import type { ChannelRef, ChannelSummary } from '../../../shared/messages';
import { useApp } from '../store/store-context';
import { channelKey } from './chat-model';

/**
 * The most recent chats are the ones people open next: their first pages are fetched while the
 * window is idle, so opening one paints its messages at once instead of waiting for the main
 * process. Few, one at a time, and only when idle, so nothing the person does waits for it.
 */
export const PREFETCH_TOP_CHATS = 3;
/** Prefetching starts at the latest this long after the list changed, idle or not. */
const IDLE_TIMEOUT_MS = 1_000;

type Cancel = () => void;

function whenIdle(run: () => void): Cancel {
  if (typeof window.requestIdleCallback === 'function') {
    const handle = window.requestIdleCallback(run, { timeout: IDLE_TIMEOUT_MS });
    return () => window.cancelIdleCallback(handle);
  }
  const handle = window.setTimeout(run, 0);
  return () => window.clearTimeout(handle);
}

export function usePrefetchTopChats(channels: readonly ChannelSummary[]): void {
  const prefetch = useApp((s) => s.prefetchConversation);
  const top = useMemo(
    () =>
      channels
        .slice(0, PREFETCH_TOP_CHATS)
        .map((c): ChannelRef => ({ channelId: c.channelId, channelType: c.channelType })),
    [channels],
  );
  // Re-run only when the top chats themselves change, not with every unread count.
  const topKeys = top.map(channelKey).join('\n');
  useEffect(() => {
    if (top.length === 0) return;
    let cancelled = false;
    const cancelIdle = whenIdle(() => {
      void (async () => {
        for (const channel of top) {
          if (cancelled) return;
          await prefetch(channel);
        }
      })();
    });
    return () => {
      cancelled = true;
      cancelIdle();
    };
    // `top` is read through topKeys: the same chats in a new array change nothing.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [topKeys, prefetch]);
}
