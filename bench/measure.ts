/**
 * Tiny benchmark harness: warm up, then run batches until a time budget is spent.
 * Time is the process's CPU time (user + system), not wall time: the machines this runs on are
 * small and shared (parallel test runs), and CPU time keeps the figures comparable under load.
 */

/** Results are folded into this so the JIT cannot drop the measured work. */
export let sink = 0;

export function consume(v: number): void {
  sink = (sink + v) | 0;
}

/** Operations per second of `fn` over at least `minMs` of wall time (after a warm-up). */
/** CPU milliseconds used by this process so far. */
export function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/** Operations per CPU second of `fn` over at least `minMs` of CPU time (after a warm-up). */
export function opsPerSecond(fn: () => void, minMs: number, warmup = 300): number {
  for (let i = 0; i < warmup; i++) fn();
  let ops = 0;
  let batch = 16;
  const start = cpuMs();
  let elapsed = 0;
  while (elapsed < minMs) {
    for (let i = 0; i < batch; i++) fn();
    ops += batch;
    elapsed = cpuMs() - start;
    if (elapsed < minMs / 20) batch *= 2;
  }
  return ops / (elapsed / 1000);
}

/** CPU time in ms of one call. */
export function timeOnce(fn: () => void): number {
  const start = cpuMs();
  fn();
  return cpuMs() - start;
}

/** Runs `fn` while the SDK's console.log chatter is muted. */
export function quietly<T>(fn: () => T): T {
  const log = console.log;
  console.log = () => undefined;
  try {
    return fn();
  } finally {
    console.log = log;
  }
}
