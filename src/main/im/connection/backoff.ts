/**
 * Reconnect delays: exponential backoff with jitter (AWS architecture blog, "Exponential Backoff
 * And Jitter"). The ceiling doubles per failed attempt up to the cap; a share `jitter` of it is
 * random: delay = ceiling * (1 - jitter) + random(0, ceiling * jitter). jitter 1 is full jitter,
 * 0.5 "equal jitter". The defaults were chosen by the storm sweep (README, "Performance").
 */

/** A source of uniformly distributed numbers in [0, 1), like Math.random. */
export type RandomSource = () => number;

export interface BackoffPolicy {
  baseMs: number;
  capMs: number;
  /** share of the ceiling that is random, 0..1 (default 1: full jitter) */
  jitter?: number;
}

/** Upper bound of the jitter window for a zero-based attempt number. */
export function backoffCeiling(attempt: number, policy: BackoffPolicy): number {
  const base = Math.max(0, policy.baseMs);
  const cap = Math.max(0, policy.capMs);
  // 2^31 already exceeds any sane cap; clamping the exponent avoids Infinity * 0 = NaN.
  const exponent = Math.min(Math.max(0, Math.floor(attempt)), 31);
  return Math.min(cap, base * 2 ** exponent);
}

/** Jittered delay in whole milliseconds, in [ceiling * (1 - jitter), ceiling). */
export function backoffDelay(attempt: number, policy: BackoffPolicy, random: RandomSource): number {
  const ceiling = backoffCeiling(attempt, policy);
  const jitter = policy.jitter === undefined ? 1 : Math.min(1, Math.max(0, policy.jitter));
  let r = random();
  // A misbehaving source must not produce a negative or over-cap delay.
  if (!(r >= 0)) r = 0;
  if (r >= 1) r = 0.999_999;
  return Math.floor(ceiling * (1 - jitter) + r * ceiling * jitter);
}

/**
 * Deterministic PRNG (mulberry32) so tests can pin the backoff sequence. Not for cryptography.
 */
export function seededRandom(seed: number): RandomSource {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
