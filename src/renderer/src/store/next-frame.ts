/** Runs a function later, once: how the store applies a burst of bridge events together. */
export type ScheduleFlush = (flush: () => void) => void;

/**
 * A hidden window gets no animation frames; events must still be applied (the tray badge and the
 * list are read when it is shown), so a timer runs the flush too (browsers throttle it to about
 * once a second in the background). Whichever comes first wins.
 */
export const HIDDEN_FLUSH_MS = 100;

/** Before the next frame is drawn: every event that arrived since the last one, in one update. */
export const beforeNextFrame: ScheduleFlush = (flush) => {
  let done = false;
  const run = (): void => {
    if (done) return;
    done = true;
    cancelAnimationFrame(frame);
    clearTimeout(timer);
    flush();
  };
  const frame = requestAnimationFrame(run);
  const timer = setTimeout(run, HIDDEN_FLUSH_MS);
};

/** No batching: each event is applied as it arrives (component tests that check every step). */
export const immediately: ScheduleFlush = (flush) => flush();
