import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useState, type ReactNode, type RefObject } from 'react';
import type { MessageRow } from './message-layout';

/**
 * From this many messages on only the rows near the viewport are in the DOM. Below it every row
 * is there (one list, exact heights, nothing estimated); a chat opens with its first screen, so a
 * chat goes virtual only once many pages were read or many messages arrived.
 */
export const VIRTUAL_MESSAGES_FROM = 300;
/** A message row's usual height; rows are measured once shown, this only seeds the layout. */
const ROW_ESTIMATE_PX = 56;
/** Rows kept rendered beyond each edge, so fast scrolling shows no gap. */
const OVERSCAN = 10;
/** The space between rows (the plain list's `gap: 0.5rem`). */
const ROW_GAP_PX = 8;

const estimateRow = (): number => ROW_ESTIMATE_PX;

/**
 * The conversation's rows: one <ol> while short; virtual when long, each row (its day separator,
 * the unread divider when it sits there, the message) measured as one block so grouping, dates
 * and the divider look the same either way. `renderRow` gives a row's list items.
 */
export function MessageRows({
  rows,
  scrollerRef,
  renderRow,
}: {
  rows: readonly MessageRow[];
  scrollerRef: RefObject<HTMLElement | null>;
  renderRow: (row: MessageRow) => ReactNode;
}) {
  if (rows.length < VIRTUAL_MESSAGES_FROM) {
    return <ol className="messages">{rows.map(renderRow)}</ol>;
  }
  return <VirtualMessageRows rows={rows} scrollerRef={scrollerRef} renderRow={renderRow} />;
}

function VirtualMessageRows({
  rows,
  scrollerRef,
  renderRow,
}: {
  rows: readonly MessageRow[];
  scrollerRef: RefObject<HTMLElement | null>;
  renderRow: (row: MessageRow) => ReactNode;
}) {
  const [box, setBox] = useState<HTMLDivElement | null>(null);
  // The virtualizer lays out every row again whenever this function changes: a new one per render
  // made each scroll step cost a pass over all 10,000 rows. It changes only with the rows.
  const rowKey = useCallback((index: number) => rows[index]!.entry.clientMsgNo, [rows]);
  // TanStack Virtual keeps its own mutable state, which the React Compiler cannot see into; this
  // component is not memoized by the compiler, which is what that library needs.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollerRef.current,
    estimateSize: estimateRow,
    getItemKey: rowKey,
    overscan: OVERSCAN,
    gap: ROW_GAP_PX,
    scrollMargin: box?.offsetTop ?? 0,
    initialRect: { width: 600, height: 800 },
  });
  const margin = virtualizer.options.scrollMargin;
  return (
    // One list for assistive technology: the positioning boxes are presentational, so each row's
    // items (its day separator, the unread divider, the message) are the list's own items.
    <div
      ref={setBox}
      role="list"
      className="messages-virtual"
      data-testid="messages-virtual"
      style={{ height: virtualizer.getTotalSize(), position: 'relative' }}
    >
      {virtualizer.getVirtualItems().map((item) => {
        const row = rows[item.index]!;
        return (
          <div
            key={item.key}
            data-index={item.index}
            ref={virtualizer.measureElement}
            role="none"
            className="messages message-virtual-row"
            style={{ transform: `translateY(${item.start - margin}px)` }}
          >
            {renderRow(row)}
          </div>
        );
      })}
    </div>
  );
}
