import { useCallback, useSyncExternalStore } from 'react';
import { secondsUntil } from './status-view';

/**
 * Live whole-second countdown to `target` (the snapshot's nextRetryAt). The timer wakes exactly when
 * the displayed number changes, so the display follows the main process's schedule instead of a
 * guess of the renderer's own.
 */
export function useSecondsLeft(target: number | null): number | null {
  const subscribe = useCallback(
    (notify: () => void) => {
      if (target === null) return () => {};
      let timer: ReturnType<typeof setTimeout> | undefined;
      const schedule = (): void => {
        const remaining = target - Date.now();
        if (remaining <= 0) return;
        timer = setTimeout(
          () => {
            notify();
            schedule();
          },
          remaining % 1000 || 1000,
        );
      };
      schedule();
      return () => clearTimeout(timer);
    },
    [target],
  );
  const read = (): number | null => (target === null ? null : secondsUntil(target, Date.now()));
  return useSyncExternalStore(subscribe, read, read);
}
