/** Heap measurement with a forced, full garbage collection. */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

type Gc = () => void;

let cached: Gc | null = null;

/**
 * The gc() function: global.gc when node runs with --expose-gc, otherwise the flag is set at
 * run time and gc() is taken from a fresh context (a documented V8 behaviour), so
 * `npm run bench` works without extra node flags.
 */
export function getGc(): Gc {
  if (cached) return cached;
  const g = (globalThis as { gc?: Gc }).gc;
  if (typeof g === 'function') {
    cached = g;
    return g;
  }
  setFlagsFromString('--expose-gc');
  const fromContext = runInNewContext('gc') as unknown;
  if (typeof fromContext !== 'function')
    throw new Error('cannot get gc(); run node with --expose-gc');
  cached = fromContext as Gc;
  return cached;
}

/** heapUsed in bytes after full collections (and a turn, so finalizers and closes settle). */
export async function settledHeap(): Promise<number> {
  const gc = getGc();
  for (let i = 0; i < 3; i += 1) {
    gc();
    await new Promise((r) => setImmediate(r));
  }
  return process.memoryUsage().heapUsed;
}

/** Active libuv/JS resources by type, e.g. { TCPSocketWrap: 2, Timeout: 1 }. */
export function activeResources(): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const r of process.getActiveResourcesInfo()) counts[r] = (counts[r] ?? 0) + 1;
  return counts;
}

/** Resources present now and not in the baseline (positive differences only). */
export function resourceGrowth(
  baseline: Record<string, number>,
  now: Record<string, number>,
): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(now)) {
    const d = v - (baseline[k] ?? 0);
    if (d > 0) out[k] = d;
  }
  return out;
}

/** Waits (up to timeoutMs) for closing handles to finish, e.g. destroyed sockets. */
export async function settleResources(
  baseline: Record<string, number>,
  timeoutMs = 2_000,
): Promise<Record<string, number>> {
  const start = Date.now();
  let growth = resourceGrowth(baseline, activeResources());
  while (Object.keys(growth).length > 0 && Date.now() - start < timeoutMs) {
    await new Promise((r) => setTimeout(r, 10));
    growth = resourceGrowth(baseline, activeResources());
  }
  return growth;
}
