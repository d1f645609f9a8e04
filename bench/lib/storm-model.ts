/**
 * The reconnect storm as a virtual-time model: N clients lose the server at t = 0, every
 * attempt before the server returns is refused, the first attempt after it succeeds. Clients do
 * not interact (the server has no accept limit here), so each client's timeline is computed on
 * its own. Pure and deterministic for a given random source.
 */
import { backoffDelay, seededRandom, type RandomSource } from '../../src/main/im';
import { bucketCounts, peakToMean, timeToFraction } from './stats';

/** Delay before the attempt with zero-based number `attempt` (after `attempt` failures). */
export type RetryPolicy = (attempt: number, random: RandomSource) => number;

export interface StormPolicy {
  name: string;
  describe: string;
  delay: RetryPolicy;
}

/** Ours: the real backoffDelay with the manager's defaults (full jitter, base 1 s, cap 30 s). */
export function oursPolicy(baseMs: number, capMs: number): StormPolicy {
  return {
    name: 'ours',
    describe: `full jitter, base ${baseMs} ms, cap ${capMs} ms (src/main/im/connection/backoff.ts)`,
    delay: (attempt, random) => backoffDelay(attempt, { baseMs, capMs }, random),
  };
}

/** The official JS SDK: a fixed reconnect interval (3 s), no jitter. */
export const fixedPolicy = (intervalMs = 3_000): StormPolicy => ({
  name: 'fixed',
  describe: `fixed ${intervalMs / 1000} s interval, no jitter (JS SDK)`,
  delay: () => intervalMs,
});

/** The iOS SDK: doubling from 2 s without jitter (2, 4, 8, 16 ... s). */
export const doublingPolicy = (firstMs = 2_000, capMs = 64_000): StormPolicy => ({
  name: 'doubling',
  describe: `doubling ${firstMs / 1000}, ${(2 * firstMs) / 1000}, ${(4 * firstMs) / 1000} ... s, no jitter (iOS SDK)`,
  delay: (attempt) => Math.min(capMs, firstMs * 2 ** Math.min(attempt, 31)),
});

export interface StormParams {
  clients: number;
  /** the server is down during [0, downMs) */
  downMs: number;
  /** time a refused attempt takes to fail (loopback RST: about 0) */
  refuseMs: number;
  /** time from a successful attempt's start to CONNACK */
  handshakeMs: number;
  /** bucket width for the arrival histogram */
  bucketMs: number;
  seed: number;
  /** give up simulating a client after this long (a bug guard) */
  horizonMs: number;
}

export const DEFAULT_STORM: StormParams = {
  clients: 10_000,
  downMs: 10_000,
  refuseMs: 0,
  handshakeMs: 2,
  bucketMs: 100,
  seed: 42,
  horizonMs: 600_000,
};

export interface StormOutcome {
  policy: string;
  describe: string;
  clients: number;
  downMs: number;
  bucketMs: number;
  /** every attempt's start time (ms since the outage began) */
  attemptTimes: number[];
  /** per client: when it was connected again, or null */
  backAt: (number | null)[];
}

export function simulateStorm(policy: StormPolicy, p: StormParams = DEFAULT_STORM): StormOutcome {
  const random = seededRandom(p.seed);
  const attemptTimes: number[] = [];
  const backAt: (number | null)[] = [];
  for (let c = 0; c < p.clients; c += 1) {
    let t = 0;
    let attempt = 0;
    let back: number | null = null;
    while (t < p.horizonMs) {
      t += policy.delay(attempt, random);
      attemptTimes.push(t);
      if (t >= p.downMs) {
        back = t + p.handshakeMs;
        break;
      }
      t += p.refuseMs;
      attempt += 1;
    }
    backAt.push(back);
  }
  return {
    policy: policy.name,
    describe: policy.describe,
    clients: p.clients,
    downMs: p.downMs,
    bucketMs: p.bucketMs,
    attemptTimes,
    backAt,
  };
}

export interface StormMetrics {
  policy: string;
  describe: string;
  clients: number;
  attempts: number;
  /** attempts while the server was down (refused by the OS, cheap for the server) */
  attemptsWhileDown: number;
  /** peak attempts in one bucket over the whole run */
  peakAll: number;
  /** peak attempts in one bucket from the server's return until 99% are back */
  peakAfterReturn: number;
  /** mean attempts per bucket over that same window */
  meanAfterReturn: number;
  /** peakAfterReturn / meanAfterReturn: the storm goal is <= 2 */
  peakToMean: number;
  /** share of all post-return attempts that landed in the single busiest bucket */
  peakShare: number;
  /** share of all post-return attempts in the busiest 500 ms (5 consecutive buckets) */
  peak500Share: number;
  /** ms after the outage began when 99% were connected again (null = never) */
  t99Ms: number | null;
  /** same, counted from the server's return */
  t99AfterReturnMs: number | null;
  /** the busiest buckets after the return, for the table */
  histogram: number[];
}

/** Reduces an outcome (simulated or measured) to the storm figures. */
export function stormMetrics(o: StormOutcome): StormMetrics {
  const t99 = timeToFraction(o.backAt, 0.99);
  const end = t99 ?? Math.max(o.downMs, ...o.attemptTimes) + o.bucketMs;
  // The window starts at the return and spans whole buckets up to and including t99.
  const windowEnd =
    o.downMs + Math.max(1, Math.ceil((end - o.downMs + 1) / o.bucketMs)) * o.bucketMs;
  const after = bucketCounts(o.attemptTimes, o.bucketMs, o.downMs, windowEnd);
  const all = bucketCounts(o.attemptTimes, o.bucketMs, 0, windowEnd);
  const afterStats = peakToMean(after);
  const afterTotal = after.reduce((a, b) => a + b, 0);
  return {
    policy: o.policy,
    describe: o.describe,
    clients: o.clients,
    attempts: o.attemptTimes.length,
    attemptsWhileDown: o.attemptTimes.filter((t) => t < o.downMs).length,
    peakAll: all.length ? Math.max(...all) : 0,
    peakAfterReturn: afterStats.peak,
    meanAfterReturn: afterStats.mean,
    peakToMean: afterStats.ratio,
    peakShare: afterTotal > 0 ? afterStats.peak / afterTotal : 0,
    peak500Share:
      afterTotal > 0 ? maxWindowSum(after, Math.round(500 / o.bucketMs)) / afterTotal : 0,
    t99Ms: t99,
    t99AfterReturnMs: t99 === null ? null : t99 - o.downMs,
    histogram: after,
  };
}

/** Largest sum of `width` consecutive counts. */
export function maxWindowSum(counts: readonly number[], width: number): number {
  let best = 0;
  let sum = 0;
  for (let i = 0; i < counts.length; i += 1) {
    sum += counts[i] as number;
    if (i >= width) sum -= counts[i - width] as number;
    best = Math.max(best, sum);
  }
  return best;
}
