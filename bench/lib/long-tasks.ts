/** Summary of the durations of Chromium's 'longtask' entries against a per-task limit. */
export interface LongTaskSummary {
  /** every long task seen (Chromium reports tasks of 50 ms and more) */
  count: number;
  /** those strictly over the limit */
  over: number;
  /** the longest, 0 when there was none */
  longestMs: number;
}

export function summariseLongTasks(
  durationsMs: readonly number[],
  limitMs: number,
): LongTaskSummary {
  let longestMs = 0;
  let over = 0;
  for (const d of durationsMs) {
    if (!Number.isFinite(d) || d < 0) throw new Error(`not a task duration: ${d}`);
    if (d > longestMs) longestMs = d;
    if (d > limitMs) over += 1;
  }
  return { count: durationsMs.length, over, longestMs };
}
