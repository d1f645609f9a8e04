/** Unit tests of the benchmarks' pure helpers (bench/lib): statistics, bucketing, storm model, clock. */
import { describe, expect, it } from 'vitest';
import {
  bucketCounts,
  mean,
  median,
  peakToMean,
  percentile,
  summarize,
  timeToFraction,
} from '../bench/lib/stats';
import {
  DEFAULT_STORM,
  doublingPolicy,
  fixedPolicy,
  maxWindowSum,
  oursPolicy,
  simulateStorm,
  stormMetrics,
} from '../bench/lib/storm-model';
import { checkGoals, STORM_OUTAGES_MS } from '../bench/storm-sweep';
import { CONNECTION_DEFAULTS } from '../src/main/im';
import { VirtualClock } from '../bench/lib/virtual-clock';

describe('stats', () => {
  it('interpolates percentiles and ignores input order', () => {
    expect(percentile([5, 1, 3, 2, 4], 50)).toBe(3);
    expect(percentile([1, 2, 3, 4], 50)).toBe(2.5);
    expect(percentile([10, 20], 99)).toBeCloseTo(19.9);
    expect(percentile([7], 99)).toBe(7);
    expect(median([3, 1, 2])).toBe(2);
    expect(Number.isNaN(percentile([], 50))).toBe(true);
    expect(() => percentile([1], 101)).toThrow(RangeError);
  });

  it('summarizes samples', () => {
    const s = summarize([1, 2, 3, 4, 100]);
    expect(s).toMatchObject({ n: 5, min: 1, median: 3, max: 100 });
    expect(s.mean).toBe(22);
    expect(mean([])).toBeNaN();
  });

  it('counts events per bucket with half-open bounds', () => {
    expect(bucketCounts([0, 99.9, 100, 250, 299, 300, -1], 100, 0, 300)).toEqual([2, 1, 2]);
    expect(bucketCounts([1050, 1150], 100, 1000, 1200)).toEqual([1, 1]);
    expect(() => bucketCounts([], 0, 0, 1)).toThrow(RangeError);
  });

  it('finds when a fraction has completed, or null when it never did', () => {
    expect(timeToFraction([5, 1, 3, 2], 0.5)).toBe(2);
    expect(timeToFraction([5, 1, 3, 2], 1)).toBe(5);
    expect(timeToFraction([1, null, null, null], 0.5)).toBeNull();
    expect(timeToFraction([], 0.99)).toBe(0);
  });

  it('computes peak to mean', () => {
    expect(peakToMean([0, 10, 0, 0, 0])).toEqual({ peak: 10, mean: 2, ratio: 5 });
    expect(peakToMean([]).ratio).toBeNaN();
  });
});

describe('storm model', () => {
  const small = { ...DEFAULT_STORM, clients: 500 };

  it('finds the busiest run of consecutive buckets', () => {
    expect(maxWindowSum([1, 5, 0, 5, 1, 9], 2)).toBe(10);
    expect(maxWindowSum([1, 5, 0, 5, 1, 9], 3)).toBe(15);
    expect(maxWindowSum([3], 5)).toBe(3);
    expect(maxWindowSum([], 5)).toBe(0);
  });

  it('puts every retry of a fixed interval into one bucket after the return', () => {
    const m = stormMetrics(simulateStorm(fixedPolicy(3_000), small));
    // attempts at 3, 6, 9 s are refused; 12 s succeeds for everyone
    expect(m.attempts).toBe(2_000);
    expect(m.attemptsWhileDown).toBe(1_500);
    expect(m.peakAfterReturn).toBe(500);
    expect(m.peakShare).toBe(1);
    expect(m.peak500Share).toBe(1);
    expect(m.t99AfterReturnMs).toBe(2_000 + small.handshakeMs);
  });

  it('doubles without jitter: 2, 4, 8 s refused, back at 14 s', () => {
    const m = stormMetrics(simulateStorm(doublingPolicy(), small));
    expect(m.attempts).toBe(1_500);
    expect(m.t99Ms).toBe(14_000 + small.handshakeMs);
  });

  it('spreads full-jitter retries and is deterministic for a seed', () => {
    const a = stormMetrics(simulateStorm(oursPolicy(1_000, 30_000), small));
    const b = stormMetrics(simulateStorm(oursPolicy(1_000, 30_000), small));
    expect(a).toEqual(b);
    expect(a.peakShare).toBeLessThan(0.2);
    expect(a.t99Ms).not.toBeNull();
    // every client makes exactly one successful attempt, after the return
    expect(a.attempts - a.attemptsWhileDown).toBe(small.clients);
  });
});

