/** Small, pure statistics helpers for the benchmarks (unit-tested in scripts/bench-lib.test.ts). */

/** Linear-interpolated percentile (p in [0, 100]) of unsorted samples; NaN when empty. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  if (!(p >= 0 && p <= 100)) throw new RangeError(`percentile must be in [0, 100], got ${p}`);
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = (p / 100) * (sorted.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  const a = sorted[lo] as number;
  const b = sorted[hi] as number;
  return a + (b - a) * (rank - lo);
}

export function median(samples: readonly number[]): number {
  return percentile(samples, 50);
}

export function mean(samples: readonly number[]): number {
  if (samples.length === 0) return Number.NaN;
  let sum = 0;
  for (const s of samples) sum += s;
  return sum / samples.length;
}

export interface Summary {
  n: number;
  min: number;
  median: number;
  mean: number;
  p90: number;
  p99: number;
  max: number;
}

export function summarize(samples: readonly number[]): Summary {
  return {
    n: samples.length,
    min: samples.length ? Math.min(...samples) : Number.NaN,
    median: median(samples),
    mean: mean(samples),
    p90: percentile(samples, 90),
    p99: percentile(samples, 99),
    max: samples.length ? Math.max(...samples) : Number.NaN,
  };
}

/**
 * Counts events per fixed-width bucket over [from, to): bucket i holds the events with
 * from + i*width <= t < from + (i+1)*width. Events outside the range are ignored.
 */
export function bucketCounts(
  times: readonly number[],
  width: number,
  from: number,
  to: number,
): number[] {
  if (!(width > 0)) throw new RangeError(`bucket width must be > 0, got ${width}`);
  const n = Math.max(0, Math.ceil((to - from) / width));
  const counts = new Array<number>(n).fill(0);
  for (const t of times) {
    if (t < from || t >= to) continue;
    const i = Math.floor((t - from) / width);
    if (i < n) counts[i] = (counts[i] as number) + 1;
  }
  return counts;
}

/** Time at which `fraction` of the given completion times have happened (null if never). */
export function timeToFraction(
  completions: readonly (number | null)[],
  fraction: number,
): number | null {
  const done = completions.filter((t): t is number => t !== null).sort((a, b) => a - b);
  const needed = Math.ceil(fraction * completions.length);
  if (needed === 0) return 0;
  if (done.length < needed) return null;
  return done[needed - 1] as number;
}

/** Peak and mean of bucket counts, and their ratio (how spiky the arrivals are). */
export function peakToMean(counts: readonly number[]): {
  peak: number;
  mean: number;
  ratio: number;
} {
  const peak = counts.length ? Math.max(...counts) : 0;
  const m = mean(counts);
  return { peak, mean: m, ratio: m > 0 ? peak / m : Number.NaN };
}
