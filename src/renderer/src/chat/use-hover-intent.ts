import { useEffect, useRef } from 'react';

/**
 * How long the pointer rests on something before it counts as "about to click it". Rows that
 * merely pass under the pointer (scrolling the chat list with the wheel) stay below it, so they
 * fetch nothing.
 */
export const HOVER_INTENT_MS = 120;

/** Pointer handlers that call `onIntent` once the pointer has rested HOVER_INTENT_MS. */
export function useHoverIntent(onIntent: () => void): {
  onPointerEnter: () => void;
  onPointerLeave: () => void;
} {
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const latest = useRef(onIntent);
  useEffect(() => {
    latest.current = onIntent;
  }, [onIntent]);
  const cancel = (): void => {
    if (timer.current !== null) clearTimeout(timer.current);
    timer.current = null;
  };
  useEffect(() => cancel, []);
  return {
    onPointerEnter: () => {
      cancel();
      timer.current = setTimeout(() => {
        timer.current = null;
        latest.current();
      }, HOVER_INTENT_MS);
    },
    onPointerLeave: cancel,
  };
}
