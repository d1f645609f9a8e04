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

/** Ours: the real backoffDelay (src/main/im/connection/backoff.ts) with a base, cap and jitter. */
export function oursPolicy(baseMs: number, capMs: number, jitter = 1): StormPolicy {
  return {
    name: 'ours',
    describe: `${jitterName(jitter)}, base ${baseMs} ms, cap ${capMs} ms (src/main/im/connection/backoff.ts)`,
    delay: (attempt, random) => backoffDelay(attempt, { baseMs, capMs, jitter }, random),
  };
}

/** "full jitter", "equal jitter" or "jitter 0.25" */
export function jitterName(jitter: number): string {
  if (jitter === 1) return 'full jitter';
  if (jitter === 0.5) return 'equal jitter';
  return `jitter ${jitter}`;
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
  /** when the last client was connected again, from the server's return (null = not all) */
  lastBackAfterReturnMs: number | null;
  /** attempts after the return / 100 ms buckets from the return until the last client is back */
  meanToLast: number;
  /** peak per bucket after the return / meanToLast: the storm goal (issue definition) */
  peakToMeanToLast: number;
  /** while down, after the first 30 s: attempts per client per 4 s (null for outages <= 30 s) */
  downAttemptsPerClientPer4s: number | null;
}

/** Attempts while down are only judged once the first 30 s of the outage have passed. */
export const DOWN_RATE_AFTER_MS = 30_000;

/** Reduces an outcome (simulated or measured) to the storm figures. */
export function stormMetrics(o: StormOutcome): StormMetrics {
  const t99 = timeToFraction(o.backAt, 0.99);
  const end = t99 ?? o.attemptTimes.reduce((a, b) => Math.max(a, b), o.downMs) + o.bucketMs;
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
    peakAll: all.reduce((a, b) => Math.max(a, b), 0),
    peakAfterReturn: afterStats.peak,
    meanAfterReturn: afterStats.mean,
    peakToMean: afterStats.ratio,
    peakShare: afterTotal > 0 ? afterStats.peak / afterTotal : 0,
    peak500Share:
      afterTotal > 0 ? maxWindowSum(after, Math.round(500 / o.bucketMs)) / afterTotal : 0,
    t99Ms: t99,
    t99AfterReturnMs: t99 === null ? null : t99 - o.downMs,
    histogram: after,
    ...toLastMetrics(o),
  };
}

/** The figures of the storm goals: over the window from the return until the last client is back. */
function toLastMetrics(
  o: StormOutcome,
): Pick<
  StormMetrics,
  'lastBackAfterReturnMs' | 'meanToLast' | 'peakToMeanToLast' | 'downAttemptsPerClientPer4s'
> {
  let last = -Infinity;
  let allBack = true;
  for (const b of o.backAt) {
    if (b === null) allBack = false;
    else if (b > last) last = b;
  }
  let lastAttempt = o.downMs;
  let afterReturn = 0;
  let lateDown = 0;
  for (const t of o.attemptTimes) {
    if (t > lastAttempt) lastAttempt = t;
    if (t >= o.downMs) afterReturn += 1;
    else if (t >= DOWN_RATE_AFTER_MS) lateDown += 1;
  }
  const end = allBack ? last : lastAttempt;
  const buckets = Math.max(1, Math.ceil((end - o.downMs + 1) / o.bucketMs));
  const counts = bucketCounts(
    o.attemptTimes,
    o.bucketMs,
    o.downMs,
    o.downMs + buckets * o.bucketMs,
  );
  let peak = 0;
  for (const c of counts) if (c > peak) peak = c;
  const meanToLast = afterReturn / buckets;
  const judgedMs = o.downMs - DOWN_RATE_AFTER_MS;
  return {
    lastBackAfterReturnMs: allBack ? last - o.downMs : null,
    meanToLast,
    peakToMeanToLast: meanToLast > 0 ? peak / meanToLast : 0,
    downAttemptsPerClientPer4s: judgedMs > 0 ? lateDown / o.clients / (judgedMs / 4_000) : null,
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
