import { useEffect, useRef, type RefObject } from 'react';
import type { ChannelRef, HistoryEntry } from '../../../shared/messages';
import { useApp } from '../store/store-context';
import { sameChannel } from './chat-model';

/** How long a message a search opened stays highlighted. */
export const JUMP_HIGHLIGHT_MS = 2_000;

interface Options {
  channel: ChannelRef;
  entries: readonly HistoryEntry[];
  /** the first page has arrived (and the reading position was placed) */
  ready: boolean;
  /** older messages may exist */
  hasMore: boolean;
  /** an older page is being fetched */
  loadingMore: boolean;
  loadEarlier: () => unknown;
  listRef: RefObject<HTMLElement | null>;
  /**
   * For a virtualized list: the target is loaded but not drawn (off screen), so bring the row at
   * this index of `entries` into the DOM; the next render finds it and scrolls it to the middle.
   */
  reveal?: (index: number) => void;
}

function messageElement(list: HTMLElement, clientMsgNo: string): HTMLElement | undefined {
  // Compared in JS rather than built into a selector: a clientMsgNo may hold any character.
  return [...list.querySelectorAll<HTMLElement>('[data-client-msg-no]')].find(
    (el) => el.dataset.clientMsgNo === clientMsgNo,
  );
}

/**
 * Shows the message a search result asked for: loads older pages until it is there, scrolls it to
 * the middle of the list and marks it `data-highlighted` for JUMP_HIGHLIGHT_MS. Runs after the
 * reading position was placed, so it wins over "open at the bottom".
 */
export function useJumpToMessage({
  channel,
  entries,
  ready,
  hasMore,
  loadingMore,
  loadEarlier,
  listRef,
  reveal,
}: Options): void {
  const target = useApp((s) => s.jumpTarget);
  const jumpDone = useApp((s) => s.jumpDone);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  useEffect(() => {
    const list = listRef.current;
    if (!target || !ready || !list || !sameChannel(target.channel, channel)) return;
    const element = messageElement(list, target.clientMsgNo);
    if (element) {
      element.scrollIntoView?.({ block: 'center' });
      element.dataset.highlighted = 'true';
      clearTimeout(timer.current);
      timer.current = setTimeout(() => delete element.dataset.highlighted, JUMP_HIGHLIGHT_MS);
      jumpDone();
      return;
    }
    const index = entries.findIndex((e) => e.clientMsgNo === target.clientMsgNo);
    if (index >= 0) {
      // Loaded but not drawn: a virtualized list draws it when asked; a plain one on its next render.
      reveal?.(index);
      return;
    }
    const oldest = entries[0];
    if (oldest !== undefined && oldest.order > target.order && hasMore) {
      // The page that comes in re-runs this effect.
      if (!loadingMore) void loadEarlier();
      return;
    }
    // Not in this chat's history any more (deleted): nothing to show.
    jumpDone();
  }, [
    target,
    ready,
    channel,
    entries,
    hasMore,
    loadingMore,
    loadEarlier,
    listRef,
    reveal,
    jumpDone,
  ]);

  useEffect(() => () => clearTimeout(timer.current), []);
}
