import { useVirtualizer } from '@tanstack/react-virtual';
import { useState, type ReactNode } from 'react';

/** A chat list row's usual height; rows are measured once shown, this only seeds the layout. */
const ROW_ESTIMATE_PX = 64;
/** Rows kept rendered beyond each edge, so fast scrolling shows no gap. */
const OVERSCAN = 8;

/**
 * A long list where only the rows near the viewport are in the DOM. It scrolls with the sidebar
 * around it (the nearest `.chat-sidebar`); each row says its position for screen readers, since
 * the others are not there to count.
 */
export function VirtualRows<T>({
  items,
  keyOf,
  render,
}: {
  items: readonly T[];
  keyOf: (item: T) => string;
  render: (item: T) => ReactNode;
}) {
  const [list, setList] = useState<HTMLUListElement | null>(null);
  const scroller = list?.closest<HTMLElement>('.chat-sidebar') ?? null;
  // TanStack Virtual keeps its own mutable state, which the React Compiler cannot see into; this
  // component is not memoized by the compiler, which is what that library needs.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: items.length,
    getScrollElement: () => scroller,
    estimateSize: () => ROW_ESTIMATE_PX,
    overscan: OVERSCAN,
    scrollMargin: list?.offsetTop ?? 0,
    initialRect: { width: 320, height: 800 },
  });
  const margin = virtualizer.options.scrollMargin;
  return (
    <ul
      ref={setList}
      className="channel-list virtual"
      data-testid="channel-list"
      data-virtual="true"
      style={{ height: virtualizer.getTotalSize(), position: 'relative' }}
    >
      {virtualizer.getVirtualItems().map((row) => {
        const item = items[row.index]!;
        return (
          <li
            key={keyOf(item)}
            data-index={row.index}
            ref={virtualizer.measureElement}
            aria-setsize={items.length}
            aria-posinset={row.index + 1}
            className="virtual-row"
            style={{ transform: `translateY(${row.start - margin}px)` }}
          >
            {render(item)}
          </li>
        );
      })}
    </ul>
  );
}
