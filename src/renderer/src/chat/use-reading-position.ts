import { useCallback, useLayoutEffect, useRef, useState } from 'react';
import type { HistoryEntry } from '../../../shared/messages';
import { firstUnreadOf, newSince } from './reading-position';

/** How close to the bottom (px) still counts as "reading the newest messages". */
const STICK_THRESHOLD_PX = 48;
/** How close to the top (px) asks for the previous page. */
const REACH_TOP_PX = 64;
/** Keys that scroll a list upwards (and so ask for older messages at the top). */
const UPWARD_KEYS = new Set(['ArrowUp', 'PageUp', 'Home']);
/** Room left above the unread divider when a chat opens on it. */
const DIVIDER_MARGIN_PX = 8;

/** Whether the list was at the bottom before an update made it `height` tall... before it grew. */
function wasAtBottom(list: HTMLElement, height: number): boolean {
  return height - list.scrollTop - list.clientHeight < STICK_THRESHOLD_PX;
}

interface Options {
  entries: readonly HistoryEntry[];
  /** the first page has arrived */
  ready: boolean;
  /** the channel's unread count when the chat was opened */
  unreadAtOpen: number;
  /** asked when the person scrolls to the top (the next older page, when there is one) */
  onReachTop: () => void;
}

/**
 * The scroll behaviour of a chat, as Telegram and Slack do it: open at the first unread message
 * (under a divider) or at the bottom; follow new messages only while at the bottom (or for one's
 * own); otherwise count them for a "↓ N new" button; keep the message being read in place when
 * older ones are added above; report "at the bottom" so unread is cleared only when seen.
 */
export function useReadingPosition({ entries, ready, unreadAtOpen, onReachTop }: Options) {
  const listRef = useRef<HTMLDivElement>(null);
  // false until the first page is placed: nothing counts as seen before that.
  const [atBottom, setAtBottom] = useState(false);
  // Decided once, when the first page is there; the divider then stays where it was put.
  const [divider, setDivider] = useState<string | null | undefined>(undefined);
  // Order of the newest entry the person has had on screen.
  const [seenOrder, setSeenOrder] = useState<number | null>(null);
  const last = entries.at(-1);
  const first = entries[0];

  if (ready && divider === undefined) {
    const no = firstUnreadOf(entries, unreadAtOpen);
    setDivider(no);
    const at = no === null ? -1 : entries.findIndex((e) => e.clientMsgNo === no);
    setSeenOrder(
      at > 0 ? entries[at - 1]!.order : at === 0 ? entries[0]!.order - 1 : (last?.order ?? 0),
    );
  } else if (atBottom && seenOrder !== null && last && last.order > seenOrder) {
    setSeenOrder(last.order);
  }

  const shown = useRef<{
    first?: string;
    last?: string;
    height: number;
    positioned: boolean;
    /** at the bottom when last measured: a re-layout (the list going virtual) can move scrollTop */
    atBottom?: boolean;
  }>({
    height: 0,
    positioned: false,
  });

  const measure = useCallback((): boolean => {
    const list = listRef.current;
    if (!list) return true;
    const bottom = list.scrollHeight - list.scrollTop - list.clientHeight < STICK_THRESHOLD_PX;
    shown.current.atBottom = bottom;
    setAtBottom(bottom);
    return bottom;
  }, []);

  useLayoutEffect(() => {
    const list = listRef.current;
    if (!list) return;
    const before = shown.current;
    if (!before.positioned && divider !== undefined) {
      const mark =
        divider === null ? null : list.querySelector<HTMLElement>('[data-unread-divider]');
      list.scrollTop = mark ? Math.max(0, mark.offsetTop - DIVIDER_MARGIN_PX) : list.scrollHeight;
      before.positioned = true;
    } else if (before.first !== undefined && first && first.clientMsgNo !== before.first) {
      // Older messages came in above: move down by what they added, so nothing jumps.
      list.scrollTop += list.scrollHeight - before.height;
    } else if (
      last &&
      last.clientMsgNo !== before.last &&
      (before.atBottom === true || wasAtBottom(list, before.height) || last.own)
    ) {
      list.scrollTop = list.scrollHeight;
    }
    shown.current = {
      first: first?.clientMsgNo,
      last: last?.clientMsgNo,
      height: list.scrollHeight,
      positioned: before.positioned,
      atBottom: before.atBottom,
    };
    // Before the first page is placed nothing has been seen.
    if (before.positioned) measure();
  }, [divider, first, last, measure]);

  const onScroll = useCallback(() => {
    const list = listRef.current;
    if (!list) return;
    shown.current.height = list.scrollHeight;
    measure();
    if (list.scrollTop < REACH_TOP_PX) onReachTop();
  }, [measure, onReachTop]);

  // At the very top (or when the messages do not fill the window) scrolling up raises no scroll
  // event, so a failed or dropped page request would leave the person stuck: a wheel or key
  // upwards there asks again.
  const onWheel = useCallback(
    (event: { deltaY: number }) => {
      const list = listRef.current;
      if (list && event.deltaY < 0 && list.scrollTop < REACH_TOP_PX) onReachTop();
    },
    [onReachTop],
  );
  const onKeyDown = useCallback(
    (event: { key: string }) => {
      const list = listRef.current;
      if (list && UPWARD_KEYS.has(event.key) && list.scrollTop < REACH_TOP_PX) onReachTop();
    },
    [onReachTop],
  );

  // A first page shorter than the window (a tall window, short messages) cannot be scrolled at
  // all: load older pages until the window is full, as Telegram does. Once per new oldest
  // message, so a page that failed is not asked for again and again (a wheel or key retries).
  const reachTop = useRef(onReachTop);
  useLayoutEffect(() => {
    reachTop.current = onReachTop;
  }, [onReachTop]);
  useLayoutEffect(() => {
    const list = listRef.current;
    if (!list || !shown.current.positioned) return;
    if (list.scrollHeight > 0 && list.scrollHeight <= list.clientHeight) reachTop.current();
  }, [first]);

  const jumpToNewest = useCallback(() => {
    const list = listRef.current;
    if (!list) return;
    list.scrollTop = list.scrollHeight;
    measure();
  }, [measure]);

  const newCount = !atBottom && seenOrder !== null ? newSince(entries, seenOrder) : 0;
  return {
    listRef,
    onScroll,
    onWheel,
    onKeyDown,
    atBottom,
    divider: divider ?? null,
    newCount,
    jumpToNewest,
  };
}
