import { useEffect, useState } from 'react';
import type { StatusView } from './status-view';

/** "Connecting…" appears only if connecting lasts longer than this (UX.md, Timing). */
export const CONNECTING_FLICKER_DELAY_MS = 500;

function sameView(a: StatusView | null, b: StatusView | null): boolean {
  return (
    a === b ||
    (a !== null &&
      b !== null &&
      a.kind === b.kind &&
      a.nextRetryAt === b.nextRetryAt &&
      a.attempt === b.attempt &&
      a.maxAttempts === b.maxAttempts)
  );
}

/**
 * Returns the view to display. While connecting, the previous view stays for `delayMs`, so a quick
 * reconnect never flashes "Connecting…". Returns null when connecting is the very first state and
 * the delay has not passed yet.
 */
export function useFlickerFree(
  view: StatusView,
  delayMs: number = CONNECTING_FLICKER_DELAY_MS,
): StatusView | null {
  const connecting = view.kind === 'connecting';
  // The last view that was not "connecting": what stays on screen during the delay.
  const [settled, setSettled] = useState<StatusView | null>(connecting ? null : view);
  const [revealed, setRevealed] = useState(false);
  // Adjusting state while rendering (React's documented pattern) avoids a frame of stale words.
  if (!connecting && !sameView(settled, view)) setSettled(view);
  if (!connecting && revealed) setRevealed(false);

  useEffect(() => {
    if (!connecting) return;
    const timer = setTimeout(() => setRevealed(true), delayMs);
    return () => clearTimeout(timer);
  }, [connecting, delayMs]);

  if (!connecting) return view;
  return revealed ? view : settled;
}
