import { describe, expect, it } from 'vitest';
import { backoffCeiling, backoffDelay, seededRandom } from './backoff';

const policy = { baseMs: 1_000, capMs: 30_000 };

describe('backoff with full jitter', () => {
  it('doubles the ceiling per attempt up to the cap', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 50].map((a) => backoffCeiling(a, policy))).toEqual([
      1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000,
    ]);
  });

  it('draws each delay uniformly in [0, ceiling)', () => {
    expect(backoffDelay(3, policy, () => 0)).toBe(0);
    expect(backoffDelay(3, policy, () => 0.5)).toBe(4_000);
    expect(backoffDelay(3, policy, () => 0.999_999_9)).toBeLessThan(8_000);
  });

  it('with jitter j, draws in [ceiling * (1 - j), ceiling): 0.5 is equal jitter, 0 no jitter', () => {
    const equal = { ...policy, jitter: 0.5 };
    expect(backoffDelay(3, equal, () => 0)).toBe(4_000);
    expect(backoffDelay(3, equal, () => 0.5)).toBe(6_000);
    expect(backoffDelay(3, equal, () => 0.999_999_9)).toBeLessThan(8_000);
    expect(backoffDelay(3, { ...policy, jitter: 0 }, () => 0.3)).toBe(8_000);
    // out-of-range shares are clamped
    expect(backoffDelay(3, { ...policy, jitter: 7 }, () => 0)).toBe(0);
    expect(backoffDelay(3, { ...policy, jitter: -1 }, () => 0)).toBe(8_000);
  });

  it('never returns NaN, negative or over-cap values for a broken random source', () => {
    for (const r of [Number.NaN, -1, 1, 5]) {
      const d = backoffDelay(10, policy, () => r);
      expect(d).toBeGreaterThanOrEqual(0);
      expect(d).toBeLessThan(30_000);
    }
    expect(backoffCeiling(10_000, { baseMs: 0, capMs: 30_000 })).toBe(0);
  });

  it('a seeded source repeats its sequence and stays in [0, 1)', () => {
    const a = seededRandom(42);
    const b = seededRandom(42);
    const seqA = Array.from({ length: 1000 }, () => a());
    const seqB = Array.from({ length: 1000 }, () => b());
    expect(seqA).toEqual(seqB);
    expect(seqA.every((x) => x >= 0 && x < 1)).toBe(true);
    expect(seededRandom(43)()).not.toBe(seqA[0]);
    // roughly uniform: mean near 0.5
    const mean = seqA.reduce((s, x) => s + x, 0) / seqA.length;
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.05);
  });

  it('jittered delays spread over the window (no storm at one instant)', () => {
    const random = seededRandom(7);
    const delays = Array.from({ length: 200 }, () => backoffDelay(5, policy, random));
    expect(new Set(delays).size).toBeGreaterThan(150);
    expect(Math.max(...delays)).toBeLessThan(30_000);
  });
});