describe('storm goal figures', () => {
  const small = { ...DEFAULT_STORM, clients: 500 };

  it('peak ÷ mean until the last client is back, and attempts per client per 4 s while down', () => {
    const m = stormMetrics(simulateStorm(fixedPolicy(3_000), small));
    // all 500 at 12 s: 21 buckets from the return (10 s) to the last one back (12.002 s)
    expect(m.lastBackAfterReturnMs).toBe(2_000 + small.handshakeMs);
    expect(m.meanToLast).toBeCloseTo(500 / 21);
    expect(m.peakToMeanToLast).toBeCloseTo(21);
    expect(m.downAttemptsPerClientPer4s).toBeNull(); // a 10 s outage has no judged window
    const long = stormMetrics(simulateStorm(fixedPolicy(3_000), { ...small, downMs: 60_000 }));
    // attempts at 30, 33 ... 57 s: 10 per client in 30 s
    expect(long.downAttemptsPerClientPer4s).toBeCloseTo(10 / 7.5);
    expect(checkGoals(long, 60_000)).toEqual({ t99: true, peak: true, down: false });
    expect(checkGoals(m, 10_000)).toEqual({ t99: true, peak: false, down: true });
  });

  it('the defaults meet every goal in the model for every outage', () => {
    for (const downMs of STORM_OUTAGES_MS) {
      const policy = oursPolicy(
        CONNECTION_DEFAULTS.reconnectIntervalMs,
        CONNECTION_DEFAULTS.backoffCapMs,
        CONNECTION_DEFAULTS.backoffJitter,
      );
      const m = stormMetrics(simulateStorm(policy, { ...DEFAULT_STORM, clients: 2_000, downMs }));
      expect(checkGoals(m, downMs), `down ${downMs} ms`).toEqual({
        t99: true,
        peak: true,
        down: true,
      });
    }
  });
});

describe('VirtualClock', () => {
  it('fires timers in deadline order, skips cancelled ones and counts pending ones', async () => {
    const clock = new VirtualClock(0);
    const fired: string[] = [];
    clock.setTimeout(() => fired.push('b'), 20);
    clock.setTimeout(() => fired.push('a'), 10);
    const c = clock.setTimeout(() => fired.push('c'), 15);
    clock.setTimeout(() => fired.push('a2'), 10);
    clock.clearTimeout(c);
    expect(clock.pendingTimers).toBe(3);
    await clock.advance(15);
    expect(fired).toEqual(['a', 'a2']);
    expect(clock.now()).toBe(15);
    await clock.advance(100);
    expect(fired).toEqual(['a', 'a2', 'b']);
    expect(clock.pendingTimers).toBe(0);
  });

  it('runs timers set by timers and their promise follow-ups within one advance', async () => {
    const clock = new VirtualClock(0);
    const seen: number[] = [];
    clock.setTimeout(() => {
      void Promise.resolve().then(() => {
        clock.setTimeout(() => seen.push(clock.now()), 5);
      });
    }, 5);
    await clock.advance(10);
    expect(seen).toEqual([10]);
  });

  it('leaves nothing pending when timers are set and cleared without time passing', () => {
    const clock = new VirtualClock(0);
    for (let i = 0; i < 10_000; i += 1)
      clock.clearTimeout(clock.setTimeout(() => undefined, 1_000));
    expect(clock.pendingTimers).toBe(0);
    expect(clock.nextDeadline()).toBeNull();
  });
});
